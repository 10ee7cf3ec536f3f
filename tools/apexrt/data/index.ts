/**
 * apexrt data layer: schema, SObject values, the in-memory org store with DML, SOQL, custom metadata and settings.
 * Nothing here needs the interpreter; the interpreter glue calls it as follows.
 *
 * Setup (once per run; schema is immutable and can be shared across tests):
 *   const schema = SchemaRegistry.fromSourceDir('force-app', { namespace: 'cosell' });   // schema.issues: unread metadata
 *   const data = createOrgData(schema, { now: () => clock.now() });                       // db + setup rows + accessors
 *
 * SObjects (`new Account(Name='x')`, `acc.Name`, `acc.put(...)`):
 *   SObject.create(schema, 'Account', { Name: 'x' }); rec.get(f); rec.put(f, v) → previous value;
 *   rec.getSObject('Account') / putSObject; rec.getSObjects('Contacts'); rec.clone(preserveId, deep, keepTimestamps,
 *   keepAutonumber); rec.equals / rec.hashKey() for ==, Set and Map; rec.addError(msg, field?); rec.getSObjectType().
 *   Errors are ApexThrow (System.SObjectException, StringException "Invalid id", FinalException "Record is read-only").
 *
 * DML (`insert x;`, `Database.insert(x, false)` ...): the caller counts DML statements and rows (limits live in
 * tools/apexrt/platform/limits.ts); every call returns a DmlOutcome { results[], rowsProcessed, attempts }.
 *   data.db.insert(records, allOrNone) / update / upsert(records, externalIdField?, allOrNone) / delete(recordsOrIds,
 *   allOrNone) / undelete(...). With allOrNone=true and a failure nothing is written: throw
 *   `new ApexThrow('System.DmlException', dmlExceptionMessage(op, outcome.results)!)` (results carry statusCode,
 *   message, fields for getDmlMessage/getDmlType/getDmlFieldNames). Inserted Ids are written back into the caller's
 *   SObjects (only the Id). DML on objects with validation rules / flows / workflow / formula fields throws
 *   ApexUnsupported.
 *
 * Triggers: set `data.db.hooks = { beforeSave(chunk), afterSave(chunk) }`. Each call gets one TriggerChunk of ≤ 200
 *   records of one object: { operation: 'insert'|'update'|'delete'|'undelete', objectType, isBefore, newRecords,
 *   oldRecords }. Order per chunk: system validation → beforeSave → required/unique validation → write → afterSave.
 *   newRecords are writable in before (changes are saved), read-only in after; oldRecords are read-only. Build
 *   Trigger.newMap/oldMap from record ids. `record.addError()` in a hook fails that record. An exception thrown by a
 *   hook rolls the statement back and propagates. With allOrNone=false the statement is retried (up to 3 attempts)
 *   without the failed records, re-running the hooks (restore limit counters per attempt: outcome.attempts).
 *
 * Savepoints and test isolation: `const s = data.db.snapshot()` … `data.db.restore(s)` (cheap; Ids are not reused).
 *
 * SOQL: inline `[SELECT ...]` (interpreter SoqlExpr { query, binds }) → `parseSoql(expr.query)` once per site (cache
 *   the AST), then `runQuery(ast, { db, clock: { now, timeZone }, resolveBind: bindsFromList(bindValues) })`: each
 *   BindReference has `index`, its position in source order, the order of SoqlExpr.binds. (From a CST instead:
 *   `lowerQuery(soqlLiteral.query())`, and `bind.expression` is the Apex ExpressionContext.)
 *   `Database.query(s)` → `runSoql(s, env)` (binds resolve from the caller's scope by name: bind.text);
 *   `Database.queryWithBinds(s, map, mode)` → `runSoql(s, { ...env, resolveBind: bindsFromMap(map) })`.
 *   QueryResult: kind 'records' (records: SObject[]), 'count' (count, for `Integer n = [SELECT COUNT() ...]`) or
 *   'aggregate' (aggregates: AggregateResultRow[] with get(alias)); rowsCounted for Limits.getQueryRows (count 1
 *   query per call yourself); securityMode (USER_MODE/SECURITY_ENFORCED/SYSTEM_MODE) and forUpdate for the caller.
 *   Unknown names → ApexThrow System.QueryException; unsupported features → ApexUnsupported naming them.
 *   Single-row assignment (`Account a = [SELECT ...]` with 0 or 2+ rows) is the interpreter's check.
 *
 * Custom metadata / settings: data.customMetadata.getAll(type) / getInstance(type, devNameOrId);
 *   data.customSettings.getOrgDefaults(s) / getInstance(s, userOrProfileId?) / getValues(s, id) / getAll(listSetting) /
 *   getListInstance(listSetting, name).
 *
 * Describe: describeGlobal(schema), describeSObject(schema, name) (REST describe JSON shape), for Schema.* and the
 * local org's REST API. Ids: toId (String → Id), idEquals, tryNormalizeId, isValidId.
 */
import { ApexDatetime } from '../core/values';
import { CustomMetadata } from './custom-metadata';
import { CustomSettings } from './custom-settings';
import { Database } from './database';
import { SchemaRegistry } from './schema/registry';
import { SetupData, SetupOptions, seedSetupData } from './setup-data';

export {
    STANDARD_KEY_PREFIXES,
    IdGenerator,
    idChecksum,
    idEquals,
    isValidId,
    keyPrefixOf,
    toId,
    tryNormalizeId
} from './ids';
export type {
    ChildRelationship,
    FieldSchema,
    FieldType,
    ObjectKind,
    ObjectSchema,
    PicklistValue
} from './schema/model';
export { makeField } from './schema/model';
export { SchemaRegistry } from './schema/registry';
export type { CustomMetadataRecord, RecordTypeInfo, SchemaOptions } from './schema/registry';
export { OPPORTUNITY_STAGES, findOpportunityStage } from './schema/standard-objects';
export type { OpportunityStage } from './schema/standard-objects';
export { describeField, describeGlobal, describeSObject } from './schema/describe';
export type { DescribeField, DescribeGlobalSObject, DescribeSObject } from './schema/describe';
export { SObject } from './sobject';
export type { RecordError } from './sobject';
export { apexTypeOfField, apexTypeOfValue, coerceFieldValue, fieldValuesEqual } from './field-values';
export { Database, dmlExceptionMessage } from './database';
export type {
    DatabaseOptions,
    DatabaseSnapshot,
    DmlError,
    DmlHooks,
    DmlOutcome,
    DmlResult,
    Row,
    TriggerChunk,
    TriggerOperation
} from './database';
export { seedSetupData } from './setup-data';
export type { SetupData, SetupOptions } from './setup-data';
export { CustomMetadata } from './custom-metadata';
export { CustomSettings } from './custom-settings';
export { lowerQuery, parseSoql, parseSoqlShared } from './soql/lower';
export { bindsFromList, bindsFromMap, runQuery, runSoql } from './soql/evaluate';
export type { QueryResult, SoqlEnvironment } from './soql/evaluate';
export type { BindReference, SoqlQuery } from './soql/ast';
export type { SoqlClock } from './soql/date-literals';
export { AggregateResultRow } from './soql/aggregate-result';

export interface OrgData {
    schema: SchemaRegistry;
    db: Database;
    setup: SetupData;
    customMetadata: CustomMetadata;
    customSettings: CustomSettings;
}

/** A store over `schema` with the setup rows (org, profiles, running user) and the metadata/settings accessors. */
export function createOrgData(schema: SchemaRegistry, options: { now: () => ApexDatetime } & SetupOptions): OrgData {
    const db = new Database(schema, { now: options.now });
    const setup = seedSetupData(db, { namespacePrefix: schema.options.namespace, ...options });
    return {
        schema,
        db,
        setup,
        customMetadata: new CustomMetadata(db),
        customSettings: new CustomSettings(db, () => db.runningUserId ?? setup.runningUserId)
    };
}
