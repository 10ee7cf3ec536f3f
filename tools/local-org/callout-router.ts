/**
 * Where the local org's callouts go — the "network" of the local world: the package's named credentials, by
 * their qualified names `callout:cosell__Partner_Center_Referrals/...` and `callout:cosell__Partner_Center_Webhooks/...`
 * (apexrt has already refused an unqualified name of a packaged credential), resolve to the Partner Center
 * emulator (with a bearer token from its token endpoint, as the external credential would add), and Microsoft's
 * webhook-certificate host resolves to the emulator's certificate route, as DNS would. Anything else is refused.
 * Apex callouts are synchronous: the org's thread waits while a worker thread does the HTTP (worker-http.ts).
 */
import { HttpRequestValue, HttpResponseValue, ApexThrow } from '../apexrt';
import { startWorkerHttp, WorkerHttp } from './worker-http';

export const CERTIFICATE_HOST_URL =
    'https://3psostorageacct.blob.core.windows.net/cert/pcnotifications-dispatch.microsoft.com.cer';
const EMULATOR_CERTIFICATE_PATH = '/_emulator/certificates/pcnotifications-dispatch.cer';
/** The rotated signing certificate on the same Microsoft host (an allowed host), served by the emulator. */
export const ROTATED_CERTIFICATE_HOST_URL =
    'https://3psostorageacct.blob.core.windows.net/cert/pcnotifications-dispatch-rotated.microsoft.com.cer';
const EMULATOR_ROTATED_CERTIFICATE_PATH = '/_emulator/certificates/pcnotifications-dispatch-rotated.cer';
const NAMED_CREDENTIALS = ['Partner_Center_Referrals', 'Partner_Center_Webhooks'];

export interface RawResponse {
    status?: number;
    headers?: Record<string, string>;
    body?: string;
    error?: string;
}

/** A synchronous HTTP client: the Apex thread waits for the answer. */
export type SyncHttp = (
    method: string,
    url: string,
    headers: Record<string, string>,
    body: Buffer | null,
    timeoutMs: number
) => RawResponse;

export interface CalloutRecord {
    method: string;
    endpoint: string;
    requestBytes: number;
    /** The request body as sent (local benchmarks inspect PATCH bodies). */
    requestBody: string;
    status: number | null;
    /** Seconds of the response's Retry-After header (a 429's), when it has one. */
    retryAfterSeconds: number | null;
    /** When the request was sent and when its answer came (Date.now(): benchmarks check waits after a 429). */
    sentAt: number;
    answeredAt: number;
}

export class CalloutRouter {
    private token: string | undefined;
    /** Every callout the org made, in order (benchmarks count them). */
    readonly log: CalloutRecord[] = [];
    /** Callouts waiting for their answer now (settle's deadline lists them with their age). */
    readonly inFlight = new Set<{ method: string; url: string; sentAt: number }>();
    private worker?: WorkerHttp;
    /** How the HTTP is done: one worker thread, started with the first callout (tests may plug in another). */
    http: SyncHttp = (method, url, headers, body, timeoutMs) =>
        (this.worker ??= startWorkerHttp()).http(method, url, headers, body, timeoutMs);

    constructor(private readonly emulatorUrl: string) {}

    /** Ends the worker thread, if one was started. */
    async stop(): Promise<void> {
        await this.worker?.stop();
        this.worker = undefined;
    }

    /** Resolves a request to a real URL on the local world, or undefined when nothing answers there. */
    resolve(endpoint: string): { url: string; needsToken: boolean } | undefined {
        const named = /^callout:(?:cosell__)?(\w+?)(\/.*|\?.*)?$/.exec(endpoint);
        if (named && NAMED_CREDENTIALS.includes(named[1]))
            return { url: `${this.emulatorUrl}${named[2] ?? ''}`, needsToken: true };
        if (endpoint === CERTIFICATE_HOST_URL)
            return { url: `${this.emulatorUrl}${EMULATOR_CERTIFICATE_PATH}`, needsToken: false };
        if (endpoint === ROTATED_CERTIFICATE_HOST_URL)
            return { url: `${this.emulatorUrl}${EMULATOR_ROTATED_CERTIFICATE_PATH}`, needsToken: false };
        return undefined;
    }

    private bearer(): string {
        if (!this.token) {
            const r = this.exchange(
                'POST',
                `${this.emulatorUrl}/_emulator/tokens`,
                { 'content-type': 'application/json' },
                Buffer.from('{}'),
                10_000
            );
            const parsed = JSON.parse(Buffer.from(r.body ?? '', 'base64').toString('utf8') || '{}') as {
                access_token?: string;
            };
            if (!parsed.access_token)
                throw new ApexThrow('System.CalloutException', 'The named credential could not get a token');
            this.token = parsed.access_token;
        }
        return this.token;
    }

    /** One HTTP exchange, listed in `inFlight` while it waits. */
    private exchange(...args: Parameters<SyncHttp>): RawResponse {
        const call = { method: args[0], url: args[1], sentAt: Date.now() };
        this.inFlight.add(call);
        try {
            return this.http(...args);
        } finally {
            this.inFlight.delete(call);
        }
    }

    send(request: HttpRequestValue): HttpResponseValue {
        const target = request.endpoint ? this.resolve(request.endpoint) : undefined;
        if (!target)
            throw new ApexThrow(
                'System.CalloutException',
                `Unauthorized endpoint, please check Setup->Security->Remote site settings. endpoint = ${request.endpoint}`
            );
        const headers: Record<string, string> = {};
        for (const [k, v] of request.headers) headers[k] = v;
        if (target.needsToken) headers.Authorization = `Bearer ${this.bearer()}`;
        const sentAt = Date.now();
        let raw = this.exchange(request.method ?? 'GET', target.url, headers, request.body, request.timeoutMs);
        if (target.needsToken && raw.status === 401) {
            // A 401 answer makes the named credential get a new access token and send the callout again
            // (Salesforce Help, "Troubleshooting for Named Credentials": 401 is the status that triggers the token
            // refresh; other codes only when configured). Before, the router kept its first token forever: after
            // the emulator's hour every callout was refused, as no real org's would be.
            this.token = undefined;
            headers.Authorization = `Bearer ${this.bearer()}`;
            raw = this.exchange(request.method ?? 'GET', target.url, headers, request.body, request.timeoutMs);
        }
        this.log.push({
            sentAt,
            answeredAt: Date.now(),
            method: request.method ?? 'GET',
            endpoint: request.endpoint ?? '',
            requestBytes: request.body?.length ?? 0,
            requestBody: request.body?.toString('utf8') ?? '',
            status: raw.status ?? null,
            retryAfterSeconds: retryAfter(raw.headers)
        });
        if (raw.error) throw new ApexThrow('System.CalloutException', raw.error);
        const response = new HttpResponseValue();
        response.statusCode = raw.status ?? 0;
        for (const [k, v] of Object.entries(raw.headers ?? {})) response.headers.set(k, v);
        response.body = Buffer.from(raw.body ?? '', 'base64');
        return response;
    }
}

/** Retry-After in seconds (HTTP allows a date too: Partner Center's throttling sends seconds). */
function retryAfter(headers: Record<string, string> | undefined): number | null {
    const value = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === 'retry-after')?.[1];
    return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value) : null;
}
