/**
 * Where the end-to-end scenarios run. By default the local world (tools/local-org/local-world.ts): the package
 * on the local org, Partner Center as the emulator, real HTTP and signed webhooks in between. With SF_INSTANCE_URL
 * and SF_ACCESS_TOKEN set, a real org (a sandbox with the package installed) instead: Salesforce is read and
 * written only through ts-force, Partner Center is read (never written) when PC_ACCESS_TOKEN is set, and what
 * only the emulator can play — Microsoft's side, faults, a missed webhook — is absent, so those scenarios skip.
 */
import * as path from 'node:path';
import { Rest, setDefaultConfig } from 'ts-force';
import type { AsyncRunner } from '../../tools/local-org/async-runner';
import { LocalWorld, startLocalWorld } from '../../tools/local-org/local-world';
import type { OutboxEmail } from '../../tools/local-org/outbox';
import { ListPageSession } from '../../tools/local-org/visualforce';
import { runQuickAction, type Screen } from '../../tools/local-org/flow-runner';
import { NamespaceTranslator, packageNames, useNamespace } from './namespace';

const ROOT = path.resolve(__dirname, '..', '..');

/** A referral as Partner Center's API returns it (the fields the scenarios read). */
export interface Referral {
    id: string;
    eTag: string;
    engagementId: string;
    name: string;
    status: string;
    substatus: string;
    statusReason?: string;
    externalReferenceId?: string;
    consent?: { consentToShareReferralWithMicrosoftSellers?: boolean };
    details?: {
        dealValue?: number;
        currency?: string;
        notes?: string;
        requirements?: { solutions?: { id: string }[] };
    };
    inviteContext?: { assistanceRequestCode?: string; notes?: string };
    trackingInfo?: { microsoftMsxId?: string };
}

export interface FaultRule {
    kind: 'status' | 'latency' | 'webhook-drop' | 'webhook-duplicate';
    status?: number;
    retryAfterSeconds?: number;
    method?: string;
    path?: string;
    count?: number;
}

export interface WebhookDelivery {
    payload: { EventName: string; ResourceUri: string };
    state: 'pending' | 'delivered' | 'failed' | 'dropped';
    attempts: { statusCode?: number }[];
}

/** Microsoft's side and the network between, as only the emulator can play them. */
export interface MicrosoftSide {
    /** A Microsoft seller sends a referral; returns the partner's new referral. */
    sendReferral(input: {
        name: string;
        customerName: string;
        country: string;
        dealValue: number;
        currency?: string;
        type?: 'Shared' | 'Independent';
    }): Promise<Referral>;
    join(
        referralId: string,
        input: { msxId: string; sellers: { firstName: string; lastName: string; email: string }[] }
    ): Promise<void>;
    /** Someone edits the referral in Partner Center (its API, as a user of the partner's tenant would). */
    editReferral(
        referralId: string,
        operations: { op: 'replace' | 'add'; path: string; value: unknown }[]
    ): Promise<Referral>;
    addFault(rule: FaultRule): Promise<void>;
    clearFaults(): Promise<void>;
    /** The webhook deliveries the emulator made or dropped, in order. */
    deliveries(): Promise<WebhookDelivery[]>;
    /** Every referral the emulator holds (its /_emulator/state), with who owns it. */
    referrals(): Promise<{ referral: Referral; owner: 'partner' | 'microsoft' }[]>;
}

export interface E2eWorld {
    kind: 'local' | 'sandbox';
    description: string;
    /** The ts-force client every scenario uses (also the default client of the generated classes). */
    rest: Rest;
    /** Reads Partner Center; absent in a sandbox without PC_ACCESS_TOKEN. */
    partnerCenter?: { getReferral(id: string): Promise<Referral> };
    microsoft?: MicrosoftSide;
    /** Local only: waits until webhooks are delivered and the org's async work is done (to assert an absence). */
    settle?(): Promise<void>;
    /** Local only: failures of the org's asynchronous work so far (an Apex exception in a job or event trigger). */
    asyncErrors?(): string[];
    /** Local only: the org's callouts so far, in order (what Partner Center answered each). */
    callouts?(): { method: string; endpoint: string; status: number | null }[];
    /** Local only: an admin changes a field of the Co_Sell_Setting__mdt record Default (as in Setup). */
    setSetting?(field: string, value: unknown): Promise<void>;
    /** Local only: Execute Anonymous as the admin (e.g. a seller's lead conversion); throws when it fails. */
    executeAnonymous?(apex: string): Promise<void>;
    /** Local only: deploys a custom metadata record, as an admin adds one in Setup (values as in its XML). */
    deployCustomMetadata?(type: string, developerName: string, values: Record<string, string | null>): void;
    /** Local only: the setup page's "Run reconciliation" (the poller, now). */
    runReconciliation?(): Promise<void>;
    /** The seller's "Link to it" on the panel of a referral's opportunity; returns the linked opportunity's id. */
    linkReferral?(opportunityId: string): Promise<string>;
    /**
     * Local only: the seller ticks `selected` among the list view's records `inView` and presses a list button that
     * opens the Visualforce page `page` (tools/local-org/visualforce.ts): the page, to press its buttons and read
     * what it shows.
     */
    openListPage?(page: string, inView: string[], selected: string[]): ListPage;
    /**
     * Local only: the user runs the flow quick action `action` (Object.Name) on the record (tools/local-org/
     * flow-runner.ts): the interview, showing its first screen.
     */
    runQuickAction?(action: string, recordId: string): FlowRun;
    /** Local only: the emails the org sent so far (its outbox), oldest first. */
    sentEmails?(): OutboxEmail[];
    /** Local only: the custom notifications (bell and mobile) the org sent so far, oldest first. */
    sentNotifications?(): {
        type: string;
        title: string | null;
        body: string | null;
        targetId: string | null;
        recipients: string[];
    }[];
    /** Whether a scenario may make a referral visible to Microsoft's sellers (always in the local world). */
    mayShareWithMicrosoft: boolean;
    /** How long to wait for a change to travel. */
    waitMs: number;
    pollMs: number;
    stop(): Promise<void>;
}

/** A screen flow interview: the screen shown (null once finished), Next with the screen's inputs. */
export interface FlowRun {
    screen: Screen | null;
    readonly finished: boolean;
    next(inputs?: Record<string, string>): void;
}

/** A Visualforce page open in the seller's browser: press a button, read a merge field. */
export interface ListPage {
    press(action: string): void;
    value(name: string): unknown;
}

async function json<T>(response: Response, what: string): Promise<T> {
    const text = await response.text();
    if (!response.ok) throw new Error(`${what} failed: HTTP ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
}

function partnerCenterReader(baseUrl: string, token: () => string): E2eWorld['partnerCenter'] {
    return {
        getReferral: async (id) =>
            json<Referral>(
                await fetch(`${baseUrl}/v1.0/engagements/referrals/${encodeURIComponent(id)}`, {
                    headers: { Authorization: `Bearer ${token()}` }
                }),
                `GET referral ${id}`
            )
    };
}

/**
 * Queueable delays (the package backs off 1–10 minutes after a 429 or 5xx) run `factor` times sooner in the
 * local world, so a retry after "Retry-After: 1" (one minute, the Queueable minimum) takes 100 ms. Timing only.
 */
function shortenQueueableDelays(runner: AsyncRunner, factor: number): void {
    const scheduler = runner as unknown as Record<'later', (delayMs: number, work: () => void) => void>;
    const original = scheduler.later;
    scheduler.later = function (this: AsyncRunner, delayMs: number, work: () => void): void {
        original.call(this, delayMs / factor, work);
    };
}

export async function startLocal(log: (line: string) => void): Promise<E2eWorld> {
    const world: LocalWorld = await startLocalWorld({ log: (line) => log(line) });
    shortenQueueableDelays(world.org.async, 600);
    const control = async <T>(method: string, route: string, body?: unknown): Promise<T> =>
        json<T>(
            await fetch(`${world.emulatorUrl}/_emulator${route}`, {
                method,
                headers: { 'Content-Type': 'application/json' },
                body: body === undefined ? undefined : JSON.stringify(body)
            }),
            `${method} /_emulator${route}`
        );
    const orgToken = (
        await json<{ access_token: string }>(
            await fetch(`${world.orgUrl}/services/oauth2/token`, { method: 'POST' }),
            'org token'
        )
    ).access_token;
    const pcToken = (await control<{ access_token: string }>('POST', '/tokens', {})).access_token;
    setDefaultConfig({ instanceUrl: world.orgUrl, accessToken: orgToken, version: 65 });
    const rest = new Rest();
    const pcApi = world.emulatorUrl;
    const partnerCenter = partnerCenterReader(pcApi, () => pcToken)!;
    return {
        kind: 'local',
        description: `local world (org ${world.orgUrl}, Partner Center emulator ${world.emulatorUrl})`,
        rest,
        partnerCenter,
        microsoft: {
            sendReferral: async (input) =>
                (await control<{ referral: Referral }>('POST', '/microsoft/referrals', input)).referral,
            join: async (id, input) => {
                await control('POST', `/microsoft/referrals/${encodeURIComponent(id)}/join`, input);
            },
            editReferral: async (id, operations) => {
                const current = await partnerCenter.getReferral(id);
                return json<Referral>(
                    await fetch(`${pcApi}/v1.0/engagements/referrals/${encodeURIComponent(id)}`, {
                        method: 'PATCH',
                        headers: {
                            Authorization: `Bearer ${pcToken}`,
                            'Content-Type': 'application/json',
                            'If-Match': current.eTag,
                            Prefer: 'return=representation'
                        },
                        body: JSON.stringify(operations)
                    }),
                    `PATCH referral ${id}`
                );
            },
            addFault: async (rule) => {
                await control('POST', '/faults', rule);
            },
            clearFaults: async () => {
                await control('DELETE', '/faults');
            },
            deliveries: () => control<WebhookDelivery[]>('GET', '/webhooks/deliveries'),
            referrals: async () =>
                (
                    await control<{ referrals: { referral: Referral; owner: 'partner' | 'microsoft' }[] }>(
                        'GET',
                        '/state'
                    )
                ).referrals
        },
        settle: () => world.settle(),
        asyncErrors: () => [...world.org.async.errors],
        callouts: () => world.org.router!.log.map(({ method, endpoint, status }) => ({ method, endpoint, status })),
        setSetting: async (field, value) => world.org.setSetting(field, value),
        executeAnonymous: async (apex) => {
            const result = world.org.executeAnonymous(apex);
            if (!result.success)
                throw new Error(`anonymous Apex failed: ${result.compileProblem ?? result.exceptionMessage}`);
        },
        deployCustomMetadata: (type, developerName, values) =>
            world.org.deployCustomMetadata(type, developerName, values),
        runReconciliation: async () => {
            const r = await rest.request.post<{ ok: boolean; message?: string }>(
                `/services/data/v65.0/apex/CoSellSetupController/runReconciliation`,
                {}
            );
            if (!r.data.ok) throw new Error(`reconciliation did not start: ${JSON.stringify(r.data)}`);
        },
        linkReferral: async (opportunityId) =>
            (
                await rest.request.post<string>(`/services/data/v65.0/apex/CoSellPanelController/linkReferral`, {
                    opportunityId
                })
            ).data,
        openListPage: (page, inView, selected) => ListPageSession.open(world.org, page, inView, selected),
        runQuickAction: (action, recordId) => runQuickAction(world.org, action, recordId),
        sentEmails: () => [...world.org.outbox.emails],
        sentNotifications: () => [...world.org.outbox.notifications],
        mayShareWithMicrosoft: true,
        waitMs: 30_000,
        pollMs: 100,
        stop: () => world.stop()
    };
}

/** A real org, by configuration alone (see docs/developer-guide.md, "End-to-end scenarios"). */
export function startSandbox(env: NodeJS.ProcessEnv): E2eWorld {
    const instanceUrl = env.SF_INSTANCE_URL!.replace(/\/$/, '');
    const version = Number(env.SF_API_VERSION ?? '65');
    setDefaultConfig({ instanceUrl, accessToken: env.SF_ACCESS_TOKEN!, version });
    const rest = new Rest();
    const namespace = env.SF_NAMESPACE ?? 'cosell';
    if (namespace)
        useNamespace(
            rest,
            new NamespaceTranslator(namespace, packageNames(path.join(ROOT, 'force-app/main/default/objects')))
        );
    const pcToken = env.PC_ACCESS_TOKEN;
    const pcUrl = (env.PC_API_URL ?? 'https://api.partner.microsoft.com').replace(/\/$/, '');
    return {
        kind: 'sandbox',
        description:
            `org ${instanceUrl} (API v${version.toFixed(1)}, namespace ${namespace || 'none'}); ` +
            (pcToken ? `Partner Center read at ${pcUrl}` : 'Partner Center not read (PC_ACCESS_TOKEN not set)'),
        rest,
        partnerCenter: pcToken ? partnerCenterReader(pcUrl, () => pcToken) : undefined,
        mayShareWithMicrosoft: env.E2E_SHARE_WITH_MICROSOFT === 'yes',
        waitMs: Number(env.E2E_WAIT_SECONDS ?? '180') * 1000,
        pollMs: 2000,
        stop: async () => undefined
    };
}

export async function startWorld(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<E2eWorld> {
    if (env.SF_INSTANCE_URL || env.SF_ACCESS_TOKEN) {
        if (!env.SF_INSTANCE_URL || !env.SF_ACCESS_TOKEN)
            throw new Error(
                'Set both SF_INSTANCE_URL and SF_ACCESS_TOKEN to target an org (or neither for the local world)'
            );
        return startSandbox(env);
    }
    return startLocal(log);
}
