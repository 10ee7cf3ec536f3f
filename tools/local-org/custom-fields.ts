/**
 * Tooling API CustomField create, as a subscriber org's admin adds a field of their own after installing the package
 * (Tooling API Developer Guide, "CustomField": `POST /tooling/sobjects/CustomField` with FullName `Object.Field__c`
 * and Metadata holding label, type and, for text, length; the answer is the new CustomField's id). The local org adds
 * the field to its schema while it runs, so Apex describe, SOQL, DML and the REST API see it as any other custom
 * field; it is the subscriber's, so it carries no package namespace. Only text, long text, number and checkbox
 * fields are modelled: any other type, and a name that is not a custom field, is refused, not guessed.
 */
import { makeField, type FieldSchema, type SchemaRegistry } from '../apexrt';

export class CustomFieldError extends Error {
    constructor(
        message: string,
        readonly errorCode: string
    ) {
        super(message);
    }
}

interface CustomFieldMetadata {
    label?: unknown;
    type?: unknown;
    length?: unknown;
    precision?: unknown;
    scale?: unknown;
    defaultValue?: unknown;
    inlineHelpText?: unknown;
}

/** Metadata API CustomField `type` → the schema's field type (the types the local org models). */
const TYPES: Record<string, (m: CustomFieldMetadata) => Partial<FieldSchema> & { type: FieldSchema['type'] }> = {
    Text: (m) => ({ type: 'string', length: Number(m.length ?? 255) }),
    TextArea: () => ({ type: 'textarea', length: 255 }),
    LongTextArea: (m) => ({ type: 'textarea', length: Number(m.length ?? 32768) }),
    Number: (m) => ({ type: 'double', precision: Number(m.precision ?? 18), scale: Number(m.scale ?? 0) }),
    Checkbox: (m) => ({ type: 'boolean', defaultValue: String(m.defaultValue) === 'true' })
};

let created = 0;

/** Adds the field a Tooling API CustomField create describes; returns the new CustomField's id. */
export function createCustomField(schema: SchemaRegistry, body: Record<string, unknown>): string {
    const fullName = typeof body.FullName === 'string' ? body.FullName : '';
    const m = /^(\w+)\.(\w+__c)$/.exec(fullName);
    if (!m) throw new CustomFieldError(`FullName must be Object.Field__c, not '${fullName}'`, 'INVALID_FIELD');
    const object = schema.getObject(m[1]);
    if (!object) throw new CustomFieldError(`No such object: ${m[1]}`, 'INVALID_TYPE');
    if (schema.getField(object, m[2]))
        throw new CustomFieldError(`${m[1]}.${m[2]} already exists`, 'DUPLICATE_DEVELOPER_NAME');
    const metadata = (body.Metadata ?? {}) as CustomFieldMetadata;
    const type = typeof metadata.type === 'string' ? TYPES[metadata.type] : undefined;
    if (!type)
        throw new CustomFieldError(
            `a CustomField of type ${String(metadata.type)} is not supported by the local org`,
            'NOT_SUPPORTED'
        );
    const field = makeField(m[2], type(metadata).type, {
        ...type(metadata),
        label: typeof metadata.label === 'string' ? metadata.label : undefined,
        inlineHelpText: typeof metadata.inlineHelpText === 'string' ? metadata.inlineHelpText : undefined,
        custom: true,
        subscriberField: true
    });
    object.fields.set(field.name.toLowerCase(), field);
    created++;
    // A custom field definition's Id starts with 00N (Salesforce Help, "Standard Field Record ID Prefix Decoder").
    return `00N${String(created).padStart(12, '0')}`;
}
