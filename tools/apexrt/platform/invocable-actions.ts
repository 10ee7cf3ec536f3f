/**
 * The Invocable namespace (Apex Reference, "Invocable Namespace"; "Action Class"; "Action.Result Class";
 * "Action.Error Class"): calling invocable actions from Apex.
 *
 * - `Invocable.Action.createCustomAction(type, name)`, `createCustomAction(type, namespace, name)` and
 *   `createStandardAction(type)` make a wrapper; `getName()`, `getNamespace()`; invocations are built with
 *   `addInvocation()` (a new empty invocation), `setInvocationParameter(name, value)` (on the last one),
 *   `setInvocations(List<Map<String, Object>>)` and `clearInvocations()`; `invoke()` returns one
 *   `Action.Result` per invocation ("Action.Result Class": getInvocationParameters/getOutputParameters hold the
 *   values "for each invocation").
 * - apexrt runs no Flow, no standard action and no @InvocableMethod through this door: invoking one the project
 *   defines is `not supported by apexrt`. A custom Flow action (type 'Flow', or 'flow' as the REST API's action
 *   types are written; other spellings are loud) whose flow the project does not define (no
 *   flows/<Name>.flow-meta.xml) gives, per invocation, a result whose isSuccess() is false. INFERRED: isSuccess()
 *   "Determines if an invocable action ran without errors" and an action that does not exist cannot run; that
 *   invoke() returns such results rather than throwing is what a public project's test requires, and its CI passes
 *   it on real orgs. The error code and message the platform puts in that result are not documented: getErrors()
 *   and getOutputParameters() of such a result are loud.
 * - `Action.Result` getters: getAction, getErrors, getInvocationParameters, getOutputParameters, isSuccess;
 *   `Action.Error`: getCode, getMessage.
 * - JSON.deserialize into Action.Result / Action.Error (fromJson below). The Reference documents no JSON form.
 *   INFERRED: the keys are the documented getters' property names — Result: action, errors, success,
 *   outputParameters; Error: code, message — matched case-insensitively like Apex class members. Evidence: a public
 *   project builds its test doubles this way (`{'action': null, 'errors': [...], 'success': true,
 *   'outputParameters': {}}` into Action.Result, `{'code', 'message'}` into Action.Error) and its tests, which pass
 *   on real orgs, read those values back through isSuccess(), getOutputParameters() (then mutated) and
 *   getErrors()[i].getMessage(). Any other key, a non-null 'action', and JSON.serialize of these values (its key set
 *   and order are not known) are loud.
 * Everything else (getDescribe, clone, versions, equality) is `not supported by apexrt`.
 */
import { ApexList, ApexMap } from '../collections/collections';
import { ApexUnsupported } from '../core/values';
import { KEY_SEMANTICS } from '../data-bridge/apex-values';
import { orgConfigOf } from '../data-bridge/org-config';
import type { RunContext } from '../interpreter/context';
import type { NativeLibrary } from '../interpreter/native-library';
import type { JsonNode } from '../stdlib/json';
import { T, TypeRef } from '../types/typeref';
import { layerOf } from './job-user';

const ACTION = 'Invocable.Action';
const RESULT = 'Invocable.Action.Result';
const ERROR = 'Invocable.Action.Error';
const ACTION_TYPE: TypeRef = { name: ACTION, args: [] };
const RESULT_TYPE: TypeRef = { name: RESULT, args: [] };
const ERROR_TYPE: TypeRef = { name: ERROR, args: [] };
const PARAMS_TYPE: TypeRef = { name: 'Map', args: [T.String, T.Object] };

const CANONICAL = new Map([ACTION, RESULT, ERROR].map((n) => [n.toLowerCase(), n]));

export class InvocableAction {
    readonly typeName = ACTION;
    invocations: unknown[] = [];
    constructor(
        readonly actionType: string,
        readonly namespace: string | null,
        readonly name: string | null,
        readonly standard: boolean
    ) {}
}

export class InvocableActionResult {
    readonly typeName = RESULT;
    constructor(
        readonly action: InvocableAction | null,
        readonly success: unknown,
        readonly errors: unknown,
        readonly outputParameters: unknown,
        readonly invocationParameters: unknown,
        /** Why errors and output parameters are not known (an action apexrt did not run). */
        readonly unknownDetails?: string
    ) {}
}

export class InvocableActionError {
    readonly typeName = ERROR;
    constructor(
        readonly code: unknown,
        readonly message: unknown
    ) {}
}

const isOwnValue = (v: unknown): boolean =>
    v instanceof InvocableAction || v instanceof InvocableActionResult || v instanceof InvocableActionError;

function stringArg(v: unknown, what: string): string {
    if (typeof v !== 'string')
        throw new ApexUnsupported(`Invocable.Action.${what} with a ${v === null ? 'null' : 'non-String'} argument`);
    return v;
}

function invoke(run: RunContext, action: InvocableAction): ApexList {
    const label = `${action.actionType} action ${action.name ?? ''}`.trim();
    if (action.standard || !['Flow', 'flow'].includes(action.actionType))
        throw new ApexUnsupported(`Invocable.Action.invoke of the ${label} (apexrt runs no invocable actions)`);
    const own = layerOf(run).program.registry.namespace ?? '';
    if (action.namespace !== null && action.namespace.toLowerCase() !== own.toLowerCase())
        throw new ApexUnsupported(`Invocable.Action.invoke of the ${label} of the namespace ${action.namespace}`);
    if (orgConfigOf(layerOf(run).org).flows?.has((action.name ?? '').toLowerCase()))
        throw new ApexUnsupported(`Invocable.Action.invoke of the flow ${action.name} (apexrt runs no flows)`);
    if (action.invocations.length === 0) throw new ApexUnsupported('Invocable.Action.invoke without invocations');
    const results = action.invocations.map(
        (params) =>
            new InvocableActionResult(
                action,
                false,
                null,
                null,
                params,
                `of the flow ${action.name ?? 'null'}, which the project does not define`
            )
    );
    return new ApexList(RESULT_TYPE, results);
}

function actionMethod(
    self: InvocableAction,
    method: string,
    args: unknown[],
    run: RunContext
): { value: unknown; returnType?: TypeRef } {
    switch (`${method.toLowerCase()}/${args.length}`) {
        case 'getname/0':
            return { value: self.name, returnType: T.String };
        case 'getnamespace/0':
            return { value: self.namespace, returnType: T.String };
        case 'addinvocation/0':
            self.invocations.push(new ApexMap(T.String, T.Object));
            return { value: self, returnType: ACTION_TYPE };
        case 'clearinvocations/0':
            self.invocations = [];
            return { value: self, returnType: ACTION_TYPE };
        case 'setinvocationparameter/2': {
            const last = self.invocations[self.invocations.length - 1];
            if (!(last instanceof ApexMap))
                throw new ApexUnsupported('Invocable.Action.setInvocationParameter before addInvocation');
            last.put(stringArg(args[0], 'setInvocationParameter'), args[1], KEY_SEMANTICS);
            return { value: self, returnType: ACTION_TYPE };
        }
        case 'setinvocations/1': {
            const list = args[0];
            if (!(list instanceof ApexList)) throw new ApexUnsupported('Invocable.Action.setInvocations(null)');
            self.invocations = [...list.items];
            return { value: self, returnType: ACTION_TYPE };
        }
        case 'invoke/0':
            return { value: invoke(run, self), returnType: { name: 'List', args: [RESULT_TYPE] } };
    }
    throw new ApexUnsupported(`Invocable.Action.${method}`);
}

function resultMethod(
    self: InvocableActionResult,
    method: string,
    args: unknown[]
): { value: unknown; returnType?: TypeRef } {
    switch (`${method.toLowerCase()}/${args.length}`) {
        case 'getaction/0':
            return { value: self.action, returnType: ACTION_TYPE };
        case 'issuccess/0':
            return { value: self.success, returnType: T.Boolean };
        case 'getinvocationparameters/0':
            return { value: self.invocationParameters, returnType: PARAMS_TYPE };
        case 'geterrors/0':
            if (self.unknownDetails)
                throw new ApexUnsupported(`Invocable.Action.Result.getErrors ${self.unknownDetails}`);
            return { value: self.errors, returnType: { name: 'List', args: [ERROR_TYPE] } };
        case 'getoutputparameters/0':
            if (self.unknownDetails)
                throw new ApexUnsupported(`Invocable.Action.Result.getOutputParameters ${self.unknownDetails}`);
            return { value: self.outputParameters, returnType: PARAMS_TYPE };
    }
    throw new ApexUnsupported(`Invocable.Action.Result.${method}`);
}

function errorMethod(
    self: InvocableActionError,
    method: string,
    args: unknown[]
): { value: unknown; returnType?: TypeRef } {
    switch (`${method.toLowerCase()}/${args.length}`) {
        case 'getcode/0':
            return { value: self.code, returnType: T.String };
        case 'getmessage/0':
            return { value: self.message, returnType: T.String };
    }
    throw new ApexUnsupported(`Invocable.Action.Error.${method}`);
}

/** The JSON object's entries by lower-cased key, loud for a key outside `keys` or a key given twice. */
function entriesOf(node: JsonNode, typeName: string, keys: string[]): Map<string, JsonNode> {
    if (node.k !== 'obj') throw new ApexUnsupported(`JSON.deserialize of a non-object into ${typeName}`);
    const out = new Map<string, JsonNode>();
    for (const [key, value] of node.entries) {
        const k = key.toLowerCase();
        if (!keys.includes(k) || out.has(k))
            throw new ApexUnsupported(
                `JSON.deserialize of the key '${key}' into ${typeName} (its JSON form is not documented)`
            );
        out.set(k, value);
    }
    return out;
}

function resultFromJson(node: JsonNode, read: (n: JsonNode, t: TypeRef) => unknown): InvocableActionResult {
    const e = entriesOf(node, RESULT, ['action', 'errors', 'success', 'outputparameters']);
    const action = e.get('action');
    if (action && action.k !== 'null')
        throw new ApexUnsupported(`JSON.deserialize of a non-null 'action' into ${RESULT}`);
    const at = (key: string, t: TypeRef): unknown => {
        const n = e.get(key);
        return n ? read(n, t) : null;
    };
    return new InvocableActionResult(
        null,
        at('success', T.Boolean),
        at('errors', { name: 'List', args: [ERROR_TYPE] }),
        at('outputparameters', PARAMS_TYPE),
        null
    );
}

function errorFromJson(node: JsonNode, read: (n: JsonNode, t: TypeRef) => unknown): InvocableActionError {
    const e = entriesOf(node, ERROR, ['code', 'message']);
    const at = (key: string): unknown => {
        const n = e.get(key);
        return n ? read(n, T.String) : null;
    };
    return new InvocableActionError(at('code'), at('message'));
}

function typeNameOf(v: unknown): string | undefined {
    if (v instanceof InvocableAction) return ACTION;
    if (v instanceof InvocableActionResult) return RESULT;
    if (v instanceof InvocableActionError) return ERROR;
    return undefined;
}

const RETURN_TYPES: Record<string, Record<string, TypeRef>> = {
    [ACTION]: {
        createcustomaction: ACTION_TYPE,
        createstandardaction: ACTION_TYPE,
        getname: T.String,
        getnamespace: T.String,
        addinvocation: ACTION_TYPE,
        clearinvocations: ACTION_TYPE,
        setinvocationparameter: ACTION_TYPE,
        setinvocations: ACTION_TYPE,
        invoke: { name: 'List', args: [RESULT_TYPE] }
    },
    [RESULT]: {
        getaction: ACTION_TYPE,
        issuccess: T.Boolean,
        geterrors: { name: 'List', args: [ERROR_TYPE] },
        getinvocationparameters: PARAMS_TYPE,
        getoutputparameters: PARAMS_TYPE
    },
    [ERROR]: { getcode: T.String, getmessage: T.String }
};
const STATICS = new Set(['createcustomaction', 'createstandardaction']);

export function invocableNatives(): NativeLibrary {
    return {
        typeName: (name) => CANONICAL.get(name.toLowerCase()),
        callStatic: (_run, typeName, method, args) => {
            if (CANONICAL.get(typeName.toLowerCase()) !== ACTION) {
                if (CANONICAL.has(typeName.toLowerCase()))
                    throw new ApexUnsupported(`${CANONICAL.get(typeName.toLowerCase())}.${method}`);
                return undefined;
            }
            const m = `${method.toLowerCase()}/${args.length}`;
            const s = (i: number): string => stringArg(args[i], method);
            if (m === 'createcustomaction/2')
                return { value: new InvocableAction(s(0), null, s(1), false), returnType: ACTION_TYPE };
            if (m === 'createcustomaction/3')
                return {
                    value: new InvocableAction(s(0), args[1] === null ? null : s(1), s(2), false),
                    returnType: ACTION_TYPE
                };
            if (m === 'createstandardaction/1')
                return { value: new InvocableAction(s(0), null, null, true), returnType: ACTION_TYPE };
            throw new ApexUnsupported(`${ACTION}.${method}`);
        },
        callInstance: (run, _typeName, self, method, args) => {
            if (self instanceof InvocableAction) return actionMethod(self, method, args, run);
            if (self instanceof InvocableActionResult) return resultMethod(self, method, args);
            if (self instanceof InvocableActionError) return errorMethod(self, method, args);
            return undefined;
        },
        knowsMember: (typeName, method, isStatic) => {
            const t = CANONICAL.get(typeName.toLowerCase());
            if (!t) return undefined;
            const m = method.toLowerCase();
            return m in RETURN_TYPES[t] && STATICS.has(m) === isStatic;
        },
        returnType: (typeName, method) =>
            RETURN_TYPES[CANONICAL.get(typeName.toLowerCase()) ?? '']?.[method.toLowerCase()],
        isInstance: (v, typeName) => {
            const t = CANONICAL.get(typeName.toLowerCase());
            return t ? typeNameOf(v) === t : undefined;
        },
        equals: (a, b) => {
            if (isOwnValue(a) || isOwnValue(b)) throw new ApexUnsupported('equality of Invocable.Action values');
            return undefined;
        },
        hash: (v) => {
            if (isOwnValue(v)) throw new ApexUnsupported('Invocable.Action values as Set element or Map key');
            return undefined;
        },
        runtimeTypeName: typeNameOf,
        fromJson: (typeName, node, read) => {
            const t = CANONICAL.get(typeName.toLowerCase());
            if (t === RESULT) return { value: resultFromJson(node, read) };
            if (t === ERROR) return { value: errorFromJson(node, read) };
            if (t === ACTION) throw new ApexUnsupported(`JSON.deserialize into ${ACTION}`);
            return undefined;
        }
    };
}
