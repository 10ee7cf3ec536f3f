import { LightningElement, api } from 'lwc';
import previewOpportunity from '@salesforce/apex/CoSellAdminController.previewOpportunity';
import previewReferral from '@salesforce/apex/CoSellAdminController.previewReferral';
import TITLE from '@salesforce/label/c.CoSell_Admin_Preview_Title';
import OPPORTUNITY from '@salesforce/label/c.CoSell_Admin_Preview_Opportunity';
import RUN from '@salesforce/label/c.CoSell_Admin_Preview_Run';
import CREATE from '@salesforce/label/c.CoSell_Admin_Preview_Create';
import UPDATE from '@salesforce/label/c.CoSell_Admin_Preview_Update';
import UNCHANGED from '@salesforce/label/c.CoSell_Admin_Preview_Unchanged';
import CLOSED from '@salesforce/label/c.CoSell_Admin_Preview_Closed';
import PROBLEMS from '@salesforce/label/c.CoSell_Admin_Preview_Problems';
import NO_PROBLEMS from '@salesforce/label/c.CoSell_Admin_Preview_No_Problems';
import REFERRAL from '@salesforce/label/c.CoSell_Admin_Preview_Referral';
import REFERRAL_RUN from '@salesforce/label/c.CoSell_Admin_Preview_Referral_Run';
import REFERRAL_INTRO from '@salesforce/label/c.CoSell_Admin_Preview_Referral_Intro';
import REFERRAL_NOTHING from '@salesforce/label/c.CoSell_Admin_Preview_Referral_Nothing';
import OUTCOMES from '@salesforce/label/c.CoSell_Admin_Preview_Outcomes';
import REFERRAL_PROBLEMS from '@salesforce/label/c.CoSell_Admin_Preview_Referral_Problems';
import FIELD from '@salesforce/label/c.CoSell_Admin_Preview_Field';
import BEFORE from '@salesforce/label/c.CoSell_Admin_Preview_Before';
import AFTER from '@salesforce/label/c.CoSell_Admin_Preview_After';
import OP_CREATE from '@salesforce/label/c.CoSell_Admin_Preview_Op_Create';
import OP_UPDATE from '@salesforce/label/c.CoSell_Admin_Preview_Op_Update';
import OP_DELETE from '@salesforce/label/c.CoSell_Admin_Preview_Op_Delete';
import { errorMessage } from 'c/coSellTypes';

export interface Preview {
    mode: 'create' | 'update' | 'unchanged' | 'closed';
    body: string;
    problems: string[];
}

/** One value the sync would write (CoSellReferralPreview.FieldValue). */
export interface FieldValue {
    field: string;
    label: string;
    before?: string | null;
    after?: string | null;
    changed: boolean;
}

/** One record the sync would create, update or delete (CoSellReferralPreview.RecordWrite). */
export interface RecordWrite {
    operation: 'create' | 'update' | 'delete';
    objectName: string;
    objectLabel: string;
    recordId?: string | null;
    recordName?: string | null;
    fields: FieldValue[];
}

/** What the sync would write for a referral (CoSellReferralPreview.Result). */
export interface ReferralPreview {
    referralId: string;
    outcomes: string[];
    writes: RecordWrite[];
    problems: string[];
}

const OPERATIONS: Record<RecordWrite['operation'], { label: string; icon: string }> = {
    create: { label: OP_CREATE, icon: 'utility:new' },
    update: { label: OP_UPDATE, icon: 'utility:edit' },
    delete: { label: OP_DELETE, icon: 'utility:delete' }
};

const SENTENCES: Record<Preview['mode'], string> = {
    create: CREATE,
    update: UPDATE,
    unchanged: UNCHANGED,
    closed: CLOSED
};

/**
 * Shows what the next sync of an opportunity would send (the POST body or the JSON Patch operations) and the rules
 * it breaks, without sending; `maps` (JSON of field map rows) previews mappings not saved yet. For a referral id,
 * shows what the sync would write to which records (new ones by name, existing ones with their value now and the
 * value to be), what it would skip and the problems it would meet, without writing.
 */
export default class CoSellPreview extends LightningElement {
    @api maps?: string;
    label = {
        TITLE,
        OPPORTUNITY,
        RUN,
        PROBLEMS,
        NO_PROBLEMS,
        REFERRAL,
        REFERRAL_RUN,
        REFERRAL_INTRO,
        REFERRAL_NOTHING,
        OUTCOMES,
        REFERRAL_PROBLEMS,
        FIELD,
        BEFORE,
        AFTER
    };
    opportunityId = '';
    preview?: Preview;
    error?: string;
    busy = false;
    referralId = '';
    referralPreview?: ReferralPreview;
    referralError?: string;
    referralBusy = false;

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

    get hasWrites(): boolean {
        return (this.referralPreview?.writes.length ?? 0) > 0;
    }

    get hasOutcomes(): boolean {
        return (this.referralPreview?.outcomes.length ?? 0) > 0;
    }

    get hasReferralProblems(): boolean {
        return (this.referralPreview?.problems.length ?? 0) > 0;
    }

    /** The planned writes with a key, the operation in words and an icon, and whether to show the value now. */
    get writeRows(): Array<
        RecordWrite & { key: string; operationLabel: string; icon: string; isUpdate: boolean; title: string }
    > {
        return (this.referralPreview?.writes ?? []).map((w, index) => ({
            ...w,
            key: `${index}`,
            operationLabel: OPERATIONS[w.operation].label,
            icon: OPERATIONS[w.operation].icon,
            isUpdate: w.operation === 'update',
            title: [w.objectLabel, w.recordName, w.recordId ? `(${w.recordId})` : ''].filter(Boolean).join(' ')
        }));
    }

    handleReferralChange(event: CustomEvent<{ value: string }>): void {
        this.referralId = (event.detail?.value ?? '').trim();
    }

    async handleReferralPreview(): Promise<void> {
        this.referralBusy = true;
        this.referralError = undefined;
        try {
            this.referralPreview = (await previewReferral({ referralId: this.referralId })) as ReferralPreview;
        } catch (e) {
            this.referralPreview = undefined;
            this.referralError = errorMessage(e);
        } finally {
            this.referralBusy = false;
        }
    }
}
