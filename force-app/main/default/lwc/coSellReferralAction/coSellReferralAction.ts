import { LightningElement, api, wire } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { CloseActionScreenEvent } from 'lightning/actions';
import getPanelState from '@salesforce/apex/CoSellPanelController.getPanelState';
import SAVED from '@salesforce/label/c.CoSell_Saved';
import ERROR_TITLE from '@salesforce/label/c.CoSell_Error_Title';
import type { PanelState } from 'c/coSellTypes';
import { errorMessage, isLeadId } from 'c/coSellTypes';

/**
 * The base of the Accept and Decline referral quick actions. On an opportunity it reads the panel's state to know
 * whether a referral waits on hold; on a lead it reads nothing (CoSellLeadController refuses a lead with no referral
 * waiting, and that refusal is shown). Answering shows a toast and closes, or shows the server's message and stays.
 */
export default class CoSellReferralAction extends LightningElement {
    state?: PanelState;
    error?: string;
    busy = false;
    /** The record id when it is an opportunity's: a Lead page never asks for the opportunity panel's state. */
    opportunityId?: string;
    private currentId?: string;

    @api
    get recordId(): string | undefined {
        return this.currentId;
    }
    set recordId(value: string | undefined) {
        this.currentId = value;
        this.opportunityId = isLeadId(value) ? undefined : value;
    }

    @wire(getPanelState, { opportunityId: '$opportunityId' })
    wiredState(result: { data?: PanelState; error?: unknown }): void {
        if (result.data) this.state = result.data;
        else if (result.error) this.error = errorMessage(result.error);
    }

    get isLead(): boolean {
        return isLeadId(this.currentId);
    }

    /** Whether the seller may answer here: any lead (the server decides), or an opportunity on hold they may edit. */
    get canAnswer(): boolean {
        return this.isLead || (this.state?.isOnHold === true && this.state.canEdit);
    }

    get notOnHold(): boolean {
        return !!this.state && !this.canAnswer;
    }

    get answerDisabled(): boolean {
        return !this.canAnswer || this.busy;
    }

    handleCancel(): void {
        this.dispatchEvent(new CloseActionScreenEvent());
    }

    /** Sends the answer through the lead's or the opportunity's controller method, then toasts and closes. */
    protected async answer(
        onLead: (leadId?: string) => Promise<unknown>,
        onOpportunity: (opportunityId?: string) => Promise<unknown>
    ): Promise<void> {
        this.busy = true;
        try {
            await (this.isLead ? onLead(this.currentId) : onOpportunity(this.currentId));
            this.dispatchEvent(new ShowToastEvent({ title: SAVED, message: '', variant: 'success' }));
            this.dispatchEvent(new CloseActionScreenEvent());
        } catch (e) {
            this.error = errorMessage(e);
            this.dispatchEvent(new ShowToastEvent({ title: ERROR_TITLE, message: this.error, variant: 'error' }));
        } finally {
            this.busy = false;
        }
    }
}
