/**
 * Schema.FieldSet and Schema.FieldSetMember over the field sets of the source metadata
 * (`objects/<Object>/fieldSets/<name>.fieldSet-meta.xml`, read by data/schema/metadata-reader.ts).
 *
 * Access paths (Apex Reference, "FieldSet Class"): `Schema.SObjectType.Account.fieldSets.getMap()`,
 * `describe.fieldSets.getMap()` (a Map whose key is the field set name), `Schema.SObjectType.Account.fieldSets.Name`.
 * An object without field sets in the source has none (a fresh org of the project). What the Reference does not
 * settle is loud: getNameSpace, field paths through a relationship (`Account.Name`) beyond getFieldPath, and
 * equality/hashing of field sets and members.
 */
import { ApexList, ApexMap } from '../collections/collections';
import { ApexUnsupported } from '../core/values';
import type { FieldSchema, ObjectSchema } from '../data/schema/model';
import type { RawFieldSet } from '../data/schema/metadata-reader';
import type { SchemaRegistry } from '../data/schema/registry';
import type { NativeCallResult, NativeLibrary } from '../interpreter/native-library';
import { T } from '../types/typeref';
import { KEY_SEMANTICS } from './apex-values';
import { displayType, objectOrThrow, SObjectFieldToken, SObjectTypeToken, DescribeSObjectValue } from './schema-tokens';

/** `describe.fieldSets` / `Schema.SObjectType.Account.fieldSets`. */
export class FieldSetsAccessor {
    constructor(readonly object: ObjectSchema) {}
}

export class FieldSetValue {
    constructor(
        readonly object: ObjectSchema,
        readonly def: RawFieldSet
    ) {}
}

export class FieldSetMemberValue {
    constructor(
        readonly object: ObjectSchema,
        readonly path: string,
        /** The field when the path names a field of the object itself (no relationship hop). */
        readonly field: FieldSchema | undefined,
        readonly requiredBySet: boolean
    ) {}
}

const FIELD_SET = 'Schema.FieldSet';
const MEMBER = 'Schema.FieldSetMember';
const TYPE_NAMES = new Map(
    [FIELD_SET, MEMBER].flatMap((n) => [
        [n.toLowerCase(), n],
        [n.slice('Schema.'.length).toLowerCase(), n]
    ])
);

export function fieldSetNatives(schema: SchemaRegistry): NativeLibrary {
    const ok = (value: unknown): NativeCallResult => ({ value });
    const setsOf = (object: ObjectSchema) => schema.fieldSets.get(object.name.toLowerCase()) ?? [];

    const fieldSetsMap = (acc: FieldSetsAccessor): ApexMap => {
        const map = new ApexMap(T.String, { name: FIELD_SET, args: [] });
        for (const def of setsOf(acc.object)) map.put(def.fullName, new FieldSetValue(acc.object, def), KEY_SEMANTICS);
        return map;
    };

    const named = (acc: FieldSetsAccessor, name: string): FieldSetValue => {
        const def = setsOf(acc.object).find((d) => d.fullName.toLowerCase() === name.toLowerCase());
        // On the platform an unknown name does not compile; apexrt reports it instead of guessing a value.
        if (!def) throw new ApexUnsupported(`fieldSets.${name} on ${acc.object.name} (no such field set)`);
        return new FieldSetValue(acc.object, def);
    };

    const members = (fs: FieldSetValue): ApexList =>
        new ApexList(
            { name: MEMBER, args: [] },
            fs.def.displayedFields.map(
                (d) =>
                    new FieldSetMemberValue(
                        fs.object,
                        d.field,
                        d.field.includes('.') ? undefined : schema.getField(fs.object, d.field),
                        d.isRequired === 'true'
                    )
            )
        );

    const memberField = (m: FieldSetMemberValue, method: string): FieldSchema => {
        if (!m.field) throw new ApexUnsupported(`FieldSetMember.${method} of ${m.object.name} field path ${m.path}`);
        return m.field;
    };

    /** Apex Reference, "FieldSet Class" and "FieldSetMember Class" (instance methods). */
    const instanceCall = (self: unknown, method: string, args: unknown[]): NativeCallResult | undefined => {
        const m = `${method.toLowerCase()}/${args.length}`;
        if (self instanceof FieldSetsAccessor) return m === 'getmap/0' ? ok(fieldSetsMap(self)) : undefined;
        if (self instanceof FieldSetValue) {
            switch (m) {
                case 'getfields/0':
                    return ok(members(self));
                case 'getname/0':
                    return ok(self.def.fullName);
                case 'getlabel/0':
                    return ok(self.def.label ?? self.def.fullName);
                case 'getdescription/0':
                    return ok(self.def.description ?? null);
                case 'getsobjecttype/0':
                    return ok(new SObjectTypeToken(self.object));
                default:
                    return undefined;
            }
        }
        if (self instanceof FieldSetMemberValue) {
            switch (m) {
                case 'getfieldpath/0':
                    return ok(self.path);
                case 'getrequired/0':
                    return ok(self.requiredBySet);
                case 'getdbrequired/0':
                    return ok(memberField(self, method).required);
                case 'getlabel/0':
                    return ok(memberField(self, method).label);
                case 'gettype/0':
                    return ok(displayType(memberField(self, method)));
                case 'getsobjectfield/0':
                    return ok(new SObjectFieldToken(self.object, memberField(self, method)));
                default:
                    return undefined;
            }
        }
        return undefined;
    };

    /** `Schema.SObjectType.Account.fieldSets` (→ accessor) and `...fieldSets.Name` / `...fieldSets.getMap()`. */
    const staticCall = (typeName: string, method: string): NativeCallResult | undefined => {
        const parts = typeName.split('.');
        const lower = parts.map((p) => p.toLowerCase());
        if (lower[0] !== 'schema' || lower[1] !== 'sobjecttype' || parts.length < 3) return undefined;
        const isGet = method.startsWith('<get>');
        const name = isGet ? method.slice('<get>'.length) : method;
        if (parts.length === 3 && isGet && name.toLowerCase() === 'fieldsets')
            return ok(new FieldSetsAccessor(objectOrThrow(schema, parts[2])));
        if (parts.length === 4 && lower[3] === 'fieldsets') {
            const acc = new FieldSetsAccessor(objectOrThrow(schema, parts[2]));
            if (isGet) return ok(named(acc, name));
            return name.toLowerCase() === 'getmap' ? ok(fieldSetsMap(acc)) : undefined;
        }
        if (parts.length === 5 && lower[3] === 'fieldsets' && !isGet)
            return instanceCall(named(new FieldSetsAccessor(objectOrThrow(schema, parts[2])), parts[4]), name, []);
        return undefined;
    };

    const owned = (v: unknown) => v instanceof FieldSetValue || v instanceof FieldSetMemberValue;

    return {
        typeName: (name) => TYPE_NAMES.get(name.toLowerCase()),
        callStatic: (_run, typeName, method, args) => (args.length === 0 ? staticCall(typeName, method) : undefined),
        callInstance: (_run, _typeName, self, method, args) => instanceCall(self, method, args),
        getField: (self, name) => {
            if (self instanceof DescribeSObjectValue && name.toLowerCase() === 'fieldsets')
                return { value: new FieldSetsAccessor(self.object) };
            if (self instanceof FieldSetsAccessor) return { value: named(self, name) };
            return undefined;
        },
        isInstance: (v, typeName) => {
            const t = TYPE_NAMES.get(typeName.toLowerCase());
            if (!t) return undefined;
            return t === FIELD_SET ? v instanceof FieldSetValue : v instanceof FieldSetMemberValue;
        },
        // The Reference does not say how field sets or their members compare (== and Set/Map keys): loud.
        equals: (a, b) => {
            if (owned(a) || owned(b)) throw new ApexUnsupported('equality of Schema.FieldSet / FieldSetMember values');
            return undefined;
        },
        hash: (v) => {
            if (owned(v)) throw new ApexUnsupported('Schema.FieldSet / FieldSetMember as Set element or Map key');
            return undefined;
        },
        runtimeTypeName: (v) => {
            if (v instanceof FieldSetValue) return FIELD_SET;
            if (v instanceof FieldSetMemberValue) return MEMBER;
            return undefined;
        }
    };
}
