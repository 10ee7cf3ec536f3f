import * as path from 'node:path';
import { Rest } from 'ts-force';
import { LocalOrg } from './local-org';
import { RunningServer, serveLocalOrg } from './server';

const FIXTURE = path.join(__dirname, 'fixtures', 'project');

describe('local org REST API', () => {
    let server: RunningServer;
    let token: string;

    beforeAll(async () => {
        server = await serveLocalOrg(new LocalOrg({ root: FIXTURE }));
        const r = await fetch(`${server.url}/services/oauth2/token`, { method: 'POST' });
        token = ((await r.json()) as { access_token: string }).access_token;
    });
    afterAll(() => server.stop());

    const call = (method: string, url: string, body?: unknown): Promise<Response> =>
        fetch(`${server.url}${url}`, {
            method,
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: body === undefined ? undefined : JSON.stringify(body)
        });

    it('refuses calls without a token', async () => {
        const r = await fetch(`${server.url}/services/data/v65.0/sobjects`);
        expect(r.status).toBe(401);
        expect(await r.json()).toEqual([
            { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID', fields: [] }
        ]);
    });

    it('creates a record through triggers, reads, updates and deletes it', async () => {
        const created = await call('POST', '/services/data/v65.0/sobjects/Account', { Name: 'Contoso' });
        expect(created.status).toBe(201);
        const { id } = (await created.json()) as { id: string };
        const read = (await (
            await call('GET', `/services/data/v65.0/sobjects/Account/${id}?fields=Name,Description`)
        ).json()) as Record<string, unknown>;
        expect(read).toMatchObject({
            Name: 'Contoso',
            Description: 'named by trigger',
            attributes: { type: 'Account' }
        });
        expect(
            (await call('PATCH', `/services/data/v65.0/sobjects/Account/${id}`, { Name: 'Contoso Ltd' })).status
        ).toBe(204);
        expect((await call('DELETE', `/services/data/v65.0/sobjects/Account/${id}`)).status).toBe(204);
        expect((await call('GET', `/services/data/v65.0/sobjects/Account/${id}`)).status).toBe(404);
    });

    it('reports a trigger error as the REST API does', async () => {
        const r = await call('POST', '/services/data/v65.0/sobjects/Account', { Name: 'reject' });
        expect(r.status).toBe(400);
        expect(await r.json()).toEqual([
            { message: 'This name is not allowed', errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', fields: ['Name'] }
        ]);
        const bad = await call('POST', '/services/data/v65.0/sobjects/Account', { Nope__c: 1 });
        expect(((await bad.json()) as { errorCode: string }[])[0].errorCode).toBe('INVALID_FIELD');
    });

    it('answers ts-force queries and describe', async () => {
        for (let i = 0; i < 3; i++) await call('POST', '/services/data/v65.0/sobjects/Account', { Name: `Q${i}` });
        const rest = new Rest({ instanceUrl: server.url, accessToken: token, version: 65 });
        const result = await rest.query<{ Name: string }>(
            "SELECT Name FROM Account WHERE Name LIKE 'Q%' ORDER BY Name"
        );
        expect(result.records.map((r) => r.Name)).toEqual(['Q0', 'Q1', 'Q2']);
        const describe = (await (await call('GET', '/services/data/v65.0/sobjects/Account/describe')).json()) as {
            name: string;
            fields: { name: string }[];
        };
        expect(describe.name).toBe('Account');
        expect(describe.fields.some((f) => f.name === 'Name')).toBe(true);
    });

    it("serves the package's Apex REST resources under its namespace without a session (Site guest)", async () => {
        const r = await fetch(`${server.url}/services/apexrest/cosell/ping/abc`, { method: 'POST', body: '{}' });
        expect(r.status).toBe(202);
        const q = (await (
            await call('GET', "/services/data/v65.0/query?q=SELECT+Description+FROM+Account+WHERE+Name='from rest'")
        ).json()) as {
            records: { Description: string }[];
        };
        expect(q.records[0].Description).toBe('/cosell/ping/abc');
    });

    it('calls @AuraEnabled methods with named parameters and Lightning serialisation', async () => {
        const created = await call('POST', '/services/data/v65.0/sobjects/Account', { Name: 'Aura' });
        const { id } = (await created.json()) as { id: string };
        const r = await call('POST', '/services/data/v65.0/apex/AccountPanelController/summarise', {
            accountId: id,
            includeContacts: true
        });
        expect(r.status).toBe(200);
        expect(await r.json()).toEqual({ name: 'Aura', contacts: 0 });
        const missing = await call('POST', '/services/data/v65.0/apex/AccountPanelController/summarise', {
            accountId: '001000000000000AAA',
            includeContacts: false
        });
        expect(missing.status).toBe(400);
        expect(await missing.json()).toEqual({
            message: 'No such account',
            exceptionType: 'System.AuraHandledException'
        });
    });
});
