/**
 * SObject values in Apex: field and relationship access (`acc.Name`, `opp.Account.Name`, `acc.Contacts`), the
 * SObject methods (Apex Reference, "SObject Class"), `record.Field.addError`, equality, `instanceof`, and the
 * debug rendering `Account:{Name=Acme, Id=001...}`.
 */
import { ApexList, ApexMap } from '../collections/collections';
import { ApexUnsupported } from '../core/values';
import { SObject } from '../data/sobject';
import type { NativeCallResult, NativeLibrary } from '../interpreter/native-library';
import { FIELD_OF_TYPE } from '../interpreter/native-library';
import { T } from '../types/typeref';
import { DmlErrorValue, KEY_SEMANTICS, recordList } from './apex-values';
import { SObjectFieldToken, SObjectTypeToken } from './schema-tokens';

/** A field given by name or by token (`put(Account.Name, v)`). */
function fieldName(arg: unknown): string {
    if (arg instanceof SObjectFieldToken) return arg.field.name;
    if (typeof arg === 'string') return arg;
    throw new ApexUnsupported('SObject field argument that is neither a String nor an SObjectField');
}

function isRelationship(record: SObject, name: string): 'parent' | 'children' | undefined {
    const registry = record.registry;
    if (registry.getField(record.schema, name)) return undefined;
    if (registry.parentRelationship(record.schema, name)) return 'parent';
    if (registry.childRelationship(record.schema, name)) return 'children';
    return undefined;
}

function children(record: SObject, name: string): ApexList | null {
    const list = record.getSObjects(name);
    const rel = record.registry.childRelationship(record.schema, name)!;
    return list ? recordList(rel.childSObject, list) : null;
}

function instanceMethod(self: SObject, method: string, args: unknown[]): NativeCallResult | undefined {
    const value = (v: unknown, type = T.Object): NativeCallResult => ({ value: v, returnType: type });
    switch (`${method.toLowerCase()}/${args.length}`) {
        case 'get/1':
            return value(self.get(fieldName(args[0])));
        case 'put/2':
            return value(self.put(fieldName(args[0]), args[1]));
        case 'getsobject/1':
            return value(self.getSObject(fieldName(args[0])));
        case 'putsobject/2':
            return value(self.putSObject(fieldName(args[0]), args[1] as SObject | null));
        case 'getsobjects/1':
            return value(children(self, fieldName(args[0])));
        case 'getsobjecttype/0':
            return value(new SObjectTypeToken(self.schema));
        case 'isset/1':
            return value(self.isSet(fieldName(args[0])), T.Boolean);
        case 'adderror/1':
            self.addError(String(args[0]));
            return value(undefined, T.Void);
        case 'adderror/2':
            self.addError(String(args[1]), fieldName(args[0]));
            return value(undefined, T.Void);
        case 'clone/0':
        case 'clone/1':
        case 'clone/2':
        case 'clone/3':
        case 'clone/4':
            return value(self.clone(...(args as boolean[])), { name: self.schema.name, args: [] });
        case 'getpopulatedfieldsasmap/0': {
            const map = new ApexMap(T.String, T.Object);
            for (const [name, v] of self.wholeRecordFields()) map.put(name, v, KEY_SEMANTICS);
            for (const [name, parent] of self.populatedParents()) map.put(name, parent, KEY_SEMANTICS);
            for (const [name] of self.populatedChildren()) map.put(name, children(self, name), KEY_SEMANTICS);
            return value(map);
        }
        // Apex Reference, "SObject Class": hasErrors() tells whether errors were added to the record (addError);
        // getErrors() lists them as Database.Error (empty when none). The status code of an addError is the one the
        // DML path reports for it (data/sobject.ts).
        case 'haserrors/0':
            return value(self.errors.length > 0, T.Boolean);
        case 'geterrors/0':
            return value(
                new ApexList(
                    { name: 'Database.Error', args: [] },
                    self.errors.map((e) => new DmlErrorValue(e))
                )
            );
        default:
            return undefined;
    }
}

/** Library for SObject values; `formatValue` renders field values (the stdlib's String.valueOf). */
export function sobjectNatives(formatValue: (v: unknown) => string): NativeLibrary {
    const render = (record: SObject): string => {
        const parts = record.wholeRecordFields().map(([name, v]) => `${name}=${formatValue(v)}`);
        return `${record.schema.name}:{${parts.join(', ')}}`;
    };
    return {
        typeName: () => undefined,
        callStatic: () => undefined,
        callInstance: (run, typeName, self, method, args) => {
            if (typeName === FIELD_OF_TYPE) {
                const ref = self as { target: unknown; field: string };
                if (!(ref.target instanceof SObject) || args.length !== 1) return undefined;
                ref.target.addError(String(args[0]), ref.field);
                return { value: undefined, returnType: T.Void };
            }
            return self instanceof SObject ? instanceMethod(self, method, args) : undefined;
        },
        getField: (self, name) => {
            if (!(self instanceof SObject)) return undefined;
            switch (isRelationship(self, name)) {
                case 'parent':
                    return { value: self.getSObject(name) };
                case 'children':
                    return { value: children(self, name) };
                default: {
                    const v = self.get(name);
                    // Apex Developer Guide, "Boolean" on sObject fields: a Boolean field read with dot notation is
                    // true only when its value is non-null and true, otherwise false (get() still returns null).
                    if (v === null && self.registry.getField(self.schema, name)?.type === 'boolean')
                        return { value: false };
                    return { value: v };
                }
            }
        },
        // Every field name of an SObject is the SObject library's: unknown ones fail with its message on use.
        ownsField: (self) => (self instanceof SObject ? true : undefined),
        setField: (self, name, value) => {
            if (!(self instanceof SObject)) return false;
            assignField(self, name, value);
            return true;
        },
        isInstance: (v, typeName) => {
            if (!(v instanceof SObject)) return undefined;
            const t = typeName.toLowerCase();
            return t === 'sobject' || v.registry.getObject(typeName) === v.schema;
        },
        equals: (a, b) => (a instanceof SObject ? a.equals(b) : undefined),
        hash: (v) => (v instanceof SObject ? v.hashKey() : undefined),
        format: (v) => (v instanceof SObject ? render(v) : undefined),
        runtimeTypeName: (v) => (v instanceof SObject ? v.schema.name : undefined)
    };
}

/**
 * `record.F = v`, also as `new T(F = v)`: a parent relationship name (`Parent__r`, `Account`) takes the parent
 * record, as `putSObject` does; anything else is a field write.
 */
export function assignField(record: SObject, name: string, value: unknown): void {
    const relationship = isRelationship(record, name);
    if (relationship === 'parent') record.putSObject(name, value as SObject | null);
    else if (relationship === 'children') throw new ApexUnsupported(`assignment to the child relationship ${name}`);
    else record.put(name, value);
}
