import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import LightningConfirm from 'lightning/confirm';
import getPanelState from '@salesforce/apex/CoSellPanelController.getPanelState';
import saveSharing from '@salesforce/apex/CoSellPanelController.saveSharing';
import acceptReferral from '@salesforce/apex/CoSellPanelController.acceptReferral';
import declineReferral from '@salesforce/apex/CoSellPanelController.declineReferral';
import syncNow from '@salesforce/apex/CoSellPanelController.syncNow';
import linkReferral from '@salesforce/apex/CoSellPanelController.linkReferral';
import keepAsNewOpportunity from '@salesforce/apex/CoSellPanelController.keepAsNewOpportunity';
import saveEmailChoice from '@salesforce/apex/CoSellPanelController.saveEmailChoice';
import TITLE from '@salesforce/label/c.CoSell_Panel_Title';
import SYNCED from '@salesforce/label/c.CoSell_Status_Synced';
import PENDING from '@salesforce/label/c.CoSell_Status_Pending';
import FAILED from '@salesforce/label/c.CoSell_Status_Failed';
import NOT_SYNCED from '@salesforce/label/c.CoSell_Status_Not_Synced';
import SYNC_TOGGLE from '@salesforce/label/c.CoSell_Sync_Toggle';
import HELP from '@salesforce/label/c.CoSell_Help_Label';
import HELP_NOTES from '@salesforce/label/c.CoSell_Help_Notes_Label';
import VISIBLE from '@salesforce/label/c.CoSell_Visible_Label';
import VISIBLE_CONFIRM from '@salesforce/label/c.CoSell_Visible_Confirm';
import VISIBLE_CONFIRM_TITLE from '@salesforce/label/c.CoSell_Visible_Confirm_Title';
import SAVE from '@salesforce/label/c.CoSell_Save';
import SAVED from '@salesforce/label/c.CoSell_Saved';
import SYNC_NOW from '@salesforce/label/c.CoSell_Sync_Now';
import SYNC_QUEUED from '@salesforce/label/c.CoSell_Sync_Queued';
import ACCEPT from '@salesforce/label/c.CoSell_Accept';
import DECLINE from '@salesforce/label/c.CoSell_Decline';
import DECLINE_REASON from '@salesforce/label/c.CoSell_Decline_Reason';
import DECLINE_CONFIRM from '@salesforce/label/c.CoSell_Decline_Confirm';
import CANCEL from '@salesforce/label/c.CoSell_Cancel';
import REFERRAL_LINK from '@salesforce/label/c.CoSell_Referral_Link';
import REFERRAL_STATUS from '@salesforce/label/c.CoSell_Referral_Status';
import MICROSOFT_STATUS from '@salesforce/label/c.CoSell_Microsoft_Status';
import MICROSOFT_SELLERS from '@salesforce/label/c.CoSell_Microsoft_Sellers';
import LAST_SYNCED from '@salesforce/label/c.CoSell_Last_Synced';
import ERROR_TITLE from '@salesforce/label/c.CoSell_Error_Title';
import MATCH_NOTICE from '@salesforce/label/c.CoSell_Match_Notice';
import MATCH_LINK from '@salesforce/label/c.CoSell_Match_Link';
import MATCH_CREATE_NEW from '@salesforce/label/c.CoSell_Match_Create_New';
import MATCH_LINKED from '@salesforce/label/c.CoSell_Match_Linked';
import EMAIL_NOTIFICATIONS from '@salesforce/label/c.CoSell_Email_Notifications';
import type { PanelState } from 'c/coSellTypes';
import { errorMessage } from 'c/coSellTypes';

const STATUS_TEXT: Record<string, string> = { Synced: SYNCED, Pending: PENDING, Failed: FAILED };

/** The Microsoft section of the Opportunity page: sync state, sharing with Microsoft, accept/decline. */
export default class CoSellPanel extends LightningElement {
    @api recordId?: string;

    label = {
        TITLE,
        SYNC_TOGGLE,
        HELP,
        HELP_NOTES,
        VISIBLE,
        SAVE,
        SYNC_NOW,
        ACCEPT,
        DECLINE,
        DECLINE_REASON,
        DECLINE_CONFIRM,
        CANCEL,
        REFERRAL_LINK,
        REFERRAL_STATUS,
        MICROSOFT_STATUS,
        MICROSOFT_SELLERS,
        LAST_SYNCED,
        MATCH_LINK,
        MATCH_CREATE_NEW,
        EMAIL_NOTIFICATIONS
    };
    state?: PanelState;
    error?: string;
    busy = false;
    declining = false;
    declineReason = '';
    /** The opportunity the referral was linked to (this record no longer exists then). */
    linkedTo?: { id: string; name: string };
    draft: {
        syncEnabled: boolean;
        microsoftHelp: string | null;
        microsoftHelpNotes: string | null;
        visibleToMicrosoft: boolean;
    } = { syncEnabled: false, microsoftHelp: null, microsoftHelpNotes: null, visibleToMicrosoft: false };
    private wired?: unknown;

    @wire(getPanelState, { opportunityId: '$recordId' })
    wiredState(result: { data?: PanelState; error?: unknown }): void {
        this.wired = result;
        if (result.data) {
            this.state = result.data;
            this.error = undefined;
            this.draft = {
                syncEnabled: result.data.syncEnabled,
                microsoftHelp: result.data.microsoftHelp,
                microsoftHelpNotes: result.data.microsoftHelpNotes,
                visibleToMicrosoft: result.data.visibleToMicrosoft
            };
        } else if (result.error) {
            this.error = errorMessage(result.error);
        }
    }

    get statusText(): string {
        return STATUS_TEXT[this.state?.syncStatus ?? ''] ?? NOT_SYNCED;
    }

    get statusClass(): string {
        const status = this.state?.syncStatus;
        return `slds-text-title_bold ${status === 'Failed' ? 'slds-text-color_error' : status === 'Synced' ? 'slds-text-color_success' : ''}`;
    }

    get showError(): boolean {
        return this.state?.syncStatus === 'Failed' && !!this.state.lastSyncError;
    }

    get readOnly(): boolean {
        return !this.state?.canEdit || this.busy;
    }

    /** Visibility to Microsoft sellers cannot be taken back once saved. */
    get visibleLocked(): boolean {
        return this.readOnly || this.state?.visibleToMicrosoft === true;
    }

    /** "This looks like your opportunity X": the referral may belong on the seller's existing deal. */
    get matchNotice(): string | undefined {
        const name = this.state?.matchedOpportunityName;
        return this.state?.matchedOpportunityId && name ? MATCH_NOTICE.replace('{0}', name) : undefined;
    }

    get matchedUrl(): string {
        return `/lightning/r/Opportunity/${this.state?.matchedOpportunityId ?? ''}/view`;
    }

    get linkedNotice(): string {
        return MATCH_LINKED.replace('{0}', this.linkedTo?.name ?? '');
    }

    get linkedUrl(): string {
        return `/lightning/r/Opportunity/${this.linkedTo?.id ?? ''}/view`;
    }

    get hasSellers(): boolean {
        return (this.state?.microsoftSellers.length ?? 0) > 0;
    }

    handleSyncToggle(event: CustomEvent): void {
        this.draft = { ...this.draft, syncEnabled: (event.target as HTMLInputElement).checked };
    }

    handleHelp(event: CustomEvent<{ value: string }>): void {
        this.draft = { ...this.draft, microsoftHelp: event.detail.value };
    }

    handleNotes(event: CustomEvent): void {
        this.draft = { ...this.draft, microsoftHelpNotes: (event.target as HTMLInputElement).value };
    }

    /** The seller's own choice, saved at once: co-sell notifications also by email. */
    async handleEmailChoice(event: CustomEvent): Promise<void> {
        const emailNotifications = (event.target as HTMLInputElement).checked;
        await this.run(() => saveEmailChoice({ emailNotifications }), SAVED);
    }

    handleVisible(event: CustomEvent): void {
        this.draft = { ...this.draft, visibleToMicrosoft: (event.target as HTMLInputElement).checked };
    }

    async handleSave(): Promise<void> {
        if (this.draft.visibleToMicrosoft && !this.state?.visibleToMicrosoft) {
            const confirmed = await LightningConfirm.open({
                message: VISIBLE_CONFIRM,
                label: VISIBLE_CONFIRM_TITLE,
                variant: 'header'
            });
            if (!confirmed) return;
        }
        await this.run(() => saveSharing({ opportunityId: this.recordId, ...this.draft }), SAVED);
    }

    async handleSyncNow(): Promise<void> {
        await this.run(() => syncNow({ opportunityId: this.recordId }), SYNC_QUEUED);
    }

    async handleAccept(): Promise<void> {
        await this.run(() => acceptReferral({ opportunityId: this.recordId }), SAVED);
    }

    /** Moves the referral onto the matched opportunity; this one is deleted, so the panel points there. */
    async handleLink(): Promise<void> {
        const name = this.state?.matchedOpportunityName ?? '';
        this.busy = true;
        try {
            const id = (await linkReferral({ opportunityId: this.recordId })) as string;
            this.linkedTo = { id, name };
            this.state = undefined;
            this.dispatchEvent(new ShowToastEvent({ title: this.linkedNotice, message: '', variant: 'success' }));
        } catch (e) {
            this.dispatchEvent(new ShowToastEvent({ title: ERROR_TITLE, message: errorMessage(e), variant: 'error' }));
        } finally {
            this.busy = false;
        }
    }

    async handleKeepNew(): Promise<void> {
        await this.run(() => keepAsNewOpportunity({ opportunityId: this.recordId }), SAVED);
    }

    handleDeclineStart(): void {
        this.declining = true;
    }

    handleDeclineCancel(): void {
        this.declining = false;
        this.declineReason = '';
    }

    handleDeclineReason(event: CustomEvent): void {
        this.declineReason = (event.target as HTMLInputElement).value;
    }

    async handleDeclineConfirm(): Promise<void> {
        const reason = this.template?.querySelector<HTMLInputElement & { reportValidity(): boolean }>(
            'lightning-textarea.decline-reason'
        );
        if (!this.declineReason.trim()) {
            reason?.reportValidity();
            return;
        }
        const ok = await this.run(
            () => declineReferral({ opportunityId: this.recordId, reason: this.declineReason }),
            SAVED
        );
        if (ok) this.handleDeclineCancel();
    }

    private async run(action: () => Promise<unknown>, success: string): Promise<boolean> {
        this.busy = true;
        try {
            await action();
            this.dispatchEvent(new ShowToastEvent({ title: success, message: '', variant: 'success' }));
            await refreshApex(this.wired);
            return true;
        } catch (e) {
            this.dispatchEvent(new ShowToastEvent({ title: ERROR_TITLE, message: errorMessage(e), variant: 'error' }));
            return false;
        } finally {
            this.busy = false;
        }
    }
}
