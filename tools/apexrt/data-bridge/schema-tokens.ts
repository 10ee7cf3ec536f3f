/**
 * Apex Schema values: SObjectType and SObjectField tokens, DescribeSObjectResult / DescribeFieldResult and the
 * `fields` accessor, answered from the data layer's SchemaRegistry.
 *
 * Access paths (Apex Reference, "Schema Namespace" and "Understanding Apex Describe Information"):
 *   Account.SObjectType, Account.Name, acc.getSObjectType(), Schema.SObjectType.Account (→ describe),
 *   Schema.SObjectType.Account.fields.Name (→ field describe), describe.fields.getMap() (→ Map<String, SObjectField>,
 *   keys lower-case, lookups case-insensitive), Schema.describeSObjects(names).
 * Field-level security is not modelled (see data/schema/describe.ts): the running user is a System Administrator,
 * so isAccessible/isCreateable/isUpdateable report what the field itself allows.
 */
import { UndocumentedMessage } from '../core/undocumented-message';
import { ApexThrow, ApexUnsupported } from '../core/values';
import type { FieldSchema, ObjectSchema } from '../data/schema/model';
import type { SchemaRegistry } from '../data/schema/registry';

export class SObjectTypeToken {
    constructor(readonly object: ObjectSchema) {}
}

export class SObjectFieldToken {
    constructor(
        readonly object: ObjectSchema,
        readonly field: FieldSchema
    ) {}

    /**
     * The key JSON.serialize writes for this token as a Map key: the field's API name. INFERRED from a public
     * project's tests that pass on real orgs (fflib-apex-mocks: `JSON.serialize(new Map<SObjectField, Object>{
     * Account.Name => 'Test' })` gives `{"Name":"Test"}`); for a custom field the namespace handling is not known
     * (loud).
     */
    /**
     * JSON.serialize of a token: the platform throws. INFERRED: a System.JSONException (fflib-apex-mocks' test
     * `whenJSONExceptionOccursStringifyShouldReturnsObjectToString` serializes Account.Description for that reason
     * and passes on real orgs); its message is not documented (core/undocumented-message.ts).
     */
    jsonSerializeError(): ApexThrow {
        return new ApexThrow(
            'System.JSONException',
            '',
            new UndocumentedMessage(`JSON.serialize of the field token ${this.field.name}`)
        );
    }

    jsonMapKey(): string {
        if (this.field.custom)
            throw new ApexUnsupported(`JSON.serialize of a Map keyed by the custom field ${this.field.name}`);
        return this.field.name;
    }
}

export class DescribeSObjectValue {
    constructor(readonly object: ObjectSchema) {}
}

/** `describe.fields` / `Schema.SObjectType.Account.fields`. */
export class FieldsAccessor {
    constructor(readonly object: ObjectSchema) {}
}

export class DescribeFieldValue {
    constructor(
        readonly object: ObjectSchema,
        readonly field: FieldSchema
    ) {}
}

export class PicklistEntryValue {
    constructor(
        readonly value: string,
        readonly label: string,
        readonly active: boolean,
        readonly isDefault: boolean
    ) {}
}

export function objectOrThrow(schema: SchemaRegistry, name: string): ObjectSchema {
    const object = schema.getObject(name);
    if (!object) throw new ApexThrow('System.InvalidParameterValueException', `Invalid sObject type: ${name}`);
    return object;
}

export function fieldToken(schema: SchemaRegistry, object: ObjectSchema, name: string): SObjectFieldToken | undefined {
    const field = schema.getField(object, name);
    return field ? new SObjectFieldToken(object, field) : undefined;
}

/**
 * Schema.DisplayType of a field, spelled as the enum constant. apexrt represents the constant as its name (a
 * String); `==` against Schema.DisplayType.X and String.valueOf behave as on the platform.
 */
export function displayType(field: FieldSchema): string {
    return field.type.toUpperCase();
}

/** DescribeFieldResult methods (Apex Reference, "DescribeFieldResult Class"); undefined = not implemented. */
export function describeFieldMethod(d: DescribeFieldValue, method: string): { value: unknown } | undefined {
    const f = d.field;
    const calculated = f.formula !== undefined || f.summary === true || f.derived === true;
    // A structured field (a change event's header): only its name is known.
    if (f.type === 'complexvalue' && !['getname', 'getlocalname'].includes(method.toLowerCase()))
        throw new ApexUnsupported(`${method} of the field ${d.object.name}.${f.name}`);
    switch (method.toLowerCase()) {
        case 'getname':
            return { value: f.name };
        case 'getlocalname':
            return { value: f.name };
        case 'getlabel':
            return { value: f.label };
        case 'gettype':
            return { value: displayType(f) };
        case 'getlength':
            return { value: f.length };
        case 'getprecision':
            return { value: f.precision };
        case 'getscale':
            return { value: f.scale };
        case 'isaccessible':
            return { value: true };
        case 'iscreateable':
            return { value: f.createable };
        case 'isupdateable':
            return { value: f.updateable };
        case 'isnillable':
            return { value: f.nillable };
        case 'isunique':
            return { value: f.unique };
        case 'isexternalid':
            return { value: f.externalId };
        case 'iscustom':
            return { value: f.custom };
        case 'iscalculated':
            return { value: calculated };
        case 'iscasesensitive':
            return { value: f.caseSensitive };
        case 'getrelationshipname':
            return { value: f.relationshipName ?? null };
        case 'getinlinehelptext':
            return { value: f.inlineHelpText ?? null };
        case 'getsobjectfield':
            return { value: new SObjectFieldToken(d.object, f) };
        // Apex Reference, "DescribeFieldResult Class": isAutoNumber (an auto-number field), isNameField.
        case 'isautonumber':
            return { value: f.autoNumberFormat !== undefined };
        case 'isnamefield':
            // Objects whose name field is not `Name` (Case: CaseNumber, compound names) are not modelled here.
            if (!d.object.fields.has('name')) throw new ApexUnsupported(`isNameField on ${d.object.name}`);
            return { value: f.name === 'Name' };
        default:
            return undefined;
    }
}

/** DescribeSObjectResult methods (Apex Reference, "DescribeSObjectResult Class"). */
export function describeSObjectMethod(d: DescribeSObjectValue, method: string): { value: unknown } | undefined {
    const o = d.object;
    const writable = o.dmlAllowed;
    // An object modelled only in part (a change event): only its name is known.
    if (o.unmodelledFields && !['getname', 'getlocalname'].includes(method.toLowerCase()))
        throw new ApexUnsupported(`${method} of ${o.name} (${o.unmodelledFields})`);
    switch (method.toLowerCase()) {
        case 'getname':
        case 'getlocalname':
            return { value: o.name };
        case 'getlabel':
            return { value: o.label };
        case 'getlabelplural':
            return { value: o.labelPlural };
        case 'getkeyprefix':
            return { value: o.keyPrefix };
        case 'iscustom':
            return { value: o.custom };
        // Apex Reference, "DescribeSObjectResult Class", isCustomSetting(): whether the object is a custom setting.
        case 'iscustomsetting':
            return { value: o.kind === 'customSetting' };
        case 'isaccessible':
        case 'isqueryable':
            return { value: o.kind !== 'platformEvent' };
        case 'iscreateable':
            return { value: writable || o.kind === 'platformEvent' };
        case 'isupdateable':
        case 'isdeletable':
            return { value: writable };
        case 'getsobjecttype':
            return { value: new SObjectTypeToken(o) };
        default:
            return undefined;
    }
}
