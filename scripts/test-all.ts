/**
 * npm test: every gate and every test suite of the project, in order, then one closing line
 * `total: N passed, N failed` (test cases of every runner plus one per gate). Exit code 1 if anything failed.
 * Steps whose entry point does not exist yet are listed as absent, so a missing piece is visible, not hidden.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const root = path.resolve(__dirname, '..');
const results = path.join(root, 'test-results');

interface Step {
    name: string;
    command: string[];
    /** A file that must exist for the step to apply. */
    requires?: string;
    /** Why the step cannot run on this machine, if it cannot (it is then listed as skipped with that reason). */
    skipReason?: () => string | undefined;
    /** Reads the step's own test counts (for test runners); gates count as one test each. */
    counts?: () => { passed: number; failed: number };
}

function jestCounts(): { passed: number; failed: number } {
    const report = JSON.parse(fs.readFileSync(path.join(results, 'jest.json'), 'utf8'));
    return { passed: report.numPassedTests, failed: report.numFailedTests + report.numRuntimeErrorTestSuites };
}

function apexCounts(): { passed: number; failed: number } {
    const report = JSON.parse(fs.readFileSync(path.join(results, 'apex.json'), 'utf8'));
    const summary = report.result?.summary ?? report.summary;
    return { passed: Number(summary.passing), failed: Number(summary.failing) };
}

function e2eCounts(): { passed: number; failed: number } {
    const report = JSON.parse(fs.readFileSync(path.join(results, 'e2e.json'), 'utf8'));
    return { passed: report.passed, failed: report.failed };
}

const tsx = path.join(root, 'node_modules/.bin/tsx');
const bin = (name: string): string => path.join(root, 'node_modules/.bin', name);

const steps: Step[] = [
    { name: 'build:lwc', command: [tsx, 'scripts/generate-lwc-paths.ts'] },
    { name: 'build:lwc (tsc)', command: [bin('tsc'), '-p', 'tsconfig.build.json'] },
    { name: 'typecheck (LWC)', command: [bin('tsc'), '-p', 'tsconfig.json'] },
    { name: 'typecheck (tools)', command: [bin('tsc'), '-p', 'tsconfig.tools.json'] },
    { name: 'lint', command: [bin('eslint'), '.'] },
    { name: 'format:check', command: ['npm', 'run', '-s', 'format:check'] },
    { name: 'check:metadata', command: [tsx, 'scripts/check-metadata.ts'] },
    { name: 'check:apex', command: [tsx, 'scripts/check-apex.ts'] },
    {
        name: 'generated Apex is current',
        command: [tsx, 'tools/partner-center/generate.ts', '--check'],
        requires: 'tools/partner-center/generate.ts'
    },
    {
        // The e2e scenarios' ts-force classes match the local org's describe (a new field fails here, not later).
        name: 'e2e classes are current',
        command: [tsx, 'scripts/e2e/generate.ts', '--check'],
        requires: 'scripts/e2e/generate.ts'
    },
    {
        name: 'jest (LWC + tools)',
        command: [bin('jest'), '--ci', '--coverage', '--json', `--outputFile=${path.join(results, 'jest.json')}`],
        counts: jestCounts
    },
    {
        name: 'browser test (workbench in Chromium)',
        command: [tsx, 'scripts/browser/workbench.browser.ts'],
        requires: 'scripts/browser/workbench.browser.ts',
        skipReason: () =>
            fs.existsSync('/usr/bin/chromium')
                ? undefined
                : "/usr/bin/chromium is missing (Debian's chromium package; .ci/run installs it)"
    },
    {
        name: 'browser test (admin console in Chromium)',
        command: [tsx, 'scripts/browser/admin-console.browser.ts'],
        requires: 'scripts/browser/admin-console.browser.ts',
        skipReason: () =>
            fs.existsSync('/usr/bin/chromium')
                ? undefined
                : "/usr/bin/chromium is missing (Debian's chromium package; .ci/run installs it)"
    },
    {
        name: 'Apex tests on apexrt',
        command: [tsx, 'tools/apexrt/cli.ts', 'test', '--reporter', 'console,json,junit', '--output-dir', results],
        requires: 'tools/apexrt/cli.ts',
        counts: apexCounts
    },
    {
        // Type-checked with their own tsconfig (ts-force's decorators), then run in the local world (never in an
        // org named by the environment: see docs/developer-guide.md, "End-to-end scenarios").
        name: 'end-to-end scenarios (ts-force, local world)',
        command: [
            'sh',
            '-c',
            `unset SF_INSTANCE_URL SF_ACCESS_TOKEN; rm -f test-results/e2e.json && ${bin('tsc')} -p scripts/e2e/tsconfig.json && ` +
                `${tsx} --tsconfig scripts/e2e/tsconfig.json scripts/e2e/run.ts`
        ],
        requires: 'scripts/e2e/run.ts',
        counts: e2eCounts
    }
];

function run(): number {
    fs.mkdirSync(results, { recursive: true });
    const only = process.argv.slice(2);
    let passed = 0;
    let failed = 0;
    const summary: string[] = [];
    for (const step of steps) {
        if (only.length > 0 && !only.some((o) => step.name.startsWith(o))) continue;
        if (step.requires && !fs.existsSync(path.join(root, step.requires))) {
            summary.push(`  absent   ${step.name} (${step.requires} does not exist yet)`);
            continue;
        }
        const skip = step.skipReason?.();
        if (skip) {
            summary.push(`  skipped  ${step.name} (${skip})`);
            continue;
        }
        console.log(`\n=== ${step.name}: ${step.command.map((c) => path.relative(root, c) || c).join(' ')}`);
        const started = Date.now();
        const child = spawnSync(step.command[0], step.command.slice(1), {
            cwd: root,
            stdio: 'inherit',
            env: { ...process.env, FORCE_COLOR: '0' }
        });
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        const ok = child.status === 0;
        let detail = '';
        if (step.counts) {
            try {
                const c = step.counts();
                passed += c.passed;
                failed += c.failed;
                detail = ` — ${c.passed} passed, ${c.failed} failed`;
                if (!ok && c.failed === 0) failed += 1; // the runner failed without a failing test (crash, coverage gate)
            } catch {
                failed += 1;
                detail = ' — no result file';
            }
        } else if (ok) {
            passed += 1;
        } else {
            failed += 1;
        }
        summary.push(`  ${ok ? 'ok      ' : 'FAILED  '} ${step.name} (${seconds} s)${detail}`);
    }
    console.log(`\nnpm test summary:\n${summary.join('\n')}`);
    console.log(`total: ${passed} passed, ${failed} failed`);
    return failed === 0 ? 0 : 1;
}

process.exitCode = run();
