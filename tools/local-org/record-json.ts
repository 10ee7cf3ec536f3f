/**
 * SObject records ↔ the JSON of the Salesforce REST API (the shapes ts-force reads and writes): every record has
 * `attributes: {type, url}`; dates are 'YYYY-MM-DD', datetimes '2026-11-24T10:00:00.000+0000', numbers plain
 * JSON numbers, parent relationships nested records, child relationships `{totalSize, done, records}`.
 * Source: REST API Developer Guide, "Get Field Values from a Standard Object Record", "Execute a SOQL Query".
 */
import { ApexDate, ApexDatetime, ApexTime, Decimal, SObject, type FieldSchema, type SchemaRegistry } from '../apexrt';

function pad(n: number, width = 2): string {
    return String(n).padStart(width, '0');
}

export function datetimeJson(v: ApexDatetime): string {
    const d = new Date(v.epochMs);
    return (
        `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T` +
        `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}+0000`
    );
}

/** A field value as REST JSON. */
export function valueJson(v: unknown): unknown {
    if (v === null || v === undefined) return null;
    if (v instanceof Decimal) return v.toNumber();
    if (typeof v === 'bigint') return Number(v);
    if (v instanceof ApexDate) return `${pad(v.year, 4)}-${pad(v.month)}-${pad(v.day)}`;
    if (v instanceof ApexDatetime) return datetimeJson(v);
    if (v instanceof ApexTime) {
        const ms = v.msOfDay;
        return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}Z`;
    }
    return v;
}

export function recordJson(record: SObject, apiVersion: string): Record<string, unknown> {
    const type = record.schema.name;
    const out: Record<string, unknown> = {
        attributes: { type, url: `/services/data/${apiVersion}/sobjects/${type}/${record.id ?? ''}` }
    };
    for (const [name, value] of record.populatedFields()) out[name] = valueJson(value);
    for (const [name, parent] of record.populatedParents()) out[name] = parent ? recordJson(parent, apiVersion) : null;
    for (const [name, children] of record.populatedChildren()) {
        out[name] = children
            ? { totalSize: children.length, done: true, records: children.map((c) => recordJson(c, apiVersion)) }
            : null;
    }
    return out;
}

export class RecordJsonError extends Error {
    constructor(
        message: string,
        readonly errorCode: string,
        readonly fields: string[]
    ) {
        super(message);
    }
}

/** A REST JSON value for a field, as the runtime value the data layer stores. */
export function fieldValue(field: FieldSchema, value: unknown): unknown {
    if (value === null || value === undefined) return null;
    const wrong = (): never => {
        throw new RecordJsonError(
            `Cannot deserialize instance of ${field.type} from ${typeof value} value ${JSON.stringify(value)}`,
            'JSON_PARSER_ERROR',
            [field.name]
        );
    };
    switch (field.type) {
        case 'boolean':
            return typeof value === 'boolean' ? value : wrong();
        case 'int':
            return typeof value === 'number' && Number.isInteger(value) ? value : wrong();
        case 'double':
        case 'currency':
        case 'percent':
            return typeof value === 'number' || typeof value === 'string' ? new Decimal(value) : wrong();
        case 'date': {
            const m = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})/.exec(value) : null;
            return m ? new ApexDate(Number(m[1]), Number(m[2]), Number(m[3])) : wrong();
        }
        case 'datetime': {
            const ms = typeof value === 'string' ? Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : NaN;
            return Number.isNaN(ms) ? wrong() : new ApexDatetime(ms);
        }
        default:
            return typeof value === 'string' ? value : wrong();
    }
}

/** Builds an SObject from REST JSON (insert/update body). Unknown fields are the platform's INVALID_FIELD. */
export function recordFromJson(
    schema: SchemaRegistry,
    typeName: string,
    body: Record<string, unknown>,
    id?: string
): SObject {
    const record = SObject.create(schema, typeName);
    if (id) record.setRaw('Id', id);
    for (const [name, value] of Object.entries(body)) {
        if (name === 'attributes') continue;
        const field = schema.getField(record.schema, name);
        if (!field)
            throw new RecordJsonError(`No such column '${name}' on sobject of type ${typeName}`, 'INVALID_FIELD', []);
        if (!field.createable && !field.updateable)
            throw new RecordJsonError(
                `Unable to create/update fields: ${field.name}. Please check the security settings of this field.`,
                'INVALID_FIELD_FOR_INSERT_UPDATE',
                [field.name]
            );
        record.put(field.name, fieldValue(field, value));
    }
    return record;
}
