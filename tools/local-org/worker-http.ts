/**
 * A synchronous HTTP client for the local org's callouts that costs milliseconds instead of a child process per
 * call: one worker thread does the fetch while the Apex thread waits on a shared counter (Atomics.wait) and then
 * takes the answer off the message port synchronously. Same contract as the callout router's default client
 * (status, headers, base64 body, or an error such as "Read timed out").
 * Each request carries a number and its answer the same number: an answer that comes after the Apex thread gave
 * up on it is never taken for the next call's. A worker that gave no answer in time is ended and the next call
 * starts a fresh one, so one stuck worker cannot make every later callout wait out its deadline.
 */
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { RawResponse, SyncHttp } from './callout-router';

const WORKER = `
const { workerData } = require('node:worker_threads');
const { port, flag } = workerData;
const answered = new Int32Array(flag);
port.on('message', (input) => {
    Promise.resolve()
      .then(() => fetch(input.url, { method: input.method, headers: input.headers,
        body: input.body ? Buffer.from(input.body, 'base64') : undefined,
        signal: AbortSignal.timeout(input.timeoutMs) }))
      .then(async (r) => { const headers = {}; r.headers.forEach((v, k) => { headers[k] = v; });
        return { status: r.status, headers, body: Buffer.from(await r.arrayBuffer()).toString('base64') }; })
      .catch((e) => ({ error: String(e && e.name === 'TimeoutError' ? 'Read timed out' : e && e.message) }))
      .then((answer) => { port.postMessage({ id: input.id, answer }); Atomics.add(answered, 0, 1);
        Atomics.notify(answered, 0); });
});
`;

export interface WorkerHttp {
    http: SyncHttp;
    stop(): Promise<void>;
}

export interface WorkerHttpOptions {
    /**
     * How much longer than the request's own timeout the Apex thread waits for the worker's answer (the worker
     * answers "Read timed out" at the timeout itself; this covers a busy machine). Default 5 s.
     */
    graceMs?: number;
}

interface Thread {
    worker: Worker;
    port: MessagePort;
    answered: Int32Array;
}

function startThread(): Thread {
    const flag = new SharedArrayBuffer(4);
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(WORKER, { eval: true, workerData: { port: port2, flag }, transferList: [port2] });
    worker.unref();
    port1.unref();
    return { worker, port: port1, answered: new Int32Array(flag) };
}

function endThread(thread: Thread): Promise<number> {
    thread.port.close();
    return thread.worker.terminate();
}

export function startWorkerHttp(options: WorkerHttpOptions = {}): WorkerHttp {
    const graceMs = options.graceMs ?? 5000;
    let thread: Thread | undefined;
    let lastId = 0;
    const ended: Array<Promise<number>> = [];
    const http: SyncHttp = (method, url, headers, body, timeoutMs) => {
        const current = (thread ??= startThread());
        const id = ++lastId;
        current.port.postMessage({ id, method, url, headers, body: body?.toString('base64'), timeoutMs });
        const deadline = Date.now() + timeoutMs + graceMs;
        for (;;) {
            const seen = Atomics.load(current.answered, 0);
            for (let m = receiveMessageOnPort(current.port); m; m = receiveMessageOnPort(current.port)) {
                const message = m.message as { id: number; answer: RawResponse };
                // An earlier call's late answer: that call has already returned.
                if (message.id === id) return message.answer;
            }
            const left = deadline - Date.now();
            if (left <= 0) break;
            Atomics.wait(current.answered, 0, seen, left);
        }
        thread = undefined;
        ended.push(endThread(current));
        return { error: 'the callout worker hung' };
    };
    return {
        http,
        stop: async () => {
            if (thread) ended.push(endThread(thread));
            thread = undefined;
            await Promise.all(ended);
        }
    };
}
