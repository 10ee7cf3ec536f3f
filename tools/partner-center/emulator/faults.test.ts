import { privateReferralBody, startTestEmulator, TestEmulator } from './test-support/harness';

const BASE = '/v1.0/engagements/referrals';

describe('Fault injection over HTTP', () => {
    let t: TestEmulator;
    beforeEach(async () => {
        t = await startTestEmulator();
    });
    afterEach(async () => {
        await t.emulator.stop();
    });
    const addFault = (rule: Record<string, unknown>) => t.api('POST', '/_emulator/faults', { body: rule, token: null });

    test('429 with Retry-After and the throttling body for the next N requests, then normal again', async () => {
        const added = await addFault({ kind: 'status', status: 429, retryAfterSeconds: 7, count: 2 });
        expect(added.status).toBe(201);
        for (let i = 0; i < 2; i++) {
            const response = await t.api('GET', BASE);
            expect(response.status).toBe(429);
            expect(response.headers.get('retry-after')).toBe('7');
            expect(response.body).toEqual({
                statusCode: 429,
                message: 'Rate limit is exceeded. Try again in 7 seconds.'
            });
        }
        expect((await t.api('GET', BASE)).status).toBe(200);
        expect((await t.api('GET', '/_emulator/faults', { token: null })).body).toEqual([]);
    });

    test('500 and 503 with the documented error codes, limited by method and path', async () => {
        await addFault({ kind: 'status', status: 503, retryAfterSeconds: 2, method: 'POST', path: BASE });
        await addFault({ kind: 'status', status: 500, method: 'GET', path: '/webhooks/' });
        expect((await t.api('GET', BASE)).status).toBe(200); // method does not match
        const unavailable = await t.api('POST', BASE, { body: privateReferralBody() });
        expect(unavailable.status).toBe(503);
        expect(unavailable.body.error.code).toBe('serviceNotAvailable');
        expect(unavailable.headers.get('retry-after')).toBe('2');
        expect(t.emulator.store.allReferrals()).toHaveLength(0); // the failed POST did not create anything
        const failed = await t.api('GET', '/webhooks/v1/registration/events');
        expect(failed.status).toBe(500);
        expect(failed.body.error.code).toBe('generalException');
    });

    test('a throttle answers 429 past its request rate, with Retry-After until the window ends', async () => {
        // The test clock starts on a whole minute: the window is 08:00:00–08:01:00.
        const added = await addFault({ kind: 'throttle', requests: 3, windowMs: 60_000, path: BASE });
        expect(added.status).toBe(201);
        for (let i = 0; i < 3; i++) expect((await t.api('GET', BASE)).status).toBe(200);
        t.clock.advance(20_500);
        const throttled = await t.api('GET', BASE);
        expect(throttled.status).toBe(429);
        expect(throttled.headers.get('retry-after')).toBe('40');
        expect((await t.api('GET', '/webhooks/v1/registration')).status).not.toBe(429); // another path
        t.clock.advance(39_500);
        expect((await t.api('GET', BASE)).status).toBe(200); // a new window
        await expect(addFault({ kind: 'throttle', requests: 0 }).then((r) => r.status)).resolves.toBe(400);
    });

    test("a throttle in a caller's faster time: windows and Retry-After in that time", async () => {
        // The caller runs 600 times faster: its minute window is 100 ms of the emulator's clock.
        await addFault({ kind: 'throttle', requests: 2, windowMs: 60_000, timeScale: 600, path: BASE });
        for (let i = 0; i < 2; i++) expect((await t.api('GET', BASE)).status).toBe(200);
        t.clock.advance(25);
        const throttled = await t.api('GET', BASE);
        expect(throttled.status).toBe(429);
        expect(throttled.headers.get('retry-after')).toBe('45'); // 15 s of the caller's minute are gone
        t.clock.advance(74);
        expect((await t.api('GET', BASE)).status).toBe(429); // 99 ms: still the same window
        t.clock.advance(1);
        expect((await t.api('GET', BASE)).status).toBe(200); // the caller's Retry-After has elapsed
        await expect(addFault({ kind: 'throttle', requests: 1, timeScale: 0.5 }).then((r) => r.status)).resolves.toBe(
            400
        );
    });

    test('faults happen before authentication (a throttled request never reaches the service)', async () => {
        await addFault({ kind: 'status', status: 429 });
        const response = await t.api('GET', BASE, { token: null });
        expect(response.status).toBe(429);
        expect(response.headers.get('retry-after')).toBe('1');
    });

    test('a rate applies to about that share of requests, reproducibly with a seed', async () => {
        const run = async (): Promise<number[]> => {
            const local = await startTestEmulator();
            local.emulator.control.faults.add({ kind: 'status', status: 500, rate: 0.3 });
            const statuses: number[] = [];
            for (let i = 0; i < 60; i++) statuses.push((await local.api('GET', BASE)).status);
            await local.emulator.stop();
            return statuses;
        };
        const first = await run();
        const failures = first.filter((s) => s === 500).length;
        expect(failures).toBeGreaterThan(6);
        expect(failures).toBeLessThan(33);
        expect(await run()).toEqual(first);
    });

    test('latency delays the response', async () => {
        await addFault({ kind: 'latency', latencyMs: 150 });
        const started = Date.now();
        expect((await t.api('GET', BASE)).status).toBe(200);
        expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    });

    test('rules can be listed and removed one by one or all; invalid rules are 400', async () => {
        const a = (await addFault({ kind: 'status', status: 500, count: 5 })).body;
        await addFault({ kind: 'latency', latencyMs: 1, rate: 1 });
        expect((await t.api('GET', '/_emulator/faults', { token: null })).body.map((r: any) => r.kind)).toEqual([
            'status',
            'latency'
        ]);
        expect((await t.api('DELETE', `/_emulator/faults/${a.id}`, { token: null })).status).toBe(204);
        expect((await t.api('GET', '/_emulator/faults', { token: null })).body).toHaveLength(1);
        expect((await t.api('DELETE', '/_emulator/faults', { token: null })).status).toBe(204);
        expect((await t.api('GET', '/_emulator/faults', { token: null })).body).toHaveLength(0);
        for (const bad of [
            { kind: 'explode' },
            { kind: 'status', status: 200 },
            { kind: 'status', status: 500, count: 1, rate: 0.5 },
            { kind: 'latency' }
        ]) {
            expect((await addFault(bad)).status).toBe(400);
        }
    });

    test('control routes and the token endpoint are never faulted', async () => {
        await addFault({ kind: 'status', status: 500, rate: 1 });
        expect((await t.api('GET', '/_emulator/state', { token: null })).status).toBe(200);
        const token = await fetch(`${t.emulator.url}/common/oauth2/token`, {
            method: 'POST',
            body: 'grant_type=client_credentials',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' }
        });
        expect(token.status).toBe(200);
    });
});

describe("Microsoft's side reads a referral past the org's faults", () => {
    test('the control read answers the stored referral with its eTag, uses up no fault, and 404s an unknown id', async () => {
        const t = await startTestEmulator();
        try {
            const created = await t.api('POST', BASE, { body: privateReferralBody() });
            expect(created.status).toBe(201);
            const id = String(created.body.id);
            await t.api('POST', '/_emulator/faults', { body: { kind: 'status', status: 401, count: 1 }, token: null });
            const read = await t.api('GET', `/_emulator/referrals/${id}`, { token: null });
            expect(read.status).toBe(200);
            expect(read.body.id).toBe(id);
            expect(read.body.eTag).toBe(created.body.eTag);
            // The org's next call still meets the fault the soak injected for it.
            expect((await t.api('GET', `${BASE}/${id}`)).status).toBe(401);
            expect((await t.api('GET', '/_emulator/referrals/no-such-id', { token: null })).status).toBe(404);
        } finally {
            await t.emulator.stop();
        }
    });

    test("Microsoft's control edit checks If-Match, moves the eTag and uses up no fault", async () => {
        const t = await startTestEmulator();
        try {
            const created = await t.api('POST', BASE, { body: privateReferralBody() });
            const id = String(created.body.id);
            await t.api('POST', '/_emulator/faults', { body: { kind: 'status', status: 403, count: 1 }, token: null });
            const edit = [{ op: 'replace', path: '/details/notes', value: 'edited by Microsoft' }];
            const stale = await t.api('PATCH', `/_emulator/referrals/${id}`, {
                body: edit,
                token: null,
                headers: { 'If-Match': '"not-the-etag"' }
            });
            expect(stale.status).toBe(412);
            const edited = await t.api('PATCH', `/_emulator/referrals/${id}`, {
                body: edit,
                token: null,
                headers: { 'If-Match': String(created.body.eTag) }
            });
            expect(edited.status).toBe(200);
            expect(edited.body.details.notes).toBe('edited by Microsoft');
            expect(edited.body.eTag).not.toBe(created.body.eTag);
            expect((await t.api('GET', `${BASE}/${id}`)).status).toBe(403); // the org's fault is still there
        } finally {
            await t.emulator.stop();
        }
    });
});
