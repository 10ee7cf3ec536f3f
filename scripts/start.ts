// `npm start` — runs the product on this machine with the embedded defaults: the package's Apex as a local org
// (tools/local-org: the Salesforce REST API subset, default data) and the Partner Center emulator, until Ctrl+C.
//   --port <n>           local org port (default 4020; 0 = any free port)
//   --emulator-port <n>  emulator port (default 4010; 0 = any free port)
//   --once               start, print the addresses, stop (used by the smoke test)

import * as path from 'node:path';
import { insertDefaultData } from '../tools/local-org/default-data';
import { LocalOrg } from '../tools/local-org/local-org';
import { serveLocalOrg } from '../tools/local-org/server';
import { startEmulator } from '../tools/partner-center/emulator/server';

const root = path.resolve(__dirname, '..');

export interface StartOptions {
    port: number;
    emulatorPort: number;
    once: boolean;
    log: (line: string) => void;
}

function portArg(argv: string[], flag: string, fallback: number): number {
    const i = argv.indexOf(flag);
    const port = i >= 0 ? Number(argv[i + 1]) : fallback;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${flag} needs a number 0-65535`);
    return port;
}

export function parseStartArgs(argv: string[]): Omit<StartOptions, 'log'> {
    return {
        port: portArg(argv, '--port', 4020),
        emulatorPort: portArg(argv, '--emulator-port', 4010),
        once: argv.includes('--once')
    };
}

/** Starts the emulator and the local org with its default data; resolves with a stop function. */
export async function start(options: StartOptions): Promise<() => Promise<void>> {
    const began = Date.now();
    const org = new LocalOrg({ root });
    insertDefaultData(org);
    const emulator = await startEmulator({
        port: options.emulatorPort,
        requireAuth: true,
        log: (line) => options.log(`[emulator] ${line}`)
    });
    const server = await serveLocalOrg(org, options.port);
    options.log(
        `local org: ${server.url} (${org.project.classes.length} classes, ${org.project.triggers.length} triggers, ` +
            `ready in ${Date.now() - began} ms) — token: POST ${server.url}/services/oauth2/token`
    );
    options.log(`Partner Center emulator: ${emulator.url}/v1.0/engagements/referrals`);
    return async () => {
        await server.stop();
        await emulator.stop();
    };
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
