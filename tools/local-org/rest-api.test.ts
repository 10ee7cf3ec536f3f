/**
 * The REST API resources ts-force and ts-force-gen call (beyond local-org.test.ts): describe global and sobject
 * describe as ts-force-gen reads them, query paging through nextRecordsUrl, and sObject Collections as
 * ts-force's CompositeCollection sends them — all answered through the package's triggers.
 */
import * as path from 'node:path';
import { CompositeCollection, Rest, RestObject } from 'ts-force';
import { SObject } from '../apexrt';
import { LocalOrg } from './local-org';
import { RunningServer, serveLocalOrg } from './server';

const FIXTURE = path.join(__dirname, 'fixtures', 'project');

/** A minimal ts-force object, as ts-force-gen would generate it (without decorators: fields sent as given). */
class AccountRecord extends RestObject {
    constructor(
        fields: Record<string, unknown>,
        private readonly body: Record<string, unknown> = fields
    ) {
        super('Account');
        this.initObject(fields);
    }
    /** As a generated class's retrieve(): every page of the query. */
    static all(soql: string, rest: Rest): Promise<AccountRecord[]> {
        return RestObject.query(AccountRecord as never, soql, { restInstance: rest });
    }
    override toJson(): Record<string, unknown> {
        return { attributes: { type: 'Account' }, ...this.body };
    }
}

describe('local org REST API: what ts-force and ts-force-gen need', () => {
    let org: LocalOrg;
    let server: RunningServer;
    let rest: Rest;
    let token: string;

    beforeAll(async () => {
        org = new LocalOrg({ root: FIXTURE });
        server = await serveLocalOrg(org);
        const r = await fetch(`${server.url}/services/oauth2/token`, { method: 'POST' });
        token = ((await r.json()) as { access_token: string }).access_token;
        rest = new Rest({ instanceUrl: server.url, accessToken: token, version: 65 });
    });
    afterAll(() => server.stop());

    it('describes the org and an object as ts-force-gen reads them', async () => {
        const global = (await rest.request.get('/services/data/v65.0/sobjects')).data as {
            sobjects: { name: string; queryable: boolean }[];
        };
        expect(global.sobjects.find((o) => o.name === 'Account')).toMatchObject({ queryable: true });
        const account = await rest.getSObjectDescribe('Account');
        const name = account.fields.find((f) => f.name === 'Name')!;
        expect(name).toMatchObject({ type: 'string', createable: true, updateable: true });
        const owner = account.fields.find((f) => f.name === 'OwnerId')!;
        expect(owner).toMatchObject({ type: 'reference', referenceTo: ['User'], relationshipName: 'Owner' });
        expect(
            account.childRelationships.some((c) => c.childSObject === 'Contact' && c.relationshipName === 'Contacts')
        ).toBe(true);
        // ts-force-gen asks with a trailing slash.
        expect((await rest.request.get('/services/data/v50.0/sobjects/Contact/describe/')).status).toBe(200);
    });

    it('pages a large query through nextRecordsUrl, as ts-force follows it', async () => {
        org.transaction((run) => {
            const rows = Array.from({ length: 2105 }, (_, i) =>
                SObject.create(org.project.schema, 'Account', { Name: `Paged ${String(i).padStart(4, '0')}` })
            );
            org.data.throwOnFailure('insert', org.data.execute('insert', rows, true, run));
        });
        const first = await rest.query<{ Name: string }>(
            "SELECT Name FROM Account WHERE Name LIKE 'Paged %' ORDER BY Name"
        );
        expect(first).toMatchObject({ totalSize: 2105, done: false });
        expect(first.records).toHaveLength(2000);
        expect(first.nextRecordsUrl).toMatch(/^\/services\/data\/v65\.0\/query\/[\w-]+$/);
        const next = await rest.queryMore(first);
        expect(next).toMatchObject({ totalSize: 2105, done: true });
        expect(next.records.map((r) => r.Name)).toEqual(
            Array.from({ length: 105 }, (_, i) => `Paged ${String(2000 + i).padStart(4, '0')}`)
        );
        const all = await AccountRecord.all("SELECT Name FROM Account WHERE Name LIKE 'Paged %'", rest);
        expect(all).toHaveLength(2105);
    });

    it('counts more than 50,000 rows: the query resource is not Apex, no query-row limit counts it', async () => {
        org.peakLimits.contexts = 0;
        org.peakLimits.max = {};
        // Rows written straight to the database (no triggers: fast), then one Apex transaction through triggers.
        org.data.org.db.insert(
            Array.from({ length: 50_001 }, (_, i) =>
                SObject.create(org.project.schema, 'Account', { Name: `Bulk ${i}` })
            )
        );
        org.transaction((run) => {
            const rows = [1, 2, 3].map((i) => SObject.create(org.project.schema, 'Account', { Name: `Bulk T${i}` }));
            org.data.throwOnFailure('insert', org.data.execute('insert', rows, true, run));
        });
        const response = server.api.handle({
            method: 'GET',
            url: '/services/data/v65.0/query?q=SELECT+COUNT()+FROM+Account',
            headers: { authorization: `Bearer ${token}` },
            body: Buffer.alloc(0)
        });
        expect(response.status).toBe(200);
        const counted = response.body as { totalSize: number };
        expect(counted.totalSize).toBe(org.data.org.db.rows(org.project.schema.getObject('Account')!).length);
        expect(counted.totalSize).toBeGreaterThan(50_000);
        // The Apex transaction's use is the peak; the REST query (50,004 rows) counted toward no limit.
        expect(org.peakLimits.max.dmlRows).toEqual({ used: 3, of: 10_000 });
        expect(org.peakLimits.max.queryRows?.used ?? 0).toBeLessThan(50_000);
        // The inserts held the event loop past the server's keep-alive timeout: let it close the idle
        // connections now, before the next test sends a request on one of them.
        await new Promise((resolve) => setTimeout(resolve, 100));
    });

    it('inserts, updates and deletes sObject Collections through the triggers, one result per record', async () => {
        const collection = new CompositeCollection(rest);
        const records = [
            new AccountRecord({ Name: 'Coll A' }),
            new AccountRecord({ Name: 'Coll B', Description: 'kept' })
        ];
        const inserted = await collection.insert(records, true);
        expect(inserted.map((r) => r.success)).toEqual([true, true]);
        expect(records.map((r) => r.id)).toEqual(inserted.map((r) => r.id));
        const read = await rest.query<{ Name: string; Description: string }>(
            "SELECT Name, Description FROM Account WHERE Name LIKE 'Coll %' ORDER BY Name"
        );
        expect(read.records.map((r) => [r.Name, r.Description])).toEqual([
            ['Coll A', 'named by trigger'],
            ['Coll B', 'kept']
        ]);
        const patch = await rest.request.patch('/services/data/v65.0/composite/sobjects', {
            allOrNone: false,
            records: [
                { attributes: { type: 'Account' }, Id: inserted[0].id, Name: 'Coll A2' },
                { attributes: { type: 'Account' }, Name: 'no id' }
            ]
        });
        expect(patch.data).toEqual([
            { id: inserted[0].id, success: true, errors: [] },
            {
                id: null,
                success: false,
                errors: [{ statusCode: 'MISSING_ARGUMENT', message: 'Id not specified in an update call', fields: [] }]
            }
        ]);
        const deleted = await collection.delete(records, true);
        expect(deleted.map((r) => r.success)).toEqual([true, true]);
        const left = await rest.query("SELECT Id FROM Account WHERE Name LIKE 'Coll %'");
        expect(left.totalSize).toBe(0);
    });

    it('rolls every record back when one fails and allOrNone is set', async () => {
        const response = await rest.request.post('/services/data/v65.0/composite/sobjects', {
            allOrNone: true,
            records: [
                { attributes: { type: 'Account' }, Name: 'Atomic ok' },
                { attributes: { type: 'Account' }, Name: 'reject' }
            ]
        });
        expect(response.status).toBe(200);
        expect(response.data).toEqual([
            {
                id: null,
                success: false,
                errors: [
                    {
                        statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
                        message:
                            'Record rolled back because not all records were valid and the request was using AllOrNone header',
                        fields: []
                    }
                ]
            },
            {
                id: null,
                success: false,
                errors: [
                    {
                        statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
                        message: 'This name is not allowed',
                        fields: ['Name']
                    }
                ]
            }
        ]);
        expect((await rest.query("SELECT Id FROM Account WHERE Name = 'Atomic ok'")).totalSize).toBe(0);
        const partial = await rest.request.post('/services/data/v65.0/composite/sobjects', {
            allOrNone: false,
            records: [
                { attributes: { type: 'Account' }, Name: 'Partial ok' },
                { attributes: { type: 'Account' }, Nope__c: 1 },
                { Name: 'no type' }
            ]
        });
        const results = partial.data as { success: boolean; errors: { statusCode: string }[] }[];
        expect(results.map((r) => r.success)).toEqual([true, false, false]);
        expect(results.map((r) => r.errors[0]?.statusCode)).toEqual([undefined, 'INVALID_FIELD', 'INVALID_TYPE']);
        expect((await rest.query("SELECT Id FROM Account WHERE Name = 'Partial ok'")).totalSize).toBe(1);
    });

    it("adds a subscriber's custom field through the Tooling API; Apex, SOQL and the REST API then use it", async () => {
        const created = await rest.request.post('/services/data/v65.0/tooling/sobjects/CustomField', {
            FullName: 'Account.Pilot_Notes__c',
            Metadata: { label: 'Pilot notes', type: 'Text', length: 80 }
        });
        expect(created.status).toBe(201);
        expect((created.data as { id: string }).id).toMatch(/^00N\w{12}$/);
        const describe = await rest.getSObjectDescribe('Account');
        expect(describe.fields.find((f) => f.name === 'Pilot_Notes__c')).toMatchObject({
            label: 'Pilot notes',
            type: 'string',
            length: 80,
            custom: true,
            updateable: true
        });
        const account = (
            await rest.request.post('/services/data/v65.0/sobjects/Account', {
                Name: 'Subscriber field',
                Pilot_Notes__c: 'Prague in May'
            })
        ).data as { id: string };
        const found = await rest.query<{ Pilot_Notes__c: string }>(
            `SELECT Pilot_Notes__c FROM Account WHERE Id = '${account.id}'`
        );
        expect(found.records[0].Pilot_Notes__c).toBe('Prague in May');
        const apex = org.executeAnonymous(
            "Schema.DescribeFieldResult d = Account.SObjectType.getDescribe().fields.getMap().get('Pilot_Notes__c').getDescribe();" +
                ' System.assertEquals(80, d.getLength()); System.assert(d.isCustom());'
        );
        expect(apex.success).toBe(true);
    });

    it('refuses a custom field it cannot model, or one that exists, with the reason', async () => {
        const post = (body: unknown) =>
            rest.request
                .post('/services/data/v65.0/tooling/sobjects/CustomField', body)
                .catch(
                    (e: { response: { status: number; data: { errorCode: string; message: string }[] } }) => e.response
                );
        const formula = await post({
            FullName: 'Account.Score__c',
            Metadata: { label: 'Score', type: 'Formula', formula: '1' }
        });
        expect(formula.status).toBe(400);
        expect((formula.data as { message: string }[])[0].message).toContain('not supported by the local org');
        const again = await post({ FullName: 'Account.Name__c', Metadata: { label: 'x', type: 'Text' } });
        expect(again.status).toBe(201);
        const duplicate = await post({ FullName: 'Account.Name__c', Metadata: { label: 'x', type: 'Text' } });
        expect((duplicate.data as { errorCode: string }[])[0].errorCode).toBe('DUPLICATE_DEVELOPER_NAME');
        const standard = await post({ FullName: 'Account.Site', Metadata: { label: 'x', type: 'Text' } });
        expect((standard.data as { errorCode: string }[])[0].errorCode).toBe('INVALID_FIELD');
    });
});
