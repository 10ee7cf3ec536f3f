trigger ReferralContactTrigger on Referral_Contact__c(before insert, before update) {
    OpportunityChildren.requireOpportunity(Trigger.new);
}
