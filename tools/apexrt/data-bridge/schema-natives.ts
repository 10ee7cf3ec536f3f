/**
 * The Schema namespace over the data layer's schema: SObjectType/SObjectField tokens, describe results, the
 * `fields` accessor and its case-insensitive map, Schema.describeSObjects / getGlobalDescribe, enum-like constants
 * (Schema.DisplayType, StatusCode, AccessLevel). See schema-tokens.ts for the facts and their sources.
 */
import { tryNormalizeId } from '../data/ids';
import { ApexList } from '../collections/collections';
import { ApexUnsupported } from '../core/values';
import { SObject } from '../data/sobject';
import { randomUUID } from 'node:crypto';
import type { FieldSchema, ObjectSchema } from '../data/schema/model';
import { UnsupportedDefault, type SchemaRegistry } from '../data/schema/registry';
import type { RunContext } from '../interpreter/context';
import type { NativeCallResult, NativeLibrary } from '../interpreter/native-library';
import { T, type TypeRef } from '../types/typeref';
import { CaseInsensitiveKeyMap, KEY_SEMANTICS } from './apex-values';
import { OrgDataLayer } from './org-data-layer';
import { canAccessField, canAccessObject, ObjectOperation } from './permissions';
import {
    describeFieldMethod,
    DescribeFieldValue,
    describeSObjectMethod,
    DescribeSObjectValue,
    FieldsAccessor,
    fieldToken,
    objectOrThrow,
    PicklistEntryValue,
    SObjectFieldToken,
    SObjectTypeToken
} from './schema-tokens';

/**
 * Enum types whose constants apexrt represents by their names (Strings): their values print and compare like the
 * platform's and `switch on` matches them by name; ordinal() and values() are not available (real standard enums:
 * types/standard-enums.ts).
 */
const NAME_VALUED_ENUMS = new Map(
    [
        'Schema.DisplayType',
        'DisplayType',
        'System.StatusCode',
        'StatusCode',
        // FinalizerContext.getResult() (Apex Reference, "FinalizerContext Interface"): SUCCESS, UNHANDLED_EXCEPTION.
        'System.ParentJobResult',
        'ParentJobResult'
    ].map((n) => [n.toLowerCase(), n])
);

const TYPE_NAMES = new Map(
    [
        'Schema.SObjectType',
        'Schema.SObjectField',
        'Schema.DescribeSObjectResult',
        'Schema.DescribeFieldResult',
        'Schema.PicklistEntry',
        'Schema.DisplayType'
    ].flatMap((n) => [
        [n.toLowerCase(), n],
        [n.slice('Schema.'.length).toLowerCase(), n]
    ])
);

/**
 * Static return types of the token and describe methods whose results apexrt keeps as plain values or its own
 * objects, so that overloads, `==` and `switch on` see the platform's types (Apex Reference, "DescribeFieldResult
 * Class": getType() returns Schema.DisplayType,
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_methods_system_fields_describe.htm;
 * "SObjectField Class": getDescribe() returns Schema.DescribeFieldResult; "SObjectType Class": getDescribe()
 * returns Schema.DescribeSObjectResult).
 */
const SCHEMA_METHOD_TYPES = new Map([
    ['schema.describefieldresult.gettype', 'Schema.DisplayType'],
    ['schema.sobjectfield.getdescribe', 'Schema.DescribeFieldResult'],
    ['schema.sobjecttype.getdescribe', 'Schema.DescribeSObjectResult']
]);

const typeRef = (name: string | undefined): TypeRef | undefined => (name ? { name, args: [] } : undefined);

/**
 * The type of the value a type path names (Apex Developer Guide, "Understanding Apex Describe Information"):
 * `Account.Name` (or `Schema.Account.Name`) a Schema.SObjectField, `Account.SObjectType` a Schema.SObjectType,
 * `Schema.SObjectType.Account` a Schema.DescribeSObjectResult, `Schema.SObjectType.Account.fields.Name` a
 * Schema.DescribeFieldResult; undefined for any other path, or one naming an object or field the schema lacks.
 */
function pathValueType(schema: SchemaRegistry, path: string): string | undefined {
    const parts = path.split('.');
    const lower = parts.map((p) => p.toLowerCase());
    if (lower[0] === 'schema' && lower[1] === 'sobjecttype') {
        const object = parts.length >= 3 ? schema.getObject(parts[2]) : undefined;
        if (!object) return undefined;
        if (parts.length === 3) return 'Schema.DescribeSObjectResult';
        return parts.length === 5 && lower[3] === 'fields' && schema.getField(object, parts[4])
            ? 'Schema.DescribeFieldResult'
            : undefined;
    }
    const [objectName, member, ...more] = lower[0] === 'schema' ? parts.slice(1) : parts;
    const object = member !== undefined && !more.length ? schema.getObject(objectName) : undefined;
    if (!object) return undefined;
    if (member.toLowerCase() === 'sobjecttype') return 'Schema.SObjectType';
    return schema.getField(object, member) ? 'Schema.SObjectField' : undefined;
}

/**
 * `fields.getMap()`: keys are case-insensitive, and the keys of the package's own custom fields carry its namespace
 * ("In API version 34.0 and later, Schema.DescribeSObjectResult on a custom SObjectType includes map keys prefixed
 * with the namespace, even if the namespace is that of currently executing code" — Apex Developer Guide, "Accessing
 * All Field Describe Results for an sObject"). apexrt applies it to every custom field of the project, also on a
 * standard object (INFERRED: the page names custom SObjectTypes; a packaged field on Opportunity is the package's
 * in the same way). So `get('Referral_Id__c')` answers null in a namespaced project, as it would in the org.
 */
function fieldsMap(schema: SchemaRegistry, acc: FieldsAccessor): CaseInsensitiveKeyMap {
    if (acc.object.unmodelledFields)
        throw new ApexUnsupported(`the field map of ${acc.object.name} (${acc.object.unmodelledFields})`);
    const map = new CaseInsensitiveKeyMap(T.String, { name: 'Schema.SObjectField', args: [] });
    const namespace = schema.options.namespace;
    for (const f of acc.object.fields.values())
        map.put(fieldsMapKey(f, namespace), new SObjectFieldToken(acc.object, f), KEY_SEMANTICS);
    return map;
}

/** A field's key in getMap() for a project namespace, kept per field (describe calls ask it again and again). */
const mapKeys = new WeakMap<FieldSchema, { namespace: string | undefined; key: string }>();

function fieldsMapKey(f: FieldSchema, namespace: string | undefined): string {
    const known = mapKeys.get(f);
    if (known && known.namespace === namespace) return known.key;
    const key =
        namespace && f.custom && !f.subscriberField && !/^[A-Za-z0-9]+__\w+__c$/i.test(f.name)
            ? `${namespace}__${f.name}`
            : f.name;
    mapKeys.set(f, { namespace, key });
    return key;
}

function list(typeName: string, items: unknown[]): ApexList {
    return new ApexList({ name: typeName, args: [] }, items);
}

const ACCESS_CHECKS: Record<string, ObjectOperation> = {
    isaccessible: 'read',
    iscreateable: 'create',
    isupdateable: 'edit',
    isdeletable: 'delete'
};

/**
 * Describe access checks (isAccessible/isCreateable/isUpdateable/isDeletable): the metadata's answer (what a System
 * Administrator gets), narrowed to the running user's object and field permissions (permissions.ts).
 */
function withUserAccess(
    run: RunContext,
    target: unknown,
    method: string,
    answer: NativeCallResult | undefined
): NativeCallResult | undefined {
    const op = ACCESS_CHECKS[method.toLowerCase()];
    if (!op || answer?.value !== true || !(run.data instanceof OrgDataLayer)) return answer;
    const org = run.data.org;
    if (target instanceof DescribeFieldValue)
        return {
            ...answer,
            value: canAccessField(
                org,
                target.object.name,
                target.field.name,
                op === 'read' ? 'read' : 'edit',
                `${method}()`
            )
        };
    if (target instanceof DescribeSObjectValue)
        return { ...answer, value: canAccessObject(org, target.object.name, op, `${method}()`) };
    return answer;
}

export function schemaNatives(schema: SchemaRegistry): NativeLibrary {
    const ok = (value: unknown): NativeCallResult => ({ value });

    /** `<get>X` on a type path: Account.SObjectType, Account.Name, Schema.SObjectType.Account(.fields(.Name)). */
    const staticProperty = (typeName: string, prop: string): NativeCallResult | undefined => {
        const enumName = NAME_VALUED_ENUMS.get(typeName.toLowerCase());
        if (enumName) return ok(prop.toUpperCase()); // Apex identifiers are case-insensitive
        const parts = typeName.split('.');
        const lower = parts.map((p) => p.toLowerCase());
        if (lower[0] === 'schema' && lower[1] === 'sobjecttype') {
            if (parts.length === 2) return ok(new DescribeSObjectValue(objectOrThrow(schema, prop)));
            const object = objectOrThrow(schema, parts[2]);
            if (parts.length === 3 && prop.toLowerCase() === 'fields') return ok(new FieldsAccessor(object));
            if (parts.length === 4 && lower[3] === 'fields') {
                const token = fieldToken(schema, object, prop);
                if (!token)
                    throw new ApexUnsupported(`Schema.SObjectType.${object.name}.fields.${prop} (no such field)`);
                return ok(new DescribeFieldValue(object, token.field));
            }
            return undefined;
        }
        // `Account.SObjectType` or, namespace-qualified, `Schema.Account.SObjectType`.
        const objectName = parts.length === 2 && lower[0] === 'schema' ? parts[1] : parts.length === 1 ? typeName : '';
        const object = objectName ? schema.getObject(objectName) : undefined;
        if (!object) return undefined;
        if (prop.toLowerCase() === 'sobjecttype') return ok(new SObjectTypeToken(object));
        const token = fieldToken(schema, object, prop);
        return token ? ok(token) : undefined;
    };

    const staticCall = (typeName: string, method: string, args: unknown[]): NativeCallResult | undefined => {
        if (method.startsWith('<get>')) return staticProperty(typeName, method.slice('<get>'.length));
        const key = `${typeName.toLowerCase()}.${method.toLowerCase()}`;
        if (key === 'schema.describesobjects' && args[0] instanceof ApexList) {
            const names = args[0].items as string[];
            return ok(
                list(
                    'Schema.DescribeSObjectResult',
                    names.map((n) => new DescribeSObjectValue(objectOrThrow(schema, n)))
                )
            );
        }
        if (key === 'schema.getglobaldescribe' && args.length === 0) {
            const map = new CaseInsensitiveKeyMap(T.String, { name: 'Schema.SObjectType', args: [] });
            for (const o of schema.allObjects()) map.put(o.name, new SObjectTypeToken(o), KEY_SEMANTICS);
            return ok(map);
        }
        // Schema.SObjectType.Account.getDescribe() style calls on the describe path.
        const parts = typeName.split('.');
        if (parts.length === 3 && parts[0].toLowerCase() === 'schema' && parts[1].toLowerCase() === 'sobjecttype')
            return describeSObjectMethod(new DescribeSObjectValue(objectOrThrow(schema, parts[2])), method);
        return undefined;
    };

    const instanceCall = (self: unknown, method: string, args: unknown[]): NativeCallResult | undefined => {
        const m = `${method.toLowerCase()}/${args.length}`;
        // Id.getSObjectType() (Apex Reference, "Id Class"): the token of the object the key prefix belongs to.
        if (typeof self === 'string' && m === 'getsobjecttype/0') {
            const id = tryNormalizeId(self);
            const object = id ? schema.objectForId(id) : undefined;
            if (!object) throw new ApexUnsupported(`Id.getSObjectType of ${self} (key prefix apexrt does not know)`);
            return ok(new SObjectTypeToken(object));
        }
        if (self instanceof SObjectTypeToken) {
            if (m === 'getdescribe/0' || m === 'getdescribe/1') return ok(new DescribeSObjectValue(self.object));
            if (m === 'newsobject/0') return ok(new SObject(schema, self.object));
            // Apex Reference, "SObjectType Class", newSObject(id): a new record of this type with that Id.
            if (m === 'newsobject/1') {
                const record = new SObject(schema, self.object);
                if (args[0] !== null) record.put('Id', args[0]);
                return ok(record);
            }
            if (m === 'newsobject/2') return ok(newSObjectWithDefaults(schema, self.object, args[0], args[1] === true));
            if (m === 'tostring/0') return ok(self.object.name);
            return undefined;
        }
        if (self instanceof SObjectFieldToken) {
            if (m === 'getdescribe/0') return ok(new DescribeFieldValue(self.object, self.field));
            if (m === 'tostring/0') return ok(self.field.name);
            return undefined;
        }
        if (self instanceof DescribeSObjectValue) return describeSObjectMethod(self, method);
        if (self instanceof FieldsAccessor) {
            if (m === 'getmap/0') return ok(fieldsMap(schema, self));
            return undefined;
        }
        if (self instanceof DescribeFieldValue) {
            if (m === 'getpicklistvalues/0')
                return ok(
                    list(
                        'Schema.PicklistEntry',
                        self.field.picklistValues.map(
                            (p) => new PicklistEntryValue(p.value, p.label, p.active, p.default)
                        )
                    )
                );
            if (m === 'getreferenceto/0')
                return ok(
                    list(
                        'Schema.SObjectType',
                        self.field.referenceTo.map((n) => new SObjectTypeToken(objectOrThrow(schema, n)))
                    )
                );
            return args.length === 0 ? describeFieldMethod(self, method) : undefined;
        }
        if (self instanceof PicklistEntryValue) {
            const values: Record<string, unknown> = {
                'getvalue/0': self.value,
                'getlabel/0': self.label,
                'isactive/0': self.active,
                'isdefaultvalue/0': self.isDefault
            };
            return m in values ? ok(values[m]) : undefined;
        }
        return undefined;
    };

    return {
        typeName: (name) => TYPE_NAMES.get(name.toLowerCase()) ?? NAME_VALUED_ENUMS.get(name.toLowerCase()),
        // A constant (`StatusCode.UNABLE_TO_LOCK_ROW`) is of its enum type, as an enum value is (Apex Developer
        // Guide, "Enums"), so that it is passed to a parameter of that type and not taken for the String apexrt
        // keeps; the type is the one a declaration of either spelling (`System.StatusCode`) resolves to.
        returnType: (typeName, method, isStatic) => {
            const enumName = NAME_VALUED_ENUMS.get(typeName.toLowerCase());
            if (isStatic && enumName && method.startsWith('<get>')) {
                const bare = enumName.replace(/^System\./, '');
                return {
                    name: TYPE_NAMES.get(bare.toLowerCase()) ?? NAME_VALUED_ENUMS.get(bare.toLowerCase())!,
                    args: []
                };
            }
            // Tokens and describe results, reached through a type path (`Opportunity.Amount.getDescribe()`,
            // `Schema.SObjectType.Opportunity.fields.Amount.getType()`) or through a value of their type.
            if (isStatic && method.startsWith('<get>'))
                return typeRef(pathValueType(schema, `${typeName}.${method.slice('<get>'.length)}`));
            const type = isStatic ? pathValueType(schema, typeName) : TYPE_NAMES.get(typeName.toLowerCase());
            return typeRef(type && SCHEMA_METHOD_TYPES.get(`${type}.${method}`.toLowerCase()));
        },
        // Id.getSObjectType is answered here, not by the primitive library that lists Id's methods (census).
        knowsMember: (typeName, method, isStatic) =>
            !isStatic && typeName.toLowerCase() === 'id' && method.toLowerCase() === 'getsobjecttype'
                ? true
                : undefined,
        callStatic: (run, typeName, method, args) => {
            const answer = staticCall(typeName, method, args);
            if (!ACCESS_CHECKS[method.toLowerCase()] || !typeName.toLowerCase().startsWith('schema.sobjecttype.'))
                return answer;
            const parts = typeName.split('.');
            // Schema.SObjectType.X.isAccessible() / Schema.SObjectType.X.fields.F.isUpdateable()
            const target =
                parts.length === 3
                    ? staticProperty('Schema.SObjectType', parts[2])?.value
                    : staticProperty(parts.slice(0, 4).join('.'), parts[4])?.value;
            return withUserAccess(run, target, method, answer);
        },
        callInstance: (run, typeName, self, method, args) =>
            withUserAccess(run, self, method, instanceCall(self, method, args)),
        getField: (self, name) => {
            if (self instanceof DescribeSObjectValue && name.toLowerCase() === 'fields')
                return { value: new FieldsAccessor(self.object) };
            if (self instanceof FieldsAccessor) {
                const token = fieldToken(schema, self.object, name);
                if (!token) throw new ApexUnsupported(`fields.${name} on ${self.object.name} (no such field)`);
                return { value: new DescribeFieldValue(self.object, token.field) };
            }
            return undefined;
        },
        isInstance: (v, typeName) => {
            const t = TYPE_NAMES.get(typeName.toLowerCase());
            if (!t) return undefined;
            if (t === 'Schema.SObjectType') return v instanceof SObjectTypeToken;
            if (t === 'Schema.SObjectField') return v instanceof SObjectFieldToken;
            if (t === 'Schema.DescribeSObjectResult') return v instanceof DescribeSObjectValue;
            if (t === 'Schema.DescribeFieldResult') return v instanceof DescribeFieldValue;
            return v instanceof PicklistEntryValue;
        },
        equals: (a, b) => {
            if (a instanceof SObjectTypeToken) return b instanceof SObjectTypeToken && a.object === b.object;
            if (a instanceof SObjectFieldToken)
                return b instanceof SObjectFieldToken && a.object === b.object && a.field === b.field;
            return undefined;
        },
        hash: (v) => {
            if (v instanceof SObjectTypeToken) return `sot:${v.object.name}`;
            if (v instanceof SObjectFieldToken) return `sof:${v.object.name}.${v.field.name}`;
            return undefined;
        },
        format: (v) => {
            if (v instanceof SObjectTypeToken) return v.object.name;
            if (v instanceof SObjectFieldToken) return v.field.name;
            return undefined;
        },
        runtimeTypeName: (v) => {
            if (v instanceof SObjectTypeToken) return 'Schema.SObjectType';
            if (v instanceof SObjectFieldToken) return 'Schema.SObjectField';
            if (v instanceof DescribeSObjectValue) return 'Schema.DescribeSObjectResult';
            if (v instanceof DescribeFieldValue) return 'Schema.DescribeFieldResult';
            if (v instanceof PicklistEntryValue) return 'Schema.PicklistEntry';
            return undefined;
        }
    };
}

/**
 * `SObjectType.newSObject(recordTypeId, loadDefaults)` (Apex Reference, "SObjectType Class"): a new record whose
 * custom fields hold their predefined default values when loadDefaults is true (null where a field has none). For a
 * platform event the system generates the EventUuid (Platform Events Developer Guide, "Create an Event with an
 * EventUuid Field"). A record type Id, or an object with record types (null then means the default record type, and
 * picklist defaults differ per record type), is not modelled; nor are formula defaults.
 */
function newSObjectWithDefaults(
    schema: SchemaRegistry,
    object: ObjectSchema,
    recordTypeId: unknown,
    loadDefaults: boolean
): SObject {
    if (recordTypeId !== null) throw new ApexUnsupported('SObjectType.newSObject with a record type Id');
    if (schema.recordTypes.some((rt) => rt.sobjectType.toLowerCase() === object.name.toLowerCase()))
        throw new ApexUnsupported(`SObjectType.newSObject(null, ...) of ${object.name}, which has record types`);
    const record = new SObject(schema, object);
    if (loadDefaults)
        for (const f of object.fields.values()) {
            if (!f.custom || f.defaultValue === undefined) continue;
            if (f.defaultValue instanceof UnsupportedDefault)
                throw new ApexUnsupported(
                    `default value formula of ${object.name}.${f.name}: ${f.defaultValue.formula}`
                );
            record.setRaw(f.name, f.defaultValue);
        }
    if (object.kind === 'platformEvent') record.setRaw('EventUuid', randomUUID());
    return record;
}
