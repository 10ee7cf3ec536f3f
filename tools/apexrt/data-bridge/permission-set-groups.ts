/**
 * Permission set groups (docs/reference/apex-semantics.md §3.15). Sources:
 *
 * - [metadata] Metadata API, "PermissionSetGroup" (permissionsetgroups/*.permissionsetgroup-meta.xml): label,
 *   description, hasActivationRequired, status, permissionSets (the included permission sets) and
 *   mutingPermissionSets.
 * - [objects] Object Reference, "PermissionSetGroup" (Status: Updated, Outdated, Updating, Failed),
 *   "PermissionSetGroupComponent" (the junction of a group and a permission set; create, delete, query) and
 *   "PermissionSetAssignment" (PermissionSetGroupId: the group assigned to the user).
 * - [testing] Apex Developer Guide, "Permission Set Groups" (apex_permission_set_group_testing.htm) and Apex
 *   Reference, "Test Class": `Test.calculatePermissionSetGroup(psgIds)` forces an immediate calculation of a
 *   group's aggregate permissions; assigning a group fails while it is Outdated.
 * - [union] Salesforce Help, "Permission Set Groups": a group's users get the combined permissions of its
 *   permission sets, less those of its muting permission set.
 *
 * Modelled: the project's groups and their components are seeded as rows; a test may add or remove components
 * (the group becomes Outdated — INFERRED from [testing], whose example recalculates a group before assigning it)
 * and recalculate it with Test.calculatePermissionSetGroup (Updated). A user assigned an Updated group has the
 * permissions of the group's permission sets. Loud: the permissions of a group that is not Updated, of a group with
 * muting permission sets or including a permission set the project does not hold (and a query of the components
 * while such a group exists), assigning an Outdated group (the platform's error is not documented), an assignment
 * naming neither a permission set nor a group, groups created by Apex and a query that reads a group assignment's
 * PermissionSetId (the group's own aggregate permission set is not modelled).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { ApexUnsupported } from '../core/values';
import { SObject, type OrgData } from '../data';
import { filesEndingWith } from './org-config';
import type { ObjectSchema } from '../data/schema/model';
import type { Condition, FieldPath, SoqlQuery } from '../data/soql/ast';

export interface PermissionSetGroupDefinition {
    label: string;
    description: string | null;
    hasActivationRequired: boolean;
    status: string;
    /** Names of the included permission sets. */
    permissionSets: string[];
    mutingPermissionSets: string[];
}

export type PermissionSetGroups = Map<string, PermissionSetGroupDefinition>;

/** Group developer name → definition, from permissionsetgroups/*.permissionsetgroup-meta.xml [metadata]. */
export function readPermissionSetGroups(sourceDir: string): PermissionSetGroups {
    const groups: PermissionSetGroups = new Map();
    const parser = new XMLParser({ isArray: (name) => ['permissionSets', 'mutingPermissionSets'].includes(name) });
    for (const file of filesEndingWith(sourceDir, '.permissionsetgroup-meta.xml')) {
        const doc = parser.parse(fs.readFileSync(file, 'utf8')) as { PermissionSetGroup?: Record<string, unknown> };
        const g = doc.PermissionSetGroup ?? {};
        groups.set(path.basename(file).replace('.permissionsetgroup-meta.xml', ''), {
            label: String(g.label ?? ''),
            description: g.description === undefined ? null : String(g.description),
            hasActivationRequired: g.hasActivationRequired === true,
            status: String(g.status ?? 'Updated'),
            permissionSets: ((g.permissionSets as unknown[]) ?? []).map(String),
            mutingPermissionSets: ((g.mutingPermissionSets as unknown[]) ?? []).map(String)
        });
    }
    return groups;
}

/**
 * Per org: the groups apexrt cannot fully model (from metadata) → why: muting permission sets, or a permission set
 * the project does not hold (a standard or another package's set), whose component row is then missing too.
 */
const UNMODELLED = new WeakMap<OrgData, Map<string, string>>();

function object(org: OrgData, name: string): ObjectSchema {
    return org.schema.getObject(name)!;
}

function componentIds(org: OrgData, groupId: string): string[] {
    return org.db
        .rows(object(org, 'PermissionSetGroupComponent'))
        .filter((c) => c.permissionsetgroupid === groupId)
        .map((c) => c.permissionsetid as string);
}

/** Seeds the project's groups and their components (after the permission sets: components name them). */
export function seedPermissionSetGroups(org: OrgData, groups: PermissionSetGroups): void {
    const unmodelled = new Map<string, string>();
    UNMODELLED.set(org, unmodelled);
    if (!groups.size) return;
    const setIds = new Map(
        org.db.rows(object(org, 'PermissionSet')).map((r) => [String(r.name).toLowerCase(), r.id as string])
    );
    for (const [name, g] of groups) {
        const groupId = org.db.insertSystemRow('PermissionSetGroup', {
            DeveloperName: name,
            MasterLabel: g.label,
            Description: g.description,
            HasActivationRequired: g.hasActivationRequired,
            Status: g.status
        });
        if (g.mutingPermissionSets.length) unmodelled.set(groupId, `${name}, which has muting permission sets`);
        for (const set of g.permissionSets) {
            const setId = setIds.get(set.toLowerCase());
            if (!setId) {
                unmodelled.set(groupId, `${name}, which includes ${set}, a permission set the project does not hold`);
                continue;
            }
            org.db.insertSystemRow('PermissionSetGroupComponent', {
                PermissionSetGroupId: groupId,
                PermissionSetId: setId
            });
        }
    }
}

/**
 * Checks and effects of DML on the group objects, before the write: an assignment names a permission set or a
 * group, and not an Outdated group [testing]. The returned function, called after the write, marks the groups
 * whose components were added or removed Outdated until they are recalculated.
 */
export function checkPermissionSetGroupDml(
    org: OrgData,
    target: ObjectSchema | undefined,
    op: string,
    records: (SObject | string)[]
): (() => void) | undefined {
    if (target?.name === 'PermissionSetAssignment' && (op === 'insert' || op === 'upsert')) {
        for (const r of records) {
            if (!(r instanceof SObject) || r.get('Id') !== null) continue;
            const groupId = r.get('PermissionSetGroupId') as string | null;
            if (groupId === null && r.get('PermissionSetId') === null)
                throw new ApexUnsupported(
                    'a PermissionSetAssignment with neither PermissionSetId nor PermissionSetGroupId (the platform refuses it; its error is not reproduced)'
                );
            const status = groupId === null ? undefined : org.db.getRow(groupId)?.row.status;
            if (status !== undefined && status !== 'Updated')
                throw new ApexUnsupported(
                    `assigning a permission set group whose Status is ${String(status)} (the platform refuses it; its error is not reproduced)`
                );
        }
    }
    if (target?.name !== 'PermissionSetGroupComponent') return undefined;
    if (op === 'update' || op === 'upsert' || op === 'undelete')
        throw new ApexUnsupported(`${op} of PermissionSetGroupComponent`);
    const groupOf = (r: SObject | string): unknown =>
        typeof r === 'string' ? org.db.getRow(r)?.row.permissionsetgroupid : r.get('PermissionSetGroupId');
    const groups = new Set(records.map(groupOf).filter((g): g is string => typeof g === 'string'));
    return () => {
        for (const g of groups)
            if (org.db.getRow(g) && org.db.getRow(g)?.row.status !== 'Outdated')
                org.db.updateSystemRow(g, { Status: 'Outdated' });
    };
}

/**
 * The permission set Ids a group assignment grants: those of the group's components while the group is Updated
 * [union]. The permissions of a group whose components changed since its calculation, of a group with muting
 * permission sets and of a group including a permission set the project does not hold are loud.
 */
export function permissionSetsOfGroup(org: OrgData, groupId: string): string[] {
    const unmodelled = UNMODELLED.get(org)?.get(groupId);
    if (unmodelled) throw new ApexUnsupported(`the permissions of the permission set group ${unmodelled}`);
    const status = org.db.getRow(groupId)?.row.status;
    if (status !== 'Updated')
        throw new ApexUnsupported(
            `the permissions of a permission set group whose Status is ${String(status)} (not recalculated)`
        );
    return componentIds(org, groupId);
}

/** [testing] Test.calculatePermissionSetGroup: the group's aggregate permissions are calculated now (Updated). */
export function calculatePermissionSetGroup(org: OrgData, groupId: string): void {
    if (org.db.getRow(groupId)?.object.name !== 'PermissionSetGroup')
        throw new ApexUnsupported('Test.calculatePermissionSetGroup with an Id that is not a permission set group');
    org.db.updateSystemRow(groupId, { Status: 'Updated' });
}

/** Whether a query (or a subquery or semi-join in it) of PermissionSetAssignment references PermissionSetId. */
function readsAssignedPermissionSet(query: SoqlQuery): boolean {
    const nested: SoqlQuery[] = [];
    const paths: FieldPath[] = [...query.groupBy, ...query.orderBy.map((o) => o.path)];
    // A select item that names no field (e.g. FIELDS(...)) may read every field.
    let everyField = false;
    for (const item of query.select) {
        if (item.kind === 'subquery') nested.push(item.query);
        else if (item.kind === 'field') paths.push(item.path);
        else if (item.kind === 'aggregate') {
            if (item.path) paths.push(item.path);
        } else everyField = true;
    }
    const walk = (c: Condition): void => {
        if (c.kind === 'and' || c.kind === 'or') c.items.forEach(walk);
        else if (c.kind === 'not') walk(c.item);
        else {
            paths.push(c.path);
            if (c.value.kind === 'semiJoin') nested.push(c.value.query);
        }
    };
    if (query.where) walk(query.where);
    const from = query.from.toLowerCase();
    const isAssignments = from === 'permissionsetassignment' || from === 'permissionsetassignments';
    const named = everyField || paths.some((p) => ['permissionsetid', 'permissionset'].includes(p[0]?.toLowerCase()));
    return (isAssignments && named) || nested.some(readsAssignedPermissionSet);
}

/**
 * A query that reads PermissionSetAssignment.PermissionSetId while a permission set group is assigned: on the
 * platform a group assignment names the group's own aggregate permission set (Object Reference, "PermissionSet":
 * Type Group, PermissionSetGroupId), which apexrt does not model, so the answer would leave it out: loud.
 */
export function checkPermissionSetAssignmentQuery(org: OrgData, query: SoqlQuery): void {
    const incomplete = [...(UNMODELLED.get(org)?.values() ?? [])].find((why) => why.includes('does not hold'));
    if (incomplete && /^permissionsetgroupcomponents?$/i.test(query.from))
        throw new ApexUnsupported(
            `a query of PermissionSetGroupComponent (not every component of the permission set group ${incomplete} is modelled)`
        );
    const assignments = org.schema.getObject('PermissionSetAssignment');
    if (!assignments || !org.db.rows(assignments).some((a) => typeof a.permissionsetgroupid === 'string')) return;
    if (readsAssignedPermissionSet(query))
        throw new ApexUnsupported(
            "PermissionSetAssignment.PermissionSetId of a permission set group assignment (the group's own permission set is not modelled)"
        );
}
