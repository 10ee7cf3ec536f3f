/**
 * Custom permissions through permission sets: the package's permission sets (permissionsets/*.permissionset-meta.xml)
 * are seeded as PermissionSet rows; `FeatureManagement.checkPermission(name)` is true when the running user has a
 * PermissionSetAssignment to a permission set that enables that custom permission (Apex Reference,
 * "FeatureManagement Class"). Profiles and permission set groups are not modelled: a user without assignments
 * has no custom permission.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
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
