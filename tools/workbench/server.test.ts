import fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { settleWithin } from '../local-org/settle';
import { startWorkbenchServer, type RunningWorkbench } from './server';

/** A stand-in upstream that echoes what it received. */
async function echoServer(name: string): Promise<{ url: string; close(): Promise<void> }> {
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
            res.writeHead(201, { 'content-type': 'application/json' });
            res.end(
                JSON.stringify({
                    upstream: name,
                    method: req.method,
                    url: req.url,
                    authorization: req.headers.authorization ?? null,
                    body: Buffer.concat(chunks).toString('utf8')
                })
            );
        });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise<void>((resolve) => server.close(() => resolve()))
    };
}

describe('workbench server', () => {
    let org: Awaited<ReturnType<typeof echoServer>>;
    let emulator: Awaited<ReturnType<typeof echoServer>>;
    let workbench: RunningWorkbench;
    let settled = 0;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workbench-'));

    beforeAll(async () => {
        fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>page</title>');
        fs.writeFileSync(path.join(dir, 'app.js'), 'export {};');
        org = await echoServer('org');
        emulator = await echoServer('emulator');
        workbench = await startWorkbenchServer({
            dir,
            orgUrl: org.url,
            emulatorUrl: emulator.url,
            settle: async () => {
                settled++;
            }
        });
    });

    afterAll(async () => {
        await workbench.stop();
        await org.close();
        await emulator.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it('serves the page, its script and SLDS', async () => {
        const page = await fetch(`${workbench.url}/`);
        expect(page.headers.get('content-type')).toMatch(/text\/html/);
        expect(await page.text()).toContain('<title>page</title>');
        expect((await fetch(`${workbench.url}/app.js`)).headers.get('content-type')).toMatch(/javascript/);
        const slds = await fetch(`${workbench.url}/slds/styles/salesforce-lightning-design-system.min.css`);
        expect(slds.status).toBe(200);
        expect(slds.headers.get('content-type')).toMatch(/text\/css/);
    });

    it('refuses paths outside its folders', async () => {
        expect((await fetch(`${workbench.url}/missing.js`)).status).toBe(404);
        expect((await fetch(`${workbench.url}/slds/..%2F..%2Fpackage.json`)).status).toBe(404);
    });

    it('forwards /services/* to the org and /_emulator/* to the emulator, with method, token and body', async () => {
        const toOrg = await fetch(`${workbench.url}/services/data/v65.0/apex/C/m?x=1`, {
            method: 'POST',
            headers: { Authorization: 'Bearer t', 'Content-Type': 'application/json' },
            body: '{"a":1}'
        });
        expect(toOrg.status).toBe(201);
        expect(await toOrg.json()).toEqual({
            upstream: 'org',
            method: 'POST',
            url: '/services/data/v65.0/apex/C/m?x=1',
            authorization: 'Bearer t',
            body: '{"a":1}'
        });
        const toEmulator = (await (await fetch(`${workbench.url}/_emulator/state`)).json()) as { upstream: string };
        expect(toEmulator.upstream).toBe('emulator');
    });

    it('settles on request', async () => {
        const r = await fetch(`${workbench.url}/_workbench/settle`, { method: 'POST' });
        expect(r.status).toBe(204);
        expect(settled).toBe(1);
    });

    it('answers a settle that is stuck past its deadline with an error listing the pending work', async () => {
        // A job that never ends: the wait never resolves.
        const stuck = await startWorkbenchServer({
            dir,
            orgUrl: org.url,
            emulatorUrl: emulator.url,
            settle: () =>
                settleWithin(new Promise<void>(() => undefined), 200, 'the local world', () => [
                    'InboundSync running for 0.2 s',
                    'callout GET http://127.0.0.1:1/v1.0/engagements/referrals/x in flight for 0.2 s'
                ])
        });
        try {
            const r = await fetch(`${stuck.url}/_workbench/settle`, { method: 'POST' });
            expect(r.status).toBe(502);
            expect(await r.text()).toBe(
                'the local world did not settle within 0.2 s; pending: InboundSync running for 0.2 s; ' +
                    'callout GET http://127.0.0.1:1/v1.0/engagements/referrals/x in flight for 0.2 s'
            );
        } finally {
            await stuck.stop();
        }
    });
});
