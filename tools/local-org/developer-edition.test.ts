import { callStaticMethod } from '../apexrt';
import { LocalWorld, startLocalWorld } from './local-world';

/**
 * The package in a Developer Edition org, end to end (local org + Partner Center emulator): Queueable chains there
 * end at depth 5 unless the chain sets its own maximum (Apex Developer Guide, "Queueable Apex"; apexrt takes the
 * limit from Organization.OrganizationType). The live poll chain must keep polling past it.
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
});
