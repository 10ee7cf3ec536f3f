/**
 * System validation of a record about to be saved (order of execution steps 2 and 5): formats, max lengths,
 * restricted picklists, numeric ranges, foreign keys, required fields, unique values.
 *
 * Status codes are the platform's (Apex Developer Guide "StatusCode" enum / DmlException). Message texts follow the
 * commonly reported platform wording and are INFERRED where the docs give none:
 *   STRING_TOO_LONG                          "<Label>: data value too large: <value> (max length=<n>)"
 *   INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST  "<Label>: bad value for restricted picklist field: <value>"
 *   NUMBER_OUTSIDE_VALID_RANGE               "<Label>: value outside of valid range on numeric field: <value>"
 *   INVALID_EMAIL_ADDRESS                    "<Label>: invalid email address: <value>"
 *   FIELD_INTEGRITY_EXCEPTION                "<Label>: id value of incorrect type: <id>"
 *   INVALID_CROSS_REFERENCE_KEY              "invalid cross reference id"
 *   ENTITY_IS_DELETED                        "entity is deleted"
 *   REQUIRED_FIELD_MISSING                   "Required fields are missing: [F1, F2]"
 *   DUPLICATE_VALUE                          "duplicate value found: <Field> duplicates value on record with id: <id>"
 */
import { ApexUnsupported, Decimal } from '../core/values';
import { withScale } from '../stdlib/numbers';
import { isTextType } from './field-values';
import { FieldSchema, ObjectSchema } from './schema/model';
import { statesOf } from './schema/state-country-picklists';

export interface SaveError {
    statusCode: string;
    message: string;
    fields: string[];
}

/** What validation needs to know about the store. */
export interface ReferenceLookup {
    /** The object schema for an Id's key prefix. */
    objectForId(id: string): ObjectSchema | undefined;
    rowExists(objectName: string, id: string): boolean;
    isInRecycleBin(id: string): boolean;
    /**
     * For a Group Id: 'supported' when it is a queue that lists `objectName` in its QueueSobject rows, 'unlisted'
     * when it is a queue that does not, 'not a queue' for another kind of group, undefined when there is no such
     * group.
     */
    queueOwnership(groupId: string, objectName: string): 'supported' | 'unlisted' | 'not a queue' | undefined;
    /** Id of another live row of the object whose `field` equals `value` (unique check), if any. */
    findDuplicate(object: ObjectSchema, field: FieldSchema, value: string, exceptId: string | null): string | undefined;
}

/** Lower-cased field → value of the record as it would be saved. */
export type RecordValues = Map<string, unknown>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Step 2 / step 5 checks on the values present (formats, lengths, picklists, numbers, references). */
export function validateFieldValues(object: ObjectSchema, values: RecordValues, store: ReferenceLookup): SaveError[] {
    const errors: SaveError[] = [];
    for (const [key, value] of values) {
        if (value === null || value === undefined) continue;
        const field = object.fields.get(key);
        if (!field || field.type === 'id') continue;
        if (key === 'ownerid' && typeof value === 'string' && store.objectForId(value)?.name === 'Group') {
            checkQueueOwner(object, value, store);
            continue;
        }
        const err = validateValue(field, value, store);
        if (err) errors.push(err);
    }
    errors.push(...stateOutsideCountry(object, values));
    return errors;
}

/**
 * A group as a record's owner. Queues own records of the types their QueueSobject rows list (Object Reference,
 * "QueueSobject"); of the objects apexrt models, OwnerId may refer to a Group on Lead, Case and custom objects
 * (Object Reference, "Lead" and "Case": OwnerId refers to Group, User; Salesforce Help, "Queues": leads, cases and
 * custom objects among the supported objects), and to a User only on the others. What the platform answers for
 * a queue that does not list the type, a public group, another object or a missing group is not documented: loud.
 */
function checkQueueOwner(object: ObjectSchema, groupId: string, store: ReferenceLookup): void {
    const ownable = object.kind === 'custom' || ['Lead', 'Case'].includes(object.name);
    const ownership = ownable ? store.queueOwnership(groupId, object.name) : undefined;
    if (ownership === 'supported') return;
    const why = !ownable
        ? `queues cannot own ${object.name} records`
        : ownership === 'unlisted'
          ? `the queue does not list ${object.name} in its QueueSobject rows`
          : ownership === 'not a queue'
            ? 'a public group cannot own records'
            : 'no such group';
    throw new ApexUnsupported(`${object.name}.OwnerId set to a group: ${why} (the platform's error is not reproduced)`);
}

/**
 * State and Country/Territory Picklists: "You create or update a record with state and country/territory values.
 * The new state isn't in the new country. No changes are saved. You get an error message." (Salesforce Help, "State
 * and Country/Territory Picklist Field-Syncing Logic"). Status code and text are the widely reported platform
 * output (INFERRED): FIELD_INTEGRITY_EXCEPTION "There's a problem with this state, even though it may appear
 * correct. Please select a state from the list of valid states." A state without a country, or a country whose
 * states apexrt does not list, is not decided here: refused loudly.
 */
function stateOutsideCountry(object: ObjectSchema, values: RecordValues): SaveError[] {
    const errors: SaveError[] = [];
    for (const field of object.fields.values()) {
        if (field.addressPart !== 'stateCode') continue;
        const state = values.get(field.name.toLowerCase());
        if (state === null || state === undefined) continue;
        const countryField = field.name.replace(/StateCode$/, 'CountryCode');
        const country = values.get(countryField.toLowerCase());
        if (country === null || country === undefined)
            throw new ApexUnsupported(`${field.name} = ${String(state)} without ${countryField} (not modelled)`);
        const states = statesOf(String(country));
        if (!states)
            throw new ApexUnsupported(
                `${field.name} with ${countryField} = ${String(country)} (the states of that country are the org's configuration, not modelled)`
            );
        if (!states.includes(String(state)))
            errors.push({
                statusCode: 'FIELD_INTEGRITY_EXCEPTION',
                message:
                    "There's a problem with this state, even though it may appear correct. Please select a state from the list of valid states.",
                fields: [field.name]
            });
    }
    return errors;
}

/**
 * State and Country/Territory Picklists (schema/state-country-picklists.ts): a code apexrt does not list, or a value
 * written into the text field the platform derives from the codes, is not modelled — refused loudly.
 */
function checkAddressPart(field: FieldSchema, value: unknown): void {
    if (!field.addressPart) return;
    if (field.addressPart === 'countryText' || field.addressPart === 'stateText')
        throw new ApexUnsupported(
            `writing ${field.name} in an org with State and Country/Territory Picklists (the platform matches it against the picklists' integration values, which apexrt does not model; write the code field)`
        );
    if (!field.picklistValues.some((p) => p.value === value))
        throw new ApexUnsupported(
            `${field.name} = ${String(value)}: a code apexrt does not list (which countries and states an org has enabled is not modelled)`
        );
}

/** A save error on one field. */
function fieldError(field: FieldSchema, statusCode: string, message: string): SaveError {
    return { statusCode, message, fields: [field.name] };
}

function validateValue(field: FieldSchema, value: unknown, store: ReferenceLookup): SaveError | undefined {
    checkAddressPart(field, value);
    if (isTextType(field.type) && typeof value === 'string') {
        if (field.length > 0 && value.length > field.length) {
            return fieldError(
                field,
                'STRING_TOO_LONG',
                `${field.label}: data value too large: ${value} (max length=${field.length})`
            );
        }
        if (
            field.type === 'picklist' &&
            field.restrictedPicklist &&
            !field.picklistValues.some((p) => p.value === value)
        ) {
            return fieldError(
                field,
                'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
                `${field.label}: bad value for restricted picklist field: ${value}`
            );
        }
        if (field.type === 'multipicklist' && field.restrictedPicklist) {
            const bad = value.split(';').find((v) => !field.picklistValues.some((p) => p.value === v));
            if (bad !== undefined) {
                return fieldError(
                    field,
                    'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
                    `${field.label}: bad value for restricted picklist field: ${bad}`
                );
            }
        }
        if (field.type === 'email' && !EMAIL.test(value)) {
            return fieldError(field, 'INVALID_EMAIL_ADDRESS', `${field.label}: invalid email address: ${value}`);
        }
        return undefined;
    }
    if (
        (field.type === 'double' || field.type === 'currency' || field.type === 'percent') &&
        value instanceof Decimal
    ) {
        if (field.precision > 0) {
            const integerDigits = value.abs().trunc().toFixed().replace(/^0$/, '').length;
            if (integerDigits > field.precision - field.scale) {
                return fieldError(
                    field,
                    'NUMBER_OUTSIDE_VALID_RANGE',
                    `${field.label}: value outside of valid range on numeric field: ${value.toString()}`
                );
            }
        }
        return undefined;
    }
    if (field.type === 'reference' && typeof value === 'string') {
        const target = store.objectForId(value);
        if (!target || !field.referenceTo.some((r) => r.toLowerCase() === target.name.toLowerCase())) {
            return fieldError(
                field,
                'FIELD_INTEGRITY_EXCEPTION',
                `${field.label}: id value of incorrect type: ${value}`
            );
        }
        if (!store.rowExists(target.name, value)) {
            return store.isInRecycleBin(value)
                ? fieldError(field, 'ENTITY_IS_DELETED', 'entity is deleted')
                : fieldError(field, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
        }
    }
    return undefined;
}

/** Step 5: required fields (one error listing all of them) and unique values against the store. */
export function validateRequiredAndUnique(
    object: ObjectSchema,
    values: RecordValues,
    ownId: string | null,
    store: ReferenceLookup
): SaveError[] {
    const errors: SaveError[] = [];
    const missing: string[] = [];
    for (const field of object.fields.values()) {
        if (!field.required) continue;
        const v = values.get(field.name.toLowerCase());
        if (v === null || v === undefined) missing.push(field.name);
    }
    if (missing.length > 0) {
        errors.push({
            statusCode: 'REQUIRED_FIELD_MISSING',
            message: `Required fields are missing: [${missing.join(', ')}]`,
            fields: missing
        });
    }
    for (const field of object.fields.values()) {
        if (!field.unique) continue;
        const v = values.get(field.name.toLowerCase());
        if (typeof v !== 'string') continue;
        const other = store.findDuplicate(object, field, v, ownId);
        if (other) {
            errors.push({
                statusCode: 'DUPLICATE_VALUE',
                message: `duplicate value found: ${field.name} duplicates value on record with id: ${other}`,
                fields: [field.name]
            });
        }
    }
    return errors;
}

/**
 * Stored form of a value: empty text is stored as null; numbers are rounded to the field's scale (half up) and keep
 * that scale, so a Decimal read back by a query has the field's scale (Apex Developer Guide, "Primitive Data Types",
 * Decimal: a Decimal created by a query takes the scale of the queried field).
 */
export function normaliseForStorage(field: FieldSchema, value: unknown): unknown {
    if (value === undefined) return null;
    if (isTextType(field.type) && value === '') return null;
    if (
        (value instanceof Decimal || typeof value === 'number' || typeof value === 'bigint') &&
        (field.type === 'double' || field.type === 'currency' || field.type === 'percent') &&
        field.precision > 0
    ) {
        const d = value instanceof Decimal ? value : new Decimal(value.toString());
        return withScale(d.toDecimalPlaces(field.scale, Decimal.ROUND_HALF_UP), field.scale);
    }
    return value;
}
