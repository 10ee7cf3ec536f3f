import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from './clock';
import { startEmulator } from './server';
import { privateReferralBody, startTestEmulator } from './test-support/harness';

describe('state, determinism and binding', () => {
    let directory: string;
    beforeEach(() => {
        directory = mkdtempSync(join(tmpdir(), 'pc-emulator-'));
    });
    afterEach(() => {
        rmSync(directory, { recursive: true, force: true });
    });

    test('the same seed gives the same ids, eTags and timestamps; another seed does not', async () => {
        const run = async (seed: string): Promise<unknown[]> => {
            const emulator = await startEmulator({ seed });
            const created = emulator.referrals.createFromPartner(privateReferralBody());
            const patched = emulator.referrals.patch(
                String(created.id),
                [{ op: 'replace', path: '/name', value: 'x' }],
                undefined
            );
            await emulator.stop();
            return [
                created.id,
                created.engagementId,
                created.eTag,
                created.createdDateTime,
                patched.eTag,
                patched.updatedDateTime
            ];
        };
        const first = await run('alpha');
        expect(await run('alpha')).toEqual(first);
        expect(await run('beta')).not.toEqual(first);
        expect(first[3]).toBe('2025-01-01T00:00:00.0000000Z'); // seeded default start of the manual clock
        expect(first[5]).toBe('2025-01-01T00:00:00.0000001Z'); // next write, same instant: one tick later
    });

    test('snapshot file: written on change, loaded on start (including expiry timers)', async () => {
        const file = join(directory, 'state.json');
        const clock = new ManualClock('2025-03-01T00:00:00Z');
        const first = await startEmulator({ seed: 's', clock, snapshotFile: file, inboundExpiryMs: 60_000 });
        const kept = first.referrals.createFromPartner(privateReferralBody({ name: 'kept' }));
        const inbound = first.control.microsoft.sendReferral().referral;
        await first.stop();
        expect(JSON.parse(readFileSync(file, 'utf8')).referrals).toHaveLength(3);

        const second = await startEmulator({ seed: 's2', clock, snapshotFile: file, inboundExpiryMs: 60_000 });
        expect(second.referrals.get(String(kept.id)).referral.name).toBe('kept');
        clock.advance(60_000);
        expect(second.referrals.get(String(inbound.id)).referral.substatus).toBe('Expired');
        await second.stop();
        expect(
            JSON.parse(readFileSync(file, 'utf8')).referrals.find((r: any) => r.referral.id === inbound.id).referral
                .substatus
        ).toBe('Expired');
    });

    test('control reset empties the state', async () => {
        const t = await startTestEmulator();
        t.emulator.referrals.createFromPartner(privateReferralBody());
        expect((await t.api('POST', '/_emulator/reset', { token: null })).status).toBe(204);
        expect((await t.api('GET', '/_emulator/state', { token: null })).body.referrals).toEqual([]);
        await t.emulator.stop();
    });

    test('binds 127.0.0.1 by default and refuses a non-loopback host unless allowed', async () => {
        const emulator = await startEmulator({ seed: 'x' });
        expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        await emulator.stop();
        await expect(startEmulator({ host: '0.0.0.0' })).rejects.toThrow('loopback');
    });

    test('advancing the clock over HTTP needs a manual clock', async () => {
        const emulator = await startEmulator({});
        const response = await fetch(`${emulator.url}/_emulator/clock/advance`, { method: 'POST', body: '{"ms":1}' });
        expect(response.status).toBe(409);
        await emulator.stop();
    });
});
