import * as path from 'node:path';
import { LocalOrg } from './local-org';
import { describeOrgWork, settleWithin } from './settle';

const FIXTURE = path.join(__dirname, 'fixtures', 'project');

describe('settling with a deadline (settle.ts)', () => {
    const org = new LocalOrg({ root: FIXTURE });
    const debug = (source: string): string[] => {
        const r = org.executeAnonymous(source);
        expect(r.exceptionMessage).toBeNull();
        return r.debugLines.map((l) => l.split('|').pop()!);
    };
    const [id] = debug("Account a = new Account(Name = 'Stuck'); insert a; System.debug(a.Id);");
    afterAll(() => org.async.stop());

    it('fails a wait that does not end with the queued job it waits for, instead of hanging', async () => {
        // A job that will not run within the deadline: queued with a 5-minute delay.
        debug(`System.enqueueJob(new TouchJob('${id}'), 5);`);
        const began = Date.now();
        const failure = settleWithin(org.async.idle(), 300, 'the org', () => describeOrgWork(org));
        await expect(failure).rejects.toThrow(
            /^the org did not settle within 0\.3 s; pending: TouchJob queued 0\.\d s ago, due in 29\d\.\d s$/
        );
        expect(Date.now() - began).toBeLessThan(5000);
        // The job is still there for whoever waits on: the deadline failed the caller, it dropped no work.
        expect(org.async.pendingWork()).toEqual([
            { label: 'TouchJob', state: 'waiting', since: expect.any(Number), dueAt: expect.any(Number) }
        ]);
    });

    it('lists a job that is running, and resolves when the work ends within the deadline', async () => {
        const seen: string[][] = [];
        const execute = org.data.execute;
        org.data.execute = (...args) => {
            seen.push(describeOrgWork(org));
            return execute(...args);
        };
        try {
            debug(`System.enqueueJob(new TouchJob('${id}'));`);
            await settleWithin(
                new Promise<void>((resolve) => {
                    // The job due now runs on its timer; the delayed one stays queued.
                    const check = (): void =>
                        org.async.pendingWork().length === 1 ? resolve() : void setTimeout(check, 10);
                    check();
                }),
                10_000,
                'the org',
                () => describeOrgWork(org)
            );
        } finally {
            org.data.execute = execute;
        }
        expect(seen[0]).toEqual([
            expect.stringMatching(/^TouchJob running for \d+\.\d s$/),
            expect.stringMatching(/^TouchJob queued \d+\.\d s ago, due in \d+\.\d s$/)
        ]);
        expect(org.async.errors).toEqual([]);
    });
});
