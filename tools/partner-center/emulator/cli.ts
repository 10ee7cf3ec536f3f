// `npx tsx tools/partner-center/emulator/cli.ts <command>` — drives a running emulator's control API.

import { CLI_USAGE, CliUsageError, toControlRequest } from './cli-commands';
import { isLoopbackHost } from './webhooks/delivery';

async function main(argv: string[]): Promise<number> {
    let base = process.env.PC_EMULATOR_URL ?? 'http://127.0.0.1:4010';
    const args = [...argv];
    const urlIndex = args.indexOf('--url');
    if (urlIndex >= 0) {
        base = args[urlIndex + 1] ?? base;
        args.splice(urlIndex, 2);
    }
    if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
        console.log(CLI_USAGE);
        return 0;
    }
    if (!isLoopbackHost(new URL(base).hostname)) {
        console.error(`Refusing to talk to ${base}: the emulator CLI only talks to loopback addresses`);
        return 2;
    }
    let request;
    try {
        request = toControlRequest(args);
    } catch (error) {
        if (!(error instanceof CliUsageError)) throw error;
        console.error(`${error.message}\n\n${CLI_USAGE}`);
        return 2;
    }
    const response = await fetch(`${base.replace(/\/$/, '')}${request.path}`, {
        method: request.method,
        headers: request.body ? { 'Content-Type': 'application/json' } : {},
        body: request.body ? JSON.stringify(request.body) : undefined
    });
    const text = await response.text();
    if (text) {
        try {
            console.log(JSON.stringify(JSON.parse(text), null, 2));
        } catch {
            console.log(text);
        }
    } else {
        console.log(`HTTP ${response.status}`);
    }
    return response.ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
        console.error(`Cannot reach the emulator: ${(error as Error).message}`);
        process.exit(1);
    }
);
