import { LightningElement, api, wire } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { CloseActionScreenEvent } from 'lightning/actions';
import getPanelState from '@salesforce/apex/CoSellPanelController.getPanelState';
import declineReferral from '@salesforce/apex/CoSellPanelController.declineReferral';
import DECLINE from '@salesforce/label/c.CoSell_Decline';
import DECLINE_REASON from '@salesforce/label/c.CoSell_Decline_Reason';
import NOT_ON_HOLD from '@salesforce/label/c.CoSell_Not_On_Hold';
import CANCEL from '@salesforce/label/c.CoSell_Cancel';
import SAVED from '@salesforce/label/c.CoSell_Saved';
import ERROR_TITLE from '@salesforce/label/c.CoSell_Error_Title';
import type { PanelState } from 'c/coSellTypes';
import { errorMessage } from 'c/coSellTypes';

/** The "Decline referral" quick action of the Opportunity page: a reason, then the panel's Decline. */
export default class CoSellDeclineReferral extends LightningElement {
    @api recordId?: string;
    label = { DECLINE, DECLINE_REASON, NOT_ON_HOLD, CANCEL };
    state?: PanelState;
    error?: string;
    reason = '';
    busy = false;

    @wire(getPanelState, { opportunityId: '$recordId' })
    wiredState(result: { data?: PanelState; error?: unknown }): void {
        if (result.data) this.state = result.data;
        else if (result.error) this.error = errorMessage(result.error);
    }

    get canDecline(): boolean {
        return this.state?.isOnHold === true && this.state.canEdit;
    }

    get notOnHold(): boolean {
        return !!this.state && !this.canDecline;
    }

    get declineDisabled(): boolean {
        return !this.canDecline || this.busy;
    }

    handleReason(event: CustomEvent): void {
        this.reason = (event.target as HTMLInputElement).value;
    }

    handleCancel(): void {
        this.dispatchEvent(new CloseActionScreenEvent());
    }

    async handleDecline(): Promise<void> {
        if (!this.reason.trim()) {
            this.template
                ?.querySelector<HTMLInputElement & { reportValidity(): boolean }>('lightning-textarea.reason')
                ?.reportValidity();
            return;
        }
        this.busy = true;
        try {
            await declineReferral({ opportunityId: this.recordId, reason: this.reason });
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
