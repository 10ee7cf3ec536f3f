import { CliUsageError, parseDuration, toControlRequest } from './cli-commands';
import { coSellReferralBody, startTestEmulator } from './test-support/harness';

describe('CLI commands', () => {
    test('durations', () => {
        expect(parseDuration('500')).toBe(500);
        expect(parseDuration('90s')).toBe(90_000);
        expect(parseDuration('14d')).toBe(14 * 86_400_000);
        expect(() => parseDuration('soon')).toThrow(CliUsageError);
    });

    test('map to control requests', () => {
        expect(toControlRequest(['fault', '429', '--retry-after', '30', '--count', '3'])).toEqual({
            method: 'POST',
            path: '/_emulator/faults',
            body: { kind: 'status', status: 429, retryAfterSeconds: 30, count: 3 }
        });
        expect(toControlRequest(['fault', 'latency', '2s', '--rate', '0.5', '--path', '/v1.0/'])).toEqual({
            method: 'POST',
            path: '/_emulator/faults',
            body: { kind: 'latency', latencyMs: 2000, path: '/v1.0/', rate: 0.5 }
        });
        expect(toControlRequest(['fault', 'drop-webhook', '--event', 'referral-updated']).body).toEqual({
            kind: 'webhook-drop',
            eventName: 'referral-updated'
        });
        expect(
            toControlRequest([
                'join',
                'abc',
                '--msx-id',
                '7-X',
                '--seller',
                'Maria Garcia <m@microsoft.com>',
                '--seller',
                'Li Wei Chen <l@microsoft.com>'
            ])
        ).toEqual({
            method: 'POST',
            path: '/_emulator/microsoft/referrals/abc/join',
            body: {
                msxId: '7-X',
                sellers: [
                    { firstName: 'Maria', lastName: 'Garcia', email: 'm@microsoft.com' },
                    { firstName: 'Li', lastName: 'Wei Chen', email: 'l@microsoft.com' }
                ]
            }
        });
        expect(toControlRequest(['advance', '14d']).body).toEqual({ ms: 14 * 86_400_000 });
        for (const bad of [
            [],
            ['fly'],
            ['join'],
            ['fault'],
            ['fault', 'teapot'],
            ['join', 'x', '--seller', 'nobody'],
            ['send-referral', '--value', 'lots']
        ]) {
            expect(() => toControlRequest(bad)).toThrow(CliUsageError);
        }
    });

    test('requests built by the CLI work against a running emulator', async () => {
        const t = await startTestEmulator();
        const send = async (args: string[]): Promise<any> => {
            const request = toControlRequest(args);
            return t.api(request.method, request.path, { body: request.body, token: null });
        };
        const sent = await send(['send-referral', '--customer', 'Litware', '--value', '9000', '--country', 'DE']);
        expect(sent.body.referral).toMatchObject({
            customerProfile: { name: 'Litware', address: { country: 'DE' } },
            details: { dealValue: 9000 }
        });
        const partner = t.emulator.referrals.createFromPartner(coSellReferralBody());
        const joined = await send(['join', String(partner.id), '--msx-id', '7-CLI0000001']);
        expect(joined.body.trackingInfo.microsoftMsxId).toBe('7-CLI0000001');
        expect((await send(['advance', '1h'])).body.now).toBe('2025-03-01T09:00:00.000Z');
        expect((await send(['fault', '503', '--count', '1'])).status).toBe(201);
        expect((await send(['faults'])).body).toHaveLength(1);
        await t.emulator.stop();
    });
});
