/**
 * The in-memory org store and its DML engine.
 *
 * Tables: one Map<Id, Row> per object; a Row is a frozen object (lower-cased field → value), so a snapshot is a copy
 * of the table maps (cheap) and test isolation / savepoints restore it. Queries get fresh SObject instances.
 *
 * DML follows the order of execution for Apex DML (Apex Developer Guide, "Triggers and Order of Execution";
 * docs/reference/apex-semantics.md §3.5–3.6), per chunk of 200 records:
 *   load/initialise the record (defaults, overlay on the stored row) → system validation (step 2) →
 *   hooks.beforeSave → system validation again incl. required fields and unique values (step 5) →
 *   write (step 6) → hooks.afterSave (step 7).
 * All-or-none: nothing is written when a record fails (everything done since the statement began, including by the
 * hooks, is rolled back). allOrNone=false: the platform retries without the failed records, re-running triggers,
 * up to 3 attempts (Apex Developer Guide, "Bulk DML Exception Handling"); so does this engine.
 * Trigger invocation itself is not here: the interpreter glue implements DmlHooks.
 * Governor limits are not counted here; results say how many rows were processed.
 */
import { ApexDatetime, ApexThrow, ApexUnsupported } from '../core/values';
import { IdGenerator, tryNormalizeId } from './ids';
import { Journal, JournalMark, JournaledMap } from './journal';
import { applyDerivedFields, formatAutoNumber } from './derived-fields';
import { FieldSchema, ObjectSchema } from './schema/model';
import { SchemaRegistry, UnsupportedDefault } from './schema/registry';
import { SObject } from './sobject';
import {
    ReferenceLookup,
    SaveError,
    normaliseForStorage,
    validateFieldValues,
    validateRequiredAndUnique
} from './save-validation';

export type Row = Readonly<Record<string, unknown>>;

/**
 * Objects the platform lets Apex insert/update/delete (Object Reference, "PermissionSet": create(), update(),
 * delete()) whose rows apexrt only seeds from metadata: DML on them is unsupported, not a TypeException.
 */
const DML_NOT_MODELLED = new Set(['PermissionSet']);

export type TriggerOperation = 'insert' | 'update' | 'delete' | 'undelete';

/** One trigger invocation: a chunk of at most 200 records of one object. */
export interface TriggerChunk {
    operation: TriggerOperation;
    objectType: string;
    isBefore: boolean;
    /** Trigger.new: writable in before triggers, read-only in after triggers; null for delete. */
    newRecords: SObject[] | null;
    /** Trigger.old (read-only): null for insert and undelete. */
    oldRecords: SObject[] | null;
}

/**
 * Implemented by the interpreter glue (runs the triggers of `chunk.objectType`). Records may be marked failed with
 * `record.addError(...)`. Exceptions thrown by a hook propagate out of the DML call after the store is rolled back
 * to the state before the statement.
 */
export interface DmlHooks {
    beforeSave?(chunk: TriggerChunk): void;
    afterSave?(chunk: TriggerChunk): void;
    /**
     * Called before each attempt of a statement (1, 2, 3). Governor limits used by a failed attempt are given
     * back before the next one (Apex Developer Guide, "Bulk DML Exception Handling").
     */
    beforeAttempt?(attempt: number): void;
}

export interface DmlError {
    statusCode: string;
    message: string;
    fields: string[];
}

export interface DmlResult {
    success: boolean;
    id: string | null;
    errors: DmlError[];
    /** Upsert: whether the record was inserted. */
    created?: boolean;
}

export interface DmlOutcome {
    results: DmlResult[];
    /** Records in the statement (what Limits.getDmlRows counts). */
    rowsProcessed: number;
    /** Attempts made (allOrNone=false retries re-run the hooks). */
    attempts: number;
}

/** A point the data can be restored to (a position in the undo journal, see journal.ts). */
export type DatabaseSnapshot = JournalMark;

interface RecycledRow {
    objectName: string;
    row: Row;
    /** The Id whose delete cascaded to this row. */
    cascadeRoot: string;
}

export interface DatabaseOptions {
    /** The current instant (audit fields). */
    now: () => ApexDatetime;
    /** The running user's Id (CreatedById, OwnerId defaults); can be changed later (System.runAs). */
    runningUserId?: string;
}

const CHUNK_SIZE = 200;
const MAX_ATTEMPTS = 3;

interface Pending {
    index: number;
    source: SObject;
    values: Map<string, unknown>;
    explicit: Set<string>;
    old?: Row;
    errors: SaveError[];
    trigger?: SObject;
    id?: string;
}

export class Database implements ReferenceLookup {
    /**
     * Values of read-only fields the platform itself writes in the next update (lead conversion's IsConverted and
     * Converted* fields), by record Id; set and cleared by the caller around that one update.
     */
    systemValues: Map<string, Record<string, unknown>> | undefined;
    private readonly journal = new Journal();
    private readonly tables = new Map<string, JournaledMap<string, Row>>();
    private readonly recycleBin = new JournaledMap<string, RecycledRow>(this.journal);
    readonly ids = new IdGenerator();
    private readonly autoNumbers = new Map<string, number>();
    private readonly cmdtIds = new Map<string, string[]>();
    hooks: DmlHooks = {};
    /** Ids being updated or deleted by a running beforeSave hook (nesting count). */
    private readonly inBeforeTrigger = new Map<string, number>();
    runningUserId: string | null;

    constructor(
        readonly schema: SchemaRegistry,
        private readonly options: DatabaseOptions
    ) {
        this.runningUserId = options.runningUserId ?? null;
        for (const object of schema.allObjects()) {
            if (object.kind !== 'customMetadata') continue;
            this.cmdtIds.set(
                object.name.toLowerCase(),
                schema.customMetadataRecords(object.name).map(() => this.ids.newId(object.keyPrefix))
            );
        }
    }

    // ----- reading -----

    private table(objectName: string): JournaledMap<string, Row> {
        const key = objectName.toLowerCase();
        let t = this.tables.get(key);
        if (!t) {
            t = new JournaledMap(this.journal);
            this.tables.set(key, t);
        }
        return t;
    }

    /** All live rows of an object (custom metadata types: their records, read-only). */
    rows(object: ObjectSchema): Row[] {
        if (object.kind === 'customMetadata') return this.customMetadataRows(object);
        return [...this.table(object.name).values()];
    }

    /** Rows of an object in the recycle bin, with IsDeleted = true (SOQL ALL ROWS). */
    deletedRows(object: ObjectSchema): Row[] {
        return [...this.recycleBin.values()]
            .filter((e) => e.objectName === object.name)
            .map((e) => Object.freeze({ ...e.row, isdeleted: true }));
    }

    private customMetadataRows(object: ObjectSchema): Row[] {
        const ids = this.cmdtIds.get(object.name.toLowerCase()) ?? [];
        const relationships = [...object.fields.values()].filter((f) => f.type === 'reference' && f.custom);
        return this.schema.customMetadataRecords(object.name).map((r, i) => {
            const row: Record<string, unknown> = { ...Object.fromEntries(r.values), id: ids[i] };
            for (const f of relationships) {
                const key = f.name.toLowerCase();
                if (typeof row[key] === 'string') row[key] = this.customMetadataId(f.referenceTo[0], row[key]);
            }
            return Object.freeze(row) as Row;
        });
    }

    /** The Id of the custom metadata record named `developerName` (a metadata relationship's written value). */
    private customMetadataId(typeName: string, developerName: string): string {
        const records = this.schema.customMetadataRecords(typeName);
        const index = records.findIndex(
            (r) => r.developerName === developerName || r.values.get('qualifiedapiname') === developerName
        );
        if (index < 0) throw new ApexUnsupported(`${typeName} record ${developerName} (not in customMetadata/)`);
        return this.cmdtIds.get(typeName.toLowerCase())![index];
    }

    /** A live row by Id (15 or 18 characters). */
    getRow(id: string): { object: ObjectSchema; row: Row } | undefined {
        const normal = tryNormalizeId(id);
        if (!normal) return undefined;
        const object = this.schema.objectForId(normal);
        if (!object) return undefined;
        if (object.kind === 'customMetadata') {
            const row = this.customMetadataRows(object).find((r) => r.id === normal);
            return row ? { object, row } : undefined;
        }
        const row = this.table(object.name).get(normal);
        return row ? { object, row } : undefined;
    }

    /** The parent row a relationship field's value leads to (an Id, or an object name for EntityDefinition). */
    parentRow(field: FieldSchema, value: unknown): { object: ObjectSchema; row: Row } | undefined {
        if (typeof value !== 'string') return undefined;
        if (!field.entityRelationship) return this.getRow(value);
        const object = this.schema.getObject('EntityDefinition')!;
        // Record files name the object without the package namespace.
        const wanted = this.schema.getObject(value);
        const row =
            wanted && this.rows(object).find((r) => this.schema.getObject(r.qualifiedapiname as string) === wanted);
        return row ? { object, row } : undefined;
    }

    /** A new SObject holding every field of a stored row (not marked as queried). */
    toSObject(object: ObjectSchema, row: Row): SObject {
        const record = new SObject(this.schema, object);
        for (const [k, v] of Object.entries(row)) record.setRaw(object.fields.get(k)!.name, v);
        return record;
    }

    objectForId(id: string): ObjectSchema | undefined {
        return this.schema.objectForId(id);
    }

    rowExists(objectName: string, id: string): boolean {
        return this.table(objectName).has(id);
    }

    queueOwnership(groupId: string, objectName: string): 'supported' | 'unlisted' | 'not a queue' | undefined {
        const group = this.table('Group').get(groupId);
        if (!group) return undefined;
        if (group.type !== 'Queue') return 'not a queue';
        const listed = [...this.table('QueueSobject').values()].some(
            (r) => r.queueid === groupId && this.schema.getObject(String(r.sobjecttype))?.name === objectName
        );
        return listed ? 'supported' : 'unlisted';
    }

    isInRecycleBin(id: string): boolean {
        return this.recycleBin.has(id);
    }

    findDuplicate(
        object: ObjectSchema,
        field: FieldSchema,
        value: string,
        exceptId: string | null
    ): string | undefined {
        const key = field.name.toLowerCase();
        const fold = !field.caseSensitive;
        const read = (row: Row): string | undefined => {
            const v = row[key];
            return typeof v !== 'string' ? undefined : fold ? v.toLowerCase() : v;
        };
        // The first row in table order holding the value (an index, not a scan of the table per saved record).
        const ids = this.table(object.name).lookup(`${key}|${fold}`, read, fold ? value.toLowerCase() : value);
        return ids.find((id) => id !== exceptId);
    }

    // ----- snapshots -----

    snapshot(): DatabaseSnapshot {
        return this.journal.mark();
    }

    /** Restores tables and recycle bin. Ids are never reissued (the generator is not rolled back). */
    restore(snapshot: DatabaseSnapshot): void {
        this.journal.restore(snapshot);
    }

    /** Writes a row without DML rules or hooks (setup data: users, profiles, the org row, async job rows). */
    insertSystemRow(objectName: string, fields: Record<string, unknown>): string {
        const object = this.requireObject(objectName);
        const id = this.ids.newId(object.keyPrefix);
        const now = this.options.now();
        const values: Record<string, unknown> = {};
        for (const f of object.fields.values()) {
            if (f.type === 'boolean') values[f.name.toLowerCase()] = false;
        }
        Object.assign(values, { id, isdeleted: false, createddate: now, lastmodifieddate: now, systemmodstamp: now });
        if (this.runningUserId)
            Object.assign(values, { createdbyid: this.runningUserId, lastmodifiedbyid: this.runningUserId });
        for (const [k, v] of Object.entries(fields)) {
            const f = this.schema.getField(object, k);
            if (!f) throw new Error(`unknown field ${objectName}.${k}`);
            values[f.name.toLowerCase()] = v;
        }
        const derived = new Map(Object.entries(values));
        applyDerivedFields(object, derived, undefined, new Set(Object.keys(values)));
        this.table(object.name).set(id, Object.freeze(Object.fromEntries(derived)));
        return id;
    }

    /**
     * Creates or updates a custom metadata record as a metadata deployment does (not DML): the record named
     * developerName of the type gets the given values (lower-cased field name → runtime value) and its label.
     */
    deployCustomMetadata(type: string, developerName: string, label: string, values: Map<string, unknown>): void {
        const object = this.requireObject(type);
        const records = this.schema.customMetadataRecords(object.name);
        const existing = records.find((r) => r.developerName === developerName);
        if (existing) {
            for (const [k, v] of values) existing.values.set(k, v);
            existing.label = label;
            existing.values.set('masterlabel', label);
            existing.values.set('label', label);
            return;
        }
        this.schema.addDeployedCustomMetadataRecord(object.name, developerName, label, values);
        const ids = this.cmdtIds.get(object.name.toLowerCase()) ?? [];
        ids.push(this.ids.newId(object.keyPrefix));
        this.cmdtIds.set(object.name.toLowerCase(), ids);
    }

    /** Removes a stored row without DML rules (system rows, e.g. an aborted CronTrigger). */
    deleteSystemRow(id: string): void {
        const found = this.getRow(id);
        if (!found) throw new Error(`no row ${id}`);
        this.table(found.object.name).delete(found.row.id as string);
    }

    /** Replaces fields of a stored row without DML rules (system updates, e.g. AsyncApexJob status). */
    updateSystemRow(id: string, fields: Record<string, unknown>): void {
        const found = this.getRow(id);
        if (!found) throw new Error(`no row ${id}`);
        if (found.object.kind === 'customMetadata') {
            // Custom metadata records are deployed metadata held by the schema: an admin's edit in Setup changes them there.
            const ids = this.cmdtIds.get(found.object.name.toLowerCase()) ?? [];
            const record = this.schema.customMetadataRecords(found.object.name)[ids.indexOf(found.row.id as string)];
            for (const [k, v] of Object.entries(fields))
                record.values.set(this.schema.getField(found.object, k)!.name.toLowerCase(), v);
            return;
        }
        const values: Record<string, unknown> = { ...found.row };
        for (const [k, v] of Object.entries(fields))
            values[this.schema.getField(found.object, k)!.name.toLowerCase()] = v;
        this.table(found.object.name).set(found.row.id as string, Object.freeze(values));
    }

    private requireObject(name: string): ObjectSchema {
        const object = this.schema.getObject(name);
        if (!object) throw new Error(`unknown SObject type ${name}`);
        return object;
    }

    // ----- DML -----

    insert(records: SObject[], allOrNone = true): DmlOutcome {
        assertNoForeignKeyReferences(records);
        return this.runStatement(records, allOrNone, (recs) => this.saveAttempt('insert', recs));
    }

    update(records: SObject[], allOrNone = true): DmlOutcome {
        assertNoDuplicateIds(records);
        assertNoForeignKeyReferences(records);
        return this.runStatement(records, allOrNone, (recs) => this.saveAttempt('update', recs));
    }

    /**
     * Upsert by Id (externalIdField undefined) or by an external Id field: 0 matches → insert, 1 → update,
     * several → error (Apex Developer Guide, "Upserting Records"). Text matching is case-insensitive when the field is
     * unique and not case-sensitive, case-sensitive otherwise.
     */
    upsert(records: SObject[], externalIdField?: string, allOrNone = true): DmlOutcome {
        assertNoForeignKeyReferences(records);
        // `upsert opps Opportunity.Referral_Id__c;` names the field as a token with its object.
        if (externalIdField?.includes('.'))
            externalIdField = externalIdField.slice(externalIdField.lastIndexOf('.') + 1);
        return this.runStatement(records, allOrNone, (recs) => this.upsertAttempt(recs, externalIdField));
    }

    delete(targets: (SObject | string)[], allOrNone = true): DmlOutcome {
        const ids = targets.map((t) => (typeof t === 'string' ? t : t.id));
        return this.runStatement(ids, allOrNone, (list) => this.deleteAttempt(list));
    }

    undelete(targets: (SObject | string)[], allOrNone = true): DmlOutcome {
        const ids = targets.map((t) => (typeof t === 'string' ? t : t.id));
        return this.runStatement(ids, allOrNone, (list) => this.undeleteAttempt(list));
    }

    /**
     * Runs attempts with rollback between them. `attempt` returns one result per item; write-back of Ids to the
     * caller's records happens only for the final, kept attempt.
     */
    private runStatement<T>(items: T[], allOrNone: boolean, attempt: (items: T[]) => AttemptResult[]): DmlOutcome {
        const results: DmlResult[] = items.map(() => ({ success: false, id: null, errors: [] }));
        let candidates = items.map((_, i) => i);
        const start = this.snapshot();
        for (let n = 1; n <= MAX_ATTEMPTS; n++) {
            const before = n === 1 ? start : this.snapshot();
            this.hooks.beforeAttempt?.(n);
            let outcome: AttemptResult[];
            try {
                outcome = attempt(candidates.map((i) => items[i]));
            } catch (e) {
                this.restore(start);
                throw e;
            }
            const failed = outcome.map((r, k) => (r.errors.length ? k : -1)).filter((k) => k >= 0);
            if (failed.length === 0) {
                outcome.forEach((r, k) => {
                    const i = candidates[k];
                    results[i] = { success: true, id: r.id, errors: [], created: r.created };
                    r.commit?.();
                });
                return { results, rowsProcessed: items.length, attempts: n };
            }
            for (const k of failed) {
                const i = candidates[k];
                results[i] = {
                    success: false,
                    id: outcome[k].id ?? null,
                    errors: outcome[k].errors.map((e) => ({ ...e }))
                };
            }
            if (allOrNone) {
                this.restore(start);
                return { results, rowsProcessed: items.length, attempts: n };
            }
            this.restore(before);
            candidates = candidates.filter((_, k) => !failed.includes(k));
            if (candidates.length === 0) return { results, rowsProcessed: items.length, attempts: n };
        }
        this.restore(start);
        // Apex Developer Guide, "Bulk DML Exception Handling": a third failing attempt ends the operation.
        throw new ApexThrow(
            'System.DmlException',
            'Too many batch retries in the presence of Apex triggers and partial failures.'
        );
    }

    private assertDmlAllowed(object: ObjectSchema, operation: string): void {
        if (object.kind === 'customMetadata') {
            // The compiler rejects DML on custom metadata; at run time (dynamic SObject lists) the platform throws.
            throw new ApexThrow(
                'System.TypeException',
                `DML operation ${operation.toUpperCase()} not allowed on ${object.name}`
            );
        }
        if (object.kind === 'platformEvent') {
            throw new ApexUnsupported(`DML ${operation} on platform event ${object.name} (use EventBus.publish)`);
        }
        if (!object.dmlAllowed && DML_NOT_MODELLED.has(object.name)) {
            throw new ApexUnsupported(`DML ${operation} on ${object.name}`);
        }
        if (!object.dmlAllowed) {
            throw new ApexThrow(
                'System.TypeException',
                `DML operation ${operation.toUpperCase()} not allowed on ${object.name}`
            );
        }
        if (object.unsupportedAutomation.length > 0) {
            throw new ApexUnsupported(`DML on ${object.name}, which has ${object.unsupportedAutomation.join(', ')}`);
        }
        for (const f of object.fields.values()) {
            if (f.formula !== undefined)
                throw new ApexUnsupported(`DML on ${object.name}: formula field ${f.name} needs a formula evaluator`);
            if (f.summary) throw new ApexUnsupported(`DML on ${object.name}: roll-up summary field ${f.name}`);
        }
    }

    // ----- insert / update -----

    private saveAttempt(op: 'insert' | 'update', records: SObject[]): AttemptResult[] {
        const results: AttemptResult[] = records.map(() => ({ id: null, errors: [] }));
        for (const group of groupByType(records)) {
            this.assertDmlAllowed(group.object, op);
            for (let start = 0; start < group.indexes.length; start += CHUNK_SIZE) {
                const chunk = group.indexes.slice(start, start + CHUNK_SIZE);
                this.saveChunk(
                    op,
                    group.object,
                    chunk.map((i) => ({ index: i, source: records[i] })),
                    results
                );
            }
        }
        return results;
    }

    private saveChunk(
        op: 'insert' | 'update',
        object: ObjectSchema,
        items: { index: number; source: SObject }[],
        results: AttemptResult[]
    ): void {
        const pending: Pending[] = [];
        for (const { index, source } of items) {
            const p =
                op === 'insert' ? this.prepareInsert(object, index, source) : this.prepareUpdate(object, index, source);
            if (p.errors.length === 0) p.errors.push(...validateFieldValues(object, p.values, this));
            if (p.errors.length) results[index] = { id: p.id ?? null, errors: p.errors };
            else pending.push(p);
        }
        if (pending.length === 0) return;
        const oldRecords = op === 'update' ? pending.map((p) => this.readOnlyRecord(object, p.old!)) : null;
        for (const p of pending) {
            p.trigger = this.recordFromValues(object, p.values);
        }
        this.runBeforeHook(
            {
                operation: op,
                objectType: object.name,
                isBefore: true,
                newRecords: pending.map((p) => p.trigger!),
                oldRecords
            },
            op === 'update' ? pending.map((p) => p.id!) : []
        );
        const saved: Pending[] = [];
        for (const p of pending) {
            const t = p.trigger!;
            if (t.errors.length) {
                results[p.index] = {
                    id: p.id ?? null,
                    errors: t.errors.map((e) => ({ statusCode: e.statusCode, message: e.message, fields: e.fields }))
                };
                continue;
            }
            const values = new Map<string, unknown>();
            for (const [name, value] of t.populatedFields()) values.set(name.toLowerCase(), value);
            for (const k of t.populatedFields().map(([n]) => n.toLowerCase())) {
                if (p.old === undefined || !sameValue(p.old[k], values.get(k))) p.explicit.add(k);
            }
            const errors = this.finishAndValidate(object, p, values);
            if (errors.length) {
                results[p.index] = { id: p.id ?? null, errors };
                continue;
            }
            this.writeRow(object, p, values);
            saved.push(p);
        }
        if (saved.length === 0) return;
        const newRecords = saved.map((p) => this.readOnlyRecord(object, this.table(object.name).get(p.id!)!));
        this.hooks.afterSave?.({
            operation: op,
            objectType: object.name,
            isBefore: false,
            newRecords,
            oldRecords: op === 'update' ? saved.map((p) => this.readOnlyRecord(object, p.old!)) : null
        });
        saved.forEach((p, k) => {
            const errors = newRecords[k].errors;
            if (errors.length) {
                results[p.index] = {
                    id: p.id!,
                    errors: errors.map((e) => ({ statusCode: e.statusCode, message: e.message, fields: e.fields }))
                };
            } else {
                const source = p.source;
                const id = p.id!;
                results[p.index] = {
                    id,
                    errors: [],
                    commit: op === 'insert' ? () => source.setRaw('Id', id) : undefined
                };
            }
        });
    }

    private prepareInsert(object: ObjectSchema, index: number, source: SObject): Pending {
        const p: Pending = { index, source, values: new Map(), explicit: new Set(), errors: [] };
        if (source.id) {
            p.errors.push({
                statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
                message: 'cannot specify Id in an insert call',
                fields: ['Id']
            });
            return p;
        }
        for (const f of object.fields.values()) {
            if (f.defaultValue === undefined) continue;
            if (f.defaultValue instanceof UnsupportedDefault) {
                if (!source.isSet(f.name))
                    throw new ApexUnsupported(
                        `default value formula of ${object.name}.${f.name}: ${f.defaultValue.formula}`
                    );
                continue;
            }
            p.values.set(f.name.toLowerCase(), f.defaultValue);
        }
        for (const f of object.fields.values())
            if (f.type === 'boolean' && !p.values.has(f.name.toLowerCase())) p.values.set(f.name.toLowerCase(), false);
        if (object.owned && this.runningUserId) p.values.set('ownerid', this.runningUserId);
        for (const [name, value] of source.populatedFields()) {
            const f = object.fields.get(name.toLowerCase())!;
            if (!f.createable) continue; // read-only fields of a cloned or queried record are ignored
            p.values.set(name.toLowerCase(), value);
            p.explicit.add(name.toLowerCase());
        }
        this.resolveForeignKeys(object, source, p);
        // What the platform stores for a hierarchy setting row without an owner (the empty getOrgDefaults() record
        // upserted) is not documented: refuse it rather than keep a row no getter finds.
        if (object.customSettingsType === 'Hierarchy' && !p.values.get('setupownerid'))
            throw new ApexUnsupported(`insert of ${object.name} without SetupOwnerId`);
        return p;
    }

    /**
     * Runs beforeSave while remembering the Ids it is updating or deleting: DML on one of them from inside that
     * trigger is an error (Apex Developer Guide, trigger context considerations: in before update/delete a DML update
     * or delete of the same record is not allowed). Status code SELF_REFERENCE_FROM_TRIGGER; message INFERRED.
     */
    private runBeforeHook(chunk: TriggerChunk, ids: string[]): void {
        if (!this.hooks.beforeSave) return;
        for (const id of ids) this.inBeforeTrigger.set(id, (this.inBeforeTrigger.get(id) ?? 0) + 1);
        try {
            this.hooks.beforeSave(chunk);
        } finally {
            for (const id of ids) {
                const n = this.inBeforeTrigger.get(id)! - 1;
                if (n === 0) this.inBeforeTrigger.delete(id);
                else this.inBeforeTrigger.set(id, n);
            }
        }
    }

    private selfReferenceError(id: string): DmlError | undefined {
        if (!this.inBeforeTrigger.has(id)) return undefined;
        return {
            statusCode: 'SELF_REFERENCE_FROM_TRIGGER',
            message: `Object (id = ${id}) is currently in trigger, therefore it cannot recursively update itself`,
            fields: []
        };
    }

    private prepareUpdate(object: ObjectSchema, index: number, source: SObject): Pending {
        const p: Pending = { index, source, values: new Map(), explicit: new Set(), errors: [] };
        const id = source.id;
        if (!id) {
            p.errors.push({
                statusCode: 'MISSING_ARGUMENT',
                message: 'Id not specified in an update call',
                fields: []
            });
            return p;
        }
        p.id = id;
        const selfReference = this.selfReferenceError(id);
        if (selfReference) {
            p.errors.push(selfReference);
            return p;
        }
        const row = this.table(object.name).get(id);
        if (!row) {
            p.errors.push(
                this.recycleBin.has(id)
                    ? { statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }
                    : { statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [] }
            );
            return p;
        }
        p.old = row;
        for (const [k, v] of Object.entries(row)) p.values.set(k, v);
        for (const [name, value] of source.populatedFields()) {
            const f = object.fields.get(name.toLowerCase())!;
            if (!f.updateable) {
                // A detail record cannot move to another master unless the field is reparentable (Metadata API,
                // CustomField reparentableMasterDetail); the platform's save error for it is not modelled.
                const stored = row[name.toLowerCase()];
                const same = value === stored || (typeof value === 'string' && tryNormalizeId(value) === stored);
                if (f.masterDetail && !same)
                    throw new ApexUnsupported(
                        `reparenting ${object.name}.${f.name} (not reparentable: the save error is not modelled)`
                    );
                continue;
            }
            p.values.set(name.toLowerCase(), value);
        }
        for (const [name, value] of Object.entries(this.systemValues?.get(id) ?? {})) p.values.set(name, value);
        return p;
    }

    /** Normalisation, derived fields and step-5 validation of the values after the before triggers. */
    private finishAndValidate(object: ObjectSchema, p: Pending, values: Map<string, unknown>): SaveError[] {
        for (const [k, v] of values) values.set(k, normaliseForStorage(object.fields.get(k)!, v));
        const oldValues = p.old ? new Map(Object.entries(p.old)) : undefined;
        applyDerivedFields(object, values, oldValues, p.explicit);
        if (object.name === 'OpportunityTeamMember') {
            // The member's name is the user's (Object Reference, OpportunityTeamMember.Name).
            const user =
                typeof values.get('userid') === 'string' ? this.getRow(values.get('userid') as string) : undefined;
            values.set('name', user?.row.name ?? null);
        }
        const errors = validateFieldValues(object, values, this);
        if (errors.length) return errors;
        return validateRequiredAndUnique(object, values, p.id ?? null, this);
    }

    private writeRow(object: ObjectSchema, p: Pending, values: Map<string, unknown>): void {
        const now = this.options.now();
        if (!p.id) {
            p.id = this.ids.newId(object.keyPrefix);
            values.set('id', p.id);
            values.set('isdeleted', false);
            values.set('createddate', now);
            values.set('createdbyid', this.runningUserId);
            for (const f of object.fields.values()) {
                if (f.autoNumberFormat === undefined) continue;
                const key = `${object.name}.${f.name}`;
                const n = (this.autoNumbers.get(key) ?? 0) + 1;
                this.autoNumbers.set(key, n);
                values.set(f.name.toLowerCase(), formatAutoNumber(f.autoNumberFormat, n));
            }
            // A custom object record saved without a (text) Name is named after its Id (INFERRED from API behaviour).
            const name = object.fields.get('name');
            if (
                object.kind === 'custom' &&
                name &&
                name.autoNumberFormat === undefined &&
                name.createable &&
                values.get('name') == null
            ) {
                values.set('name', p.id);
            }
        }
        values.set('lastmodifieddate', now);
        values.set('lastmodifiedbyid', this.runningUserId);
        values.set('systemmodstamp', now);
        this.table(object.name).set(p.id, Object.freeze(Object.fromEntries(values)));
    }

    private recordFromValues(object: ObjectSchema, values: Map<string, unknown>): SObject {
        const record = new SObject(this.schema, object);
        for (const [k, v] of values) record.setRaw(object.fields.get(k)!.name, v);
        return record;
    }

    private readOnlyRecord(object: ObjectSchema, row: Row): SObject {
        const record = this.toSObject(object, row);
        record.readOnly = true;
        return record;
    }

    // ----- upsert -----

    /** Stored rows of `object` whose external ID `field` holds `key` (text folded unless case-sensitive). */
    private rowsWithExternalId(object: ObjectSchema, field: FieldSchema, key: unknown): Row[] {
        const fold = typeof key === 'string' && field.unique && !field.caseSensitive;
        return [...this.table(object.name).values()].filter((row) => {
            const v = row[field.name.toLowerCase()];
            if (typeof v === 'string' && typeof key === 'string')
                return fold ? v.toLowerCase() === key.toLowerCase() : v === key;
            return v === key;
        });
    }

    /**
     * Apex Developer Guide, "Creating Parent and Child Records in a Single Statement Using Foreign Keys": a parent
     * relationship set to a record that holds only an external ID field points the reference field at the stored
     * record with that value. The platform's errors (no match, several, reference field set too) are not modelled:
     * loud. A parent record holding anything else is refused before (assertNoForeignKeyReferences).
     */
    private resolveForeignKeys(object: ObjectSchema, source: SObject, p: Pending): void {
        for (const [relationship, parent] of source.populatedParents()) {
            const populated = parent?.populatedFields() ?? [];
            if (!parent || populated.length !== 1) continue;
            const [fieldName, key] = populated[0];
            const keyField = parent.schema.fields.get(fieldName.toLowerCase())!;
            if (!keyField.externalId) continue;
            const reference = this.schema.parentRelationship(object, relationship)!;
            const matches = this.rowsWithExternalId(parent.schema, keyField, key);
            if (source.isSet(reference.name) || matches.length !== 1)
                throw new ApexUnsupported(
                    `${object.name}.${relationship} by external ID ${parent.schema.name}.${keyField.name} = ${String(key)} ` +
                        `(${matches.length} matching records${source.isSet(reference.name) ? `, ${reference.name} set too` : ''}: the platform's answer is not modelled)`
                );
            p.values.set(reference.name.toLowerCase(), matches[0].id);
            p.explicit.add(reference.name.toLowerCase());
        }
    }

    /**
     * The stored record an upsert of `record` updates: its Id, or the one record whose external ID field holds the
     * record's value; null when the upsert inserts (or fails: no key, several matches — upsertAttempt reports it).
     */
    upsertMatch(record: SObject, externalIdField: string | undefined): string | null {
        if (!externalIdField || externalIdField.toLowerCase() === 'id') return record.id ?? null;
        const field = this.schema.getField(record.schema, externalIdField);
        const key = field && record.isSet(field.name) ? record.get(field.name) : null;
        if (!field || key === null || key === '') return null;
        const matches = this.rowsWithExternalId(record.schema, field, key);
        return matches.length === 1 ? (matches[0].id as string) : null;
    }

    private upsertAttempt(records: SObject[], externalIdField: string | undefined): AttemptResult[] {
        const results: AttemptResult[] = records.map(() => ({ id: null, errors: [] }));
        const inserts: number[] = [];
        const updates: number[] = [];
        const matchedIds = new Map<number, string>();
        const seen = new Map<string, number>();
        records.forEach((record, i) => {
            const object = record.schema;
            if (!externalIdField || externalIdField.toLowerCase() === 'id') {
                (record.id ? updates : inserts).push(i);
                return;
            }
            const field = this.schema.getField(object, externalIdField);
            if (!field || !(field.externalId || field.type === 'id')) {
                results[i].errors.push({
                    statusCode: 'INVALID_FIELD',
                    message: `Invalid field for upsert, must be an External Id custom or standard indexed field: ${externalIdField}`,
                    fields: []
                });
                return;
            }
            const key = record.isSet(field.name) ? record.get(field.name) : null;
            if (key === null || key === '') {
                results[i].errors.push({
                    statusCode: 'MISSING_ARGUMENT',
                    message: `${field.name} not specified`,
                    fields: []
                });
                return;
            }
            const fold = typeof key === 'string' && field.unique && !field.caseSensitive;
            const norm = fold ? (key as string).toLowerCase() : String(key);
            if (seen.has(norm)) {
                results[i].errors.push({
                    statusCode: 'DUPLICATE_EXTERNAL_ID',
                    message: `Duplicate external id specified: ${String(key)}`,
                    fields: [field.name]
                });
                return;
            }
            seen.set(norm, i);
            const matches = this.rowsWithExternalId(object, field, key);
            if (matches.length > 1) {
                results[i].errors.push({
                    statusCode: 'DUPLICATE_EXTERNAL_ID',
                    message: `${field.label}: more than one record found for external id field: [${matches.map((m) => m.id as string).join(', ')}]`,
                    fields: [field.name]
                });
            } else if (matches.length === 1) {
                matchedIds.set(i, matches[0].id as string);
                updates.push(i);
            } else {
                inserts.push(i);
            }
        });
        const run = (op: 'insert' | 'update', indexes: number[]) => {
            if (!indexes.length) return;
            const recs = indexes.map((i) => {
                if (!matchedIds.has(i)) return records[i];
                const withId = records[i].clone(false, false, true, true);
                withId.setRaw('Id', matchedIds.get(i)!);
                return withId;
            });
            const sub = this.saveAttempt(op, recs);
            indexes.forEach((i, k) => {
                const r = sub[k];
                const matched = matchedIds.get(i);
                results[i] = {
                    id: r.id,
                    errors: r.errors,
                    created: op === 'insert',
                    commit: () => {
                        r.commit?.();
                        if (matched) records[i].setRaw('Id', matched);
                    }
                };
            });
        };
        run('insert', inserts);
        run('update', updates);
        return results;
    }

    // ----- delete / undelete -----

    private deleteAttempt(ids: (string | null)[]): AttemptResult[] {
        const results: AttemptResult[] = ids.map(() => ({ id: null, errors: [] }));
        const live: { index: number; id: string; object: ObjectSchema; row: Row }[] = [];
        ids.forEach((raw, index) => {
            const id = raw ? tryNormalizeId(raw) : undefined;
            const found = id ? this.getRow(id) : undefined;
            results[index].id = id ?? null;
            if (!id)
                results[index].errors.push({
                    statusCode: 'MISSING_ARGUMENT',
                    message: 'Id not specified in a delete call',
                    fields: []
                });
            else if (!found) {
                results[index].errors.push(
                    this.recycleBin.has(id)
                        ? { statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }
                        : {
                              statusCode: 'INVALID_CROSS_REFERENCE_KEY',
                              message: 'invalid cross reference id',
                              fields: []
                          }
                );
            } else if (this.selfReferenceError(id)) {
                results[index].errors.push(this.selfReferenceError(id)!);
            } else live.push({ index, id, object: found.object, row: found.row });
        });
        for (const group of groupBy(live, (l) => l.object)) {
            this.assertDmlAllowed(group.key, 'delete');
            for (let s = 0; s < group.items.length; s += CHUNK_SIZE) {
                const chunk = group.items.slice(s, s + CHUNK_SIZE).filter((l) => {
                    const restrict = this.restrictingChild(l.id);
                    if (restrict) results[l.index].errors.push(restrict);
                    return !restrict;
                });
                if (!chunk.length) continue;
                const old = chunk.map((l) => this.readOnlyRecord(group.key, l.row));
                this.runBeforeHook(
                    {
                        operation: 'delete',
                        objectType: group.key.name,
                        isBefore: true,
                        newRecords: null,
                        oldRecords: old
                    },
                    chunk.map((l) => l.id)
                );
                const kept = chunk.filter((l, k) => {
                    if (old[k].errors.length) results[l.index].errors.push(...old[k].errors.map((e) => ({ ...e })));
                    return !old[k].errors.length;
                });
                for (const l of kept) this.removeRow(group.key, l.id, l.id);
                if (!kept.length) continue;
                const oldAfter = kept.map((l) => this.readOnlyRecord(group.key, l.row));
                this.hooks.afterSave?.({
                    operation: 'delete',
                    objectType: group.key.name,
                    isBefore: false,
                    newRecords: null,
                    oldRecords: oldAfter
                });
                kept.forEach((l, k) => {
                    if (oldAfter[k].errors.length)
                        results[l.index].errors.push(...oldAfter[k].errors.map((e) => ({ ...e })));
                });
            }
        }
        return results;
    }

    /** Lookups with deleteConstraint Restrict that point at `id` block the delete. */
    private restrictingChild(id: string): DmlError | undefined {
        const object = this.schema.objectForId(id)!;
        for (const rel of object.childRelationships) {
            const child = this.schema.getObject(rel.childSObject)!;
            const field = child.fields.get(rel.field.toLowerCase())!;
            if (field.deleteConstraint !== 'Restrict') continue;
            const key = field.name.toLowerCase();
            if ([...this.table(child.name).values()].some((r) => r[key] === id)) {
                // INFERRED wording (the platform names the blocking records too).
                return {
                    statusCode: 'DELETE_FAILED',
                    message: `Your attempt to delete ${object.label} could not be completed because it is associated with ${child.labelPlural}`,
                    fields: []
                };
            }
        }
        return undefined;
    }

    /**
     * Moves a row to the recycle bin; master-detail (and Cascade) children follow without firing their triggers;
     * SetNull lookups are cleared (the platform does not run triggers for either, INFERRED from the docs on
     * cascade deletes).
     */
    private removeRow(object: ObjectSchema, id: string, cascadeRoot: string): void {
        const row = this.table(object.name).get(id);
        if (!row) return;
        this.table(object.name).delete(id);
        this.recycleBin.set(id, { objectName: object.name, row, cascadeRoot });
        for (const rel of object.childRelationships) {
            const child = this.schema.getObject(rel.childSObject)!;
            const field = child.fields.get(rel.field.toLowerCase())!;
            const key = field.name.toLowerCase();
            for (const [childId, childRow] of [...this.table(child.name)]) {
                if (childRow[key] !== id) continue;
                if (rel.cascadeDelete) this.removeRow(child, childId, cascadeRoot);
                else if (field.deleteConstraint !== 'Restrict')
                    this.table(child.name).set(childId, Object.freeze({ ...childRow, [key]: null }));
            }
        }
    }

    private undeleteAttempt(ids: (string | null)[]): AttemptResult[] {
        const results: AttemptResult[] = ids.map(() => ({ id: null, errors: [] }));
        const found: { index: number; id: string; entry: RecycledRow }[] = [];
        ids.forEach((raw, index) => {
            const id = raw ? tryNormalizeId(raw) : undefined;
            results[index].id = id ?? null;
            const entry = id ? this.recycleBin.get(id) : undefined;
            if (!id || !entry || entry.cascadeRoot !== id) {
                // INFERRED wording.
                results[index].errors.push({
                    statusCode: 'UNDELETE_FAILED',
                    message: 'Entity is not in the recycle bin',
                    fields: []
                });
            } else found.push({ index, id, entry });
        });
        for (const group of groupBy(found, (f) => this.schema.getObject(f.entry.objectName)!)) {
            this.assertDmlAllowed(group.key, 'undelete');
            for (let s = 0; s < group.items.length; s += CHUNK_SIZE) {
                const chunk = group.items.slice(s, s + CHUNK_SIZE);
                for (const f of chunk) {
                    for (const [binId, e] of [...this.recycleBin]) {
                        if (e.cascadeRoot !== f.id) continue;
                        this.recycleBin.delete(binId);
                        this.table(e.objectName).set(binId, e.row);
                    }
                }
                const records = chunk.map((f) => this.readOnlyRecord(group.key, f.entry.row));
                this.hooks.afterSave?.({
                    operation: 'undelete',
                    objectType: group.key.name,
                    isBefore: false,
                    newRecords: records,
                    oldRecords: null
                });
                chunk.forEach((f, k) => {
                    if (records[k].errors.length)
                        results[f.index].errors.push(...records[k].errors.map((e) => ({ ...e })));
                });
            }
        }
        return results;
    }
}

interface AttemptResult {
    id: string | null;
    errors: DmlError[];
    created?: boolean;
    /**
     * Applied when the attempt is kept: Id write-back into the caller's record. Only the Id: field changes made by
     * before triggers are not copied back (INFERRED from the common need to re-query after DML).
     */
    commit?: () => void;
}

function sameValue(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    const eq = (a as { equals?: (o: unknown) => boolean } | null)?.equals;
    return typeof eq === 'function' && b !== null && b !== undefined && eq.call(a, b) === true;
}

function groupByType(records: SObject[]): { object: ObjectSchema; indexes: number[] }[] {
    return groupBy(
        records.map((r, i) => ({ r, i })),
        (x) => x.r.schema
    ).map((g) => ({ object: g.key, indexes: g.items.map((x) => x.i) }));
}

function groupBy<T, K>(items: T[], keyOf: (t: T) => K): { key: K; items: T[] }[] {
    const groups = new Map<K, T[]>();
    for (const item of items) {
        const k = keyOf(item);
        const list = groups.get(k) ?? [];
        list.push(item);
        groups.set(k, list);
    }
    return [...groups].map(([key, list]) => ({ key, items: list }));
}

/** Apex: "System.ListException: Duplicate id in list: <id>" for update/delete of a list naming a row twice. */
function assertNoDuplicateIds(records: SObject[]): void {
    const seen = new Set<string>();
    for (const r of records) {
        const id = r.id;
        if (!id) continue;
        if (seen.has(id)) throw new ApexThrow('System.ListException', `Duplicate id in list: ${id}`);
        seen.add(id);
    }
}

/**
 * The DmlException message for the first failed record: "Insert failed. First exception on row 0; first error:
 * REQUIRED_FIELD_MISSING, Required fields are missing: [CloseDate]: [CloseDate]" (widely seen; UNCONFIRMED exact
 * text, docs/reference/apex-semantics.md §3.6).
 */
export function dmlExceptionMessage(
    operation: 'insert' | 'update' | 'upsert' | 'delete' | 'undelete',
    results: DmlResult[]
): string | undefined {
    const row = results.findIndex((r) => r.errors.length > 0);
    if (row < 0) return undefined;
    const e = results[row].errors[0];
    const op = operation[0].toUpperCase() + operation.slice(1);
    const idPart = results[row].id && operation !== 'insert' ? ` with id ${results[row].id}` : '';
    return `${op} failed. First exception on row ${row}${idPart}; first error: ${e.statusCode}, ${e.message}: [${e.fields.join(', ')}]`;
}

/**
 * A parent record without an Id set on a relationship (`contact.Account = new Account(Ext__c = 'x')`) asks the DML
 * to resolve the parent by an external Id (Apex Developer Guide, "Creating Parent and Child Records in a Single
 * Statement Using Foreign Keys"). A parent holding exactly one external ID field is resolved (resolveForeignKeys);
 * any other parent without an Id would be ignored, saving the record without its parent, so it is unsupported.
 * Parents that carry an Id (e.g. from a query) are left alone.
 */
function assertNoForeignKeyReferences(records: SObject[]): void {
    for (const r of records)
        for (const [rel, parent] of r.populatedParents())
            if (parent && !parent.id && !holdsOnlyAnExternalId(parent))
                throw new ApexUnsupported(
                    `DML with ${r.schema.name}.${rel} set to a record without an Id (foreign key by external Id)`
                );
}

function holdsOnlyAnExternalId(parent: SObject): boolean {
    const populated = parent.populatedFields();
    return populated.length === 1 && parent.schema.fields.get(populated[0][0].toLowerCase())?.externalId === true;
}
