/**
 * JUnit XML reporter (one <testsuite> per Apex test class), written to test-results/apex-junit.xml by the CLI.
 */
import type { TestRunResult } from '../runner/test-runner';

function esc(s: string): string {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function formatJUnit(result: TestRunResult): string {
    const byClass = new Map<string, TestRunResult['tests']>();
    for (const t of result.tests) byClass.set(t.className, [...(byClass.get(t.className) ?? []), t]);
    const failures = result.tests.filter((t) => t.outcome !== 'Pass').length;
    const lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuites name="apex" tests="${result.tests.length}" failures="${failures}" time="${(result.runTimeMs / 1000).toFixed(3)}">`
    ];
    for (const [cls, tests] of byClass) {
        const f = tests.filter((t) => t.outcome !== 'Pass').length;
        const time = tests.reduce((n, t) => n + t.runTimeMs, 0) / 1000;
        lines.push(
            `  <testsuite name="${esc(cls)}" tests="${tests.length}" failures="${f}" errors="0" time="${time.toFixed(3)}">`
        );
        for (const t of tests) {
            const open = `    <testcase classname="${esc(cls)}" name="${esc(t.methodName)}" time="${(t.runTimeMs / 1000).toFixed(3)}"`;
            if (t.outcome === 'Pass') {
                lines.push(`${open}/>`);
            } else {
                const type = t.outcome === 'Unsupported' ? 'ApexrtUnsupported' : (t.message ?? '').split(':')[0];
                lines.push(`${open}>`);
                lines.push(
                    `      <failure type="${esc(type)}" message="${esc(t.message ?? '')}">${esc(t.stackTrace ?? t.message ?? '')}</failure>`
                );
                lines.push('    </testcase>');
            }
        }
        lines.push('  </testsuite>');
    }
    lines.push('</testsuites>');
    return lines.join('\n') + '\n';
}
