// Fault injection, driven through the control API: HTTP failures (429 + Retry-After, 500, 503, …),
// added latency, and dropped, duplicated or held webhook deliveries (a held one goes out when the control API
// releases it: a test orders two webhooks the way the network may). A rule applies to the next `count`
// matching requests/deliveries, or to each one with probability `rate` (seeded random when seeded).
// A `throttle` rule is a request rate limit instead: past `requests` matching requests within one window of
// `windowMs` (the emulator's clock, windows from its epoch) every further request of that window gets 429
// with Retry-After = the seconds until the window ends (rounded up) — Partner Center throttles with 429 and
// Retry-After; its actual rates are not published, so the rate is the caller's. A caller whose own time runs
// faster than the real time (a benchmark that runs an org's delays 600 times sooner) gives `timeScale`: the
// rule's windows and Retry-After are then in the caller's time — a caller that waits the Retry-After it was
// given, in its own time, finds the window over; with the real time it would come back in the same window.

import type { Clock } from './clock';
import type { IdFactory, RandomSource } from './ids';

export type FaultKind = 'status' | 'latency' | 'webhook-drop' | 'webhook-duplicate' | 'webhook-hold' | 'throttle';

export interface FaultRuleInput {
    kind: FaultKind;
    /** HTTP status for `status` faults (e.g. 429, 500, 503). */
    status?: number;
    /** Adds `Retry-After: <seconds>` (429 defaults to 1 second). */
    retryAfterSeconds?: number;
    /** Delay for `latency` faults. */
    latencyMs?: number;
    /** Only requests with this method (any case); all methods when absent. */
    method?: string;
    /** Only paths starting with this (case-insensitive); for webhook faults, only this event name. */
    path?: string;
    eventName?: string;
    /** Apply to the next N matches. */
    count?: number;
    /** Apply to each match with this probability (0..1). Without count or rate: count 1. */
    rate?: number;
    /** `throttle`: requests allowed per window. */
    requests?: number;
    /** `throttle`: the window in ms (default 60,000). */
    windowMs?: number;
    /** `throttle`: the caller's time runs this many times faster than the emulator's clock (default 1). */
    timeScale?: number;
}

export interface FaultRule extends FaultRuleInput {
    id: string;
    /** How many times the rule has fired. */
    fired: number;
    /** `throttle`: the current window and the requests counted in it. */
    window?: { start: number; used: number };
    /** `throttle`: the emulator's time when the rule was added (the caller's time is scaled from there). */
    origin?: number;
}

export interface RequestFaults {
    latencyMs: number;
    failure?: { status: number; retryAfterSeconds?: number };
}

export class FaultInjector {
    private rules: FaultRule[] = [];

    constructor(
        private readonly random: RandomSource,
        private readonly ids: IdFactory,
        private readonly clock?: Clock
    ) {}

    add(input: FaultRuleInput): FaultRule {
        validateRule(input);
        const rule: FaultRule = { ...input, id: this.ids.guid(), fired: 0 };
        if (rule.kind === 'throttle') {
            if (!this.clock) throw new Error('throttle rules need the emulator clock');
            rule.windowMs ??= 60_000;
            rule.timeScale ??= 1;
            rule.origin = this.clock.now();
        } else if (rule.count === undefined && rule.rate === undefined) rule.count = 1;
        if (rule.kind === 'status' && rule.status === 429 && rule.retryAfterSeconds === undefined)
            rule.retryAfterSeconds = 1;
        this.rules.push(rule);
        return rule;
    }

    list(): FaultRule[] {
        return this.rules.map((r) => ({ ...r }));
    }

    remove(id: string): boolean {
        const before = this.rules.length;
        this.rules = this.rules.filter((r) => r.id !== id);
        return this.rules.length !== before;
    }

    clear(): void {
        this.rules = [];
    }

    /** Decides the faults for one API request (control routes are never faulted). */
    forRequest(method: string, pathname: string): RequestFaults {
        const result: RequestFaults = { latencyMs: 0 };
        for (const rule of this.rules) {
            if (rule.kind !== 'status' && rule.kind !== 'latency' && rule.kind !== 'throttle') continue;
            if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
            if (rule.path && !pathname.toLowerCase().startsWith(rule.path.toLowerCase())) continue;
            if (rule.kind !== 'latency' && result.failure) continue;
            if (rule.kind === 'throttle') {
                result.failure = this.throttled(rule);
                continue;
            }
            if (!this.fires(rule)) continue;
            if (rule.kind === 'latency') result.latencyMs += rule.latencyMs ?? 0;
            else result.failure = { status: rule.status as number, retryAfterSeconds: rule.retryAfterSeconds };
        }
        this.prune();
        return result;
    }

    /** Decides what happens to one webhook event before delivery. */
    forWebhook(eventName: string): 'drop' | 'duplicate' | 'hold' | undefined {
        for (const rule of this.rules) {
            if (!WEBHOOK_FAULTS[rule.kind]) continue;
            const only = rule.eventName ?? rule.path;
            if (only && only.toLowerCase() !== eventName.toLowerCase()) continue;
            if (!this.fires(rule)) continue;
            this.prune();
            return WEBHOOK_FAULTS[rule.kind];
        }
        return undefined;
    }

    /** Counts one request against a throttle rule's window; the 429 when the window is used up. */
    private throttled(rule: FaultRule): RequestFaults['failure'] {
        const now = rule.origin! + (this.clock!.now() - rule.origin!) * rule.timeScale!;
        const windowMs = rule.windowMs!;
        const start = now - (now % windowMs);
        if (rule.window?.start !== start) rule.window = { start, used: 0 };
        rule.window.used++;
        if (rule.window.used <= rule.requests!) return undefined;
        rule.fired++;
        return { status: 429, retryAfterSeconds: Math.max(1, Math.ceil((start + windowMs - now) / 1000)) };
    }

    private fires(rule: FaultRule): boolean {
        if (rule.count !== undefined) {
            if (rule.count <= 0) return false;
            rule.count--;
        } else if (this.random.next() >= (rule.rate ?? 0)) {
            return false;
        }
        rule.fired++;
        return true;
    }

    private prune(): void {
        this.rules = this.rules.filter((r) => r.count === undefined || r.count > 0);
    }
}

/** What each webhook fault does to a delivery. */
const WEBHOOK_FAULTS: Partial<Record<FaultKind, 'drop' | 'duplicate' | 'hold'>> = {
    'webhook-drop': 'drop',
    'webhook-duplicate': 'duplicate',
    'webhook-hold': 'hold'
};

function validateRule(input: FaultRuleInput): void {
    const kinds: FaultKind[] = ['status', 'latency', 'webhook-drop', 'webhook-duplicate', 'webhook-hold', 'throttle'];
    if (!kinds.includes(input.kind)) throw new Error(`kind must be one of ${kinds.join(', ')}`);
    if (input.kind === 'throttle') {
        if (!(Number.isInteger(input.requests) && (input.requests as number) > 0))
            throw new Error('throttle rules need requests, a positive integer');
        if (input.windowMs !== undefined && !(Number.isInteger(input.windowMs) && input.windowMs > 0))
            throw new Error('windowMs must be a positive integer');
        if (input.timeScale !== undefined && !(typeof input.timeScale === 'number' && input.timeScale >= 1))
            throw new Error('timeScale must be a number ≥ 1');
        if (input.count !== undefined || input.rate !== undefined)
            throw new Error('throttle rules take requests and windowMs, not count or rate');
    }
    if (
        input.kind === 'status' &&
        !(Number.isInteger(input.status) && (input.status as number) >= 400 && (input.status as number) <= 599)
    ) {
        throw new Error('status faults need an HTTP status between 400 and 599');
    }
    if (input.kind === 'latency' && !(typeof input.latencyMs === 'number' && input.latencyMs >= 0)) {
        throw new Error('latency faults need latencyMs >= 0');
    }
    if (input.count !== undefined && !(Number.isInteger(input.count) && input.count > 0))
        throw new Error('count must be a positive integer');
    if (input.rate !== undefined && !(typeof input.rate === 'number' && input.rate >= 0 && input.rate <= 1)) {
        throw new Error('rate must be between 0 and 1');
    }
    if (input.count !== undefined && input.rate !== undefined) throw new Error('give count or rate, not both');
}
