/**
 * Where queued work runs and as whom: the data layer of a run and the running user of queued work. Its own module
 * so that the job runner (async-jobs), event delivery and metadata deployments share it without importing each
 * other.
 */
import { ApexUnsupported } from '../core/values';
import { OrgDataLayer } from '../data-bridge/org-data-layer';
import type { RunContext } from '../interpreter/context';

export function layerOf(run: RunContext): OrgDataLayer {
    if (!(run.data instanceof OrgDataLayer)) throw new ApexUnsupported('platform features without the data layer');
    return run.data;
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
