/**
 * Database.* (DML with results, dynamic SOQL, savepoints), the DML result and error objects, DmlException's
 * methods, the Trigger context variables, and custom metadata / custom setting accessors.
 * Sources: Apex Reference "Database Class", "SaveResult/UpsertResult/DeleteResult/UndeleteResult/Error Class",
 * "DmlException Class", "Trigger Class", "Custom Settings Methods", "Custom Metadata Type Methods".
 */
import { ApexList, ApexMap } from '../collections/collections';
import { ApexThrow, ApexUnsupported } from '../core/values';
import { bindsFromMap, DatabaseSnapshot, DmlResult, parseSoqlShared, SObject } from '../data';
import type { RunContext } from '../interpreter/context';
import type { NativeCallResult, NativeLibrary } from '../interpreter/native-library';
import { T, type TypeRef } from '../types/typeref';
import { bindValue, DmlErrorValue, idMap, KEY_SEMANTICS, recordList, recordsOf } from './apex-values';
import { platformOf } from '../platform/platform-state';
import { userModeByDefault } from '../platform/access-mode';
import { DmlOperation, OrgDataLayer } from './org-data-layer';
import { SObjectFieldToken } from './schema-tokens';
import { EnumValue } from '../interpreter/runtime-values';
import { isStandardEnumValue, standardEnumValue } from '../types/standard-enums';

const RESULT_TYPES: Record<DmlOperation, string> = {
    insert: 'Database.SaveResult',
    update: 'Database.SaveResult',
    upsert: 'Database.UpsertResult',
    delete: 'Database.DeleteResult',
    undelete: 'Database.UndeleteResult'
};

export class DmlResultValue {
    constructor(
        readonly typeName: string,
        readonly result: DmlResult
    ) {}
}

export class SavepointValue {
    constructor(
        readonly snapshot: DatabaseSnapshot,
        /** Publish After Commit events the event bus had accepted when the savepoint was set. */
        readonly afterCommitEvents: number
    ) {}
}

/**
 * The savepoints of a run that are still valid, oldest first. Apex Developer Guide, "Transaction Control": rolling
 * back to a savepoint that is not the last one set invalidates the later ones, and using one of those is a runtime
 * error (its exception and message are not documented: apexrt refuses it loudly).
 */
const liveSavepoints = new WeakMap<RunContext, SavepointValue[]>();

function rollbackTo(run: RunContext, sp: SavepointValue): void {
    const live = liveSavepoints.get(run) ?? [];
    const at = live.indexOf(sp);
    if (at < 0)
        throw new ApexUnsupported(
            'Database.rollback to a savepoint invalidated by an earlier rollback (the runtime error is not modelled)'
        );
    // Platform events and savepoints. A Publish Immediately event goes out at the publish call, whether the
    // transaction then succeeds or not, outside the transaction (Platform Events Developer Guide, "Platform Event
    // Fields", Publish Behavior; "Decoupled Publishing and Subscription"): a rollback leaves it published, as apexrt
    // does. A Publish After Commit event goes out once the transaction has committed (same page), but neither that
    // guide nor the Apex Developer Guide's "Transaction Control" says whether Database.rollback to a savepoint set
    // before the publish discards it: apexrt refuses that rollback instead of guessing either way.
    if (platformOf(run).eventBus.afterCommitAccepted > sp.afterCommitEvents)
        throw new ApexUnsupported(
            'Database.rollback to a savepoint set before an EventBus.publish of a Publish After Commit event (whether the rollback discards the event is not documented)'
        );
    live.length = at + 1;
    layerOf(run).org.db.restore(sp.snapshot);
}

function layerOf(run: RunContext): OrgDataLayer {
    if (!(run.data instanceof OrgDataLayer)) throw new ApexUnsupported('data access without the apexrt data layer');
    return run.data;
}

function errorsList(result: DmlResult): ApexList {
    return new ApexList(
        { name: 'Database.Error', args: [] },
        result.errors.map((e) => new DmlErrorValue(e))
    );
}

/** Database.insert(records, allOrNone) & co.; a single record gives a single result. */
function databaseDml(run: RunContext, op: DmlOperation, args: unknown[], externalIdField?: string): NativeCallResult {
    const layer = layerOf(run);
    const operand = args[0];
    // AccessLevel.USER_MODE: the running user's object and field permissions and sharing apply (Apex Reference,
    // "AccessLevel Class"; OrgDataLayer.execute); SYSTEM_MODE: neither permissions nor more than the class's sharing.
    // Neither: user mode in a class saved at API version 67.0 or later (platform/access-mode.ts).
    const userMode =
        args.some((a) => isStandardEnumValue(a, 'AccessLevel', 'USER_MODE')) ||
        (!args.some((a) => a instanceof EnumValue && a.cls.name === 'AccessLevel') && userModeByDefault(run));
    const rest = args.slice(1).filter((a) => !(a instanceof EnumValue && a.cls.name === 'AccessLevel'));
    if (rest.length > 1 || (rest.length === 1 && typeof rest[0] !== 'boolean'))
        throw new ApexUnsupported(`Database.${op} with DMLOptions`);
    const allOrNone = rest.length === 1 ? (rest[0] as boolean) : true;
    const targets =
        (op === 'delete' || op === 'undelete') && typeof operand === 'string'
            ? [operand]
            : (op === 'delete' || op === 'undelete') &&
                operand instanceof ApexList &&
                operand.items.every((i) => typeof i === 'string')
              ? (operand.items as string[])
              : recordsOf(operand, op);
    const outcome = layer.execute(op, targets, allOrNone, run, externalIdField, userMode);
    if (allOrNone) layer.throwOnFailure(op, outcome);
    const typeName = RESULT_TYPES[op];
    const values = outcome.results.map((r) => new DmlResultValue(typeName, r));
    const single = !(operand instanceof ApexList);
    return single
        ? { value: values[0], returnType: { name: typeName, args: [] } }
        : { value: new ApexList({ name: typeName, args: [] }, values), returnType: { name: 'List', args: [] } };
}

function dynamicQuery(run: RunContext, text: string, binds?: ApexMap, access?: unknown): NativeCallResult {
    const layer = layerOf(run);
    const parsed = parseSoqlShared(text);
    // Database.query(q, AccessLevel.USER_MODE) runs like WITH USER_MODE (Apex Reference, "Database Class").
    // AccessLevel.SYSTEM_MODE names system mode, so it stays system in a class at API 67.0+ (platform/access-mode.ts).
    // The parsed query is shared between calls (parseSoqlShared): never mutate it.
    const query = isStandardEnumValue(access, 'AccessLevel', 'USER_MODE')
        ? { ...parsed, securityMode: 'USER_MODE' as const }
        : isStandardEnumValue(access, 'AccessLevel', 'SYSTEM_MODE')
          ? { ...parsed, securityMode: 'SYSTEM_MODE' as const }
          : parsed;
    const resolve = binds
        ? bindsFromMap(new Map(binds.entries().map(([k, v]) => [String(k), bindValue(v)])))
        : () => {
              // Database.query resolves binds from the caller's local scope, which natives cannot see.
              throw new ApexUnsupported('Database.query with bind variables (use Database.queryWithBinds)');
          };
    const result = layer.runParsed(query, resolve, run);
    if (result.kind === 'count') return { value: result.count, returnType: T.Integer };
    return { value: layer.toApex(result), returnType: { name: 'List', args: [] } };
}

function triggerVariable(run: RunContext, name: string): NativeCallResult | undefined {
    const frame = layerOf(run).triggerStack.at(-1);
    const n = name.toLowerCase();
    if (n === 'isexecuting') return { value: frame !== undefined };
    if (!frame) return { value: n.startsWith('is') ? false : null };
    const c = frame.chunk;
    const records = (r: SObject[] | null): unknown => (r ? recordList(c.objectType, r) : null);
    const map = (r: SObject[] | null): unknown =>
        r && !(c.operation === 'insert' && c.isBefore) ? idMap(c.objectType, r) : null;
    switch (n) {
        case 'new':
            return { value: records(c.newRecords) };
        case 'old':
            return { value: records(c.oldRecords) };
        case 'newmap':
            return { value: map(c.newRecords) };
        case 'oldmap':
            return { value: map(c.oldRecords) };
        case 'isbefore':
            return { value: c.isBefore };
        case 'isafter':
            return { value: !c.isBefore };
        case 'isinsert':
        case 'isupdate':
        case 'isdelete':
        case 'isundelete':
            return { value: n === `is${c.operation}` };
        case 'size':
            return { value: (c.newRecords ?? c.oldRecords ?? []).length };
        case 'operationtype':
            return {
                value: standardEnumValue('TriggerOperation', `${c.isBefore ? 'BEFORE' : 'AFTER'}_${c.operation}`)
            };
        default:
            return undefined;
    }
}

/** X__mdt.getAll()/getInstance(), X__c.getOrgDefaults()/getInstance()/getValues()/getAll(). */
function settingsCall(
    run: RunContext,
    typeName: string,
    method: string,
    args: unknown[]
): NativeCallResult | undefined {
    const layer = layerOf(run);
    const object = layer.org.schema.getObject(typeName);
    if (!object) return undefined;
    const m = `${method.toLowerCase()}/${args.length}`;
    if (object.kind === 'customMetadata') {
        const cmdt = layer.org.customMetadata;
        if (m === 'getall/0') {
            const map = new ApexMap(T.String, { name: object.name, args: [] });
            for (const [k, v] of cmdt.getAll(object.name)) map.put(k, v, KEY_SEMANTICS);
            return { value: map };
        }
        if (m === 'getinstance/1') return { value: cmdt.getInstance(object.name, String(args[0])) };
        return undefined;
    }
    if (object.kind === 'customSetting') {
        const settings = layer.org.customSettings;
        if (m === 'getorgdefaults/0') return { value: settings.getOrgDefaults(object.name) };
        if (m === 'getinstance/0') return { value: settings.getInstance(object.name) };
        if (m === 'getinstance/1' && object.customSettingsType === 'List')
            return { value: settings.getListInstance(object.name, String(args[0])) };
        if (m === 'getinstance/1') return { value: settings.getInstance(object.name, String(args[0])) };
        // Apex Reference, "List Custom Setting Methods": getValues(dataSetName) is getInstance(dataSetName).
        if (m === 'getvalues/1' && object.customSettingsType === 'List')
            return { value: settings.getListInstance(object.name, String(args[0])) };
        if (m === 'getvalues/1') return { value: settings.getValues(object.name, String(args[0])) };
        if (m === 'getall/0') {
            const map = new ApexMap(T.String, { name: object.name, args: [] });
            for (const [k, v] of settings.getAll(object.name)) map.put(k, v, KEY_SEMANTICS);
            return { value: map };
        }
    }
    return undefined;
}

function databaseCall(run: RunContext, method: string, args: unknown[]): NativeCallResult | undefined {
    const m = method.toLowerCase();
    switch (m) {
        case 'insert':
        case 'update':
        case 'delete':
        case 'undelete':
            return databaseDml(run, m, args);
        case 'upsert': {
            // Database.upsert(records, Account.External__c, allOrNone): the external id is a field token.
            const field = args[1] instanceof SObjectFieldToken ? args[1] : undefined;
            const rest = field ? [args[0], ...args.slice(2)] : args;
            return databaseDml(run, 'upsert', rest, field?.field.name);
        }
        case 'query':
            return dynamicQuery(run, String(args[0]), undefined, args[1]);
        case 'querywithbinds':
            return dynamicQuery(run, String(args[0]), args[1] as ApexMap, args[2]);
        case 'countquery':
            return dynamicQuery(run, String(args[0]), undefined, args[1]);
        case 'setsavepoint': {
            // A savepoint counts as a DML statement (Apex Developer Guide, "Transaction Control").
            run.limits.consume('dmlStatements');
            platformOf(run).uncommittedWork = true;
            const sp = new SavepointValue(layerOf(run).org.db.snapshot(), platformOf(run).eventBus.afterCommitAccepted);
            liveSavepoints.set(run, [...(liveSavepoints.get(run) ?? []), sp]);
            return { value: sp };
        }
        case 'rollback':
            run.limits.consume('dmlStatements');
            rollbackTo(run, args[0] as SavepointValue);
            return { value: undefined, returnType: T.Void };
        default:
            return undefined;
    }
}

function resultMethod(self: DmlResultValue, method: string): NativeCallResult | undefined {
    switch (method.toLowerCase()) {
        case 'issuccess':
            return { value: self.result.errors.length === 0 };
        case 'getid':
            return { value: self.result.id };
        case 'geterrors':
            return { value: errorsList(self.result) };
        case 'iscreated':
            return self.typeName === 'Database.UpsertResult' ? { value: self.result.created === true } : undefined;
        default:
            return undefined;
    }
}

const ERROR_TYPE: TypeRef = { name: 'Database.Error', args: [] };

/**
 * Static return types of DmlException's row accessors (Apex Developer Guide, "Exception Class and Built-In
 * Exceptions", DMLException and EmailException Methods: getDmlType(i) returns System.StatusCode, getDmlMessage(i),
 * getDmlId(i) and the deprecated getDmlStatusCode(i) a String, getDmlIndex(i) and getNumDml() an Integer,
 * getDmlFieldNames(i) a String[]:
 * https://developer.salesforce.com/docs/platform/apex-ref/references/apex-ref/apex-classes-exception-methods.html).
 * Without them the status code apexrt keeps by its name was taken for a String, as Database.Error's was.
 */
const DML_EXCEPTION_METHOD_TYPES = new Map<string, TypeRef>([
    ['getdmltype', { name: 'StatusCode', args: [] }],
    ['getdmlmessage', T.String],
    ['getdmlid', T.String],
    ['getdmlstatuscode', T.String],
    ['getdmlindex', T.Integer],
    ['getnumdml', T.Integer],
    ['getdmlfieldnames', { name: 'List', args: [T.String] }]
]);

/**
 * Static return types of the DML result and error methods, so that overloads are chosen by them as the platform
 * does (Apex Reference, "SaveResult Class", "UpsertResult Class", "DeleteResult Class", "UndeleteResult Class":
 * getErrors() returns Database.Error[], getId() an ID, isSuccess()/isCreated() a Boolean; "Error Class" in the
 * Database namespace, getStatusCode() returns StatusCode, getMessage() a String, getFields() a String[]:
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_methods_system_database_error.htm).
 * Without them a status code, which apexrt keeps by its name, was taken for a String: a method taking a
 * StatusCode did not match it.
 */
function resultMethodType(typeName: string, method: string): TypeRef | undefined {
    const t = typeName.toLowerCase();
    const m = method.toLowerCase();
    if (t === 'system.dmlexception') return DML_EXCEPTION_METHOD_TYPES.get(m);
    if (t === 'database.error') {
        if (m === 'getstatuscode') return { name: 'StatusCode', args: [] };
        if (m === 'getmessage') return T.String;
        if (m === 'getfields') return { name: 'List', args: [T.String] };
        return undefined;
    }
    if (!Object.values(RESULT_TYPES).some((r) => r.toLowerCase() === t)) return undefined;
    if (m === 'geterrors') return { name: 'List', args: [ERROR_TYPE] };
    if (m === 'getid') return T.Id;
    if (m === 'issuccess' || (m === 'iscreated' && t === 'database.upsertresult')) return T.Boolean;
    return undefined;
}

function errorMethod(self: DmlErrorValue, method: string): NativeCallResult | undefined {
    switch (method.toLowerCase()) {
        case 'getmessage':
            return { value: self.error.message };
        case 'getstatuscode':
            return { value: self.error.statusCode };
        case 'getfields':
            return { value: new ApexList(T.String, [...self.error.fields]) };
        default:
            return undefined;
    }
}

/** DmlException's row accessors over the failed results it carries (exception details). */
function dmlExceptionMethod(self: unknown, method: string, args: unknown[]): NativeCallResult | undefined {
    const details = (self as { exception?: { details?: unknown } }).exception?.details;
    if (!Array.isArray(details)) return undefined;
    const failed = (details as DmlResult[]).map((r, index) => ({ r, index })).filter(({ r }) => r.errors.length > 0);
    const m = method.toLowerCase();
    if (m === 'getnumdml') return { value: failed.length };
    const i = args[0] as number;
    const row = failed[i];
    if (!row) throw new ApexThrow('System.ListException', `List index out of bounds: ${i}`);
    const first = row.r.errors[0];
    switch (m) {
        case 'getdmlmessage':
            return { value: first.message };
        case 'getdmlid':
            return { value: row.r.id };
        case 'getdmlindex':
            return { value: row.index };
        case 'getdmltype':
            return { value: first.statusCode };
        case 'getdmlstatuscode':
            return { value: first.statusCode };
        case 'getdmlfieldnames':
            return { value: new ApexList(T.String, [...first.fields]) };
        default:
            return undefined;
    }
}

export function databaseNatives(): NativeLibrary {
    return {
        typeName: (name) =>
            [
                'Database.SaveResult',
                'Database.UpsertResult',
                'Database.DeleteResult',
                'Database.UndeleteResult',
                'Database.Error',
                'System.Savepoint',
                'Savepoint'
            ].find((n) => n.toLowerCase() === name.toLowerCase()),
        callStatic: (run, typeName, method, args) => {
            const t = typeName.toLowerCase().replace(/^system\./, '');
            if (t === 'trigger' && method.startsWith('<get>')) return triggerVariable(run, method.slice(5));
            if (t === 'database') return databaseCall(run, method, args);
            if (method.startsWith('<')) return undefined;
            return run.data instanceof OrgDataLayer ? settingsCall(run, typeName, method, args) : undefined;
        },
        // Trigger.operationType is a System.TriggerOperation (Apex Reference, "TriggerOperation Enum",
        // https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_enum_System_TriggerOperation.htm),
        // so it can be passed to a parameter of that type (a handler taking the trigger's operation).
        returnType: (typeName, method, isStatic) =>
            isStatic
                ? typeName.toLowerCase().replace(/^system\./, '') === 'trigger' &&
                  method.toLowerCase() === '<get>operationtype'
                    ? { name: 'System.TriggerOperation', args: [] }
                    : undefined
                : resultMethodType(typeName, method),
        callInstance: (run, typeName, self, method, args) => {
            if (self instanceof DmlResultValue) return resultMethod(self, method);
            if (self instanceof DmlErrorValue) return errorMethod(self, method);
            if (typeName === 'System.DmlException') return dmlExceptionMethod(self, method, args);
            return undefined;
        },
        runtimeTypeName: (v) => {
            if (v instanceof DmlResultValue) return v.typeName;
            if (v instanceof DmlErrorValue) return 'Database.Error';
            if (v instanceof SavepointValue) return 'System.Savepoint';
            return undefined;
        },
        isInstance: (v, typeName) => {
            if (v instanceof DmlResultValue) return v.typeName.toLowerCase() === typeName.toLowerCase();
            if (v instanceof DmlErrorValue) return typeName.toLowerCase() === 'database.error';
            return undefined;
        }
    };
}
