/**
 * Custom permissions through permission sets: the package's permission sets (permissionsets/*.permissionset-meta.xml)
 * are seeded as PermissionSet rows; `FeatureManagement.checkPermission(name)` is true when the running user has a
 * PermissionSetAssignment to a permission set that enables that custom permission (Apex Reference,
 * "FeatureManagement Class"). Profiles and permission set groups are not modelled: a user without assignments
 * has no custom permission.
 *
 * The running user (`db.runningUserId`) is the setup data's System Administrator, or the user of an enclosing
 * `System.runAs(user) { ... }` block in a test (Apex Developer Guide, "Using the runAs Method"): UserInfo.*,
 * FeatureManagement.checkPermission and record ownership follow it. Object and field permissions are only modelled
 * for a System Administrator (who has them all): for any other running user, access checks (describe
 * isAccessible/isCreateable/isUpdateable/isDeletable, WITH USER_MODE / WITH SECURITY_ENFORCED queries, DML in
 * user mode) are unsupported rather than guessed. Record-level sharing (org-wide defaults, sharing rules, role
 * hierarchy, `with sharing`) is not modelled at all: every user sees every record, inside runAs too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { ApexUnsupported } from '../core/values';
import { SObject } from '../data';
import type { OrgData } from '../data';

/** Permission set name → enabled custom permissions. */
export function readPermissionSets(sourceDir: string): Map<string, { label: string; customPermissions: string[] }> {
    const sets = new Map<string, { label: string; customPermissions: string[] }>();
    const parser = new XMLParser({ isArray: (name) => name === 'customPermissions' });
    const walk = (dir: string): void => {
        if (!fs.existsSync(dir)) return;
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) walk(full);
            else if (entry.name.endsWith('.permissionset-meta.xml')) {
                const doc = parser.parse(fs.readFileSync(full, 'utf8')) as {
                    PermissionSet?: { label?: string; customPermissions?: Array<{ name: string; enabled: boolean }> };
                };
                sets.set(entry.name.replace('.permissionset-meta.xml', ''), {
                    label: String(doc.PermissionSet?.label ?? ''),
                    customPermissions: (doc.PermissionSet?.customPermissions ?? [])
                        .filter((c) => c.enabled === true)
                        .map((c) => c.name.toLowerCase())
                });
            }
        }
    };
    walk(sourceDir);
    return sets;
}

export function seedPermissionSets(
    org: OrgData,
    sets: Map<string, { label: string; customPermissions: string[] }>
): void {
    for (const [name, set] of sets) org.db.insertSystemRow('PermissionSet', { Name: name, Label: set.label });
}

export function hasCustomPermission(
    org: OrgData,
    sets: Map<string, { label: string; customPermissions: string[] }>,
    permission: string
): boolean {
    const userId = org.db.runningUserId ?? org.setup.runningUserId;
    const psObject = org.schema.getObject('PermissionSet')!;
    const names = new Map(org.db.rows(psObject).map((r) => [r.id as string, r.name as string]));
    return org.db
        .rows(org.schema.getObject('PermissionSetAssignment')!)
        .filter((a) => a.assigneeid === userId)
        .some((a) =>
            sets.get(names.get(a.permissionsetid as string) ?? '')?.customPermissions.includes(permission.toLowerCase())
        );
}

function runningUserId(org: OrgData): string {
    return org.db.runningUserId ?? org.setup.runningUserId;
}

/** Whether the running user's profile is the System Administrator profile (all object and field permissions). */
function runningUserIsAdmin(org: OrgData): boolean {
    const user = org.db.getRow(runningUserId(org))?.row;
    return user?.profileid === org.setup.adminProfileId;
}

/** Guards an access check apexrt can only answer for a System Administrator (see the header). */
export function requireModelledAccess(org: OrgData, what: string): void {
    if (!runningUserIsAdmin(org))
        throw new ApexUnsupported(
            `${what} for a running user who is not a System Administrator (object and field permissions of profiles and permission sets are not modelled)`
        );
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
