// Turns CLI arguments into control-API requests (kept apart from cli.ts so it can be tested).

export interface ControlRequest {
    method: 'GET' | 'POST' | 'DELETE';
    path: string;
    body?: Record<string, unknown>;
}

export const CLI_USAGE = `Usage: tsx tools/partner-center/emulator/cli.ts [--url http://127.0.0.1:4010] <command>
  state                                       print referrals, registration, validation events
  reset                                       empty state and remove faults
  token [--app-only]                          print a bearer token
  send-referral [--customer N] [--value V] [--country CC] [--type Shared|Independent] [--name N] [--notes T]
                                              a Microsoft seller sends a referral to the partner
  join <partnerReferralId> [--msx-id ID] [--seller "First Last <email>"]...
                                              Microsoft joins the co-sell deal
  decline <partnerReferralId> [--reason TEXT] Microsoft declines the co-sell deal
  advance <duration>                          move the manual clock: 90s, 15m, 2h, 14d or milliseconds
  fault <429|500|503|...> [--retry-after S] [--count N | --rate R] [--method M] [--path /v1.0/...]
  fault latency <ms> [--count N | --rate R] [--method M] [--path P]
  fault drop-webhook|duplicate-webhook [--count N | --rate R] [--event NAME]
  faults | clear-faults                       list / remove fault rules
  deliveries                                  webhook delivery log
The URL defaults to $PC_EMULATOR_URL or http://127.0.0.1:4010.`;

export class CliUsageError extends Error {}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(text: string): number {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
    if (!match) throw new CliUsageError(`Invalid duration '${text}' (examples: 500, 90s, 15m, 2h, 14d)`);
    return Math.round(Number(match[1]) * DURATION_UNITS[match[2] ?? 'ms']);
}

function parseSeller(text: string): Record<string, string> {
    const match = /^\s*(\S+)\s+(.+?)\s*<([^>]+)>\s*$/.exec(text);
    if (!match) throw new CliUsageError(`Invalid seller '${text}', expected "First Last <email>"`);
    return { firstName: match[1], lastName: match[2], email: match[3] };
}

/** Splits `--name value` options (repeatable) from positional arguments. */
function split(args: string[]): { positional: string[]; options: Map<string, string[]> } {
    const positional: string[] = [];
    const options = new Map<string, string[]>();
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (!arg.startsWith('--')) {
            positional.push(arg);
            continue;
        }
        const name = arg.slice(2);
        const value = args[i + 1] !== undefined && !args[i + 1].startsWith('--') ? args[++i] : 'true';
        options.set(name, [...(options.get(name) ?? []), value]);
    }
    return { positional, options };
}

export function toControlRequest(args: string[]): ControlRequest {
    const { positional, options } = split(args);
    const [command, ...rest] = positional;
    const one = (name: string): string | undefined => options.get(name)?.[0];
    const number = (name: string): number | undefined => {
        const value = one(name);
        if (value === undefined) return undefined;
        const parsed = Number(value);
        if (!Number.isFinite(parsed)) throw new CliUsageError(`--${name} needs a number`);
        return parsed;
    };
    const needId = (): string => {
        if (!rest[0]) throw new CliUsageError(`${command} needs the partner referral id`);
        return encodeURIComponent(rest[0]);
    };
    const limits = (): Record<string, unknown> => clean({ count: number('count'), rate: number('rate') });
    switch (command) {
        case 'state':
            return { method: 'GET', path: '/_emulator/state' };
        case 'reset':
            return { method: 'POST', path: '/_emulator/reset' };
        case 'token':
            return { method: 'POST', path: '/_emulator/tokens', body: { appOnly: options.has('app-only') } };
        case 'send-referral':
            return {
                method: 'POST',
                path: '/_emulator/microsoft/referrals',
                body: clean({
                    customerName: one('customer'),
                    dealValue: number('value'),
                    country: one('country'),
                    type: one('type'),
                    name: one('name'),
                    notes: one('notes')
                })
            };
        case 'join':
            return {
                method: 'POST',
                path: `/_emulator/microsoft/referrals/${needId()}/join`,
                body: clean({ msxId: one('msx-id'), sellers: options.get('seller')?.map(parseSeller) })
            };
        case 'decline':
            return {
                method: 'POST',
                path: `/_emulator/microsoft/referrals/${needId()}/decline`,
                body: clean({ reason: one('reason') })
            };
        case 'advance':
            if (!rest[0]) throw new CliUsageError('advance needs a duration');
            return { method: 'POST', path: '/_emulator/clock/advance', body: { ms: parseDuration(rest[0]) } };
        case 'faults':
            return { method: 'GET', path: '/_emulator/faults' };
        case 'clear-faults':
            return { method: 'DELETE', path: '/_emulator/faults' };
        case 'deliveries':
            return { method: 'GET', path: '/_emulator/webhooks/deliveries' };
        case 'fault': {
            const kind = rest[0];
            if (!kind) throw new CliUsageError('fault needs a status, latency, drop-webhook or duplicate-webhook');
            const scope = clean({ method: one('method'), path: one('path') });
            if (/^\d{3}$/.test(kind)) {
                return {
                    method: 'POST',
                    path: '/_emulator/faults',
                    body: {
                        kind: 'status',
                        status: Number(kind),
                        ...clean({ retryAfterSeconds: number('retry-after') }),
                        ...scope,
                        ...limits()
                    }
                };
            }
            if (kind === 'latency') {
                return {
                    method: 'POST',
                    path: '/_emulator/faults',
                    body: { kind: 'latency', latencyMs: parseDuration(rest[1] ?? ''), ...scope, ...limits() }
                };
            }
            if (kind === 'drop-webhook' || kind === 'duplicate-webhook') {
                const faultKind = kind === 'drop-webhook' ? 'webhook-drop' : 'webhook-duplicate';
                return {
                    method: 'POST',
                    path: '/_emulator/faults',
                    body: { kind: faultKind, ...clean({ eventName: one('event') }), ...limits() }
                };
            }
            throw new CliUsageError(`Unknown fault '${kind}'`);
        }
        default:
            throw new CliUsageError(command ? `Unknown command '${command}'` : 'No command given');
    }
}

function clean(record: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}
