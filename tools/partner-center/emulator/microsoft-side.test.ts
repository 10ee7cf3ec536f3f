import { coSellReferralBody, privateReferralBody, startTestEmulator, TestEmulator } from './test-support/harness';
import { startWebhookReceiver, WebhookReceiver } from './test-support/webhook-receiver';

const BASE = '/v1.0/engagements/referrals';
const DAY = 86_400_000;

describe('Simulated Microsoft side (control API)', () => {
    let t: TestEmulator;
    let receiver: WebhookReceiver;
    beforeEach(async () => {
        t = await startTestEmulator({ inboundExpiryMs: 3 * DAY });
        receiver = await startWebhookReceiver();
        await t.api('POST', '/webhooks/v1/registration', {
            body: {
                webhookUrl: receiver.url,
                webhookEvents: [
                    'referral-created',
                    'referral-updated',
                    'related-referral-created',
                    'related-referral-updated'
                ]
            }
        });
    });
    afterEach(async () => {
        await t.emulator.stop();
        await receiver.close();
    });
    const control = (path: string, body: unknown = {}) => t.api('POST', `/_emulator${path}`, { body, token: null });
    const events = async (): Promise<string[]> => {
        await t.emulator.control.whenWebhooksIdle();
        return receiver.received.map((r) => r.json.EventName);
    };

    test('a Microsoft seller sends a referral: New/Pending, incoming, invited by msft, with an expiry, referral-created fired', async () => {
        const sent = await control('/microsoft/referrals', {
            customerName: 'Woodgrove',
            dealValue: 75000,
            country: 'GB'
        });
        expect(sent.status).toBe(201);
        const referral = (await t.api('GET', `${BASE}/${sent.body.referral.id}`)).body;
        expect(referral).toMatchObject({
            status: 'New',
            substatus: 'Pending',
            direction: 'Incoming',
            inviteContext: { invitedBy: { organizationId: 'msft' } },
            customerProfile: { name: 'Woodgrove', address: { country: 'GB' } },
            details: { dealValue: 75000 },
            expirationDateTime: '2025-03-04T08:00:00.0000000Z'
        });
        expect(sent.body.microsoftReferral).toMatchObject({
            engagementId: referral.engagementId,
            organizationId: 'msft',
            status: 'Active'
        });
        expect(await events()).toEqual(['referral-created', 'related-referral-created']);
        // The partner sees Microsoft's referral only through the engagement filter.
        const mine = await t.api('GET', BASE);
        expect(mine.body.value.map((r: any) => r.id)).toEqual([referral.id]);
        const related = await t.api('GET', `${BASE}?$filter=engagementId eq '${referral.engagementId}'`);
        expect(related.body.value).toHaveLength(2);
    });

    test('the partner accepts an inbound referral via PATCH', async () => {
        const { body } = await control('/microsoft/referrals');
        const accepted = await t.api('PATCH', `${BASE}/${body.referral.id}`, {
            body: [
                { op: 'replace', path: '/status', value: 'Active' },
                { op: 'replace', path: '/substatus', value: 'Accepted' }
            ],
            headers: { Prefer: 'return=representation' }
        });
        expect(accepted.status).toBe(200);
        t.clock.advance(10 * DAY);
        expect((await t.api('GET', `${BASE}/${body.referral.id}`)).body.status).toBe('Active'); // no expiry once answered
    });

    test('unanswered inbound referrals expire after the configured time (Closed/Expired, referral-updated)', async () => {
        const { body } = await control('/microsoft/referrals');
        t.clock.advance(3 * DAY - 1);
        expect((await t.api('GET', `${BASE}/${body.referral.id}`)).body.status).toBe('New');
        const advanced = await control('/clock/advance', { ms: 1 });
        expect(advanced.body.now).toBe('2025-03-04T08:00:00.000Z');
        const expired = (await t.api('GET', `${BASE}/${body.referral.id}`)).body;
        expect(expired).toMatchObject({ status: 'Closed', substatus: 'Expired' });
        expect(expired.closedDateTime).toBe(expired.updatedDateTime);
        expect(await events()).toEqual(['referral-created', 'related-referral-created', 'referral-updated']);
        // Terminal now: the partner can no longer accept it.
        const late = await t.api('PATCH', `${BASE}/${body.referral.id}`, {
            body: [{ op: 'replace', path: '/status', value: 'Active' }]
        });
        expect(late.status).toBe(409);
    });

    test('co-sell deal: Microsoft joins through its related referral (MSX id, seller contacts)', async () => {
        const partner = (await t.api('POST', BASE, { body: coSellReferralBody() })).body;
        const joined = await control(`/microsoft/referrals/${partner.id}/join`, {
            msxId: '7-ABCDEF1234',
            sellers: [{ firstName: 'Maria', lastName: 'Garcia', email: 'maria.garcia@microsoft.com' }]
        });
        expect(joined.status).toBe(200);
        expect(joined.body).toMatchObject({
            engagementId: partner.engagementId,
            organizationId: 'msft',
            status: 'Active',
            substatus: 'Accepted',
            trackingInfo: { microsoftMsxId: '7-ABCDEF1234' },
            team: [expect.objectContaining({ email: 'maria.garcia@microsoft.com' })]
        });
        const mine = (await t.api('GET', `${BASE}/${partner.id}`)).body;
        expect(mine.trackingInfo.microsoftMsxId).toBe('7-ABCDEF1234');
        expect(await events()).toEqual([
            'referral-created',
            'related-referral-created',
            'related-referral-updated',
            'referral-updated'
        ]);
        const related = receiver.received[2].json.ResourceUri.split('/').pop();
        expect(related).toBe(joined.body.id);
    });

    test('co-sell deal: Microsoft declines (Closed/Declined with reason)', async () => {
        const partner = (await t.api('POST', BASE, { body: coSellReferralBody() })).body;
        const declined = await control(`/microsoft/referrals/${partner.id}/decline`, {
            reason: 'Customer not in territory'
        });
        expect(declined.body).toMatchObject({
            status: 'Closed',
            substatus: 'Declined',
            statusReason: 'Customer not in territory'
        });
        expect((await t.api('GET', `${BASE}/${partner.id}`)).body.status).toBe('Active'); // the partner's deal goes on
        expect((await control(`/microsoft/referrals/${partner.id}/join`)).status).toBe(409); // declined is terminal
    });

    test('Microsoft’s join request expires too when the seller never answers', async () => {
        const partner = (await t.api('POST', BASE, { body: coSellReferralBody() })).body;
        t.clock.advance(3 * DAY);
        const related = await t.api(
            'GET',
            `${BASE}?$filter=engagementId eq ${partner.engagementId} and organizationId eq 'msft'`
        );
        expect(related.body.value[0]).toMatchObject({ status: 'Closed', substatus: 'Expired' });
    });

    test('private deals get no Microsoft referral; joining one is a 409; upgrading to co-sell creates it', async () => {
        const partner = (await t.api('POST', BASE, { body: privateReferralBody() })).body;
        expect((await control(`/microsoft/referrals/${partner.id}/join`)).status).toBe(409);
        await t.api('PATCH', `${BASE}/${partner.id}`, {
            body: [
                { op: 'replace', path: '/consent/consentToShareReferralWithMicrosoftSellers', value: true },
                { op: 'replace', path: '/inviteContext/assistanceRequestCode', value: 'QuotesOrLicensing' }
            ]
        });
        expect((await control(`/microsoft/referrals/${partner.id}/join`)).status).toBe(200);
    });

    test('control errors: unknown referral 404, bad clock input 400', async () => {
        expect((await control('/microsoft/referrals/00000000-0000-0000-0000-000000000000/join')).status).toBe(404);
        expect((await control('/clock/advance', { ms: -5 })).status).toBe(400);
        expect((await t.api('GET', '/_emulator/nothing', { token: null })).status).toBe(404);
    });
});
