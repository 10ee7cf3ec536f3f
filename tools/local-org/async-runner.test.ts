import * as path from 'node:path';
import { LocalOrg } from './local-org';

const FIXTURE = path.join(__dirname, 'fixtures', 'project');

describe('the jobs a job enqueued (JobRun.enqueued)', () => {
    const org = new LocalOrg({ root: FIXTURE });
    afterAll(() => org.async.stop());

    it('lists a child still waiting for its delay, before it runs', async () => {
        // A standing class: its delayed jobs are not work idle() waits for, as the live poll's next poll.
        org.async.standing.add('ChainJob');
        const r = org.executeAnonymous('System.enqueueJob(new ChainJob(1));');
        expect(r.exceptionMessage).toBeNull();
        await org.async.idle();
        expect(org.async.runs.map((run) => run.name)).toEqual(['ChainJob']);
        expect(org.async.runs[0].enqueued).toEqual([{ name: 'ChainJob', delayMinutes: 5 }]);
        expect(org.async.standingJobs()).toHaveLength(1);
    });
});
