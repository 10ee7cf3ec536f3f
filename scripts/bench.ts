// `npm run bench` — measures the connector on this machine and prints each figure with its goal:
//   1. governor usage of the opportunity trigger for 1, 50 and 200 changed opportunities (apexrt limit counters);
//   2. end-to-end latency in the local org over real HTTP: opportunity edit → referral updated, and Partner
//      Center change → opportunity updated (webhook path), median and p95 after warm-up; a sample ends when all
//      work has settled (webhooks delivered, async jobs done), so the outbound one includes reading the echo;
//   3. the package's Apex test suite on apexrt: wall time, split into load (parse + check) and run.
//   4. backfill: n referrals whose webhooks were lost brought in by the reconciliation (poller pages).
//   --changes <n>   latency samples per direction (default 50)
//   --backfill <n>  referrals for the backfill (default 2000)
//   --only <part>   one part: trigger, suite, latency, recovery or backfill

import * as path from 'node:path';
import {
    loadProject,
    platformTestHooks,
    runTests,
    RunContext,
    PlatformState,
    SObject,
    ApexDate,
    Decimal
} from '../tools/apexrt';
import { LocalWorld, startLocalWorld } from '../tools/local-org/local-world';
import { fetchOrgToken } from '../tools/local-org/server';

const root = path.resolve(__dirname, '..');
const rows: Array<[string, string, string, string]> = [];
/** One line of the table; `met` says whether the figure reaches its goal (blank when the goal is not a bound). */
const row = (figure: string, value: string, goal: string, met?: boolean): void => {
    rows.push([figure, value, goal, met === undefined ? '' : met ? 'yes' : 'NO']);
};
/** Warm-up iterations run and discarded before each timed series (JIT, caches, first connections). */
const WARM_UP = 5;

function percentile(values: number[], p: number): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The world's failed async work and scheduled jobs (limit exceptions included): must be none. */
function failuresRow(figure: string, world: LocalWorld): void {
    const failed = world.org.async.errors.length + world.org.scheduler.errors.length;
    row(figure, String(failed), '0', failed === 0);
}

/** Median and p95 rows of a timed series against a bound in ms. */
function timing(figure: string, millis: number[], goalMs: number): void {
    for (const p of [50, 95]) {
        const value = percentile(millis, p);
        row(`${figure}, ${p === 50 ? 'median' : 'p95'}`, `${value.toFixed(0)} ms`, `< ${goalMs} ms`, value < goalMs);
    }
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
    return { ...measured.limits.snapshot(), publishes: platform.publishCalls, events: platform.pendingEvents.length };
}

/** Calls into a running local world: the org's REST API (with a token) and the emulator's control endpoints. */
async function clientOf(world: LocalWorld): Promise<{
    api: (method: string, url: string, body?: unknown) => Promise<Response>;
    query: <T>(soql: string) => Promise<T[]>;
    control: (path: string, body: unknown) => Promise<Response>;
}> {
    const token = await fetchOrgToken(world.orgUrl);
    const api = (method: string, url: string, body?: unknown): Promise<Response> =>
        fetch(`${world.orgUrl}/services/data/v65.0${url}`, {
            method,
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: body === undefined ? undefined : JSON.stringify(body)
        });
    const query = async <T>(soql: string): Promise<T[]> =>
        ((await (await api('GET', `/query?q=${encodeURIComponent(soql)}`)).json()) as { records: T[] }).records;
    const control = (path: string, body: unknown): Promise<Response> =>
        fetch(`${world.emulatorUrl}${path}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(body)
        });
    return { api, query, control };
}

async function latency(samples: number): Promise<void> {
    const world = await startLocalWorld();
    try {
        const { api, query: q } = await clientOf(world);
        const [deal] = await q<{ Id: string }>("SELECT Id FROM Opportunity WHERE Name LIKE 'Contoso%'");
        await api('PATCH', `/sobjects/Opportunity/${deal.Id}`, { Sync_With_Partner_Center__c: true });
        await world.settle();
        const callouts = (): number => world.org.router?.log.length ?? 0;
        const before = callouts();
        await api('PATCH', `/sobjects/Opportunity/${deal.Id}`, { NextStep: 'Call the customer' });
        await world.settle();
        row(
            'callouts for an edit Partner Center does not see',
            String(callouts() - before),
            '0',
            callouts() === before
        );
        const beforeChange = callouts();
        await api('PATCH', `/sobjects/Opportunity/${deal.Id}`, { Amount: 199999 });
        await world.settle();
        const calls = world.org.router!.log.slice(beforeChange);
        const writes = calls.filter((c) => c.method === 'PATCH' || c.method === 'POST');
        row('Partner Center writes per changed referral', String(writes.length), '1', writes.length === 1);
        row(
            "then: reads of Partner Center's own webhook for it (GET + certificate)",
            String(calls.length - writes.length),
            'no data written (eTag unchanged)'
        );
        const operations = JSON.parse(writes[0]?.requestBody || '[]') as Array<{ path: string }>;
        row(
            'PATCH body for one changed field',
            `${writes[0]?.requestBytes ?? 0} bytes: ${operations.map((o) => o.path).join(', ')}`,
            'only the changed path',
            operations.length === 1
        );
        const outbound: number[] = [];
        for (let i = -WARM_UP; i < samples; i++) {
            const began = performance.now();
            await api('PATCH', `/sobjects/Opportunity/${deal.Id}`, { Amount: 200000 + i });
            await world.settle();
            if (i >= 0) outbound.push(performance.now() - began);
        }
        const [synced] = await q<{ Referral_Id__c: string; Amount: number }>(
            `SELECT Referral_Id__c, Amount FROM Opportunity WHERE Id = '${deal.Id}'`
        );
        timing(`opportunity edit → referral updated, echo settled (${samples} changes)`, outbound, 2000);
        const inbound: number[] = [];
        const pcToken = (
            (await (await fetch(`${world.emulatorUrl}/_emulator/tokens`, { method: 'POST', body: '{}' })).json()) as {
                access_token: string;
            }
        ).access_token;
        for (let i = -WARM_UP; i < samples; i++) {
            const began = performance.now();
            const r = await fetch(`${world.emulatorUrl}/v1.0/engagements/referrals/${synced.Referral_Id__c}`, {
                method: 'PATCH',
                headers: { Authorization: `Bearer ${pcToken}`, 'Content-Type': 'application/json' },
                body: JSON.stringify([{ op: 'replace', path: '/details/notes', value: `note ${i}` }])
            });
            if (!r.ok) throw new Error(`PATCH in Partner Center failed: ${r.status}`);
            await world.settle();
            if (i >= 0) inbound.push(performance.now() - began);
        }
        const [after] = await q<{ Description: string }>(`SELECT Description FROM Opportunity WHERE Id = '${deal.Id}'`);
        if (after.Description !== `note ${samples - 1}`)
            throw new Error(`the last inbound change did not arrive: ${after.Description}`);
        timing(`Partner Center change → opportunity updated (${samples} changes)`, inbound, 2000);
        failuresRow('async and scheduler failures during the latency runs', world);
    } finally {
        await world.stop();
    }
}

/**
 * Missed webhook → recovered by polling, on the default schedule: with every webhook dropped, Partner Center
 * changes a referral; the poller the setup page scheduled brings the change in. Recovery = the wait until the
 * next scheduled poll (from the scheduler's own cron fire times, for changes spread evenly over an hour — a
 * benchmark cannot wait for the wall clock) + the poll's own time, measured: the job fired, until the
 * opportunity shows the change.
 */
async function missedWebhookRecovery(samples: number): Promise<void> {
    const world = await startLocalWorld();
    try {
        const { api, query, control } = await clientOf(world);
        const scheduled = await api('POST', '/apex/CoSellSetupController/schedulePolling', {});
        if (!scheduled.ok) throw new Error(`polling could not be scheduled: ${scheduled.status}`);
        const jobs = world.org.scheduler.jobs(world.org);
        const sent = (await (
            await control('/_emulator/microsoft/referrals', {
                name: 'Recovery',
                customerName: 'Fabrikam',
                country: 'US'
            })
        ).json()) as { referral: { id: string } };
        const referralId = sent.referral.id;
        await world.settle();
        const pcToken = (
            (await (await control('/_emulator/tokens', {})).json()) as {
                access_token: string;
            }
        ).access_token;
        await control('/_emulator/faults', { kind: 'webhook-drop', rate: 1 });
        const hour = Date.UTC(2026, 11, 1, 10);
        const recovery: number[] = [];
        const polls: number[] = [];
        for (let i = -WARM_UP; i < samples; i++) {
            const changed = await fetch(`${world.emulatorUrl}/v1.0/engagements/referrals/${referralId}`, {
                method: 'PATCH',
                headers: { Authorization: `Bearer ${pcToken}`, 'Content-Type': 'application/json' },
                body: JSON.stringify([{ op: 'replace', path: '/details/notes', value: `missed ${i}` }])
            });
            if (!changed.ok) throw new Error(`PATCH in Partner Center failed: ${changed.status}`);
            await world.settle();
            const at = hour + Math.round(((i + WARM_UP) * 3_600_000) / (samples + WARM_UP));
            const next = Math.min(...jobs.map((j) => world.org.scheduler.nextFireTime(j.cronTriggerId, at)!));
            const began = performance.now();
            world.org.scheduler.fire(world.org, jobs[0].cronTriggerId);
            await world.settle();
            const pollMs = performance.now() - began;
            const [opportunity] = await query<{ Description: string }>(
                `SELECT Description FROM Opportunity WHERE Referral_Id__c = '${referralId}'`
            );
            if (opportunity?.Description !== `missed ${i}`)
                throw new Error(`the poll did not bring the change in: ${opportunity?.Description}`);
            if (i < 0) continue;
            polls.push(pollMs);
            recovery.push(next - at + pollMs);
        }
        const interval = 60 / jobs.length;
        const minutes = (ms: number): string => `${(ms / 60_000).toFixed(1)} min`;
        row(
            'missed webhook: poller jobs scheduled by "Schedule polling"',
            `${jobs.length} (every ${interval} min)`,
            'default interval'
        );
        for (const p of [50, 95]) {
            const value = percentile(recovery, p);
            row(
                `missed webhook → opportunity updated, ${p === 50 ? 'median' : 'p95'}`,
                minutes(value),
                '< 10 min (Power Automate: about 10 min)',
                value < 600_000
            );
        }
        row('missed webhook: the poll itself, median', `${percentile(polls, 50).toFixed(0)} ms`, 'reported');
        failuresRow('missed webhook: async and scheduler failures', world);
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
        const { api, control } = await clientOf(world);
        await control('/_emulator/faults', { kind: 'webhook-drop', rate: 1 });
        for (let i = 0; i < count; i++)
            await control('/_emulator/microsoft/referrals', {
                name: `Backfill ${i}`,
                customerName: `Customer ${i}`,
                country: 'US',
                dealValue: 1000 + i
            });
        await world.settle();
        const calloutsBefore = world.org.router?.log.length ?? 0;
        const began = performance.now();
        const started = await api('POST', '/apex/CoSellSetupController/runReconciliation', {});
        if (!started.ok) throw new Error(`reconciliation did not start: ${started.status}`);
        await world.settle();
        const millis = performance.now() - began;
        const soql = "SELECT COUNT() FROM Opportunity WHERE Name LIKE 'Backfill %'";
        const brought = (
            (await (await api('GET', `/query?q=${encodeURIComponent(soql)}`)).json()) as { totalSize: number }
        ).totalSize;
        const jobs = world.org.async.jobsRun.get('ReferralPoller') ?? 0;
        const callouts = (world.org.router?.log.length ?? 0) - calloutsBefore;
        row(`backfill: ${count} referrals → opportunities`, `${brought}`, `${count}, none lost`, brought === count);
        row(
            'backfill: transactions (poller pages) / callouts per transaction',
            `${jobs} / ${(callouts / Math.max(1, jobs)).toFixed(1)}`,
            '≤ 100 callouts each',
            callouts / Math.max(1, jobs) <= 100
        );
        row('backfill: total time', `${(millis / 1000).toFixed(1)} s`, 'reported');
        failuresRow('backfill: async and scheduler failures (limit exceptions included)', world);
    } finally {
        await world.stop();
    }
}

function triggerRows(): void {
    const single = triggerCost(1);
    const figures = (c: Record<string, number>): string => `${c.queries}/${c.dmlStatements}/${c.publishes}`;
    for (const n of [1, 50, 200]) {
        const cost = n === 1 ? single : triggerCost(n);
        row(
            `trigger, ${n} changed opportunities: SOQL / DML / EventBus.publish calls (events)`,
            `${cost.queries} / ${cost.dmlStatements} / ${cost.publishes} (${cost.events})`,
            '≤ 3 each, as for 1 (n events)',
            cost.queries <= 3 &&
                cost.dmlStatements <= 3 &&
                cost.publishes <= 3 &&
                figures(cost) === figures(single) &&
                cost.events === n
        );
    }
}

function suiteTime(): void {
    // Three cold loads (no disk cache: parse included) and three runs; the medians are reported.
    const loads: number[] = [];
    const runs: number[] = [];
    let tests = 0;
    let failed = 0;
    for (let i = 0; i < 3; i++) {
        const loadBegan = performance.now();
        const project = loadProject({ root, diskCache: false });
        loads.push(performance.now() - loadBegan);
        const runBegan = performance.now();
        const result = runTests(project, { dataLayer: () => project.newDataLayer(), testHooks: platformTestHooks });
        runs.push(performance.now() - runBegan);
        tests = result.tests.length;
        failed = result.tests.filter((t) => t.outcome !== 'Pass').length;
    }
    const [load, run] = [percentile(loads, 50), percentile(runs, 50)];
    row(
        `Apex test suite (${tests} tests, ${failed} failed): load (parse + check) / run, median of 3`,
        `${load.toFixed(0)} / ${run.toFixed(0)} ms`,
        '< 30000 ms total',
        failed === 0 && load + run < 30_000
    );
}

async function main(): Promise<void> {
    const arg = (name: string): string | undefined => {
        const i = process.argv.indexOf(name);
        return i >= 0 ? process.argv[i + 1] : undefined;
    };
    const samples = Number(arg('--changes') ?? 50);
    const only = arg('--only');
    const parts: Record<string, () => void | Promise<void>> = {
        trigger: triggerRows,
        suite: suiteTime,
        latency: () => latency(samples),
        recovery: () => missedWebhookRecovery(Math.min(samples, 20)),
        backfill: () => backfill(Number(arg('--backfill') ?? 2000))
    };
    if (only && !parts[only]) throw new Error(`--only takes one of ${Object.keys(parts).join(', ')}`);
    for (const [name, part] of Object.entries(parts)) if (!only || only === name) await part();
    const width = Math.max(...rows.map((r) => r[0].length));
    const valueWidth = Math.max(...rows.map((r) => r[1].length));
    const goalWidth = Math.max(...rows.map((r) => r[2].length));
    console.log(`${'figure'.padEnd(width)}  ${'value'.padEnd(valueWidth)}  ${'goal'.padEnd(goalWidth)}  met`);
    for (const [figure, value, goal, met] of rows)
        console.log(`${figure.padEnd(width)}  ${value.padEnd(valueWidth)}  ${goal.padEnd(goalWidth)}  ${met}`);
    if (rows.some((r) => r[3] === 'NO')) process.exitCode = 1;
}

main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
});
