/**
 * Transaction Finalizers (Apex Developer Guide, "Transaction Finalizers"; Apex Reference, "Finalizer Interface",
 * "FinalizerContext Interface"):
 * - System.attachFinalizer(finalizer) in a running Queueable attaches one System.Finalizer; after the job, its
 *   execute(FinalizerContext) runs "in separate Apex and Database transactions": when the job ended with an
 *   uncaught exception its work is rolled back first, and getResult() is UNHANDLED_EXCEPTION with
 *   getException() the exception; otherwise SUCCESS and null.
 * - The finalizer's transaction has synchronous limits, except that enqueueJob (1), @future (0 here, as for
 *   asynchronous Apex) and heap use asynchronous limits. It may call out ("the Finalizer can include REST callouts").
 * - "A Queueable job that failed due to an unhandled exception can be successively re-enqueued five times by a
 *   transaction finalizer": a sixth re-enqueue after consecutive failures is not modelled (what the platform does
 *   then is not documented) and fails as unsupported.
 * - In tests the finalizer runs at Test.stopTest right after its job; a job's uncaught exception still fails the
 *   test afterwards (commonly reported; INFERRED). A job enqueued by a finalizer starts a new chain (depth 1;
 *   INFERRED from reports that the stack information is not kept).
 * Not modelled (unsupported): attaching outside a Queueable, attaching twice, getRequestId().
 */
import { ApexUnsupported } from '../core/values';
import { OrgDataLayer } from '../data-bridge/org-data-layer';
import type { RunContext } from '../interpreter/context';
import { ApexError, ApexObject } from '../interpreter/runtime-values';
import { callInstanceMethod } from '../runner/execute';
import { implementsStandard } from '../types/classes';
import { inOwnTransaction } from './own-transaction';
import { LimitContext } from './limits';
import { platformOf, QueuedQueueable } from './platform-state';

/** Consecutive re-enqueues after failures a finalizer may make ("Transaction Finalizers"). */
export const MAX_FINALIZER_REENQUEUES = 5;

/** A finalizer waiting to run after its job. */
export interface PendingFinalizer {
    finalizer: ApexObject;
    job: QueuedQueueable;
    failure: ApexError | null;
}

export class FinalizerContextValue {
    constructor(
        readonly jobId: string,
        readonly failure: ApexError | null
    ) {}
}

export function attachFinalizer(run: RunContext, finalizer: unknown): void {
    const platform = platformOf(run);
    if (!platform.runningQueueable || platform.asyncContext?.kind !== 'queueable')
        throw new ApexUnsupported('System.attachFinalizer outside a Queueable');
    if (!(finalizer instanceof ApexObject) || !implementsStandard(finalizer.cls, 'Finalizer'))
        throw new ApexUnsupported('System.attachFinalizer with an object that does not implement System.Finalizer');
    if (platform.attachedFinalizer) throw new ApexUnsupported('System.attachFinalizer a second time in one job');
    platform.attachedFinalizer = finalizer;
}

/** Runs a finalizer in its own limits context (the caller gives it its own transaction). */
export function runFinalizer(run: RunContext, pending: PendingFinalizer): void {
    const platform = platformOf(run);
    const saved = {
        running: platform.runningJob,
        queueable: platform.runningQueueable,
        reenqueues: platform.finalizerReenqueues
    };
    platform.runningJob = true;
    platform.runningQueueable = null;
    // Jobs it enqueues after a failure count as re-enqueues of the failed job.
    platform.finalizerReenqueues = pending.failure ? (pending.job.finalizerReenqueues ?? 0) + 1 : 0;
    if (platform.finalizerReenqueues > MAX_FINALIZER_REENQUEUES) platform.finalizerReenqueues = -1; // enqueue refuses: see above
    // It runs as its job's user (the user who enqueued the job, async-jobs.ts).
    const context = {
        limits: new LimitContext('sync', { queueableJobs: 1, futureCalls: 0 }),
        async: { kind: 'finalizer' as const, allowsCallouts: true },
        userId: pending.job.userId
    };
    try {
        inOwnTransaction(run, context, () =>
            callInstanceMethod(layerProgram(run), run, pending.finalizer, 'execute', [
                new FinalizerContextValue(pending.job.id, pending.failure)
            ])
        );
    } finally {
        platform.runningJob = saved.running;
        platform.runningQueueable = saved.queueable;
        platform.finalizerReenqueues = saved.reenqueues;
    }
}

function layerProgram(run: RunContext): OrgDataLayer['program'] {
    if (!(run.data instanceof OrgDataLayer)) throw new ApexUnsupported('finalizers without the data layer');
    return run.data.program;
}

export function finalizerContextMethod(self: FinalizerContextValue, method: string): { value: unknown } | undefined {
    switch (method.toLowerCase()) {
        case 'getresult':
            return { value: self.failure ? 'UNHANDLED_EXCEPTION' : 'SUCCESS' };
        case 'getexception':
            return { value: self.failure ? self.failure.obj : null };
        case 'getasyncapexjobid':
            return { value: self.jobId };
        case 'getrequestid':
            throw new ApexUnsupported('FinalizerContext.getRequestId');
        default:
            return undefined;
    }
}
