trigger OpportunitySolutionTrigger on Opportunity_Solution__c(
    before insert,
    before update,
    after insert,
    after delete,
    after undelete
) {
    if (Trigger.isBefore) {
        OpportunityChildren.requireOpportunity(Trigger.new);
    } else {
        OpportunitySolutionSyncHandler.handle();
    }
}
