/**
 * Runs the Partner Center emulator in a child process. The local org's Apex callouts are synchronous (they block
 * the org's thread while the HTTP call runs), so Partner Center must not share that thread — as in reality.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

export interface EmulatorProcess {
    url: string;
    stop(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '..', '..');

export function startEmulatorProcess(args: string[] = [], log?: (line: string) => void): Promise<EmulatorProcess> {
    const child: ChildProcess = spawn(
        process.execPath,
        [
            path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
            path.join(ROOT, 'tools/partner-center/emulator/main.ts'),
            ...args
        ],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
    );
    return new Promise((resolve, reject) => {
        let buffered = '';
        const timer = setTimeout(() => reject(new Error('the emulator did not start within 30 s')), 30_000);
        child.stdout!.on('data', (chunk: Buffer) => {
            buffered += chunk.toString('utf8');
            const lines = buffered.split('\n');
            buffered = lines.pop() ?? '';
            for (const line of lines) {
                log?.(line);
                const m = /listening on (http:\/\/\S+)/.exec(line);
                if (m) {
                    clearTimeout(timer);
                    resolve({
                        url: m[1],
                        stop: () =>
                            new Promise<void>((done) => {
                                child.once('exit', () => done());
                                child.kill('SIGTERM');
                            })
                    });
                }
            }
        });
        child.stderr!.on('data', (chunk: Buffer) => log?.(chunk.toString('utf8').trim()));
        child.once('exit', (code) => {
            clearTimeout(timer);
            reject(new Error(`the emulator exited with code ${String(code)}`));
        });
    });
}
