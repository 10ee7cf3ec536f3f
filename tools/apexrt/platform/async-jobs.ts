/**
 * Running queued asynchronous work: Queueables and @future calls, each in a transaction of its own with
 * asynchronous limits (Apex Developer Guide, "Queueable Apex", "Future Methods", "Execution Governors and
 * Limits"); in tests at Test.stopTest, outside tests by the local org's async runner (tools/local-org).
 */
import { ApexUnsupported } from '../core/values';
import { OrgDataLayer } from '../data-bridge/org-data-layer';
import type { RunContext } from '../interpreter/context';
import { Interpreter } from '../interpreter/interpreter';
import { callInstanceMethod } from '../runner/execute';
import { implementsStandard } from '../types/classes';
import { deliverEvents } from './event-delivery';
import { LimitContext } from './limits';
import { runDeployment } from './metadata-deploy';
import { platformOf, QueuedJob, ScheduledJob } from './platform-state';

export class SchedulableContextValue {
    constructor(readonly triggerId: string) {}
}
export class QueueableContextValue {
    constructor(readonly jobId: string) {}
}

export function layerOf(run: RunContext): OrgDataLayer {
    if (!(run.data instanceof OrgDataLayer)) throw new ApexUnsupported('platform features without the data layer');
    return run.data;
}

/**
 * Runs one queued job in its own transaction: asynchronous limits, no uncommitted work, System.isFuture() /
 * isQueueable() true, callouts allowed by @future(callout=true) or Database.AllowsCallouts. The run's limits,
 * context and pending-work flag are restored afterwards (the caller's transaction resumes).
 */
export function runJob(run: RunContext, job: QueuedJob): void {
    if (job.kind === 'metadataDeploy') {
        runDeployment(run, job);
        platformOf(run).executedJobs++;
        return;
    }
    const platform = platformOf(run);
    const program = layerOf(run).program;
    const saved = {
        limits: run.limits,
        async: platform.asyncContext,
        uncommitted: platform.uncommittedWork,
        entryDepth: platform.entryDepth
    };
    run.limits = new LimitContext('async');
    platform.uncommittedWork = false;
    platform.runningJob = true;
    platform.entryDepth = run.callClasses.length;
    const restoreUser = runAsJobUser(run, job.userId);
    try {
        if (job.kind === 'future') {
            platform.asyncContext = { kind: 'future', allowsCallouts: job.callout };
            platform.startingFuture = job.method;
            const at = job.method.member ?? { line: 0, col: 0 };
            new Interpreter(program, run).calls.invoke(job.method, null, job.args, at);
        } else {
            platform.asyncContext = {
                kind: 'queueable',
                allowsCallouts: implementsStandard(job.job.cls, 'Database.AllowsCallouts')
            };
            callInstanceMethod(program, run, job.job, 'execute', [new QueueableContextValue(job.id)]);
        }
    } finally {
        restoreUser();
        platform.entryDepth = saved.entryDepth;
        platform.runningJob = false;
        platform.startingFuture = null;
        platform.asyncContext = saved.async;
        platform.uncommittedWork = saved.uncommitted;
        run.limits = saved.limits;
    }
    platform.executedJobs++;
}

/**
 * Runs a scheduled job's execute(SchedulableContext) with asynchronous limits (at Test.stopTest in tests; on its
 * cron times in the local org); the run's limits are restored afterwards.
 */
export function runScheduledJob(run: RunContext, scheduled: ScheduledJob): void {
    const platform = platformOf(run);
    const saved = { limits: run.limits, entryDepth: platform.entryDepth, async: platform.asyncContext };
    run.limits = new LimitContext('async');
    platform.entryDepth = run.callClasses.length;
    const restoreUser = runAsJobUser(run, scheduled.userId);
    try {
        callInstanceMethod(layerOf(run).program, run, scheduled.job, 'execute', [
            new SchedulableContextValue(scheduled.cronTriggerId)
        ]);
    } finally {
        restoreUser();
        platform.entryDepth = saved.entryDepth;
        run.limits = saved.limits;
    }
}

/**
 * The running user of queued work: the user who enqueued, called or scheduled it (INFERRED for Queueables and
 * futures: the Apex Developer Guide does not say it in words; AsyncApexJob.CreatedById is that user). Work queued
 * by a platform event trigger therefore runs as the trigger's user — the Automated Process user unless a
 * PlatformEventSubscriberConfig names another (event-delivery.ts). Returns how to switch back.
 */
export function runAsJobUser(run: RunContext, userId: string | undefined): () => void {
    if (!userId) return () => undefined;
    const db = layerOf(run).org.db;
    const previous = db.runningUserId;
    db.runningUserId = userId;
    return () => {
        db.runningUserId = previous;
    };
}

/** The running user now (recorded on queued work). */
export function currentUserId(run: RunContext): string | undefined {
    if (!(run.data instanceof OrgDataLayer)) return undefined;
    const org = run.data.org;
    return org.db.runningUserId ?? org.setup.runningUserId;
}

/**
 * Test.stopTest: runs scheduled jobs once, then delivers events and runs queued jobs until none are left. A
 * retried event batch waits for the next Test.getEventBus().deliver().
 */
export function runQueuedWork(run: RunContext): void {
    const platform = platformOf(run);
    const testLimits = run.limits;
    try {
        // Scheduled jobs run once at Test.stopTest (tests only).
        for (const scheduled of run.isTest ? platform.scheduled.splice(0) : []) runScheduledJob(run, scheduled);
        deliverEvents(run);
        for (;;) {
            if (platform.pendingEvents.length) deliverEvents(run, false);
            const job = platform.queue.shift();
            if (!job) break;
            runJob(run, job);
        }
    } finally {
        run.limits = testLimits;
    }
}
