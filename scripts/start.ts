// `npm start` — runs the product on this machine with the embedded defaults: the package's Apex as a local org
// (tools/local-org: Salesforce REST API subset, default data, async work on the real clock) wired to the Partner
// Center emulator (its own process): named credentials point at it, its signed webhooks reach the org. Then the
// workbench page (tools/workbench): the package's real Lightning Web Components on an Opportunity list and record
// page, the setup page, and buttons that play the Microsoft side. Ctrl+C stops.
//   --port <n>            local org port (default 4020; 0 = any free port)
//   --emulator-port <n>   emulator port (default 4010; 0 = any free port)
//   --workbench-port <n>  workbench page port (default 4030; 0 = any free port)
//   --no-workbench        no page (the org and the emulator only)
//   --once                start, print the addresses, stop (used by the smoke test)

import { startLocalWorld } from '../tools/local-org/local-world';
import { buildWorkbench } from '../tools/workbench/build';
import { startWorkbenchServer } from '../tools/workbench/server';

export interface StartOptions {
    port: number;
    emulatorPort: number;
    /** The workbench page's port, or false for none. */
    workbenchPort: number | false;
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
        workbenchPort: argv.includes('--no-workbench') ? false : portArg(argv, '--workbench-port', 4030),
        once: argv.includes('--once')
    };
}

export interface Started {
    orgUrl: string;
    emulatorUrl: string;
    workbenchUrl?: string;
    /** What the world has not finished: queued and running async work, callouts in flight, pending webhooks. */
    describePending(): Promise<string[]>;
    stop(): Promise<void>;
}

/**
 * How long the workbench's settle waits before it answers with an error listing the pending work: a page action's
 * webhooks and jobs take seconds, and a job's first retry after a failed callout waits a minute (InboundSync,
 * OutboundSync); what is still pending after this is stuck or waits far longer, and the page says what it is.
 */
export const SETTLE_DEADLINE_MS = 120_000;

/** Starts the local world (and the workbench page); resolves with its addresses and a stop function. */
export async function start(options: StartOptions): Promise<Started> {
    const began = Date.now();
    options.log('starting the Partner Center emulator and the local org…');
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
    if (options.workbenchPort === false)
        return {
            orgUrl: world.orgUrl,
            emulatorUrl: world.emulatorUrl,
            describePending: world.describePending,
            stop: world.stop
        };
    try {
        options.log(
            'building the workbench page (LWC compiler, lightning-base-components, SLDS; cached after the first run)…'
        );
        const built = await buildWorkbench();
        options.log(
            `workbench page ${built.cached ? 'up to date' : `built in ${(built.millis / 1000).toFixed(1)} s`} (${built.outDir})`
        );
        const page = await startWorkbenchServer({
            dir: built.outDir,
            orgUrl: world.orgUrl,
            emulatorUrl: world.emulatorUrl,
            settle: () => world.settle({ deadlineMs: SETTLE_DEADLINE_MS }),
            port: options.workbenchPort
        });
        options.log(
            `workbench: ${page.url}/#/opportunities (Opportunity list, record pages with the co-sell components)`
        );
        options.log(`workbench setup page: ${page.url}/#/setup`);
        return {
            orgUrl: world.orgUrl,
            emulatorUrl: world.emulatorUrl,
            workbenchUrl: page.url,
            describePending: world.describePending,
            stop: async () => {
                await page.stop();
                await world.stop();
            }
        };
    } catch (e) {
        await world.stop();
        throw e;
    }
}

async function main(): Promise<void> {
    const args = parseStartArgs(process.argv.slice(2));
    const started = await start({ ...args, log: (line) => console.log(line) });
    if (args.once) {
        await started.stop();
        return;
    }
    console.log('ready — Ctrl+C stops');
    const shutdown = (): void => void started.stop().then(() => process.exit(0));
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
}

if (require.main === module) {
    main().catch((error: unknown) => {
        console.error((error as Error).message);
        process.exit(1);
    });
}
