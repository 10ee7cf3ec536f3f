import { attributeFailures, explains, FailedLog } from './fault-attribution';

const log = (fields: Partial<FailedLog>): FailedLog => ({
    at: 1000,
    operation: 'Update referral',
    httpStatus: null,
    errorCode: null,
    message: null,
    opportunityId: null,
    referralId: null,
    ...fields
});

describe('attributing failed sync logs to the injected faults', () => {
    it('explains a log by its error: status, timeout, row lock, a failed job, work the org could not queue', () => {
        expect(explains('401 sign-in expired', log({ httpStatus: 401 }))).toBe(true);
        expect(explains('401 sign-in expired', log({ httpStatus: 403 }))).toBe(false);
        expect(explains('outage (503 x5)', log({ httpStatus: 503 }))).toBe(true);
        expect(explains('timeout', log({ message: 'Read timed out' }))).toBe(true);
        expect(explains('timeout', log({ httpStatus: 500, message: 'Read timed out' }))).toBe(false);
        expect(
            explains('row lock (UNABLE_TO_LOCK_ROW)', log({ message: 'UNABLE_TO_LOCK_ROW: unable to obtain' }))
        ).toBe(true);
        expect(explains('job fails mid-way (inbound)', log({ operation: 'Job failed' }))).toBe(true);
        expect(explains('daily async limit (retries exhausted)', log({ operation: 'Queue sync' }))).toBe(true);
        // Faults that leave no Failed log of their own explain none.
        expect(explains('webhook-drop', log({ httpStatus: 503 }))).toBe(false);
        expect(explains('webhook registration overwritten', log({ httpStatus: 401 }))).toBe(false);
    });

    it("gives a log to the latest fault before it that explains it, an aimed fault only for its deal's logs", () => {
        const faults = [
            { kind: '503', at: 100 },
            { kind: 'outage (503 x5)', at: 200, aimedAt: { opportunityId: 'opp1', referralId: 'ref1' } },
            { kind: '503', at: 300 },
            { kind: 'row lock (UNABLE_TO_LOCK_ROW)', at: 400, aimedAt: { opportunityId: 'opp2' } },
            { kind: '401 sign-in expired', at: 5000 }
        ];
        const { perFault, unexplained } = attributeFailures(faults, [
            // The outage's deal: its aimed fault goes before the later 503 on whatever request came next.
            log({ at: 900, httpStatus: 503, opportunityId: 'opp1' }),
            log({ at: 950, httpStatus: 503, referralId: 'ref1' }),
            // Another deal's 503: the latest unaimed 503 before it.
            log({ at: 900, httpStatus: 503, opportunityId: 'opp3' }),
            log({ at: 250, httpStatus: 503, opportunityId: 'opp3' }),
            // The row lock was aimed at opp2: opp3's row lock failure is not its doing.
            log({ at: 900, message: 'UNABLE_TO_LOCK_ROW', opportunityId: 'opp2' }),
            log({ at: 900, message: 'UNABLE_TO_LOCK_ROW', opportunityId: 'opp3' }),
            // A 401 before the 401 fault was injected: no fault explains it.
            log({ at: 900, httpStatus: 401, opportunityId: 'opp3' })
        ]);
        expect(perFault).toEqual([1, 2, 1, 1, 0]);
        expect(unexplained.map((l) => [l.opportunityId, l.httpStatus, l.message])).toEqual([
            ['opp3', null, 'UNABLE_TO_LOCK_ROW'],
            ['opp3', 401, null]
        ]);
    });

    it('gives the daily async limit the logs of any deal: its refusals meet whatever work comes next', () => {
        // Seed 45, 10,000 operations: the first async limit of the run was aimed at one deal's edit, and the
        // refusals its batch's retries left over failed another deal's work and a webhook's inbound work.
        const faults = [
            { kind: 'daily async limit (retries exhausted)', at: 100, aimedAt: { opportunityId: 'opp1' } },
            { kind: 'row lock (UNABLE_TO_LOCK_ROW)', at: 200, aimedAt: { opportunityId: 'opp2' } },
            { kind: 'daily async limit (retries exhausted)', at: 300, aimedAt: { opportunityId: 'opp3' } }
        ];
        const refused = { operation: 'Queue sync', errorCode: 'System.AsyncException' };
        const { perFault, unexplained } = attributeFailures(faults, [
            log({ ...refused, at: 150, opportunityId: 'opp1' }),
            log({ ...refused, at: 160, opportunityId: 'opp2' }),
            log({ ...refused, at: 170, referralId: 'ref9' }),
            // Later logs, whichever deal's, go to the latest limit before them.
            log({ ...refused, at: 400, opportunityId: 'opp3' }),
            log({ ...refused, at: 400, opportunityId: 'opp1' }),
            // A refusal before any limit was injected: no fault explains it.
            log({ ...refused, at: 50, opportunityId: 'opp2' })
        ]);
        expect(perFault).toEqual([3, 0, 2]);
        expect(unexplained.map((l) => [l.opportunityId, l.at])).toEqual([['opp2', 50]]);
    });
});
