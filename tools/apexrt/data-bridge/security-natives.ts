/**
 * `Security.stripInaccessible(accessType, records[, enforceRootObjectCRUD])` and `SObjectAccessDecision`
 * (Apex Reference, "Security Class" and "SObjectAccessDecision Class"; Apex Developer Guide, "Enforce Security
 * with the stripInaccessible Method"): a new list of records like the source ones without the fields the running
 * user cannot read (READABLE), create (CREATABLE), update (UPDATABLE) or both (UPSERTABLE); with
 * enforceRootObjectCRUD (default true) a user without the object permission gets System.NoAccessException.
 * Access comes from the permission model (permissions.ts); what it does not model stays loud there. Related
 * parent and child records are stripped for READABLE (stripRecord); for the other access types they are loud.
 */
import { ApexList, ApexMap, ApexSet } from '../collections/collections';
import { ApexThrow, ApexUnsupported } from '../core/values';
import { SObject } from '../data/sobject';
import type { OrgData } from '../data';
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
        readonly modifiedIndexes: ApexSet,
        /** Set when what getRemovedFields and getModifiedIndexes report is not documented (see stripRecord). */
        readonly undocumentedReport?: string,
        /** Set when a related record was stripped: whether its root's index counts as modified is not documented. */
        readonly relatedStripped?: string
    ) {}
}

const OPS: Record<string, { objectOps: ObjectOperation[]; field: FieldOperation; create: boolean; update: boolean }> = {
    READABLE: { objectOps: ['read'], field: 'read', create: false, update: false },
    CREATABLE: { objectOps: ['create'], field: 'edit', create: true, update: false },
    UPDATABLE: { objectOps: ['edit'], field: 'edit', create: false, update: true },
    UPSERTABLE: { objectOps: ['create', 'edit'], field: 'edit', create: true, update: true }
};

/** What one stripInaccessible call collects while it copies the records. */
interface StripRun {
    org: OrgData;
    op: (typeof OPS)[string];
    what: string;
    removed: ApexMap;
    /** A relationship was removed whole: the report is not documented. */
    undocumentedReport?: string;
    /** A related record was stripped: getRemovedFields names its object's fields, getModifiedIndexes is loud. */
    relatedStripped?: string;
}

function noteRemoved(strip: StripRun, object: string, field: string): void {
    let names = strip.removed.get(object, KEY_SEMANTICS) as ApexSet | null;
    if (!names) {
        names = new ApexSet(T.String);
        strip.removed.put(object, names, KEY_SEMANTICS);
    }
    names.add(field, KEY_SEMANTICS);
}

/**
 * A copy of `record` without the fields the user may not access; true in `modified` when something was stripped.
 * Related records (READABLE only): Apex Developer Guide, "Enforce Security with the stripInaccessible Method" —
 * the method strips "the fields and relationship fields from query and subquery results that the user can't
 * access" and "checks the source records for lookup or master-detail relationship fields to which the current
 * user doesn't have access"; Apex Reference, "SObjectAccessDecision Class": getRemovedFields maps each sObject type
 * to its inaccessible fields. So a parent record goes with its lookup field and a subquery's records go with
 * their object's read permission; a kept related record is stripped by its own object's field permissions. A
 * parent whose object the user cannot read, a subquery whose lookup back to the parent the user cannot read, and
 * related records of other access types, are loud.
 */
function stripRecord(strip: StripRun, record: SObject): { copy: SObject; modified: boolean } {
    const { org, op, what } = strip;
    const object = record.schema.name;
    const copy = new SObject(record.registry, record.schema);
    const kept: string[] = [];
    let modified = false;
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
        modified = true;
        noteRemoved(strip, object, field.name);
    }
    const parents = record.populatedParents();
    const children = record.populatedChildren();
    if ((parents.length || children.length) && op.field !== 'read')
        throw new ApexUnsupported(`${what} of records with related parent or child records`);
    for (const [relationship, parent] of parents) {
        const field = org.schema.parentRelationship(record.schema, relationship)!;
        if (!canAccessField(org, object, field.name, 'read', what)) {
            strip.undocumentedReport = `a related record removed with its relationship field ${object}.${field.name}`;
            modified = true;
            continue;
        }
        if (parent && !canAccessObject(org, parent.schema.name, 'read', what))
            throw new ApexUnsupported(`${what} of a related ${parent.schema.name} the user cannot read`);
        const stripped = parent ? stripRecord(strip, parent) : undefined;
        if (stripped?.modified) {
            strip.relatedStripped = `a stripped related ${parent!.schema.name} record`;
            modified = true;
        }
        copy.putSObject(relationship, stripped?.copy ?? null);
        kept.push(relationship);
    }
    for (const [relationship, rows] of children) {
        const rel = org.schema.childRelationship(record.schema, relationship)!;
        if (!canAccessObject(org, rel.childSObject, 'read', what)) {
            strip.undocumentedReport = `the relationship ${object}.${relationship} removed whole`;
            modified = true;
            continue;
        }
        // Whether the platform keeps a subquery whose lookup back to the parent the user cannot read is not
        // documented: loud.
        if (!canAccessField(org, rel.childSObject, rel.field, 'read', what))
            throw new ApexUnsupported(
                `${what} of the relationship ${object}.${relationship} when ${rel.childSObject}.${rel.field} is not readable`
            );
        const copies = rows?.map((row) => stripRecord(strip, row)) ?? null;
        if (copies?.some((c) => c.modified)) {
            strip.relatedStripped = `stripped ${rel.childSObject} records of the relationship ${object}.${relationship}`;
            modified = true;
        }
        copy.setChildren(relationship, copies?.map((c) => c.copy) ?? null);
        kept.push(relationship);
    }
    if (record.isFromQuery) copy.markQueried(kept);
    return { copy, modified };
}

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
    const strip: StripRun = {
        org,
        op,
        what: `Security.stripInaccessible(${accessType.name})`,
        removed: new ApexMap(T.String, { name: 'Set', args: [T.String] })
    };
    const modified = new ApexSet(T.Integer);
    const out = source.items.map((record, index) => {
        if (!(record instanceof SObject)) throw new ApexUnsupported(`${strip.what} of a list containing a non-SObject`);
        // Apex Reference, "Security Class": enforceRootObjectCRUD "Indicates whether an object-level access check
        // is performed. If set to true and the user doesn't have access to the object, the method throws a
        // System.NoAccessException" (the message is INFERRED).
        if (enforce !== false && !op.objectOps.every((o) => canAccessObject(org, record.schema.name, o, strip.what)))
            throw new ApexThrow('System.NoAccessException', 'No access to entity');
        const result = stripRecord(strip, record);
        if (result.modified) modified.add(index, KEY_SEMANTICS);
        return result.copy;
    });
    return new AccessDecision(
        new ApexList(source.elemType, out),
        strip.removed,
        modified,
        strip.undocumentedReport,
        strip.relatedStripped
    );
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
                    if (self.undocumentedReport)
                        throw new ApexUnsupported(
                            `SObjectAccessDecision.getRemovedFields after ${self.undocumentedReport} (what it reports is not documented)`
                        );
                    return {
                        value: self.removed,
                        returnType: { name: 'Map', args: [T.String, { name: 'Set', args: [T.String] }] }
                    };
                case 'getmodifiedindexes/0':
                    if (self.undocumentedReport ?? self.relatedStripped)
                        throw new ApexUnsupported(
                            `SObjectAccessDecision.getModifiedIndexes after ${self.undocumentedReport ?? self.relatedStripped} (what it reports is not documented)`
                        );
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
