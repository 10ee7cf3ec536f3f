// `npm run bench` — measures the connector on this machine and prints each figure with its goal:
//   1. governor usage of the opportunity trigger for 1, 50 and 200 changed opportunities (apexrt limit counters);
//   2. end-to-end latency in the local org over real HTTP: opportunity edit → referral updated, and Partner
//      Center change → opportunity updated (webhook path), median and p95;
//   3. the package's Apex test suite on apexrt: wall time, split into load (parse + check) and run.
//   4. backfill: n referrals whose webhooks were lost brought in by the reconciliation (poller pages).
//   --changes <n>   latency samples per direction (default 50)
//   --backfill <n>  referrals for the backfill (default 2000)

import * as path from 'node:path';
import { loadProject, platformTestHooks, runTests } from '../tools/apexrt';
import { RunContext } from '../tools/apexrt/interpreter/context';
import { PlatformState } from '../tools/apexrt/platform/platform-state';
import { SObject } from '../tools/apexrt/data';
import { ApexDate, Decimal } from '../tools/apexrt/core/values';
import { startLocalWorld } from '../tools/local-org/local-world';

const root = path.resolve(__dirname, '..');
const rows: Array<[string, string, string]> = [];
const row = (figure: string, value: string, goal: string): void => {
    rows.push([figure, value, goal]);
};

function percentile(values: number[], p: number): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Turns sync on for `n` ready opportunities in one update and reads the limit counters of that transaction. */
function triggerCost(n: number): Record<string, number> {
    const project = loadProject({ root });
    const data = project.newDataLayer();
    const schema = project.schema;
    const run = (): RunContext => new RunContext({ data, org: new PlatformState() });
    const setup = run();
    const insert = (records: SObject[]): void =>
        data.throwOnFailure('insert', data.execute('insert', records, true, setup));
    const account = SObject.create(schema, 'Account', { Name: 'Bench', BillingCountry: 'US' });
    insert([account]);
    const solution = SObject.create(schema, 'Partner_Center_Solution__c', {
        Name: 'S',
        Solution_Id__c: 'SOL-B',
        Active__c: true
    });
    insert([solution]);
    const opportunities = Array.from({ length: n }, (_, i) =>
        SObject.create(schema, 'Opportunity', {
            Name: `Deal ${i}`,
            AccountId: account.id,
            StageName: 'Qualification',
            CloseDate: new ApexDate(2027, 1, 31),
            Amount: new Decimal(1000 + i)
        })
    );
    insert(opportunities);
    insert(
        opportunities.map((o) =>
            SObject.create(schema, 'Opportunity_Solution__c', { Opportunity__c: o.id, Solution__c: solution.id })
        )
    );
    const measured = run();
    const changes = opportunities.map((o) =>
        SObject.create(schema, 'Opportunity', { Id: o.id, Sync_With_Partner_Center__c: true })
    );
    data.throwOnFailure('update', data.execute('update', changes, true, measured));
    const platform = measured.org as PlatformState;
    return { ...measured.limits.snapshot(), events: platform.pendingEvents.length };
}

async function latency(samples: number): Promise<void> {
    const world = await startLocalWorld();
    try {
        const token = (
            (await (await fetch(`${world.orgUrl}/services/oauth2/token`, { method: 'POST' })).json()) as {
                access_token: string;
            }
        ).access_token;
        const api = (method: string, url: string, body?: unknown): Promise<Response> =>
            fetch(`${world.orgUrl}/services/data/v65.0${url}`, {
                method,
                headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
                body: body === undefined ? undefined : JSON.stringify(body)
            });
        const q = async <T>(soql: string): Promise<T[]> =>
            ((await (await api('GET', `/query?q=${encodeURIComponent(soql)}`)).json()) as { records: T[] }).records;
        const [deal] = await q<{ Id: string }>("SELECT Id FROM Opportunity WHERE Name LIKE 'Contoso%'");
        await api('PATCH', `/sobjects/Opportunity/${deal.Id}`, { Sync_With_Partner_Center__c: true });
        await world.settle();
        const callouts = (): number => world.org.router?.log.length ?? 0;
        const before = callouts();
        await api('PATCH', `/sobjects/Opportunity/${deal.Id}`, { NextStep: 'Call the customer' });
        await world.settle();
        row('callouts for an edit Partner Center does not see', String(callouts() - before), '0');
        const beforeChange = callouts();
        await api('PATCH', `/sobjects/Opportunity/${deal.Id}`, { Amount: 199999 });
        await world.settle();
        const calls = world.org.router!.log.slice(beforeChange);
        const writes = calls.filter((c) => c.method === 'PATCH' || c.method === 'POST');
        row('Partner Center writes per changed referral', String(writes.length), '1');
        row(
            "then: reads of Partner Center's own webhook for it (GET + certificate)",
            String(calls.length - writes.length),
            'no data written (eTag unchanged)'
        );
        row('PATCH body for one changed field', `${writes[0]?.requestBytes ?? 0} bytes`, 'only the changed path');
        const outbound: number[] = [];
        for (let i = 0; i < samples; i++) {
            const began = performance.now();
            await api('PATCH', `/sobjects/Opportunity/${deal.Id}`, { Amount: 200000 + i });
            await world.settle();
            outbound.push(performance.now() - began);
        }
        const [synced] = await q<{ Referral_Id__c: string; Amount: number }>(
            `SELECT Referral_Id__c, Amount FROM Opportunity WHERE Id = '${deal.Id}'`
        );
        row('opportunity edit → referral updated, median', `${percentile(outbound, 50).toFixed(0)} ms`, '< 2000 ms');
        row('opportunity edit → referral updated, p95', `${percentile(outbound, 95).toFixed(0)} ms`, '< 2000 ms');
        const inbound: number[] = [];
        const pcToken = (
            (await (await fetch(`${world.emulatorUrl}/_emulator/tokens`, { method: 'POST', body: '{}' })).json()) as {
                access_token: string;
            }
        ).access_token;
        for (let i = 0; i < samples; i++) {
            const began = performance.now();
            const r = await fetch(`${world.emulatorUrl}/v1.0/engagements/referrals/${synced.Referral_Id__c}`, {
                method: 'PATCH',
                headers: { Authorization: `Bearer ${pcToken}`, 'Content-Type': 'application/json' },
                body: JSON.stringify([{ op: 'replace', path: '/details/notes', value: `note ${i}` }])
            });
            if (!r.ok) throw new Error(`PATCH in Partner Center failed: ${r.status}`);
            await world.settle();
            inbound.push(performance.now() - began);
        }
        const [after] = await q<{ Description: string }>(`SELECT Description FROM Opportunity WHERE Id = '${deal.Id}'`);
        if (after.Description !== `note ${samples - 1}`)
            throw new Error(`the last inbound change did not arrive: ${after.Description}`);
        row(
            'Partner Center change → opportunity updated, median',
            `${percentile(inbound, 50).toFixed(0)} ms`,
            '< 2000 ms'
        );
        row(
            'Partner Center change → opportunity updated, p95',
            `${percentile(inbound, 95).toFixed(0)} ms`,
            '< 2000 ms'
        );
        row('async failures during the latency runs', String(world.org.async.errors.length), '0');
    } finally {
        await world.stop();
    }
}

/**
 * Backfill: `count` referrals exist in Partner Center and the org has none of them (their webhooks were lost);
 * the reconciliation (poller, one page of 100 per transaction) brings them all in.
 */
async function backfill(count: number): Promise<void> {
    const world = await startLocalWorld();
    try {
        const control = (path: string, body: unknown): Promise<Response> =>
            fetch(`${world.emulatorUrl}${path}`, {
                method: 'POST',
                headers: { 'Content-Type': 'application/json' },
                body: JSON.stringify(body)
            });
        await control('/_emulator/faults', { kind: 'webhook-drop', rate: 1 });
        for (let i = 0; i < count; i++)
            await control('/_emulator/microsoft/referrals', {
                name: `Backfill ${i}`,
                customerName: `Customer ${i}`,
                country: 'US',
                dealValue: 1000 + i
            });
        await world.settle();
        const token = (
            (await (await fetch(`${world.orgUrl}/services/oauth2/token`, { method: 'POST' })).json()) as {
                access_token: string;
            }
        ).access_token;
        const calloutsBefore = world.org.router?.log.length ?? 0;
        const began = performance.now();
        const started = await fetch(
            `${world.orgUrl}/services/data/v65.0/apex/CoSellSetupController/runReconciliation`,
            {
                method: 'POST',
                headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
                body: '{}'
            }
        );
        if (!started.ok) throw new Error(`reconciliation did not start: ${started.status}`);
        await world.settle();
        const millis = performance.now() - began;
        const q = (await (
            await fetch(
                `${world.orgUrl}/services/data/v65.0/query?q=${encodeURIComponent("SELECT COUNT() FROM Opportunity WHERE Name LIKE 'Backfill %'")}`,
                {
                    headers: { Authorization: `Bearer ${token}` }
                }
            )
        ).json()) as { totalSize: number };
        const jobs = world.org.async.jobsRun.get('ReferralPoller') ?? 0;
        const callouts = (world.org.router?.log.length ?? 0) - calloutsBefore;
        row(`backfill: ${count} referrals → opportunities`, `${q.totalSize}`, `${count}, none lost`);
        row(
            'backfill: transactions (poller pages) / callouts per transaction',
            `${jobs} / ${(callouts / Math.max(1, jobs)).toFixed(1)}`,
            '≤ 100 callouts each'
        );
        row('backfill: total time', `${(millis / 1000).toFixed(1)} s`, 'no limit exceptions');
        row('backfill: async failures', String(world.org.async.errors.length), '0');
    } finally {
        await world.stop();
    }
}

async function main(): Promise<void> {
    const changesArg = process.argv.indexOf('--changes');
    const samples = changesArg >= 0 ? Number(process.argv[changesArg + 1]) : 50;
    for (const n of [1, 50, 200]) {
        const cost = triggerCost(n);
        row(
            `trigger, ${n} changed opportunities: SOQL / DML / events`,
            `${cost.queries} / ${cost.dmlStatements} / ${cost.events}`,
            '≤ 3 / ≤ 3 (constant) / n'
        );
    }
    const loadBegan = performance.now();
    const project = loadProject({ root, diskCache: false });
    const loadMs = performance.now() - loadBegan;
    const runBegan = performance.now();
    const result = runTests(project, { dataLayer: () => project.newDataLayer(), testHooks: platformTestHooks });
    const runMs = performance.now() - runBegan;
    const failed = result.tests.filter((t) => t.outcome !== 'Pass').length;
    row(
        `Apex test suite (${result.tests.length} tests, ${failed} failed): load / run`,
        `${loadMs.toFixed(0)} / ${runMs.toFixed(0)} ms`,
        '< 30000 ms total'
    );
    await latency(samples);
    const backfillArg = process.argv.indexOf('--backfill');
    await backfill(backfillArg >= 0 ? Number(process.argv[backfillArg + 1]) : 2000);
    const width = Math.max(...rows.map((r) => r[0].length));
    console.log(`${'figure'.padEnd(width)}  ${'value'.padEnd(18)}  goal`);
    for (const [figure, value, goal] of rows) console.log(`${figure.padEnd(width)}  ${value.padEnd(18)}  ${goal}`);
}

main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
});
