trigger OpportunitySolutionTrigger on Opportunity_Solution__c(
    before insert,
    before update,
    after insert,
    after delete,
    after undelete
) {
    if (Trigger.isBefore) {
        OpportunityChildren.requireOpportunity((List<Opportunity_Solution__c>) Trigger.new);
    } else {
        OpportunitySolutionSyncHandler.handle(
            (List<Opportunity_Solution__c>) (Trigger.isDelete ? Trigger.old : Trigger.new)
        );
    }
}
