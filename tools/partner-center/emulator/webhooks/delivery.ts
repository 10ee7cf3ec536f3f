// Delivers webhook events to the registered URL: signed POSTs, up to `maxAttempts` (10, as Partner
// Center) with exponential back-off on the emulator's clock, at-least-once (a duplicate fault or a
// receiver that times out after processing both lead to repeated deliveries, as in reality). A hold
// fault keeps a delivery back until release(): the next event then arrives first, as when the network
// delivers two events out of order.
// Retry intervals of the real service are UNCONFIRMED; the defaults here are configurable.

import http from 'node:http';
import https from 'node:https';
import type { Clock } from '../clock';
import type { FaultInjector } from '../faults';
import type { IdFactory } from '../ids';
import type { EmulatorStore } from '../store';
import { formatTicks } from '../timestamps';
import { signatureHeaders, SigningMaterial } from './signing';

export interface WebhookDeliveryOptions {
    /** Total attempts per event (first try included). Default 10. */
    maxAttempts?: number;
    /** Delay before the 2nd attempt; doubles each time. Default 1000 ms. */
    initialRetryDelayMs?: number;
    /** Upper bound of the back-off. Default 5 minutes. */
    maxRetryDelayMs?: number;
    /** Real-time timeout of one HTTP attempt. Default 10 s. */
    attemptTimeoutMs?: number;
    /** Deliver to non-loopback hosts. Off by default: the emulator only talks to 127.0.0.1/localhost/::1. */
    allowNonLoopbackTargets?: boolean;
}

export interface WebhookPayload {
    EventName: string;
    ResourceUri: string;
    ResourceName: string;
    AuditUri: string | null;
    ResourceChangeUtcDate: string;
}

export interface DeliveryAttempt {
    at: string;
    statusCode?: number;
    error?: string;
}

export interface DeliveryRecord {
    id: string;
    url: string;
    payload: WebhookPayload;
    /** `duplicate` marks the extra copy produced by a duplicate fault. */
    duplicate: boolean;
    /** `held`: kept back by a hold fault until release(). */
    state: 'held' | 'pending' | 'delivered' | 'failed' | 'dropped';
    attempts: DeliveryAttempt[];
}

export interface EventToPublish {
    eventName: string;
    resourceUri: string;
    resourceName: string;
    /** Called with each attempt's outcome (validation events record them). */
    onAttempt?: (attempt: DeliveryAttempt, record: DeliveryRecord) => void;
    /** Deliver even if the registration does not list the event (not used for referral events). */
    force?: boolean;
}

export class WebhookDispatcher {
    private readonly records: DeliveryRecord[] = [];
    private readonly inFlight = new Set<Promise<void>>();
    private readonly pendingRetries = new Set<{ cancel(): void }>();
    /** Deliveries a hold fault keeps back, each with how its attempts go once released. */
    private readonly held: {
        record: DeliveryRecord;
        useMsSignatureHeader: boolean;
        onAttempt?: EventToPublish['onAttempt'];
    }[] = [];
    private readonly options: Required<WebhookDeliveryOptions>;
    private stopped = false;

    constructor(
        private readonly store: EmulatorStore,
        private readonly clock: Clock,
        private readonly ids: IdFactory,
        private readonly faults: FaultInjector,
        private readonly signing: () => SigningMaterial,
        private readonly certificateUrl: () => string,
        options: WebhookDeliveryOptions = {}
    ) {
        this.options = {
            maxAttempts: options.maxAttempts ?? 10,
            initialRetryDelayMs: options.initialRetryDelayMs ?? 1000,
            maxRetryDelayMs: options.maxRetryDelayMs ?? 5 * 60_000,
            attemptTimeoutMs: options.attemptTimeoutMs ?? 10_000,
            allowNonLoopbackTargets: options.allowNonLoopbackTargets ?? false
        };
    }

    /** Queues an event if a registration subscribes to it; returns the delivery records created. */
    publish(event: EventToPublish): DeliveryRecord[] {
        const registration = this.store.getRegistration();
        if (!registration || this.stopped) return [];
        const subscribed = registration.webhookEvents.some((e) => e.toLowerCase() === event.eventName.toLowerCase());
        if (!subscribed && !event.force) return [];
        const payload: WebhookPayload = {
            EventName: event.eventName,
            ResourceUri: event.resourceUri,
            ResourceName: event.resourceName,
            AuditUri: null,
            ResourceChangeUtcDate: formatTicks(this.clock.now(), 0).replace(/Z$/, '+00:00')
        };
        const fault = this.faults.forWebhook(event.eventName);
        const copies = fault === 'duplicate' ? 2 : 1;
        const created: DeliveryRecord[] = [];
        for (let i = 0; i < copies; i++) {
            const record: DeliveryRecord = {
                id: this.ids.guid(),
                url: registration.webhookUrl,
                payload,
                duplicate: i > 0,
                state: fault === 'drop' ? 'dropped' : fault === 'hold' ? 'held' : 'pending',
                attempts: []
            };
            this.records.push(record);
            created.push(record);
            const useMsSignatureHeader = registration.signatureTokenToMsSignatureHeader;
            if (record.state === 'held') this.held.push({ record, useMsSignatureHeader, onAttempt: event.onAttempt });
            if (record.state === 'pending') this.attempt(record, useMsSignatureHeader, event.onAttempt);
        }
        return created;
    }

    /** Sends the deliveries a hold fault kept back, in the order they were held; returns how many. */
    release(): number {
        const released = this.held.splice(0);
        for (const { record, useMsSignatureHeader, onAttempt } of released) {
            record.state = 'pending';
            if (!this.stopped) this.attempt(record, useMsSignatureHeader, onAttempt);
        }
        return released.length;
    }

    deliveries(): DeliveryRecord[] {
        return structuredClone(this.records);
    }

    /** Resolves when no HTTP attempt is running (scheduled retries wait for the clock). */
    async whenIdle(): Promise<void> {
        while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    }

    stop(): void {
        this.stopped = true;
        for (const retry of this.pendingRetries) retry.cancel();
        this.pendingRetries.clear();
    }

    /** Back-off before attempt number `nextAttempt` (2-based). */
    retryDelayMs(nextAttempt: number): number {
        return Math.min(this.options.initialRetryDelayMs * 2 ** (nextAttempt - 2), this.options.maxRetryDelayMs);
    }

    private attempt(
        record: DeliveryRecord,
        useMsSignatureHeader: boolean,
        onAttempt?: EventToPublish['onAttempt']
    ): void {
        const run = this.send(record, useMsSignatureHeader).then((attempt) => {
            record.attempts.push(attempt);
            const ok = attempt.statusCode !== undefined && attempt.statusCode >= 200 && attempt.statusCode < 300;
            if (ok) record.state = 'delivered';
            else if (record.attempts.length >= this.options.maxAttempts) record.state = 'failed';
            onAttempt?.(attempt, record);
            if (record.state !== 'pending' || this.stopped) return;
            const task = this.clock.schedule(this.retryDelayMs(record.attempts.length + 1), () => {
                this.pendingRetries.delete(task);
                if (!this.stopped) this.attempt(record, useMsSignatureHeader, onAttempt);
            });
            this.pendingRetries.add(task);
        });
        this.inFlight.add(run);
        void run.finally(() => this.inFlight.delete(run));
    }

    private send(record: DeliveryRecord, useMsSignatureHeader: boolean): Promise<DeliveryAttempt> {
        const at = formatTicks(this.clock.now(), 0);
        let target: URL;
        try {
            target = new URL(record.url);
        } catch {
            return Promise.resolve({ at, error: `Invalid webhook URL ${record.url}` });
        }
        if (!this.options.allowNonLoopbackTargets && !isLoopbackHost(target.hostname)) {
            return Promise.resolve({ at, error: `Refusing to deliver to non-loopback host ${target.hostname}` });
        }
        const body = Buffer.from(JSON.stringify(record.payload), 'utf8');
        const headers = {
            'Content-Type': 'application/json; charset=utf-8',
            'Content-Length': String(body.length),
            ...signatureHeaders(body, this.signing(), this.certificateUrl(), useMsSignatureHeader)
        };
        const transport = target.protocol === 'https:' ? https : http;
        return new Promise((resolve) => {
            const request = transport.request(
                target,
                { method: 'POST', headers, timeout: this.options.attemptTimeoutMs },
                (response) => {
                    response.resume();
                    response.on('end', () => resolve({ at, statusCode: response.statusCode }));
                    response.on('error', (error) => resolve({ at, error: error.message }));
                }
            );
            request.on('timeout', () => request.destroy(new Error('timeout')));
            request.on('error', (error) => resolve({ at, error: error.message }));
            request.end(body);
        });
    }
}

export function isLoopbackHost(hostname: string): boolean {
    const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
    return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
