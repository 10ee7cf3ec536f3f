/**
 * Inbound row locks (issue 24, item 2) on the local world: Partner Center changes two referrals, and the
 * opportunity of one of them is locked (LocalOrg.lockRowForJobs: a seller saving it while the sync's job writes)
 * when the org brings the changes in:
 * - by a poll (the reconciliation reads both on one page): the poll ended with an uncaught DmlException before;
 * - by one InboundSync job carrying both referrals: the job rolled back both and retried both before.
 * Now the other referral is written at once, the locked one is logged Retrying and written by the next try, and
 * no job ends with an uncaught exception. Since apexrt models the lock for a FOR UPDATE query too (issue 24,
 * item 5), the lock is met first by the writer's FOR UPDATE read, as a QueryException that names no record:
 * before InboundBatchWrite found the locked referral by halving, both paths ended with that uncaught exception.
 */
import { SoakWorld } from './soak-world';

export interface RowLockReport {
    /** Per path (poll, inbound job): what happened to the two referrals. */
    paths: Record<string, RowLockPath>;
}

export interface RowLockPath {
    /** Injected locks the org's jobs met. */
    locksMet: number;
    /** Uncaught exceptions of async jobs meanwhile (must be 0). */
    asyncErrors: string[];
    /** The locked deal: its log outcomes in order ("Retrying/1 UNABLE_TO_LOCK_ROW", "Success/2"), its final notes. */
    locked: { logs: string[]; arrived: boolean };
    /** The other deal: its log outcomes in order, its final notes. */
    other: { logs: string[]; arrived: boolean };
}

interface LogRow {
    Id: string;
    Referral_Id__c: string;
    Operation__c: string;
    Outcome__c: string;
    Attempt__c: number;
    Error_Code__c: string | null;
}

export async function runRowLockChecks(world: SoakWorld): Promise<RowLockReport> {
    const report: RowLockReport = { paths: {} };
    await world.control('DELETE', '/faults');
    await world.settle();
    const org = world.org;
    const apex = (source: string): void => world.apex(source);
    // The live poll chain (when the soak before started it) would bring the edits in at a moment of its own: it is
    // paused (a chain whose start is not the state's stops at its next job) and started again at the end. The start
    // and the last poll are set to now: with an old start (it was the epoch) the chain looked stopped, and the
    // sync's next event batch started a new one (ReferralPoller.restartIfStopped) — or the watchdog did — which
    // then polled the deals at moments of its own, before or after the lock (the checks failed now and then).
    apex(
        'Co_Sell_State__c s = CoSellState.orgDefaults(); s.Poll_Chain_Started__c = System.now(); s.Last_Poll_At__c = System.now(); upsert s;'
    );
    const deals: Array<{ id: string; referralId: string }> = [];
    for (const name of ['Row lock A', 'Row lock B']) deals.push({ id: await world.shareNewDeal(name), referralId: '' });
    await world.settle();
    for (const deal of deals) {
        const [o] = await world.query<{ Referral_Id__c: string }>(
            `SELECT Referral_Id__c FROM Opportunity WHERE Id = '${deal.id}'`
        );
        if (!o.Referral_Id__c) throw new Error(`${deal.id} was not shared`);
        deal.referralId = o.Referral_Id__c;
    }
    const [locked, other] = deals;
    const logIds = async (): Promise<Set<string>> =>
        new Set(
            (
                await world.query<{ Id: string }>(
                    `SELECT Id FROM Sync_Log__c WHERE Referral_Id__c IN ('${locked.referralId}', '${other.referralId}')`
                )
            ).map((r) => r.Id)
        );

    /** Partner Center edits both referrals (their webhooks lost), then `bringIn` runs with deal A locked once. */
    const scenario = async (path: string, bringIn: () => Promise<void>): Promise<void> => {
        const before = await logIds();
        const errorsBefore = org.async.errors.length;
        const locksBefore = org.rowLocksMet;
        await world.control('POST', '/faults', { kind: 'webhook-drop', count: 2 });
        const notes = `changed in Partner Center (${path})`;
        for (const deal of deals) {
            const edit = await world.pc('PATCH', `/v1.0/engagements/referrals/${deal.referralId}`, [
                { op: 'replace', path: '/details/notes', value: notes }
            ]);
            if (edit.status >= 300) throw new Error(`Partner Center edit failed: ${edit.status}`);
        }
        await world.settle();
        org.lockRowForJobs(locked.id, 1);
        await bringIn();
        await world.settle();
        // A poll's next read waits as standing work (settle does not wait for it): it runs now, its delay cut short.
        for (let i = 0; i < 5 && org.async.fireStanding(org) > 0; i++) await world.settle();
        const logs = (
            await world.query<LogRow>(
                `SELECT Id, Referral_Id__c, Operation__c, Outcome__c, Attempt__c, Error_Code__c FROM Sync_Log__c WHERE Referral_Id__c IN ('${locked.referralId}', '${other.referralId}') AND Operation__c = 'Update opportunity' ORDER BY CreatedDate, Id`
            )
        ).filter((l) => !before.has(l.Id));
        const outcomes = (referralId: string): string[] =>
            logs
                .filter((l) => l.Referral_Id__c === referralId)
                .map((l) => `${l.Outcome__c}/${l.Attempt__c}${l.Error_Code__c ? ` ${l.Error_Code__c}` : ''}`);
        const arrived = async (id: string): Promise<boolean> =>
            (await world.query<{ Description: string }>(`SELECT Description FROM Opportunity WHERE Id = '${id}'`))[0]
                .Description === notes;
        report.paths[path] = {
            locksMet: org.rowLocksMet - locksBefore,
            asyncErrors: org.async.errors.slice(errorsBefore),
            locked: { logs: outcomes(locked.referralId), arrived: await arrived(locked.id) },
            other: { logs: outcomes(other.referralId), arrived: await arrived(other.id) }
        };
    };

    await scenario('poll', async () => {
        const r = await world.aura<{ ok: boolean }>('CoSellSetupController', 'runReconciliation', {});
        if (r.status !== 200 || !r.body.ok) throw new Error(`reconciliation did not start: ${JSON.stringify(r.body)}`);
    });
    await scenario('inbound job', async () =>
        apex(
            `InboundSync.enqueue(new Map<String, String>{ '${locked.referralId}' => 'referral-updated', '${other.referralId}' => 'referral-updated' }, 'Inbound');`
        )
    );
    apex('ReferralPoller.startChain(CoSellState.orgDefaults());');
    return report;
}
