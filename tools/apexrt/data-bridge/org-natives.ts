/**
 * Org-level facts Apex reads: `System.Label.X` (custom labels from the source dir's labels/*.labels-meta.xml,
 * in the default language), `UserInfo` (the running user and organisation from the in-memory org's setup rows)
 * and `FeatureManagement.checkPermission` (custom permissions through permission set assignments, permissions.ts).
 * Sources: Apex Reference "UserInfo Class", "System.Label"; Metadata API "CustomLabels".
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { ApexUnsupported } from '../core/values';
import type { RunContext } from '../interpreter/context';
import type { NativeLibrary } from '../interpreter/native-library';
import { OrgDataLayer } from './org-data-layer';
import { hasCustomPermission, PermissionSets } from './permissions';

/** Reads every custom label (fullName → value) under a source dir. */
export function readLabels(sourceDir: string): Map<string, string> {
    const labels = new Map<string, string>();
    const parser = new XMLParser({ isArray: (name) => name === 'labels' });
    const walk = (dir: string): void => {
        if (!fs.existsSync(dir)) return;
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) walk(full);
            else if (entry.name.endsWith('.labels-meta.xml')) {
                const doc = parser.parse(fs.readFileSync(full, 'utf8')) as {
                    CustomLabels?: { labels?: Array<{ fullName: string; value: unknown }> };
                };
                for (const l of doc.CustomLabels?.labels ?? []) labels.set(l.fullName.toLowerCase(), String(l.value));
            }
        }
    };
    walk(sourceDir);
    return labels;
}

function userInfo(run: RunContext, method: string): unknown {
    if (!(run.data instanceof OrgDataLayer)) throw new ApexUnsupported(`UserInfo.${method} without the data layer`);
    const { db, setup, schema } = run.data.org;
    const userId = db.runningUserId ?? setup.runningUserId;
    const user = db.getRow(userId)?.row ?? {};
    const org = db.getRow(setup.organizationId)?.row ?? {};
    switch (method.toLowerCase()) {
        case 'getuserid':
            return userId;
        case 'getorganizationid':
            return setup.organizationId;
        case 'getorganizationname':
            return org.name ?? null;
        case 'getusername':
            return user.username ?? null;
        case 'getusertype':
            // The User's UserType: 'Standard', 'AutomatedProcess', ... (Apex Reference, UserInfo.getUserType).
            return user.usertype ?? null;
        case 'getuseremail':
            return user.email ?? null;
        case 'getfirstname':
            return user.firstname ?? null;
        case 'getlastname':
            return user.lastname ?? null;
        case 'getname':
            return [user.firstname, user.lastname].filter(Boolean).join(' ');
        case 'getprofileid':
            return user.profileid ?? null;
        case 'getdefaultcurrency':
            // Single-currency orgs (apexrt's default, like a new org): the corporate currency. apexrt's org is
            // created in USD (INFERRED default of a Developer Edition org in the en_US locale).
            if (schema.options.multiCurrency)
                throw new ApexUnsupported('UserInfo.getDefaultCurrency in multi-currency');
            return 'USD';
        case 'getlanguage':
            return user.languagelocalekey ?? null;
        case 'getlocale':
            return user.localesidkey ?? null;
        case 'ismulticurrencyorganization':
            return schema.options.multiCurrency === true;
        default:
            return undefined;
    }
}

export function orgNatives(labels: Map<string, string>, permissionSets: PermissionSets = new Map()): NativeLibrary {
    return {
        typeName: (name) => (name.toLowerCase() === 'featuremanagement' ? 'FeatureManagement' : undefined),
        callStatic: (run, typeName, method, args) => {
            const t = typeName.toLowerCase().replace(/^system\./, '');
            if (t === 'label' && method.startsWith('<get>')) {
                const name = method.slice('<get>'.length);
                const value = labels.get(name.toLowerCase());
                // The platform rejects an unknown label at compile time.
                if (value === undefined) throw new ApexUnsupported(`unknown custom label ${name}`);
                return { value };
            }
            if (t === 'userinfo') {
                const value = userInfo(run, method);
                return value === undefined ? undefined : { value };
            }
            if (t === 'featuremanagement' && method.toLowerCase() === 'checkpermission') {
                if (!(run.data instanceof OrgDataLayer))
                    throw new ApexUnsupported('FeatureManagement without the data layer');
                return { value: hasCustomPermission(run.data.org, permissionSets, String(args[0])) };
            }
            if (t === 'featuremanagement') throw new ApexUnsupported(`FeatureManagement.${method}`);
            return undefined;
        },
        callInstance: () => undefined
    };
}
