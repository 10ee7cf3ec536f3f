// startEmulator(): the Partner Center emulator as a library. Binds 127.0.0.1 unless told otherwise.

import http, { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Clock, ManualClock, SystemClock } from './clock';
import type { ContractRules } from './contract-rules';
import { createContractRules } from './contract-adapter';
import { EmulatorControl } from './control';
import { FaultInjector, RequestFaults } from './faults';
import { header, HttpError, sendError, sendJson } from './http-io';
import { createRandomSource, IdFactory } from './ids';
import { MicrosoftSide, MicrosoftSideOptions } from './microsoft-side';
import { PartnerIdentity, ReferralService } from './referral-service';
import { CONTROL_PREFIX, handleControlRoute } from './routes/control';
import { handleReferralsRoute, isReferralsRoute } from './routes/referrals';
import { handleTokenRoute, isTokenRoute } from './routes/token';
import { attachSnapshotFile, EmulatorStore, StoredReferral } from './store';
import { MonotonicTimestamps } from './timestamps';
import { TokenService } from './tokens';
import { isLoopbackHost, WebhookDeliveryOptions, WebhookDispatcher } from './webhooks/delivery';
import { handleWebhookRoute, isWebhookRoute } from './webhooks/registration';
import { CERTIFICATE_PATH_DER, SigningState } from './webhooks/signing';

export interface EmulatorOptions {
    /** TCP port; 0 (default) picks a free one. */
    port?: number;
    /** Interface to bind. Default 127.0.0.1; anything non-loopback also needs allowNonLoopbackHost. */
    host?: string;
    allowNonLoopbackHost?: boolean;
    /** Makes ids, eTags, tokens and rate-based faults reproducible; also selects a ManualClock unless `clock` is given. */
    seed?: string | number;
    clock?: Clock;
    /** Identity of the emulated partner tenant. */
    partner?: Partial<PartnerIdentity>;
    webhookDelivery?: WebhookDeliveryOptions;
    /** Time before unanswered inbound referrals expire (default 14 days). */
    inboundExpiryMs?: number;
    microsoft?: MicrosoftSideOptions;
    /** Load state from this JSON file at start (when it exists) and write it after every change. */
    snapshotFile?: string;
    /**
     * X-MS-Certificate-Url sent with webhooks; default the emulator's own certificate route. The local org sets
     * Microsoft's real certificate URL and resolves that host to the emulator, as DNS would.
     */
    certificateUrl?: string;
    /** Base URL used in links, nextLink and webhook ResourceUris; default the emulator's own URL. */
    linkBaseUrl?: string;
    /** Require a bearer token from the emulator's token endpoint (default true). */
    requireAuth?: boolean;
    /** Contract rules; default: the shared contract in tools/partner-center. */
    rules?: ContractRules;
    /** Receives one line per request and per internal error. */
    log?: (line: string) => void;
}

export interface RunningEmulator {
    /** e.g. http://127.0.0.1:53123 */
    url: string;
    port: number;
    clock: Clock;
    store: EmulatorStore;
    referrals: ReferralService;
    control: EmulatorControl;
    stop(): Promise<void>;
}

export const DEFAULT_SEEDED_START = '2025-01-01T00:00:00.000Z';

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
    const host = options.host ?? '127.0.0.1';
    if (!isLoopbackHost(host) && !options.allowNonLoopbackHost) {
        throw new Error(
            `Refusing to listen on ${host}: the emulator binds loopback only unless allowNonLoopbackHost is set`
        );
    }
    const clock =
        options.clock ?? (options.seed !== undefined ? new ManualClock(DEFAULT_SEEDED_START) : new SystemClock());
    const random = createRandomSource(options.seed);
    const ids = new IdFactory(random);
    const timestamps = new MonotonicTimestamps(clock);
    const rules = options.rules ?? createContractRules();
    const store = new EmulatorStore();
    // baseUrl is set once the server listens, before any webhook is signed.
    const signing = new SigningState(() => options.certificateUrl ?? `${baseUrl}${CERTIFICATE_PATH_DER}`);
    const faults = new FaultInjector(random, ids, clock);
    const tokens = new TokenService(clock, ids);
    const log = options.log ?? (() => undefined);
    const partner: PartnerIdentity = {
        organizationId: options.partner?.organizationId ?? ids.guid(),
        organizationName: options.partner?.organizationName ?? 'Fabrikam Consulting (emulated)',
        mpnId: options.partner?.mpnId ?? '6115379'
    };

    let baseUrl = '';
    const linkBase = (): string => options.linkBaseUrl ?? baseUrl;
    const dispatcher = new WebhookDispatcher(
        store,
        clock,
        ids,
        faults,
        () => signing.current(),
        () => signing.certificateUrl(),
        options.webhookDelivery
    );
    const onReferralChange = (change: 'created' | 'updated', entry: StoredReferral): void => {
        const prefix = entry.owner === 'microsoft' ? 'related-referral' : 'referral';
        dispatcher.publish({
            eventName: `${prefix}-${change}`,
            resourceName: 'referral',
            resourceUri: `${linkBase()}/engagements/v1/referrals/${String(entry.referral.id)}`
        });
        // Runs only after startup, when `microsoft` below is initialised.
        microsoft.onPartnerReferralChanged(entry);
    };
    const referrals = new ReferralService(store, rules, ids, clock, timestamps, partner, onReferralChange, {
        inboundExpiryMs: options.inboundExpiryMs
    });
    const microsoft = new MicrosoftSide(referrals, store, ids, options.microsoft);
    const control = new EmulatorControl(microsoft, faults, clock, tokens, dispatcher, store, referrals);
    if (options.snapshotFile) {
        attachSnapshotFile(store, options.snapshotFile);
        referrals.rescheduleExpiries();
    }

    const server = http.createServer((request, response) => {
        void handleRequest(request, response).catch((error: unknown) => {
            log(`internal error: ${(error as Error).stack ?? String(error)}`);
            if (!response.headersSent)
                sendError(response, new HttpError(500, 'generalException', 'Internal emulator error'));
            else response.destroy();
        });
    });

    async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
        const url = new URL(request.url ?? '/', baseUrl);
        response.setHeader('request-id', ids.guid());
        const clientRequestId = header(request, 'client-request-id');
        if (clientRequestId) response.setHeader('client-request-id', clientRequestId);
        const correlationId = header(request, 'ms-correlationid');
        if (correlationId) response.setHeader('MS-CorrelationId', correlationId);
        response.on('finish', () => log(`${request.method ?? ''} ${request.url ?? ''} → ${response.statusCode}`));
        try {
            if (url.pathname.startsWith(`${CONTROL_PREFIX}/`)) {
                return await handleControlRoute(request, response, url, control, signing);
            }
            if (isTokenRoute(url.pathname)) return await handleTokenRoute(request, response, url, tokens);
            const isReferrals = isReferralsRoute(url.pathname);
            if (!isReferrals && !isWebhookRoute(url.pathname)) {
                throw new HttpError(404, 'itemNotFound', `No route ${request.method ?? ''} ${url.pathname}`);
            }
            await applyFaults(faults.forRequest(request.method ?? 'GET', url.pathname), response);
            if (response.writableEnded) return;
            if (options.requireAuth !== false) checkToken(header(request, 'authorization'), isReferrals);
            if (isReferrals) {
                return await handleReferralsRoute(request, response, url, {
                    service: referrals,
                    linkBaseUrl: linkBase()
                });
            }
            return await handleWebhookRoute(request, response, url, {
                store,
                rules,
                ids,
                clock,
                dispatcher,
                partnerId: partner.organizationId,
                linkBaseUrl: linkBase()
            });
        } catch (error) {
            if (!(error instanceof HttpError)) throw error;
            sendError(response, error);
        }
    }

    function checkToken(authorization: string | undefined, isReferrals: boolean): void {
        const result = tokens.check(authorization);
        if (!result.ok) {
            const message = {
                missing: 'A bearer token is required',
                unknown: 'The bearer token is not valid',
                expired: 'The bearer token has expired'
            }[result.reason];
            throw new HttpError(401, 'unauthenticated', message, {
                'WWW-Authenticate': 'Bearer error="invalid_token"'
            });
        }
        if (isReferrals && result.token.appOnly) {
            throw new HttpError(403, 'accessDenied', 'The Referrals API supports App+User (delegated) tokens only');
        }
    }

    await new Promise<void>((resolve, reject) => {
        // No idle close by the server (Node.js docs, "server.keepAliveTimeout": 0 disables it): in the local world
        // the emulator shares its process with synchronous Apex that holds the event loop for seconds, and the
        // default 5-second close then races a client reusing the connection (a request lost as "other side closed").
        server.keepAliveTimeout = 0;
        server.once('error', reject);
        server.listen(options.port ?? 0, host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

    return {
        url: baseUrl,
        port,
        clock,
        store,
        referrals,
        control,
        async stop(): Promise<void> {
            dispatcher.stop();
            referrals.stop();
            await dispatcher.whenIdle();
            await new Promise<void>((resolve) => {
                server.close(() => resolve());
                server.closeAllConnections();
            });
        }
    };
}

async function applyFaults(faults: RequestFaults, response: ServerResponse): Promise<void> {
    // Latency is real time on purpose: it exists to exercise the client's timeouts.
    if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    if (!faults.failure) return;
    const { status, retryAfterSeconds } = faults.failure;
    const headers: Record<string, string> =
        retryAfterSeconds !== undefined ? { 'Retry-After': String(retryAfterSeconds) } : {};
    if (status === 429) {
        // Body shape from the Partner Center throttling guidance (§2.9).
        return sendJson(
            response,
            429,
            { statusCode: 429, message: `Rate limit is exceeded. Try again in ${retryAfterSeconds ?? 1} seconds.` },
            headers
        );
    }
    const code = status === 503 ? 'serviceNotAvailable' : status >= 500 ? 'generalException' : 'invalidRequest';
    sendJson(response, status, { error: { code, message: `Injected fault: HTTP ${status}` } }, headers);
}

export type { ContractRules } from './contract-rules';
export { ManualClock, SystemClock } from './clock';
