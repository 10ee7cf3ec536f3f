/**
 * The local world (tools/local-org/local-world.ts) prepared for reliability runs, plus the clients a soak needs:
 * the org's REST API as a seller uses it, Partner Center's API as Microsoft's side edits referrals, and the
 * emulator's control routes (faults, Microsoft actions, webhook idle).
 *
 * Two things are compressed so a run stays bounded in time, and both are said here because they change timing, not
 * behaviour: Queueable delays (the engine's back-off is 1–10 minutes) run `delayScale` times faster, and the
 * named credentials' 20 s callout timeout is capped at `calloutTimeoutMs`, so an injected timeout costs
 * seconds, not minutes. Everything else — HTTP, signed webhooks, the package's Apex — is the real thing.
 */
import { type HttpRequestValue } from '../apexrt';
import { LocalWorld, startLocalWorld } from '../local-org/local-world';
import { fetchOrgToken } from '../local-org/server';

export interface SoakWorldOptions {
    /** Queueable delays are divided by this (default 600: one minute of back-off takes 100 ms). */
    delayScale?: number;
    /**
     * Upper bound of an Apex callout's timeout (default 500 ms: a callout to the local emulator answers in a few
     * milliseconds; every injected timeout costs this much real time, with the Apex thread waiting).
     */
    calloutTimeoutMs?: number;
    log?: (line: string) => void;
}

export interface HttpAnswer<T = unknown> {
    status: number;
    body: T;
    headers: Headers;
}

export class SoakWorld {
    private orgToken = '';
    private pcToken = '';
    /** Every Partner Center token this world's client got (a run longer than a token's hour gets a new one). */
    private readonly pcTokens: string[] = [];

    private constructor(
        readonly world: LocalWorld,
        /** Every line the org and the emulator wrote (scanned for secrets afterwards). */
        readonly logLines: string[]
    ) {}

    static async start(options: SoakWorldOptions = {}): Promise<SoakWorld> {
        const lines: string[] = [];
        const world = await startLocalWorld({
            log: (line) => {
                lines.push(line);
                options.log?.(line);
            }
        });
        const soak = new SoakWorld(world, lines);
        world.org.async.delayScale = options.delayScale ?? 600;
        capCalloutTimeouts(world, options.calloutTimeoutMs ?? 500);
        soak.orgToken = await fetchOrgToken(world.orgUrl);
        await soak.newPcToken();
        return soak;
    }

    /** The bearer tokens this world handed out to its clients (a secret scan looks for them). */
    tokens(): string[] {
        return [this.orgToken, ...this.pcTokens];
    }

    get org(): LocalWorld['org'] {
        return this.world.org;
    }

    /** The org's REST API (`/services/data/v65.0…`) as a seller's client calls it. */
    async orgApi<T = unknown>(method: string, url: string, body?: unknown): Promise<HttpAnswer<T>> {
        return send<T>(`${this.world.orgUrl}/services/data/v65.0${url}`, method, this.orgToken, body);
    }

    /** Every row of a query, all its pages read (queryAll). */
    async query<T>(soql: string): Promise<T[]> {
        return queryAll<T>(this.world.orgUrl, this.orgToken, soql);
    }

    /** An @AuraEnabled method, as a Lightning component calls it. */
    async aura<T = unknown>(cls: string, method: string, params: Record<string, unknown>): Promise<HttpAnswer<T>> {
        return this.orgApi<T>('POST', `/apex/${cls}/${method}`, params);
    }

    /**
     * Partner Center's API (faults apply to it as to the org's callouts). Microsoft's client signs in again when its
     * token has expired (the emulator's tokens last an hour: a long run on a loaded machine outlasts one, and every
     * read of the final check then failed — 1,250 "mismatches" of seed 42 × 10,000 in 3,800 s).
     */
    async pc<T = unknown>(method: string, url: string, body?: unknown): Promise<HttpAnswer<T>> {
        const answer = await send<T>(`${this.world.emulatorUrl}${url}`, method, this.pcToken, body);
        if (answer.status !== 401 || !JSON.stringify(answer.body).includes('The bearer token has expired'))
            return answer;
        await this.newPcToken();
        return send<T>(`${this.world.emulatorUrl}${url}`, method, this.pcToken, body);
    }

    private async newPcToken(): Promise<void> {
        this.pcToken = (
            (await (
                await fetch(`${this.world.emulatorUrl}/_emulator/tokens`, { method: 'POST', body: '{}' })
            ).json()) as {
                access_token: string;
            }
        ).access_token;
        this.pcTokens.push(this.pcToken);
    }

    /** The emulator's control routes (never faulted); `headers` are sent with the request (e.g. If-Match). */
    async control<T = unknown>(
        method: string,
        url: string,
        body?: unknown,
        headers: Record<string, string> = {}
    ): Promise<HttpAnswer<T>> {
        return send<T>(`${this.world.emulatorUrl}/_emulator${url}`, method, undefined, body, headers);
    }

    /** Anonymous Apex in one transaction of the org; a failure throws with the source. */
    apex(source: string): void {
        const r = this.org.executeAnonymous(source);
        if (!r.success) throw new Error(`${source}: ${r.exceptionMessage}`);
    }

    /** A seller's new deal on the US customer, shared with Microsoft (its sync starts after commit); its id. */
    async shareNewDeal(name: string, amount = 1000): Promise<string> {
        const [account] = await this.query<{ Id: string }>("SELECT Id FROM Account WHERE BillingCountry = 'US'");
        const created = await this.orgApi<{ id: string }>('POST', '/sobjects/Opportunity', {
            Name: name,
            AccountId: account.Id,
            StageName: 'Qualification',
            CloseDate: '2027-06-30',
            Amount: amount,
            Sync_With_Partner_Center__c: true
        });
        if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
        return created.body.id;
    }

    async settle(): Promise<void> {
        await this.world.settle();
    }

    async stop(): Promise<void> {
        await this.world.stop();
    }
}

/** One HTTP call with a JSON body and answer (the text when the answer is not JSON). */
async function send<T>(
    url: string,
    method: string,
    token: string | undefined,
    body: unknown,
    extraHeaders: Record<string, string> = {}
): Promise<HttpAnswer<T>> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', ...extraHeaders };
    if (token) headers.Authorization = `Bearer ${token}`;
    const r = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body)
    });
    const text = await r.text();
    let parsed: unknown = text;
    try {
        parsed = text ? JSON.parse(text) : undefined;
    } catch {
        // not JSON: keep the text
    }
    return { status: r.status, body: parsed as T, headers: r.headers };
}

/**
 * Every row of a SOQL query through the org's REST API: the query resource answers 2,000 rows a page and gives the
 * next page's address in nextRecordsUrl (REST API Developer Guide, "Query"). Reading the first page
 * only made a 10,000-operation soak see 2,000 of its tens of thousands of sync logs: the failed logs after them
 * were never retried from the Sync history, and their deals ended as mismatches and lost changes.
 */
export async function queryAll<T>(orgUrl: string, token: string, soql: string): Promise<T[]> {
    type Page = { records: T[]; done: boolean; nextRecordsUrl?: string };
    const rows: T[] = [];
    let url: string | undefined = `${orgUrl}/services/data/v65.0/query?q=${encodeURIComponent(soql)}`;
    while (url) {
        const r: HttpAnswer<Page> = await send<Page>(url, 'GET', token, undefined);
        if (r.status !== 200) throw new Error(`query failed (${r.status}): ${JSON.stringify(r.body)}`);
        rows.push(...r.body.records);
        if (!r.body.done && !r.body.nextRecordsUrl) throw new Error(`query not done and no next page: ${soql}`);
        url = r.body.done ? undefined : `${orgUrl}${r.body.nextRecordsUrl}`;
    }
    return rows;
}

/** Caps the timeout of every Apex callout the org makes. */
function capCalloutTimeouts(world: LocalWorld, timeoutMs: number): void {
    const router = world.org.router;
    if (!router) throw new Error('the local org has no callout router');
    const send = router.send.bind(router);
    router.send = (request: HttpRequestValue) => {
        request.timeoutMs = Math.min(request.timeoutMs, timeoutMs);
        return send(request);
    };
}
