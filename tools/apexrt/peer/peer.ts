/**
 * Peer runner: runs the Apex tests of other SFDX projects on apexrt, through the same path as `apexrt test`
 * (loadProject with load isolation, runTests with the platform hooks), and tells for each project how many tests
 * passed, gave a wrong answer, stopped at something unsupported, crashed (internal error or hang) or did not load.
 *
 *   npm run peer [-- <sfdx project folder>...] [--timeout <seconds per test>] [--output-dir test-results]
 *                [--floor tools/apexrt/peer-floor.json]
 *
 * Without folders it runs every project folder (one with sfdx-project.json) in $APEXRT_PEER_DIR, by default the
 * shared peer-apex folder beside the repository. JSON per run: <output-dir>/peer.json.
 * Each project runs in its own worker thread; a test that gives no result within the timeout is a hang: the worker
 * is ended, the test counts as crashed, and a new worker goes on with the tests not yet run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { startModuleWorker } from '../core/ts-worker';
import { DEFAULT_CACHE_DIR, loadProject, UnitCache } from '../index';
import { platformTestHooks } from '../platform/platform-natives';
import { discoverTests, runTests, TestResult } from '../runner/test-runner';
import { classify, ProjectTally, summaryLine, tally } from './classify';
import { defaultPeerDir, packageDirectories, projectFolders } from './projects';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

interface WorkerInput {
    root: string;
    sourceDirs: string[];
    /** 'Class.method' keys already decided (run, or crashed), not to run again. */
    skip: string[];
}

type WorkerMessage =
    | { t: 'tests'; keys: string[] }
    | { t: 'start'; className: string; methodName: string }
    | { t: 'result'; result: StoredResult }
    | { t: 'done' };

export type StoredResult = Pick<
    TestResult,
    'className' | 'methodName' | 'outcome' | 'message' | 'notLoaded' | 'runTimeMs'
>;

const keyOf = (className: string, methodName: string): string => `${className}.${methodName}`;

/** Worker body: loads the project (isolated) and runs the tests not in `skip`, telling progress as it goes. */
export function runProjectInWorker(input: WorkerInput): WorkerMessage {
    const post = (m: WorkerMessage): void => parentPort!.postMessage(m);
    // The AST cache stays in this repository: a peer folder may be read-only.
    const cache = new UnitCache(path.join(REPO_ROOT, DEFAULT_CACHE_DIR));
    const program = loadProject({ root: input.root, sourceDir: input.sourceDirs, isolate: true, cache });
    const keys = discoverTests(program).flatMap((tc) => tc.methods.map((m) => keyOf(tc.cls.fullName, m)));
    post({ t: 'tests', keys });
    const skip = new Set(input.skip);
    const methods = keys.filter((k) => !skip.has(k));
    if (methods.length)
        runTests(program, {
            dataLayer: () => program.newDataLayer(),
            testHooks: platformTestHooks,
            methods,
            onStart: (className, methodName) => post({ t: 'start', className, methodName }),
            onResult: (r) =>
                post({
                    t: 'result',
                    result: {
                        className: r.className,
                        methodName: r.methodName,
                        outcome: r.outcome,
                        message: r.message,
                        notLoaded: r.notLoaded,
                        runTimeMs: r.runTimeMs
                    }
                })
        });
    return { t: 'done' };
}

export interface ProjectRun {
    name: string;
    folder: string;
    tally: ProjectTally;
    tests: Array<StoredResult & { verdict: string }>;
}

/** Runs every test of one project, in workers, ending hung tests after `timeoutMs` without a result. */
export function runProject(folder: string, timeoutMs: number): Promise<ProjectRun> {
    const root = path.resolve(folder);
    const sourceDirs = packageDirectories(root);
    const results = new Map<string, StoredResult>();
    let all: string[] | undefined;
    const crash = (key: string, message: string): void => {
        const [className, methodName] = [key.slice(0, key.lastIndexOf('.')), key.slice(key.lastIndexOf('.') + 1)];
        results.set(key, { className, methodName, outcome: 'Unsupported', message, runTimeMs: 0 });
    };
    return new Promise((resolve) => {
        const finish = (): void => {
            // A test that never reported a result did not run: apexrt failed around it (never left out silently).
            for (const k of all ?? []) if (!results.has(k)) crash(k, 'apexrt internal error: the test gave no result');
            const tests = (all ?? [...results.keys()]).map((k) => results.get(k)!);
            resolve({
                name: path.basename(root),
                folder: root,
                tally: tally(tests),
                tests: tests.map((t) => ({ ...t, verdict: classify(t) }))
            });
        };
        const start = (): void => {
            const worker = startModuleWorker(__filename, 'runProjectInWorker', {
                root,
                sourceDirs,
                skip: [...results.keys()]
            } satisfies WorkerInput);
            let current: { className: string; methodName: string } | undefined;
            let timer: NodeJS.Timeout | undefined;
            let settled = false;
            // Something went wrong outside a test's own outcome: the test running then crashed (a hang, or the
            // worker died); with @TestSetup running, every method of its class did. Then go on with the rest.
            const abandon = (message: string): void => {
                if (settled) return;
                settled = true;
                clearTimeout(timer);
                void worker.terminate();
                if (!all) {
                    // The project did not even load: nothing ran, which is a crash of apexrt on this project.
                    crash(`<load>.${path.basename(root)}`, `apexrt internal error: ${message}`);
                    all = [...results.keys()];
                    return finish();
                }
                // Outside any test (e.g. building a test's org), every test not run yet is a victim: going on
                // would fail the same way.
                const victims = !current
                    ? all.filter((k) => !results.has(k))
                    : current.methodName === '<setup>'
                      ? all.filter((k) => k.startsWith(`${current!.className}.`) && !results.has(k))
                      : [keyOf(current.className, current.methodName)];
                for (const k of victims) crash(k, `apexrt internal error: ${message}`);
                if (!victims.length || all.every((k) => results.has(k))) return finish();
                start();
            };
            worker.on('message', (m: WorkerMessage) => {
                if (m.t === 'tests') all = m.keys;
                else if (m.t === 'start') {
                    current = { className: m.className, methodName: m.methodName };
                    clearTimeout(timer);
                    timer = setTimeout(
                        () => abandon(`hang: no result within ${timeoutMs / 1000} s (${m.className}.${m.methodName})`),
                        timeoutMs
                    );
                } else if (m.t === 'result') {
                    results.set(keyOf(m.result.className, m.result.methodName), m.result);
                    clearTimeout(timer);
                    // Between tests nothing is running: a later failure is not this test's.
                    if (current?.methodName !== '<setup>') current = undefined;
                } else if (m.t === 'done' && !settled) {
                    settled = true;
                    clearTimeout(timer);
                    finish();
                }
            });
            worker.on('error', (e) => abandon(e.stack ?? String(e)));
            worker.on('exit', (code) => abandon(`worker exited with code ${code}`));
        };
        start();
    });
}

interface Args {
    folders: string[];
    timeoutMs: number;
    outputDir: string;
    /** A JSON file { "<project folder name>": <minimum passes> }: fail on a wrong answer, a crash, or fewer passes. */
    floor?: string;
}

function parseArgs(argv: string[]): Args {
    const args: Args = { folders: [], timeoutMs: 60_000, outputDir: 'test-results' };
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === '--timeout') args.timeoutMs = Number(argv[++i]) * 1000;
        else if (argv[i] === '--output-dir') args.outputDir = argv[++i];
        else if (argv[i] === '--floor') args.floor = argv[++i];
        else args.folders.push(argv[i]);
    }
    if (!(args.timeoutMs > 0)) throw new Error('--timeout takes a number of seconds');
    return args;
}

/**
 * The gate: every peer test passes on the platform, so a wrong answer or a crash here is always apexrt's defect;
 * and a project must not pass fewer tests than its checked-in floor (raised as apexrt improves, never lowered).
 */
export function gateProblems(runs: ProjectRun[], floor: Record<string, number>): string[] {
    const problems: string[] = [];
    for (const r of runs) {
        const c = r.tally.counts;
        if (c.wrong) problems.push(`${r.name}: ${c.wrong} wrong answer(s)`);
        if (c.crashed) problems.push(`${r.name}: ${c.crashed} crash(es)`);
        const min = floor[r.name];
        if (min !== undefined && c.passed < min) problems.push(`${r.name}: ${c.passed} passed, below the floor ${min}`);
    }
    return problems;
}

/** Prints one line per project, then its most frequent unsupported constructs; writes <output-dir>/peer.json. */
export async function main(argv: string[]): Promise<number> {
    const args = parseArgs(argv);
    const folders = args.folders.length ? args.folders : projectFolders(defaultPeerDir());
    if (!folders.length) {
        process.stderr.write(`peer: no SFDX project folders (given none, and none in ${defaultPeerDir()})\n`);
        return 2;
    }
    const runs: ProjectRun[] = [];
    for (const folder of folders) {
        const run = await runProject(folder, args.timeoutMs);
        runs.push(run);
        process.stdout.write(`${summaryLine(run.name, run.tally)}\n`);
        for (const u of run.tally.topUnsupported.slice(0, 15))
            process.stdout.write(`  ${String(u.tests).padStart(4)}  ${u.construct}\n`);
        for (const t of run.tests.filter((x) => x.verdict === 'wrong' || x.verdict === 'crashed'))
            process.stdout.write(
                `  ${t.verdict.toUpperCase()} ${t.className}.${t.methodName}: ${(t.message ?? '').split('\n')[0]}\n`
            );
    }
    fs.mkdirSync(args.outputDir, { recursive: true });
    const out = path.join(args.outputDir, 'peer.json');
    fs.writeFileSync(
        out,
        JSON.stringify(
            runs.map((r) => ({ ...r, summary: summaryLine(r.name, r.tally) })),
            null,
            2
        ) + '\n'
    );
    process.stdout.write(`peer: results in ${out}\n`);
    if (!args.floor) return 0;
    const problems = gateProblems(runs, JSON.parse(fs.readFileSync(args.floor, 'utf8')) as Record<string, number>);
    for (const p of problems) process.stdout.write(`peer gate: ${p}\n`);
    process.stdout.write(`peer gate: ${problems.length ? 'FAILED' : 'ok'}\n`);
    return problems.length ? 1 : 0;
}

if (require.main === module)
    main(process.argv.slice(2)).then(
        (code) => (process.exitCode = code),
        (e: unknown) => {
            process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
            process.exitCode = 2;
        }
    );
