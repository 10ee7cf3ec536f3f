/**
 * Echo and loop checks on the local world, counted at the emulator's door (the org's callout log):
 * - inbound updates (Partner Center edits arriving by signed webhook, and a new referral from Microsoft) cause
 *   zero outbound PATCHes or POSTs — the inbound writer's changes never travel back;
 * - two rapid seller edits (the second saved before the first one's sync ran) end with Partner Center holding the
 *   opportunity's final state, not a mix of the two edits.
 *
 * While Partner Center throttles the org (its window, Co_Sell_State__c.Throttled_Until__c, lies ahead: a 429 met by
 * the soak, for its Retry-After — SyncFanOut), the package does not read a webhook's referral: it logs the change as
 * left to the live poll (InboundSync, a Skipped "Read referral" log with 429), and the poll's first run after the
 * window reads it (the poll does not call into the window either: ReferralPoller). settle() does not wait for that
 * run, so after a long soak the inbound edits were checked before the poll could bring them (seed 46 × 10,000:
 * "inbound edit 0..4 did not arrive", 0 GETs). When the org says it left a change to the poll, the check lets the
 * org's clock reach the window's end and runs the waiting poll now, and counts it; a change left to the poll with no
 * poll waiting is a problem.
 */
import { SoakWorld } from './soak-world';

export interface EchoReport {
    inboundUpdates: number;
    outboundWritesAfterInbound: number;
    inboundReadsAfterInbound: number;
    /** Inbound updates the org left to the live poll (Partner Center throttled it), which then brought them. */
    inboundLeftToPoll: number;
    /** Partner Center's throttle on the org when the checks began (Co_Sell_State__c.Throttled_Until__c), or null. */
    throttledUntilAtStart: string | null;
    rapidEditPairs: number;
    rapidEditsFinalState: number;
    rapidEditsPatches: number;
    problems: string[];
}

interface ReferralBody {
    name: string;
    details?: { dealValue?: number; notes?: string; closingDateTime?: string };
}

/** SOQL datetime literal (whole seconds, UTC) of a time on the org's clock. */
const soqlDatetime = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/**
 * After an inbound step settled: when the org left its referral changes to the live poll (a Skipped "Read referral"
 * log with 429 since `since`, on the org's clock), moves the org's clock to the end of Partner Center's throttle
 * window (the minutes pass without waiting for them) and runs the waiting poll now, as its first run after the window
 * would, and settles. Whether it did; a change left to the poll without a poll waiting is a problem.
 */
async function pollIfLeftToIt(
    world: SoakWorld,
    since: number,
    seen: Set<string>,
    step: string,
    problems: string[]
): Promise<boolean> {
    const left = (
        await world.query<{ Id: string }>(
            "SELECT Id FROM Sync_Log__c WHERE Operation__c = 'Read referral' AND Outcome__c = 'Skipped' " +
                `AND HTTP_Status__c = 429 AND CreatedDate >= ${soqlDatetime(since)}`
        )
    ).filter((l) => !seen.has(l.Id));
    left.forEach((l) => seen.add(l.Id));
    if (!left.length) return false;
    const until = await throttledUntil(world);
    if (until !== null) world.org.advanceClock(Date.parse(until) - world.org.now() + 1000);
    if (world.org.async.fireStanding(world.org) === 0) {
        problems.push(`${step}: left to the poll while Partner Center throttled the org, but no poll is waiting`);
        return false;
    }
    await world.settle();
    return true;
}

/** The end of Partner Center's throttle window on the org (Co_Sell_State__c.Throttled_Until__c), or null. */
async function throttledUntil(world: SoakWorld): Promise<string | null> {
    const [state] = await world.query<{ Throttled_Until__c: string | null }>(
        'SELECT Throttled_Until__c FROM Co_Sell_State__c'
    );
    const until = state?.Throttled_Until__c ?? null;
    return until && Date.parse(until) > world.org.now() ? until : null;
}

const writes = (world: SoakWorld, from: number): number =>
    world.org.router!.log.slice(from).filter((c) => c.method === 'PATCH' || c.method === 'POST').length;

export async function runEchoChecks(world: SoakWorld, rounds = 5): Promise<EchoReport> {
    const report: EchoReport = {
        inboundUpdates: 0,
        outboundWritesAfterInbound: 0,
        inboundReadsAfterInbound: 0,
        inboundLeftToPoll: 0,
        throttledUntilAtStart: null,
        rapidEditPairs: 0,
        rapidEditsFinalState: 0,
        rapidEditsPatches: 0,
        problems: []
    };
    await world.control('DELETE', '/faults');
    await world.settle();
    report.throttledUntilAtStart = await throttledUntil(world);
    const leftLogs = new Set<string>();
    const opportunityId = await world.shareNewDeal('Echo check', 10000);
    await world.settle();
    const [deal] = await world.query<{ Referral_Id__c: string }>(
        `SELECT Referral_Id__c FROM Opportunity WHERE Id = '${opportunityId}'`
    );
    if (!deal.Referral_Id__c) throw new Error('the echo deal was not shared');
    const referralUrl = `/v1.0/engagements/referrals/${deal.Referral_Id__c}`;

    // Inbound: Partner Center edits, one at a time, each fully settled.
    for (let i = 0; i < rounds; i++) {
        const from = world.org.router!.log.length;
        const since = world.org.now();
        const edit = await world.pc('PATCH', referralUrl, [
            { op: 'replace', path: '/details/notes', value: `edited in Partner Center ${i}` },
            { op: 'replace', path: '/details/dealValue', value: 20000 + i }
        ]);
        if (edit.status >= 300) throw new Error(`Partner Center edit failed: ${edit.status}`);
        await world.settle();
        if (await pollIfLeftToIt(world, since, leftLogs, `inbound edit ${i}`, report.problems))
            report.inboundLeftToPoll++;
        report.inboundUpdates++;
        report.outboundWritesAfterInbound += writes(world, from);
        report.inboundReadsAfterInbound += world.org.router!.log.slice(from).filter((c) => c.method === 'GET').length;
        const [o] = await world.query<{ Description: string; Amount: number }>(
            `SELECT Description, Amount FROM Opportunity WHERE Id = '${opportunityId}'`
        );
        if (o.Description !== `edited in Partner Center ${i}` || Number(o.Amount) !== 20000 + i)
            report.problems.push(`inbound edit ${i} did not arrive: ${JSON.stringify(o)}`);
    }
    // Inbound: a new referral from Microsoft creates an opportunity and sends nothing back.
    {
        const from = world.org.router!.log.length;
        const since = world.org.now();
        // The checks may run more than once in a world: the opportunities made before are not this referral's.
        const named = "SELECT Id FROM Opportunity WHERE Name = 'Echo check from Microsoft'";
        const before = (await world.query(named)).length;
        await world.control('POST', '/microsoft/referrals', {
            name: 'Echo check from Microsoft',
            customerName: 'Echo Inc',
            country: 'US',
            dealValue: 777
        });
        await world.settle();
        if (await pollIfLeftToIt(world, since, leftLogs, 'the referral from Microsoft', report.problems))
            report.inboundLeftToPoll++;
        report.inboundUpdates++;
        report.outboundWritesAfterInbound += writes(world, from);
        if ((await world.query(named)).length - before !== 1)
            report.problems.push('the referral from Microsoft did not create one opportunity');
    }

    // Two rapid seller edits: the second is saved before the first one's sync runs.
    for (let i = 0; i < rounds; i++) {
        const from = world.org.router!.log.length;
        const url = `/sobjects/Opportunity/${opportunityId}`;
        const first = { Amount: 30000 + i, Description: `first edit ${i}`, Name: `Echo check first ${i}` };
        const second = { Amount: 40000 + i, Name: `Echo check second ${i}`, CloseDate: `2028-0${1 + (i % 9)}-15` };
        const [a, b] = [await world.orgApi('PATCH', url, first), await world.orgApi('PATCH', url, second)];
        if (a.status !== 204 || b.status !== 204) throw new Error('a rapid edit was refused');
        await world.settle();
        report.rapidEditPairs++;
        report.rapidEditsPatches += world.org.router!.log.slice(from).filter((c) => c.method === 'PATCH').length;
        const referral = (await world.pc<ReferralBody>('GET', referralUrl)).body;
        const expected = {
            name: second.Name,
            dealValue: second.Amount,
            notes: first.Description,
            closing: second.CloseDate
        };
        const actual = {
            name: referral.name,
            dealValue: referral.details?.dealValue,
            notes: referral.details?.notes,
            closing: referral.details?.closingDateTime?.slice(0, 10)
        };
        if (JSON.stringify(actual) === JSON.stringify(expected)) report.rapidEditsFinalState++;
        else report.problems.push(`rapid edits ${i}: Partner Center holds ${JSON.stringify(actual)}`);
    }
    return report;
}

export function formatEcho(r: EchoReport): string {
    return [
        `echo and loop checks: ${r.inboundUpdates} inbound updates → ${r.outboundWritesAfterInbound} outbound PATCH/POST (${r.inboundReadsAfterInbound} GETs to read them)`,
        `  Partner Center throttled the org when they began: ${r.throttledUntilAtStart ? `yes, until ${r.throttledUntilAtStart}` : 'no'}; inbound updates left to the live poll, brought by its next run: ${r.inboundLeftToPoll}`,
        `  rapid seller edit pairs: ${r.rapidEditPairs}, final state in Partner Center ${r.rapidEditsFinalState}/${r.rapidEditPairs} (${r.rapidEditsPatches} PATCHes)`,
        ...r.problems.map((p) => `    ${p}`)
    ].join('\n');
}
