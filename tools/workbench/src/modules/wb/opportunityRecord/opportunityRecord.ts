import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue, updateRecord, notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import type { RecordUi } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import NAME from '@salesforce/schema/Opportunity.Name';
import STAGE from '@salesforce/schema/Opportunity.StageName';
import AMOUNT from '@salesforce/schema/Opportunity.Amount';
import REFERRAL_ID from '@salesforce/schema/Opportunity.Referral_Id__c';
import SYNC_STATUS from '@salesforce/schema/Opportunity.Sync_Status__c';
import MODIFIED from '@salesforce/schema/Opportunity.LastModifiedDate';
import { API, orgFetch } from '../../../transport';
import { microsoft, settle } from '../../../microsoft';

/** How often the page looks for changes made by the sync (the platform pushes them; here the page asks). */
export const POLL_MS = 1500;

/**
 * The Opportunity record page: the record's stage and amount (read with getRecord, saved with updateRecord), the
 * Microsoft side for this deal (join, decline), and the package's real components in the page's right column.
 * When the record changes underneath (sync, webhook), the package components are mounted again, as a reload would.
 */
export default class OpportunityRecord extends LightningElement {
    @api recordId?: string;

    record?: RecordUi;
    error?: string;
    stage?: string;
    amount?: number | null;
    stageOptions: { label: string; value: string }[] = [];
    msxId = '7-MSX0001';
    declineReason = 'Not in territory';
    busy = false;
    /** One entry, keyed by a counter: changing it re-creates the package components. */
    mounts = [{ key: 1 }];
    private modified?: unknown;
    private timer?: ReturnType<typeof setInterval>;

    @wire(getRecord, { recordId: '$recordId', fields: [NAME, STAGE, AMOUNT, REFERRAL_ID, SYNC_STATUS, MODIFIED] })
    wiredRecord(result: { data?: RecordUi; error?: unknown }): void {
        if (result.error) {
            this.error = (result.error as { body?: { message?: string } }).body?.message ?? String(result.error);
            return;
        }
        if (!result.data) return;
        const modified = getFieldValue(result.data, MODIFIED);
        const first = this.record === undefined;
        this.record = result.data;
        if (first || (!this.busy && modified !== this.modified)) {
            this.stage = getFieldValue(result.data, STAGE) as string;
            this.amount = getFieldValue(result.data, AMOUNT) as number | null;
        }
        if (!first && modified !== this.modified) this.remount();
        this.modified = modified;
    }

    connectedCallback(): void {
        orgFetch('GET', `${API}/sobjects/Opportunity/describe`).then(
            (d) => {
                type Describe = { fields: { name: string; picklistValues: { label: string; value: string }[] }[] };
                const stage = (d as Describe).fields.find((f) => f.name === 'StageName');
                this.stageOptions = (stage?.picklistValues ?? []).map((p) => ({ label: p.label, value: p.value }));
            },
            (e: unknown) => (this.error = (e as { body?: { message?: string } }).body?.message ?? String(e))
        );
        this.timer = setInterval(() => {
            if (this.recordId) void notifyRecordUpdateAvailable([{ recordId: this.recordId }]);
        }, POLL_MS);
    }

    disconnectedCallback(): void {
        clearInterval(this.timer);
    }

    get name(): string {
        return (getFieldValue(this.record, NAME) as string) ?? '';
    }

    get referralId(): string | null {
        return (getFieldValue(this.record, REFERRAL_ID) as string) ?? null;
    }

    get syncStatus(): string {
        return (getFieldValue(this.record, SYNC_STATUS) as string) ?? '—';
    }

    get noReferral(): boolean {
        return !this.referralId || this.busy;
    }

    handleStage(event: CustomEvent<{ value: string }>): void {
        this.stage = event.detail.value;
    }

    handleAmount(event: Event): void {
        const value = (event.target as HTMLInputElement).value;
        this.amount = value === '' ? null : Number(value);
    }

    handleMsxId(event: Event): void {
        this.msxId = (event.target as HTMLInputElement).value;
    }

    handleDeclineReason(event: Event): void {
        this.declineReason = (event.target as HTMLInputElement).value;
    }

    async handleSave(): Promise<void> {
        await this.act('Saved', async () => {
            await updateRecord({ fields: { Id: this.recordId, StageName: this.stage, Amount: this.amount } });
        });
    }

    async handleJoin(): Promise<void> {
        await this.act('Microsoft joined the deal', () =>
            microsoft(`referrals/${this.referralId}/join`, {
                msxId: this.msxId,
                sellers: [{ firstName: 'Maria', lastName: 'Garcia', email: 'maria.garcia@microsoft.example' }]
            })
        );
    }

    async handleDecline(): Promise<void> {
        await this.act('Microsoft declined', () =>
            microsoft(`referrals/${this.referralId}/decline`, { reason: this.declineReason })
        );
    }

    /** Runs an action, waits for the sync it causes, then shows the record and the components afresh. */
    private async act(done: string, action: () => Promise<unknown>): Promise<void> {
        this.busy = true;
        try {
            await action();
            await settle();
            this.dispatchEvent(new ShowToastEvent({ title: done, variant: 'success' }));
        } catch (e) {
            const message = (e as { body?: { message?: string } }).body?.message ?? String(e);
            this.dispatchEvent(new ShowToastEvent({ title: 'Not saved', message, variant: 'error' }));
        } finally {
            this.busy = false;
            if (this.recordId) await notifyRecordUpdateAvailable([{ recordId: this.recordId }]);
            this.remount();
        }
    }

    private remount(): void {
        this.mounts = [{ key: this.mounts[0].key + 1 }];
    }
}
