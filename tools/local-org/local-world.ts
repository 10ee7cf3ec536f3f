/**
 * The whole product on this machine: the Partner Center emulator (own process), the package on the local org
 * with its default data, the webhook exposed and registered — what an admin sets up in a real org, done here.
 */
import * as path from 'node:path';
import { allocateCachePartition, SObject } from '../apexrt';
import { CERTIFICATE_HOST_URL } from './callout-router';
import { insertDefaultData } from './default-data';
import { assignPermissionSet, configureIntegrationUser } from './integration-user';
import { EmulatorProcess, startEmulatorProcess } from './emulator-process';
import { LocalOrg } from './local-org';
import { RunningServer, serveLocalOrg } from './server';
import { describeOrgWork, describeWebhooks, settleWithin } from './settle';

export const WEBHOOK_EVENTS = [
    'referral-created',
    'referral-updated',
    'related-referral-created',
    'related-referral-updated'
];

export interface LocalWorld {
    org: LocalOrg;
    orgUrl: string;
    emulatorUrl: string;
    /**
     * Waits until webhooks are delivered and the org's async work is done. With `deadlineMs`, fails after that long
     * with the work still pending (describePending) instead of waiting on.
     */
    settle(options?: { deadlineMs?: number }): Promise<void>;
    /** What settle() is waiting for, one item a line: the org's queued and running work, callouts, webhooks. */
    describePending(): Promise<string[]>;
    stop(): Promise<void>;
}

export async function startLocalWorld(
    options: {
        port?: number;
        emulatorPort?: number;
        log?: (line: string) => void;
        developerEdition?: boolean;
        /** The org's clock (LocalOrgOptions.now): a benchmark that runs delays sooner runs the clock faster. */
        now?: () => number;
    } = {}
): Promise<LocalWorld> {
    const log = options.log ?? (() => undefined);
    const emulator: EmulatorProcess = await startEmulatorProcess(
        ['--port', String(options.emulatorPort ?? 0), '--quiet', '--certificate-url', CERTIFICATE_HOST_URL],
        (line) => log(`[emulator] ${line}`)
    );
    let server: RunningServer | undefined;
    try {
        const org = new LocalOrg({
            root: path.resolve(__dirname, '..', '..'),
            emulatorUrl: emulator.url,
            log,
            developerEdition: options.developerEdition,
            now: options.now
        });
        // The live poll chain runs for as long as the org does: settle() does not wait for its next poll.
        org.async.standing.add('ReferralPoller');
        insertDefaultData(org);
        server = await serveLocalOrg(org, options.port ?? 0);
        org.setSetting('Webhook_Site_Url__c', server.url);
        // The local org's admin is the co-sell admin (setup page, principal access for its callouts); the sync
        // runs as the integration user, as the admin guide sets it up.
        assignPermissionSet(org, org.data.org.setup.runningUserId, 'CoSell_Admin');
        configureIntegrationUser(org);
        // The admin guide's step: org cache for the package's partition (it ships with none), for the certificates.
        allocateCachePartition(org.data.org, 'CoSell', { org: 5, session: 0 });
        const token = `local${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`.slice(0, 40);
        org.transaction((run) => {
            const state = SObject.create(org.project.schema, 'Co_Sell_State__c', {
                SetupOwnerId: org.data.org.setup.organizationId,
                Webhook_Path_Secret__c: token
            });
            org.data.throwOnFailure('insert', org.data.execute('insert', [state], true, run));
        });
        const pcToken = (
            (await (await fetch(`${emulator.url}/_emulator/tokens`, { method: 'POST', body: '{}' })).json()) as {
                access_token: string;
            }
        ).access_token;
        const registered = await fetch(`${emulator.url}/webhooks/v1/registration`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${pcToken}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({
                WebhookUrl: `${server.url}/services/apexrest/cosell/partnercenter/webhook/${token}`,
                WebhookEvents: WEBHOOK_EVENTS
            })
        });
        if (!registered.ok) throw new Error(`webhook registration failed: ${registered.status}`);
        const running = server;
        return {
            org,
            orgUrl: running.url,
            emulatorUrl: emulator.url,
            settle: async (settleOptions = {}) => {
                const settling = (async () => {
                    for (let i = 0; i < 5; i++) {
                        await webhooksIdle(emulator.url);
                        await org.async.idle();
                    }
                })();
                if (settleOptions.deadlineMs === undefined) return settling;
                await settleWithin(settling, settleOptions.deadlineMs, 'the local world', () =>
                    describePending(org, emulator.url)
                );
            },
            describePending: () => describePending(org, emulator.url),
            stop: async () => {
                org.scheduler.stop();
                org.async.stop();
                await org.router?.stop();
                await running.stop();
                await emulator.stop();
            }
        };
    } catch (e) {
        await server?.stop();
        await emulator.stop();
        throw e;
    }
}

/**
 * Waits until the emulator has no webhook delivery in flight. The org's work can hold this thread longer than the
 * emulator keeps an idle connection open (Node's keep-alive timeout, 5 s): the pooled connection is then closed
 * under the request ("other side closed"). The call only waits, so it is sent again on a fresh connection.
 */
async function webhooksIdle(emulatorUrl: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
        try {
            await fetch(`${emulatorUrl}/_emulator/webhooks/idle`, { method: 'POST' });
            return;
        } catch (e) {
            if (attempt >= 3) throw e;
        }
    }
}

/** The org's pending work and the emulator's pending webhook deliveries (LocalWorld.describePending). */
async function describePending(org: LocalOrg, emulatorUrl: string): Promise<string[]> {
    return [...describeOrgWork(org), ...(await describeWebhooks(emulatorUrl))];
}
