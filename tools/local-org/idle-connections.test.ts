/**
 * The local world's HTTP servers never close an idle keep-alive connection themselves. They share their process with
 * synchronous Apex that holds the event loop for seconds, and Node's default idle close (5 s) then raced clients that
 * reused the connection at that instant: a soak run and a bench run each lost a request ("other side closed",
 * ECONNRESET). A server with an idle timeout announces it (`Keep-Alive: timeout=N`) and closes the socket after N
 * seconds of silence; these must do neither, so the client alone decides when an idle connection ends.
 */
import * as net from 'node:net';
import * as path from 'node:path';
import { startEmulator } from '../partner-center/emulator/server';
import { LocalOrg } from './local-org';
import { serveLocalOrg } from './server';

const FIXTURE = path.join(__dirname, 'fixtures', 'project');

/** Sends raw keep-alive GETs on one socket, `pauseMs` apart; resolves with each answer's head (or why it ended). */
function twoRequestsOnOneConnection(url: string, pathName: string, pauseMs: number): Promise<string[]> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve, reject) => {
        const heads: string[] = [];
        const socket = net.connect(Number(port), hostname);
        let buffer = '';
        const ask = (): boolean =>
            socket.write(`GET ${pathName} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: keep-alive\r\n\r\n`);
        socket.on('connect', ask);
        socket.on('data', (chunk) => {
            buffer += chunk.toString('latin1');
            const end = buffer.indexOf('\r\n\r\n');
            if (end < 0) return;
            const head = buffer.slice(0, end);
            // The body: Content-Length bytes, or chunks up to the last (empty) one.
            let bodyEnd = end + 4 + Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
            if (/transfer-encoding: *chunked/i.test(head)) {
                const last = buffer.indexOf('0\r\n\r\n', end + 4);
                if (last < 0) return;
                bodyEnd = last + 5;
            }
            if (buffer.length < bodyEnd) return;
            heads.push(head);
            buffer = buffer.slice(bodyEnd);
            if (heads.length === 1) setTimeout(ask, pauseMs);
            else {
                socket.end();
                resolve(heads);
            }
        });
        socket.on('end', () => resolve([...heads, 'closed by the server']));
        socket.on('error', reject);
    });
}

describe('the local world servers leave idle connections to the client', () => {
    it('neither announces an idle timeout nor closes a connection that stays silent past the default', async () => {
        const org = new LocalOrg({ root: FIXTURE });
        const orgServer = await serveLocalOrg(org);
        const emulator = await startEmulator({ seed: 'idle' });
        try {
            // 5.5 s: longer than Node's default idle close (5 s), which ended the connection before.
            const [orgHeads, emulatorHeads] = await Promise.all([
                twoRequestsOnOneConnection(orgServer.url, '/services/data/', 5_500),
                twoRequestsOnOneConnection(emulator.url, '/_emulator/state', 5_500)
            ]);
            for (const heads of [orgHeads, emulatorHeads]) {
                expect(heads).toHaveLength(2);
                expect(heads[1]).toMatch(/^HTTP\/1\.1 \d{3}/);
                for (const head of heads) expect(head).not.toMatch(/keep-alive: *timeout/i);
            }
        } finally {
            await Promise.all([orgServer.stop(), emulator.stop()]);
        }
    }, 20_000);
});
