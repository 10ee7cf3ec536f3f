import * as path from 'node:path';
import { LocalOrg } from './local-org';
import { fetchOrgToken, RunningServer, serveLocalOrg } from './server';

const FIXTURE = path.join(__dirname, 'fixtures', 'project');

function descriptions(org: LocalOrg): Record<string, unknown> {
    const rows = org.data.org.db.rows(org.project.schema.getObject('Account')!);
    return Object.fromEntries(rows.map((r) => [r.name, r.description ?? null]));
}

describe('Execute Anonymous against the local org', () => {
    let org: LocalOrg;
    beforeEach(() => {
        org = new LocalOrg({ root: FIXTURE });
    });
    afterEach(() => org.scheduler.stop());

    it("runs a block with the org's triggers and keeps its data", () => {
        const result = org.executeAnonymous("insert new Account(Name = 'Contoso');\nSystem.debug('done');");
        expect(result).toMatchObject({ compiled: true, success: true, exceptionMessage: null });
        expect(result.debugLines.join('\n')).toContain('done');
        expect(descriptions(org)).toEqual({ Contoso: 'named by trigger' });
    });

    it('answers URL.getOrgDomainUrl() with the address the org is served at', async () => {
        const server = await serveLocalOrg(org);
        try {
            const result = org.executeAnonymous('System.debug(URL.getOrgDomainUrl().toExternalForm());');
            expect(result.success).toBe(true);
            expect(result.debugLines).toEqual([server.url]);
        } finally {
            await server.stop();
        }
    });

    it("shares the org's classes: a static the block sets is the one its trigger reads", () => {
        org.executeAnonymous("TriggerSwitch.naming = false;\ninsert new Account(Name = 'Quiet');");
        org.executeAnonymous("insert new Account(Name = 'Loud');");
        expect(descriptions(org)).toEqual({ Quiet: null, Loud: 'named by trigger' });
    });

    it('rolls the whole block back when it ends with an uncaught exception', () => {
        const result = org.executeAnonymous("insert new Account(Name = 'Kept?');\nInteger i = null;\ni++;");
        expect(result).toMatchObject({ compiled: true, success: false, line: 3 });
        expect(result.exceptionMessage).toMatch(/^System\.NullPointerException: /);
        expect(result.exceptionStackTrace).toContain('AnonymousBlock: line 3');
        expect(descriptions(org)).toEqual({});
    });

    it('reports a compile problem with its position and leaves no trace of the block', () => {
        const result = org.executeAnonymous('class Helper {}\nNoSuchType x = null;');
        expect(result).toMatchObject({ compiled: false, success: false, line: 2 });
        expect(result.compileProblem).toBe('not supported by apexrt: type NoSuchType');
        // The block's own types are gone: the next block may declare them again.
        expect(org.executeAnonymous("class Helper {}\nSystem.debug('again');").success).toBe(true);
        expect(org.executeAnonymous('if (true) {').compiled).toBe(false);
    });

    it('is served as the Tooling API executeAnonymous resource', async () => {
        const server: RunningServer = await serveLocalOrg(org);
        try {
            const token = await fetchOrgToken(server.url);
            const body = encodeURIComponent("insert new Account(Name = 'Over REST');");
            const r = await fetch(`${server.url}/services/data/v65.0/tooling/executeAnonymous/?anonymousBody=${body}`, {
                headers: { Authorization: `Bearer ${token}` }
            });
            expect(r.status).toBe(200);
            expect(await r.json()).toEqual({
                line: -1,
                column: -1,
                compiled: true,
                success: true,
                compileProblem: null,
                exceptionStackTrace: null,
                exceptionMessage: null
            });
            expect(descriptions(org)).toEqual({ 'Over REST': 'named by trigger' });
        } finally {
            await server.stop();
        }
    });
});

describe('settings changed as an admin does in Setup', () => {
    it('are what the package reads afterwards (custom metadata is read-only to Apex)', () => {
        const org = new LocalOrg();
        try {
            const read = (): string[] =>
                org.executeAnonymous(
                    "System.debug(Co_Sell_Setting__mdt.getInstance('Default').Webhook_Site_Url__c);\nSystem.debug([SELECT Webhook_Site_Url__c FROM Co_Sell_Setting__mdt WHERE DeveloperName = 'Default'].Webhook_Site_Url__c);"
                ).debugLines;
            expect(read()).toEqual(['null', 'null']);
            org.setSetting('Webhook_Site_Url__c', 'https://cosell.example.my.salesforce-sites.com');
            expect(read()).toEqual([
                'https://cosell.example.my.salesforce-sites.com',
                'https://cosell.example.my.salesforce-sites.com'
            ]);
        } finally {
            org.scheduler.stop();
        }
    });

    it('a custom metadata record deployed later is read by getAll and SOQL, updated by a redeploy; an unknown field fails', () => {
        const org = new LocalOrg();
        try {
            const read = (): string[] =>
                org.executeAnonymous(
                    "Co_Sell_Routing_Rule__mdt r = Co_Sell_Routing_Rule__mdt.getAll().get('DACH');\nSystem.debug(r.Order__c + ' ' + r.Customer_Countries__c + ' ' + r.Active__c);\nSystem.debug([SELECT COUNT() FROM Co_Sell_Routing_Rule__mdt WHERE Queue__c = 'DACH_Sellers']);"
                ).debugLines;
            org.deployCustomMetadata('Co_Sell_Routing_Rule__mdt', 'DACH', {
                Active__c: 'true',
                Order__c: '10',
                Customer_Countries__c: 'DE,AT,CH',
                Queue__c: 'DACH_Sellers',
                Owner_Username__c: null
            });
            expect(read()).toEqual(['10 DE,AT,CH true', '1']);
            org.deployCustomMetadata('Co_Sell_Routing_Rule__mdt', 'DACH', { Customer_Countries__c: 'DE' });
            expect(read()).toEqual(['10 DE true', '1']);
            expect(() => org.deployCustomMetadata('Co_Sell_Routing_Rule__mdt', 'Other', { Nope__c: '1' })).toThrow(
                /field Nope__c not found/
            );
        } finally {
            org.scheduler.stop();
        }
    });
});
