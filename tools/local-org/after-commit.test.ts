import * as path from 'node:path';
import { LocalOrg } from './local-org';

const FIXTURE = path.join(__dirname, 'fixtures', 'project');

describe('after a transaction commits (LocalOrg.transaction)', () => {
    it("starts the transaction's jobs even when the outbox then fails, and the failure reaches the caller", async () => {
        const org = new LocalOrg({ root: FIXTURE });
        const created = org.executeAnonymous("Account a = new Account(Name = 'Outbox'); insert a; System.debug(a.Id);");
        const id = created.debugLines[0].split('|').pop()!;
        jest.spyOn(org.outbox, 'committed').mockImplementationOnce(() => {
            throw new Error('the outbox broke');
        });
        expect(() => org.executeAnonymous(`System.enqueueJob(new TouchJob('${id}'));`)).toThrow('the outbox broke');
        expect(org.async.pendingWork()).toEqual([expect.objectContaining({ label: 'TouchJob', state: 'waiting' })]);
        await org.async.idle();
        expect(org.async.jobsRun.get('TouchJob')).toBe(1);
        const touched = org.executeAnonymous(
            `System.debug([SELECT Description FROM Account WHERE Id = '${id}'].Description);`
        );
        expect(touched.debugLines[0].split('|').pop()).toBe('touched');
    });
});
