/**
 * npm run org:check -- --target-org <alias> [options]: the first-contact script for the day a real org is
 * reachable (a scratch org with namespace cosell, or a sandbox). Each step checks one thing the local ground can
 * only model, and prints pass/fail with what the org answered, verbatim:
 *
 *   org          the org answers (`sf org display`)
 *   deploy       builds the components (as npm run deploy), then `sf project deploy start --test-level
 *                RunLocalTests`: the metadata deploys and every Apex test passes on the platform
 *   permsets     CoSell_Admin to the CLI user, CoSell_Integration to the integration user
 *   subscriber   a PlatformEventSubscriberConfig for the sync trigger (integration user, batch size 200), then
 *                the setup page's integration check: one real callout as that user, its message verbatim
 *   events       2,100 outbound events in one publish (more than a 2,000-event trigger batch): no failed job,
 *                the trigger's subscriber not in error
 *   webhook      signed webhook POSTs to the Site, once with Authorization and once with x-ms-signature: the
 *                package (not the platform) answers and sees the signature
 *   long-name    an opportunity with a 120-character name is shared and synced without STRING_TOO_LONG
 *
 * Without a reachable org it says so and exits 2; any failed step exits 1. Salesforce is reached through the
 * `sf` CLI (deploy, permission sets, anonymous Apex) and ts-force (queries). See docs/developer-guide.md.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Rest, setDefaultConfig } from 'ts-force';
import { loadTestSigningMaterial, signatureHeaders } from '../tools/partner-center/emulator/webhooks/signing';
import { NamespaceTranslator, packageNames, useNamespace } from './e2e/namespace';
import { formatFinding } from './gates/finding';
import { preflight, sfArguments } from './package-build';

const ROOT = path.resolve(__dirname, '..');
/** Microsoft's certificate URL (the package only fetches certificates from Microsoft's host). */
const MICROSOFT_CERTIFICATE_URL =
    'https://3psostorageacct.blob.core.windows.net/cert/pcnotifications-dispatch.microsoft.com.cer';

export const STEP_NAMES = ['org', 'deploy', 'permsets', 'subscriber', 'events', 'webhook', 'long-name'] as const;
export type StepName = (typeof STEP_NAMES)[number];

export interface Options {
    targetOrg?: string;
    integrationUser?: string;
    webhookUrl?: string;
    events: number;
    batchSize: number;
    trigger: string;
    /** The package's namespace in the org ('' for none): ts-force adds it to the package's API names. */
    namespace: string;
    only?: StepName[];
    skip: StepName[];
    help: boolean;
}

export class UsageError extends Error {}

function stepList(value: string | undefined, flag: string): StepName[] {
    if (!value) throw new UsageError(`${flag} needs a comma-separated list of steps`);
    const names = value.split(',').map((s) => s.trim());
    const unknown = names.filter((n) => !(STEP_NAMES as readonly string[]).includes(n));
    if (unknown.length) throw new UsageError(`unknown step(s) for ${flag}: ${unknown.join(', ')}`);
    return names as StepName[];
}

function positiveInt(value: string | undefined, flag: string, max: number): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`${flag} needs a whole number from 1 to ${max}`);
    return n;
}

/** Reads the command line; the target org may also come from SF_TARGET_ORG. */
export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): Options {
    const options: Options = {
        targetOrg: env.SF_TARGET_ORG || undefined,
        events: 2100,
        batchSize: 200,
        trigger: 'ReferralSyncTrigger',
        namespace: env.SF_NAMESPACE ?? 'cosell',
        skip: [],
        help: false
    };
    for (let i = 0; i < argv.length; i++) {
        const flag = argv[i];
        const value = (): string | undefined => argv[++i];
        switch (flag) {
            case '--target-org':
            case '-o':
                options.targetOrg = value();
                break;
            case '--integration-user':
                options.integrationUser = value();
                break;
            case '--webhook-url':
                options.webhookUrl = value();
                break;
            case '--events':
                options.events = positiveInt(value(), flag, 10000);
                break;
            case '--batch-size':
                options.batchSize = positiveInt(value(), flag, 2000);
                break;
            case '--trigger':
                options.trigger = value() ?? options.trigger;
                break;
            case '--namespace':
                options.namespace = value() ?? '';
                break;
            case '--only':
                options.only = stepList(value(), flag);
                break;
            case '--skip':
                options.skip = stepList(value(), flag);
                break;
            case '--help':
            case '-h':
                options.help = true;
                break;
            default:
                throw new UsageError(`unknown option ${flag}`);
        }
    }
    if (
        options.webhookUrl &&
        !/^https:\/\/.+\/services\/apexrest\/.+\/partnercenter\/webhook\/.+/.test(options.webhookUrl)
    )
        throw new UsageError('--webhook-url must be the https webhook address the setup page shows');
    return options;
}

export interface PlannedStep {
    name: StepName;
    /** Why the step does not run (a missing option, --skip, --only). */
    skipped?: string;
}

/** Which steps run, in order, and why the others do not. `org` always runs: every other step needs it. */
export function planSteps(options: Options): PlannedStep[] {
    return STEP_NAMES.map((name): PlannedStep => {
        if (name === 'org') return { name };
        if (options.only && !options.only.includes(name)) return { name, skipped: 'not in --only' };
        if (options.skip.includes(name)) return { name, skipped: '--skip' };
        if ((name === 'subscriber' || name === 'permsets') && !options.integrationUser)
            return { name, skipped: 'needs --integration-user <username>' };
        if (name === 'webhook' && !options.webhookUrl) return { name, skipped: 'needs --webhook-url <address>' };
        return { name };
    });
}

/** The PlatformEventSubscriberConfig that makes the sync trigger run as the integration user. */
export function subscriberConfigXml(trigger: string, username: string, batchSize: number): string {
    const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<PlatformEventSubscriberConfig xmlns="http://soap.sforce.com/2006/04/metadata">',
        `    <batchSize>${batchSize}</batchSize>`,
        `    <masterLabel>${escape(trigger)}Config</masterLabel>`,
        `    <platformEventConsumer>${escape(trigger)}</platformEventConsumer>`,
        `    <user>${escape(username)}</user>`,
        '</PlatformEventSubscriberConfig>',
        ''
    ].join('\n');
}

/** Anonymous Apex that publishes `count` outbound events in one call, for opportunities it creates (sync off). */
export function publishEventsApex(count: number, marker: string): string {
    return [
        `List<Opportunity> deals = new List<Opportunity>();`,
        `for (Integer i = 0; i < ${count}; i++) {`,
        `    deals.add(new Opportunity(Name = '${marker} ' + i, StageName = 'Prospecting', CloseDate = Date.today().addDays(30)));`,
        `}`,
        `insert deals;`,
        `List<Referral_Sync__e> events = new List<Referral_Sync__e>();`,
        `for (Opportunity o : deals) {`,
        `    events.add(ReferralSyncPublisher.event(ReferralSyncPublisher.OUTBOUND, o.Id, null, 'org-check', 1));`,
        `}`,
        `EventBus.publish(events);`,
        `System.debug('published ' + events.size());`
    ].join('\n');
}

/**
 * Anonymous Apex that shares an opportunity named with exactly 120 characters; it asks Microsoft for no help and is
 * not visible to Microsoft, so the co-sell rules need no solution or contact (CoSellRules).
 */
export function longNameApex(marker: string): string {
    const name = `${marker} `.padEnd(120, 'x');
    return [
        `Account a = new Account(Name = '${marker} customer', BillingCountry = 'US', BillingPostalCode = '98004');`,
        `insert a;`,
        `Opportunity o = new Opportunity(Name = '${name}', AccountId = a.Id, StageName = 'Qualification',`,
        `    CloseDate = Date.today().addDays(60), Amount = 50000, Microsoft_Help__c = ReferralMapper.NO_HELP);`,
        `insert o;`,
        `o.Sync_With_Partner_Center__c = true;`,
        `update o;`,
        `System.debug(o.Id);`
    ].join('\n');
}

export interface StepResult {
    name: StepName;
    status: 'pass' | 'fail' | 'skip';
    detail: string;
}

interface SfResult {
    code: number;
    json?: { status?: number; result?: Record<string, unknown>; message?: string };
    stderr: string;
}

/** Runs the sf CLI with --json. */
export type SfRunner = (args: string[]) => SfResult;

export const runSf: SfRunner = (args) => {
    const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'sf'), [...args, '--json'], {
        cwd: ROOT,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024
    });
    let json: SfResult['json'];
    try {
        json = JSON.parse(r.stdout || '{}') as SfResult['json'];
    } catch {
        json = undefined;
    }
    return { code: r.status ?? 1, json, stderr: r.stderr ?? '' };
};

const sfMessage = (r: SfResult): string => r.json?.message ?? (r.stderr.trim() || `exit ${r.code}`);

interface Context {
    options: Options;
    sf: SfRunner;
    rest?: Rest;
    marker: string;
}

function anonymous(ctx: Context, apex: string): { ok: boolean; detail: string; logs: string } {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'org-check-')), 'block.apex');
    fs.writeFileSync(file, apex);
    const r = sfOn(ctx, 'apex run --file', file);
    const result = r.json?.result as { success?: boolean; exceptionMessage?: string; logs?: string } | undefined;
    const ok = r.code === 0 && result?.success === true;
    return { ok, detail: ok ? 'ran' : (result?.exceptionMessage ?? sfMessage(r)), logs: result?.logs ?? '' };
}

async function query<T>(ctx: Context, soql: string): Promise<T[]> {
    const result = await ctx.rest!.query<T>(soql);
    return result.records;
}

async function waitFor<T>(probe: () => Promise<T | undefined>, seconds: number): Promise<T | undefined> {
    for (let waited = 0; waited < seconds; waited += 5) {
        const found = await probe();
        if (found !== undefined) return found;
        await new Promise((resolve) => setTimeout(resolve, 5000));
    }
    return undefined;
}

/** Builds the components' deployable JavaScript; the compiler's words when it fails. */
function buildComponents(): string | undefined {
    for (const [command, args] of [
        ['tsx', [path.join(ROOT, 'scripts/generate-lwc-paths.ts')]],
        ['tsc', ['-p', path.join(ROOT, 'tsconfig.build.json')]]
    ] as const) {
        const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', command), [...args], {
            cwd: ROOT,
            encoding: 'utf8'
        });
        if (r.status !== 0) return `build:lwc failed: ${(r.stdout + r.stderr).trim()}`;
    }
    return undefined;
}

/** An sf command against the target org: words of the command, then its values (kept whole). */
function sfOn(ctx: Context, command: string, ...values: string[]): SfResult {
    return ctx.sf([...command.split(' '), ...values, '--target-org', ctx.options.targetOrg!]);
}

const since = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

const STEPS: Record<Exclude<StepName, 'org'>, (ctx: Context) => Promise<Omit<StepResult, 'name'>>> = {
    deploy: async (ctx) => {
        // As npm run deploy does: the components' JavaScript is built first, a bundle without it stops the step.
        const built = buildComponents();
        if (built) return { status: 'fail', detail: built };
        const missing = preflight(ROOT);
        if (missing.length) return { status: 'fail', detail: missing.map(formatFinding).join('; ') };
        const r = ctx.sf([...sfArguments(ROOT, 'deploy', ['--wait', '90']), '--target-org', ctx.options.targetOrg!]);
        const result = r.json?.result as
            { success?: boolean; numberTestErrors?: number; details?: unknown } | undefined;
        if (r.code === 0 && result?.success) return { status: 'pass', detail: 'deployed, every local test passed' };
        return {
            status: 'fail',
            detail: `${sfMessage(r)}${result?.details ? ` ${JSON.stringify(result.details)}` : ''}`
        };
    },
    permsets: async (ctx) => {
        const admin = sfOn(ctx, 'org assign permset --name CoSell_Admin');
        const integration = sfOn(
            ctx,
            'org assign permset --name CoSell_Integration --on-behalf-of',
            ctx.options.integrationUser!
        );
        // An assignment that already exists is reported as a failure by the CLI: show its words either way.
        const ok = (r: SfResult): boolean => r.code === 0 || /Duplicate/i.test(sfMessage(r));
        return ok(admin) && ok(integration)
            ? { status: 'pass', detail: 'CoSell_Admin → you, CoSell_Integration → the integration user' }
            : {
                  status: 'fail',
                  detail: `CoSell_Admin: ${sfMessage(admin)}; CoSell_Integration: ${sfMessage(integration)}`
              };
    },
    subscriber: async (ctx) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'org-check-config-'));
        fs.writeFileSync(
            path.join(dir, 'sfdx-project.json'),
            JSON.stringify({ packageDirectories: [{ path: 'config', default: true }], sourceApiVersion: '65.0' })
        );
        const configDir = path.join(dir, 'config', 'platformEventSubscriberConfigs');
        fs.mkdirSync(configDir, { recursive: true });
        fs.writeFileSync(
            path.join(configDir, `${ctx.options.trigger}Config.platformEventSubscriberConfig-meta.xml`),
            subscriberConfigXml(ctx.options.trigger, ctx.options.integrationUser!, ctx.options.batchSize)
        );
        const deployed = sfOn(ctx, 'project deploy start --wait 10 --source-dir', path.join(dir, 'config'));
        if (deployed.code !== 0) return { status: 'fail', detail: `trigger configuration: ${sfMessage(deployed)}` };
        const started = since();
        const run = anonymous(ctx, 'System.debug(CoSellSetupController.runIntegrationCheck().message);');
        if (!run.ok) return { status: 'fail', detail: `integration check: ${run.detail}` };
        const log = await waitFor(async () => {
            const rows = await query<{ Outcome__c: string; Message__c: string }>(
                ctx,
                `SELECT Outcome__c, Message__c FROM Sync_Log__c WHERE Operation__c = 'Integration check' AND CreatedDate >= ${started} ORDER BY CreatedDate DESC LIMIT 1`
            );
            return rows[0];
        }, 120);
        if (!log)
            return {
                status: 'fail',
                detail: 'the integration check wrote nothing within 120 s (see Setup > Apex Jobs)'
            };
        return { status: log.Outcome__c === 'Success' ? 'pass' : 'fail', detail: log.Message__c };
    },
    events: async (ctx) => {
        const started = since();
        const run = anonymous(ctx, publishEventsApex(ctx.options.events, ctx.marker));
        if (!run.ok) return { status: 'fail', detail: `publish: ${run.detail}` };
        const failed = await waitFor(async () => {
            const jobs = await query<{ Status: string; ExtendedStatus: string | null; ApexClass: { Name: string } }>(
                ctx,
                `SELECT Status, ExtendedStatus, ApexClass.Name FROM AsyncApexJob WHERE CreatedDate >= ${started} AND JobType = 'Queueable'`
            );
            return jobs.some((j) => j.Status === 'Queued' || j.Status === 'Processing' || j.Status === 'Preparing')
                ? undefined
                : jobs.filter((j) => j.Status === 'Failed');
        }, 600);
        const subscribers = await query<{ Name: string; Status: string; Retries: number; LastError: string | null }>(
            ctx,
            `SELECT Name, Status, Retries, LastError FROM EventBusSubscriber WHERE Topic LIKE '%Referral_Sync__e' AND Type = 'ApexTrigger'`
        );
        const broken = subscribers.filter((s) => s.Status !== 'Running' || s.LastError);
        if (!failed) return { status: 'fail', detail: 'jobs still running after 10 minutes' };
        if (failed.length || broken.length)
            return {
                status: 'fail',
                detail: [
                    ...failed.map((j) => `${j.ApexClass.Name} failed: ${j.ExtendedStatus ?? ''}`),
                    ...broken.map((s) => `${s.Name}: ${s.Status} ${s.LastError ?? ''}`)
                ].join('; ')
            };
        return { status: 'pass', detail: `${ctx.options.events} events, no failed job, trigger subscriber running` };
    },
    webhook: async (ctx) => {
        const body = JSON.stringify({
            EventName: 'referral-updated',
            ResourceUri:
                'https://api.partnercenter.microsoft.com/engagements/v1/referrals/00000000-0000-0000-0000-000000000000',
            ResourceName: 'referral',
            AuditUri: null,
            ResourceChangeUtcDate: new Date().toISOString()
        });
        const material = loadTestSigningMaterial();
        const outcomes: string[] = [];
        let ok = true;
        for (const msHeader of [false, true]) {
            const headers = signatureHeaders(Buffer.from(body), material, MICROSOFT_CERTIFICATE_URL, msHeader);
            const response = await fetch(ctx.options.webhookUrl!, {
                method: 'POST',
                headers: { ...headers, 'Content-Type': 'application/json' },
                body
            });
            const text = await response.text();
            // Signed with the emulator's test key, the package must say the signature does not match: that
            // proves the request reached the package and the header was readable there.
            const seen = /signature does not match/.test(text);
            ok &&= seen;
            outcomes.push(`${msHeader ? 'x-ms-signature' : 'Authorization'}: ${response.status} ${text.slice(0, 300)}`);
        }
        return { status: ok ? 'pass' : 'fail', detail: outcomes.join(' | ') };
    },
    'long-name': async (ctx) => {
        const run = anonymous(ctx, longNameApex(ctx.marker));
        if (!run.ok) return { status: 'fail', detail: run.detail };
        const id = /\|DEBUG\|(006\w{12,15})/.exec(run.logs)?.[1];
        if (!id) return { status: 'fail', detail: 'the opportunity id was not in the debug log' };
        const deal = await waitFor(async () => {
            const rows = await query<{ Sync_Status__c: string; Last_Sync_Error__c: string | null; Name: string }>(
                ctx,
                `SELECT Name, Sync_Status__c, Last_Sync_Error__c FROM Opportunity WHERE Id = '${id}'`
            );
            return rows[0]?.Sync_Status__c === 'Pending' ? undefined : rows[0];
        }, 180);
        if (!deal) return { status: 'fail', detail: 'still pending after 3 minutes' };
        return deal.Sync_Status__c === 'Synced'
            ? { status: 'pass', detail: `synced, name of ${deal.Name.length} characters kept` }
            : { status: 'fail', detail: `${deal.Sync_Status__c}: ${deal.Last_Sync_Error__c ?? ''}` };
    }
};

/** Connects to the org; undefined with the CLI's words when none is reachable. */
export function connect(options: Options, sf: SfRunner): { rest: Rest } | { problem: string } {
    if (!options.targetOrg)
        return { problem: 'no org given: pass --target-org <alias> (or set SF_TARGET_ORG) after `sf org login web`' };
    const r = sf(['org', 'display', '--target-org', options.targetOrg]);
    const result = r.json?.result as
        { instanceUrl?: string; accessToken?: string; connectedStatus?: string } | undefined;
    if (r.code !== 0 || !result?.instanceUrl || !result.accessToken)
        return { problem: `the org ${options.targetOrg} is not reachable: ${sfMessage(r)}` };
    setDefaultConfig({ instanceUrl: result.instanceUrl, accessToken: result.accessToken, version: 65 });
    const rest = new Rest();
    if (options.namespace)
        useNamespace(
            rest,
            new NamespaceTranslator(options.namespace, packageNames(path.join(ROOT, 'force-app/main/default/objects')))
        );
    return { rest };
}

export async function main(argv: string[], sf: SfRunner = runSf, print = console.log): Promise<number> {
    let options: Options;
    try {
        options = parseArgs(argv);
    } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        print(`org:check: ${e.message}`);
        return 64;
    }
    if (options.help) {
        print(
            fs
                .readFileSync(__filename, 'utf8')
                .split('*/')[0]
                .replace(/^\/\*\*|^ \* ?/gm, '')
        );
        return 0;
    }
    const connection = connect(options, sf);
    if ('problem' in connection) {
        print(`FAIL org          ${connection.problem}`);
        print('org:check needs a reachable org; nothing else was checked.');
        return 2;
    }
    print(`pass org          ${options.targetOrg}`);
    const ctx: Context = { options, sf, rest: connection.rest, marker: `org-check ${since()}` };
    const results: StepResult[] = [];
    for (const step of planSteps(options).slice(1)) {
        let result: StepResult;
        if (step.skipped) result = { name: step.name, status: 'skip', detail: step.skipped };
        else {
            try {
                result = { name: step.name, ...(await STEPS[step.name as Exclude<StepName, 'org'>](ctx)) };
            } catch (e) {
                result = { name: step.name, status: 'fail', detail: e instanceof Error ? e.message : String(e) };
            }
        }
        results.push(result);
        print(`${result.status.padEnd(4)} ${result.name.padEnd(12)} ${result.detail}`);
    }
    const failed = results.filter((r) => r.status === 'fail').length;
    print(
        `org:check: ${results.filter((r) => r.status === 'pass').length + 1} passed, ${failed} failed, ${results.filter((r) => r.status === 'skip').length} skipped`
    );
    return failed ? 1 : 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (e: unknown) => {
            console.error(e);
            process.exit(1);
        }
    );
}
