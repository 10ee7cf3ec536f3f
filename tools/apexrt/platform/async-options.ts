/**
 * System.AsyncOptions and System.AsyncInfo: the delay and maximum stack depth of Queueable chains.
 * Sources: Apex Reference "AsyncOptions Class" (MinimumQueueableDelayInMinutes, MaximumQueueableStackDepth,
 * DuplicateSignature, passed to System.enqueueJob), "AsyncInfo Class" (getCurrentQueueableStackDepth,
 * getMaximumQueueableStackDepth, getMinimumQueueableDelayInMinutes "Returns null if no delay is defined",
 * hasMaxStackDepth), Apex Developer Guide "Queueable Apex" ("For Developer Edition and Trial organizations, the
 * maximum stack depth for chained jobs is 5, which means that you can chain jobs four times"; a maximum stack
 * depth set with AsyncOptions overrides that default; "System.enqueueJob(queueable, delay)": 0–10 minutes).
 * - Depth: a job enqueued outside a Queueable starts a chain at depth 1; a job a running Queueable enqueues is at
 *   the parent's depth + 1 and inherits the parent's maximum unless its own AsyncOptions sets one.
 * - Going past the maximum throws System.AsyncException "Maximum stack depth has been reached." (the message
 *   widely reported for Developer Edition chains; the same exception for an AsyncOptions maximum is INFERRED).
 * - DuplicateSignature (QueueableDuplicateSignature) is not modelled: setting it fails as unsupported.
 */
import { ApexThrow, ApexUnsupported } from '../core/values';
import { OrgDataLayer } from '../data-bridge/org-data-layer';
import type { RunContext } from '../interpreter/context';
import { platformOf, QueuedQueueable } from './platform-state';

/** The longest delay System.enqueueJob accepts, in minutes (Apex Reference, System.enqueueJob(queueable, delay)). */
export const MAX_QUEUEABLE_DELAY_MINUTES = 10;

export class AsyncOptionsValue {
    minimumQueueableDelayInMinutes: number | null = null;
    maximumQueueableStackDepth: number | null = null;
}

export function asyncOptionsField(self: AsyncOptionsValue, name: string): { value: unknown } | undefined {
    const n = name.toLowerCase();
    if (n === 'minimumqueueabledelayinminutes') return { value: self.minimumQueueableDelayInMinutes };
    if (n === 'maximumqueueablestackdepth') return { value: self.maximumQueueableStackDepth };
    if (n === 'duplicatesignature') throw new ApexUnsupported('AsyncOptions.DuplicateSignature');
    return undefined;
}

export function setAsyncOptionsField(self: AsyncOptionsValue, name: string, value: unknown): boolean {
    const n = name.toLowerCase();
    if (n === 'duplicatesignature') throw new ApexUnsupported('AsyncOptions.DuplicateSignature');
    if (n !== 'minimumqueueabledelayinminutes' && n !== 'maximumqueueablestackdepth') return false;
    const number = value === null || value === undefined ? null : Number(value);
    if (n === 'minimumqueueabledelayinminutes') self.minimumQueueableDelayInMinutes = number;
    else self.maximumQueueableStackDepth = number;
    return true;
}

/** Chains in Developer Edition and trial orgs end at depth 5 ("Queueable Apex"). */
const DEVELOPER_EDITION_MAX_DEPTH = 5;

/**
 * The org's default maximum depth of Queueable chains, from its edition (Organization.OrganizationType): 5 in a
 * Developer Edition org, none elsewhere. Trial orgs (Organization.TrialExpirationDate) are not modelled: apexrt's
 * Organization row has no trial date.
 */
function editionMaxDepth(run: RunContext): number | null {
    if (!(run.data instanceof OrgDataLayer)) return null;
    const org = run.data.org;
    const edition = org.db.getRow(org.setup.organizationId)?.row.organizationtype;
    return edition === 'Developer Edition' ? DEVELOPER_EDITION_MAX_DEPTH : null;
}

/** Delay, depth and maximum depth of a job being enqueued now; throws when the chain would be too deep. */
export function chainPlacement(
    run: RunContext,
    delayOrOptions: unknown
): Pick<QueuedQueueable, 'delayMinutes' | 'depth' | 'maxDepth' | 'maxDepthSet' | 'minimumDelay'> {
    const platform = platformOf(run);
    const options = delayOrOptions instanceof AsyncOptionsValue ? delayOrOptions : null;
    const delay = options ? (options.minimumQueueableDelayInMinutes ?? 0) : ((delayOrOptions as number | null) ?? 0);
    if (delay < 0 || delay > MAX_QUEUEABLE_DELAY_MINUTES)
        throw new ApexUnsupported(`a Queueable delay of ${delay} minutes (the platform accepts 0 to 10)`);
    const parent = platform.runningQueueable;
    const depth = parent ? parent.depth + 1 : 1;
    const own = options?.maximumQueueableStackDepth ?? null;
    const maxDepthSet = own !== null || (parent?.maxDepthSet ?? false);
    const maxDepth = own ?? parent?.maxDepth ?? editionMaxDepth(run);
    if (parent && maxDepth !== null && depth > maxDepth)
        throw new ApexThrow('System.AsyncException', 'Maximum stack depth has been reached.');
    return {
        delayMinutes: delay,
        depth,
        maxDepth,
        maxDepthSet,
        minimumDelay: options?.minimumQueueableDelayInMinutes ?? null
    };
}

/** AsyncInfo's static methods, answered for the Queueable running now. */
export function asyncInfoCall(run: RunContext, method: string): { value: unknown } | undefined {
    const job = platformOf(run).runningQueueable;
    const m = method.toLowerCase();
    if (!['getcurrentqueueablestackdepth', 'getmaximumqueueablestackdepth', 'hasmaxstackdepth'].includes(m)) {
        if (m === 'getminimumqueueabledelayinminutes') {
            if (!job) throw new ApexUnsupported('AsyncInfo outside a Queueable');
            return { value: job.minimumDelay };
        }
        return undefined;
    }
    // Outside a Queueable the documentation says nothing of these values.
    if (!job) throw new ApexUnsupported(`AsyncInfo.${method} outside a Queueable`);
    if (m === 'getcurrentqueueablestackdepth') return { value: job.depth };
    // Without a maximum set through AsyncOptions the documentation gives neither value (not even in Developer
    // Edition, whose default of 5 applies all the same).
    if (!job.maxDepthSet) throw new ApexUnsupported(`AsyncInfo.${method} for a chain without an AsyncOptions maximum`);
    if (m === 'getmaximumqueueablestackdepth') return { value: job.maxDepth };
    return { value: true };
}
