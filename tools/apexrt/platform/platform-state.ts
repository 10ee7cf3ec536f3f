/**
 * Platform state of one run (RunOptions.org): the callout mock, whether the transaction has uncommitted DML,
 * platform events waiting for delivery, queued async jobs, the asynchronous context code runs in, the event
 * subscribers' retry / checkpoint state, and where callouts go outside tests.
 */
import type { RunContext } from '../interpreter/context';
import type { LimitContext } from './limits';
import type { ApexObject } from '../interpreter/runtime-values';
import type { SObject } from '../data/sobject';
import type { MethodInfo } from '../types/classes';
import type { HttpRequestValue, HttpResponseValue } from './http-values';
import type { TriggerContextValue } from './event-delivery';
import type { QueuedDeployment } from './metadata-deploy';
import type { QueuedBatch } from './batch-apex';

export interface ScheduledJob {
    cronTriggerId: string;
    cronJobDetailId: string;
    name: string;
    cronExpression: string;
    job: ApexObject;
    /** The user who scheduled it (the job runs as that user). */
    userId?: string;
}

export interface QueuedQueueable {
    id: string;
    kind: 'queueable';
    job: ApexObject;
    delayMinutes: number;
    /** Enqueued while another queued job was running. */
    chained: boolean;
    /** Its place in its chain: 1 for a job enqueued outside a Queueable, the parent's depth + 1 when chained. */
    depth: number;
    /** The chain's maximum stack depth (AsyncOptions, inherited by chained jobs, else the org's default). */
    maxDepth: number | null;
    /** Whether an AsyncOptions of this job or of its chain set the maximum. */
    maxDepthSet: boolean;
    /** AsyncOptions.MinimumQueueableDelayInMinutes it was enqueued with (null when none). */
    minimumDelay: number | null;
    /** Re-enqueued by a finalizer after this many consecutive failures (finalizers.ts). */
    finalizerReenqueues?: number;
    /** The running user when it was enqueued: the job runs as that user (see async-jobs.ts). */
    userId?: string;
}

/** A call of an @future method, with its arguments copied at call time. */
export interface QueuedFuture {
    id: string;
    kind: 'future';
    method: MethodInfo;
    args: unknown[];
    /** @future(callout=true). */
    callout: boolean;
    delayMinutes: 0;
    /** The running user at the call: the future runs as that user (see async-jobs.ts). */
    userId?: string;
}

export type QueuedJob = QueuedQueueable | QueuedFuture | QueuedDeployment | QueuedBatch;

/** The asynchronous context code runs in (System.isFuture / isQueueable; callout and chaining rules). */
export interface AsyncContext {
    /** deployCallback: Metadata.DeployCallback.handleResult after a custom metadata deployment. */
    kind: 'future' | 'queueable' | 'eventTrigger' | 'deployCallback' | 'finalizer' | 'batch' | 'publishCallback';
    /** @future(callout=true), or a Queueable implementing Database.AllowsCallouts. */
    allowsCallouts: boolean;
}

/** One platform event trigger as a subscriber (EventBusSubscriber): its retry count and resume checkpoint. */
export interface SubscriberState {
    /** Retries caused by EventBus.RetryableException since the last successful batch. */
    retries: number;
    lastError: string | null;
    /** ReplayId set with setResumeCheckpoint in the running (or last failed / ended) batch. */
    checkpoint: string | null;
    /** Events to deliver again before new ones (a retried batch, or the rest after a checkpoint). */
    redeliver: SObject[];
    /** 'error' after the maximum number of retries: the trigger receives nothing more. */
    state: 'running' | 'error';
}

/** The event bus of an org: its subscribers (platform event triggers by name) and the ReplayIds handed out. */
export class EventBusState {
    readonly subscribers = new Map<string, SubscriberState>();
    private replayCounter = 0;
    /**
     * Publish After Commit events the bus accepted so far (event-delivery.ts acceptEvents): a savepoint notes the
     * count, and a rollback past one of them is refused (database-natives.ts rollbackTo).
     */
    afterCommitAccepted = 0;

    subscriber(triggerName: string): SubscriberState {
        let s = this.subscribers.get(triggerName.toLowerCase());
        if (!s) {
            s = { retries: 0, lastError: null, checkpoint: null, redeliver: [], state: 'running' };
            this.subscribers.set(triggerName.toLowerCase(), s);
        }
        return s;
    }

    nextReplayId(): string {
        this.replayCounter++;
        return String(this.replayCounter);
    }
}

/** Sends a callout for real (outside tests): the local org routes named credentials to the emulator. */
export type CalloutRouter = (request: HttpRequestValue) => HttpResponseValue;

export class PlatformState {
    mock: ApexObject | null = null;
    uncommittedWork = false;
    pendingEvents: SObject[] = [];
    queue: QueuedJob[] = [];
    scheduled: ScheduledJob[] = [];
    runningJob = false;
    /** EventBus.publish calls so far (benchmarks count them per transaction). */
    publishCalls = 0;
    /**
     * Where the entry point of the running transaction sits in `run.callClasses` (a job or event batch started
     * inside a test method runs above the test's frames); the sharing mode is resolved from there (sharing.ts).
     */
    entryDepth = 0;
    /** The asynchronous context of the code running now (null: synchronous). */
    asyncContext: AsyncContext | null = null;
    /** The @future method the runtime is starting now (its call runs the body instead of queueing it). */
    startingFuture: MethodInfo | null = null;
    /** EventBus.TriggerContext of the platform event trigger running now. */
    triggerContext: TriggerContextValue | null = null;
    /** Event subscribers and ReplayIds (shared between the transactions of a long-lived org). */
    eventBus = new EventBusState();
    /** Real time spent in callouts per limit context (transaction), for the cumulative callout time limit. */
    readonly calloutMs = new WeakMap<LimitContext, number>();
    /** The test's limits while Test.startTest's fresh context is in force. */
    outerLimits?: LimitContext;
    /** The finalizer the running Queueable attached (System.attachFinalizer). */
    attachedFinalizer: ApexObject | null = null;
    /** In a finalizer after a failed job: the consecutive re-enqueues a job it enqueues carries (-1: too many). */
    finalizerReenqueues = 0;
    /** The Queueable running now (AsyncInfo, chained depth). */
    runningQueueable: QueuedQueueable | null = null;
    /** Jobs run so far (tests and the local org's async runner read it). */
    executedJobs = 0;
    /** Set by a host: whether the org's daily asynchronous Apex executions are used up now (daily-async-limit.ts). */
    dailyAsyncLimitReached?: () => boolean;
    private jobCounter = 0;

    constructor(readonly router?: CalloutRouter) {}

    nextJobId(): string {
        this.jobCounter++;
        return `7070000000${String(this.jobCounter).padStart(5, '0')}AAA`;
    }
}

export function platformOf(run: RunContext): PlatformState {
    if (!(run.org instanceof PlatformState)) run.org = new PlatformState();
    return run.org as PlatformState;
}
