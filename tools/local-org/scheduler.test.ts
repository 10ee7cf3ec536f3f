import * as path from 'node:path';
import { ApexDatetime, callStaticMethod } from '../apexrt';
import { LocalOrg } from './local-org';

const FIXTURE = path.join(__dirname, 'fixtures', 'project');

function heartbeats(org: LocalOrg): number {
    return org.data.org.db.rows(org.project.schema.getObject('Account')!).filter((r) => r.name === 'heartbeat').length;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('local org scheduler', () => {
    it('fires a job scheduled with System.schedule on the real clock until System.abortJob', async () => {
        const org = new LocalOrg({ root: FIXTURE });
        try {
            const jobId = org.transaction((run) =>
                callStaticMethod(org.project, run, 'HeartbeatJob', 'start', ['* * * * * ?'])
            ) as string;
            for (let waited = 0; heartbeats(org) < 2 && waited < 10_000; waited += 100) await sleep(100);
            expect(heartbeats(org)).toBeGreaterThanOrEqual(2);
            org.transaction((run) => callStaticMethod(org.project, run, 'HeartbeatJob', 'stop', [jobId]));
            const fired = heartbeats(org);
            await sleep(1500);
            expect(heartbeats(org)).toBe(fired);
            expect(org.scheduler.jobs(org)).toEqual([]);
            expect(org.scheduler.errors).toEqual([]);
        } finally {
            org.scheduler.stop();
        }
    }, 30_000);

    it('knows the next fire time, records it on the CronTrigger row and can fire a job at once', () => {
        const now = Date.parse('2026-12-01T10:14:30Z');
        const org = new LocalOrg({ root: FIXTURE, now: () => now });
        try {
            const jobId = org.transaction((run) =>
                callStaticMethod(org.project, run, 'HeartbeatJob', 'start', ['0 15 * * * ?'])
            ) as string;
            expect(new Date(org.scheduler.nextFireTime(jobId, now)!).toISOString()).toBe('2026-12-01T10:15:00.000Z');
            const row = (): Record<string, unknown> => org.data.org.db.getRow(jobId)!.row;
            expect((row().nextfiretime as ApexDatetime).epochMs).toBe(Date.parse('2026-12-01T10:15:00Z'));
            expect(heartbeats(org)).toBe(0);
            org.scheduler.fire(org, jobId);
            expect(heartbeats(org)).toBe(1);
            expect(row().timestriggered).toBe(1);
        } finally {
            org.scheduler.stop();
        }
    });
});
