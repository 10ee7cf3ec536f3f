trigger OpportunitySolutionTrigger on Opportunity_Solution__c(after insert, after delete, after undelete) {
    OpportunitySolutionSyncHandler.handle();
}
