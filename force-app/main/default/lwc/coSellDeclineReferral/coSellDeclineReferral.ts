import declineReferral from '@salesforce/apex/CoSellPanelController.declineReferral';
import declineLeadReferral from '@salesforce/apex/CoSellLeadController.declineReferral';
import DECLINE from '@salesforce/label/c.CoSell_Decline';
import DECLINE_REASON from '@salesforce/label/c.CoSell_Decline_Reason';
import NOT_ON_HOLD from '@salesforce/label/c.CoSell_Not_On_Hold';
import CANCEL from '@salesforce/label/c.CoSell_Cancel';
import CoSellReferralAction from 'c/coSellReferralAction';

/**
 * The "Decline referral" quick action of the Opportunity page (a reason, then the panel's Decline) and of the Lead
 * page (a reason, then CoSellLeadController's decline).
 */
export default class CoSellDeclineReferral extends CoSellReferralAction {
    label = { DECLINE, DECLINE_REASON, NOT_ON_HOLD, CANCEL };
    reason = '';

    handleReason(event: CustomEvent): void {
        this.reason = (event.target as HTMLInputElement).value;
    }

    async handleDecline(): Promise<void> {
        if (!this.reason.trim()) {
            this.template
                ?.querySelector<HTMLInputElement & { reportValidity(): boolean }>('lightning-textarea.reason')
                ?.reportValidity();
            return;
        }
        const reason = this.reason;
        await this.answer(
            (leadId) => declineLeadReferral({ leadId, reason }),
            (opportunityId) => declineReferral({ opportunityId, reason })
        );
    }
}
