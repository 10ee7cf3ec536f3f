import { callStaticMethod } from '../apexrt';
import { LocalWorld, startLocalWorld } from './local-world';

/**
 * The package in a Developer Edition org, end to end (local org + Partner Center emulator): Queueable chains there
 * end at depth 5 unless the chain sets its own maximum (Apex Developer Guide, "Queueable Apex"; apexrt takes the
 * limit from Organization.OrganizationType). The live poll chain must keep polling past it, and a backfill (the
 * reconciliation, one page of 100 referrals per job) must read more than five pages in one chain.
 */
describe('the package in a Developer Edition org', () => {
    let world: LocalWorld;
    beforeAll(async () => {
        world = await startLocalWorld({ developerEdition: true });
    }, 60_000);
    afterAll(async () => {
        await world?.stop();
    });

    it('keeps the live poll chain going past the depth limit of 5', async () => {
        const org = world.org;
        const edition = org.data.org.db.getRow(org.data.org.setup.organizationId)?.row.organizationtype;
        expect(edition).toBe('Developer Edition');
        org.transaction((run) => callStaticMethod(org.project, run, 'CoSellSetupController', 'schedulePolling', []));
        await world.settle();
        // The scheduled watchdog started the chain (depth 1); each poll enqueues the next one.
        let polls = 1;
        while (polls < 8 && org.async.fireStanding(org) === 1) {
            await world.settle();
            polls++;
        }
        expect(polls).toBe(8);
        expect(org.async.errors).toEqual([]);
        expect(org.scheduler.errors).toEqual([]);
    }, 120_000);

    it('reads a backfill of more than five pages in one chain', async () => {
        const org = world.org;
        const control = (route: string, body: unknown): Promise<Response> =>
            fetch(`${world.emulatorUrl}${route}`, {
                method: 'POST',
                headers: { 'Content-Type': 'application/json' },
                body: JSON.stringify(body)
            });
        // The referrals' webhooks are lost: only the reconciliation brings them in, a page of 100 per job.
        expect((await control('/_emulator/faults', { kind: 'webhook-drop', rate: 1 })).ok).toBe(true);
        const count = 501;
        for (let i = 0; i < count; i++) {
            const created = await control('/_emulator/microsoft/referrals', {
                name: `Backfill ${i}`,
                customerName: `Backfill customer ${i}`,
                country: 'US',
                dealValue: 1000 + i
            });
            expect(created.ok).toBe(true);
        }
        await world.settle();
        const pagesBefore = org.async.jobsRun.get('ReferralPoller') ?? 0;
        org.transaction((run) => callStaticMethod(org.project, run, 'CoSellSetupController', 'runReconciliation', []));
        await world.settle();
        const opportunities = org.data.org.db
            .rows(org.project.schema.getObject('Opportunity')!)
            .filter((o) => String(o.name).startsWith('Backfill '));
        expect(opportunities).toHaveLength(count);
        expect((org.async.jobsRun.get('ReferralPoller') ?? 0) - pagesBefore).toBeGreaterThanOrEqual(6);
        expect(org.async.errors).toEqual([]);
    }, 300_000);
});
