/**
 * The SObject record value: one Apex `Account`, `Opportunity`, `X__c` ... instance.
 *
 * - Fields are held case-insensitively (key: lower-cased canonical name); the canonical name is kept for output.
 * - A record built by a query remembers which fields were queried. Reading any other field that was not set since
 *   throws System.SObjectException "SObject row was retrieved via SOQL without querying the requested field:
 *   Account.Name" (message widely reported; Apex Developer Guide, "SOQL for sObjects").
 * - Unknown field: System.SObjectException "Invalid field X for Account" (widely reported message).
 * - Parent relationship records (`opp.Account`) and child lists (`acc.Contacts`) are kept apart from fields.
 * - Equality: Apex `==` on sObjects "performs a deep check of all sObject field values" (Apex Developer Guide,
 *   Expression Operators). apexrt compares type and populated field values; a field set to null equals an unset
 *   field, strings compare case-sensitively (INFERRED: the same as Set/Map keys, which use equals/hashCode).
 * - A read-only record (Trigger.old, Trigger.new in after triggers) throws System.FinalException
 *   "Record is read-only" on writes (Apex Developer Guide, Trigger context variable considerations).
 */
import { ApexThrow, ApexUnsupported } from '../core/values';
import { mayBeUnmodelledField } from './soql/field-paths';
import { coerceFieldValue, fieldValueHash, fieldValuesEqual } from './field-values';
import { FieldSchema, ObjectSchema } from './schema/model';
import { SchemaRegistry } from './schema/registry';

export interface RecordError {
    message: string;
    /** Canonical field names the error is attached to (addError on a field). */
    fields: string[];
    statusCode: string;
}

const TIMESTAMP_FIELDS = ['createddate', 'createdbyid', 'lastmodifieddate', 'lastmodifiedbyid', 'systemmodstamp'];

export class SObject {
    private readonly values = new Map<string, unknown>();
    /** Lower-cased names of the fields (and relationships) a query loaded; null when not built by a query. */
    private queried: Set<string> | null = null;
    private readonly parents = new Map<string, SObject | null>();
    private readonly children = new Map<string, SObject[] | null>();
    /** Errors added with addError (in triggers), read by the DML engine. */
    readonly errors: RecordError[] = [];
    /** Set on Trigger.old and on Trigger.new in after triggers. */
    readOnly = false;
    /**
     * Why the record's populated fields are not all the platform would hold (a FIELDS(STANDARD) query of an object
     * whose standard fields apexrt models only in part): rendering the whole record is then unsupported.
     */
    partialFields: string | null = null;

    constructor(
        readonly registry: SchemaRegistry,
        readonly schema: ObjectSchema
    ) {}

    /** `new Account()`; unknown type names are an error of the caller (the compiler would reject them). */
    static create(registry: SchemaRegistry, typeName: string, fields: Record<string, unknown> = {}): SObject {
        const schema = registry.getObject(typeName);
        if (!schema) throw new Error(`unknown SObject type ${typeName}`);
        const record = new SObject(registry, schema);
        for (const [k, v] of Object.entries(fields)) record.put(k, v);
        return record;
    }

    /** Canonical API name of the type (what getSObjectType() describes). */
    get sobjectTypeName(): string {
        return this.schema.name;
    }

    getSObjectType(): string {
        return this.schema.name;
    }

    get id(): string | null {
        return (this.values.get('id') as string | undefined) ?? null;
    }

    /** The field schema, or SObjectException "Invalid field X for T". */
    field(fieldName: string): FieldSchema {
        const field = this.registry.getField(this.schema, fieldName);
        if (!field && this.registry.unmodelledRelationship(this.schema, fieldName))
            throw new ApexUnsupported(`the metadata relationship ${this.schema.name}.${fieldName}`);
        if (!field) {
            // A standard field apexrt's hand-written schema leaves out may exist on the platform (field-paths.ts).
            if (this.schema.unmodelledFields)
                throw new ApexUnsupported(
                    `the field ${this.schema.name}.${fieldName} (${this.schema.unmodelledFields})`
                );
            if (mayBeUnmodelledField(fieldName))
                throw new ApexUnsupported(
                    `standard field ${this.schema.name}.${fieldName}, which apexrt does not model`
                );
            throw new ApexThrow('System.SObjectException', `Invalid field ${fieldName} for ${this.schema.name}`);
        }
        return field;
    }

    /** `record.get('Name')` / `record.Name`. */
    get(fieldName: string): unknown {
        const field = this.field(fieldName);
        const key = field.name.toLowerCase();
        if (this.queried && !this.queried.has(key) && !this.values.has(key)) {
            throw new ApexThrow(
                'System.SObjectException',
                `SObject row was retrieved via SOQL without querying the requested field: ${this.schema.name}.${field.name}`
            );
        }
        // A Checkbox field is never null (the schema makes it non-nillable): unset on a new record it reads false.
        if (!this.values.has(key) && field.type === 'boolean') return false;
        return this.values.get(key) ?? null;
    }

    /**
     * `record.put('Name', v)` / `record.Name = v`: type-checked; returns the previous value (Apex put returns it).
     * Fields the platform calculates are not writeable: SObjectException "Field is not writeable: T.F"
     * (INFERRED wording, from the compile error for the same assignment). Id is writeable (DML by Id needs it).
     */
    put(fieldName: string, value: unknown): unknown {
        this.assertWritable();
        const field = this.field(fieldName);
        if (!field.createable && !field.updateable && field.type !== 'id') {
            throw new ApexThrow('System.SObjectException', `Field is not writeable: ${this.schema.name}.${field.name}`);
        }
        const key = field.name.toLowerCase();
        const previous = this.values.get(key) ?? null;
        this.values.set(key, coerceFieldValue(field, value));
        return previous;
    }

    /** Data-layer write: no writeability or read-only check (query results, DML write-back, JSON.deserialize). */
    setRaw(fieldName: string, value: unknown): void {
        const field = this.field(fieldName);
        this.values.set(field.name.toLowerCase(), value === undefined ? null : value);
    }

    /** Whether the field has been given a value (null included), like the platform's "populated" fields. */
    isSet(fieldName: string): boolean {
        return this.values.has(this.field(fieldName).name.toLowerCase());
    }

    /** Canonical field name → value of the populated fields, in the order they were set. */
    populatedFields(): [string, unknown][] {
        return [...this.values.entries()].map(([k, v]) => [this.schema.fields.get(k)!.name, v]);
    }

    /** The populated fields, for output of the whole record (toString, JSON): loud when they are not all known. */
    wholeRecordFields(): [string, unknown][] {
        if (this.partialFields) throw new ApexUnsupported(`the whole record of ${this.partialFields}`);
        return this.populatedFields();
    }

    /** Marks the record as built by a query that loaded `fieldNames` (lower-cased, fields and relationships). */
    markQueried(fieldNames: Iterable<string>): void {
        this.queried = new Set([...fieldNames].map((f) => f.toLowerCase()));
        this.queried.add('id');
    }

    get isFromQuery(): boolean {
        return this.queried !== null;
    }

    // ----- relationships -----

    /** `opp.Account` / `record.getSObject('Account')`. */
    getSObject(relationshipName: string): SObject | null {
        const field = this.parentField(relationshipName);
        const key = field.relationshipName!.toLowerCase();
        if (this.queried && !this.queried.has(key) && !this.parents.has(key)) {
            throw new ApexThrow(
                'System.SObjectException',
                `SObject row was retrieved via SOQL without querying the requested field: ${this.schema.name}.${field.relationshipName}`
            );
        }
        return this.parents.get(key) ?? null;
    }

    /** `opp.Account = acc` / `putSObject`. Does not change AccountId (Apex does not either). */
    putSObject(relationshipName: string, parent: SObject | null): SObject | null {
        this.assertWritable();
        const field = this.parentField(relationshipName);
        const key = field.relationshipName!.toLowerCase();
        const previous = this.parents.get(key) ?? null;
        this.parents.set(key, parent);
        return previous;
    }

    /** `acc.Contacts` / `getSObjects('Contacts')`: null when never set (INFERRED for in-memory records). */
    getSObjects(relationshipName: string): SObject[] | null {
        const rel = this.registry.childRelationship(this.schema, relationshipName);
        if (!rel)
            throw new ApexThrow(
                'System.SObjectException',
                `Invalid relationship ${relationshipName} for ${this.schema.name}`
            );
        const key = rel.relationshipName.toLowerCase();
        if (this.queried && !this.queried.has(key) && !this.children.has(key)) {
            throw new ApexThrow(
                'System.SObjectException',
                `SObject row was retrieved via SOQL without querying the requested field: ${this.schema.name}.${rel.relationshipName}`
            );
        }
        return this.children.get(key) ?? null;
    }

    setChildren(relationshipName: string, records: SObject[] | null): void {
        const rel = this.registry.childRelationship(this.schema, relationshipName);
        if (!rel)
            throw new ApexThrow(
                'System.SObjectException',
                `Invalid relationship ${relationshipName} for ${this.schema.name}`
            );
        this.children.set(rel.relationshipName.toLowerCase(), records);
    }

    /** Populated parent relationships: canonical relationship name → record. */
    populatedParents(): [string, SObject | null][] {
        return [...this.parents.entries()].map(([k, v]) => [this.parentField(k).relationshipName!, v]);
    }

    populatedChildren(): [string, SObject[] | null][] {
        return [...this.children.entries()].map(([k, v]) => [
            this.registry.childRelationship(this.schema, k)!.relationshipName,
            v
        ]);
    }

    private parentField(relationshipName: string): FieldSchema {
        const field = this.registry.parentRelationship(this.schema, relationshipName);
        if (!field)
            throw new ApexThrow(
                'System.SObjectException',
                `Invalid relationship ${relationshipName} for ${this.schema.name}`
            );
        return field;
    }

    // ----- errors, copies, equality -----

    /** `record.addError(msg)` / `record.Field.addError(msg)`. */
    addError(message: string, fieldName?: string): void {
        const fields = fieldName ? [this.field(fieldName).name] : [];
        this.errors.push({ message, fields, statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION' });
    }

    private assertWritable(): void {
        if (this.readOnly) throw new ApexThrow('System.FinalException', 'Record is read-only');
    }

    /**
     * `record.clone(preserveId, isDeepClone, preserveReadonlyTimestamps, preserveAutonumber)` (Apex Reference,
     * SObject.clone): a shallow clone shares related records; a deep clone copies them (parents and children).
     */
    clone(
        preserveId = false,
        isDeepClone = false,
        preserveReadonlyTimestamps = false,
        preserveAutonumber = false
    ): SObject {
        const copy = new SObject(this.registry, this.schema);
        for (const [k, v] of this.values) {
            if (k === 'id' && !preserveId) continue;
            if (TIMESTAMP_FIELDS.includes(k) && !preserveReadonlyTimestamps) continue;
            if (this.schema.fields.get(k)!.autoNumberFormat !== undefined && !preserveAutonumber) continue;
            copy.values.set(k, v);
        }
        copy.queried = this.queried ? new Set(this.queried) : null;
        copy.partialFields = this.partialFields;
        for (const [k, parent] of this.parents) {
            copy.parents.set(k, isDeepClone && parent ? parent.clone(true, true, true, true) : parent);
        }
        for (const [k, list] of this.children) {
            copy.children.set(k, isDeepClone && list ? list.map((c) => c.clone(true, true, true, true)) : list);
        }
        return copy;
    }

    /** A full, independent copy with the same Id and flags cleared (used for trigger records). */
    copyForTrigger(readOnly: boolean): SObject {
        const copy = this.clone(true, false, true, true);
        copy.queried = null;
        copy.readOnly = readOnly;
        return copy;
    }

    equals(other: unknown): boolean {
        if (!(other instanceof SObject) || other.schema !== this.schema) return false;
        const keys = new Set([...this.values.keys(), ...other.values.keys()]);
        for (const k of keys) {
            if (!fieldValuesEqual(this.values.get(k) ?? null, other.values.get(k) ?? null)) return false;
        }
        return true;
    }

    /** A string key consistent with equals (for Set/Map hashing in the interpreter). */
    hashKey(): string {
        const parts = [...this.values.entries()]
            .filter(([, v]) => v !== null && v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([k, v]) => `${k}=${fieldValueHash(v)}`);
        return `${this.schema.name}{${parts.join(',')}}`;
    }
}
