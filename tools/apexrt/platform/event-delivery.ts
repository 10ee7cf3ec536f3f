/**
 * Delivery of platform events to their triggers (Platform Events Developer Guide: "Subscribe to Platform Event
 * Notifications with Apex Triggers", "Retry Event Triggers with EventBus.RetryableException", "Resume a Platform
 * Event Trigger After an Uncaught Exception", "Comparing setResumeCheckpoint() and EventBus.RetryableException";
 * Apex Reference "TriggerContext Class").
 *
 * - Every trigger on an event is its own subscriber; it receives the events in ReplayId order, in batches of up to
 *   2,000, each batch in a transaction of its own with synchronous limits ("When governor limits are different for
 *   synchronous and asynchronous Apex, the synchronous limits apply to platform event triggers." — Subscribe to
 *   Platform Event Notifications with Apex Triggers,
 *   https://developer.salesforce.com/docs/atlas.en-us.platform_events.meta/platform_events/platform_events_subscribe_apex.htm).
 * - Running user and batch size: the trigger runs as the Automated Process user with batches of 2,000 unless a
 *   PlatformEventSubscriberConfig names a user and a batch size (same page: "The trigger runs under the Automated
 *   Process entity or the user you select in the trigger configuration."; Configure the User and Batch Size for
 *   Your Platform Event Trigger). Records it creates are owned by that user; work it queues runs as that user.
 *   A configuration naming a user that does not exist fails loudly.
 * - EventBus.RetryableException: the batch's DML is rolled back and the whole batch is delivered again later (in
 *   tests on the next Test.getEventBus().deliver(); outside tests by the async runner), with
 *   TriggerContext.retries counting and lastError holding the exception's message. A trigger runs at most 10 times
 *   for a batch (the first run and 9 retries); then it moves to the error state and receives no more events.
 * - setResumeCheckpoint(replayId): when the trigger ends with an uncaught exception, or ends normally before its
 *   checkpoint reached the last event of the batch, the events after the checkpoint are delivered again in a new
 *   invocation. DML of that invocation is committed (per the comparison page); retries/lastError stay untouched.
 * - An uncaught exception without a checkpoint is not reproduced (the platform drops the batch and logs it):
 *   apexrt fails loudly, as before.
 */
import { ApexUnsupported } from '../core/values';
import type { SObject } from '../data/sobject';
import { OrgDataLayer } from '../data-bridge/org-data-layer';
import type { RunContext } from '../interpreter/context';
import { ApexError } from '../interpreter/runtime-values';
import { runTrigger } from '../runner/execute';
import { orgConfigOf } from '../data-bridge/org-config';
import { runAsJobUser } from './job-user';
import { LimitContext } from './limits';
import { type PlatformState, platformOf, SubscriberState } from './platform-state';
import { afterDelivery, beforeDelivery } from './publish-callbacks';

/** Documented maximum runs of a trigger for one batch: the first run and nine retries. */
export const MAX_EVENT_TRIGGER_RETRIES = 9;
/** Documented maximum batch size of a platform event trigger. */
const MAX_BATCH = 2000;

/** What `EventBus.TriggerContext.currentContext()` returns while an event trigger runs. */
export class TriggerContextValue {
    checkpoint: string | null = null;
    constructor(
        readonly retries: number,
        readonly lastError: string | null,
        readonly batch: SObject[]
    ) {}
}

function layerOf(run: RunContext): OrgDataLayer {
    if (!(run.data instanceof OrgDataLayer)) throw new ApexUnsupported('platform events without the data layer');
    return run.data;
}

const replayIdOf = (e: SObject): string => String(e.get('ReplayId'));
/** The publish behaviour of an event the bus accepted (acceptEvents refused those whose metadata names none). */
const publishedImmediately = (e: SObject): boolean => e.schema.publishBehavior === 'PublishImmediately';

/**
 * An event's definition declares its publish behaviour (`publishBehavior` in the CustomObject metadata: Platform
 * Events Developer Guide, "Migrate Platform Event Definitions with Metadata API"). What an org does with a definition
 * that omits it is not documented: the Metadata API names no default, and the documented default is the option the
 * Setup page preselects, which is Publish Immediately in the current guide ("Platform Event Fields",
 * platform_events_define_ui.htm) where Trailhead's "Define and Publish Platform Events" has also kept Publish After
 * Commit as the default. So apexrt refuses to publish such an event rather than pick one.
 */
function checkPublishBehavior(e: SObject): void {
    if (e.schema.publishBehavior === undefined)
        throw new ApexUnsupported(
            `publishing ${e.schema.name}, whose metadata declares no publishBehavior (the platform's default for a ` +
                'definition without one is not documented)'
        );
}

/**
 * Stamps ReplayIds on events as the bus accepts them. Platform ReplayIds are opaque, increasing numbers; apexrt
 * counts from 1 per event bus (its choice), as Strings like the field.
 */
export function acceptEvents(run: RunContext, events: SObject[]): void {
    const platform = platformOf(run);
    events.forEach(checkPublishBehavior);
    for (const e of events) {
        e.setRaw('ReplayId', platform.eventBus.nextReplayId());
        if (!publishedImmediately(e)) platform.eventBus.afterCommitAccepted++;
    }
    platform.pendingEvents.push(...events);
}

/**
 * A failed transaction's events: those published since `mark` (the bus's length when it began) leave the bus,
 * except Publish Immediately ones, which go out at the publish call whether the transaction then succeeds or not;
 * Publish After Commit ones go out only once the transaction has committed, so never here (Platform Events Developer
 * Guide, "Platform Event Fields", Publish Behavior: platform_events_define_ui.htm).
 */
export function discardUncommittedEvents(platform: PlatformState, mark: number): void {
    const since = platform.pendingEvents.splice(mark);
    platform.pendingEvents.push(...since.filter(publishedImmediately));
}

type TriggerInfo = OrgDataLayer['program']['triggers'][number];

function eventTriggers(layer: OrgDataLayer, objectType: string): TriggerInfo[] {
    return layer.program.triggers.filter(
        (t) =>
            layer.org.schema.localName(t.unit.sobject).toLowerCase() === objectType.toLowerCase() &&
            t.unit.events.some((e) => e.toLowerCase().replace(/\s+/g, ' ') === 'after insert')
    );
}

/**
 * One `deliver()`: every subscriber first gets its held-back events (retries, the rest after a checkpoint), then
 * the new events; events published by subscribers meanwhile are delivered too. A batch that asks to be retried
 * waits for the next delivery (`withHeldBack` false: only new events). Returns the number of events trigger runs completed.
 */
export function deliverEvents(run: RunContext, withHeldBack = true): number {
    const platform = platformOf(run);
    const layer = layerOf(run);
    const callbacks = beforeDelivery(run);
    let delivered = 0;
    let first = withHeldBack;
    while (first || platform.pendingEvents.length) {
        const events = platform.pendingEvents.splice(0);
        const types = new Set(events.map((e) => e.schema.name));
        if (first)
            for (const t of layer.program.triggers) {
                const object = layer.org.schema.getObject(layer.org.schema.localName(t.unit.sobject));
                if (object?.kind === 'platformEvent') types.add(object.name);
            }
        for (const type of types) {
            const fresh = events.filter((e) => e.schema.name === type);
            for (const trigger of eventTriggers(layer, type)) {
                const sub = platform.eventBus.subscriber(trigger.unit.name);
                if (sub.state === 'error') continue;
                // Held-back events go first; new ones wait behind them (resent events and later batches are
                // processed sequentially, "Retry Event Triggers with EventBus.RetryableException").
                if (!first && sub.redeliver.length) {
                    sub.redeliver.push(...fresh);
                    continue;
                }
                const held = first ? sub.redeliver.filter((e) => e.schema.name === type) : [];
                if (held.length) sub.redeliver = sub.redeliver.filter((e) => !held.includes(e));
                const all = [...held, ...fresh];
                const config = orgConfigOf(layer.org).subscriberConfigs.get(trigger.unit.name.toLowerCase());
                const size = config?.batchSize ?? MAX_BATCH;
                for (let i = 0; i < all.length; i += size)
                    delivered += runBatch(run, layer, trigger, sub, all.slice(i, i + size));
            }
        }
        first = false;
    }
    afterDelivery(run, callbacks);
    return delivered;
}

/** Runs one trigger on one batch in its own transaction; returns how many events it completed. */
function runBatch(
    run: RunContext,
    layer: OrgDataLayer,
    trigger: TriggerInfo,
    sub: SubscriberState,
    batch: SObject[]
): number {
    const platform = platformOf(run);
    const records = batch.map((e) => {
        const copy = e.clone(true);
        copy.readOnly = true;
        return copy;
    });
    const context = new TriggerContextValue(sub.retries, sub.lastError, records);
    const saved = {
        limits: run.limits,
        async: platform.asyncContext,
        context: platform.triggerContext,
        uncommitted: platform.uncommittedWork
    };
    const before = { db: layer.org.db.snapshot(), events: platform.pendingEvents.length, jobs: platform.queue.length };
    run.limits = new LimitContext('sync');
    platform.asyncContext = { kind: 'eventTrigger', allowsCallouts: false };
    platform.triggerContext = context;
    platform.uncommittedWork = false;
    const savedEntryDepth = platform.entryDepth;
    platform.entryDepth = run.callClasses.length;
    const restoreUser = runAsJobUser(run, triggerUserId(layer, trigger.unit.name));
    layer.triggerStack.push({
        chunk: {
            operation: 'insert',
            objectType: batch[0].schema.name,
            isBefore: false,
            newRecords: records,
            oldRecords: null
        }
    });
    let failure: ApexError | undefined;
    try {
        runTrigger(layer.program, run, trigger.unit, trigger.file);
    } catch (e) {
        if (!(e instanceof ApexError)) throw e;
        failure = e;
    } finally {
        restoreUser();
        platform.entryDepth = savedEntryDepth;
        layer.triggerStack.pop();
        run.limits = saved.limits;
        platform.asyncContext = saved.async;
        platform.triggerContext = saved.context;
        platform.uncommittedWork = saved.uncommitted;
    }
    const rollBack = (): void => {
        layer.org.db.restore(before.db);
        discardUncommittedEvents(platform, before.events);
        platform.queue.length = before.jobs;
    };
    if (failure?.obj.cls.fullName === 'EventBus.RetryableException') {
        rollBack();
        if (sub.retries >= MAX_EVENT_TRIGGER_RETRIES) {
            sub.state = 'error';
            sub.redeliver = [];
        } else {
            sub.retries++;
            sub.lastError = failure.obj.exception!.message;
            sub.redeliver = [...batch, ...sub.redeliver];
        }
        return 0;
    }
    const at = context.checkpoint === null ? -1 : batch.findIndex((e) => replayIdOf(e) === context.checkpoint);
    if (failure && at < 0) {
        rollBack();
        const ex = failure.obj.exception!;
        throw new ApexUnsupported(
            `an uncaught ${failure.obj.cls.fullName} in the ${trigger.unit.name} trigger without a resume checkpoint: ${ex.message ?? 'null'}`
        );
    }
    sub.retries = 0;
    sub.lastError = null;
    // The rest after the checkpoint comes "in a new invocation": apexrt holds it for the next delivery (in tests
    // the next Test.getEventBus().deliver(), like a retry; INFERRED, the docs do not say when in tests).
    const rest = at < 0 ? [] : batch.slice(at + 1);
    sub.redeliver = [...rest, ...sub.redeliver];
    return batch.length - rest.length;
}

/** The user an event trigger runs as: its configuration's user, else the Automated Process user. */
function triggerUserId(layer: OrgDataLayer, triggerName: string): string {
    const org = layer.org;
    const username = orgConfigOf(org).subscriberConfigs.get(triggerName.toLowerCase())?.username;
    if (!username) return org.setup.automatedProcessUserId;
    const user = org.db
        .rows(org.schema.getObject('User')!)
        .find((u) => String(u.username).toLowerCase() === username.toLowerCase());
    if (!user)
        throw new ApexUnsupported(
            `the PlatformEventSubscriberConfig of ${triggerName} names the user ${username}, who does not exist`
        );
    return user.id as string;
}

/** `EventBus.TriggerContext.currentContext().setResumeCheckpoint(replayId)`. */
export function setResumeCheckpoint(context: TriggerContextValue, replayId: unknown): void {
    if (typeof replayId !== 'string' || !context.batch.some((e) => replayIdOf(e) === replayId))
        throw new ApexUnsupported(
            `setResumeCheckpoint with a ReplayId that is not in Trigger.new: ${String(replayId)}`
        );
    context.checkpoint = replayId;
}

/** `EventBus.TriggerContext.currentContext()` outside an event trigger: not documented. */
export function currentTriggerContext(run: RunContext): TriggerContextValue {
    const context = platformOf(run).triggerContext;
    if (!context)
        throw new ApexUnsupported('EventBus.TriggerContext.currentContext() outside a platform event trigger');
    return context;
}
