/** The local org's HTTP server: the REST API subset (rest-api.ts) on a local port. */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LocalOrg } from './local-org';
import { ApiRequest, RestApi } from './rest-api';

export interface RunningServer {
    url: string;
    api: RestApi;
    stop(): Promise<void>;
}

export async function serveLocalOrg(org: LocalOrg, port = 0): Promise<RunningServer> {
    let url = '';
    const api = new RestApi(org, () => url);
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
            const request: ApiRequest = {
                method: req.method ?? 'GET',
                url: req.url ?? '/',
                headers,
                body: Buffer.concat(chunks)
            };
            let status = 500;
            let responseHeaders: Record<string, string> = {};
            let body: Buffer = Buffer.alloc(0);
            try {
                const r = api.handle(request);
                status = r.status;
                responseHeaders = r.headers ?? {};
                if (Buffer.isBuffer(r.body)) body = r.body;
                else if (r.body !== undefined) {
                    body = Buffer.from(JSON.stringify(r.body));
                    responseHeaders['content-type'] = 'application/json;charset=UTF-8';
                }
            } catch (e) {
                body = Buffer.from(
                    JSON.stringify([
                        { message: e instanceof Error ? e.message : String(e), errorCode: 'UNKNOWN_EXCEPTION' }
                    ])
                );
                responseHeaders['content-type'] = 'application/json;charset=UTF-8';
            }
            res.writeHead(status, responseHeaders);
            res.end(body);
        });
    });
    // The server shares its process with the org's synchronous Apex, which holds the event loop for seconds: Node's
    // default 5-second idle close then races a client that reuses the connection at that instant, and a request
    // sent on it is lost ("other side closed", ECONNRESET). 0 turns the server's idle close off (Node.js docs,
    // "server.keepAliveTimeout"): only the client closes idle connections, and it knows when it does.
    server.keepAliveTimeout = 0;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // URL.getOrgDomainUrl() in the org's Apex: the address it is served at.
    org.data.domainUrl = url;
    return {
        url,
        api,
        stop: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())))
    };
}

/** An access token from the local org's OAuth endpoint (it grants one to anybody who asks: a local org only). */
export async function fetchOrgToken(orgUrl: string): Promise<string> {
    const response = await fetch(`${orgUrl}/services/oauth2/token`, { method: 'POST' });
    if (!response.ok) throw new Error(`the local org gave no token: ${response.status}`);
    return ((await response.json()) as { access_token: string }).access_token;
}
