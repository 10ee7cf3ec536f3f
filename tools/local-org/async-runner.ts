/**
 * The local org's asynchronous work on a real clock: after a transaction commits, its platform events are
 * delivered (each event trigger batch runs in a transaction of its own) and its Queueables and @future calls
 * run, each in a new transaction with asynchronous limits, after their delay. Work those transactions leave
 * behind follows the same way. Event batches a trigger asks to retry (EventBus.RetryableException) or leaves
 * after a resume checkpoint are delivered again after a delay that grows with each retry (the platform documents
 * "a small delay" that increases; apexrt's delays are its own). Failures are reported to the org's log and never
 * stop the org.
 */
import { deliverEvents, runJob } from '../apexrt/platform/platform-natives';
import { EventBusState, PlatformState, QueuedJob } from '../apexrt/platform/platform-state';
import type { RunContext } from '../apexrt/interpreter/context';
import type { SObject } from '../apexrt/data';
import type { LocalOrg } from './local-org';

/** Delay before a held-back event batch is delivered again: 1 s, 2 s, 4 s ... (apexrt's choice). */
const redeliveryDelayMs = (retries: number): number => 1000 * 2 ** Math.min(retries, 6);

export class AsyncRunner {
    private pending = 0;
    private waiters: Array<() => void> = [];
    private redeliveryScheduled = false;
    readonly errors: string[] = [];
    /** Jobs run so far, by class name (benchmarks count transactions). */
    readonly jobsRun = new Map<string, number>();
    /** The org's event bus: subscribers' retries and checkpoints outlive a transaction. */
    readonly eventBus = new EventBusState();

    constructor(private readonly log: (line: string) => void = () => undefined) {}

    /** Takes over the events and jobs a committed transaction left. */
    afterCommit(org: LocalOrg, run: RunContext): void {
        const platform = run.org instanceof PlatformState ? run.org : undefined;
        if (!platform) return;
        const events = platform.pendingEvents.splice(0);
        const jobs = platform.queue.splice(0);
        // ReplayIds come from the org's bus, not from the transaction that published.
        if (platform.eventBus !== this.eventBus)
            for (const e of events) e.setRaw('ReplayId', this.eventBus.nextReplayId());
        if (events.length) this.later(0, () => this.deliver(org, events));
        for (const job of jobs) this.later(job.delayMinutes * 60_000, () => this.runJob(org, job));
    }

    /** Resolves when no asynchronous work is left. */
    idle(): Promise<void> {
        return this.pending === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
    }

    private later(delayMs: number, work: () => void): void {
        this.pending++;
        setTimeout(() => {
            try {
                work();
            } catch (e) {
                const message = e instanceof Error ? e.message : String(e);
                this.errors.push(message);
                this.log(`async work failed: ${message}`);
            } finally {
                this.pending--;
                if (this.pending === 0) this.waiters.splice(0).forEach((w) => w());
            }
        }, delayMs).unref?.();
    }

    private deliver(org: LocalOrg, events: SObject[], withHeldBack = false): void {
        org.transaction((run) => {
            const platform = run.org as PlatformState;
            platform.eventBus = this.eventBus;
            platform.pendingEvents.push(...events);
            deliverEvents(run, withHeldBack);
        });
        this.scheduleRedelivery(org);
    }

    /** Held-back batches (retries, the rest after a checkpoint) go out again after a delay. */
    private scheduleRedelivery(org: LocalOrg): void {
        const held = [...this.eventBus.subscribers.values()].filter((s) => s.redeliver.length);
        if (!held.length || this.redeliveryScheduled) return;
        this.redeliveryScheduled = true;
        const delay = redeliveryDelayMs(Math.max(...held.map((s) => s.retries)));
        this.later(delay, () => {
            this.redeliveryScheduled = false;
            this.deliver(org, [], true);
        });
    }

    private runJob(org: LocalOrg, job: QueuedJob): void {
        const name =
            job.kind === 'future'
                ? `${job.method.owner.fullName}.${job.method.name}`
                : job.kind === 'metadataDeploy'
                  ? `Metadata deployment → ${job.callback.cls.fullName}`
                  : job.job.cls.fullName;
        org.transaction((run) => runJob(run, job));
        this.jobsRun.set(name, (this.jobsRun.get(name) ?? 0) + 1);
        this.log(`ran ${name} (${job.id})`);
    }
}
