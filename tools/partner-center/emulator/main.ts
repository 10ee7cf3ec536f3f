// `npm run emulator` — runs the Partner Center emulator until Ctrl+C.
//   --port <n>          default 4010 (0 = any free port)
//   --seed <s>          deterministic ids/eTags and a manual clock (advance it via the control API)
//   --manual-clock      manual clock without a seed
//   --snapshot <file>   load/save state as JSON
//   --expiry-days <n>   inbound referral expiry (default 14)
//   --no-auth           accept requests without a bearer token
//   --quiet             no request log
//   --certificate-url <url>  X-MS-Certificate-Url sent with webhooks (the local org uses Microsoft's)

import { ManualClock } from './clock';
import { startEmulator } from './server';

function parseArgs(argv: string[]): Map<string, string | true> {
    const args = new Map<string, string | true>();
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (!arg.startsWith('--')) throw new Error(`Unexpected argument ${arg}`);
        const next = argv[i + 1];
        if (next !== undefined && !next.startsWith('--')) {
            args.set(arg.slice(2), next);
            i++;
        } else {
            args.set(arg.slice(2), true);
        }
    }
    return args;
}

async function main(): Promise<void> {
    const args = parseArgs(process.argv.slice(2));
    const text = (name: string): string | undefined => {
        const value = args.get(name);
        return typeof value === 'string' ? value : undefined;
    };
    const expiryDays = text('expiry-days');
    const emulator = await startEmulator({
        port: Number(text('port') ?? 4010),
        seed: text('seed'),
        clock: args.has('manual-clock') ? new ManualClock(new Date().toISOString()) : undefined,
        snapshotFile: text('snapshot'),
        inboundExpiryMs: expiryDays ? Number(expiryDays) * 86_400_000 : undefined,
        requireAuth: !args.has('no-auth'),
        certificateUrl: text('certificate-url'),
        log: args.has('quiet') ? undefined : (line) => console.log(`[emulator] ${line}`)
    });
    console.log(`Partner Center emulator listening on ${emulator.url}`);
    console.log(`  referrals:  ${emulator.url}/v1.0/engagements/referrals`);
    console.log(`  webhooks:   ${emulator.url}/webhooks/v1/registration`);
    console.log(`  token:      ${emulator.url}/common/oauth2/v2.0/token`);
    console.log(
        `  control:    ${emulator.url}/_emulator/state  (cli: npx tsx tools/partner-center/emulator/cli.ts --help)`
    );
    const shutdown = (): void => {
        void emulator.stop().then(() => process.exit(0));
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
});
