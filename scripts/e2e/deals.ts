/**
 * What the scenarios build and read in Salesforce, with the generated ts-force classes only: a customer with a
 * contact and a deal (contact role and co-sell solution added in one composite call), the org's co-sell stage
 * settings, an opportunity's sync fields and its audit trail.
 */
import { CompositeCollection, getCalendarDate } from 'ts-force';
import type { Context, OrgSettings } from './harness';
import {
    Account,
    CoSellSetting,
    Contact,
    Opportunity,
    OpportunityContactRole,
    OpportunitySolution,
    PartnerCenterSolution,
    SyncLog
} from './generated';

export async function readSettings(): Promise<OrgSettings> {
    const [setting] = await CoSellSetting.retrieve((f) => ({
        select: f.select('developerName', 'activeStage', 'onHoldStage', 'wonStage', 'lostStage'),
        where: [{ field: 'DeveloperName', op: '=', val: 'Default' }]
    }));
    if (!setting) throw new Error('the org has no Co_Sell_Setting__mdt record Default');
    return {
        activeStage: setting.activeStage!,
        onHoldStage: setting.onHoldStage!,
        wonStage: setting.wonStage!,
        lostStage: setting.lostStage!
    };
}

/** A catalog solution by its Partner Center id, created when the org does not have it yet. */
export async function solution(ctx: Context, solutionId: string, name: string): Promise<PartnerCenterSolution> {
    const [found] = await PartnerCenterSolution.retrieve((f) => ({
        select: f.select(['id', 'solutionId', 'name']),
        where: [{ field: f.select('solutionId'), op: '=', val: solutionId }]
    }));
    if (found) return found;
    const created = new PartnerCenterSolution({ solutionId, name, publisher: 'E2E Consulting', active: true });
    await created.insert();
    ctx.created.push(created);
    return created;
}

export interface DealOptions {
    label: string;
    amount: number;
    country?: string;
    solutionIds?: string[];
}

/** A customer account with one contact and an opportunity in the active stage (sync off). */
export async function newDeal(ctx: Context, options: DealOptions): Promise<Opportunity> {
    const name = `${options.label} ${ctx.runId}`;
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '.');
    const account = new Account({
        name: `${name} customer`,
        billingCountry: options.country ?? 'US',
        billingCity: 'Redmond',
        billingPostalCode: '98052',
        billingStreet: '1 Main St'
    });
    await account.insert();
    ctx.created.push(account);
    const contact = new Contact({
        accountId: account.id,
        firstName: 'Casey',
        lastName: 'Buyer',
        email: `${slug}@customer.example`
    });
    await contact.insert();
    const close = new Date(Date.now() + 60 * 86_400_000);
    const opportunity = new Opportunity({
        name,
        accountId: account.id,
        amount: options.amount,
        stageName: ctx.settings.activeStage,
        closeDate: getCalendarDate(close)
    });
    await opportunity.insert();
    ctx.created.push(opportunity);
    const related: (OpportunityContactRole | OpportunitySolution)[] = [
        new OpportunityContactRole({
            opportunityId: opportunity.id,
            contactId: contact.id,
            role: 'Decision Maker',
            isPrimary: true
        })
    ];
    for (const id of options.solutionIds ?? [ctx.solutionIds[0]]) {
        const s = await solution(ctx, id, `E2E ${id}`);
        related.push(new OpportunitySolution({ opportunityId: opportunity.id, solutionId: s.id }));
    }
    const results = await new CompositeCollection().insert(related, true);
    const failed = results.filter((r) => !r.success);
    if (failed.length) throw new Error(`related records not saved: ${JSON.stringify(failed)}`);
    return opportunity;
}

/** The opportunity's fields the scenarios look at, fresh from the org. */
export async function readDeal(id: string): Promise<Opportunity> {
    const [o] = await Opportunity.retrieve((f) => ({
        select: f.select(
            'id',
            'name',
            'ownerId',
            'stageName',
            'amount',
            'syncWithPartnerCenter',
            'syncStatus',
            'lastSyncError',
            'lastSyncedAt',
            'referralId',
            'referralStatus',
            'referralSubstatus',
            'referralETag',
            'microsoftCrmId',
            'microsoftReferralStatus',
            'visibleToMicrosoft'
        ),
        where: [{ field: 'Id', op: '=', val: id }]
    }));
    if (!o) throw new Error(`opportunity ${id} not found`);
    return o;
}

/** The opportunity that holds a referral, once the org has it. */
export async function dealOfReferral(referralId: string): Promise<Opportunity | undefined> {
    const [o] = await Opportunity.retrieve((f) => ({
        select: [f.select('id')],
        where: [{ field: f.select('referralId'), op: '=', val: referralId }]
    }));
    return o ? readDeal(o.id!) : undefined;
}

export async function syncLogs(opportunityId: string): Promise<SyncLog[]> {
    return SyncLog.retrieve((f) => ({
        select: f.select('operation', 'outcome', 'httpStatus', 'attempt', 'message', 'direction', 'createdDate'),
        where: [{ field: f.select('opportunityId'), op: '=', val: opportunityId }],
        orderBy: { field: f.select('createdDate'), order: 'ASC' }
    }));
}
