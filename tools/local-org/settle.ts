/**
 * Waiting for the local world to settle, with a deadline: a wait that does not end fails with what is still pending
 * (the org's queued and running async work, its callouts in flight, the emulator's undelivered webhooks) instead of
 * hanging silently.
 */
import type { DeliveryRecord } from '../partner-center/emulator/webhooks/delivery';
import type { LocalOrg } from './local-org';

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * Resolves when `settling` does; fails after `deadlineMs` with `what` and the lines of `pending` (read at that
 * moment). The wait itself goes on; its outcome no longer matters to the caller.
 */
export async function settleWithin(
    settling: Promise<void>,
    deadlineMs: number,
    what: string,
    pending: () => Promise<string[]> | string[]
): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => {
        timer = setTimeout(() => resolve('expired'), deadlineMs);
    });
    try {
        if ((await Promise.race([settling, expired])) !== 'expired') return;
    } finally {
        clearTimeout(timer);
    }
    settling.catch(() => undefined);
    const lines = await pending();
    throw new Error(
        `${what} did not settle within ${seconds(deadlineMs)}; pending: ` +
            (lines.length ? lines.join('; ') : 'nothing listed')
    );
}

/** The org's async work (running, then waiting by due time) and its callouts in flight, one a line. */
export function describeOrgWork(org: LocalOrg, now = Date.now()): string[] {
    const lines = org.async
        .pendingWork()
        .map((w) =>
            w.dueAt === undefined
                ? `${w.label} running for ${seconds(now - w.since)}`
                : `${w.label} queued ${seconds(now - w.since)} ago, ` +
                  (w.dueAt > now ? `due in ${seconds(w.dueAt - now)}` : `overdue by ${seconds(now - w.dueAt)}`)
        );
    for (const call of org.router?.inFlight ?? [])
        lines.push(`callout ${call.method} ${call.url} in flight for ${seconds(now - call.sentAt)}`);
    return lines;
}

/** The emulator's webhook deliveries not yet delivered, one a line (or why it could not list them). */
export async function describeWebhooks(emulatorUrl: string): Promise<string[]> {
    try {
        const response = await fetch(`${emulatorUrl}/_emulator/webhooks/deliveries`, {
            signal: AbortSignal.timeout(5000)
        });
        const deliveries = (await response.json()) as DeliveryRecord[];
        return deliveries
            .filter((d) => d.state === 'pending' || d.state === 'held')
            .map(
                (d) =>
                    `webhook ${d.payload.EventName} ${d.payload.ResourceName} ${d.state} after ${d.attempts.length} ` +
                    `attempt(s)${d.attempts.length ? `, last ${JSON.stringify(d.attempts.at(-1))}` : ''}`
            );
    } catch (e) {
        return [`the emulator did not list its webhook deliveries: ${e instanceof Error ? e.message : String(e)}`];
    }
}
