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

describe("a failed transaction's platform events (LocalOrg.transaction)", () => {
    const start = (): { org: LocalOrg; received: () => string[] } => {
        const org = new LocalOrg({ root: FIXTURE });
        const received = (): string[] => {
            const r = org.executeAnonymous(
                "for (Account a : [SELECT Name FROM Account WHERE Name LIKE 'notice:%' OR Name LIKE 'change:%' OR Name LIKE 'job:%' ORDER BY Name]) System.debug(a.Name);"
            );
            expect(r.exceptionMessage).toBeNull();
            return r.debugLines.map((l) => l.split('|').pop()!);
        };
        return { org, received };
    };
    const publishBoth = (note: string): string =>
        `EventBus.publish(new List<SObject>{ new Fixture_Notice__e(Note__c = '${note}'), new Fixture_Change__e(Note__c = '${note}') });`;

    it('delivers both kinds when the transaction commits', async () => {
        const { org, received } = start();
        expect(org.executeAnonymous(publishBoth('saved')).success).toBe(true);
        await org.async.idle();
        expect(received()).toEqual(['change: saved', 'notice: saved']);
    });

    it('delivers the Publish Immediately events of a block that ends with an uncaught exception', async () => {
        const { org, received } = start();
        const failed = org.executeAnonymous(`${publishBoth('anonymous')} throw new IllegalArgumentException('no');`);
        expect(failed.exceptionMessage).toBe('System.IllegalArgumentException: no');
        await org.async.idle();
        expect(org.async.errors).toEqual([]);
        expect(received()).toEqual(['notice: anonymous']);
        expect(org.async.counts.events).toBe(1);
    });

    it('delivers the Publish Immediately events of a Queueable that fails after publishing', async () => {
        const { org, received } = start();
        org.failJobsMidway('PublishJob', 1);
        expect(org.executeAnonymous("System.enqueueJob(new PublishJob('queued'));").success).toBe(true);
        await org.async.idle();
        expect(org.midwayFailuresMet).toBe(1);
        expect(org.async.errors).toEqual([]);
        // The job's own insert is rolled back with its Publish After Commit event.
        expect(received()).toEqual(['notice: queued']);
    });
});
