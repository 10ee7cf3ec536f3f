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
import { DmlErrorValue } from '../data-bridge/apex-values';
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

/** The Database.SaveResult of a publish with a callback ("Invoke the Publish Callback", Callback Status Code). */
export class CallbackSaveResultValue {
    constructor(readonly uuid: string) {}
}

/**
 * `EventBus.publish(events, callback)`: checks the call, publishes through `publish` (the plain EventBus.publish)
 * and records the callback for the event the bus accepted. An event the bus refuses (an immediate error) gets no
 * callback and keeps its own SaveResult.
 */
export function publishWithCallback(
    run: RunContext,
    arg: unknown,
    callback: unknown,
    publish: (run: RunContext, arg: unknown) => NativeCallResult
): NativeCallResult {
    if (!run.isTest) throw new ApexUnsupported('EventBus.publish with a publish callback outside tests');
    if (
        !(callback instanceof ApexObject) ||
        !(implementsStandard(callback.cls, FAILURE) || implementsStandard(callback.cls, SUCCESS))
    )
        throw new ApexUnsupported('EventBus.publish with a callback that is not an EventBus publish callback');
    const events = arg instanceof ApexList ? arg.items : [arg];
    if (events.length !== 1)
        throw new ApexUnsupported(
            'EventBus.publish of several events with a callback (how the platform batches callback executions is not documented)'
        );
    const uuid = events[0] instanceof SObject ? events[0].get('EventUuid') : null;
    if (typeof uuid !== 'string')
        throw new ApexUnsupported(
            'EventBus.publish with a callback of an event without EventUuid (create it with SObjectType.newSObject(null, true))'
        );
    const bus = platformOf(run).pendingEvents;
    const before = bus.length;
    const plain = publish(run, arg);
    if (bus.length !== before + 1) return plain;
    pendingOf(run).push({ callback, event: bus[before], uuid });
    const result = new CallbackSaveResultValue(uuid);
    return {
        value: arg instanceof ApexList ? new ApexList({ name: 'Database.SaveResult', args: [] }, [result]) : result
    };
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

/** The Apex type of the values this module hands out (undefined for any other value). */
export function publishCallbackValueType(v: unknown): string | undefined {
    if (v instanceof PublishResultValue) return v.success ? 'EventBus.SuccessResult' : 'EventBus.FailureResult';
    if (v instanceof CallbackSaveResultValue) return 'Database.SaveResult';
    return undefined;
}

/**
 * getEventUuids() of EventBus.FailureResult / SuccessResult; the SaveResult of a publish with a callback: a success
 * whose one error has the status code OPERATION_WITH_CALLBACK_ENQUEUED and the event UUID as message. Its getId
 * is null, as for every EventBus.publish in apexrt.
 */
export function publishCallbackValueMethod(self: unknown, method: string): NativeCallResult | undefined {
    const m = method.toLowerCase();
    if (self instanceof PublishResultValue && m === 'geteventuuids')
        return { value: new ApexList(T.String, [...self.eventUuids]), returnType: { name: 'List', args: [T.String] } };
    if (!(self instanceof CallbackSaveResultValue)) return undefined;
    if (m === 'issuccess') return { value: true, returnType: T.Boolean };
    if (m === 'getid') return { value: null };
    if (m === 'geterrors') {
        const error = { statusCode: 'OPERATION_WITH_CALLBACK_ENQUEUED', message: self.uuid, fields: [] };
        return { value: new ApexList({ name: 'Database.Error', args: [] }, [new DmlErrorValue(error)]) };
    }
    return undefined;
}
