/**
 * The local org's Apex scheduler: jobs a transaction scheduled with System.schedule fire on a real clock at
 * the times of their cron expression, each in a transaction of its own with asynchronous limits, until
 * System.abortJob deletes their CronTrigger row. (In tests apexrt runs scheduled jobs once at Test.stopTest
 * instead — Apex Developer Guide, "Testing the Apex Scheduler".)
 */
import { ApexDatetime, CronSchedule, runScheduledJob, PlatformState, ScheduledJob, type RunContext } from '../apexrt';
import type { LocalOrg } from './local-org';

interface Entry {
    job: ScheduledJob;
    schedule: CronSchedule;
    timer?: NodeJS.Timeout;
}

export class Scheduler {
    private readonly entries = new Map<string, Entry>();
    readonly errors: string[] = [];

    constructor(
        private readonly now: () => number,
        private readonly log: (line: string) => void = () => undefined
    ) {}

    /** Takes over the jobs a committed transaction scheduled. */
    afterCommit(org: LocalOrg, run: RunContext): void {
        const platform = run.org instanceof PlatformState ? run.org : undefined;
        for (const job of platform?.scheduled.splice(0) ?? []) {
            const entry: Entry = { job, schedule: new CronSchedule(job.cronExpression) };
            this.entries.set(job.cronTriggerId, entry);
            this.arm(org, entry);
        }
    }

    /** The scheduled jobs still in force (CronTrigger row present). */
    jobs(org: LocalOrg): ScheduledJob[] {
        return [...this.entries.values()].filter((e) => this.alive(org, e)).map((e) => e.job);
    }

    /** When a job fires next after `afterMs` (by its cron expression). */
    nextFireTime(cronTriggerId: string, afterMs: number): number | undefined {
        return this.entries.get(cronTriggerId)?.schedule.nextAfter(afterMs);
    }

    /** Fires a job now, as its timer would (benchmarks and tests that cannot wait for the clock). */
    fire(org: LocalOrg, cronTriggerId: string): void {
        const entry = this.entries.get(cronTriggerId);
        if (!entry || !this.alive(org, entry)) throw new Error(`no scheduled job ${cronTriggerId}`);
        this.execute(org, entry);
    }

    stop(): void {
        for (const entry of this.entries.values()) clearTimeout(entry.timer);
        this.entries.clear();
    }

    private arm(org: LocalOrg, entry: Entry): void {
        const at = entry.schedule.nextAfter(this.now());
        if (at === undefined) return;
        if (this.alive(org, entry))
            org.data.org.db.updateSystemRow(entry.job.cronTriggerId, { NextFireTime: new ApexDatetime(at) });
        // setTimeout holds at most ~24.8 days; a later fire time re-arms on the way.
        const wait = Math.min(at - this.now(), 2 ** 31 - 1);
        entry.timer = setTimeout(() => {
            if (!this.alive(org, entry)) return void this.entries.delete(entry.job.cronTriggerId);
            if (this.now() >= at) this.execute(org, entry);
            this.arm(org, entry);
        }, wait);
        entry.timer.unref?.();
    }

    private alive(org: LocalOrg, entry: Entry): boolean {
        return org.data.org.db.getRow(entry.job.cronTriggerId) !== undefined;
    }

    private execute(org: LocalOrg, entry: Entry): void {
        try {
            org.transaction((run) => runScheduledJob(run, entry.job));
            const row = org.data.org.db.getRow(entry.job.cronTriggerId)?.row;
            if (row)
                org.data.org.db.updateSystemRow(entry.job.cronTriggerId, {
                    TimesTriggered: Number(row.timestriggered ?? 0) + 1
                });
            this.log(`ran scheduled job ${entry.job.name}`);
        } catch (e) {
            const message = `scheduled job ${entry.job.name} failed: ${e instanceof Error ? e.message : String(e)}`;
            this.errors.push(message);
            this.log(message);
        }
    }
}
