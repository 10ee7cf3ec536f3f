/**
 * The soak's queries read every page: the org's REST API answers 2,000 rows a page, and a 10,000-operation soak
 * writes tens of thousands of sync logs. Reading the first page only left most failed logs unretried (their
 * deals ended as mismatches and lost changes at 10,000 operations, never at 1,000).
 */
import * as path from 'node:path';
import { SObject } from '../apexrt';
import { LocalOrg } from '../local-org/local-org';
import { fetchOrgToken, RunningServer, serveLocalOrg } from '../local-org/server';
import { queryAll } from './soak-world';

const FIXTURE = path.join(__dirname, '..', 'local-org', 'fixtures', 'project');

describe('soak world queries', () => {
    let org: LocalOrg;
    let server: RunningServer;
    let token: string;

    beforeAll(async () => {
        org = new LocalOrg({ root: FIXTURE });
        server = await serveLocalOrg(org);
        token = await fetchOrgToken(server.url);
    });
    afterAll(() => server.stop());

    it('reads every page of a result larger than the 2,000 rows of one page', async () => {
        org.transaction((run) => {
            const rows = Array.from({ length: 4321 }, (_, i) =>
                SObject.create(org.project.schema, 'Account', { Name: `Soak row ${String(i).padStart(4, '0')}` })
            );
            org.data.throwOnFailure('insert', org.data.execute('insert', rows, true, run));
        });
        const rows = await queryAll<{ Name: string }>(
            server.url,
            token,
            "SELECT Name FROM Account WHERE Name LIKE 'Soak row %' ORDER BY Name"
        );
        expect(rows.map((r) => r.Name)).toEqual(
            Array.from({ length: 4321 }, (_, i) => `Soak row ${String(i).padStart(4, '0')}`)
        );
    });

    it('reads a small result in one page, and a failed query fails loudly', async () => {
        expect(await queryAll(server.url, token, "SELECT Id FROM Account WHERE Name = 'nobody'")).toEqual([]);
        await expect(queryAll(server.url, token, 'SELECT Nothing FROM Nowhere')).rejects.toThrow(
            /query failed \(400\)/
        );
    });
});
