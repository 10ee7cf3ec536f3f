import * as path from 'node:path';
import { LocalOrg } from './local-org';

const FIXTURE = path.join(__dirname, 'fixtures', 'project');

/** A local org with one account, and anonymous Apex that must succeed (its debug lines). */
function lockedAccount(): {
    org: LocalOrg;
    debug: (source: string) => string[];
    id: string;
    description: () => string;
} {
    const org = new LocalOrg({ root: FIXTURE });
    const debug = (source: string): string[] => {
        const r = org.executeAnonymous(source);
        expect(r.exceptionMessage).toBeNull();
        return r.debugLines.map((l) => l.split('|').pop()!);
    };
    const [id] = debug("Account a = new Account(Name = 'Locked'); insert a; System.debug(a.Id);");
    const description = (): string =>
        debug(`System.debug([SELECT Description FROM Account WHERE Id = '${id}'].Description);`)[0];
    return { org, debug, id, description };
}

describe('injected row locks (LocalOrg.lockRowForJobs)', () => {
    it("fail an async job's save of the record with UNABLE_TO_LOCK_ROW, as often as asked, and nothing else", async () => {
        const { org, debug, id, description } = lockedAccount();
        org.lockRowForJobs(id, 1);

        // A synchronous save (a seller's) is not refused.
        debug(`update new Account(Id = '${id}', Description = 'by seller');`);
        expect(org.rowLocksMet).toBe(0);

        debug(`System.enqueueJob(new TouchJob('${id}'));`);
        await org.async.idle();
        expect(org.rowLocksMet).toBe(1);
        expect(org.async.errors).toEqual([
            expect.stringContaining('UNABLE_TO_LOCK_ROW, unable to obtain exclusive access to this record')
        ]);
        expect(description()).toBe('by seller');

        debug(`System.enqueueJob(new TouchJob('${id}'));`);
        await org.async.idle();
        expect(org.async.errors).toHaveLength(1);
        expect(description()).toBe('touched');
    });

    // Apex Developer Guide, "Locking Statements": locking a record another client holds waits up to 10 seconds,
    // then throws a QueryException. Before, the FOR UPDATE query of a locked record succeeded silently.
    it("refuse an async job's FOR UPDATE query of the record with a QueryException, then let it lock", async () => {
        const { org, debug, id, description } = lockedAccount();
        const before = description();
        org.lockRowForJobs(id, 1);

        // A synchronous lock (a seller's transaction) is not refused, and holds nothing afterwards.
        debug(`System.debug([SELECT Id FROM Account WHERE Id = '${id}' FOR UPDATE].size());`);
        expect(org.rowLocksMet).toBe(0);

        debug(`System.enqueueJob(new LockJob('${id}'));`);
        await org.async.idle();
        expect(org.rowLocksMet).toBe(1);
        expect(org.async.errors).toEqual([
            expect.stringContaining('System.QueryException: Record Currently Unavailable')
        ]);
        expect(description()).toBe(before);

        debug(`System.enqueueJob(new LockJob('${id}'));`);
        await org.async.idle();
        expect(org.async.errors).toHaveLength(1);
        expect(description()).toBe('locked and touched');
    });
});
