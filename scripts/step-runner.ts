/**
 * The engine of `npm test` (scripts/test-all.ts holds the list of steps): runs steps side by side, a step after the
 * steps it needs, each in a process group of its own with its output in a log file, and prints a summary.
 *
 * Guarantees (each one broken once, see scripts/step-runner.test.ts):
 * - A step that cannot start (spawn throws, or emits 'error' and then 'close') fails alone; the run goes on and
 *   waits for the other steps. Before, a synchronous spawn error rejected the run's promise and a spawn 'error'
 *   followed by 'close' closed the log descriptor twice: either one ended `npm test` with exit code 1 at once while
 *   the steps already started kept running on their own.
 * - A step that runs longer than its timeout (default 15 minutes) is killed with its whole process group and
 *   reported as failed, "timed out after N s".
 * - The run never returns while a process of a step still runs: processes a step leaves behind in its group are
 *   terminated (and named in the summary); an abort (npm test on SIGINT/SIGTERM) terminates every running step.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';

export interface Step {
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
    /** Seconds after which the step is killed and fails (default: the run's timeout). */
    timeoutSeconds?: number;
}

/** A step that runs longer than this is stuck, not slow: the slowest step takes about 4 minutes on a busy machine. */
export const DEFAULT_STEP_TIMEOUT_SECONDS = 15 * 60;

export interface RunOptions {
    steps: Step[];
    /** Folder the steps run in; `requires` paths are relative to it. */
    root: string;
    /** Folder of the step logs. */
    logs: string;
    /** Steps at a time. */
    jobs: number;
    /** Run only the steps whose names start with one of these (and ignore their needs). */
    only?: string[];
    /** Seconds each step took last time: the longest start first. */
    lastTimes?: Record<string, number>;
    /** Default timeout of a step, seconds. */
    timeoutSeconds?: number;
    /** Between SIGTERM and SIGKILL of a process group. */
    killGraceMs?: number;
    /** Aborting terminates every running step and starts no other. */
    signal?: AbortSignal;
    print?: (text: string) => void;
}

export interface RunResult {
    code: number;
    passed: number;
    failed: number;
    /** Wall seconds of each step that ran. */
    times: Record<string, number>;
    /** The summary lines, in the order of the steps. */
    lines: string[];
}

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

/** State and process group of a process from /proc/<pid>/stat ("pid (comm) S ppid pgrp ..."); undefined if gone. */
function procStat(pid: number): { state: string; pgrp: number; comm: string } | undefined {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const close = stat.lastIndexOf(')');
        const [state, , pgrp] = stat.slice(close + 2).split(' ');
        return { state, pgrp: Number(pgrp), comm: stat.slice(stat.indexOf('(') + 1, close) };
    } catch {
        return undefined;
    }
}

/**
 * True while the process runs. A zombie does not count: it has ended, and it stays until an ancestor reaps it, which
 * a container's init may do late (signal 0 still reaches a zombie).
 */
export function processRunning(pid: number): boolean {
    if (fs.existsSync('/proc/self/stat')) {
        const stat = procStat(pid);
        return stat !== undefined && stat.state !== 'Z';
    }
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

/** Names of the running (not zombie) processes of a group; where /proc is missing, a placeholder while any exists. */
function groupMembers(pgid: number): string[] {
    if (!fs.existsSync('/proc/self/stat')) {
        try {
            process.kill(-pgid, 0);
            return ['?'];
        } catch {
            return [];
        }
    }
    const names: string[] = [];
    for (const entry of fs.readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        const stat = procStat(Number(entry));
        if (stat && stat.pgrp === pgid && stat.state !== 'Z') names.push(stat.comm);
    }
    return names;
}

const groupAlive = (pgid: number): boolean => groupMembers(pgid).length > 0;

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
    try {
        process.kill(-pgid, signal);
    } catch {
        // the group is gone already
    }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** SIGTERM to the group, SIGKILL after the grace time; resolves when the group is gone (or says it is not). */
async function terminateGroup(pgid: number, graceMs: number): Promise<string> {
    signalGroup(pgid, 'SIGTERM');
    for (let waited = 0; waited < graceMs && groupAlive(pgid); waited += 50) await sleep(50);
    if (!groupAlive(pgid)) return 'terminated';
    signalGroup(pgid, 'SIGKILL');
    for (let waited = 0; waited < 5000 && groupAlive(pgid); waited += 50) await sleep(50);
    return groupAlive(pgid) ? 'still present after SIGKILL' : 'killed (SIGKILL)';
}

interface StepContext {
    root: string;
    logs: string;
    timeoutSeconds: number;
    graceMs: number;
    print: (text: string) => void;
    /** Process groups of the running steps, by step name. */
    groups: Map<string, number>;
    signal?: AbortSignal;
}

/** Runs one step with its output in a log file; the log is printed whole when the step ends. Never rejects. */
function runStep(step: Step, ctx: StepContext): Promise<Outcome> {
    const { root, print } = ctx;
    const log = path.join(ctx.logs, `${step.name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}.log`);
    const timesFile = `${log}.times`;
    const timeout = step.timeoutSeconds ?? ctx.timeoutSeconds;
    const started = Date.now();
    const notes: string[] = [];
    const note = (text: string): void => {
        notes.push(text);
        try {
            fs.appendFileSync(log, `\n${text}\n`);
        } catch {
            // the note still reaches the summary
        }
    };
    const outcome = (status: number | null): Outcome => {
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        const cpu = cpuSeconds(timesFile);
        const took = `${seconds} s, CPU ${cpu.toFixed(1)} s`;
        const shown = step.command.map((c) => path.relative(root, c) || c).join(' ');
        const text = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '(no log)\n';
        print(`\n=== ${step.name} (${took}): ${shown}\n${text}`);
        const ok = status === 0;
        let passed = 0;
        let failed = 0;
        let detail = notes.map((n) => ` — ${n}`).join('');
        if (step.counts) {
            try {
                const c = step.counts();
                passed = c.passed;
                failed = c.failed;
                detail = ` — ${c.passed} passed, ${c.failed} failed${detail}`;
                if (!ok && c.failed === 0) failed += 1; // the runner failed without a failing test (crash, coverage gate)
            } catch {
                failed = 1;
                detail = ` — no result file${detail}`;
            }
        } else if (ok) {
            passed = 1;
        } else {
            failed = 1;
        }
        return { line: `  ${ok ? 'ok      ' : 'FAILED  '} ${step.name} (${took})${detail}`, passed, failed, cpu };
    };
    return new Promise((resolve) => {
        let settled = false;
        let timer: NodeJS.Timeout | undefined;
        // Exactly once, whatever happens: 'error' may be followed by 'close', and an error here must not escape.
        const settle = (status: number | null): void => {
            if (settled) return;
            settled = true;
            if (timer) clearTimeout(timer);
            ctx.signal?.removeEventListener('abort', onAbort);
            try {
                resolve(outcome(status));
            } catch (error) {
                const message = error instanceof Error ? error.message : String(error);
                resolve({
                    line: `  FAILED   ${step.name} — the runner failed on it: ${message}`,
                    passed: 0,
                    failed: 1,
                    cpu: 0
                });
            }
        };
        let pgid: number | undefined;
        let ending: Promise<void> | undefined;
        /** Terminates what is left of the step's group, then settles (with `status`, or failed when `why` is given). */
        const end = (status: number | null, why?: string): Promise<void> =>
            (ending ??= (async () => {
                if (why) note(why);
                const left = pgid === undefined ? [] : groupMembers(pgid);
                if (pgid !== undefined && left.length > 0) {
                    const how = await terminateGroup(pgid, ctx.graceMs);
                    if (!why) note(`processes it left running in its process group (${left.join(', ')}): ${how}`);
                }
                if (pgid !== undefined) ctx.groups.delete(step.name);
                settle(why ? null : status);
            })());
        function onAbort(): void {
            void end(null, 'interrupted: its process group was terminated');
        }
        let out: number | undefined;
        try {
            out = fs.openSync(log, 'w');
            fs.rmSync(timesFile, { force: true });
            const command = withCpuTimes(step.command, timesFile);
            // detached: a process group of its own, so a timeout or an abort reaches every process of the step.
            const child = spawn(command[0], command.slice(1), {
                cwd: root,
                detached: true,
                stdio: ['ignore', out, out],
                env: { ...process.env, FORCE_COLOR: '0' }
            });
            pgid = child.pid;
            if (pgid !== undefined) ctx.groups.set(step.name, pgid);
            child.on('error', (error) => {
                note(`could not start: ${error.message}`);
                // 'close' follows when the process existed; if it never did, nothing else will settle the step.
                if (child.pid === undefined) void end(null);
            });
            child.on('close', (status) => void end(status));
            timer = setTimeout(() => {
                void end(null, `timed out after ${timeout} s: its process group was killed`);
            }, timeout * 1000);
            if (ctx.signal?.aborted) onAbort();
            else ctx.signal?.addEventListener('abort', onAbort);
        } catch (error) {
            note(`could not start: ${error instanceof Error ? error.message : String(error)}`);
            void end(null);
        } finally {
            // The child holds its own copy of the descriptor once spawn returns.
            if (out !== undefined) fs.closeSync(out);
        }
    });
}

/** Runs the steps and prints the summary and the closing `total:` line. Never returns while a step still runs. */
export async function runSteps(options: RunOptions): Promise<RunResult> {
    const { steps, root, jobs } = options;
    const only = options.only ?? [];
    const lastTimes = options.lastTimes ?? {};
    const print = options.print ?? ((text: string) => console.log(text));
    const ctx: StepContext = {
        root,
        logs: options.logs,
        timeoutSeconds: options.timeoutSeconds ?? DEFAULT_STEP_TIMEOUT_SECONDS,
        graceMs: options.killGraceMs ?? 10_000,
        print,
        groups: new Map(),
        signal: options.signal
    };
    fs.mkdirSync(options.logs, { recursive: true });
    const began = Date.now();
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
    print(
        `npm test: ${pending.length} steps, up to ${jobs} at a time (--jobs N); logs in ${path.relative(root, options.logs) || options.logs}/`
    );
    try {
        while (pending.length > 0 || running.size > 0) {
            // Start every step whose needs are met, longest first (by the last run's times), while a slot is free.
            pending.sort((a, b) => (lastTimes[b.name] ?? 0) - (lastTimes[a.name] ?? 0));
            for (let i = 0; i < pending.length && running.size < jobs && !options.signal?.aborted;) {
                const step = pending[i];
                if (!(step.needs ?? []).every((n) => done.has(n))) {
                    i++;
                    continue;
                }
                pending.splice(i, 1);
                const stepBegan = Date.now();
                const record = (outcome: Outcome): void => {
                    times[step.name] = (Date.now() - stepBegan) / 1000;
                    cpuTotal += outcome.cpu;
                    summary.set(step.name, outcome.line);
                    passed += outcome.passed;
                    failed += outcome.failed;
                    done.add(step.name);
                    running.delete(task);
                };
                const task: Promise<void> = runStep(step, ctx).then(record, (error: unknown) =>
                    record({
                        line: `  FAILED   ${step.name} — the runner failed on it: ${String(error)}`,
                        passed: 0,
                        failed: 1,
                        cpu: 0
                    })
                );
                running.add(task);
            }
            if (running.size === 0) {
                // Only steps that cannot start remain: needs that can never be met (a typo), or the run was aborted.
                const why = options.signal?.aborted
                    ? 'not run: the run was interrupted'
                    : 'needs a step that is not in the list';
                for (const step of pending.splice(0)) {
                    summary.set(step.name, `  FAILED   ${step.name} (${why})`);
                    failed += 1;
                }
                break;
            }
            await Promise.race(running);
        }
    } finally {
        // Only reached with live groups if the loop itself failed: no step process outlives the run.
        for (const [name, pgid] of ctx.groups) {
            print(`npm test: ${name} still running as the run ends: ${await terminateGroup(pgid, ctx.graceMs)}`);
        }
    }
    const wall = ((Date.now() - began) / 1000).toFixed(1);
    const lines = steps.map((s) => summary.get(s.name)).filter((l): l is string => l !== undefined);
    print(
        `\nnpm test summary (wall time ${wall} s, CPU time of the steps ${cpuTotal.toFixed(1)} s, ${jobs} at a time):\n${lines.join('\n')}`
    );
    print(`total: ${passed} passed, ${failed} failed`);
    return { code: failed === 0 ? 0 : 1, passed, failed, times, lines };
}
