import acceptReferral from '@salesforce/apex/CoSellPanelController.acceptReferral';
import acceptLeadReferral from '@salesforce/apex/CoSellLeadController.acceptReferral';
import ACCEPT from '@salesforce/label/c.CoSell_Accept';
import ACCEPT_CONFIRM from '@salesforce/label/c.CoSell_Accept_Confirm';
import LEAD_ACCEPT_CONFIRM from '@salesforce/label/c.CoSell_Lead_Accept_Confirm';
import NOT_ON_HOLD from '@salesforce/label/c.CoSell_Not_On_Hold';
import CANCEL from '@salesforce/label/c.CoSell_Cancel';
import CoSellReferralAction from 'c/coSellReferralAction';

/**
 * The "Accept referral" quick action of the Opportunity page (the panel's Accept, in a modal) and of the Lead page
 * (a referral that arrived as a lead, accepted through CoSellLeadController).
 */
export default class CoSellAcceptReferral extends CoSellReferralAction {
    label = { ACCEPT, CANCEL, NOT_ON_HOLD };

    get confirmText(): string {
        return this.isLead ? LEAD_ACCEPT_CONFIRM : ACCEPT_CONFIRM;
    }

    handleAccept(): Promise<void> {
        return this.answer(
            (leadId) => acceptLeadReferral({ leadId }),
            (opportunityId) => acceptReferral({ opportunityId })
        );
    }
}
