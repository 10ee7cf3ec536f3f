/**
 * Checking and normalising a runtime value for an SObject field of a given type (assignment `acc.Name = x`,
 * `acc.put('Name', x)`), plus the Apex type name of a runtime value for error messages.
 */
import { ApexBlob, ApexDate, ApexDatetime, ApexThrow, ApexTime, ApexUnsupported, Decimal } from '../core/values';
import { toId } from './ids';
import { FieldSchema, FieldType } from './schema/model';

const TEXT_TYPES: ReadonlySet<FieldType> = new Set([
    'string',
    'textarea',
    'email',
    'phone',
    'url',
    'picklist',
    'multipicklist',
    'combobox',
    'encryptedstring'
]);

export function isTextType(type: FieldType): boolean {
    return TEXT_TYPES.has(type);
}

/** The Apex static type of a field (for messages and for the interpreter's typing of `acc.Field`). */
export function apexTypeOfField(type: FieldType): string {
    if (TEXT_TYPES.has(type)) return 'String';
    switch (type) {
        case 'id':
        case 'reference':
            return 'Id';
        case 'boolean':
            return 'Boolean';
        case 'int':
            return 'Integer';
        case 'double':
        case 'currency':
        case 'percent':
            return 'Decimal';
        case 'date':
            return 'Date';
        case 'datetime':
            return 'Datetime';
        case 'time':
            return 'Time';
        case 'base64':
            return 'Blob';
        default:
            return 'Object';
    }
}

/** Apex type name of a runtime value. A JS number is an Integer when integral (the static type is not known here). */
export function apexTypeOfValue(value: unknown): string {
    if (value === null || value === undefined) return 'null';
    if (typeof value === 'boolean') return 'Boolean';
    if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'Double';
    if (typeof value === 'bigint') return 'Long';
    if (typeof value === 'string') return 'String';
    if (value instanceof Decimal) return 'Decimal';
    if (value instanceof ApexDate) return 'Date';
    if (value instanceof ApexDatetime) return 'Datetime';
    if (value instanceof ApexTime) return 'Time';
    if (value instanceof ApexBlob) return 'Blob';
    const typed = value as { sobjectTypeName?: string };
    if (typeof typed.sobjectTypeName === 'string') return typed.sobjectTypeName;
    return 'Object';
}

/**
 * The value to store for `field`, or System.SObjectException "Illegal assignment from X to Y" (message INFERRED
 * from the compile-time wording, which dynamic `put` reuses in reports) when the type does not fit.
 * Id fields take a String (converted to 18 characters; an invalid one is StringException "Invalid id").
 * Number fields are Decimal in Apex: Integer, Long and Double values widen to Decimal.
 */
export function coerceFieldValue(field: FieldSchema, value: unknown): unknown {
    if (value === null || value === undefined) return null;
    const illegal = () =>
        new ApexThrow(
            'System.SObjectException',
            `Illegal assignment from ${apexTypeOfValue(value)} to ${apexTypeOfField(field.type)}`
        );
    if (TEXT_TYPES.has(field.type)) {
        if (typeof value !== 'string') throw illegal();
        return value;
    }
    switch (field.type) {
        case 'id':
        case 'reference':
            if (typeof value !== 'string') throw illegal();
            return toId(value);
        case 'boolean':
            if (typeof value !== 'boolean') throw illegal();
            return value;
        case 'int':
            if (typeof value !== 'number' || !Number.isInteger(value)) throw illegal();
            return value;
        case 'double':
        case 'currency':
        case 'percent':
            if (value instanceof Decimal) return value;
            if (typeof value === 'number') return new Decimal(value);
            if (typeof value === 'bigint') return new Decimal(value.toString());
            throw illegal();
        case 'date':
            if (!(value instanceof ApexDate)) throw illegal();
            return value;
        case 'datetime':
            if (!(value instanceof ApexDatetime)) throw illegal();
            return value;
        case 'time':
            if (!(value instanceof ApexTime)) throw illegal();
            return value;
        case 'base64':
            if (!(value instanceof ApexBlob)) throw illegal();
            return value;
        case 'complexvalue':
            // A native value that names its Apex type (platform/fields-value.ts).
            // The platform's message for another value here is not known.
            if ((value as { typeName?: unknown }).typeName !== field.valueType)
                throw new ApexUnsupported(`a ${apexTypeOfValue(value)} in the ${field.valueType} field ${field.name}`);
            return value;
        default:
            throw illegal();
    }
}

/** Value equality used by SObject equality and by change detection (strings case-sensitive). */
export function fieldValuesEqual(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
    if (a instanceof Decimal && b instanceof Decimal) return a.equals(b);
    if (a instanceof ApexDate && b instanceof ApexDate) return a.toEpochDay() === b.toEpochDay();
    if (a instanceof ApexDatetime && b instanceof ApexDatetime) return a.epochMs === b.epochMs;
    if (a instanceof ApexTime && b instanceof ApexTime) return a.msOfDay === b.msOfDay;
    if (a instanceof ApexBlob && b instanceof ApexBlob) return a.bytes.equals(b.bytes);
    const eq = (a as { equals?: (o: unknown) => boolean }).equals;
    if (typeof eq === 'function') return eq.call(a, b);
    return false;
}

/** A hash consistent with fieldValuesEqual. */
export function fieldValueHash(v: unknown): string {
    if (v === null || v === undefined) return 'null';
    if (v instanceof Decimal) return `D${v.toString()}`;
    if (v instanceof ApexDate) return `d${v.toEpochDay()}`;
    if (v instanceof ApexDatetime) return `t${v.epochMs}`;
    if (v instanceof ApexTime) return `T${v.msOfDay}`;
    if (v instanceof ApexBlob) return `B${v.bytes.toString('base64')}`;
    const h = (v as { hashKey?: () => string }).hashKey;
    if (typeof h === 'function') return h.call(v);
    return `${typeof v}:${String(v)}`;
}
