/**
 * `Security.stripInaccessible(accessType, records[, enforceRootObjectCRUD])` and `SObjectAccessDecision`
 * (Apex Reference, "Security Class" and "SObjectAccessDecision Class"; Apex Developer Guide, "Enforce Security
 * with the stripInaccessible Method"): a new list of records like the source ones without the fields the running
 * user cannot read (READABLE), create (CREATABLE), update (UPDATABLE) or both (UPSERTABLE); with
 * enforceRootObjectCRUD (default true) a user without the object permission gets System.NoAccessException.
 * Access comes from the permission model (permissions.ts); what it does not model stays loud there. Records with
 * related parent or child records are not stripped here (unsupported).
 */
import { ApexList, ApexMap, ApexSet } from '../collections/collections';
import { ApexThrow, ApexUnsupported } from '../core/values';
import { SObject } from '../data/sobject';
import type { RunContext } from '../interpreter/context';
import type { NativeLibrary } from '../interpreter/native-library';
import { EnumValue } from '../interpreter/runtime-values';
import { T } from '../types/typeref';
import { KEY_SEMANTICS } from './apex-values';
import { OrgDataLayer } from './org-data-layer';
import { canAccessField, canAccessObject, FieldOperation, ObjectOperation } from './permissions';

export class AccessDecision {
    constructor(
        readonly records: ApexList,
        readonly removed: ApexMap,
        readonly modifiedIndexes: ApexSet
    ) {}
}

const OPS: Record<string, { objectOps: ObjectOperation[]; field: FieldOperation; create: boolean; update: boolean }> = {
    READABLE: { objectOps: ['read'], field: 'read', create: false, update: false },
    CREATABLE: { objectOps: ['create'], field: 'edit', create: true, update: false },
    UPDATABLE: { objectOps: ['edit'], field: 'edit', create: false, update: true },
    UPSERTABLE: { objectOps: ['create', 'edit'], field: 'edit', create: true, update: true }
};

function stripInaccessible(run: RunContext, args: unknown[]): AccessDecision {
    if (!(run.data instanceof OrgDataLayer))
        throw new ApexUnsupported('Security.stripInaccessible without the data layer');
    const org = run.data.org;
    const [accessType, source, enforce] = args;
    if (!(accessType instanceof EnumValue) || !OPS[accessType.name])
        throw new ApexUnsupported('Security.stripInaccessible with this access type');
    if (source === null || enforce === null)
        throw new ApexUnsupported('Security.stripInaccessible with a null argument');
    if (!(source instanceof ApexList)) throw new ApexUnsupported('Security.stripInaccessible of a non-list');
    const op = OPS[accessType.name];
    const what = `Security.stripInaccessible(${accessType.name})`;
    const removed = new ApexMap(T.String, { name: 'Set', args: [T.String] });
    const modified = new ApexSet(T.Integer);
    const out = source.items.map((record, index) => {
        if (!(record instanceof SObject)) throw new ApexUnsupported(`${what} of a list containing a non-SObject`);
        if (record.populatedParents().length || record.populatedChildren().length)
            throw new ApexUnsupported(`${what} of records with related parent or child records`);
        const object = record.schema.name;
        // Apex Reference, "Security Class": enforceRootObjectCRUD "Indicates whether an object-level access check
        // is performed. If set to true and the user doesn't have access to the object, the method throws a
        // System.NoAccessException" (the message is INFERRED).
        if (enforce !== false && !op.objectOps.every((o) => canAccessObject(org, object, o, what)))
            throw new ApexThrow('System.NoAccessException', 'No access to entity');
        const copy = new SObject(record.registry, record.schema);
        const kept: string[] = [];
        for (const [name, value] of record.populatedFields()) {
            const field = record.field(name);
            // Id identifies the record; fields the describe marks not createable/updateable are inaccessible for
            // that access type to every user (Apex Developer Guide, "Enforce Security with the stripInaccessible
            // Method": the method checks the fields against the user's create/update access).
            const keep =
                field.type === 'id' ||
                ((!op.create || field.createable) &&
                    (!op.update || field.updateable) &&
                    canAccessField(org, object, field.name, op.field, what));
            if (keep) {
                copy.setRaw(name, value);
                kept.push(name);
                continue;
            }
            modified.add(index, KEY_SEMANTICS);
            let names = removed.get(object, KEY_SEMANTICS) as ApexSet | null;
            if (!names) {
                names = new ApexSet(T.String);
                removed.put(object, names, KEY_SEMANTICS);
            }
            names.add(field.name, KEY_SEMANTICS);
        }
        if (record.isFromQuery) copy.markQueried(kept);
        return copy;
    });
    return new AccessDecision(new ApexList(source.elemType, out), removed, modified);
}

export function securityNatives(): NativeLibrary {
    return {
        typeName: (n) => {
            const l = n.toLowerCase().replace(/^system\./, '');
            return l === 'security' ? 'Security' : l === 'sobjectaccessdecision' ? 'SObjectAccessDecision' : undefined;
        },
        callStatic: (run, typeName, method, args) => {
            if (typeName.toLowerCase().replace(/^system\./, '') !== 'security') return undefined;
            if (method.toLowerCase() === 'stripinaccessible' && (args.length === 2 || args.length === 3))
                return { value: stripInaccessible(run, args), returnType: { name: 'SObjectAccessDecision', args: [] } };
            throw new ApexUnsupported(`Security.${method}`);
        },
        callInstance: (_run, _typeName, self, method, args) => {
            if (!(self instanceof AccessDecision)) return undefined;
            switch (`${method.toLowerCase()}/${args.length}`) {
                case 'getrecords/0':
                    return { value: self.records, returnType: { name: 'List', args: [{ name: 'SObject', args: [] }] } };
                case 'getremovedfields/0':
                    return {
                        value: self.removed,
                        returnType: { name: 'Map', args: [T.String, { name: 'Set', args: [T.String] }] }
                    };
                case 'getmodifiedindexes/0':
                    return { value: self.modifiedIndexes, returnType: { name: 'Set', args: [T.Integer] } };
                default:
                    throw new ApexUnsupported(`SObjectAccessDecision.${method}`);
            }
        },
        returnType: (typeName, method, isStatic) => {
            const t = typeName.toLowerCase().replace(/^system\./, '');
            const m = method.toLowerCase();
            if (t === 'security' && isStatic && m === 'stripinaccessible')
                return { name: 'SObjectAccessDecision', args: [] };
            if (t !== 'sobjectaccessdecision' || isStatic) return undefined;
            if (m === 'getrecords') return { name: 'List', args: [{ name: 'SObject', args: [] }] };
            if (m === 'getremovedfields') return { name: 'Map', args: [T.String, { name: 'Set', args: [T.String] }] };
            if (m === 'getmodifiedindexes') return { name: 'Set', args: [T.Integer] };
            return undefined;
        },
        isInstance: (v, typeName) =>
            /^(system\.)?sobjectaccessdecision$/i.test(typeName) ? v instanceof AccessDecision : undefined,
        runtimeTypeName: (v) => (v instanceof AccessDecision ? 'SObjectAccessDecision' : undefined)
    };
}
