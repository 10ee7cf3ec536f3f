import { Answer, untilAccepted } from './admin-retry';

/** A call refused `refusals` times (401, 403, then 503), then accepted; a clock the waits move on. */
const world = (
    refusals: number
): { call: () => Promise<Answer>; calls: () => number; sleep: (ms: number) => Promise<void>; now: () => number } => {
    let calls = 0;
    let clock = 0;
    return {
        call: async () => {
            calls++;
            if (calls > refusals) return { status: 200, body: { ok: true } };
            const status = calls <= refusals / 2 ? 401 : calls < refusals ? 403 : 503;
            return { status, body: { error: { code: String(status) } } };
        },
        calls: () => calls,
        sleep: async (ms) => {
            clock += ms;
        },
        now: () => clock
    };
};

describe('untilAccepted: an admin repeating a refused action', () => {
    it('outlasts stacked sign-in faults and an outage that ten quick tries did not', async () => {
        const w = world(11); // two stacked 401/403 faults of five requests and a 503
        const refused: number[] = [];
        const answer = await untilAccepted('restore the webhook registration', w.call, {
            sleep: w.sleep,
            now: w.now,
            onRefused: (a) => {
                refused.push(a.status);
            }
        });
        expect(answer.status).toBe(200);
        expect(w.calls()).toBe(12);
        expect(refused).toEqual([401, 401, 401, 401, 401, 403, 403, 403, 403, 403, 503]);
        expect(w.now()).toBeLessThan(120_000);
    });

    it('an answer with ok: false is a refusal too (the setup actions answer 200 with ok: false)', async () => {
        let n = 0;
        const answer = await untilAccepted(
            'register',
            async () =>
                ++n < 3 ? { status: 200, body: { ok: false, message: 'no' } } : { status: 200, body: { ok: true } },
            { sleep: async () => undefined }
        );
        expect(answer.body).toEqual({ ok: true });
        expect(n).toBe(3);
    });

    it('gives up within its budget with a failure that names the action, the tries and the last answer', async () => {
        const w = world(Number.MAX_SAFE_INTEGER);
        await expect(
            untilAccepted('restore the webhook registration', w.call, { sleep: w.sleep, now: w.now, budgetMs: 60_000 })
        ).rejects.toThrow(
            /^restore the webhook registration: still refused after \d+ tries in [\d.]+ s \(gave up at 60 s\); last answer 401 /
        );
        expect(w.now()).toBeLessThanOrEqual(60_000);
        // Waits double up to 2 s: about 40 tries in a minute, not thousands.
        expect(w.calls()).toBeGreaterThan(20);
        expect(w.calls()).toBeLessThan(50);
    });
});
