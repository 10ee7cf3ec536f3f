/**
 * The workbench page's one way to the local org: its REST API on the same origin (the workbench server forwards
 * /services/* to the local org), with a session token from /services/oauth2/token. Errors are thrown the way
 * Lightning reports them to a component: `{ status, body: { message } }`.
 */
export const API = '/services/data/v65.0';

let session: Promise<string> | undefined;

function token(): Promise<string> {
    session ??= fetch('/services/oauth2/token', { method: 'POST' })
        .then((r) => r.json() as Promise<{ access_token: string }>)
        .then((t) => t.access_token);
    return session;
}

export interface LightningError {
    status: number;
    body: { message: string; errorCode?: string };
}

/** A REST call on the local org: JSON in, JSON out (undefined for 204). */
export async function orgFetch(method: string, url: string, body?: unknown): Promise<unknown> {
    const response = await fetch(url, {
        method,
        headers: { Authorization: `Bearer ${await token()}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body)
    });
    if (response.status === 204) return undefined;
    const text = await response.text();
    const json: unknown = text ? JSON.parse(text) : null;
    if (!response.ok) {
        const first = (Array.isArray(json) ? json[0] : json) as { message?: string; errorCode?: string } | null;
        const error: LightningError = {
            status: response.status,
            body: { message: first?.message ?? `HTTP ${response.status}`, errorCode: first?.errorCode }
        };
        throw error;
    }
    return json;
}

/** SOQL over the REST API. */
export async function query<T>(soql: string): Promise<T[]> {
    return ((await orgFetch('GET', `${API}/query?q=${encodeURIComponent(soql)}`)) as { records: T[] }).records;
}
