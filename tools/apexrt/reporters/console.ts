/**
 * Console reporter: one block per failing test (message + Apex stack), unsupported tests marked as such, the
 * coverage summary, then the closing line `apex: N passed, N failed` alone on its line (CI greps for it).
 * Unsupported tests count as failed.
 */
import { totalCoveragePercent } from '../line-coverage/coverage';
import type { TestRunResult } from '../runner/test-runner';

export function summaryLine(result: TestRunResult): string {
    const passed = result.tests.filter((t) => t.outcome === 'Pass').length;
    return `apex: ${passed} passed, ${result.tests.length - passed} failed`;
}

export function formatConsoleReport(result: TestRunResult, options: { showCoverage?: boolean } = {}): string {
    const out: string[] = [];
    for (const t of result.tests) {
        if (t.outcome === 'Pass') continue;
        const label = t.outcome === 'Unsupported' ? 'UNSUPPORTED' : 'FAIL';
        out.push(`${label} ${t.className}.${t.methodName}: ${t.message ?? ''}`);
        if (t.stackTrace) for (const l of abbreviateStack(t.stackTrace)) out.push(`    ${l}`);
    }
    const unsupported = result.tests.filter((t) => t.outcome === 'Unsupported').length;
    if (unsupported) out.push(`(${unsupported} test(s) hit constructs apexrt does not support; counted as failed)`);
    if (options.showCoverage && result.coverage.length) {
        for (const c of result.coverage)
            out.push(`coverage ${c.name}: ${c.coveredPercent}% (${c.coveredLines}/${c.totalLines})`);
        out.push(`coverage total: ${totalCoveragePercent(result.coverage)}%`);
    }
    out.push(summaryLine(result));
    return out.join('\n');
}

const MAX_STACK_LINES = 20;

/** Deep recursion makes 1000-line stacks; print the innermost lines and a count. */
export function abbreviateStack(stack: string): string[] {
    const lines = stack.split('\n');
    if (lines.length <= MAX_STACK_LINES) return lines;
    return [...lines.slice(0, MAX_STACK_LINES), `... (${lines.length - MAX_STACK_LINES} more)`];
}
