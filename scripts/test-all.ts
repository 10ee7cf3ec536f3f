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
 * A step that runs past its timeout (`--step-timeout N` seconds, default 15 minutes) fails and its processes are
 * killed; the run ends only when no step process is left (scripts/step-runner.ts, the engine).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultPeerDir, projectFolders } from '../tools/apexrt';
import { DEFAULT_STEP_TIMEOUT_SECONDS, runSteps, type Step } from './step-runner';

const root = path.resolve(__dirname, '..');
const results = path.join(root, 'test-results');

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

function parseArgs(argv: string[]): { jobs: number; only: string[]; timeoutSeconds: number } {
    const only: string[] = [];
    let jobs = os.availableParallelism();
    let timeoutSeconds = DEFAULT_STEP_TIMEOUT_SECONDS;
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === '--jobs') jobs = Math.max(1, Number(argv[++i]) || 1);
        else if (argv[i] === '--step-timeout') timeoutSeconds = Math.max(1, Number(argv[++i]) || timeoutSeconds);
        else only.push(argv[i]);
    }
    return { jobs, only, timeoutSeconds };
}

async function run(): Promise<number> {
    const logs = path.join(results, 'logs');
    const { jobs, only, timeoutSeconds } = parseArgs(process.argv.slice(2));
    // Seconds each step took last time: only used to start the long ones first.
    const timesFile = path.join(logs, 'times.json');
    const lastTimes: Record<string, number> = fs.existsSync(timesFile)
        ? (JSON.parse(fs.readFileSync(timesFile, 'utf8')) as Record<string, number>)
        : {};
    // Each step runs in a process group of its own, which a terminal's Ctrl-C does not reach: pass it on.
    const abort = new AbortController();
    const onSignal = (signal: NodeJS.Signals): void => {
        console.log(`\nnpm test: ${signal}: terminating the running steps`);
        abort.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const result = await runSteps({ steps, root, logs, jobs, only, lastTimes, timeoutSeconds, signal: abort.signal });
    if (only.length === 0 && !abort.signal.aborted) fs.writeFileSync(timesFile, JSON.stringify(result.times, null, 2));
    return result.code;
}

void run().then(
    (code) => {
        process.exitCode = code;
    },
    (error: unknown) => {
        console.error(
            `npm test: the runner failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`
        );
        process.exitCode = 1;
    }
);
