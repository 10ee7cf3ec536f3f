// `npm run bench` — measures the connector on this machine and prints each figure with its goal:
//   1. governor usage of the opportunity trigger for 1, 50 and 200 changed opportunities (apexrt limit counters);
//   2. end-to-end latency in the local org over real HTTP: opportunity edit → referral updated, and Partner
//      Center change → opportunity updated (webhook path), median and p95 after warm-up; a sample ends when all
//      work has settled (webhooks delivered, async jobs done), so the outbound one includes reading the echo;
//   3. the package's Apex test suite on apexrt: wall time, split into load (parse + check) and run.
//   4. missed-webhook recovery by the live poll chain, its executions a day, and a Developer Edition chain;
//   5. backfill: n referrals whose webhooks were lost brought in by the reconciliation (poller pages), one page
//      failing halfway (the pass resumes from its checkpoint);
//   6. bursts: n referrals changed in Partner Center, then a data load changing n shared opportunities, with the
//      emulator throttling past a request rate; the cost a day for 1k/10k/100k changes against the org limits;
//   7. retention: the sync history purge.
//   --changes <n>   latency samples per direction (default 50)
//   --full          the full sizes: backfill of 50,000 referrals and bursts of 10,000 changes (the 50,000 backfill
//                   alone took 49 min wall / 13 min CPU on the shared 2-core machine; the default sizes are a tenth)
//   --backfill <n>  referrals for the backfill (default 5000, 50000 with --full)
//   --burst <n>     changes per burst (default 1000, 10000 with --full); --rate <n> Partner Center requests a
//                   minute of the org's time (default 1: with delays ×1/600, 10 a second of real time, below what
//                   the local org sends, so that the throttle fires)
//   --retention <n> expired history entries to purge (default 20000)
//   --only <part>   one part: trigger, suite, latency, recovery, backfill, burst or retention

import * as path from 'node:path';
import {
    loadProject,
    platformTestHooks,
    runTests,
    RunContext,
    PlatformState,
    SObject,
    ApexDate,
    ApexDatetime,
    Decimal,
    type LimitKind
} from '../tools/apexrt';
import { LocalWorld, startLocalWorld } from '../tools/local-org/local-world';
import type { JobRun } from '../tools/local-org/async-runner';
import type { CalloutRecord } from '../tools/local-org/callout-router';
import { fetchOrgToken } from '../tools/local-org/server';
import { queryAll } from '../tools/reliability/soak-world';
import { Agent, buildConnector, setGlobalDispatcher } from 'undici';

const root = path.resolve(__dirname, '..');
const rows: Array<[string, string, string, string]> = [];
/** One line of the table; `met` says whether the figure reaches its goal (blank when the goal is not a bound). */
const row = (figure: string, value: string, goal: string, met?: boolean): void => {
    rows.push([figure, value, goal, met === undefined ? '' : met ? 'yes' : 'NO']);
};
/**
 * Every HTTP request this process sends (the bench's calls to the org and to the emulator, the queries, the
 * world's settle waits) goes on a connection of its own, closed after its answer (undici Client `pipelining: 0`
 * "disables keep-alive connections"). The org serves in this process and its synchronous Apex holds the event
 * loop, at full size longer than Node's server keep-alive timeout (5 s); the overdue idle timers fire only after
 * the block, when a pooled connection may already carry the next request, and the server closes it unread (`read
 * ECONNRESET`; `other side closed` from the emulator, whose own process closed it meanwhile): the 10,000-change
 * data load died so at its first PATCH. A new connection has no idle timer to race. Nothing is sent twice: a
 * request that fails fails the bench, so a PATCH that reached the org or Partner Center is never resent.
 * What is tried again is the TCP connect alone: at full size the org's accept queue stays full of the emulator's
 * webhook connections for minutes, and a connect that did not complete within CONNECT_TIMEOUT_MS (undici's
 * default, UND_ERR_CONNECT_TIMEOUT) carried no request — the socket is only written once connected — so another
 * connect cannot repeat one. The next 10,000 run died of that in its data load (26 or more of 50 requests sent).
 */
const CONNECT_TIMEOUT_MS = 10_000;
/** Connects tried before a request fails (60 × 10 s: the org took up to 2 minutes to accept one). */
const CONNECT_TRIES = 60;
const connectOnce = buildConnector({ timeout: CONNECT_TIMEOUT_MS });
const connectAgainOnTimeout: buildConnector.connector = (options, callback) => {
    const attempt = (n: number): void =>
        connectOnce(options, (error, socket) => {
            const code = (error as { code?: string } | null)?.code;
            if (code === 'UND_ERR_CONNECT_TIMEOUT' && n < CONNECT_TRIES) attempt(n + 1);
            else if (error) callback(error, null);
            else callback(null, socket!);
        });
    attempt(1);
};
setGlobalDispatcher(new Agent({ pipelining: 0, connect: connectAgainOnTimeout }));

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

/** Starts counting the per-transaction peaks afresh (the part measured next). */
function resetPeaks(world: LocalWorld): void {
    world.org.peakLimits.contexts = 0;
    world.org.peakLimits.max = {};
}

/**
 * The most one transaction (request, async job, scheduled run) used of each governor limit since `resetPeaks`,
 * against that transaction's own maximum (Apex Developer Guide, "Execution Governors and Limits": 100 SOQL queries
 * synchronous / 200 asynchronous, 50,000 query rows, 150 DML statements, 10,000 DML rows, 100 callouts), and the
 * limit exceptions thrown (System.LimitException cannot be caught: the job fails and is in the org's errors).
 */
function limitRows(name: string, world: LocalWorld): void {
    const peaks = world.org.peakLimits;
    const show = (kind: LimitKind): string => {
        const peak = peaks.max[kind];
        return peak ? `${peak.used} of ${peak.of}` : '0';
    };
    const within = (Object.values(peaks.max) as Array<{ used: number; of: number }>).every((p) => p.used <= p.of);
    row(
        `${name}: most in one transaction (of ${peaks.contexts}): SOQL / query rows / DML / DML rows / callouts`,
        (['queries', 'queryRows', 'dmlStatements', 'dmlRows', 'callouts'] as LimitKind[]).map(show).join(' / '),
        'within each limit',
        within
    );
    const errors = [...world.org.async.errors, ...world.org.scheduler.errors];
    const limitErrors = errors.filter((e) => /LimitException|Too many /.test(e)).length;
    row(`${name}: limit exceptions`, String(limitErrors), '0', limitErrors === 0);
}

/** A progress line on stderr (long parts: the table comes at the end). */
const progress = (line: string): void => {
    process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

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
    // Every page of the result (the REST API answers 2,000 rows a page: a 10,000 burst reads five).
    const query = <T>(soql: string): Promise<T[]> => queryAll<T>(world.orgUrl, token, soql);
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
        const reads = calls.length - writes.length;
        row(
            "reads after our own write (Partner Center's webhook for it: GET; certificate cached by URL)",
            String(reads),
            '1, no data written (eTag unchanged)',
            reads === 1
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

/** The org's daily limit of asynchronous Apex executions (Apex Developer Guide, "Execution Governors and Limits"). */
const DAILY_ASYNC_EXECUTIONS = 250_000;
/** The live poll chain's delay between polls (ReferralPoller.POLL_DELAY_MINUTES). */
const POLL_DELAY_MS = 60_000;

/**
 * Missed webhook → recovered by polling: with every webhook dropped, Partner Center changes a referral; the live
 * poll chain "Schedule polling" started brings the change in. Recovery = the wait until the chain's next poll
 * (its delay, for changes spread evenly over one delay — a benchmark cannot wait for the wall clock; the platform
 * runs a delayed job no sooner than asked, later only under load) + the poll's own time, measured: the poll
 * fired, until the opportunity shows the change. The executions it costs a day are the polls (counted per
 * change here) at one per delay, plus the watchdog's scheduled runs.
 */
async function missedWebhookRecovery(samples: number): Promise<void> {
    const world = await startLocalWorld();
    try {
        const { api, query, control } = await clientOf(world);
        const scheduled = await api('POST', '/apex/CoSellSetupController/schedulePolling', {});
        if (!scheduled.ok) throw new Error(`polling could not be scheduled: ${scheduled.status}`);
        await world.settle();
        // The poller's watchdog jobs (Schedule polling also schedules the daily history purge: 1 run a day).
        const watchdogs = world.org.scheduler.jobs(world.org).filter((j) => j.name.includes('poller'));
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
        const recovery: number[] = [];
        const polls: number[] = [];
        const pollJobs = (): number => world.org.async.jobsRun.get('ReferralPoller') ?? 0;
        let jobsBefore = 0;
        for (let i = -WARM_UP; i < samples; i++) {
            const changed = await fetch(`${world.emulatorUrl}/v1.0/engagements/referrals/${referralId}`, {
                method: 'PATCH',
                headers: { Authorization: `Bearer ${pcToken}`, 'Content-Type': 'application/json' },
                body: JSON.stringify([{ op: 'replace', path: '/details/notes', value: `missed ${i}` }])
            });
            if (!changed.ok) throw new Error(`PATCH in Partner Center failed: ${changed.status}`);
            await world.settle();
            if (i === 0) jobsBefore = pollJobs();
            // The change came `offset` after the last poll; the chain's next poll is one delay after that poll.
            const offset = i < 0 ? 0 : Math.round((i * POLL_DELAY_MS) / samples);
            const began = performance.now();
            if (world.org.async.fireStanding(world.org) !== 1) throw new Error('the poll chain is not waiting');
            await world.settle();
            const pollMs = performance.now() - began;
            const [opportunity] = await query<{ Description: string }>(
                `SELECT Description FROM Opportunity WHERE Referral_Id__c = '${referralId}'`
            );
            if (opportunity?.Description !== `missed ${i}`)
                throw new Error(`the poll did not bring the change in: ${opportunity?.Description}`);
            if (i < 0) continue;
            polls.push(pollMs);
            recovery.push(POLL_DELAY_MS - offset + pollMs);
        }
        const jobsPerPoll = (pollJobs() - jobsBefore) / samples;
        const minutes = (ms: number): string => `${(ms / 60_000).toFixed(2)} min`;
        row(
            'missed webhook: live poll chain (delay) / watchdog scheduled jobs',
            `every ${POLL_DELAY_MS / 60_000} min / ${watchdogs.length} per hour`,
            'chain + watchdog'
        );
        for (const p of [50, 95]) {
            const value = percentile(recovery, p);
            row(
                `missed webhook → opportunity updated, ${p === 50 ? 'median' : 'p95'}`,
                minutes(value),
                p === 50 ? 'reported (before: 4.8 min)' : '≤ 2 min (before: 9.2 min)',
                p === 50 ? undefined : value <= 120_000
            );
        }
        row('missed webhook: the poll itself, median', `${percentile(polls, 50).toFixed(0)} ms`, 'reported');
        const perDay = jobsPerPoll * ((24 * 3_600_000) / POLL_DELAY_MS) + watchdogs.length * 24;
        const share = (100 * perDay) / DAILY_ASYNC_EXECUTIONS;
        row(
            'polling: async executions per day (polls + watchdog) vs the 250,000 daily limit',
            `${Math.round(perDay)} (${share.toFixed(2)} %)`,
            '≤ 1 %',
            share <= 1
        );
        failuresRow('missed webhook: async and scheduler failures', world);
    } finally {
        await world.stop();
    }
    await developerEditionChain();
}

/**
 * Developer Edition and trial orgs end Queueable chains at depth 5 unless AsyncOptions sets a maximum: the live
 * chain must keep polling there too (the poller sets its own maximum).
 */
async function developerEditionChain(): Promise<void> {
    const world = await startLocalWorld({ developerEdition: true });
    try {
        const { api } = await clientOf(world);
        const scheduled = await api('POST', '/apex/CoSellSetupController/schedulePolling', {});
        if (!scheduled.ok) throw new Error(`polling could not be scheduled: ${scheduled.status}`);
        await world.settle();
        let polls = 1;
        while (polls < 12 && world.org.async.fireStanding(world.org) === 1) {
            await world.settle();
            polls++;
        }
        row(
            'Developer Edition org: polls in a row of one chain (default depth limit 5)',
            String(polls),
            '12',
            polls === 12
        );
        failuresRow('Developer Edition org: async failures (stack depth included)', world);
    } finally {
        await world.stop();
    }
}

/** Delayed work (back-off, Retry-After, the poll delay) runs this many times sooner in the scale parts. */
const DELAY_SCALE = 600;
/** Org limits the cost table counts against (each with its source). */
const LIMITS = {
    // Apex Developer Guide, "Execution Governors and Limits": 250,000 or 200 × user licences a day.
    asyncPerDay: DAILY_ASYNC_EXECUTIONS,
    // Platform Events Developer Guide, "Platform Event Allocations": 250,000 published per hour (Enterprise,
    // Unlimited, Performance).
    eventsPerHour: 250_000,
    // Salesforce Help, "Data and File Storage Allocations": 10 GB base data storage; most records count 2 KB.
    storageBytes: 10 * 1024 ** 3,
    recordBytes: 2048
};

/** What the org has done so far: async executions, events, trigger runs, Partner Center callouts, log rows. */
async function usage(world: LocalWorld, client: Awaited<ReturnType<typeof clientOf>>) {
    const log = world.org.router?.log ?? [];
    const partnerCenter = log.filter((c) => /^callout:(cosell__)?Partner_Center_Referrals/.test(c.endpoint));
    const count = async (soql: string): Promise<number> =>
        ((await (await client.api('GET', `/query?q=${encodeURIComponent(soql)}`)).json()) as { totalSize: number })
            .totalSize;
    return {
        jobs: [...world.org.async.jobsRun.values()].reduce((a, b) => a + b, 0),
        events: world.org.async.counts.events,
        deliveries: world.org.async.counts.deliveries,
        callouts: partnerCenter.length,
        throttled: partnerCenter.filter((c) => c.status === 429).length,
        logs: await count('SELECT COUNT() FROM Sync_Log__c'),
        // The history entries of 429 answers ('Retrying' reads and sends that wait for the throttle's window,
        // reads left to the live poll).
        throttledLogs: await count('SELECT COUNT() FROM Sync_Log__c WHERE HTTP_Status__c = 429'),
        // The live poll chain's minute polls (minutePolls): its own cost, whatever the changes.
        polls: minutePolls(world, world.org.async.runs).jobs,
        pollCallouts: minutePolls(world, world.org.async.runs).callouts
    };
}
type Usage = Awaited<ReturnType<typeof usage>>;
const minus = (a: Usage, b: Usage): Usage => ({
    jobs: a.jobs - b.jobs,
    events: a.events - b.events,
    deliveries: a.deliveries - b.deliveries,
    callouts: a.callouts - b.callouts,
    throttled: a.throttled - b.throttled,
    logs: a.logs - b.logs,
    throttledLogs: a.throttledLogs - b.throttledLogs,
    polls: a.polls - b.polls,
    pollCallouts: a.pollCallouts - b.pollCallouts
});

/** Creates `count` referrals in Partner Center (webhooks on or off) and waits until the org has settled. */
async function seedReferrals(world: LocalWorld, control: (p: string, b: unknown) => Promise<Response>, count: number) {
    for (let i = 0; i < count; i++) {
        const body = { name: `Scale ${i}`, customerName: `Customer ${i}`, country: 'US', dealValue: 1000 + i };
        const r = await control('/_emulator/microsoft/referrals', body);
        if (!r.ok) throw new Error(`the emulator did not create referral ${i}: ${r.status}`);
    }
    await world.settle();
}

/**
 * Backfill: `count` referrals exist in Partner Center and the org has none of them (their webhooks were lost);
 * the reconciliation (poller, one page of 100 per transaction) brings them all in. Halfway, one page read fails
 * (503): the pass resumes from the last written page, it does not start again from the first.
 */
async function backfill(count: number): Promise<void> {
    const world = await startLocalWorld();
    world.org.async.delayScale = DELAY_SCALE;
    try {
        const client = await clientOf(world);
        const { api, control } = client;
        await control('/_emulator/faults', { kind: 'webhook-drop', rate: 1 });
        await seedReferrals(world, control, count);
        progress(`backfill: ${count} referrals seeded`);
        const before = await usage(world, client);
        resetPeaks(world);
        const pollerRuns = (): number => world.org.async.jobsRun.get('ReferralPoller') ?? 0;
        const cpuBefore = process.cpuUsage();
        const began = performance.now();
        const started = await api('POST', '/apex/CoSellSetupController/runReconciliation', {});
        if (!started.ok) throw new Error(`reconciliation did not start: ${started.status}`);
        const pages = Math.ceil(count / 100);
        while (pollerRuns() < pages / 2) await new Promise((r) => setTimeout(r, 20));
        await control('/_emulator/faults', { kind: 'status', status: 503, method: 'GET', count: 1 });
        // The read after the failed page waits its back-off as a delayed poller job, which settle() does not wait
        // for (the poller's delayed jobs are standing work): wait for it too.
        do {
            await world.settle();
            if (world.org.async.standingJobs().length) await new Promise((r) => setTimeout(r, 200));
        } while (world.org.async.standingJobs().length);
        await world.settle();
        const millis = performance.now() - began;
        const spent = minus(await usage(world, client), before);
        const soql = "SELECT COUNT() FROM Opportunity WHERE Name LIKE 'Scale %'";
        const brought = (
            (await (await api('GET', `/query?q=${encodeURIComponent(soql)}`)).json()) as { totalSize: number }
        ).totalSize;
        const jobs = pollerRuns();
        row(`backfill: ${count} referrals → opportunities`, `${brought}`, `${count}, none lost`, brought === count);
        row(
            'backfill: transactions (poller pages) / callouts per transaction',
            `${jobs} / ${(spent.callouts / Math.max(1, jobs)).toFixed(1)}`,
            '≤ 100 callouts each',
            spent.callouts / Math.max(1, jobs) <= 100
        );
        // Pages read = the pages needed + the failed read + what the resumed read overlaps (60 s before the
        // checkpoint); from the start it would be about `pages / 2` more.
        const extra = jobs - pages;
        row(
            'backfill: pages read again after a failed page (resumed from the checkpoint)',
            String(extra),
            `≤ 2 (from zero: about ${Math.round(pages / 2)})`,
            extra <= 2
        );
        row(
            'backfill: total time, wall / CPU of the org process (local org)',
            `${(millis / 1000).toFixed(1)} s / ${cpuSeconds(cpuBefore).toFixed(1)} s`,
            'reported'
        );
        limitRows('backfill', world);
        failuresRow('backfill: async and scheduler failures (limit exceptions included)', world);
    } finally {
        await world.stop();
    }
}

/**
 * Bursts, with Partner Center throttling past `rate` requests a minute (429 + Retry-After): `count` referrals
 * changed in Partner Center within a minute (a Microsoft bulk reassignment), then a data load (REST sObject
 * collections, 200 records a request, as Data Loader sends them) changing the same `count` shared
 * opportunities. Both must converge with no failure and no lost change; delays run ×1/600 (a minute of
 * Retry-After takes 100 ms), so the time to converge is the local org's work, not the platform's queue wait.
 * The throttle counts in the org's time too (timeScale): its minute window is 100 ms of real time, and a job that
 * waits the Retry-After it got, in the org's time, finds the window over. A rate a real Partner Center might
 * allow (unpublished) would never bind here, where the org's work runs at real speed and its waits ×1/600: the
 * default rate is set below what the local org sends, so that the throttle fires and its handling is measured.
 * The per-change usage measured here gives the cost table.
 */
async function bursts(count: number, rate: number): Promise<void> {
    // The org's clock runs DELAY_SCALE times faster, as its delays do: a throttled chain waits for its turn, a time
    // it compares with System.now(), and the time it waited is the one the throttle counts.
    const origin = Date.now();
    const world = await startLocalWorld({ now: () => origin + (Date.now() - origin) * DELAY_SCALE });
    world.org.async.delayScale = DELAY_SCALE;
    try {
        const client = await clientOf(world);
        const { api, query, control } = client;
        // Seeded with their webhooks dropped and brought in by a reconciliation pass, a hundred a page: the set-up,
        // not what is measured, and 10,000 webhooks one by one took most of a full run.
        await control('/_emulator/faults', { kind: 'webhook-drop', rate: 1 });
        await seedReferrals(world, control, count);
        await fetch(`${world.emulatorUrl}/_emulator/faults`, { method: 'DELETE' });
        const reconciled = await api('POST', '/apex/CoSellSetupController/runReconciliation', {});
        if (!reconciled.ok) throw new Error(`reconciliation did not start: ${reconciled.status}`);
        do {
            await world.settle();
            if (world.org.async.standingJobs().length) await new Promise((r) => setTimeout(r, 200));
        } while (world.org.async.standingJobs().length);
        progress(`bursts: ${count} referrals seeded`);
        const synced = await query<{ Id: string; Referral_Id__c: string }>(
            "SELECT Id, Referral_Id__c FROM Opportunity WHERE Name LIKE 'Scale %'"
        );
        if (synced.length !== count) throw new Error(`only ${synced.length} of ${count} referrals came in`);
        // The org polls, as the admin guide sets it up (Schedule polling: the watchdog and the live poll chain),
        // from now on: what was seeded came in by its webhooks.
        const [state] = await query<{ Id: string }>('SELECT Id FROM Co_Sell_State__c');
        world.org.data.org.db.updateSystemRow(state.Id, { Poll_Watermark__c: new ApexDatetime(Date.now()) });
        const scheduled = await api('POST', '/apex/CoSellSetupController/schedulePolling', {});
        if (!scheduled.ok) throw new Error(`polling could not be scheduled: ${scheduled.status}`);
        await world.settle();
        const pcToken = (
            (await (await control('/_emulator/tokens', {})).json()) as {
                access_token: string;
            }
        ).access_token;

        // 1. Partner Center side: every referral changed within a minute; the org reads them (throttled GETs).
        const throttle = { kind: 'throttle', requests: rate, windowMs: 60_000, timeScale: DELAY_SCALE };
        await control('/_emulator/faults', { ...throttle, method: 'GET' });
        let before = await usage(world, client);
        resetPeaks(world);
        let fromRun = world.org.async.runs.length;
        let cpuBefore = process.cpuUsage();
        let began = performance.now();
        // A bulk reassignment changes many referrals at once: BULK_SENDERS changes in flight, so webhooks arrive
        // faster than one at a time and the org's event batches (and its reads) come in bursts.
        let next = 0;
        const sender = async (): Promise<void> => {
            while (next < synced.length) {
                const o = synced[next++];
                const r = await fetch(`${world.emulatorUrl}/v1.0/engagements/referrals/${o.Referral_Id__c}`, {
                    method: 'PATCH',
                    headers: { Authorization: `Bearer ${pcToken}`, 'Content-Type': 'application/json' },
                    body: JSON.stringify([{ op: 'replace', path: '/details/notes', value: 'reassigned' }])
                });
                if (!r.ok) throw new Error(`PATCH in Partner Center failed: ${r.status}`);
            }
        };
        await Promise.all(Array.from({ length: BULK_SENDERS }, sender));
        const sentIn = performance.now() - began;
        progress('Partner Center burst sent');
        // Changes left to the live poll come in with it: its jobs are standing work, which settle() does not wait
        // for, so wait until every change arrived (or none arrives for a while: the row below shows how many).
        const soql = "SELECT COUNT() FROM Opportunity WHERE Name LIKE 'Scale %' AND Description = 'reassigned'";
        const arrivedNow = async (): Promise<number> =>
            ((await (await api('GET', `/query?q=${encodeURIComponent(soql)}`)).json()) as { totalSize: number })
                .totalSize;
        const arrived = await converged(world, arrivedNow, count);
        let millis = performance.now() - began;
        const inbound = minus(await usage(world, client), before);
        progress('Partner Center burst settled');
        burstRows(`Partner Center burst (${count} changed in ${(sentIn / 1000).toFixed(0)} s)`, inbound, millis, {
            arrived,
            count,
            cpu: cpuSeconds(cpuBefore)
        });
        const inboundRetries = throttleRows('Partner Center burst', world, fromRun);
        limitRows('Partner Center burst', world);
        failuresRow('Partner Center burst: async failures (limit exceptions included)', world);
        await fetch(`${world.emulatorUrl}/_emulator/faults`, { method: 'DELETE' });

        // 2. Salesforce side: a data load changes every shared opportunity (throttled Partner Center calls).
        await control('/_emulator/faults', throttle);
        before = await usage(world, client);
        resetPeaks(world);
        fromRun = world.org.async.runs.length;
        cpuBefore = process.cpuUsage();
        began = performance.now();
        for (let i = 0; i < synced.length; i += 200) {
            const r = await api('PATCH', '/composite/sobjects', {
                allOrNone: false,
                records: synced.slice(i, i + 200).map((o, j) => ({
                    attributes: { type: 'Opportunity' },
                    Id: o.Id,
                    StageName: 'Qualification',
                    Amount: 500_000 + i + j
                }))
            });
            const results = (await r.json()) as Array<{ success: boolean; errors: unknown[] }>;
            const failed = results.filter((x) => !x.success);
            if (!r.ok || failed.length) throw new Error(`data load failed: ${r.status} ${JSON.stringify(failed[0])}`);
        }
        progress('data load sent');
        const landedNow = async (): Promise<number> => {
            const pc = (await (await fetch(`${world.emulatorUrl}/_emulator/state`)).json()) as {
                referrals: Array<{ referral: { id: string; details?: { dealValue?: number } } }>;
            };
            const value = new Map(pc.referrals.map((r) => [r.referral.id, r.referral.details?.dealValue]));
            return synced.filter((o, i) => value.get(o.Referral_Id__c) === 500_000 + i).length;
        };
        const landed = await converged(world, landedNow, count);
        millis = performance.now() - began;
        progress('data load settled');
        const outbound = minus(await usage(world, client), before);
        burstRows(`data load burst (${count} opportunities, 200 a request)`, outbound, millis, {
            arrived: landed,
            count,
            cpu: cpuSeconds(cpuBefore)
        });
        const outboundRetries = throttleRows('data load burst', world, fromRun);
        limitRows('data load burst', world);
        failuresRow('data load burst: async failures (limit exceptions included)', world);
        costTable(inbound, outbound, count, inboundRetries + outboundRetries);
    } finally {
        await world.stop();
    }
}

/** How long the bursts wait for a change that has not arrived while nothing more arrives. */
const STALL_MS = 120_000;

/**
 * Waits until `arrived()` reaches `count`, settling the org between checks (the live poll's jobs are standing
 * work, which settle() does not wait for); gives up when nothing more arrived for STALL_MS. Returns the count.
 */
async function converged(world: LocalWorld, arrived: () => Promise<number>, count: number): Promise<number> {
    let last = -1;
    let since = performance.now();
    for (;;) {
        await world.settle();
        const now = await arrived();
        if (now >= count) return now;
        if (now > last) [last, since] = [now, performance.now()];
        else if (performance.now() - since > STALL_MS) return now;
        await new Promise((r) => setTimeout(r, 200));
    }
}

/** CPU seconds (user + system) this process spent since `before` (wall time grows when the machine is loaded). */
function cpuSeconds(before: NodeJS.CpuUsage): number {
    const spent = process.cpuUsage(before);
    return (spent.user + spent.system) / 1e6;
}

/** Partner Center changes in flight at once in the Partner Center burst. */
const BULK_SENDERS = 50;

function burstRows(
    name: string,
    spent: Usage,
    millis: number,
    result: { arrived: number; count: number; cpu: number }
): void {
    row(
        `${name}: changes arrived`,
        String(result.arrived),
        `${result.count}, none lost`,
        result.arrived === result.count
    );
    // Bounded fan-out: a trigger run starts at most 2 × 5 jobs (each then chains one child at a time); the jobs
    // per change show how many changes a job carries (a webhook burst arrives spread out, so its trigger runs
    // see few events each; echoes of the org's own writes add trigger runs and jobs).
    row(
        `${name}: async executions (of which the live poll's minute polls) / event trigger runs / events (changes per execution)`,
        `${spent.jobs} (${spent.polls}) / ${spent.deliveries} / ${spent.events} (${(result.count / Math.max(1, spent.jobs)).toFixed(1)})`,
        'reported',
        undefined
    );
    row(
        `${name}: Partner Center callouts (429 answered) / per async execution`,
        `${spent.callouts} (${spent.throttled}) / ${(spent.callouts / Math.max(1, spent.jobs)).toFixed(1)}`,
        '≤ 100 per transaction',
        spent.callouts / Math.max(1, spent.jobs) <= 100
    );
    row(
        `${name}: time to converge, wall / CPU of the org process (local org, delays ×1/${DELAY_SCALE})`,
        `${(millis / 1000).toFixed(0)} s / ${result.cpu.toFixed(0)} s`,
        'reported'
    );
}

/** The package's named credentials, namespaced in the org (callout:cosell__Partner_Center_...). */
const isPartnerCenter = (c: CalloutRecord): boolean => /^callout:(cosell__)?Partner_Center/.test(c.endpoint);

/** A job's Partner Center callouts. */
const callsOf = (world: LocalWorld, run: JobRun): CalloutRecord[] =>
    (world.org.router?.log ?? []).slice(run.calloutsFrom, run.calloutsTo).filter(isPartnerCenter);

/**
 * The live poll chain's minute polls among `runs`: a poll chained a minute after the last (not a next page, delay
 * 0, nor a read again after a 429). They are the chain's own cost, a row of the cost table, whatever the burst.
 */
function minutePolls(world: LocalWorld, runs: JobRun[]): { jobs: number; callouts: number } {
    const polls = runs.filter(
        (r) =>
            r.name === 'ReferralPoller' &&
            r.delayMinutes >= 1 &&
            !(r.parent && callsOf(world, r.parent).some((c) => c.status === 429))
    );
    return { jobs: polls.length, callouts: polls.reduce((n, r) => n + callsOf(world, r).length, 0) };
}

/**
 * What the engine did with each 429 of a burst (jobs from `fromRun` on): the throttle must fire, and every job
 * that got a 429 must stop calling Partner Center at once and either hand the rest to its child job, enqueued
 * with a delay of at least the Retry-After it was given, whose next request must come no sooner than the
 * Retry-After after the 429 — measured on the clock, in the org's time (real time × DELAY_SCALE, as the throttle
 * counts it) — or leave the referrals to read to the live poll (InboundSync). A 429 throttles the org: jobs that
 * start while it lasts, or wake before their chain's turn, make no call and wait (held back). The chains take
 * turns a minute apart (SyncFanOut.takeTurn), so they do not all wake at the next window's start: their spread
 * is shown. Returns the executions the throttle added: the children of throttled and held-back jobs.
 */
function throttleRows(name: string, world: LocalWorld, fromRun: number): number {
    const children = new Map<JobRun, JobRun[]>();
    for (const run of world.org.async.runs)
        if (run.parent) children.set(run.parent, [...(children.get(run.parent) ?? []), run]);
    /** The first Partner Center request the rest of `run`'s chain made (its children of the same class, on). */
    const nextRequest = (run: JobRun): CalloutRecord | undefined => {
        for (const child of (children.get(run) ?? []).filter((c) => c.name === run.name)) {
            const first = callsOf(world, child)[0] ?? nextRequest(child);
            if (first) return first;
        }
        return undefined;
    };
    /**
     * Whether `run`'s chain has made no request yet because its next job still waits for its delay: the live
     * poll's next poll is standing work, which the bursts do not wait for, so the last poll before these rows may
     * have a child enqueued and not run yet (it was counted as chaining nothing, a NO).
     */
    const waitingChain = (run: JobRun): boolean => {
        const ran = (children.get(run) ?? []).filter((c) => c.name === run.name);
        if (run.enqueued.filter((c) => c.name === run.name).length > ran.length) return true;
        return ran.some((c) => callsOf(world, c).length === 0 && waitingChain(c));
    };
    const sync = new Set(['InboundSync', 'OutboundSync']);
    let answered = 0;
    let jobs = 0;
    let honoured = 0;
    let handed = 0;
    let held = 0;
    let added = 0;
    let longest = 0;
    let early = 0;
    let measured = 0;
    let waiting = 0;
    let shortestRatio = Infinity;
    /** Throttled and held-back jobs by the delay (minutes) their child was enqueued with. */
    const byDelay = new Map<number, number>();
    for (const run of world.org.async.runs.slice(fromRun)) {
        const calls = callsOf(world, run);
        // The children as enqueued (with their delay), whether they ran yet or not.
        const rest = run.enqueued.filter((c) => c.name === run.name);
        const first = calls.findIndex((c) => c.status === 429);
        if (first < 0) {
            // Held back: a sync job that made no call and waits in a delayed child (the throttle window, or its turn).
            if (sync.has(run.name) && calls.length === 0 && rest.some((c) => c.delayMinutes > 0)) {
                held++;
                added += rest.length;
                for (const c of rest) byDelay.set(c.delayMinutes, (byDelay.get(c.delayMinutes) ?? 0) + 1);
            }
            continue;
        }
        const throttled = calls.filter((c) => c.status === 429);
        answered += throttled.length;
        jobs++;
        added += rest.length;
        const wait = Math.max(...throttled.map((c) => c.retryAfterSeconds ?? 0));
        longest = Math.max(longest, wait);
        const keptCalling = calls.length > first + 1;
        for (const c of rest) byDelay.set(c.delayMinutes, (byDelay.get(c.delayMinutes) ?? 0) + 1);
        const toPoll = run.name === 'InboundSync' && rest.length === 0;
        if (toPoll) handed++;
        const ok = !keptCalling && (toPoll || (rest.length > 0 && rest.every((c) => c.delayMinutes * 60 >= wait)));
        if (ok) honoured++;
        const next = nextRequest(run);
        if (next) {
            measured++;
            const waitedSeconds = ((next.sentAt - calls[first].answeredAt) * DELAY_SCALE) / 1000;
            if (waitedSeconds < wait) early++;
            shortestRatio = Math.min(shortestRatio, waitedSeconds / Math.max(1, wait));
        } else if (!toPoll && waitingChain(run)) waiting++;
        else if (!toPoll) progress(`${name}, no request after the 429: ${describeThrottled(world, run)}`);
        if (!ok) progress(`${name}, 429 not honoured: ${describeThrottled(world, run)}`);
    }
    row(
        `${name}: 429 answered / jobs throttled (longest Retry-After)`,
        `${answered} / ${jobs} (${longest} s)`,
        '> 0: the throttle fires',
        answered > 0
    );
    row(
        `${name}: throttled jobs that stopped calling at the 429 and chained the rest after ≥ Retry-After or left it to the live poll`,
        `${honoured} / ${jobs} (${handed} to the poll)`,
        'all',
        honoured === jobs
    );
    row(
        `${name}: throttled chains whose next request came before Retry-After elapsed, of those measured (org time; least waited / Retry-After)`,
        `${early} of ${measured} (${Number.isFinite(shortestRatio) ? shortestRatio.toFixed(2) : '-'}×)` +
            (waiting ? `; ${waiting} whose next job waits for its delay` : ''),
        '0, all that chained measured or waiting',
        early === 0 && measured + waiting >= jobs - handed
    );
    const spread = [...byDelay.entries()].sort(([a], [b]) => a - b);
    row(
        `${name}: jobs held back by the org's throttle mark or before their turn (no call) / executions the throttle added`,
        `${held} / ${added}`,
        'reported'
    );
    row(
        `${name}: throttled and held-back chains by the delay they waited (minutes: chains; turns a minute apart)`,
        spread.map(([minutes, n]) => `${minutes}: ${n}`).join(', ') || '-',
        'more than one minute when 2 or more chains',
        jobs + held < 2 || spread.length > 1
    );
    return added;
}

/** A throttled job a throttle row counts against, on stderr (a NO names its jobs): its calls and children. */
function describeThrottled(world: LocalWorld, run: JobRun): string {
    const calls = callsOf(world, run).map((c) => `${c.method} ${c.status}`);
    const enqueued = run.enqueued.map((c) => `${c.name} after ${c.delayMinutes} min`);
    const by = run.parent?.name ?? 'a trigger, request or schedule';
    return `${run.name} (after ${run.delayMinutes} min, enqueued by ${by}): calls ${calls.join(', ')}; children ${enqueued.join(', ') || 'none'}`;
}

/**
 * What the org spends a day for 1,000 / 10,000 / 100,000 referral changes (half from Partner Center, half from
 * Salesforce, at the per-change usage the bursts measured) plus the live poll chain, each against the org limit
 * it counts toward. Sync history rows are kept for the retention setting (30 days; failed ones longer, a small
 * share). The bursts run against a throttle set to fire; a day's changes spread over hours need not meet it, so
 * the throttle's retries are left out of the table (the 429 answers, the throttled jobs' extra children, the
 * history entries of the 429s) and shown on their own row: what one throttled burst of that size adds.
 */
function costTable(inbound: Usage, outbound: Usage, count: number, throttledJobs: number): void {
    const retries: Partial<Record<keyof Usage, number>> = {
        jobs: throttledJobs,
        callouts: inbound.throttled + outbound.throttled,
        logs: inbound.throttledLogs + outbound.throttledLogs
    };
    // The live poll's minute polls during the bursts are in the poll chain's share below (one log each).
    const polls: Partial<Record<keyof Usage, number>> = {
        jobs: inbound.polls + outbound.polls,
        callouts: inbound.pollCallouts + outbound.pollCallouts,
        logs: inbound.polls + outbound.polls
    };
    const per = (k: keyof Usage): number =>
        (inbound[k] + outbound[k] - (retries[k] ?? 0) - (polls[k] ?? 0)) / (2 * count);
    const retryPer = (k: keyof Usage): number => (retries[k] ?? 0) / (2 * count);
    row(
        'cost a day: throttle retries of the bursts, left out below (per 1,000 changes: async executions / 429 callouts / Sync_Log__c rows)',
        `${(1000 * retryPer('jobs')).toFixed(0)} / ${(1000 * retryPer('callouts')).toFixed(0)} / ${(1000 * retryPer('logs')).toFixed(0)}`,
        'reported'
    );
    const pollsPerDay = (24 * 3_600_000) / POLL_DELAY_MS;
    for (const changes of [1_000, 10_000, 100_000]) {
        const jobs = per('jobs') * changes + pollsPerDay + 6 * 24;
        const events = per('events') * changes;
        const callouts = per('callouts') * changes + pollsPerDay;
        const logs = per('logs') * changes + pollsPerDay;
        const stored = logs * 30 * LIMITS.recordBytes;
        const pct = (v: number, limit: number): string => `${((100 * v) / limit).toFixed(2)} %`;
        const label = `cost a day, ${changes.toLocaleString('en-US')} changes`;
        row(
            `${label}: async executions (of 250,000/day)`,
            `${Math.round(jobs)} (${pct(jobs, LIMITS.asyncPerDay)})`,
            '< 100 %',
            jobs < LIMITS.asyncPerDay
        );
        // Allocations are hourly: the busiest hour, with the day's changes over 8 working hours.
        const peakHour = events / 8;
        row(
            `${label}: platform events (busiest hour, 8-hour day, of 250,000/hour)`,
            `${Math.round(events)} a day, ${Math.round(peakHour)} an hour (${pct(peakHour, LIMITS.eventsPerHour)})`,
            '< 100 %',
            peakHour < LIMITS.eventsPerHour
        );
        row(`${label}: Partner Center callouts`, `${Math.round(callouts)}`, 'no daily org limit (100 per transaction)');
        row(
            `${label}: Sync_Log__c rows / data storage kept 30 days (of 10 GB)`,
            `${Math.round(logs)} / ${(stored / 1024 ** 2).toFixed(0)} MB (${pct(stored, LIMITS.storageBytes)})`,
            '< 100 %',
            stored < LIMITS.storageBytes
        );
    }
}

/**
 * Retention: `count` sync history entries older than the retention setting are purged by the scheduled purge
 * (5,000 per job); entries within it and unresolved failures stay.
 */
async function retention(count: number): Promise<void> {
    const world = await startLocalWorld();
    try {
        const client = await clientOf(world);
        const old = Date.now() - 40 * 86_400_000;
        const schema = world.org.project.schema;
        const make = (outcome: string, ref: string): SObject =>
            SObject.create(schema, 'Sync_Log__c', {
                Direction__c: 'Inbound',
                Operation__c: 'Update opportunity',
                Outcome__c: outcome,
                Referral_Id__c: ref
            });
        const aged = [
            ...Array.from({ length: count }, (_, i) => make('Success', `old-${i}`)),
            ...Array.from({ length: 10 }, (_, i) => make('Failed', `open-${i}`))
        ];
        for (let i = 0; i < aged.length; i += 5000)
            world.org.transaction((run) =>
                world.org.data.throwOnFailure(
                    'insert',
                    world.org.data.execute('insert', aged.slice(i, i + 5000), true, run)
                )
            );
        for (const r of aged) world.org.data.org.db.updateSystemRow(r.id!, { CreatedDate: new ApexDatetime(old) });
        world.org.transaction((run) =>
            world.org.data.throwOnFailure(
                'insert',
                world.org.data.execute('insert', [make('Success', 'new')], true, run)
            )
        );
        const scheduled = await client.api('POST', '/apex/CoSellSetupController/schedulePolling', {});
        if (!scheduled.ok) throw new Error(`polling could not be scheduled: ${scheduled.status}`);
        await world.settle();
        const purge = world.org.scheduler.jobs(world.org).find((j) => j.name.includes('purge'));
        if (!purge) throw new Error('the purge is not scheduled');
        const before = (await usage(world, client)).logs;
        const began = performance.now();
        world.org.scheduler.fire(world.org, purge.cronTriggerId);
        await world.settle();
        const millis = performance.now() - began;
        const left = (await usage(world, client)).logs;
        const jobs = world.org.async.jobsRun.get('SyncLogPurge') ?? 0;
        const count2 = async (like: string): Promise<number> =>
            (await client.query<{ Id: string }>(`SELECT Id FROM Sync_Log__c WHERE Referral_Id__c LIKE '${like}'`))
                .length;
        const [oldLeft, openLeft, newLeft] = [await count2('old-%'), await count2('open-%'), await count2('new')];
        row(
            `retention: ${count} successes past 30 days / 10 unresolved failures / 1 recent entry, after the purge`,
            `${oldLeft} / ${openLeft} / ${newLeft} (${before - left} deleted)`,
            `0 / 10 / 1`,
            oldLeft === 0 && openLeft === 10 && newLeft === 1
        );
        const pages = Math.ceil(count / 5000);
        row(
            'retention: purge jobs (5,000 rows each, one DML) / time',
            `${jobs} / ${(millis / 1000).toFixed(1)} s`,
            `${pages}–${pages + 1} jobs`,
            jobs >= pages && jobs <= pages + 1
        );
        failuresRow('retention: async and scheduler failures', world);
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
    const full = process.argv.includes('--full');
    const parts: Record<string, () => void | Promise<void>> = {
        trigger: triggerRows,
        suite: suiteTime,
        latency: () => latency(samples),
        recovery: () => missedWebhookRecovery(Math.min(samples, 20)),
        backfill: () => backfill(Number(arg('--backfill') ?? (full ? 50_000 : 5_000))),
        burst: () => bursts(Number(arg('--burst') ?? (full ? 10_000 : 1_000)), Number(arg('--rate') ?? 1)),
        retention: () => retention(Number(arg('--retention') ?? 20_000))
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
    console.error(e instanceof Error ? `${e.stack}${e.cause ? `\ncause: ${String(e.cause)}` : ''}` : e);
    process.exit(1);
});
