import * as path from 'node:path';
import { LocalOrg } from './local-org';

const FIXTURE = path.join(__dirname, 'fixtures', 'project');

describe('injected row locks (LocalOrg.lockRowForJobs)', () => {
    it("fail an async job's save of the record with UNABLE_TO_LOCK_ROW, as often as asked, and nothing else", async () => {
        const org = new LocalOrg({ root: FIXTURE });
        const debug = (source: string): string[] => {
            const r = org.executeAnonymous(source);
            expect(r.exceptionMessage).toBeNull();
            return r.debugLines.map((l) => l.split('|').pop()!);
        };
        const [id] = debug("Account a = new Account(Name = 'Locked'); insert a; System.debug(a.Id);");
        const description = (): string =>
            debug(`System.debug([SELECT Description FROM Account WHERE Id = '${id}'].Description);`)[0];
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
    }, 30_000); // loads the whole package several times: seconds on a busy 2-core machine
});
