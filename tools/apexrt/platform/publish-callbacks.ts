/**
 * Apex publish callbacks in tests (Platform Events Developer Guide, "Get the Result of Asynchronous Platform Event
 * Publishing with Apex Publish Callbacks", "Invoke the Publish Callback", "Callback Running User and Debug Logs",
 * "Test Apex Publish Callbacks"; Apex Reference, "EventBus Class", "EventPublishFailureCallback Interface",
 * "EventPublishSuccessCallback Interface", "FailureResult Class", "SuccessResult Class"):
 * - `EventBus.publish(event, callback)` returns a successful Database.SaveResult whose one Database.Error has the
 *   status code OPERATION_WITH_CALLBACK_ENQUEUED and the event's EventUuid as message;
 * - in a test the publishing waits in the test event bus: `Test.getEventBus().fail()` fails every event published
 *   so far (they are removed from the bus, no trigger receives them) and invokes onFailure;
 *   `Test.getEventBus().deliver()` and `Test.stopTest()` deliver them and invoke onSuccess;
 * - a callback runs as the Automated Process user, in its own transaction (INFERRED: the platform runs it later,
 *   apart from the publishing transaction).
 *
 * Unsupported (loud): a callback outside tests, a publish of several events with a callback (how the platform
 * batches callback executions is not documented), an event without EventUuid, onSuccess for an event type with a
 * subscribed trigger (which runs first is not documented), callouts from a callback, and anything else the
 * callback does that needs a context apexrt does not model.
 */
import { ApexList } from '../collections/collections';
import { ApexUnsupported } from '../core/values';
import { SObject } from '../data/sobject';
import type { RunContext } from '../interpreter/context';
import type { NativeCallResult } from '../interpreter/native-library';
import { ApexObject } from '../interpreter/runtime-values';
import { callInstanceMethod } from '../runner/execute';
import { implementsStandard } from '../types/classes';
import { T } from '../types/typeref';
import { layerOf } from './job-user';
import { LimitContext } from './limits';
import { inOwnTransaction } from './own-transaction';
import { PlatformState, platformOf } from './platform-state';

const FAILURE = 'EventBus.EventPublishFailureCallback';
const SUCCESS = 'EventBus.EventPublishSuccessCallback';

/** EventBus.FailureResult / EventBus.SuccessResult: the UUIDs of the events the result is about. */
export class PublishResultValue {
    constructor(
        readonly success: boolean,
        readonly eventUuids: string[]
    ) {}
}

interface PendingCallback {
    callback: ApexObject;
    event: SObject;
    uuid: string;
}

const pendingByPlatform = new WeakMap<PlatformState, PendingCallback[]>();

function pendingOf(run: RunContext): PendingCallback[] {
    const platform = platformOf(run);
    let list = pendingByPlatform.get(platform);
    if (!list) pendingByPlatform.set(platform, (list = []));
    return list;
}

/**
 * Checks an `EventBus.publish(events, callback)` and records the callback for the published event (`accepted`:
 * the copy the bus holds). Returns the Database.Error of the SaveResult.
 */
export function enqueuePublishCallback(
    run: RunContext,
    events: SObject[],
    accepted: SObject[],
    callback: unknown
): { statusCode: string; message: string; fields: string[] } {
    if (!run.isTest) throw new ApexUnsupported('EventBus.publish with a publish callback outside tests');
    if (
        !(callback instanceof ApexObject) ||
        !(implementsStandard(callback.cls, FAILURE) || implementsStandard(callback.cls, SUCCESS))
    )
        throw new ApexUnsupported('EventBus.publish with a callback that is not an EventBus publish callback');
    if (events.length !== 1)
        throw new ApexUnsupported(
            'EventBus.publish of several events with a callback (how the platform batches callback executions is not documented)'
        );
    const uuid = events[0].get('EventUuid');
    if (typeof uuid !== 'string')
        throw new ApexUnsupported(
            'EventBus.publish with a callback of an event without EventUuid (create it with SObjectType.newSObject(null, true))'
        );
    pendingOf(run).push({ callback, event: accepted[0], uuid });
    // "Callback Status Code": OPERATION_WITH_CALLBACK_ENQUEUED, the event UUID in the Message field.
    return { statusCode: 'OPERATION_WITH_CALLBACK_ENQUEUED', message: uuid, fields: [] };
}

/** Test.getEventBus().fail(): the events published so far fail and leave the bus; onFailure runs. */
export function failPublishedEvents(run: RunContext): void {
    const platform = platformOf(run);
    platform.pendingEvents.length = 0;
    const pending = pendingOf(run).splice(0);
    for (const p of pending)
        if (implementsStandard(p.callback.cls, FAILURE))
            runCallback(run, p.callback, 'onFailure', new PublishResultValue(false, [p.uuid]));
}

/**
 * Before a delivery: the callbacks of events about to be delivered. onSuccess runs after the delivery (see
 * afterDelivery); the order against a subscribed trigger is not documented, so that case is loud.
 */
export function beforeDelivery(run: RunContext): PendingCallback[] {
    const pending = pendingOf(run).splice(0);
    const layer = layerOf(run);
    for (const p of pending) {
        if (!implementsStandard(p.callback.cls, SUCCESS)) continue;
        const type = p.event.schema.name.toLowerCase();
        if (layer.program.triggers.some((t) => layer.org.schema.localName(t.unit.sobject).toLowerCase() === type))
            throw new ApexUnsupported(
                `a publish callback's onSuccess for ${p.event.schema.name}, which a trigger subscribes to (which runs first is not documented)`
            );
    }
    return pending;
}

/** After a delivery: onSuccess of the delivered events' callbacks. */
export function afterDelivery(run: RunContext, delivered: PendingCallback[]): void {
    for (const p of delivered)
        if (implementsStandard(p.callback.cls, SUCCESS))
            runCallback(run, p.callback, 'onSuccess', new PublishResultValue(true, [p.uuid]));
}

/** Runs one callback method as the Automated Process user in its own transaction. */
function runCallback(run: RunContext, callback: ApexObject, method: string, result: PublishResultValue): void {
    const layer = layerOf(run);
    const context = {
        limits: new LimitContext('sync'),
        async: { kind: 'publishCallback' as const, allowsCallouts: false },
        userId: layer.org.setup.automatedProcessUserId
    };
    inOwnTransaction(run, context, () => callInstanceMethod(layer.program, run, callback, method, [result]));
}

/** getEventUuids() of EventBus.FailureResult / EventBus.SuccessResult. */
export function publishResultMethod(self: PublishResultValue, method: string): NativeCallResult | undefined {
    if (method.toLowerCase() !== 'geteventuuids') return undefined;
    return { value: new ApexList(T.String, [...self.eventUuids]), returnType: { name: 'List', args: [T.String] } };
}
