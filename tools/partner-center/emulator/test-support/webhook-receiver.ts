// A webhook receiver on 127.0.0.1 for tests: records every POST and answers with scripted statuses.

import http, { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
    headers: IncomingHttpHeaders;
    body: Buffer;
    json: any;
}

export interface WebhookReceiver {
    url: string;
    received: ReceivedWebhook[];
    /** Statuses to answer with, in order; afterwards 200. */
    respondWith(statuses: number[]): void;
    close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
    const received: ReceivedWebhook[] = [];
    let script: number[] = [];
    const server = http.createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
            const body = Buffer.concat(chunks);
            received.push({ headers: request.headers, body, json: JSON.parse(body.toString('utf8')) });
            response.writeHead(script.shift() ?? 200);
            response.end();
        });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}/services/apexrest/cosell/webhook`,
        received,
        respondWith: (statuses) => {
            script = [...statuses];
        },
        close: () =>
            new Promise<void>((resolve) => {
                server.close(() => resolve());
                server.closeAllConnections();
            })
    };
}
