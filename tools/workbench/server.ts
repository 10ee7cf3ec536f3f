/**
 * The workbench's small HTTP server (started by `npm start`): the built page (buildWorkbench's output), SLDS from
 * `@salesforce-ux/design-system`, and — so that the page needs no CORS and no addresses — a pass-through of
 * `/services/*` to the local org and of `/_emulator/*` to the Partner Center emulator. `POST /_workbench/settle`
 * waits until the emulator's webhooks are delivered and the org's async work is done (the page calls it after an
 * action, then shows the result).
 */
import fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const SLDS = path.join(path.dirname(require.resolve('@salesforce-ux/design-system/package.json')), 'assets');

const TYPES: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.svg': 'image/svg+xml',
    '.woff2': 'font/woff2',
    '.woff': 'font/woff',
    '.png': 'image/png'
};

export interface WorkbenchOptions {
    /** Folder with index.html and app.js (buildWorkbench's output). */
    dir: string;
    orgUrl: string;
    emulatorUrl: string;
    settle: () => Promise<void>;
    port?: number;
}

export interface RunningWorkbench {
    url: string;
    stop(): Promise<void>;
}

function sendFile(res: http.ServerResponse, base: string, relative: string): void {
    const file = path.resolve(base, relative);
    if (!file.startsWith(base + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
}

async function forward(req: http.IncomingMessage, body: Buffer, target: string, res: http.ServerResponse) {
    const headers: Record<string, string> = {};
    for (const name of ['authorization', 'content-type', 'if-match', 'prefer'])
        if (typeof req.headers[name] === 'string') headers[name] = req.headers[name];
    const response = await fetch(target + (req.url ?? '/'), {
        method: req.method,
        headers,
        body: req.method === 'GET' || req.method === 'HEAD' ? undefined : new Uint8Array(body)
    });
    const out: Record<string, string> = {};
    const type = response.headers.get('content-type');
    if (type) out['content-type'] = type;
    res.writeHead(response.status, out).end(Buffer.from(await response.arrayBuffer()));
}

export async function startWorkbenchServer(options: WorkbenchOptions): Promise<RunningWorkbench> {
    const dir = path.resolve(options.dir);
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
            const pathname = new URL(req.url ?? '/', 'http://workbench').pathname;
            const handle = async (): Promise<void> => {
                if (pathname.startsWith('/services/')) return forward(req, Buffer.concat(chunks), options.orgUrl, res);
                if (pathname.startsWith('/_emulator/'))
                    return forward(req, Buffer.concat(chunks), options.emulatorUrl, res);
                if (pathname === '/_workbench/settle' && req.method === 'POST') {
                    await options.settle();
                    res.writeHead(204).end();
                    return;
                }
                if (pathname === '/_workbench/config')
                    return void res
                        .writeHead(200, { 'content-type': 'application/json' })
                        .end(JSON.stringify({ orgUrl: options.orgUrl, emulatorUrl: options.emulatorUrl }));
                if (pathname.startsWith('/slds/')) return sendFile(res, SLDS, pathname.slice('/slds/'.length));
                sendFile(res, dir, pathname === '/' ? 'index.html' : pathname.slice(1));
            };
            handle().catch((e: unknown) => {
                if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
                res.end(e instanceof Error ? e.message : String(e));
            });
        });
    });
    await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port ?? 0, '127.0.0.1', resolve);
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
        url,
        stop: () =>
            new Promise<void>((resolve, reject) => {
                server.closeAllConnections();
                server.close((e) => (e ? reject(e) : resolve()));
            })
    };
}
