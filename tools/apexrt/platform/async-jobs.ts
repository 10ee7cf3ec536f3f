/**
 * Running queued asynchronous work: Queueables and @future calls, each in a transaction of its own with
 * asynchronous limits (Apex Developer Guide, "Queueable Apex", "Future Methods", "Execution Governors and
 * Limits"); in tests at Test.stopTest, outside tests by the local org's async runner (tools/local-org).
 */
import type { RunContext } from '../interpreter/context';
import { Interpreter } from '../interpreter/interpreter';
import { callInstanceMethod } from '../runner/execute';
import { implementsStandard } from '../types/classes';
import { layerOf, runAsJobUser } from './job-user';
import { deliverEvents, discardUncommittedEvents } from './event-delivery';
import { PendingFinalizer, runFinalizer } from './finalizers';
import { ApexError, ApexObject } from '../interpreter/runtime-values';
import { LimitContext } from './limits';
import { runDeployment } from './metadata-deploy';
import { runBatch } from './batch-apex';
import { platformOf, QueuedJob, ScheduledJob } from './platform-state';

export class SchedulableContextValue {
    constructor(readonly triggerId: string) {}
}
export class QueueableContextValue {
    constructor(readonly jobId: string) {}
}

/**
 * Runs one queued job in its own transaction: asynchronous limits, no uncommitted work, System.isFuture() /
 * isQueueable() true, callouts allowed by @future(callout=true) or Database.AllowsCallouts. The run's limits,
 * context and pending-work flag are restored afterwards (the caller's transaction resumes).
 */
export function runJob(run: RunContext, job: QueuedJob, onFinalizer?: (pending: PendingFinalizer) => void): void {
    if (job.kind === 'metadataDeploy' || job.kind === 'batch') {
        if (job.kind === 'batch') runBatch(run, job);
        else runDeployment(run, job);
        platformOf(run).executedJobs++;
        return;
    }
    const platform = platformOf(run);
    const layer = layerOf(run);
    const program = layer.program;
    const saved = {
        limits: run.limits,
        async: platform.asyncContext,
        uncommitted: platform.uncommittedWork,
        entryDepth: platform.entryDepth,
        queueable: platform.runningQueueable,
        finalizer: platform.attachedFinalizer
    };
    const before = { db: layer.org.db.snapshot(), events: platform.pendingEvents.length, jobs: platform.queue.length };
    run.limits = new LimitContext('async');
    platform.uncommittedWork = false;
    platform.runningJob = true;
    platform.entryDepth = run.callClasses.length;
    platform.attachedFinalizer = null;
    const restoreUser = runAsJobUser(run, job.userId);
    let failure: unknown;
    let finalizer: ApexObject | null = null;
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
            platform.runningQueueable = job;
            callInstanceMethod(program, run, job.job, 'execute', [new QueueableContextValue(job.id)]);
        }
    } catch (e) {
        failure = e;
    } finally {
        finalizer = platform.attachedFinalizer;
        restoreUser();
        platform.entryDepth = saved.entryDepth;
        platform.runningJob = false;
        platform.startingFuture = null;
        platform.asyncContext = saved.async;
        platform.uncommittedWork = saved.uncommitted;
        platform.runningQueueable = saved.queueable;
        platform.attachedFinalizer = saved.finalizer;
        run.limits = saved.limits;
    }
    platform.executedJobs++;
    if (finalizer && job.kind === 'queueable' && (failure === undefined || failure instanceof ApexError)) {
        const pending: PendingFinalizer = { finalizer, job, failure: (failure as ApexError | undefined) ?? null };
        if (onFinalizer) {
            onFinalizer(pending); // the caller runs it in a transaction of its own
        } else {
            // Tests: the failed job's work is rolled back, then the finalizer runs.
            if (failure) {
                layer.org.db.restore(before.db);
                discardUncommittedEvents(platform, before.events);
                platform.queue.length = before.jobs;
            }
            runFinalizer(run, pending);
        }
    }
    if (failure !== undefined) throw failure;
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
