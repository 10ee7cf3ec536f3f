import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processRunning, runSteps, type RunOptions, type Step } from './step-runner';

/** Fake step lists in a scratch folder: each test provokes one way a run used to end early or hang. */
describe('npm test step runner', () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'step-runner-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const run = (steps: Step[], extra: Partial<RunOptions> = {}) => {
        const printed: string[] = [];
        const result = runSteps({
            steps,
            root: dir,
            logs: path.join(dir, 'logs'),
            jobs: 4,
            killGraceMs: 500,
            print: (text) => printed.push(text),
            ...extra
        });
        return result.then((r) => ({ ...r, printed: printed.join('\n') }));
    };
    /** Whether the process whose pid a step wrote is still running (a zombie has ended). */
    const alive = (pidFile: string): boolean => {
        const pid = Number(fs.readFileSync(path.join(dir, pidFile), 'utf8'));
        expect(pid).toBeGreaterThan(1);
        return processRunning(pid);
    };
    const line = (lines: string[], name: string): string => lines.find((l) => l.includes(` ${name} (`))!;

    it('fails a step that cannot be spawned and still waits for the steps already running', async () => {
        // A NUL byte makes spawn throw synchronously, as it does for ENOMEM: the run's promise used to reject
        // (exit code 1 at once) while the long step went on alone.
        const result = await run([
            { name: 'long', command: ['sh', '-c', 'sleep 1; echo finished > long.done'] },
            { name: 'unspawnable', command: ['echo', 'a\u0000b'], needs: [] }
        ]);
        expect(fs.existsSync(path.join(dir, 'long.done'))).toBe(true);
        expect(line(result.lines, 'long')).toMatch(/^ {2}ok/);
        expect(line(result.lines, 'unspawnable')).toMatch(/^ {2}FAILED .*could not start: .*null bytes/);
        expect(result).toMatchObject({ code: 1, passed: 1, failed: 1 });
    });

    it("fails a step whose spawn emits 'error' then 'close' once, without closing a log twice", async () => {
        // A missing working folder: spawn emits 'error' (ENOENT) and then 'close', as for EAGAIN under load.
        // Handling both closed the log descriptor twice: EBADF, an uncaught exception that ended the run.
        const result = await run(
            [
                { name: 'a', command: ['true'] },
                { name: 'b', command: ['true'] }
            ],
            { root: path.join(dir, 'missing') }
        );
        expect(result.lines).toHaveLength(2);
        for (const l of result.lines) expect(l).toMatch(/FAILED .*could not start: spawn sh ENOENT/);
        expect(result).toMatchObject({ code: 1, passed: 0, failed: 2 });
    });

    it('kills a step that runs past its timeout with its whole process group and says so', async () => {
        const began = Date.now();
        const result = await run([
            {
                name: 'hangs',
                // A background child that would outlive its shell, then a wait that never ends.
                command: ['sh', '-c', 'sleep 60 & echo $! > child.pid; wait'],
                timeoutSeconds: 2
            },
            { name: 'quick', command: ['true'] }
        ]);
        expect(Date.now() - began).toBeLessThan(10_000);
        expect(line(result.lines, 'hangs')).toMatch(/^ {2}FAILED .*timed out after 2 s: its process group was killed/);
        expect(line(result.lines, 'quick')).toMatch(/^ {2}ok/);
        expect(alive('child.pid')).toBe(false);
        expect(result).toMatchObject({ code: 1, passed: 1, failed: 1 });
    });

    it('terminates processes a step leaves behind before the run ends, and names them in the summary', async () => {
        // The step ends once its background child has become `sleep`: until its exec, the forked child is named
        // `sh` in /proc (a loaded machine showed "(sh)" in the summary).
        const leaves = 'sleep 60 & echo $! > child.pid; until grep -q "(sleep)" /proc/$!/stat; do :; done';
        const result = await run([{ name: 'leaves', command: ['sh', '-c', leaves] }]);
        expect(alive('child.pid')).toBe(false);
        expect(line(result.lines, 'leaves')).toMatch(
            /^ {2}ok .*processes it left running in its process group \(sleep\): terminated$/
        );
        expect(result.code).toBe(0);
    });

    it('on abort terminates the running steps, starts no other and fails the run', async () => {
        const abort = new AbortController();
        // Aborts once the step's background child is running (its pid written), however loaded the machine.
        const waitForChild = setInterval(() => {
            if (fs.existsSync(path.join(dir, 'child.pid'))) {
                clearInterval(waitForChild);
                abort.abort();
            }
        }, 20);
        const result = await run(
            [
                { name: 'running', command: ['sh', '-c', 'sleep 60 & echo $! > child.pid; wait'] },
                { name: 'later', command: ['true'], needs: ['running'] }
            ],
            { signal: abort.signal }
        );
        expect(alive('child.pid')).toBe(false);
        expect(line(result.lines, 'running')).toMatch(/FAILED .*interrupted: its process group was terminated/);
        expect(line(result.lines, 'later')).toMatch(/FAILED .*not run: the run was interrupted/);
        expect(result.code).toBe(1);
    });

    it('tells a running process from an ended one, a zombie included', async () => {
        // The shell exits at once and leaves its sleep to be reparented; a killed orphan may stay a zombie a while.
        const result = await run([{ name: 'probe', command: ['sh', '-c', 'sleep 30 & echo $! > child.pid'] }], {
            killGraceMs: 0
        });
        expect(result.code).toBe(0);
        expect(alive('child.pid')).toBe(false);
        const sleeper = spawn('sleep', ['30']);
        try {
            expect(processRunning(sleeper.pid!)).toBe(true);
        } finally {
            sleeper.kill('SIGKILL');
        }
        await new Promise((resolve) => sleeper.on('close', resolve));
        expect(processRunning(sleeper.pid!)).toBe(false);
    });

    it('gives the counts of a test runner step and fails a step whose runner failed without a failing test', async () => {
        const counts = () =>
            JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8')) as { passed: number; failed: number };
        const result = await run([
            { name: 'runner', command: ['sh', '-c', `echo '{"passed":3,"failed":0}' > r.json; exit 2`], counts }
        ]);
        expect(line(result.lines, 'runner')).toMatch(/^ {2}FAILED .*3 passed, 0 failed/);
        expect(result).toMatchObject({ code: 1, passed: 3, failed: 1 });
    });
});
