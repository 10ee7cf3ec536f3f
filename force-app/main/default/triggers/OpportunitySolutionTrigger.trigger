trigger OpportunitySolutionTrigger on Opportunity_Solution__c(after insert, after delete, after undelete) {
    OpportunitySolutionSyncHandler.handle(
        (List<Opportunity_Solution__c>) (Trigger.isDelete ? Trigger.old : Trigger.new)
    );
}
