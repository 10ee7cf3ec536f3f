/**
 * JSON reporter shaped like `sf apex run test --json` (its `result` object): summary, tests[], coverage.
 * Field names follow @salesforce/apex-node's TestResult; values the platform computes that we cannot
 * (org id, test run id, user) are left out rather than invented.
 */
import { totalCoveragePercent } from '../line-coverage/coverage';
import type { TestRunResult } from '../runner/test-runner';

export function formatJson(result: TestRunResult): object {
    const passing = result.tests.filter((t) => t.outcome === 'Pass').length;
    const failing = result.tests.length - passing;
    return {
        summary: {
            outcome: failing === 0 ? 'Passed' : 'Failed',
            testsRan: result.tests.length,
            passing,
            failing,
            skipped: 0,
            passRate: result.tests.length ? `${Math.round((passing / result.tests.length) * 100)}%` : '0%',
            failRate: result.tests.length ? `${Math.round((failing / result.tests.length) * 100)}%` : '0%',
            testExecutionTime: `${result.runTimeMs} ms`,
            testTotalTime: `${result.runTimeMs} ms`,
            orgWideCoverage: `${totalCoveragePercent(result.coverage)}%`,
            testRunCoverage: `${totalCoveragePercent(result.coverage)}%`
        },
        tests: result.tests.map((t) => ({
            FullName: `${t.className}.${t.methodName}`,
            ApexClass: { Name: t.className },
            MethodName: t.methodName,
            Outcome: t.outcome === 'Pass' ? 'Pass' : 'Fail',
            Message: t.message,
            StackTrace: t.stackTrace,
            RunTime: t.runTimeMs,
            apexrtUnsupported: t.outcome === 'Unsupported'
        })),
        coverage: {
            coverage: result.coverage.map((c) => ({
                name: c.name,
                totalLines: c.totalLines,
                totalCovered: c.coveredLines,
                lines: c.lines,
                coveredPercent: c.coveredPercent
            }))
        }
    };
}
