import * as path from 'node:path';
import { LocalOrg } from './local-org';

const FIXTURE = path.join(__dirname, 'fixtures', 'project');

describe('injected Salesforce-side faults', () => {
    const start = (): { org: LocalOrg; debug: (source: string) => string[]; description: (id: string) => string } => {
        const org = new LocalOrg({ root: FIXTURE });
        const debug = (source: string): string[] => {
            const r = org.executeAnonymous(source);
            expect(r.exceptionMessage).toBeNull();
            return r.debugLines.map((l) => l.split('|').pop()!);
        };
        const description = (id: string): string =>
            debug(`System.debug([SELECT Description FROM Account WHERE Id = '${id}'].Description);`)[0];
        return { org, debug, description };
    };

    it('failJobsMidway ends the next runs of that Queueable class at their first DML, rolled back', async () => {
        const { org, debug, description } = start();
        const [id] = debug(
            "Account a = new Account(Name = 'Mid', Description = 'before'); insert a; System.debug(a.Id);"
        );
        org.failJobsMidway('TouchJob', 1);
        // Other classes and synchronous saves are not affected.
        debug(`update new Account(Id = '${id}', Description = 'by seller');`);
        expect(org.midwayFailuresMet).toBe(0);

        debug(`System.enqueueJob(new TouchJob('${id}'));`);
        await org.async.idle();
        expect(org.midwayFailuresMet).toBe(1);
        expect(org.async.errors).toEqual([]); // the injected failure is the fault, not an error of the org
        expect(description(id)).toBe('by seller');

        debug(`System.enqueueJob(new TouchJob('${id}'));`);
        await org.async.idle();
        expect(org.midwayFailuresMet).toBe(1);
        expect(description(id)).toBe('touched');
    });

    it("reachAsyncLimit refuses that many attempts to add asynchronous work with the platform's exception", async () => {
        const { org, debug, description } = start();
        const [id] = debug("Account a = new Account(Name = 'Limit'); insert a; System.debug(a.Id);");
        org.reachAsyncLimit(2);
        const refused = org.executeAnonymous(`System.enqueueJob(new TouchJob('${id}'));`);
        expect(refused.exceptionMessage).toBe(
            'System.AsyncException: Rate Limiting Exception : AsyncApexExecutions Limit exceeded.'
        );
        // Catchable, as AsyncException is; the second attempt is refused too, the third goes through.
        expect(
            debug(
                `try { System.enqueueJob(new TouchJob('${id}')); } catch (AsyncException e) { System.debug('refused'); }`
            )
        ).toEqual(['refused']);
        expect(org.asyncLimitMet).toBe(2);
        debug(`System.enqueueJob(new TouchJob('${id}'));`);
        await org.async.idle();
        expect(description(id)).toBe('touched');
    });

    it('endAsyncLimit ends the injected limit at once and says how many refusals were left', async () => {
        const { org, debug, description } = start();
        const [id] = debug("Account a = new Account(Name = 'Limit'); insert a; System.debug(a.Id);");
        org.reachAsyncLimit(5);
        expect(org.executeAnonymous(`System.enqueueJob(new TouchJob('${id}'));`).success).toBe(false);
        expect(org.endAsyncLimit()).toBe(4);
        expect(org.executeAnonymous(`System.enqueueJob(new TouchJob('${id}'));`).success).toBe(true);
        await org.async.idle();
        expect(description(id)).toBe('touched');
        expect(org.endAsyncLimit()).toBe(0);
    });

    it("advanceClock moves the org's one clock: System.now, Date.today and CreatedDate", () => {
        const { org, debug } = start();
        const before = Date.now();
        org.advanceClock(10 * 60_000);
        const [now, created] = debug(
            "Account a = new Account(Name = 'Clock'); insert a; System.debug(System.now().getTime()); System.debug([SELECT CreatedDate FROM Account WHERE Id = :a.Id].CreatedDate.getTime());"
        ).map(Number);
        expect(now).toBeGreaterThanOrEqual(before + 10 * 60_000);
        expect(now).toBeLessThan(Date.now() + 10 * 60_000 + 1000);
        expect(org.now()).toBeGreaterThanOrEqual(now);
        expect(org.now()).toBeLessThan(Date.now() + 10 * 60_000 + 1000);
        expect(Math.abs(created - now)).toBeLessThan(1000);
    });
});
