import { LightningElement } from 'lwc';
import { query } from '../../../transport';
import { microsoft, settle } from '../../../microsoft';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';

interface Row {
    Id: string;
    Name: string;
    StageName: string;
    Amount: number | null;
    Sync_Status__c: string | null;
    Referral_Id__c: string | null;
    href: string;
}

/** The Opportunities tab: the org's opportunities (REST query) and "Microsoft sends a referral". */
export default class OpportunityList extends LightningElement {
    rows: Row[] = [];
    error?: string;
    busy = false;
    referral = {
        name: 'Northwind – data platform',
        customerName: 'Northwind Traders',
        country: 'US',
        dealValue: 48000
    };

    connectedCallback(): void {
        void this.load();
    }

    async load(): Promise<void> {
        try {
            const records = await query<Row>(
                'SELECT Id, Name, StageName, Amount, Sync_Status__c, Referral_Id__c FROM Opportunity ORDER BY CreatedDate DESC'
            );
            this.rows = records.map((r) => ({ ...r, href: `#/opportunity/${r.Id}` }));
            this.error = undefined;
        } catch (e) {
            this.error = (e as { body?: { message?: string } }).body?.message ?? String(e);
        }
    }

    get isEmpty(): boolean {
        return this.rows.length === 0;
    }

    handleInput(event: Event): void {
        const target = event.target as HTMLInputElement;
        const field = target.dataset.field as keyof OpportunityList['referral'];
        this.referral = { ...this.referral, [field]: field === 'dealValue' ? Number(target.value) : target.value };
    }

    /** Plays a Microsoft seller: the emulator creates the referral and sends the signed webhook to the org. */
    async handleSendReferral(): Promise<void> {
        this.busy = true;
        try {
            await microsoft('referrals', this.referral);
            await settle();
            await this.load();
            this.dispatchEvent(
                new ShowToastEvent({
                    title: 'Microsoft sent a referral',
                    message: `${this.referral.name} is in the org, on hold until you accept it.`,
                    variant: 'success'
                })
            );
        } catch (e) {
            this.dispatchEvent(new ShowToastEvent({ title: 'Microsoft side', message: String(e), variant: 'error' }));
        } finally {
            this.busy = false;
        }
    }

    handleRefresh(): void {
        void this.load();
    }
}
