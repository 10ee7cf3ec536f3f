import { Worker } from 'node:worker_threads';
import { startWorkerHttp } from './worker-http';

/**
 * The synchronous callout client: an answer belongs to the call that asked for it, even when an earlier call was
 * given up on and its answer comes late. The server runs on a thread of its own: this thread blocks in
 * Atomics.wait during a call, so a server here could not answer.
 */
const SERVER = `
const { parentPort } = require('node:worker_threads');
const http = require('node:http');
const server = http.createServer((req, res) => {
    const delay = Number(new URL(req.url, 'http://x').searchParams.get('delay') ?? 0);
    setTimeout(() => res.end(req.url), delay);
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', () => server.close(() => process.exit(0)));
`;

describe('worker-http', () => {
    let server: Worker;
    let url = '';

    beforeAll(async () => {
        server = new Worker(SERVER, { eval: true });
        const port = await new Promise<number>((resolve) => server.once('message', resolve));
        url = `http://127.0.0.1:${port}`;
    });
    afterAll(async () => {
        server.postMessage('stop');
        await new Promise((resolve) => server.once('exit', resolve));
    });

    const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
    const text = (body: string | undefined): string => Buffer.from(body ?? '', 'base64').toString('utf8');

    it('never hands a call the late answer of a call it gave up on, and recovers from a worker that hung', async () => {
        // A negative grace: the Apex thread gives up 1.5 s before the request's own timeout (5 s), so /first,
        // answered after 1 s, answers after it was given up on — as a worker too busy to answer in time would.
        const client = startWorkerHttp({ graceMs: -4500 });
        try {
            // The worker is up (its start is not part of what follows).
            expect(client.http('GET', `${url}/warm-up`, {}, null, 30_000).status).toBe(200);
            expect(client.http('GET', `${url}/first?delay=1000`, {}, null, 5000)).toEqual({
                error: 'the callout worker hung'
            });
            await sleep(1500);
            const second = client.http('GET', `${url}/second`, {}, null, 30_000);
            expect(second.status).toBe(200);
            expect(text(second.body)).toBe('/second');
            const third = client.http('GET', `${url}/third`, {}, null, 30_000);
            expect(text(third.body)).toBe('/third');
        } finally {
            await client.stop();
        }
    }, 90_000);

    it('answers "Read timed out" when the server does not answer within the timeout', async () => {
        const client = startWorkerHttp();
        try {
            expect(client.http('GET', `${url}/warm-up`, {}, null, 30_000).status).toBe(200);
            expect(client.http('GET', `${url}/slow?delay=3000`, {}, null, 500)).toEqual({ error: 'Read timed out' });
        } finally {
            await client.stop();
        }
    }, 90_000);
});
