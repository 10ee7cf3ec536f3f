/**
 * Platform state of one run (RunOptions.org): the callout mock, whether the transaction has uncommitted DML,
 * platform events waiting for delivery, queued async jobs, and where callouts go outside tests.
 */
import type { RunContext } from '../interpreter/context';
import type { LimitContext } from './limits';
import type { ApexObject } from '../interpreter/runtime-values';
import type { SObject } from '../data/sobject';
import type { HttpRequestValue, HttpResponseValue } from './http-values';

export interface ScheduledJob {
    cronTriggerId: string;
    cronJobDetailId: string;
    name: string;
    cronExpression: string;
    job: ApexObject;
}

export interface QueuedJob {
    id: string;
    kind: 'queueable';
    job: ApexObject;
    delayMinutes: number;
    /** Enqueued while another queued job was running. */
    chained: boolean;
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
    /** The test's limits while Test.startTest's fresh context is in force. */
    outerLimits?: LimitContext;
    /** Jobs run so far (tests and the local org's async runner read it). */
    executedJobs = 0;
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
