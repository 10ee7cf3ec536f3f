/**
 * Custom permissions through permission sets: the package's permission sets (permissionsets/*.permissionset-meta.xml)
 * are seeded as PermissionSet rows; `FeatureManagement.checkPermission(name)` is true when the running user has a
 * PermissionSetAssignment to a permission set that enables that custom permission (Apex Reference,
 * "FeatureManagement Class"). Profiles and permission set groups are not modelled: a user without assignments
 * has no custom permission.
 *
 * The running user (`db.runningUserId`) is the setup data's System Administrator, or the user of an enclosing
 * `System.runAs(user) { ... }` block in a test (Apex Developer Guide, "Using the runAs Method"): UserInfo.*,
 * FeatureManagement.checkPermission and record ownership follow it. Object and field permissions are modelled for
 * two profiles: System Administrator (every permission) and "Minimum Access - Salesforce", which grants no object
 * permissions — access comes only from assigned permission sets (Salesforce Help, "Minimum Access - Salesforce
 * profile", the profile recommended with permission-set based access). For a Minimum Access user, object
 * permissions and custom-field permissions are the union of the permission sets' objectPermissions and
 * fieldPermissions; standard fields without fieldPermissions are not modelled. For any other profile, access checks
 * (describe isAccessible/isCreateable/isUpdateable/isDeletable, WITH USER_MODE / WITH SECURITY_ENFORCED queries,
 * DML in user mode) are unsupported rather than guessed. Record-level sharing (what with-sharing code sees and
 * writes) is platform/record-visibility.ts, which asks hasObjectPermissionFromSets for View All / Modify All.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { ApexThrow, ApexUnsupported } from '../core/values';
import type { SoqlQuery } from '../data/soql/ast';
import { SObject } from '../data';
import type { OrgData } from '../data';

/** viewAll / modifyAll: the object permissions "View All" and "Modify All" (record sharing bypassed). */
export type ObjectOperation = 'read' | 'create' | 'edit' | 'delete' | 'viewAll' | 'modifyAll';
export type FieldOperation = 'read' | 'edit';

export interface PermissionSetDefinition {
    label: string;
    /** Enabled custom permissions, lower-cased. */
    customPermissions: string[];
    /** Lower-cased object name → granted operations. */
    objects: Map<string, Set<ObjectOperation>>;
    /** Lower-cased `Object.Field` → granted operations. */
    fields: Map<string, Set<FieldOperation>>;
    /** Enabled external credential principals (`ExternalCredential-Principal`), lower-cased. */
    externalCredentialPrincipals: string[];
}

export type PermissionSets = Map<string, PermissionSetDefinition>;

interface RawPermissionSet {
    label?: string;
    customPermissions?: Array<{ name: string; enabled: boolean }>;
    objectPermissions?: Array<Record<string, unknown>>;
    fieldPermissions?: Array<{ field: string; readable?: boolean; editable?: boolean }>;
    externalCredentialPrincipalAccesses?: Array<{ externalCredentialPrincipal: string; enabled: boolean }>;
}

function definition(doc: RawPermissionSet): PermissionSetDefinition {
    const objects = new Map<string, Set<ObjectOperation>>();
    for (const o of doc.objectPermissions ?? []) {
        const ops = new Set<ObjectOperation>();
        if (o.allowRead === true) ops.add('read');
        if (o.allowCreate === true) ops.add('create');
        if (o.allowEdit === true) ops.add('edit');
        if (o.allowDelete === true) ops.add('delete');
        if (o.viewAllRecords === true || o.modifyAllRecords === true) ops.add('viewAll');
        if (o.modifyAllRecords === true) ops.add('modifyAll');
        objects.set(String(o.object).toLowerCase(), ops);
    }
    const fields = new Map<string, Set<FieldOperation>>();
    for (const f of doc.fieldPermissions ?? []) {
        const ops = new Set<FieldOperation>();
        if (f.readable === true || f.editable === true) ops.add('read');
        if (f.editable === true) ops.add('edit');
        fields.set(f.field.toLowerCase(), ops);
    }
    return {
        label: String(doc.label ?? ''),
        customPermissions: (doc.customPermissions ?? [])
            .filter((c) => c.enabled === true)
            .map((c) => c.name.toLowerCase()),
        objects,
        fields,
        externalCredentialPrincipals: (doc.externalCredentialPrincipalAccesses ?? [])
            .filter((a) => a.enabled === true)
            .map((a) => String(a.externalCredentialPrincipal).toLowerCase())
    };
}

/** Permission set name → its custom, object and field permissions (permissionsets/*.permissionset-meta.xml). */
export function readPermissionSets(sourceDir: string): PermissionSets {
    const sets: PermissionSets = new Map();
    const parser = new XMLParser({
        isArray: (name) =>
            [
                'customPermissions',
                'objectPermissions',
                'fieldPermissions',
                'externalCredentialPrincipalAccesses'
            ].includes(name)
    });
    const walk = (dir: string): void => {
        if (!fs.existsSync(dir)) return;
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) walk(full);
            else if (entry.name.endsWith('.permissionset-meta.xml')) {
                const doc = parser.parse(fs.readFileSync(full, 'utf8')) as { PermissionSet?: RawPermissionSet };
                sets.set(entry.name.replace('.permissionset-meta.xml', ''), definition(doc.PermissionSet ?? {}));
            }
        }
    };
    walk(sourceDir);
    return sets;
}

/** The permission sets of each org (seeded with it), for the access checks. */
const ORG_SETS = new WeakMap<OrgData, PermissionSets>();

export function seedPermissionSets(org: OrgData, sets: PermissionSets): void {
    ORG_SETS.set(org, sets);
    for (const [name, set] of sets) org.db.insertSystemRow('PermissionSet', { Name: name, Label: set.label });
}

/** The permission sets assigned to a user (the running user by default). */
function assignedSets(org: OrgData, sets: PermissionSets, userId = runningUserId(org)): PermissionSetDefinition[] {
    const psObject = org.schema.getObject('PermissionSet')!;
    const names = new Map(org.db.rows(psObject).map((r) => [r.id as string, r.name as string]));
    return org.db
        .rows(org.schema.getObject('PermissionSetAssignment')!)
        .filter((a) => a.assigneeid === userId)
        .map((a) =>
            withGrantedRows(org, a.permissionsetid as string, sets.get(names.get(a.permissionsetid as string) ?? ''))
        )
        .filter((d): d is PermissionSetDefinition => d !== undefined);
}

/**
 * A permission set's definition with the ObjectPermissions and FieldPermissions rows Apex inserted for it
 * (Object Reference, "ObjectPermissions": PermissionsCreate/Read/Edit/Delete of SobjectType for ParentId;
 * "FieldPermissions": PermissionsRead/Edit of Field, `Object.Field`). A set with neither metadata nor rows is none.
 */
function withGrantedRows(
    org: OrgData,
    permissionSetId: string,
    base: PermissionSetDefinition | undefined
): PermissionSetDefinition | undefined {
    const rowsOf = (object: string) => {
        const schema = org.schema.getObject(object);
        return schema ? org.db.rows(schema).filter((r) => r.parentid === permissionSetId) : [];
    };
    const objectRows = rowsOf('ObjectPermissions');
    const fieldRows = rowsOf('FieldPermissions');
    if (!objectRows.length && !fieldRows.length) return base;
    const objects = new Map([...(base?.objects ?? [])].map(([k, v]) => [k, new Set(v)]));
    const fields = new Map([...(base?.fields ?? [])].map(([k, v]) => [k, new Set(v)]));
    const grant = <T>(map: Map<string, Set<T>>, key: string, op: T, on: unknown): void => {
        if (on !== true) return;
        const ops = map.get(key) ?? new Set<T>();
        ops.add(op);
        map.set(key, ops);
    };
    for (const r of objectRows) {
        const key = String(r.sobjecttype).toLowerCase();
        grant<ObjectOperation>(objects, key, 'read', r.permissionsread);
        grant<ObjectOperation>(objects, key, 'create', r.permissionscreate);
        grant<ObjectOperation>(objects, key, 'edit', r.permissionsedit);
        grant<ObjectOperation>(objects, key, 'delete', r.permissionsdelete);
        grant<ObjectOperation>(
            objects,
            key,
            'viewAll',
            r.permissionsviewallrecords === true || r.permissionsmodifyallrecords === true
        );
        grant<ObjectOperation>(objects, key, 'modifyAll', r.permissionsmodifyallrecords);
    }
    for (const r of fieldRows) {
        const key = String(r.field).toLowerCase();
        grant<FieldOperation>(fields, key, 'read', r.permissionsread === true || r.permissionsedit === true);
        grant<FieldOperation>(fields, key, 'edit', r.permissionsedit);
    }
    return {
        label: base?.label ?? '',
        customPermissions: base?.customPermissions ?? [],
        objects,
        fields,
        externalCredentialPrincipals: base?.externalCredentialPrincipals ?? []
    };
}

/**
 * Whether the running user may make callouts through an external credential: one of its principals is enabled in
 * a permission set assigned to the user (Salesforce Help, "Enable External Credential Principals": "At run time,
 * Salesforce ensures that the user has the permission set before accessing the remote system." —
 * https://help.salesforce.com/s/articleView?id=xcloud.nc_enable_ext_cred_principal.htm). Principal access granted
 * through profiles is not modelled (no profile here grants it).
 */
export function hasPrincipalAccess(org: OrgData, externalCredential: string): boolean {
    const prefix = `${externalCredential.toLowerCase()}-`;
    return assignedSets(org, ORG_SETS.get(org) ?? new Map()).some((d) =>
        d.externalCredentialPrincipals.some((p) => p.startsWith(prefix))
    );
}

/**
 * Whether one of the permission sets assigned to a user grants an object permission (profiles aside: the record
 * visibility model asks for View All / Modify All, which only the System Administrator profile has among the
 * profiles apexrt seeds).
 */
export function hasObjectPermissionFromSets(
    org: OrgData,
    userId: string,
    object: string,
    op: ObjectOperation
): boolean {
    return assignedSets(org, ORG_SETS.get(org) ?? new Map(), userId).some(
        (d) => d.objects.get(object.toLowerCase())?.has(op) === true
    );
}

/** The running user's Username (messages). */
export function runningUsername(org: OrgData): string {
    return String(org.db.getRow(runningUserId(org))?.row.username);
}

export function hasCustomPermission(org: OrgData, sets: PermissionSets, permission: string): boolean {
    return assignedSets(org, sets).some((d) => d.customPermissions.includes(permission.toLowerCase()));
}

function runningUserId(org: OrgData): string {
    return org.db.runningUserId ?? org.setup.runningUserId;
}

/**
 * The running user's permission sets when its profile grants nothing by itself (Minimum Access - Salesforce),
 * undefined for a System Administrator (every permission); other profiles are not modelled (see the header).
 */
function permissionSetOnlyAccess(org: OrgData, what: string): PermissionSetDefinition[] | undefined {
    const profileId = org.db.getRow(runningUserId(org))?.row.profileid;
    if (profileId === org.setup.adminProfileId) return undefined;
    if (profileId === org.setup.minimumAccessProfileId) return assignedSets(org, ORG_SETS.get(org) ?? new Map());
    throw new ApexUnsupported(
        `${what} for a running user whose profile is neither System Administrator nor Minimum Access - Salesforce (profile permissions are not modelled)`
    );
}

/** Whether the running user has an object permission. */
export function canAccessObject(org: OrgData, object: string, op: ObjectOperation, what: string): boolean {
    const sets = permissionSetOnlyAccess(org, what);
    return !sets || sets.some((d) => d.objects.get(object.toLowerCase())?.has(op) === true);
}

/** Whether the running user has a field permission (and the object's read permission). */
export function canAccessField(org: OrgData, object: string, field: string, op: FieldOperation, what: string): boolean {
    const sets = permissionSetOnlyAccess(org, what);
    if (!sets) return true;
    if (!canAccessObject(org, object, 'read', what)) return false;
    if (field.toLowerCase() === 'id') return true;
    const key = `${object}.${field}`.toLowerCase();
    if (!/__c$/i.test(field) && sets.some((d) => d.fields.get(key)?.has(op) === true)) return true;
    if (!/__c$/i.test(field))
        throw new ApexUnsupported(`${what}: permissions of the standard field ${object}.${field} are not modelled`);
    return sets.some((d) => d.fields.get(`${object}.${field}`.toLowerCase())?.has(op) === true);
}

/** Guards an access check whose failure apexrt does not reproduce: only users with full access pass. */
export function requireModelledAccess(org: OrgData, what: string): void {
    if (permissionSetOnlyAccess(org, what))
        throw new ApexUnsupported(`${what} for a permission-set-only user (the platform's failure is not reproduced)`);
}

/**
 * `System.runAs(user) { ... }`: makes `user` the running user and returns how to switch back (the caller does so
 * when the block ends, also on an exception). The user must be an existing User row; runAs with a User that was
 * never inserted, or with a package Version, is not reproduced.
 */
export function switchRunningUser(org: OrgData, user: unknown): () => void {
    if (!(user instanceof SObject) || user.schema.name !== 'User')
        throw new ApexUnsupported('System.runAs with an argument that is not a User');
    const id = user.id;
    if (!id || !org.db.getRow(id)) throw new ApexUnsupported('System.runAs with a User that is not inserted');
    const previous = org.db.runningUserId;
    org.db.runningUserId = id;
    return () => {
        org.db.runningUserId = previous;
    };
}

/**
 * WITH USER_MODE / WITH SECURITY_ENFORCED: the FROM object and the selected fields must be readable by the running
 * user, otherwise System.QueryException (the exception type is documented: Apex Developer Guide, "Enforce User Mode
 * for Database Operations" and "Filter SOQL Queries Using WITH SECURITY_ENFORCED"; the messages are INFERRED from
 * widely reported platform output). For a permission-set-only user, relationship fields, subqueries, aggregates
 * and filter or sort fields are not checked by apexrt and fail loudly.
 */
export function checkQueryAccess(org: OrgData, query: SoqlQuery): void {
    const what = `WITH ${query.securityMode}`;
    const object = org.schema.getObject(query.from)?.name ?? query.from;
    if (!canAccessObject(org, object, 'read', what))
        throw new ApexThrow('System.QueryException', `sObject type '${object}' is not supported.`);
    const simple = query.select.every((item) => item.kind === 'field' && item.path.length === 1);
    if (!simple || query.where || query.orderBy.length || query.groupBy.length)
        requireModelledAccess(org, `${what} with relationship fields, subqueries, aggregates, filters or sorting`);
    for (const item of query.select) {
        if (item.kind !== 'field' || item.path.length !== 1) continue;
        const field = org.schema.getField(org.schema.getObject(object)!, item.path[0])?.name ?? item.path[0];
        if (!canAccessField(org, object, field, 'read', what))
            throw new ApexThrow('System.QueryException', `No such column '${field}' on entity '${object}'.`);
    }
}
