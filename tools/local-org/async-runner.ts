/**
 * The local org's asynchronous work on a real clock: after a transaction commits, its platform events are
 * delivered (the event triggers run in a transaction of their own) and its Queueables run, each in a new
 * transaction with asynchronous limits, after their delay. Work those transactions leave behind follows the
 * same way. Failures are reported to the org's log and never stop the org.
 */
import { deliverEvents, QueueableContextValue } from '../apexrt/platform/platform-natives';
import { PlatformState, QueuedJob } from '../apexrt/platform/platform-state';
import { LimitContext } from '../apexrt/platform/limits';
import type { RunContext } from '../apexrt/interpreter/context';
import { callInstanceMethod } from '../apexrt/runner/execute';
import type { SObject } from '../apexrt/data';
import type { LocalOrg } from './local-org';

export class AsyncRunner {
    private pending = 0;
    private waiters: Array<() => void> = [];
    readonly errors: string[] = [];
    /** Jobs run so far, by class name (benchmarks count transactions). */
    readonly jobsRun = new Map<string, number>();

    constructor(private readonly log: (line: string) => void = () => undefined) {}

    /** Takes over the events and jobs a committed transaction left. */
    afterCommit(org: LocalOrg, run: RunContext): void {
        const platform = run.org instanceof PlatformState ? run.org : undefined;
        if (!platform) return;
        const events = platform.pendingEvents.splice(0);
        const jobs = platform.queue.splice(0);
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

    private deliver(org: LocalOrg, events: SObject[]): void {
        org.transaction((run) => {
            (run.org as PlatformState).pendingEvents.push(...events);
            deliverEvents(run);
        });
    }

    private runJob(org: LocalOrg, job: QueuedJob): void {
        org.transaction((run) => {
            run.limits = new LimitContext('async');
            callInstanceMethod(org.project, run, job.job, 'execute', [new QueueableContextValue(job.id)]);
        });
        this.jobsRun.set(job.job.cls.fullName, (this.jobsRun.get(job.job.cls.fullName) ?? 0) + 1);
        this.log(`ran ${job.job.cls.fullName} (${job.id})`);
    }
}
