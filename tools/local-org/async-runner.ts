/**
 * The local org's asynchronous work on a real clock: after a transaction commits, its platform events are delivered
 * (each event trigger batch runs in a transaction of its own) and its Queueables and @future calls run, each in a
 * new transaction with asynchronous limits, after their delay. Work those transactions leave behind follows the
 * same way. A transaction that fails leaves its Publish Immediately events only (they went out at the publish
 * call); its Publish After Commit events and its jobs go with its rolled-back work. Event batches a trigger asks to
 * retry (EventBus.RetryableException) or leaves after a resume checkpoint are delivered again after a delay that
 * grows with each retry (the platform documents "a small delay" that increases; apexrt's delays are its own).
 * Failures are reported to the org's log and never stop the org.
 * Standing work: a delayed Queueable of a class in `standing` (a chain that runs for as long as the org does, like
 * the co-sell poller) waits on its own timer and is not work `idle()` waits for — it is never done, as a
 * scheduled job is never done; `fireStanding` runs such jobs now (benchmarks cannot wait for the clock).
 */
import {
    deliverEvents,
    discardUncommittedEvents,
    runFinalizer,
    runJob,
    EventBusState,
    PlatformState,
    QueuedJob,
    type PendingFinalizer,
    type RunContext,
    type SObject
} from '../apexrt';
import type { LocalOrg } from './local-org';

/** Delay before a held-back event batch is delivered again: 1 s, 2 s, 4 s ... (apexrt's choice). */
const redeliveryDelayMs = (retries: number): number => 1000 * 2 ** Math.min(retries, 6);

/** Work the runner holds: waiting for its timer, or running now (settle's deadline lists it). */
export interface PendingWork {
    /** A job's class name, or 'delivery' (an event trigger's batch). */
    label: string;
    state: 'waiting' | 'running';
    /** When it was queued (waiting) or started (running), Date.now(). */
    since: number;
    /** When its timer is due (waiting work). */
    dueAt?: number;
}

interface Task {
    label: string;
    name: string;
    work: () => void;
    timer?: NodeJS.Timeout;
    queuedAt: number;
    dueAt: number;
}

/** One asynchronous job that ran: who enqueued it, with what delay, and which callouts it made. */
export interface JobRun {
    name: string;
    delayMinutes: number;
    /** The job whose transaction enqueued this one (undefined: a trigger, a request or a scheduled job did). */
    parent?: JobRun;
    /** The job's callouts: router log entries [calloutsFrom, calloutsTo). */
    calloutsFrom: number;
    calloutsTo: number;
    /**
     * The jobs its transaction enqueued, as enqueued: a child still waiting for its delay (the live poll's next
     * poll, standing work that settle() does not wait for) is here before it is in `runs`.
     */
    enqueued: Array<{ name: string; delayMinutes: number }>;
}

export class AsyncRunner {
    private pending = 0;
    private waiters: Array<() => void> = [];
    private redeliveryScheduled = false;
    private deliveryScheduled = false;
    private readonly undelivered: SObject[] = [];
    readonly errors: string[] = [];
    /** Jobs run so far, by class name (benchmarks count transactions). */
    readonly jobsRun = new Map<string, number>();
    /** The org's event bus: subscribers' retries and checkpoints outlive a transaction. */
    readonly eventBus = new EventBusState();
    /** Delays run this many times sooner (benchmarks and soaks: 600 makes a minute of back-off 100 ms). */
    delayScale = 1;
    /** Platform events taken over from committed transactions, and deliveries (event trigger runs) so far. */
    readonly counts = { events: 0, deliveries: 0 };
    /** Classes whose delayed Queueables are standing work (see above). */
    readonly standing = new Set<string>();
    private readonly waitingStanding = new Map<QueuedJob, NodeJS.Timeout>();
    /** Every job run so far, in order (benchmarks check what a job did after a 429). */
    readonly runs: JobRun[] = [];
    private current?: JobRun;
    /** Work waiting for its timer (later()), labelled by what it is: a job's class name, or 'delivery'. */
    private readonly waiting = new Set<Task>();
    /** Work running now, innermost last (runWaitingNow runs work inside a job's callout). */
    private readonly running: Array<{ label: string; startedAt: number }> = [];
    private readonly enqueuedBy = new WeakMap<QueuedJob, JobRun>();

    constructor(private readonly log: (line: string) => void = () => undefined) {}

    /** Takes over the events and jobs a committed transaction left. */
    afterCommit(org: LocalOrg, run: RunContext): void {
        const platform = run.org instanceof PlatformState ? run.org : undefined;
        if (!platform) return;
        this.takeEvents(org, platform, platform.pendingEvents.splice(0));
        this.takeJobs(org, platform.queue.splice(0));
    }

    /**
     * Takes over what a failed transaction published anyway: its Publish Immediately events went out at the
     * EventBus.publish call, its Publish After Commit events and its jobs are dropped with its work (apexrt's
     * discardUncommittedEvents holds the rule and its source).
     */
    afterRollback(org: LocalOrg, run: RunContext): void {
        const platform = run.org instanceof PlatformState ? run.org : undefined;
        if (!platform) return;
        discardUncommittedEvents(platform, 0);
        this.takeEvents(org, platform, platform.pendingEvents.splice(0));
    }

    private takeEvents(org: LocalOrg, platform: PlatformState, events: SObject[]): void {
        // ReplayIds come from the org's bus, not from the transaction that published.
        if (platform.eventBus !== this.eventBus)
            for (const e of events) e.setRaw('ReplayId', this.eventBus.nextReplayId());
        this.counts.events += events.length;
        // Events published while a delivery is waiting join its batch: an event trigger receives what has
        // accumulated, up to 2,000 a batch (Platform Events Developer Guide, "Subscribe with Apex Triggers").
        this.undelivered.push(...events);
        if (events.length && !this.deliveryScheduled) {
            this.deliveryScheduled = true;
            this.later(
                0,
                () => {
                    this.deliveryScheduled = false;
                    this.deliver(org, this.undelivered.splice(0));
                },
                'delivery'
            );
        }
    }

    private takeJobs(org: LocalOrg, jobs: QueuedJob[]): void {
        if (this.current)
            for (const job of jobs) {
                this.enqueuedBy.set(job, this.current);
                this.current.enqueued.push({
                    name: jobName(job),
                    delayMinutes: job.kind === 'queueable' ? job.delayMinutes : 0
                });
            }
        for (const job of jobs)
            if (job.kind === 'queueable' && job.delayMinutes > 0 && this.standing.has(job.job.cls.fullName))
                this.holdStanding(org, job);
            else
                this.later(
                    job.delayMinutes * 60_000,
                    () => this.runJob(org, job),
                    job.kind === 'queueable' ? job.job.cls.fullName : '',
                    jobName(job)
                );
    }

    /** Standing jobs waiting for their delay, by class name. */
    standingJobs(): QueuedJob[] {
        return [...this.waitingStanding.keys()];
    }

    /** Runs the standing jobs waiting now, at once (their delay cut short), as work `idle()` waits for. */
    fireStanding(org: LocalOrg): number {
        const jobs = this.standingJobs();
        for (const job of jobs) {
            clearTimeout(this.waitingStanding.get(job));
            this.waitingStanding.delete(job);
            this.later(0, () => this.runJob(org, job), '', jobName(job));
        }
        return jobs.length;
    }

    /**
     * Standing jobs' delays run this many times sooner (default: as other delays, `delayScale`). A soak keeps the
     * poll chain on the real clock (1) while it compresses the engine's back-off.
     */
    standingDelayScale?: number;

    /**
     * Aborts the waiting standing jobs of a class, as a deploy of the package aborts its queued jobs (the admin
     * allows deployments while jobs are pending, Setup > Deployment Settings); returns how many were aborted.
     */
    abortStanding(className: string): number {
        let aborted = 0;
        for (const [job, timer] of [...this.waitingStanding])
            if (job.kind === 'queueable' && job.job.cls.fullName === className) {
                clearTimeout(timer);
                this.waitingStanding.delete(job);
                aborted++;
            }
        return aborted;
    }

    /** Drops the standing jobs' timers (the org stops). */
    stop(): void {
        for (const timer of this.waitingStanding.values()) clearTimeout(timer);
        this.waitingStanding.clear();
    }

    private holdStanding(org: LocalOrg, job: QueuedJob): void {
        const timer = setTimeout(
            () => {
                this.waitingStanding.delete(job);
                this.later(0, () => this.runJob(org, job), '', jobName(job));
            },
            Math.round((job.delayMinutes * 60_000) / (this.standingDelayScale ?? this.delayScale))
        );
        timer.unref?.();
        this.waitingStanding.set(job, timer);
    }

    /** The work `idle()` waits for: running now, then waiting by due time (standing jobs are not in it). */
    pendingWork(): PendingWork[] {
        return [
            ...this.running.map((r) => ({ label: r.label, state: 'running' as const, since: r.startedAt })),
            ...[...this.waiting]
                .sort((a, b) => a.dueAt - b.dueAt)
                .map((t) => ({ label: t.name, state: 'waiting' as const, since: t.queuedAt, dueAt: t.dueAt }))
        ];
    }

    /** Resolves when no asynchronous work is left. */
    idle(): Promise<void> {
        return this.pending === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
    }

    /** `label` is what runWaitingNow matches; `name` what pendingWork shows. */
    private later(delayMs: number, work: () => void, label = '', name = label): void {
        delayMs = Math.round(delayMs / this.delayScale);
        this.pending++;
        const queuedAt = Date.now();
        const task: Task = { label, name, work, queuedAt, dueAt: queuedAt + delayMs };
        this.waiting.add(task);
        task.timer = setTimeout(() => this.runTask(task), delayMs);
        task.timer.unref?.();
    }

    private runTask(task: Task): void {
        if (!this.waiting.delete(task)) return;
        const running = { label: task.name, startedAt: Date.now() };
        this.running.push(running);
        try {
            task.work();
        } catch (e) {
            const message = e instanceof Error ? e.message : String(e);
            this.errors.push(message);
            this.log(`async work failed: ${message}`);
        } finally {
            this.running.splice(this.running.indexOf(running), 1);
            this.pending--;
            if (this.pending === 0) this.waiters.splice(0).forEach((w) => w());
        }
    }

    /**
     * Runs now, one after the other, the waiting work whose label matches (a job's class name, or 'delivery' for
     * an event trigger's batch), including what that work leaves behind, at most `limit` runs: LocalOrg's
     * interleaving runs it while another job is inside its callout. Returns how many ran.
     */
    runWaitingNow(matches: (label: string) => boolean, limit = 20): number {
        const current = this.current;
        let n = 0;
        for (; n < limit; n++) {
            const task = [...this.waiting].find((t) => matches(t.label));
            if (!task) break;
            clearTimeout(task.timer);
            this.runTask(task);
        }
        this.current = current;
        return n;
    }

    private deliver(org: LocalOrg, events: SObject[], withHeldBack = false): void {
        this.counts.deliveries++;
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
        this.later(
            delay,
            () => {
                this.redeliveryScheduled = false;
                this.deliver(org, [], true);
            },
            'delivery'
        );
    }

    private runJob(org: LocalOrg, job: QueuedJob): void {
        const name = jobName(job);
        let finalizer: PendingFinalizer | undefined;
        const callouts = (): number => org.router?.log.length ?? 0;
        const record: JobRun = {
            name,
            delayMinutes: job.kind === 'queueable' ? job.delayMinutes : 0,
            parent: this.enqueuedBy.get(job),
            calloutsFrom: callouts(),
            calloutsTo: callouts(),
            enqueued: []
        };
        this.runs.push(record);
        this.current = record;
        try {
            org.transaction((run) => runJob(run, job, (pending) => (finalizer = pending)));
        } catch (e) {
            // A failure the org injected (LocalOrg.failJobsMidway) is the fault under test, not an error of the org.
            if (!org.isInjectedFailure(e)) throw e;
            this.log(`${name} (${job.id}) failed as injected: ${(e as Error).message}`);
        } finally {
            record.calloutsTo = callouts();
            this.current = undefined;
            // The finalizer runs in a transaction of its own, after the job's (rolled back when it failed).
            this.jobsRun.set(name, (this.jobsRun.get(name) ?? 0) + 1);
            if (finalizer) {
                const pending = finalizer;
                org.transaction((run) => runFinalizer(run, pending));
            }
        }
        this.log(`ran ${name} (${job.id})`);
    }
}

/** A job's name in the log and in pendingWork: its class (and method, for a future call). */
function jobName(job: QueuedJob): string {
    return job.kind === 'future'
        ? `${job.method.owner.fullName}.${job.method.name}`
        : job.kind === 'metadataDeploy'
          ? `Metadata deployment → ${job.callback.cls.fullName}`
          : job.job.cls.fullName;
}
