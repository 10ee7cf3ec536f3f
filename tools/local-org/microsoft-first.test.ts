import { LocalWorld, startLocalWorld } from './local-world';

/**
 * When Microsoft sends a referral, Partner Center sends two webhooks: referral-created (the partner's referral,
 * which creates the deal) and related-referral-created (Microsoft's, which fills the deal's Microsoft fields). Here
 * Microsoft's is delivered first and handled alone (the emulator holds the partner's until released): the world
 * must settle in seconds both times, with the Microsoft fields on the deal — not after a re-read a polling
 * interval (10 minutes) later, which settle would wait for.
 */
describe("Microsoft's webhook before the partner referral's (local world)", () => {
    let world: LocalWorld;
    beforeAll(async () => {
        world = await startLocalWorld();
    }, 60_000);
    afterAll(async () => {
        await world?.stop();
    });

    const control = async (route: string, body: unknown = {}): Promise<Record<string, unknown>> => {
        const response = await fetch(`${world.emulatorUrl}${route}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(body)
        });
        expect(response.ok).toBe(true);
        return (await response.json()) as Record<string, unknown>;
    };
    const rows = (objectName: string): Record<string, unknown>[] =>
        world.org.data.org.db.rows(world.org.project.schema.getObject(objectName)!);

    it('fills the Microsoft fields as soon as the partner referral creates the deal', async () => {
        await control('/_emulator/faults', { kind: 'webhook-hold', eventName: 'referral-created', count: 1 });
        const sent = await control('/_emulator/microsoft/referrals', {
            name: 'Overtaken deal',
            customerName: 'Overtaken Ltd'
        });
        const partner = sent.referral as { id: string; engagementId: string };
        const microsoft = sent.microsoftReferral as { id: string; trackingInfo: { microsoftMsxId: string } };

        // Microsoft's webhook alone: no deal yet, its referral waits for it — and nothing is queued for later.
        await world.settle({ deadlineMs: 30_000 });
        expect(rows('Opportunity').filter((o) => o.engagement_id__c === partner.engagementId)).toEqual([]);
        expect(rows('Sync_Log__c').filter((l) => l.referral_id__c === microsoft.id)).toEqual([
            expect.objectContaining({ outcome__c: 'Skipped', engagement_id__c: partner.engagementId })
        ]);

        // The partner referral's webhook: the deal, then Microsoft's referral read again at once.
        expect(await control('/_emulator/webhooks/release')).toEqual({ released: 1 });
        await world.settle({ deadlineMs: 30_000 });
        const deals = rows('Opportunity').filter((o) => o.engagement_id__c === partner.engagementId);
        expect(deals).toEqual([
            expect.objectContaining({
                referral_id__c: partner.id,
                microsoft_crm_id__c: microsoft.trackingInfo.microsoftMsxId,
                microsoft_referral_status__c: 'Active / Accepted'
            })
        ]);
        expect(world.org.async.errors).toEqual([]);
    }, 120_000);
});
