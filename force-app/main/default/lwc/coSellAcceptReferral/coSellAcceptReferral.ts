import { LightningElement, api, wire } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { CloseActionScreenEvent } from 'lightning/actions';
import getPanelState from '@salesforce/apex/CoSellPanelController.getPanelState';
import acceptReferral from '@salesforce/apex/CoSellPanelController.acceptReferral';
import ACCEPT from '@salesforce/label/c.CoSell_Accept';
import ACCEPT_CONFIRM from '@salesforce/label/c.CoSell_Accept_Confirm';
import NOT_ON_HOLD from '@salesforce/label/c.CoSell_Not_On_Hold';
import CANCEL from '@salesforce/label/c.CoSell_Cancel';
import SAVED from '@salesforce/label/c.CoSell_Saved';
import ERROR_TITLE from '@salesforce/label/c.CoSell_Error_Title';
import type { PanelState } from 'c/coSellTypes';
import { errorMessage } from 'c/coSellTypes';

/** The "Accept referral" quick action of the Opportunity page: the panel's Accept, in a modal. */
export default class CoSellAcceptReferral extends LightningElement {
    @api recordId?: string;
    label = { ACCEPT, ACCEPT_CONFIRM, NOT_ON_HOLD, CANCEL };
    state?: PanelState;
    error?: string;
    busy = false;

    @wire(getPanelState, { opportunityId: '$recordId' })
    wiredState(result: { data?: PanelState; error?: unknown }): void {
        if (result.data) this.state = result.data;
        else if (result.error) this.error = errorMessage(result.error);
    }

    get canAccept(): boolean {
        return this.state?.isOnHold === true && this.state.canEdit;
    }

    get notOnHold(): boolean {
        return !!this.state && !this.canAccept;
    }

    get acceptDisabled(): boolean {
        return !this.canAccept || this.busy;
    }

    handleCancel(): void {
        this.dispatchEvent(new CloseActionScreenEvent());
    }

    async handleAccept(): Promise<void> {
        this.busy = true;
        try {
            await acceptReferral({ opportunityId: this.recordId });
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
