import { LightningElement, api } from 'lwc';
import previewOpportunity from '@salesforce/apex/CoSellAdminController.previewOpportunity';
import TITLE from '@salesforce/label/c.CoSell_Admin_Preview_Title';
import OPPORTUNITY from '@salesforce/label/c.CoSell_Admin_Preview_Opportunity';
import RUN from '@salesforce/label/c.CoSell_Admin_Preview_Run';
import CREATE from '@salesforce/label/c.CoSell_Admin_Preview_Create';
import UPDATE from '@salesforce/label/c.CoSell_Admin_Preview_Update';
import UNCHANGED from '@salesforce/label/c.CoSell_Admin_Preview_Unchanged';
import CLOSED from '@salesforce/label/c.CoSell_Admin_Preview_Closed';
import PROBLEMS from '@salesforce/label/c.CoSell_Admin_Preview_Problems';
import NO_PROBLEMS from '@salesforce/label/c.CoSell_Admin_Preview_No_Problems';
import { errorMessage } from 'c/coSellTypes';

export interface Preview {
    mode: 'create' | 'update' | 'unchanged' | 'closed';
    body: string;
    problems: string[];
}

const SENTENCES: Record<Preview['mode'], string> = {
    create: CREATE,
    update: UPDATE,
    unchanged: UNCHANGED,
    closed: CLOSED
};

/**
 * Shows what the next sync of an opportunity would send (the POST body or the JSON Patch operations) and the rules
 * it breaks, without sending; `maps` (JSON of field map rows) previews mappings not saved yet.
 */
export default class CoSellPreview extends LightningElement {
    @api maps?: string;
    label = { TITLE, OPPORTUNITY, RUN, PROBLEMS, NO_PROBLEMS };
    opportunityId = '';
    preview?: Preview;
    error?: string;
    busy = false;

    get sentence(): string {
        return this.preview ? SENTENCES[this.preview.mode] : '';
    }

    get hasProblems(): boolean {
        return (this.preview?.problems.length ?? 0) > 0;
    }

    handleIdChange(event: CustomEvent<{ value: string }>): void {
        this.opportunityId = (event.detail?.value ?? '').trim();
    }

    async handlePreview(): Promise<void> {
        this.busy = true;
        this.error = undefined;
        try {
            this.preview = (await previewOpportunity({
                opportunityId: this.opportunityId,
                mapsJson: this.maps ?? null
            })) as Preview;
        } catch (e) {
            this.preview = undefined;
            this.error = errorMessage(e);
        } finally {
            this.busy = false;
        }
    }
}
