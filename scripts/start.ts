// `npm start` — runs the product on this machine with the embedded defaults.
//
// Today that is: the package's Apex loaded on the local Apex runtime (compile check of every class and trigger)
// and the Partner Center emulator serving on port 4010 until Ctrl+C. The local org (tools/local-org: the package
// behind the Salesforce REST API with a real clock, wired to the emulator) is not built yet; when it lands it
// starts here instead of the bare runtime check.
//   --port <n>   emulator port (default 4010, 0 = any free port)
//   --once       start, print the addresses, stop (used by the smoke test)

import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadProject } from '../tools/apexrt';
import { startEmulator } from '../tools/partner-center/emulator/server';

const root = path.resolve(__dirname, '..');

export interface StartOptions {
    port: number;
    once: boolean;
    log: (line: string) => void;
}

export function parseStartArgs(argv: string[]): Omit<StartOptions, 'log'> {
    const portIndex = argv.indexOf('--port');
    const port = portIndex >= 0 ? Number(argv[portIndex + 1]) : 4010;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port needs a number 0-65535`);
    return { port, once: argv.includes('--once') };
}

/** Loads the package on apexrt and starts the emulator; resolves with a stop function. */
export async function start(options: StartOptions): Promise<() => Promise<void>> {
    const sourceDir = path.join(root, 'force-app');
    if (fs.existsSync(sourceDir)) {
        const began = Date.now();
        const program = loadProject({ root, sourceDir: 'force-app' });
        options.log(
            `package loaded on apexrt: ${program.classes.length} classes, ${program.triggers.length} triggers ` +
                `(${Date.now() - began} ms)`
        );
    }
    const emulator = await startEmulator({
        port: options.port,
        requireAuth: true,
        log: (line) => options.log(`[emulator] ${line}`)
    });
    options.log(`Partner Center emulator: ${emulator.url}/v1.0/engagements/referrals`);
    options.log('local org: not built yet (issue "Local org"); run the Apex tests with `npm test`');
    return () => emulator.stop();
}

async function main(): Promise<void> {
    const args = parseStartArgs(process.argv.slice(2));
    const stop = await start({ ...args, log: (line) => console.log(line) });
    if (args.once) {
        await stop();
        return;
    }
    const shutdown = (): void => void stop().then(() => process.exit(0));
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
}

if (require.main === module) {
    main().catch((error: unknown) => {
        console.error((error as Error).message);
        process.exit(1);
    });
}
