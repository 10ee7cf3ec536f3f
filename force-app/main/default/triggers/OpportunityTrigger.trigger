trigger OpportunityTrigger on Opportunity(before update, after insert, after update) {
    OpportunitySyncHandler.handle();
}
