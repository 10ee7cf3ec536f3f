/**
 * Concurrency checks (issue 24, item 4) on the local world: two jobs working on the same deal at once. The local
 * org runs one transaction after the other except where LocalOrg.interleaveAfterCallout lets other transactions
 * run while a job is inside its callout (see there for why that is the one faithful place):
 * - two creates at once: the seller shares a deal, and while the first sync job is inside its POST the seller
 *   saves the deal again and that save's job runs → one referral, not two (the second job takes the first one's
 *   referral and PATCHes its newer value); Partner Center holds the final values. Also at the same instant: the
 *   second job runs before Partner Center handled the first POST (LocalOrg.interleaveBeforeCallout) — it holds
 *   no create claim and waits (CreateClaim), then PATCHes;
 * - a retry and a save at the same instant: a create Partner Center refused is retried from the Sync history, and
 *   the seller saves the deal while the retry's POST is on its way → one referral (the retry claims the create, the
 *   save's job waits and PATCHes);
 * - two updates at once: while one sync job is inside its PATCH, the seller edits another value and that job runs
 *   (its PATCH meets the first one's new eTag: 412) → both changes land, with a bounded number of PATCHes;
 * - a webhook job and a poller job on the same new referral: while the reconciliation's job is inside its read,
 *   the referral's webhook is delivered and its job creates the deal → one opportunity, no outbound write;
 * - a read from before the org's own PATCH: while a webhook job is inside its read of a synced deal's referral, the
 *   seller changes the deal and that change's job PATCHes it; the webhook job then holds an older version than the
 *   one the deal took → it writes nothing (a Skipped older read), the seller's change stays on both sides. Before
 *   the older-read check (issue 24) its different eTag let it put the old value back on the opportunity.
 */
import { SoakWorld } from './soak-world';

export interface ConcurrencyReport {
    scenarios: number;
    /** Scenarios whose interleaving really happened (the other job ran inside the first one's callout). */
    interleaved: number;
    /** Referral POSTs and PATCHes the org sent per scenario. */
    writes: Record<string, { posts: number; patches: number }>;
    problems: string[];
}

interface ReferralBody {
    id: string;
    details?: { dealValue?: number; notes?: string };
}

const calls = (world: SoakWorld, from: number, method: string): number =>
    world.org.router!.log.slice(from).filter((c) => c.method === method).length;

export async function runConcurrencyChecks(world: SoakWorld): Promise<ConcurrencyReport> {
    const report: ConcurrencyReport = { scenarios: 0, interleaved: 0, writes: {}, problems: [] };
    await world.control('DELETE', '/faults');
    await world.settle();
    const org = world.org;
    const apex = (source: string): void => world.apex(source);
    /**
     * While a job of `className` is inside its callout: `save` (a seller's save), then the jobs it causes — after
     * Partner Center answered, or (`beforeAnswer`) while the request is still on its way.
     */
    const duringCallout = (
        className: string,
        save: () => string,
        jobs: string[],
        beforeAnswer = false
    ): { ran: number } => {
        const state = { ran: 0 };
        const work = (): void => {
            apex(save());
            state.ran = org.async.runWaitingNow((label) => label === 'delivery' || jobs.includes(label));
        };
        if (beforeAnswer) org.interleaveBeforeCallout(className, work);
        else org.interleaveAfterCallout(className, work);
        return state;
    };
    const referralsOf = async (opportunityId: string): Promise<ReferralBody[]> =>
        (
            await world.pc<{ value: ReferralBody[] }>(
                'GET',
                `/v1.0/engagements/referrals?$filter=${encodeURIComponent(`externalReferenceId eq '${opportunityId}'`)}`
            )
        ).body.value;
    /**
     * After a create raced by a save of Amount = 2000: one referral holding that value, and the writes since `from`
     * (the scenario's interleaving counted when the second job ran).
     */
    const oneReferral = async (scenario: string, id: string, from: number, second: { ran: number }): Promise<void> => {
        if (second.ran > 0) report.interleaved++;
        const referrals = await referralsOf(id);
        if (referrals.length !== 1) report.problems.push(`${scenario}: ${referrals.length} referrals`);
        else if (referrals[0].details?.dealValue !== 2000)
            report.problems.push(`${scenario}: deal value ${referrals[0].details?.dealValue}, expected 2000`);
        report.writes[scenario] = { posts: calls(world, from, 'POST'), patches: calls(world, from, 'PATCH') };
    };

    // 1. Two creates at once: the second job runs after the first one's POST landed, or (1b) at the same instant,
    // before Partner Center handled it (its look-up cannot find the referral; before the create claim, both POSTed).
    for (const [scenario, beforeAnswer] of [
        ['two creates at once', false],
        ['two creates at the same instant', true]
    ] as const) {
        report.scenarios++;
        const from = org.router!.log.length;
        // Armed before the create: its job's POST is the first OutboundSync callout from here.
        let id = '';
        const second = duringCallout(
            'OutboundSync',
            () => `update new Opportunity(Id = '${id}', Amount = 2000);`,
            ['OutboundSync'],
            beforeAnswer
        );
        id = await world.shareNewDeal(`Concurrency create${beforeAnswer ? ' (same instant)' : ''}`);
        await world.settle();
        await oneReferral(scenario, id, from, second);
    }

    // 1c. A retry and a save at the same instant: the deal's create failed for a person (Partner Center refused the
    // POST: its claim is released), the person retries it from the Sync history, and while the retry's job POSTs —
    // before Partner Center handled it — the seller saves the deal and that save's job runs. Before, neither job held
    // a create claim (the retry's job none, the save's its own new one): both POSTed, two referrals.
    {
        const scenario = 'a retry and a save at the same instant';
        report.scenarios++;
        await world.control('POST', '/faults', {
            kind: 'status',
            status: 400,
            method: 'POST',
            path: '/v1.0/engagements/referrals',
            count: 1
        });
        const id = await world.shareNewDeal('Concurrency retry');
        await world.settle();
        const [failed] = await world.query<{ Id: string }>(
            `SELECT Id FROM Sync_Log__c WHERE Opportunity__c = '${id}' AND Operation__c = 'Create referral' AND Outcome__c = 'Failed'`
        );
        if (!failed) throw new Error(`${scenario}: the refused create left no Failed log`);
        const from = org.router!.log.length;
        const second = duringCallout(
            'OutboundSync',
            () => `update new Opportunity(Id = '${id}', Amount = 2000);`,
            ['OutboundSync'],
            true
        );
        apex(`CoSellSyncHistoryController.retry('${failed.Id}');`);
        await world.settle();
        await oneReferral(scenario, id, from, second);
    }

    // 2. Two updates at once.
    {
        report.scenarios++;
        const id = await world.shareNewDeal('Concurrency update');
        await world.settle();
        const from = org.router!.log.length;
        const second = duringCallout('OutboundSync', () => `update new Opportunity(Id = '${id}', Amount = 3000);`, [
            'OutboundSync'
        ]);
        apex(`update new Opportunity(Id = '${id}', Description = 'first change');`);
        await world.settle();
        if (second.ran > 0) report.interleaved++;
        const [referral] = await referralsOf(id);
        if (referral?.details?.notes !== 'first change' || referral?.details?.dealValue !== 3000)
            report.problems.push(`two updates at once: Partner Center holds ${JSON.stringify(referral?.details)}`);
        const patches = calls(world, from, 'PATCH');
        // Each change at most: its PATCH, and once a 412 and the merged PATCH (OutboundSync: one retry).
        if (patches > 4) report.problems.push(`two updates at once: ${patches} PATCHes for two changes`);
        report.writes['two updates at once'] = { posts: calls(world, from, 'POST'), patches };
    }

    // 3. A webhook job and the poller's job on the same new referral.
    {
        report.scenarios++;
        await world.control('POST', '/faults', { kind: 'webhook-drop', eventName: 'referral-created', count: 1 });
        const sent = await world.control<{ referral: { id: string } }>('POST', '/microsoft/referrals', {
            name: 'Concurrency inbound',
            customerName: 'Concurrency customer',
            country: 'US',
            dealValue: 5000,
            notes: 'from Microsoft'
        });
        const referralId = sent.body.referral.id;
        await world.settle();
        const from = org.router!.log.length;
        const webhook = duringCallout(
            'ReferralPoller',
            () =>
                `ReferralSyncPublisher.publish(new List<Referral_Sync__e>{ ReferralSyncPublisher.event(ReferralSyncPublisher.INBOUND, null, '${referralId}', 'referral-created', 1) });`,
            ['InboundSync']
        );
        apex('ReferralPoller.reconcile();');
        await world.settle();
        if (webhook.ran > 0) report.interleaved++;
        const opportunities = await world.query<{ Id: string }>(
            `SELECT Id FROM Opportunity WHERE Referral_Id__c = '${referralId}'`
        );
        if (opportunities.length !== 1)
            report.problems.push(`webhook and poller at once: ${opportunities.length} opportunities`);
        const posts = calls(world, from, 'POST');
        const patches = calls(world, from, 'PATCH');
        if (posts + patches > 0)
            report.problems.push(`webhook and poller at once: ${posts} POSTs, ${patches} PATCHes (echo)`);
        report.writes['webhook and poller at once'] = { posts, patches };
    }

    // 4. A webhook job's read from before the org's own PATCH, written after it.
    {
        const scenario = "a read from before the org's own PATCH";
        report.scenarios++;
        const id = await world.shareNewDeal('Concurrency older read');
        await world.settle();
        const [deal] = await world.query<{ Referral_Id__c: string }>(
            `SELECT Referral_Id__c FROM Opportunity WHERE Id = '${id}'`
        );
        const from = org.router!.log.length;
        const seller = duringCallout('InboundSync', () => `update new Opportunity(Id = '${id}', Amount = 4000);`, [
            'OutboundSync'
        ]);
        apex(
            `ReferralSyncPublisher.publish(new List<Referral_Sync__e>{ ReferralSyncPublisher.event(ReferralSyncPublisher.INBOUND, null, '${deal.Referral_Id__c}', 'referral-updated', 1) });`
        );
        await world.settle();
        if (seller.ran > 0) report.interleaved++;
        const [referral] = await referralsOf(id);
        const [after] = await world.query<{ Amount: number }>(`SELECT Amount FROM Opportunity WHERE Id = '${id}'`);
        if (Number(after?.Amount) !== 4000 || referral?.details?.dealValue !== 4000)
            report.problems.push(
                `${scenario}: the opportunity holds ${after?.Amount}, Partner Center ${referral?.details?.dealValue}, expected 4000`
            );
        const skipped = await world.query<{ Id: string }>(
            `SELECT Id FROM Sync_Log__c WHERE Opportunity__c = '${id}' AND Outcome__c = 'Skipped' AND Operation__c = 'Update opportunity'`
        );
        if (seller.ran > 0 && skipped.length !== 1)
            report.problems.push(`${scenario}: ${skipped.length} skipped older reads, expected 1`);
        const patches = calls(world, from, 'PATCH');
        if (patches > 1) report.problems.push(`${scenario}: ${patches} PATCHes for one change`);
        report.writes[scenario] = { posts: calls(world, from, 'POST'), patches };
    }
    return report;
}

export function formatConcurrency(r: ConcurrencyReport): string {
    return [
        `concurrency checks: ${r.scenarios} scenarios, ${r.interleaved} really interleaved (a job ran inside another's callout)`,
        ...Object.entries(r.writes).map(([k, v]) => `  ${k}: ${v.posts} POSTs, ${v.patches} PATCHes`),
        `  problems: ${r.problems.length}`,
        ...r.problems.map((p) => `    ${p}`)
    ].join('\n');
}
