/**
 * A synchronous HTTP client for the local org's callouts that costs milliseconds instead of a child process per
 * call: one worker thread does the fetch while the Apex thread waits on a shared flag (Atomics.wait) and then
 * takes the answer off the message port synchronously. Same contract as the callout router's default client
 * (status, headers, base64 body, or an error such as "Read timed out").
 */
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { RawResponse, SyncHttp } from './callout-router';

const WORKER = `
const { workerData } = require('node:worker_threads');
const { port, flag } = workerData;
const signal = new Int32Array(flag);
port.on('message', (input) => {
    fetch(input.url, { method: input.method, headers: input.headers,
        body: input.body ? Buffer.from(input.body, 'base64') : undefined,
        signal: AbortSignal.timeout(input.timeoutMs) })
      .then(async (r) => { const headers = {}; r.headers.forEach((v, k) => { headers[k] = v; });
        return { status: r.status, headers, body: Buffer.from(await r.arrayBuffer()).toString('base64') }; })
      .catch((e) => ({ error: String(e && e.name === 'TimeoutError' ? 'Read timed out' : e && e.message) }))
      .then((answer) => { port.postMessage(answer); Atomics.store(signal, 0, 1); Atomics.notify(signal, 0); });
});
`;

export interface WorkerHttp {
    http: SyncHttp;
    stop(): Promise<void>;
}

export function startWorkerHttp(): WorkerHttp {
    const flag = new SharedArrayBuffer(4);
    const signal = new Int32Array(flag);
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(WORKER, { eval: true, workerData: { port: port2, flag }, transferList: [port2] });
    worker.unref();
    port1.unref();
    const http: SyncHttp = (method, url, headers, body, timeoutMs) => {
        Atomics.store(signal, 0, 0);
        port1.postMessage({ method, url, headers, body: body?.toString('base64'), timeoutMs });
        if (Atomics.wait(signal, 0, 0, timeoutMs + 5000) === 'timed-out') return { error: 'the callout worker hung' };
        const message = receiveMessageOnPort(port1);
        return (message?.message as RawResponse | undefined) ?? { error: 'the callout worker gave no answer' };
    };
    return {
        http,
        stop: async () => {
            port1.close();
            await worker.terminate();
        }
    };
}
