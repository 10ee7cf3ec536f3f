/**
 * The end-to-end scenarios (issue 11). Salesforce is read and written only through the generated ts-force
 * classes; Partner Center is read through its API (the emulator's, or the real one when a token is given);
 * Microsoft's side and faults are played by the emulator. Every scenario asserts the state on both sides.
 */
import assert from 'node:assert/strict';
import { getCalendarDate } from 'ts-force';
import { dealOfReferral, newDeal, readDeal, solution, syncLogs } from './deals';
import {
    Account,
    Group,
    GroupMember,
    Lead,
    NotificationPreference,
    Opportunity,
    OpportunitySolution,
    Profile,
    ReferralContact,
    User
} from './generated';
import type { Context, Scenario } from './harness';
import type { FlowRun, Referral } from './world';

const CHECK = '\u2714';

/**
 * Waits until Partner Center shows what `check` expects (timed as opportunity → referral). Without a way to read
 * Partner Center (a sandbox without PC_ACCESS_TOKEN) it waits for the org to record a successful sync after
 * `syncedBefore` instead, and says so.
 */
async function expectReferral(
    ctx: Context,
    deal: Opportunity,
    what: string,
    check: (r: Referral) => boolean,
    syncedBefore: Date | null | undefined,
    timed = true
): Promise<Referral | undefined> {
    const direction = timed ? 'opportunity → referral' : undefined;
    const pc = ctx.world.partnerCenter;
    if (!pc) {
        ctx.note(`Partner Center not read: "${what}" checked as a successful sync in the org only`);
        await ctx.waitFor(
            `a new successful sync of ${deal.id}`,
            async () => {
                const d = await readDeal(deal.id!);
                const at = d.lastSyncedAt?.getTime() ?? 0;
                return d.syncStatus === 'Synced' && at > (syncedBefore?.getTime() ?? 0) ? d : undefined;
            },
            direction
        );
        return undefined;
    }
    return ctx.waitFor(
        `Partner Center: ${what}`,
        async () => {
            const r = await pc.getReferral(deal.referralId!);
            return check(r) ? r : undefined;
        },
        direction
    );
}

/** A seller's deal turned on for Partner Center; returns it once the org holds the referral id. */
async function sharedDeal(
    ctx: Context,
    label: string,
    changes: Partial<Pick<Opportunity, 'microsoftHelp' | 'microsoftHelpNotes' | 'visibleToMicrosoft'>> = {}
): Promise<Opportunity> {
    const deal = await newDeal(ctx, { label, amount: 120000 });
    deal.syncWithPartnerCenter = true;
    Object.assign(deal, changes);
    await deal.update();
    return ctx.waitFor(
        `the referral of "${label}" in the org`,
        async () => {
            const d = await readDeal(deal.id!);
            if (d.lastSyncError) throw new Error(`sync failed: ${d.lastSyncError}`);
            return d.referralId && d.syncStatus === 'Synced' ? d : undefined;
        },
        'opportunity → referral'
    );
}

/** A referral a Microsoft seller sent, waiting on hold in the org. */
async function referralOnHold(
    ctx: Context,
    label: string,
    country = 'US'
): Promise<{ referral: Referral; deal: Opportunity }> {
    const referral = await ctx.world.microsoft!.sendReferral({
        name: `${label} ${ctx.runId}`,
        customerName: `${label} ${ctx.runId} Inc`,
        country,
        dealValue: 30000
    });
    const deal = await ctx.waitFor(
        `the opportunity of referral ${referral.id}`,
        () => dealOfReferral(referral.id),
        'webhook → opportunity'
    );
    assert.equal(deal.stageName, ctx.settings.onHoldStage, 'a new referral from Microsoft waits in the on-hold stage');
    return { referral, deal };
}

/** The org's calls for one referral after `from` (a count of earlier callouts), as `METHOD status` (local world). */
function referralCalls(ctx: Context, referralId: string, from: number): string[] {
    return ctx.world.callouts!()
        .slice(from)
        .filter((c) => c.endpoint.endsWith(`/referrals/${referralId}`))
        .map((c) => `${c.method} ${c.status}`);
}

/** The emulator's webhook deliveries about one referral, as `event state status`. */
async function webhooksFor(ctx: Context, referralId: string): Promise<string[]> {
    return (await ctx.world.microsoft!.deliveries())
        .filter((d) => d.payload.ResourceUri.endsWith(`/${referralId}`))
        .map((d) => `${d.payload.EventName} ${d.state} ${d.attempts.at(-1)?.statusCode ?? '-'}`);
}

async function pcStatus(ctx: Context, referralId: string): Promise<string> {
    const r = await ctx.world.partnerCenter!.getReferral(referralId);
    return `${r.status}/${r.substatus}`;
}

const sellerShares: Scenario = {
    name: 'a seller shares an opportunity: the referral appears in Partner Center, edits follow',
    needs: [],
    async run(ctx) {
        const deal = await sharedDeal(ctx, 'E2E share');
        assert.equal(deal.lastSyncError, null);
        assert.ok(deal.name!.endsWith(CHECK), `the name shows the sync mark: ${deal.name}`);
        const created = await expectReferral(
            ctx,
            deal,
            'the referral for the opportunity',
            (r) => r.externalReferenceId === deal.id,
            null,
            false
        );
        if (created) {
            assert.equal(created.name, `E2E share ${ctx.runId}`);
            assert.equal(created.details?.dealValue, 120000);
            assert.equal(`${created.status}/${created.substatus}`, 'Active/Accepted');
            assert.deepEqual(
                created.details?.requirements?.solutions?.map((s) => s.id),
                [ctx.solutionIds[0]]
            );
        }
        const edit = new Opportunity({ id: deal.id, amount: 130000 });
        await edit.update();
        await expectReferral(ctx, deal, 'deal value 130000', (r) => r.details?.dealValue === 130000, deal.lastSyncedAt);
        const logs = await syncLogs(deal.id!);
        assert.deepEqual(
            logs
                .filter((l) => l.outcome === 'Success')
                .map((l) => l.operation)
                .slice(0, 2),
            ['Create referral', 'Update referral']
        );
    }
};

const microsoftSends: Scenario = {
    name: 'Microsoft sends a referral: the signed webhook brings the opportunity in, on hold',
    needs: ['microsoft'],
    async run(ctx) {
        const { referral, deal } = await referralOnHold(ctx, 'E2E Litware');
        assert.equal(deal.syncWithPartnerCenter, true);
        assert.equal(deal.referralStatus, 'New');
        assert.equal(deal.amount, 30000);
        assert.ok(deal.name!.startsWith(`E2E Litware ${ctx.runId}`), deal.name!);
        const [account] = await Account.retrieve((f) => ({
            select: f.select('id', 'name', 'billingCountry'),
            where: [{ field: f.select('name'), op: '=', val: `E2E Litware ${ctx.runId} Inc` }]
        }));
        assert.ok(account, 'the customer account was created');
        assert.equal(account.billingCountry, 'US');
        assert.equal(await pcStatus(ctx, referral.id), 'New/Pending', 'nothing is sent back while on hold');
        assert.deepEqual(await webhooksFor(ctx, referral.id), ['referral-created delivered 200']);
        // The emulator's own state: the partner's referral and Microsoft's, one engagement.
        const engagement = (await ctx.world.microsoft!.referrals()).filter(
            (r) => r.referral.engagementId === referral.engagementId
        );
        assert.deepEqual(engagement.map((r) => `${r.owner} ${r.referral.status}/${r.referral.substatus}`).sort(), [
            'microsoft Active/Accepted',
            'partner New/Pending'
        ]);
    }
};

const accept: Scenario = {
    name: 'the seller accepts a referral: Partner Center shows it Active/Accepted',
    needs: ['microsoft'],
    async run(ctx) {
        const { referral, deal } = await referralOnHold(ctx, 'E2E accept');
        const change = new Opportunity({ id: deal.id, stageName: ctx.settings.activeStage });
        await change.update();
        await expectReferral(ctx, deal, 'Active/Accepted', (r) => r.status === 'Active', deal.lastSyncedAt);
        assert.equal(await pcStatus(ctx, referral.id), 'Active/Accepted');
        await ctx.waitFor('the org mirrors Active', async () => (await readDeal(deal.id!)).referralStatus === 'Active');
    }
};

const foreignCurrency: Scenario = {
    name: 'an INR referral into a USD org: the amount is kept, its currency recorded and warned about, INR sent back',
    needs: ['microsoft'],
    async run(ctx) {
        const referral = await ctx.world.microsoft!.sendReferral({
            name: `E2E Fourth Coffee ${ctx.runId}`,
            customerName: `E2E Fourth Coffee ${ctx.runId} Pvt`,
            country: 'IN',
            dealValue: 120,
            currency: 'INR'
        });
        const deal = await ctx.waitFor(
            `the opportunity of referral ${referral.id}`,
            () => dealOfReferral(referral.id),
            'webhook → opportunity'
        );
        const [held] = await Opportunity.retrieve((f) => ({
            select: f.select('id', 'amount', 'referralCurrency'),
            where: [{ field: f.select('id'), op: '=', val: deal.id! }]
        }));
        assert.equal(held.amount, 120, 'the amount is kept as Partner Center sent it');
        assert.equal(held.referralCurrency, 'INR', 'and recorded as INR: this USD org cannot hold INR');
        const created = (await syncLogs(deal.id!)).find((l) => l.operation === 'Create opportunity');
        assert.equal(created?.outcome, 'Success');
        assert.match(created?.message ?? '', /INR/, 'the sync history warns');
        // The seller accepts; Partner Center keeps INR (the org does not send its own currency over it).
        await new Opportunity({ id: deal.id, stageName: ctx.settings.activeStage }).update();
        const accepted = await expectReferral(ctx, deal, 'Active/Accepted', (r) => r.status === 'Active', null);
        if (accepted) {
            assert.equal(accepted.details?.currency, 'INR');
            assert.equal(accepted.details?.dealValue, 120);
        }
    }
};

const leadConverted: Scenario = {
    name: 'a lead referral lands as a Lead; converting the Lead carries the referral over and accepts it',
    needs: ['microsoft'],
    async run(ctx) {
        const { setSetting, executeAnonymous, microsoft } = ctx.world;
        if (!setSetting || !executeAnonymous) {
            ctx.note('needs the local world (an admin setting and a lead conversion as anonymous Apex)');
            return;
        }
        await setSetting('Co_Sell_Only__c', false);
        try {
            const referral = await microsoft!.sendReferral({
                name: `E2E Wingtip ${ctx.runId}`,
                customerName: `E2E Wingtip ${ctx.runId} Toys`,
                country: 'US',
                dealValue: 45000,
                type: 'Independent'
            });
            const lead = await ctx.waitFor(
                `the Lead of referral ${referral.id}`,
                async () =>
                    (
                        await Lead.retrieve((f) => ({
                            select: f.select('id', 'company', 'country', 'email', 'referralStatus', 'isConverted'),
                            where: [{ field: f.select('referralId'), op: '=', val: referral.id }]
                        }))
                    )[0],
                'webhook → opportunity'
            );
            assert.equal(lead.company, `E2E Wingtip ${ctx.runId} Toys`);
            assert.equal(lead.country, 'US');
            assert.equal(lead.email, 'ana.lee@contoso.example');
            assert.equal(lead.referralStatus, 'New');
            assert.equal(await dealOfReferral(referral.id), undefined, 'a lead not accepted is only a lead');
            assert.equal(await pcStatus(ctx, referral.id), 'New/Pending');

            await executeAnonymous(
                `Database.LeadConvert lc = new Database.LeadConvert();\n` +
                    `lc.setLeadId('${lead.id}');\n` +
                    `lc.setConvertedStatus([SELECT ApiName FROM LeadStatus WHERE IsConverted = true LIMIT 1].ApiName);\n` +
                    `Database.convertLead(lc);`
            );
            const deal = await ctx.waitFor('the opportunity of the converted lead', () => dealOfReferral(referral.id));
            const [converted] = await Lead.retrieve((f) => ({
                select: f.select('isConverted', 'convertedOpportunityId'),
                where: [{ field: f.select('id'), op: '=', val: lead.id! }]
            }));
            assert.equal(converted.isConverted, true);
            assert.equal(converted.convertedOpportunityId, deal.id, 'the new opportunity carries the referral');
            assert.equal(deal.syncWithPartnerCenter, true);
            assert.equal(deal.stageName, ctx.settings.activeStage);
            await expectReferral(ctx, deal, 'Active/Accepted', (r) => r.status === 'Active', null);
            assert.equal(await pcStatus(ctx, referral.id), 'Active/Accepted');
            const partnerReferrals = (await microsoft!.referrals()).filter(
                (r) => r.owner === 'partner' && r.referral.engagementId === referral.engagementId
            );
            assert.equal(partnerReferrals.length, 1, 'no second referral');
            await ctx.waitFor(
                'the org mirrors Active',
                async () => (await readDeal(deal.id!)).referralStatus === 'Active'
            );
        } finally {
            await setSetting('Co_Sell_Only__c', true);
        }
    }
};

/** The seller's decline reached Partner Center: the referral Closed/Declined with the reason, the deal lost. */
async function expectDeclined(ctx: Context, deal: Opportunity, referralId: string, reason: string): Promise<void> {
    const closed = await expectReferral(ctx, deal, 'Closed/Declined', (r) => r.status === 'Closed', deal.lastSyncedAt);
    assert.equal(`${closed!.status}/${closed!.substatus}`, 'Closed/Declined');
    assert.equal(closed!.statusReason, reason);
    assert.equal(closed!.id, referralId);
    assert.equal((await readDeal(deal.id!)).stageName, ctx.settings.lostStage);
}

const decline: Scenario = {
    name: 'the seller declines a referral with a reason: Partner Center shows it Closed/Declined',
    needs: ['microsoft'],
    async run(ctx) {
        const { referral, deal } = await referralOnHold(ctx, 'E2E decline');
        const change = new Opportunity({
            id: deal.id,
            stageName: ctx.settings.lostStage,
            referralStatusReason: 'Not a customer'
        });
        await change.update();
        await expectDeclined(ctx, deal, referral.id, 'Not a customer');
    }
};

const wonAndLost: Scenario = {
    name: 'a won deal closes its referral as Won, a lost one as Lost with the reason',
    needs: [],
    async run(ctx) {
        const won = await sharedDeal(ctx, 'E2E won');
        const lost = await sharedDeal(ctx, 'E2E lost');
        // One change at a time, so each latency runs from its own save.
        await new Opportunity({ id: won.id, stageName: ctx.settings.wonStage }).update();
        const w = await expectReferral(ctx, won, 'Closed/Won', (r) => r.status === 'Closed', won.lastSyncedAt);
        await new Opportunity({
            id: lost.id,
            stageName: ctx.settings.lostStage,
            referralStatusReason: 'Lost to a competitor'
        }).update();
        const l = await expectReferral(ctx, lost, 'Closed/Lost', (r) => r.status === 'Closed', lost.lastSyncedAt);
        if (w && l) {
            assert.equal(`${w.status}/${w.substatus}`, 'Closed/Won');
            assert.equal(`${l.status}/${l.substatus}`, 'Closed/Lost');
            assert.equal(l.statusReason, 'Lost to a competitor');
        }
        for (const d of [won, lost])
            await ctx.waitFor(`${d.name} synced`, async () => (await readDeal(d.id!)).syncStatus === 'Synced');
    }
};

const microsoftJoins: Scenario = {
    name: 'a seller asks Microsoft for help and Microsoft joins: CRM id and sellers appear on the opportunity',
    needs: ['microsoft'],
    async run(ctx) {
        const deal = await sharedDeal(ctx, 'E2E co-sell', {
            microsoftHelp: 'ProofOfConceptOrDemo',
            microsoftHelpNotes: 'Need a POC',
            visibleToMicrosoft: true
        });
        const referral = await ctx.world.partnerCenter!.getReferral(deal.referralId!);
        assert.equal(referral.inviteContext?.assistanceRequestCode, 'ProofOfConceptOrDemo');
        assert.equal(referral.inviteContext?.notes, 'Need a POC');
        assert.equal(referral.consent?.consentToShareReferralWithMicrosoftSellers, true);
        const msxId = `7-E2E${ctx.runId.toUpperCase()}`;
        await ctx.world.microsoft!.join(deal.referralId!, {
            msxId,
            sellers: [{ firstName: 'Mia', lastName: 'Seller', email: `mia.${ctx.runId}@microsoft.example` }]
        });
        const joined = await ctx.waitFor(
            'the Microsoft CRM id on the opportunity',
            async () => {
                const d = await readDeal(deal.id!);
                return d.microsoftCrmId === msxId && /Active/.test(d.microsoftReferralStatus ?? '') ? d : undefined;
            },
            'webhook → opportunity'
        );
        assert.match(joined.microsoftReferralStatus!, /Active/);
        const sellers = await ReferralContact.retrieve((f) => ({
            select: f.select('email', 'role'),
            where: [
                { field: f.select('opportunityId'), op: '=', val: deal.id! },
                'AND',
                { field: f.select('role'), op: '=', val: 'Microsoft seller' }
            ]
        }));
        assert.deepEqual(
            sellers.map((s) => s.email),
            [`mia.${ctx.runId}@microsoft.example`]
        );
        const after = await ctx.world.partnerCenter!.getReferral(deal.referralId!);
        assert.equal(after.trackingInfo?.microsoftMsxId, msxId);
    }
};

const solutions: Scenario = {
    name: 'co-sell solutions: adding and removing one on the opportunity changes the referral',
    needs: [],
    async run(ctx) {
        const deal = await sharedDeal(ctx, 'E2E solutions');
        const [firstId, secondId] = ctx.solutionIds;
        const second = await solution(ctx, secondId, `E2E ${secondId}`);
        const link = new OpportunitySolution({ opportunityId: deal.id, solutionId: second.id });
        await link.insert();
        const ids = (r: Referral): string[] => (r.details?.requirements?.solutions ?? []).map((s) => s.id).sort();
        await expectReferral(
            ctx,
            deal,
            'two solutions',
            (r) => ids(r).join() === [firstId, secondId].sort().join(),
            deal.lastSyncedAt
        );
        const synced = await readDeal(deal.id!);
        const [first] = await OpportunitySolution.retrieve((f) => ({
            select: [f.select('id')],
            where: [
                { field: f.select('opportunityId'), op: '=', val: deal.id! },
                'AND',
                { field: f.select('solutionId'), op: '!=', val: second.id! }
            ]
        }));
        await first.delete();
        await expectReferral(ctx, deal, 'one solution left', (r) => ids(r).join() === secondId, synced.lastSyncedAt);
        const links = await OpportunitySolution.retrieve((f) => ({
            select: [f.select('id')],
            where: [{ field: f.select('opportunityId'), op: '=', val: deal.id! }]
        }));
        assert.equal(links.length, 1);
    }
};

const visibility: Scenario = {
    name: 'visibility to Microsoft: shared when the seller turns it on, and it cannot be turned off again',
    needs: ['shareWithMicrosoft'],
    async run(ctx) {
        const deal = await sharedDeal(ctx, 'E2E visibility');
        assert.equal(deal.visibleToMicrosoft, false);
        const hidden = await expectReferral(ctx, deal, 'the referral', (r) => r.id === deal.referralId, null, false);
        if (hidden) assert.equal(hidden.consent?.consentToShareReferralWithMicrosoftSellers, false);
        await new Opportunity({ id: deal.id, visibleToMicrosoft: true }).update();
        await expectReferral(
            ctx,
            deal,
            'consent to share with Microsoft sellers',
            (r) => r.consent?.consentToShareReferralWithMicrosoftSellers === true,
            deal.lastSyncedAt
        );
        const back = new Opportunity({ id: deal.id, visibleToMicrosoft: false });
        await assert.rejects(back.update(), (e: { response?: { status: number; data: { fields?: string[] }[] } }) => {
            assert.equal(e.response?.status, 400);
            // The field's name as the org spells it (with the package's namespace in a subscriber org).
            assert.match(String(e.response?.data[0].fields), /^(\w+__)?Visible_To_Microsoft__c$/);
            return true;
        });
        assert.equal((await readDeal(deal.id!)).visibleToMicrosoft, true, 'the org keeps it visible');
        if (ctx.world.partnerCenter) {
            const r = await ctx.world.partnerCenter.getReferral(deal.referralId!);
            assert.equal(r.consent?.consentToShareReferralWithMicrosoftSellers, true);
        }
    }
};

const missedWebhook: Scenario = {
    name: 'a missed webhook: the referral is brought in by polling (reconciliation)',
    needs: ['microsoft', 'localOrg'],
    async run(ctx) {
        const microsoft = ctx.world.microsoft!;
        await ctx.world.settle!();
        await microsoft.addFault({ kind: 'webhook-drop', count: 5 });
        const referral = await microsoft.sendReferral({
            name: `E2E Adatum ${ctx.runId}`,
            customerName: `E2E Adatum ${ctx.runId}`,
            country: 'GB',
            dealValue: 9000
        });
        await ctx.world.settle!();
        await microsoft.clearFaults();
        assert.equal(await dealOfReferral(referral.id), undefined, 'the dropped webhook brought nothing');
        assert.deepEqual(await webhooksFor(ctx, referral.id), ['referral-created dropped -']);
        await ctx.world.runReconciliation!();
        const deal = await ctx.waitFor('the opportunity brought in by polling', () => dealOfReferral(referral.id));
        assert.equal(deal.stageName, ctx.settings.onHoldStage);
        assert.equal(deal.amount, 9000);
        assert.equal(await pcStatus(ctx, referral.id), 'New/Pending');
    }
};

const throttled: Scenario = {
    name: 'a 429 storm: the seller changes land after it, nothing lost, the retries audited',
    needs: ['microsoft'],
    async run(ctx) {
        const deal = await sharedDeal(ctx, 'E2E throttled');
        await ctx.world.settle!();
        const calloutsBefore = ctx.world.callouts!().length;
        await ctx.world.microsoft!.addFault({
            kind: 'status',
            status: 429,
            retryAfterSeconds: 1,
            method: 'PATCH',
            path: '/v1.0/engagements/referrals',
            count: 3
        });
        await new Opportunity({ id: deal.id, amount: 150000 }).update();
        await new Opportunity({ id: deal.id, description: 'Storm-proof notes' }).update();
        await expectReferral(
            ctx,
            deal,
            'deal value 150000 and the notes',
            (r) => r.details?.dealValue === 150000 && r.details?.notes === 'Storm-proof notes',
            deal.lastSyncedAt
        );
        await ctx.world.microsoft!.clearFaults();
        const logs = await ctx.waitFor('the audit trail of the retries', async () => {
            const all = await syncLogs(deal.id!);
            return all.filter((l) => l.outcome === 'Retrying').length >= 3 ? all : undefined;
        });
        const retries = logs.filter((l) => l.outcome === 'Retrying');
        assert.ok(retries.every((l) => l.httpStatus === 429 && l.operation === 'Update referral'));
        // After the storm: a successful update, and no attempt given up (a later job may find nothing left to send).
        const lastRetry = logs.lastIndexOf(retries.at(-1)!);
        const afterStorm = logs.slice(lastRetry + 1).filter((l) => l.operation === 'Update referral');
        assert.ok(
            afterStorm.some((l) => l.outcome === 'Success'),
            `an update succeeded after the storm: ${afterStorm.map((l) => l.outcome).join(', ')}`
        );
        assert.deepEqual(
            logs.filter((l) => l.outcome === 'Failed'),
            [],
            'no attempt failed for good'
        );
        const after = await readDeal(deal.id!);
        assert.equal(after.syncStatus, 'Synced');
        assert.equal(after.lastSyncError, null);
        const calls = referralCalls(ctx, deal.referralId!, calloutsBefore).filter((c) => c.startsWith('PATCH'));
        assert.deepEqual(calls.slice(0, 4), ['PATCH 429', 'PATCH 429', 'PATCH 429', 'PATCH 200'], calls.join(', '));
        ctx.note(`the org's PATCHes: ${calls.join(', ')}`);
    }
};

const staleETag: Scenario = {
    name: 'an eTag conflict: Partner Center changed meanwhile (412), the org re-reads and the seller change lands',
    needs: ['microsoft'],
    async run(ctx) {
        const deal = await sharedDeal(ctx, 'E2E etag');
        await ctx.world.settle!();
        const known = (await readDeal(deal.id!)).referralETag;
        // Someone edits the referral in Partner Center; the org never hears of it (its webhook is lost).
        await ctx.world.microsoft!.addFault({ kind: 'webhook-drop', count: 1 });
        const edited = await ctx.world.microsoft!.editReferral(deal.referralId!, [
            { op: 'replace', path: '/details/customerRequestedContact', value: true }
        ]);
        await ctx.world.settle!();
        await ctx.world.microsoft!.clearFaults();
        assert.notEqual(edited.eTag, known, "the org's eTag is stale: its PATCH meets 412");
        assert.equal((await readDeal(deal.id!)).referralETag, known);
        const calloutsBefore = ctx.world.callouts!().length;
        await new Opportunity({ id: deal.id, amount: 140000 }).update();
        const landed = await expectReferral(
            ctx,
            deal,
            'deal value 140000',
            (r) => r.details?.dealValue === 140000,
            deal.lastSyncedAt
        );
        assert.equal(
            (landed as unknown as { details: { customerRequestedContact?: boolean } }).details.customerRequestedContact,
            true,
            "Partner Center's own change survives"
        );
        const after = await ctx.waitFor('the fresh eTag in the org', async () => {
            const d = await readDeal(deal.id!);
            return d.referralETag !== known && d.referralETag !== edited.eTag ? d : undefined;
        });
        assert.equal(after.syncStatus, 'Synced');
        const calls = referralCalls(ctx, deal.referralId!, calloutsBefore);
        assert.deepEqual(calls.slice(0, 3), ['PATCH 412', 'GET 200', 'PATCH 200'], calls.join(', '));
        ctx.note(`the org's calls: ${calls.join(', ')}`);
        const updates = (await syncLogs(deal.id!)).filter((l) => l.operation === 'Update referral');
        assert.equal(updates.at(-1)!.outcome, 'Success');
    }
};

/** An active Standard User seller (setup data, created like an admin would through the API). */
async function newSeller(ctx: Context, alias: string): Promise<User> {
    const [profile] = await Profile.retrieve((f) => ({
        select: [f.select('id')],
        where: [{ field: f.select('name'), op: '=', val: 'Standard User' }]
    }));
    const seller = new User({
        lastName: `${alias} ${ctx.runId}`,
        username: `${alias}.${ctx.runId}@e2e.example.test`,
        email: `${alias}.${ctx.runId}@e2e.example.test`,
        alias,
        profileId: profile!.id,
        timeZoneSidKey: 'Europe/Paris',
        localeSidKey: 'de_DE',
        languageLocaleKey: 'de',
        emailEncodingKey: 'UTF-8'
    });
    await seller.insert();
    return seller;
}

const routedToQueue: Scenario = {
    name: 'a routing rule sends a German referral to the DACH queue; a US one keeps the default owner',
    needs: ['microsoft', 'localOrg'],
    async run(ctx) {
        const seller = await newSeller(ctx, 'dach');
        const queueName = `DACH_${ctx.runId}`;
        const queue = new Group({ name: `DACH ${ctx.runId}`, developerName: queueName, type: 'Queue' });
        await queue.insert();
        await new GroupMember({ groupId: queue.id, userOrGroupId: seller.id }).insert();
        ctx.world.deployCustomMetadata!('Co_Sell_Routing_Rule__mdt', `Route_${queueName}`, {
            Active__c: 'true',
            Order__c: '10',
            Customer_Countries__c: 'DE,AT,CH',
            Queue__c: queueName
        });
        const { referral: german, deal: germanDeal } = await referralOnHold(ctx, 'E2E Fabrikam DE', 'DE');
        const { deal: usDeal } = await referralOnHold(ctx, 'E2E Fabrikam US');
        assert.equal(germanDeal.ownerId, seller.id, 'the DACH queue member owns the German referral');
        assert.notEqual(usDeal.ownerId, seller.id, 'no rule matches the US referral');
        // Partner Center: routing is the partner's own business, the referral still waits for the seller.
        assert.equal(await pcStatus(ctx, german.id), 'New/Pending');
    }
};

const linkedToOpenDeal: Scenario = {
    name: 'Microsoft sends a referral for a customer with an open deal: the seller links it, one opportunity, one referral',
    needs: ['microsoft', 'localOrg'],
    async run(ctx) {
        // The partner's own open deal for the customer: same name, country and postal code as Partner Center sends
        // (the emulator's customers are in 98004), closing within 30 days of the referral's default close date.
        const customer = `E2E Northwind ${ctx.runId} Inc`;
        const account = new Account({ name: customer, billingCountry: 'US', billingPostalCode: '98004' });
        await account.insert();
        ctx.created.push(account);
        const close = new Date(Date.now() + 80 * 86_400_000);
        const mine = new Opportunity({
            name: `E2E Northwind own deal ${ctx.runId}`,
            accountId: account.id,
            amount: 75000,
            stageName: ctx.settings.activeStage,
            closeDate: getCalendarDate(close)
        });
        await mine.insert();
        ctx.created.push(mine);
        const referral = await ctx.world.microsoft!.sendReferral({
            name: `E2E Northwind ${ctx.runId}`,
            customerName: customer,
            country: 'US',
            dealValue: 30000
        });
        const created = await ctx.waitFor(
            `the opportunity of referral ${referral.id}`,
            () => dealOfReferral(referral.id),
            'webhook → opportunity'
        );
        const [matched] = await Opportunity.retrieve((f) => ({
            select: f.select('id', 'matchedOpportunityId'),
            where: [{ field: f.select('id'), op: '=', val: created.id! }]
        }));
        assert.equal(matched?.matchedOpportunityId, mine.id, 'the panel offers the open deal');
        assert.equal(await ctx.world.linkReferral!(created.id!), mine.id);

        // Salesforce: one opportunity for the customer, carrying the referral; the one it created is gone.
        const onCustomer = await Opportunity.retrieve((f) => ({
            select: f.select('id', 'referralId', 'syncWithPartnerCenter'),
            where: [{ field: f.select('accountId'), op: '=', val: account.id! }]
        }));
        assert.deepEqual(
            onCustomer.map((o) => [o.id, o.referralId, o.syncWithPartnerCenter]),
            [[mine.id, referral.id, true]]
        );
        const withReferral = await Opportunity.retrieve((f) => ({
            select: [f.select('id')],
            where: [{ field: f.select('referralId'), op: '=', val: referral.id }]
        }));
        assert.deepEqual(
            withReferral.map((o) => o.id),
            [mine.id],
            'one opportunity holds the referral'
        );
        // Partner Center: still the one referral, accepted through the seller's active deal, with its value.
        const linked = await readDeal(mine.id!);
        await expectReferral(ctx, linked, 'Active/Accepted', (r) => r.status === 'Active', linked.lastSyncedAt);
        assert.equal(await pcStatus(ctx, referral.id), 'Active/Accepted');
        const partnerSide = (await ctx.world.microsoft!.referrals()).filter(
            (r) => r.owner === 'partner' && r.referral.engagementId === referral.engagementId
        );
        assert.equal(partnerSide.length, 1, 'no second partner referral');
        assert.equal(partnerSide[0]!.referral.details?.dealValue, 75000, "the seller's deal value went out");
    }
};

/** The partner's referrals in the emulator whose external reference is one of `opportunityIds`. */
async function partnerReferralsOf(ctx: Context, opportunityIds: string[]): Promise<Referral[]> {
    return (await ctx.world.microsoft!.referrals())
        .filter((r) => r.owner === 'partner' && opportunityIds.includes(r.referral.externalReferenceId ?? ''))
        .map((r) => r.referral);
}

const sharedFromListView: Scenario = {
    name: 'the seller shares three opportunities from the list view: two referrals, the third says what is missing',
    needs: ['microsoft', 'localOrg'],
    async run(ctx) {
        const first = await newDeal(ctx, { label: 'E2E list Alpine', amount: 50000 });
        const second = await newDeal(ctx, { label: 'E2E list Tailspin', amount: 60000 });
        // The co-sell rules want a two-letter customer country: "Germany" is what the seller must fix.
        const unclear = await newDeal(ctx, { label: 'E2E list Contoso', amount: 70000, country: 'Germany' });
        const notTicked = await newDeal(ctx, { label: 'E2E list Wide World', amount: 80000 });
        const ids = [first, second, unclear, notTicked].map((d) => d.id!);
        await ctx.world.settle!();
        const partnerBefore = (await ctx.world.microsoft!.referrals()).filter((r) => r.owner === 'partner').length;
        const view = (d: Opportunity): unknown[] => [
            d.id,
            d.name,
            d.stageName,
            d.amount,
            d.syncWithPartnerCenter,
            d.syncStatus,
            d.referralId,
            d.lastSyncError,
            d.lastSyncedAt
        ];
        const untouched = [await readDeal(unclear.id!), await readDeal(notTicked.id!)];

        const page = ctx.world.openListPage!('CoSellShareWithMicrosoft', ids, ids.slice(0, 3));
        assert.equal(page.value('selectedCount'), 3);
        assert.equal(page.value('done'), false, 'the page asks first');
        assert.equal((await readDeal(first.id!)).syncWithPartnerCenter, false, 'nothing is shared on opening');
        page.press('share');

        assert.equal(page.value('done'), true);
        assert.equal(page.value('error'), null);
        const rows = page.value('rows') as { recordId: string; name: string; outcome: string; message: string }[];
        assert.deepEqual(
            rows.map((r) => [r.recordId, r.name, r.outcome]),
            [
                [first.id, first.name, 'Shared'],
                [second.id, second.name, 'Shared'],
                [unclear.id, unclear.name, 'Not shared']
            ]
        );
        assert.equal(rows[0]!.message, null);
        assert.equal(
            rows[2]!.message,
            'Set the customer\'s country to a two-letter ISO code such as US or CZ (it is now "Germany").',
            'the seller reads what is missing'
        );

        // Partner Center: one referral for each shared opportunity, with its values.
        for (const deal of [first, second]) {
            const synced = await ctx.waitFor(
                `the referral of "${deal.name}"`,
                async () => {
                    const d = await readDeal(deal.id!);
                    return d.referralId && d.syncStatus === 'Synced' ? d : undefined;
                },
                'opportunity → referral'
            );
            const referral = await ctx.world.partnerCenter!.getReferral(synced.referralId!);
            assert.equal(referral.externalReferenceId, deal.id);
            assert.equal(referral.details?.dealValue, deal.amount);
        }
        await ctx.world.settle!();
        const partnerAfter = (await ctx.world.microsoft!.referrals()).filter((r) => r.owner === 'partner').length;
        assert.equal(partnerAfter - partnerBefore, 2, 'two referrals, nothing else in Partner Center');
        assert.deepEqual(
            (await partnerReferralsOf(ctx, [unclear.id!, notTicked.id!])).map((r) => r.id),
            [],
            'no referral for the unclear or the unticked opportunity'
        );
        // Salesforce: the unclear and the unticked opportunities are as they were, with no sync attempt.
        for (const before of untouched) {
            const after = await readDeal(before.id!);
            assert.deepEqual(view(after), view(before), `"${before.name}" is unchanged`);
            assert.equal(after.syncWithPartnerCenter, false);
            assert.equal(after.referralId, null);
            assert.deepEqual(await syncLogs(before.id!), [], `no sync log for "${before.name}"`);
        }
    }
};

const emailByChoice: Scenario = {
    name: 'Microsoft sends referrals to two owners: the one who chose email gets one, both get the bell notification',
    needs: ['microsoft', 'localOrg'],
    async run(ctx) {
        const wantsEmail = await newSeller(ctx, 'mailyes');
        const bellOnly = await newSeller(ctx, 'mailno');
        // An admin routes French referrals to one seller and Spanish ones to the other (Setup, custom metadata) and
        // turns email on for the first (the hierarchy custom setting's row for that user, as Setup > Custom
        // Settings > Manage does; the seller can do the same on the panel).
        for (const [seller, country] of [
            [wantsEmail, 'FR'],
            [bellOnly, 'ES']
        ] as const) {
            ctx.world.deployCustomMetadata!('Co_Sell_Routing_Rule__mdt', `Route_${country}_${ctx.runId}`, {
                Active__c: 'true',
                Order__c: '20',
                Customer_Countries__c: country,
                Owner_Username__c: seller.username!
            });
        }
        await new NotificationPreference({ setupOwnerId: wantsEmail.id, email: true }).insert();
        await ctx.world.settle!();
        const emailsBefore = ctx.world.sentEmails!().length;
        const notificationsBefore = ctx.world.sentNotifications!().length;

        const { deal: french } = await referralOnHold(ctx, 'E2E Mail Lyon', 'FR');
        const { deal: spanish } = await referralOnHold(ctx, 'E2E Mail Sevilla', 'ES');
        assert.equal(french.ownerId, wantsEmail.id, 'routed to the seller who chose email');
        assert.equal(spanish.ownerId, bellOnly.id, 'routed to the seller who did not');
        await ctx.world.settle!();

        const emails = ctx.world.sentEmails!().slice(emailsBefore);
        assert.deepEqual(
            emails.map((e) => [e.to, e.toAddress, e.subject]),
            [[wantsEmail.id, wantsEmail.email, 'Microsoft sent a referral']],
            'one email, to the owner who chose email; none to the other'
        );
        assert.equal(
            emails[0]!.body,
            `Accept or decline: ${french.name}\n\nYou receive this email because you chose email notifications for ` +
                'Microsoft co-sell. Turn them off in the Microsoft section of any opportunity.'
        );
        const bell = ctx.world.sentNotifications!()
            .slice(notificationsBefore)
            .filter((n) => n.type === 'Co_Sell_Referral_Update');
        assert.deepEqual(
            bell.map((n) => [n.recipients, n.title, n.body, n.targetId]),
            [
                [[wantsEmail.id], 'Microsoft sent a referral', `Accept or decline: ${french.name}`, french.id],
                [[bellOnly.id], 'Microsoft sent a referral', `Accept or decline: ${spanish.name}`, spanish.id]
            ],
            'each owner gets the bell notification about their own referral'
        );
    }
};

/** The texts of the screen a flow shows, by component: what the user reads (HTML tags dropped). */
function screenTexts(run: FlowRun): Record<string, string> {
    assert.ok(run.screen, 'a screen is shown');
    return Object.fromEntries(run.screen.components.map((c) => [c.name, c.text.replace(/<[^>]+>/g, '')]));
}

const SAVED = 'Saved. The change is on its way to Partner Center.';
const NOT_ON_HOLD = 'This opportunity has no referral from Microsoft waiting for an answer.';

const acceptOnMobile: Scenario = {
    name: 'the seller accepts a referral with the mobile quick action (screen flow): Partner Center shows it accepted',
    needs: ['microsoft', 'localOrg'],
    async run(ctx) {
        const { referral, deal } = await referralOnHold(ctx, 'E2E mobile accept');
        const run = ctx.world.runQuickAction!('Opportunity.Accept_Referral_Mobile', deal.id!);
        assert.equal(run.screen?.name, 'Confirm');
        assert.deepEqual(screenTexts(run), {
            Confirmation:
                'Accept this referral? The opportunity moves to the active stage and Partner Center shows it accepted.'
        });
        assert.equal((await readDeal(deal.id!)).stageName, ctx.settings.onHoldStage, 'nothing changes before Next');
        run.next();
        assert.equal(run.screen?.name, 'Done');
        assert.deepEqual(screenTexts(run), { Outcome: SAVED });
        run.next();
        assert.equal(run.finished, true);
        assert.equal((await readDeal(deal.id!)).stageName, ctx.settings.activeStage);
        await expectReferral(ctx, deal, 'Active/Accepted', (r) => r.status === 'Active', deal.lastSyncedAt);
        assert.equal(await pcStatus(ctx, referral.id), 'Active/Accepted');
    }
};

const declineOnMobile: Scenario = {
    name: 'the seller declines a referral with the mobile quick action, giving a reason: Partner Center shows it declined',
    needs: ['microsoft', 'localOrg'],
    async run(ctx) {
        const { referral, deal } = await referralOnHold(ctx, 'E2E mobile decline');
        const run = ctx.world.runQuickAction!('Opportunity.Decline_Referral_Mobile', deal.id!);
        assert.equal(run.screen?.name, 'Confirm');
        assert.deepEqual(
            run.screen.components.map((c) => [c.name, c.type, c.text, c.required]),
            [['Reason', 'LargeTextArea', 'Why do you decline?', true]]
        );
        assert.throws(() => run.next({ Reason: ' ' }), /Reason is required/, 'the reason is required');
        assert.equal(run.screen?.name, 'Confirm', 'the screen stays');
        run.next({ Reason: 'No budget this year' });
        assert.deepEqual(screenTexts(run), { Outcome: SAVED });
        run.next();
        assert.equal(run.finished, true);
        await expectDeclined(ctx, deal, referral.id, 'No budget this year');
    }
};

const mobileWithoutReferral: Scenario = {
    name: 'the mobile quick actions on a deal with no referral waiting show why and change nothing',
    needs: ['localOrg'],
    async run(ctx) {
        const deal = await newDeal(ctx, { label: 'E2E mobile nothing', amount: 40000 });
        for (const action of ['Opportunity.Accept_Referral_Mobile', 'Opportunity.Decline_Referral_Mobile']) {
            const run = ctx.world.runQuickAction!(action, deal.id!);
            assert.equal(run.screen?.name, 'Done', `${action} goes straight to its last screen`);
            assert.deepEqual(screenTexts(run), { Outcome: NOT_ON_HOLD });
            assert.equal(run.screen.hasNext, false, 'Finish only');
            run.next();
            assert.equal(run.finished, true);
        }
        const after = await readDeal(deal.id!);
        assert.deepEqual(
            [after.stageName, after.syncWithPartnerCenter, after.referralId],
            [ctx.settings.activeStage, false, null]
        );
        assert.deepEqual(await syncLogs(deal.id!), []);
    }
};

const leadOnMobile: Scenario = {
    name: 'the seller answers two lead referrals with the mobile quick actions: one accepted, one declined with a reason',
    needs: ['microsoft', 'localOrg'],
    async run(ctx) {
        const { setSetting, microsoft } = ctx.world;
        await setSetting!('Co_Sell_Only__c', false);
        try {
            const leadOf = async (label: string): Promise<{ referral: Referral; leadId: string }> => {
                const referral = await microsoft!.sendReferral({
                    name: `${label} ${ctx.runId}`,
                    customerName: `${label} ${ctx.runId} Ltd`,
                    country: 'US',
                    dealValue: 15000,
                    type: 'Independent'
                });
                const lead = await ctx.waitFor(
                    `the Lead of referral ${referral.id}`,
                    async () =>
                        (
                            await Lead.retrieve((f) => ({
                                select: [f.select('id')],
                                where: [{ field: f.select('referralId'), op: '=', val: referral.id }]
                            }))
                        )[0],
                    'webhook → opportunity'
                );
                return { referral, leadId: lead.id! };
            };
            const kept = await leadOf('E2E mobile lead Adventure');
            const refused = await leadOf('E2E mobile lead Blue Yonder');

            const accept = ctx.world.runQuickAction!('Lead.Accept_Referral_Mobile', kept.leadId);
            assert.deepEqual(screenTexts(accept), {
                Confirmation:
                    'Accept this lead from Microsoft? Partner Center shows it accepted; convert the lead when you ' +
                    'are ready and the referral moves to the new opportunity.'
            });
            accept.next();
            assert.deepEqual(screenTexts(accept), { Outcome: SAVED });
            accept.next();

            const decline = ctx.world.runQuickAction!('Lead.Decline_Referral_Mobile', refused.leadId);
            decline.next({ Reason: 'Outside our region' });
            assert.deepEqual(screenTexts(decline), { Outcome: SAVED });
            decline.next();
            assert.equal(decline.finished, true);

            await ctx.waitFor(
                'Partner Center: the kept lead accepted',
                async () => (await pcStatus(ctx, kept.referral.id)) === 'Active/Accepted',
                'opportunity → referral'
            );
            const declined = await ctx.waitFor(
                'Partner Center: the other lead declined',
                async () => {
                    const r = await ctx.world.partnerCenter!.getReferral(refused.referral.id);
                    return r.status === 'Closed' ? r : undefined;
                },
                'opportunity → referral'
            );
            assert.equal(`${declined.status}/${declined.substatus}`, 'Closed/Declined');
            assert.equal(declined.statusReason, 'Outside our region');
        } finally {
            await setSetting!('Co_Sell_Only__c', true);
        }
    }
};

export const SCENARIOS: Scenario[] = [
    sellerShares,
    microsoftSends,
    accept,
    foreignCurrency,
    leadConverted,
    decline,
    wonAndLost,
    microsoftJoins,
    solutions,
    visibility,
    missedWebhook,
    throttled,
    staleETag,
    routedToQueue,
    linkedToOpenDeal,
    sharedFromListView,
    emailByChoice,
    acceptOnMobile,
    declineOnMobile,
    mobileWithoutReferral,
    leadOnMobile
];
