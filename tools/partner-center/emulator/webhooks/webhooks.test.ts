import { verify, X509Certificate } from 'node:crypto';
import { coSellReferralBody, privateReferralBody, startTestEmulator, TestEmulator } from '../test-support/harness';
import { startWebhookReceiver, WebhookReceiver, ReceivedWebhook } from '../test-support/webhook-receiver';

const REGISTRATION = '/webhooks/v1/registration';
const REFERRAL_EVENTS = [
    'referral-created',
    'referral-updated',
    'related-referral-created',
    'related-referral-updated'
];

/** What a receiver must do (docs/reference/apex-semantics.md §7.4), with Node's crypto only. */
async function verifySignedDelivery(
    delivery: ReceivedWebhook
): Promise<{ valid: boolean; certificate: X509Certificate }> {
    const signatureHeader = (delivery.headers['authorization'] ?? delivery.headers['x-ms-signature']) as string;
    expect(signatureHeader).toMatch(/^Signature [A-Za-z0-9+/=]+$/);
    expect(delivery.headers['x-ms-signature-algorithm']).toBe('rsa-sha256');
    const certificateUrl = delivery.headers['x-ms-certificate-url'] as string;
    expect(new URL(certificateUrl).hostname).toBe('127.0.0.1');
    const certificate = new X509Certificate(Buffer.from(await (await fetch(certificateUrl)).arrayBuffer()));
    const signature = Buffer.from(signatureHeader.replace(/^Signature /, ''), 'base64');
    return { valid: verify('sha256', delivery.body, certificate.publicKey, signature), certificate };
}

describe('Webhooks', () => {
    let t: TestEmulator;
    let receiver: WebhookReceiver;
    beforeEach(async () => {
        t = await startTestEmulator({ webhookDelivery: { initialRetryDelayMs: 1000, maxRetryDelayMs: 60_000 } });
        receiver = await startWebhookReceiver();
    });
    afterEach(async () => {
        await t.emulator.stop();
        await receiver.close();
    });

    const register = async (extra: Record<string, unknown> = {}, events = REFERRAL_EVENTS): Promise<any> => {
        const response = await t.api('POST', REGISTRATION, {
            body: { WebhookUrl: receiver.url, WebhookEvents: events, ...extra }
        });
        expect(response.status).toBe(200);
        return response.body;
    };
    const settle = (): Promise<void> => t.emulator.control.whenWebhooksIdle();

    describe('registration API', () => {
        test('GET 404 before, POST creates, second POST 409, PUT replaces keeping the subscriber id', async () => {
            expect((await t.api('GET', REGISTRATION)).status).toBe(404);
            const created = await register({ SignatureTokenToMsSignatureHeader: true });
            expect(created).toMatchObject({
                webhookUrl: receiver.url,
                webhookEvents: REFERRAL_EVENTS,
                signatureTokenToMsSignatureHeader: true
            });
            expect(created.subscriberId).toMatch(/^[0-9a-f-]{36}$/);
            expect((await t.api('GET', REGISTRATION)).body).toEqual(created);
            const again = await t.api('POST', REGISTRATION, {
                body: { webhookUrl: receiver.url, webhookEvents: ['referral-created'] }
            });
            expect(again.status).toBe(409);
            expect(again.body.error.message).toContain('PUT');
            const replaced = await t.api('PUT', REGISTRATION, {
                body: { webhookUrl: `${receiver.url}?v=2`, webhookEvents: ['referral-updated'] }
            });
            expect(replaced.status).toBe(200);
            expect(replaced.body).toMatchObject({
                subscriberId: created.subscriberId,
                webhookEvents: ['referral-updated'],
                signatureTokenToMsSignatureHeader: false
            });
            expect((await t.api('DELETE', REGISTRATION)).status).toBe(204);
            expect((await t.api('GET', REGISTRATION)).status).toBe(404);
        });

        test('validates the body: URL, known events, boolean flag', async () => {
            for (const body of [
                { webhookUrl: 'not a url', webhookEvents: ['referral-created'] },
                { webhookUrl: receiver.url, webhookEvents: [] },
                { webhookUrl: receiver.url, webhookEvents: ['referral-exploded'] },
                {
                    webhookUrl: receiver.url,
                    webhookEvents: ['referral-created'],
                    signatureTokenToMsSignatureHeader: 'yes'
                }
            ]) {
                const response = await t.api('POST', REGISTRATION, { body });
                expect(response.status).toBe(400);
                expect(response.body.error.code).toBe('invalidRequest');
            }
        });

        test('events list contains the referral events and test-created', async () => {
            const response = await t.api('GET', `${REGISTRATION}/events`);
            expect(response.body).toEqual(expect.arrayContaining([...REFERRAL_EVENTS, 'test-created']));
        });

        test('requires a token', async () => {
            expect((await t.api('GET', REGISTRATION, { token: null })).status).toBe(401);
        });
    });

    describe('delivery', () => {
        test('referral-created is POSTed, signed RSA-SHA256 with Authorization: Signature, verifiable against the served certificate', async () => {
            await register();
            const created = (await t.api('POST', '/v1.0/engagements/referrals', { body: privateReferralBody() })).body;
            await settle();
            expect(receiver.received).toHaveLength(1);
            const [delivery] = receiver.received;
            expect(delivery.json).toMatchObject({
                EventName: 'referral-created',
                ResourceName: 'referral',
                AuditUri: null,
                ResourceUri: `${t.emulator.url}/engagements/v1/referrals/${created.id}`
            });
            expect(delivery.json.ResourceChangeUtcDate).toMatch(/^2025-03-01T08:00:00\.\d{7}\+00:00$/);
            expect(delivery.headers['x-ms-signature']).toBeUndefined();
            const { valid, certificate } = await verifySignedDelivery(delivery);
            expect(valid).toBe(true);
            expect(certificate.subject).toContain('O=Microsoft Corporation');
            // A tampered body must not verify.
            const tampered = {
                ...delivery,
                body: Buffer.from(delivery.body.toString('utf8').replace('referral-created', 'referral-updated'))
            };
            expect((await verifySignedDelivery(tampered)).valid).toBe(false);
        });

        test('a rotated signing certificate: signed with the new key, its URL sent; rotating again goes back', async () => {
            await register();
            const rotate = async (): Promise<string> =>
                (
                    (await (
                        await fetch(`${t.emulator.url}/_emulator/certificates/rotate`, { method: 'POST' })
                    ).json()) as { certificateUrl: string }
                ).certificateUrl;
            const rotatedUrl = await rotate();
            expect(rotatedUrl).toMatch(/\/_emulator\/certificates\/pcnotifications-dispatch-rotated\.cer$/);
            await t.api('POST', '/v1.0/engagements/referrals', { body: privateReferralBody() });
            await settle();
            const rotated = await verifySignedDelivery(receiver.received[0]);
            expect(receiver.received[0].headers['x-ms-certificate-url']).toBe(rotatedUrl);
            expect(rotated.valid).toBe(true);
            expect(rotated.certificate.subject).toContain('CN=partnercenter-emulator-rotated.test');

            expect(await rotate()).toMatch(/\/_emulator\/certificates\/pcnotifications-dispatch\.cer$/);
            await t.api('POST', '/v1.0/engagements/referrals', { body: privateReferralBody() });
            await settle();
            const back = await verifySignedDelivery(receiver.received[1]);
            expect(back.valid).toBe(true);
            expect(back.certificate.subject).toContain('CN=partnercenter-emulator.test');
        });

        test('x-ms-signature header when the registration asks for it; updates send referral-updated', async () => {
            await register({ signatureTokenToMsSignatureHeader: true });
            const created = (await t.api('POST', '/v1.0/engagements/referrals', { body: privateReferralBody() })).body;
            await t.api('PATCH', `/v1.0/engagements/referrals/${created.id}`, {
                body: [{ op: 'replace', path: '/name', value: 'renamed' }]
            });
            await settle();
            expect(receiver.received.map((r) => r.json.EventName)).toEqual(['referral-created', 'referral-updated']);
            for (const delivery of receiver.received) {
                expect(delivery.headers['authorization']).toBeUndefined();
                expect((await verifySignedDelivery(delivery)).valid).toBe(true);
            }
        });

        test('only subscribed events are sent; nothing without a registration', async () => {
            await t.api('POST', '/v1.0/engagements/referrals', { body: privateReferralBody() });
            await settle();
            expect(receiver.received).toHaveLength(0);
            await register({}, ['referral-updated']);
            const created = (await t.api('POST', '/v1.0/engagements/referrals', { body: privateReferralBody() })).body;
            await t.api('PATCH', `/v1.0/engagements/referrals/${created.id}`, {
                body: [{ op: 'replace', path: '/name', value: 'x' }]
            });
            await settle();
            expect(receiver.received.map((r) => r.json.EventName)).toEqual(['referral-updated']);
        });

        test('co-sell creation also sends related-referral-created for Microsoft’s referral in the same engagement', async () => {
            await register();
            const created = (await t.api('POST', '/v1.0/engagements/referrals', { body: coSellReferralBody() })).body;
            await settle();
            const events = receiver.received.map((r) => r.json.EventName);
            expect(events).toEqual(['referral-created', 'related-referral-created']);
            const relatedId = receiver.received[1].json.ResourceUri.split('/').pop();
            const related = (await t.api('GET', `/v1.0/engagements/referrals/${relatedId}`)).body;
            expect(related).toMatchObject({
                engagementId: created.engagementId,
                organizationId: 'msft',
                status: 'New',
                substatus: 'Pending'
            });
        });

        test('retries failed attempts with exponential back-off on the clock, up to 10 attempts', async () => {
            await register();
            receiver.respondWith([500, 503, 404]);
            await t.api('POST', '/v1.0/engagements/referrals', { body: privateReferralBody() });
            await settle();
            expect(receiver.received).toHaveLength(1);
            t.clock.advance(999);
            await settle();
            expect(receiver.received).toHaveLength(1); // not yet: first retry after 1 s
            t.clock.advance(1);
            await settle();
            expect(receiver.received).toHaveLength(2);
            t.clock.advance(2000); // second retry after 2 s more
            await settle();
            t.clock.advance(4000);
            await settle();
            expect(receiver.received).toHaveLength(4);
            const [record] = t.emulator.control.deliveries();
            expect(record.state).toBe('delivered');
            expect(record.attempts.map((a) => a.statusCode)).toEqual([500, 503, 404, 200]);
            // Every retry carries the same body and a valid signature.
            expect(new Set(receiver.received.map((r) => r.body.toString()))).toEqual(
                new Set([receiver.received[0].body.toString()])
            );
        });

        test('gives up after 10 attempts', async () => {
            await register();
            receiver.respondWith(Array(20).fill(500));
            await t.api('POST', '/v1.0/engagements/referrals', { body: privateReferralBody() });
            for (let i = 0; i < 15; i++) {
                await settle();
                t.clock.advance(10 * 60_000);
            }
            await settle();
            expect(receiver.received).toHaveLength(10);
            expect(t.emulator.control.deliveries()[0].state).toBe('failed');
        });

        test('unreachable receiver counts as a failed attempt', async () => {
            await register();
            await receiver.close();
            await t.api('POST', '/v1.0/engagements/referrals', { body: privateReferralBody() });
            await settle();
            const [record] = t.emulator.control.deliveries();
            expect(record.state).toBe('pending');
            expect(record.attempts[0].error).toBeTruthy();
        });

        test('refuses to deliver anywhere but loopback', async () => {
            await t.api('POST', REGISTRATION, {
                body: { webhookUrl: 'https://example.com/hook', webhookEvents: REFERRAL_EVENTS }
            });
            await t.api('POST', '/v1.0/engagements/referrals', { body: privateReferralBody() });
            await settle();
            expect(t.emulator.control.deliveries()[0].attempts[0].error).toContain('non-loopback');
        });

        test('dropped and duplicated deliveries (fault injection)', async () => {
            await register();
            t.emulator.control.faults.add({ kind: 'webhook-drop', count: 1 });
            t.emulator.control.faults.add({ kind: 'webhook-duplicate', eventName: 'referral-updated', count: 1 });
            const created = (await t.api('POST', '/v1.0/engagements/referrals', { body: privateReferralBody() })).body;
            await t.api('PATCH', `/v1.0/engagements/referrals/${created.id}`, {
                body: [{ op: 'replace', path: '/name', value: 'x' }]
            });
            await settle();
            expect(receiver.received.map((r) => r.json.EventName)).toEqual(['referral-updated', 'referral-updated']);
            expect(t.emulator.control.deliveries().map((d) => d.state)).toEqual(['dropped', 'delivered', 'delivered']);
        });

        test('a held delivery goes out when released, after the events that came later', async () => {
            await register();
            t.emulator.control.faults.add({ kind: 'webhook-hold', eventName: 'referral-created', count: 1 });
            const created = (await t.api('POST', '/v1.0/engagements/referrals', { body: privateReferralBody() })).body;
            await t.api('PATCH', `/v1.0/engagements/referrals/${created.id}`, {
                body: [{ op: 'replace', path: '/name', value: 'x' }]
            });
            await settle();
            expect(receiver.received.map((r) => r.json.EventName)).toEqual(['referral-updated']);
            expect(t.emulator.control.deliveries().map((d) => d.state)).toEqual(['held', 'delivered']);
            expect(t.emulator.control.releaseWebhooks()).toBe(1);
            await settle();
            expect(receiver.received.map((r) => r.json.EventName)).toEqual(['referral-updated', 'referral-created']);
            expect(t.emulator.control.deliveries().map((d) => d.state)).toEqual(['delivered', 'delivered']);
            expect(t.emulator.control.releaseWebhooks()).toBe(0);
        });
    });

    describe('validation events', () => {
        test('need test-created in the registration, are delivered and report their result, 2 per minute', async () => {
            await register();
            expect((await t.api('POST', `${REGISTRATION}/validationEvents`)).status).toBe(400);
            await t.api('PUT', REGISTRATION, {
                body: { webhookUrl: receiver.url, webhookEvents: [...REFERRAL_EVENTS, 'test-created'] }
            });
            const sent = await t.api('POST', `${REGISTRATION}/validationEvents`);
            expect(sent.status).toBe(200);
            await settle();
            const [delivery] = receiver.received;
            expect(delivery.json).toMatchObject({
                EventName: 'test-created',
                ResourceName: 'test',
                ResourceUri: `${t.emulator.url}/webhooks/v1/registration/validationEvents/${sent.body.correlationId}`
            });
            expect((await verifySignedDelivery(delivery)).valid).toBe(true);
            const status = await t.api('GET', `${REGISTRATION}/validationEvents/${sent.body.correlationId}`);
            expect(status.body).toMatchObject({
                correlationId: sent.body.correlationId,
                status: 'completed',
                callbackUrl: receiver.url
            });
            expect(status.body.results).toEqual([expect.objectContaining({ responseCode: 'OK', systemError: false })]);
            expect((await t.api('POST', `${REGISTRATION}/validationEvents`)).status).toBe(200);
            const throttled = await t.api('POST', `${REGISTRATION}/validationEvents`);
            expect(throttled.status).toBe(429);
            expect(throttled.headers.get('retry-after')).toBe('60');
            t.clock.advance(60_001);
            expect((await t.api('POST', `${REGISTRATION}/validationEvents`)).status).toBe(200);
            expect((await t.api('GET', `${REGISTRATION}/validationEvents/unknown`)).status).toBe(404);
        });
    });

    test('serves the test certificate as DER and PEM with subject O=Microsoft Corporation', async () => {
        const der = Buffer.from(
            await (await fetch(`${t.emulator.url}/_emulator/certificates/pcnotifications-dispatch.cer`)).arrayBuffer()
        );
        const pem = await (await fetch(`${t.emulator.url}/_emulator/certificates/pcnotifications-dispatch.pem`)).text();
        const fromDer = new X509Certificate(der);
        expect(fromDer.fingerprint256).toBe(new X509Certificate(pem).fingerprint256);
        expect(fromDer.subject).toContain('O=Microsoft Corporation');
        expect(fromDer.subject).toContain('CN=partnercenter-emulator.test');
    });
});
