/**
 * Which injected fault a failed sync log comes from, so the soak's table can say per fault kind how many faults
 * were surfaced to a person. Nearly every deal of a long run gets some Failed log; counting a fault as surfaced
 * because its deal has one (whatever caused it) said nothing. A Failed log is attributed to the latest fault
 * injected before it (on the org's clock) whose kind explains the log's error — its HTTP status, error code or
 * operation — and, for a fault aimed at one deal, only when the log is that deal's (unless the fault acts on the
 * whole org, ORG_WIDE); a fault aimed at the log's deal goes before one aimed at whatever request came next.
 */

/** A Failed Sync_Log__c row as the soak reads it. */
export interface FailedLog {
    /** CreatedDate on the org's clock (ms). */
    at: number;
    operation: string;
    httpStatus: number | null;
    errorCode: string | null;
    message: string | null;
    opportunityId: string | null;
    referralId: string | null;
}

/** An injected fault as attribution needs it. */
export interface FaultToAttribute {
    kind: string;
    /** When it was injected, on the org's clock (ms). */
    at: number;
    /** The deal it was aimed at (its records), when it was aimed at one. */
    aimedAt?: { opportunityId?: string; referralId?: string };
}

/** SyncQueueFailure.OPERATION, SyncJobFinalizer's operation, the webhook's refused delivery (ReferralSyncDispatcher). */
const QUEUE_FAILED = 'Queue sync';
const JOB_FAILED = 'Job failed';
const WEBHOOK_REFUSED = 'Receive event';

/** Whether a fault of `kind` can be the cause of `log` (by the log's error, not by its deal). */
export function explains(kind: string, log: FailedLog): boolean {
    const text = `${log.errorCode ?? ''} ${log.message ?? ''}`;
    switch (kind) {
        case '401 sign-in expired':
            return log.httpStatus === 401;
        case '403 role removed':
            return log.httpStatus === 403;
        case '412 conflict':
            return log.httpStatus === 412;
        case '429':
        case '500':
        case '503':
            return log.httpStatus === Number(kind);
        case 'outage (503 x5)':
            return log.httpStatus === 503;
        case 'timeout':
            return log.httpStatus === null && /timed out/i.test(text);
        case 'row lock (UNABLE_TO_LOCK_ROW)':
            return text.includes('UNABLE_TO_LOCK_ROW');
        case 'job fails mid-way (outbound)':
        case 'job fails mid-way (create)':
        case 'job fails mid-way (inbound)':
            return log.operation === JOB_FAILED;
        case 'daily async limit (event retried)':
        case 'daily async limit (retries exhausted)':
            return log.operation === QUEUE_FAILED || text.includes('AsyncException');
        case 'signing certificate rotated':
            return log.operation === WEBHOOK_REFUSED;
        default:
            // Lost or duplicated webhooks, a lost referral-created, clock skew, an overwritten registration and the
            // poller's faults leave no Failed log of their own: the poll brings the change, or the health card tells.
            return false;
    }
}

/**
 * Faults of these kinds are injected next to one deal's operation but act on the whole org: the daily async limit
 * refuses the next attempts to add asynchronous work, whichever deal's (LocalOrg.reachAsyncLimit). The event
 * batch that is refused may carry other deals' events, and the refusals its retries leave over meet the next job
 * of any deal — a webhook's inbound work, another deal's chain (seed 45, 10,000 operations: 4 such logs were
 * printed as explained by no fault). Such a fault explains any deal's logs, as one aimed at none: the latest one
 * before a log is its cause.
 */
const ORG_WIDE = ['daily async limit (event retried)', 'daily async limit (retries exhausted)'];

function aimedAtLog(fault: FaultToAttribute, log: FailedLog): boolean {
    const deal = fault.aimedAt;
    if (!deal) return false;
    return (
        (!!deal.opportunityId && deal.opportunityId === log.opportunityId) ||
        (!!deal.referralId && deal.referralId === log.referralId)
    );
}

/**
 * Attributes every failed log to one fault: returns, per fault (same order), how many logs it caused, and the
 * logs no injected fault explains (a failure of the engine's own, or of a cause the soak does not inject).
 */
export function attributeFailures(
    faults: FaultToAttribute[],
    logs: FailedLog[]
): { perFault: number[]; unexplained: FailedLog[] } {
    const perFault = faults.map(() => 0);
    const unexplained: FailedLog[] = [];
    for (const log of logs) {
        let aimed = -1;
        let unaimed = -1;
        faults.forEach((f, i) => {
            if (f.at > log.at || !explains(f.kind, log)) return;
            if (ORG_WIDE.includes(f.kind) || !f.aimedAt) {
                if (unaimed < 0 || faults[unaimed].at <= f.at) unaimed = i;
            } else if (aimedAtLog(f, log) && (aimed < 0 || faults[aimed].at <= f.at)) aimed = i;
        });
        const cause = aimed >= 0 ? aimed : unaimed;
        if (cause >= 0) perFault[cause]++;
        else unexplained.push(log);
    }
    return { perFault, unexplained };
}
