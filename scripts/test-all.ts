/**
 * npm test: every gate and every test suite of the project, then one closing line
 * `total: N passed, N failed` (test cases of every runner plus one per gate). Exit code 1 if anything failed.
 * Steps whose entry point does not exist yet are listed as absent, so a missing piece is visible, not hidden.
 *
 * Independent steps run side by side (`--jobs N`, default: the number of cores); a step waits for the steps it
 * `needs`. Each step's output goes to test-results/logs/<step>.log and is printed whole when the step ends, so
 * parallel output never interleaves. The summary gives each step's own wall time and CPU time (user + system) and
 * the wall time of the run.
 * `npm test -- <prefix>...` runs only the steps whose names start with a prefix (and ignores their needs).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { defaultPeerDir, projectFolders } from '../tools/apexrt';

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
    /** Steps that must have finished first (their output is this step's input). */
    needs?: string[];
}

function jestCounts(file: string): () => { passed: number; failed: number } {
    return () => {
        const report = JSON.parse(fs.readFileSync(path.join(results, file), 'utf8'));
        return { passed: report.numPassedTests, failed: report.numFailedTests + report.numRuntimeErrorTestSuites };
    };
}

/** One jest run (a project, or a shard of one) with its own result file, so runs can go side by side. */
function jestStep(name: string, file: string, args: string[]): Step {
    return {
        name,
        command: [bin('jest'), '--ci', ...args, '--json', `--outputFile=${path.join(results, file)}`],
        needs: ['build:lwc (tsc)'],
        counts: jestCounts(file)
    };
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

// Caches that only skip work whose inputs have not changed: in node_modules/.cache, so a fresh clone starts
// without them. tsc's build info records each file's hash; eslint and prettier key on file content.
const cacheDir = path.join(root, 'node_modules', '.cache');
const incremental = (name: string): string[] => [
    '--incremental',
    '--tsBuildInfoFile',
    path.join(cacheDir, 'tsc', `${name}.tsbuildinfo`)
];
const cached = (tool: string): string[] => [
    '--cache',
    '--cache-strategy',
    'content',
    '--cache-location',
    path.join(cacheDir, tool, 'cache')
];

const steps: Step[] = [
    { name: 'build:lwc', command: [tsx, 'scripts/generate-lwc-paths.ts'] },
    // The component JavaScript: eslint, the metadata gate, the LWC tests and the workbench read it.
    { name: 'build:lwc (tsc)', command: [bin('tsc'), '-p', 'tsconfig.build.json'], needs: ['build:lwc'] },
    // The tools tests are the longest step: two shards, so they share the machine with the other steps.
    // Listed first: without the last run's times (a fresh clone), steps start in this order.
    jestStep('jest (tools 1/2)', 'jest-tools-1.json', ['--selectProjects', 'tools', '--shard=1/2']),
    jestStep('jest (tools 2/2)', 'jest-tools-2.json', ['--selectProjects', 'tools', '--shard=2/2']),
    {
        name: 'typecheck (LWC)',
        command: [bin('tsc'), '-p', 'tsconfig.json', ...incremental('lwc')],
        needs: ['build:lwc']
    },
    {
        // tools/, scripts/ and the e2e scenarios (scripts/e2e, legacy decorators) in one program: tsconfig.typecheck.json.
        name: 'typecheck (tools)',
        command: [bin('tsc'), '-p', 'tsconfig.typecheck.json', ...incremental('tools')]
    },
    {
        // eslint, then the import-cycle gate of tools/ and scripts/ (both run; either one fails the step).
        name: 'lint',
        command: [
            'sh',
            '-c',
            `${bin('eslint')} ${cached('eslint').join(' ')} .; status=$?; ${tsx} scripts/check-import-cycles.ts || status=1; exit $status`
        ],
        needs: ['build:lwc (tsc)']
    },
    { name: 'format:check', command: ['npm', 'run', '-s', 'format:check', '--', ...cached('prettier')] },
    { name: 'check:metadata', command: [tsx, 'scripts/check-metadata.ts'], needs: ['build:lwc (tsc)'] },
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
    jestStep('jest (LWC)', 'jest-lwc.json', ['--selectProjects', 'lwc', '--coverage']),
    {
        name: 'browser test (workbench in Chromium)',
        command: [tsx, 'scripts/browser/workbench.browser.ts'],
        requires: 'scripts/browser/workbench.browser.ts',
        needs: ['build:lwc (tsc)'],
        skipReason: () =>
            fs.existsSync('/usr/bin/chromium')
                ? undefined
                : "/usr/bin/chromium is missing (Debian's chromium package; .ci/run installs it)"
    },
    {
        name: 'browser test (admin console in Chromium)',
        command: [tsx, 'scripts/browser/admin-console.browser.ts'],
        requires: 'scripts/browser/admin-console.browser.ts',
        // Both browser tests build the workbench page into one cache folder: side by side, after a label or component
        // change, each rebuilt it under the other and a page came up half-written (CI: the list never rendered).
        needs: ['browser test (workbench in Chromium)'],
        skipReason: () =>
            fs.existsSync('/usr/bin/chromium')
                ? undefined
                : "/usr/bin/chromium is missing (Debian's chromium package; .ci/run installs it)"
    },
    {
        name: 'Apex tests on apexrt',
        // Fails below 90 % line coverage of the package's classes and triggers.
        command: [
            tsx,
            'tools/apexrt/cli.ts',
            'test',
            '--reporter',
            'console,json,junit',
            '--output-dir',
            results,
            '--min-coverage',
            '90'
        ],
        requires: 'tools/apexrt/cli.ts',
        counts: apexCounts
    },
    {
        // The classes whose behaviour depends on multi-currency, again in a multi-currency org (apexrt org shape):
        // in the single-currency run above their multi-currency cases return at once, as in a single-currency org.
        name: 'Apex tests on apexrt, multi-currency org',
        command: [
            tsx,
            'tools/apexrt/cli.ts',
            'test',
            '--org-shape',
            'config/apexrt-org-multicurrency.json',
            '--class',
            'DealCurrencyTest,ReferralParityTest,InboundSyncTest,OutboundSyncTest'
        ],
        requires: 'config/apexrt-org-multicurrency.json'
    },
    {
        // Other projects' own Apex tests (all pass on real orgs): no wrong answer, no crash, passes at or above
        // each project's checked-in floor (tools/apexrt/peer-floor.json: raise it as apexrt improves).
        name: 'peer Apex projects on apexrt',
        command: [tsx, 'tools/apexrt/peer/peer.ts', '--floor', 'tools/apexrt/peer-floor.json', '--output-dir', results],
        requires: 'tools/apexrt/peer/peer.ts',
        skipReason: () =>
            projectFolders(defaultPeerDir()).length
                ? undefined
                : `no SFDX projects in ${defaultPeerDir()} (set APEXRT_PEER_DIR to a folder of them)`
    },
    {
        // Run in the local world (never in an org named by the environment: see docs/developer-guide.md, "End-to-end
        // scenarios"); typecheck (tools) type-checks them with their tsconfig's options (ts-force's decorators).
        name: 'end-to-end scenarios (ts-force, local world)',
        command: [
            'sh',
            '-c',
            `unset SF_INSTANCE_URL SF_ACCESS_TOKEN; rm -f test-results/e2e.json && ` +
                `${tsx} --tsconfig scripts/e2e/tsconfig.json scripts/e2e/run.ts`
        ],
        requires: 'scripts/e2e/run.ts',
        counts: e2eCounts
    }
];

interface Outcome {
    line: string;
    passed: number;
    failed: number;
    /** CPU seconds (user + system) of the step's processes. */
    cpu: number;
}

/**
 * The step runs under the shell, whose `times` prints the user and system CPU of the processes it waited for
 * (the step and every descendant the step waited for) after the step ends: CPU time, unlike wall time, does not
 * grow when other work loads the machine.
 */
function withCpuTimes(command: string[], timesFile: string): string[] {
    return ['sh', '-c', `"$@"; status=$?; times > '${timesFile}'; exit $status`, 'sh', ...command];
}

/** Seconds from the children line of `times` ("0m1.50s 0m0.20s"): user + system. */
function cpuSeconds(timesFile: string): number {
    const lines = fs.existsSync(timesFile) ? fs.readFileSync(timesFile, 'utf8').trim().split('\n') : [];
    const children = lines[lines.length - 1] ?? '';
    return [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + Number(m[1]) * 60 + Number(m[2]), 0);
}

/** Runs one step with its output in a log file; the log is printed whole when the step ends. */
function runStep(step: Step, logs: string): Promise<Outcome> {
    const log = path.join(logs, `${step.name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}.log`);
    const timesFile = `${log}.times`;
    const started = Date.now();
    return new Promise((resolve) => {
        const out = fs.openSync(log, 'w');
        fs.rmSync(timesFile, { force: true });
        const command = withCpuTimes(step.command, timesFile);
        const child = spawn(command[0], command.slice(1), {
            cwd: root,
            stdio: ['ignore', out, out],
            env: { ...process.env, FORCE_COLOR: '0' }
        });
        const finish = (status: number | null): void => {
            fs.closeSync(out);
            const seconds = ((Date.now() - started) / 1000).toFixed(1);
            const cpu = cpuSeconds(timesFile);
            const took = `${seconds} s, CPU ${cpu.toFixed(1)} s`;
            const shown = step.command.map((c) => path.relative(root, c) || c).join(' ');
            console.log(`\n=== ${step.name} (${took}): ${shown}\n${fs.readFileSync(log, 'utf8')}`);
            const ok = status === 0;
            let passed = 0;
            let failed = 0;
            let detail = '';
            if (step.counts) {
                try {
                    const c = step.counts();
                    passed = c.passed;
                    failed = c.failed;
                    detail = ` — ${c.passed} passed, ${c.failed} failed`;
                    if (!ok && c.failed === 0) failed += 1; // the runner failed without a failing test (crash, coverage gate)
                } catch {
                    failed = 1;
                    detail = ' — no result file';
                }
            } else if (ok) {
                passed = 1;
            } else {
                failed = 1;
            }
            resolve({ line: `  ${ok ? 'ok      ' : 'FAILED  '} ${step.name} (${took})${detail}`, passed, failed, cpu });
        };
        child.on('error', (error) => {
            fs.appendFileSync(log, `\ncould not start: ${error.message}\n`);
            finish(null);
        });
        child.on('close', finish);
    });
}

function parseArgs(argv: string[]): { jobs: number; only: string[] } {
    const only: string[] = [];
    let jobs = os.availableParallelism();
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === '--jobs') jobs = Math.max(1, Number(argv[++i]) || 1);
        else only.push(argv[i]);
    }
    return { jobs, only };
}

async function run(): Promise<number> {
    const logs = path.join(results, 'logs');
    fs.mkdirSync(logs, { recursive: true });
    const { jobs, only } = parseArgs(process.argv.slice(2));
    const began = Date.now();
    // Seconds each step took last time: only used to start the long ones first.
    const timesFile = path.join(logs, 'times.json');
    const lastTimes: Record<string, number> = fs.existsSync(timesFile)
        ? (JSON.parse(fs.readFileSync(timesFile, 'utf8')) as Record<string, number>)
        : {};
    const times: Record<string, number> = {};
    let cpuTotal = 0;
    const summary = new Map<string, string>();
    const pending: Step[] = [];
    for (const step of steps) {
        if (only.length > 0 && !only.some((o) => step.name.startsWith(o))) continue;
        if (step.requires && !fs.existsSync(path.join(root, step.requires))) {
            summary.set(step.name, `  absent   ${step.name} (${step.requires} does not exist yet)`);
            continue;
        }
        const skip = step.skipReason?.();
        if (skip) {
            summary.set(step.name, `  skipped  ${step.name} (${skip})`);
            continue;
        }
        pending.push(only.length > 0 ? { ...step, needs: [] } : step);
    }
    const done = new Set<string>(steps.map((s) => s.name).filter((name) => !pending.some((p) => p.name === name)));
    let passed = 0;
    let failed = 0;
    const running = new Set<Promise<void>>();
    console.log(`npm test: ${pending.length} steps, up to ${jobs} at a time (--jobs N); logs in test-results/logs/`);
    while (pending.length > 0 || running.size > 0) {
        // Start every step whose needs are met, longest first (by the last run's times), while a slot is free.
        pending.sort((a, b) => (lastTimes[b.name] ?? 0) - (lastTimes[a.name] ?? 0));
        for (let i = 0; i < pending.length && running.size < jobs;) {
            const step = pending[i];
            if (!(step.needs ?? []).every((n) => done.has(n))) {
                i++;
                continue;
            }
            pending.splice(i, 1);
            const stepBegan = Date.now();
            const task: Promise<void> = runStep(step, logs).then((outcome) => {
                times[step.name] = (Date.now() - stepBegan) / 1000;
                cpuTotal += outcome.cpu;
                summary.set(step.name, outcome.line);
                passed += outcome.passed;
                failed += outcome.failed;
                done.add(step.name);
                running.delete(task);
            });
            running.add(task);
        }
        if (running.size === 0) {
            // Only steps whose needs can never be met remain (a typo in needs): say so instead of hanging.
            for (const step of pending.splice(0)) {
                summary.set(step.name, `  FAILED   ${step.name} (needs a step that is not in the list)`);
                failed += 1;
            }
            break;
        }
        await Promise.race(running);
    }
    if (only.length === 0) fs.writeFileSync(timesFile, JSON.stringify(times, null, 2));
    const wall = ((Date.now() - began) / 1000).toFixed(1);
    const lines = steps.map((s) => summary.get(s.name)).filter((l): l is string => l !== undefined);
    console.log(
        `\nnpm test summary (wall time ${wall} s, CPU time of the steps ${cpuTotal.toFixed(1)} s, ${jobs} at a time):\n${lines.join('\n')}`
    );
    console.log(`total: ${passed} passed, ${failed} failed`);
    return failed === 0 ? 0 : 1;
}

void run().then((code) => {
    process.exitCode = code;
});
