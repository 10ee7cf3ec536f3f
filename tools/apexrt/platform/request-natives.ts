/**
 * `System.Request` (Apex Reference, "Request Class": getCurrent(), getQuiddity(), getRequestId()) and the Quiddity
 * it reports (Apex Reference, "Quiddity Enum").
 *
 * - The quiddity: an Apex test method runs as RUNTEST_ASYNC (apexrt's `test` runs the way an asynchronous test
 *   run does, the one `sf apex run test` starts by default); a Queueable it runs (at Test.stopTest) as QUEUEABLE and
 *   an @future method as FUTURE ("Quiddity Enum": "Execution event is a queueable Apex operation" / "a future
 *   method"). Every other context (code outside tests, whose entry point apexrt does not know; platform event
 *   triggers, finalizers, deployment callbacks, scheduled jobs) is not supported.
 * - The request ID: the Reference documents it as the ID of one transaction, "may not be universally unique", and
 *   not its format. apexrt hands out an opaque ID per transaction (the test method, each asynchronous job), which
 *   is not the platform's format.
 */
import { ApexUnsupported } from '../core/values';
import type { RunContext } from '../interpreter/context';
import type { NativeLibrary } from '../interpreter/native-library';
import { standardEnumValue } from '../types/standard-enums';
import { T, TypeRef } from '../types/typeref';
import { platformOf } from './platform-state';

const TYPE = 'System.Request';
const QUIDDITY: TypeRef = { name: 'System.Quiddity', args: [] };
const REQUEST: TypeRef = { name: TYPE, args: [] };

/** The Request of one transaction. */
export class RequestValue {
    constructor(
        readonly requestId: string,
        readonly quiddity: string | null,
        /** Why the quiddity is not known (set when `quiddity` is null). */
        readonly unknownBecause: string
    ) {}
}

let requestCounter = 0;
/** One Request per transaction: keyed by the asynchronous context object of a job, or by the run for its body. */
const REQUESTS = new WeakMap<object, RequestValue>();

function currentRequest(run: RunContext): RequestValue {
    const platform = platformOf(run);
    const key: object = platform.asyncContext ?? run;
    let request = REQUESTS.get(key);
    if (!request) {
        requestCounter++;
        const id = `apexrt-request-${String(requestCounter).padStart(8, '0')}`;
        const kind = platform.asyncContext?.kind;
        if (kind === 'queueable') request = new RequestValue(id, 'QUEUEABLE', '');
        else if (kind === 'future') request = new RequestValue(id, 'FUTURE', '');
        else if (kind) request = new RequestValue(id, null, `in a ${kind} context`);
        else if (!run.isTest) request = new RequestValue(id, null, 'outside Apex tests');
        // A scheduled job runs with asynchronous limits and no asynchronous context of its own (async-jobs.ts).
        else if (run.limits.mode === 'async') request = new RequestValue(id, null, 'in an asynchronous job');
        else request = new RequestValue(id, 'RUNTEST_ASYNC', '');
        REQUESTS.set(key, request);
    }
    return request;
}

const isRequest = (t: string): boolean => t.toLowerCase() === 'system.request' || t.toLowerCase() === 'request';

export function requestNatives(): NativeLibrary {
    return {
        typeName: (name) => (isRequest(name) ? TYPE : undefined),
        callStatic: (run, typeName, method, args) => {
            if (!isRequest(typeName)) return undefined;
            if (method.toLowerCase() === 'getcurrent' && args.length === 0)
                return { value: currentRequest(run), returnType: REQUEST };
            throw new ApexUnsupported(`Request.${method}`);
        },
        callInstance: (_run, _typeName, self, method, args) => {
            if (!(self instanceof RequestValue)) return undefined;
            const m = `${method.toLowerCase()}/${args.length}`;
            if (m === 'getrequestid/0') return { value: self.requestId, returnType: T.String };
            if (m === 'getquiddity/0') {
                if (!self.quiddity) throw new ApexUnsupported(`Request.getQuiddity ${self.unknownBecause}`);
                return { value: standardEnumValue('Quiddity', self.quiddity), returnType: QUIDDITY };
            }
            throw new ApexUnsupported(`Request.${method}`);
        },
        knowsMember: (typeName, method, isStatic) => {
            if (!isRequest(typeName)) return undefined;
            const m = method.toLowerCase();
            return isStatic ? m === 'getcurrent' : m === 'getrequestid' || m === 'getquiddity';
        },
        returnType: (typeName, method) => {
            if (!isRequest(typeName)) return undefined;
            const m = method.toLowerCase();
            if (m === 'getcurrent') return REQUEST;
            if (m === 'getrequestid') return T.String;
            if (m === 'getquiddity') return QUIDDITY;
            return undefined;
        },
        isInstance: (v, typeName) => (isRequest(typeName) ? v instanceof RequestValue : undefined),
        runtimeTypeName: (v) => (v instanceof RequestValue ? TYPE : undefined)
    };
}
