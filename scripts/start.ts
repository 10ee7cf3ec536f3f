// `npm start` — runs the product on this machine with the embedded defaults: the package's Apex as a local org
// (tools/local-org: Salesforce REST API subset, default data, async work on the real clock) wired to the Partner
// Center emulator (its own process): named credentials point at it, its signed webhooks reach the org. Ctrl+C stops.
//   --port <n>           local org port (default 4020; 0 = any free port)
//   --emulator-port <n>  emulator port (default 4010; 0 = any free port)
//   --once               start, print the addresses, stop (used by the smoke test)

import { startLocalWorld } from '../tools/local-org/local-world';

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

/** Starts the local world; resolves with a stop function. */
export async function start(options: StartOptions): Promise<() => Promise<void>> {
    const began = Date.now();
    const world = await startLocalWorld({ port: options.port, emulatorPort: options.emulatorPort, log: options.log });
    const project = world.org.project;
    options.log(
        `local org: ${world.orgUrl} (${project.classes.length} classes, ${project.triggers.length} triggers, ` +
            `ready in ${Date.now() - began} ms) — token: POST ${world.orgUrl}/services/oauth2/token`
    );
    options.log(`Partner Center emulator: ${world.emulatorUrl}/v1.0/engagements/referrals (webhook registered)`);
    options.log(
        `try: curl -X POST ${world.emulatorUrl}/_emulator/microsoft/referrals -d '{"name":"New deal from Microsoft"}'`
    );
    return () => world.stop();
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
