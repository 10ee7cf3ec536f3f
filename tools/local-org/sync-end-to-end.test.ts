/**
 * The product end to end on this machine: the package on the local org, Partner Center as the emulator, real
 * HTTP in between (callouts, signed webhooks), asynchronous work on the real clock.
 */
import { LocalWorld, startLocalWorld } from './local-world';

describe('sync end to end: local org ⇄ Partner Center emulator', () => {
    let world: LocalWorld;
    let orgToken: string;
    let pcToken: string;

    const orgApi = async (method: string, url: string, body?: unknown): Promise<unknown> => {
        const r = await fetch(`${world.orgUrl}/services/data/v65.0${url}`, {
            method,
            headers: { Authorization: `Bearer ${orgToken}`, 'Content-Type': 'application/json' },
            body: body === undefined ? undefined : JSON.stringify(body)
        });
        return r.status === 204 ? undefined : r.json();
    };
    const query = async <T>(soql: string): Promise<T[]> =>
        ((await orgApi('GET', `/query?q=${encodeURIComponent(soql)}`)) as { records: T[] }).records;
    const pc = async (method: string, url: string, body?: unknown): Promise<unknown> => {
        const r = await fetch(`${world.emulatorUrl}${url}`, {
            method,
            headers: { Authorization: `Bearer ${pcToken}`, 'Content-Type': 'application/json' },
            body: body === undefined ? undefined : JSON.stringify(body)
        });
        return r.status === 204 ? undefined : r.json();
    };
    const settle = (): Promise<void> => world.settle();

    beforeAll(async () => {
        world = await startLocalWorld();
        orgToken = (
            (await (await fetch(`${world.orgUrl}/services/oauth2/token`, { method: 'POST' })).json()) as {
                access_token: string;
            }
        ).access_token;
        pcToken = (
            (await (await fetch(`${world.emulatorUrl}/_emulator/tokens`, { method: 'POST', body: '{}' })).json()) as {
                access_token: string;
            }
        ).access_token;
    }, 60_000);

    afterAll(() => world.stop());

    it('a seller shares an opportunity: the referral appears in Partner Center and the deal shows ✔', async () => {
        const [deal] = await query<{ Id: string }>("SELECT Id FROM Opportunity WHERE Name LIKE 'Contoso%'");
        await orgApi('PATCH', `/sobjects/Opportunity/${deal.Id}`, { Sync_With_Partner_Center__c: true });
        await settle();
        const [after] = await query<{
            Name: string;
            Referral_Id__c: string;
            Sync_Status__c: string;
            Last_Sync_Error__c: string;
        }>(`SELECT Name, Referral_Id__c, Sync_Status__c, Last_Sync_Error__c FROM Opportunity WHERE Id = '${deal.Id}'`);
        expect(after.Last_Sync_Error__c).toBeNull();
        expect(after.Sync_Status__c).toBe('Synced');
        expect(after.Name.endsWith('\u2714')).toBe(true);
        const referral = (await pc('GET', `/v1.0/engagements/referrals/${after.Referral_Id__c}`)) as {
            externalReferenceId: string;
            name: string;
            details: { dealValue: number };
        };
        expect(referral.externalReferenceId).toBe(deal.Id);
        expect(referral.name).toBe('Contoso – Azure landing zone');
        expect(referral.details.dealValue).toBe(120000);

        // An edit travels as a PATCH of only what changed.
        await orgApi('PATCH', `/sobjects/Opportunity/${deal.Id}`, { Amount: 130000 });
        await settle();
        const updated = (await pc('GET', `/v1.0/engagements/referrals/${after.Referral_Id__c}`)) as {
            details: { dealValue: number };
        };
        expect(updated.details.dealValue).toBe(130000);
    }, 60_000);

    it('Microsoft sends a referral: the signed webhook creates the opportunity on hold', async () => {
        await (
            await fetch(`${world.emulatorUrl}/_emulator/microsoft/referrals`, {
                method: 'POST',
                headers: { 'Content-Type': 'application/json' },
                body: JSON.stringify({
                    name: 'Litware – security review',
                    customerName: 'Litware Inc',
                    country: 'US',
                    dealValue: 30000
                })
            })
        ).json();
        await settle();
        const found = await query<{ Name: string; StageName: string; Sync_With_Partner_Center__c: boolean }>(
            "SELECT Name, StageName, Sync_With_Partner_Center__c FROM Opportunity WHERE Name = 'Litware – security review'"
        );
        expect(found).toHaveLength(1);
        expect(found[0].StageName).toBe('Prospecting');
        expect(found[0].Sync_With_Partner_Center__c).toBe(true);
        expect(world.org.async.errors).toEqual([]);
    }, 60_000);

    it('a seller asks Microsoft for help and Microsoft joins: its CRM id and sellers appear on the opportunity', async () => {
        const [candidate] = await query<{ Id: string }>("SELECT Id FROM Opportunity WHERE Name LIKE 'Fabrikam%'");
        await orgApi('PATCH', `/sobjects/Opportunity/${candidate.Id}`, {
            Sync_With_Partner_Center__c: true,
            Microsoft_Help__c: 'ProofOfConceptOrDemo',
            Microsoft_Help_Notes__c: 'Need a POC',
            Visible_To_Microsoft__c: true
        });
        await settle();
        const [deal] = await query<{ Id: string; Referral_Id__c: string; Last_Sync_Error__c: string }>(
            `SELECT Id, Referral_Id__c, Last_Sync_Error__c FROM Opportunity WHERE Id = '${candidate.Id}'`
        );
        expect(deal.Last_Sync_Error__c).toBeNull();
        const joined = await fetch(`${world.emulatorUrl}/_emulator/microsoft/referrals/${deal.Referral_Id__c}/join`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({
                msxId: '7-MSX0001',
                sellers: [{ firstName: 'Mia', lastName: 'Seller', email: 'mia@microsoft.example' }]
            })
        });
        expect(joined.status).toBeLessThan(300);
        await settle();
        const [after] = await query<{ Microsoft_CRM_Id__c: string; Microsoft_Referral_Status__c: string }>(
            `SELECT Microsoft_CRM_Id__c, Microsoft_Referral_Status__c FROM Opportunity WHERE Id = '${deal.Id}'`
        );
        expect(after.Microsoft_CRM_Id__c).toBe('7-MSX0001');
        expect(after.Microsoft_Referral_Status__c).toMatch(/Active/);
        const sellers = await query<{ Email__c: string }>(
            `SELECT Email__c FROM Referral_Contact__c WHERE Opportunity__c = '${deal.Id}' AND Role__c = 'Microsoft seller'`
        );
        expect(sellers.map((s) => s.Email__c)).toEqual(['mia@microsoft.example']);
    }, 60_000);

    it('a missed webhook is recovered by the reconciliation (poller)', async () => {
        await fetch(`${world.emulatorUrl}/_emulator/faults`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ kind: 'webhook-drop', count: 10 })
        });
        await fetch(`${world.emulatorUrl}/_emulator/microsoft/referrals`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ name: 'Adatum – analytics', customerName: 'Adatum', country: 'GB', dealValue: 9000 })
        });
        await settle();
        const missing = await query("SELECT Id FROM Opportunity WHERE Name = 'Adatum – analytics'");
        expect(missing).toHaveLength(0);
        const started = (await orgApi('POST', '/apex/CoSellSetupController/runReconciliation', {})) as { ok: boolean };
        expect(started.ok).toBe(true);
        await settle();
        await fetch(`${world.emulatorUrl}/_emulator/faults`, { method: 'DELETE' });
        const recovered = await query<{ StageName: string }>(
            "SELECT StageName FROM Opportunity WHERE Name = 'Adatum – analytics'"
        );
        expect(recovered).toHaveLength(1);
        expect(world.org.async.errors).toEqual([]);
    }, 60_000);

    /** A new referral from Microsoft, waiting in the org on hold; returns the opportunity and referral ids. */
    async function referralOnHold(name: string): Promise<{ id: string; referralId: string }> {
        await fetch(`${world.emulatorUrl}/_emulator/microsoft/referrals`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ name, customerName: `${name} Inc`, country: 'US', dealValue: 5000 })
        });
        await settle();
        const [o] = await query<{ Id: string; Referral_Id__c: string }>(
            `SELECT Id, Referral_Id__c FROM Opportunity WHERE Name = '${name}'`
        );
        return { id: o.Id, referralId: o.Referral_Id__c };
    }

    const referralStatus = async (referralId: string): Promise<string> => {
        const r = (await pc('GET', `/v1.0/engagements/referrals/${referralId}`)) as {
            status: string;
            substatus: string;
        };
        return `${r.status}/${r.substatus}`;
    };

    it('the seller accepts a referral: Partner Center shows it Active/Accepted', async () => {
        const { id, referralId } = await referralOnHold('Accept me');
        const r = await orgApi('POST', '/apex/CoSellPanelController/acceptReferral', { opportunityId: id });
        expect(r).toBeNull();
        await settle();
        expect(await referralStatus(referralId)).toBe('Active/Accepted');
    }, 60_000);

    it('the seller declines a referral with a reason: Partner Center shows it Closed/Declined', async () => {
        const { id, referralId } = await referralOnHold('Decline me');
        await orgApi('POST', '/apex/CoSellPanelController/declineReferral', {
            opportunityId: id,
            reason: 'Not a customer'
        });
        await settle();
        expect(await referralStatus(referralId)).toBe('Closed/Declined');
        const referral = (await pc('GET', `/v1.0/engagements/referrals/${referralId}`)) as { statusReason: string };
        expect(referral.statusReason).toBe('Not a customer');
    }, 60_000);

    it('a change made in Partner Center meanwhile (stale eTag) is re-read and the seller change still lands', async () => {
        const [deal] = await query<{ Id: string; Referral_Id__c: string }>(
            "SELECT Id, Referral_Id__c FROM Opportunity WHERE Name LIKE 'Contoso%'"
        );
        await fetch(`${world.emulatorUrl}/_emulator/faults`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ kind: 'webhook-drop', count: 1 })
        });
        await pc('PATCH', `/v1.0/engagements/referrals/${deal.Referral_Id__c}`, [
            { op: 'replace', path: '/details/notes', value: 'edited in Partner Center' }
        ]);
        await settle();
        await orgApi('PATCH', `/sobjects/Opportunity/${deal.Id}`, { Amount: 140000 });
        await settle();
        const referral = (await pc('GET', `/v1.0/engagements/referrals/${deal.Referral_Id__c}`)) as {
            details: { dealValue: number };
        };
        expect(referral.details.dealValue).toBe(140000);
        const logs = await query<{ HTTP_Status__c: number }>(
            `SELECT HTTP_Status__c FROM Sync_Log__c WHERE Opportunity__c = '${deal.Id}' AND Operation__c = 'Update referral' ORDER BY CreatedDate DESC`
        );
        expect(logs[0].HTTP_Status__c).toBe(200);
    }, 60_000);

    it('a won deal closes the referral as Won', async () => {
        const [deal] = await query<{ Id: string; Referral_Id__c: string }>(
            "SELECT Id, Referral_Id__c FROM Opportunity WHERE Name LIKE 'Contoso%'"
        );
        await orgApi('PATCH', `/sobjects/Opportunity/${deal.Id}`, { StageName: 'Closed Won' });
        await settle();
        expect(await referralStatus(deal.Referral_Id__c)).toBe('Closed/Won');
        expect(world.org.async.errors).toEqual([]);
    }, 60_000);
});
