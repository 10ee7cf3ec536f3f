/**
 * Security checks of the package:
 * - PMD security rules (the check:apex gate's PMD part) over force-app: the number of violations;
 * - the webhook guest's permission set grants no object or field access (only publishing the Referral_Sync__e
 *   platform event) and no class but the webhook, read from its XML and from the runtime's permission model;
 * - CRUD/FLS in every @AuraEnabled controller: statically, each controller is `with sharing` and every query
 *   and DML statement in it runs in user mode (system mode only behind the admin check); dynamically, on the
 *   local org, a user without the package's permission set calling any setup action gets the clear "no access"
 *   error and changes nothing. (apexrt models permission sets for custom permissions only — no profiles, no
 *   object or field permissions, System.runAs unsupported — so user-mode enforcement itself is not executed.)
 * - no secret in records or output: bearer tokens, the webhook path secret and webhook signatures must not appear
 *   in any record (Sync_Log__c, Opportunity, …) or in the log and console lines given.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { checkApexPmd } from '../../scripts/gates/apex-pmd';
import { packageDirectories } from '../../scripts/gates/project-files';
import { readPermissionSets, hasAnnotation } from '../apexrt';
import { AuraCallError, invokeAuraEnabled } from '../local-org/aura-enabled';
import type { LocalOrg } from '../local-org/local-org';

export const ROOT = path.resolve(__dirname, '..', '..');
const SOURCE = path.join(ROOT, 'force-app', 'main', 'default');
const GUEST_SET = 'CoSell_Webhook_Guest';
const WEBHOOK_CLASS = 'PartnerCenterWebhook';

export async function pmdViolations(): Promise<string[]> {
    const findings = await checkApexPmd(ROOT, packageDirectories(ROOT));
    return findings.map((f) => `${f.file}:${f.line} ${f.message}`);
}

/** What the guest permission set grants beyond the webhook class and publishing its platform event. */
export function guestPermissionFindings(): string[] {
    const file = path.join(SOURCE, 'permissionsets', `${GUEST_SET}.permissionset-meta.xml`);
    const always = new Set(['objectPermissions', 'fieldPermissions', 'classAccesses', 'userPermissions']);
    const doc = new XMLParser({ isArray: (name) => always.has(name) || name.endsWith('Accesses') }).parse(
        fs.readFileSync(file, 'utf8')
    ) as { PermissionSet: Record<string, unknown> };
    const set = doc.PermissionSet;
    const findings: string[] = [];
    for (const p of (set.objectPermissions ?? []) as Array<Record<string, unknown>>) {
        const object = String(p.object);
        const grants = ['allowRead', 'allowCreate', 'allowEdit', 'allowDelete', 'viewAllRecords', 'modifyAllRecords']
            .filter((k) => p[k] === true)
            .join(', ');
        // Publishing a platform event needs Create (and Read) on it; that is not access to any record.
        const eventPublish = object.endsWith('__e') && p.allowEdit !== true && p.allowDelete !== true;
        if (!eventPublish || p.viewAllRecords === true || p.modifyAllRecords === true)
            findings.push(`object ${object}: ${grants}`);
    }
    for (const p of (set.fieldPermissions ?? []) as Array<Record<string, unknown>>)
        if (p.readable === true || p.editable === true) findings.push(`field ${String(p.field)}`);
    for (const p of (set.userPermissions ?? []) as Array<Record<string, unknown>>)
        if (p.enabled === true) findings.push(`user permission ${String(p.name)}`);
    for (const p of (set.classAccesses ?? []) as Array<Record<string, unknown>>)
        if (p.enabled === true && p.apexClass !== WEBHOOK_CLASS) findings.push(`class ${String(p.apexClass)}`);
    for (const key of Object.keys(set))
        if (/Accesses$|tabSettings|recordTypeVisibilities|customPermissions|customMetadataTypeAccesses/.test(key))
            if (key !== 'classAccesses') findings.push(`${key} granted`);
    // The runtime's permission model: the guest set enables no custom permission.
    const runtime = readPermissionSets(SOURCE).get(GUEST_SET);
    if (!runtime) findings.push('the runtime does not know the guest permission set');
    else if (runtime.customPermissions.length) findings.push(`custom permissions ${runtime.customPermissions}`);
    return findings;
}

/** Static CRUD/FLS check of every class with @AuraEnabled methods. */
export function controllerAccessFindings(): { controllers: string[]; auraMethods: number; findings: string[] } {
    const dir = path.join(SOURCE, 'classes');
    const result = { controllers: [] as string[], auraMethods: 0, findings: [] as string[] };
    // The classes are grouped in feature folders (classes/<feature>/Name.cls): every .cls at any depth, by name.
    const files = (fs.readdirSync(dir, { recursive: true }) as string[])
        .filter((f) => f.endsWith('.cls'))
        .map((f) => ({ name: path.basename(f), file: path.join(dir, f) }))
        .sort((a, b) => a.name.localeCompare(b.name));
    for (const { name, file } of files) {
        const checked = checkControllerSource(name, fs.readFileSync(file, 'utf8'));
        if (checked.auraMethods === 0) continue;
        result.controllers.push(name.replace('.cls', ''));
        result.auraMethods += checked.auraMethods;
        result.findings.push(...checked.findings);
    }
    return result;
}

/**
 * One class: `with sharing`; every query WITH USER_MODE (or SECURITY_ENFORCED); every Database DML call with
 * AccessLevel.USER_MODE, or SYSTEM_MODE after the admin permission check in the same method; no DML statements.
 */
export function checkControllerSource(name: string, source: string): { auraMethods: number; findings: string[] } {
    const auraMethods = (source.match(/@AuraEnabled(\([^)]*\))?\s+(public|global)\s+static\s/g) ?? []).length;
    const findings: string[] = [];
    if (auraMethods === 0) return { auraMethods, findings };
    const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    if (!/\bwith sharing\s+class\b/.test(code)) findings.push(`${name}: not "with sharing"`);
    for (const soql of code.match(/\[\s*SELECT\b[^\]]*\]/gi) ?? [])
        if (!/WITH\s+(USER_MODE|SECURITY_ENFORCED)/i.test(soql))
            findings.push(`${name}: query without user mode: ${soql.replace(/\s+/g, ' ').slice(0, 80)}`);
    for (const m of code.matchAll(/Database\.(insert|update|upsert|delete|undelete)\s*\(/gi)) {
        const call = callText(code, m.index + m[0].length - 1);
        if (/AccessLevel\.USER_MODE/.test(call)) continue;
        if (/AccessLevel\.SYSTEM_MODE/.test(call) && adminCheckedBefore(code, m.index)) continue;
        findings.push(`${name}: ${m[0]}…) not in user mode`);
    }
    for (const m of code.matchAll(/^\s*(insert|update|upsert|delete|undelete)\s+[\w(]/gim))
        findings.push(`${name}: DML statement "${m[0].trim()}…" runs in system mode`);
    return { auraMethods, findings };
}

/** The argument list of the call whose "(" is at `open`. */
function callText(code: string, open: number): string {
    let depth = 0;
    for (let i = open; i < code.length; i++) {
        if (code[i] === '(') depth++;
        else if (code[i] === ')' && --depth === 0) return code.slice(open, i + 1);
    }
    return code.slice(open);
}

/** A system-mode write is allowed in a method that checked the admin permission before it. */
function adminCheckedBefore(code: string, index: number): boolean {
    let methodStart = -1;
    for (const m of code.slice(0, index).matchAll(/\b(public|private|protected|global)\s+static\b/g))
        methodStart = m.index;
    return (
        methodStart >= 0 && /requireAdmin\(\)|FeatureManagement\.checkPermission/.test(code.slice(methodStart, index))
    );
}

export interface NoAccessReport {
    methods: number;
    refusedClearly: number;
    problems: string[];
}

/** Calls every @AuraEnabled method of the setup controller as a user without the package's permission sets. */
export function setupActionsWithoutPermission(org: LocalOrg): NoAccessReport {
    const db = org.data.org.db;
    const setup = org.data.org.setup;
    const userId = db.insertSystemRow('User', {
        LastName: 'Without Co-Sell',
        Username: `nocosell${Date.now()}@apexrt.local`,
        Email: 'nocosell@apexrt.local',
        Alias: 'nocosell',
        ProfileId: setup.standardProfileId,
        IsActive: true,
        TimeZoneSidKey: 'America/Los_Angeles',
        LocaleSidKey: 'en_US',
        LanguageLocaleKey: 'en_US',
        EmailEncodingKey: 'UTF-8',
        UserType: 'Standard'
    });
    const label = /<fullName>CoSell_Error_No_Access<\/fullName>[\s\S]*?<value>([^<]*)<\/value>/.exec(
        fs.readFileSync(path.join(SOURCE, 'labels', 'CustomLabels.labels-meta.xml'), 'utf8')
    )![1];
    const cls = org.project.registry.lookupClass(['CoSellSetupController'])!;
    const names = [...cls.methods.values()]
        .flat()
        .filter((m) => m.isStatic && hasAnnotation(m, 'AuraEnabled'))
        .map((m) => m.name);
    const report: NoAccessReport = { methods: names.length, refusedClearly: 0, problems: [] };
    const previous = db.runningUserId;
    try {
        db.runningUserId = userId;
        for (const name of names) {
            const before = allRows(org);
            try {
                invokeAuraEnabled(org, 'CoSellSetupController', name, {});
                report.problems.push(`${name}: allowed without the permission set`);
            } catch (e) {
                if (e instanceof AuraCallError && e.message === label) report.refusedClearly++;
                else report.problems.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
            }
            if (allRows(org) !== before) report.problems.push(`${name}: changed data`);
        }
    } finally {
        db.runningUserId = previous;
    }
    return report;
}

/** Every stored record (not platform events), as text: a call that changes data changes this. */
function allRows(org: LocalOrg): string {
    return JSON.stringify(
        org.project.schema
            .allObjects()
            .filter((o) => o.kind !== 'platformEvent')
            .map((o) => org.data.org.db.rows(o))
    );
}

export interface SecretScan {
    secrets: number;
    textsScanned: number;
    recordsScanned: number;
    leaks: string[];
}

const PATTERNS: Array<[string, RegExp]> = [
    ['bearer token', /Bearer\s+[A-Za-z0-9._~+/=-]{16,}/i],
    ['webhook signature', /Signature\s+[A-Za-z0-9+/=]{40,}/],
    ['access token field', /"access_token"\s*:/]
];

/**
 * Looks for the given secrets and for token/signature shapes in every record of the org (except the protected
 * setting that stores the webhook secret) and in the given lines.
 */
export function scanForSecrets(org: LocalOrg, secrets: string[], lines: string[]): SecretScan {
    const db = org.data.org.db;
    const known = secrets.filter((s) => s && s.length >= 12);
    const report: SecretScan = { secrets: known.length, textsScanned: lines.length, recordsScanned: 0, leaks: [] };
    const check = (where: string, text: string): void => {
        for (const s of known) if (text.includes(s)) report.leaks.push(`${where}: a secret (${s.slice(0, 4)}…)`);
        for (const [what, re] of PATTERNS) if (re.test(text)) report.leaks.push(`${where}: ${what}`);
    };
    for (const object of org.project.schema.allObjects()) {
        if (object.name === 'Co_Sell_State__c') continue;
        for (const row of db.rows(object)) {
            report.recordsScanned++;
            for (const [field, value] of Object.entries(row))
                if (typeof value === 'string' && value.length >= 12)
                    check(`${object.name}.${field} ${String(row.id)}`, value);
        }
    }
    lines.forEach((line, i) => check(`output line ${i + 1}`, line));
    return report;
}

/** The webhook path secret the org stores (protected custom setting). */
export function webhookSecret(org: LocalOrg): string {
    const object = org.project.schema.getObject('Co_Sell_State__c')!;
    const row = org.data.org.db.rows(object).find((r) => r.webhook_path_secret__c);
    return String(row?.webhook_path_secret__c ?? '');
}
