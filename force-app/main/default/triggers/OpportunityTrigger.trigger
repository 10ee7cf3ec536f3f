trigger OpportunityTrigger on Opportunity(before update, before delete, after insert, after update) {
    OpportunitySyncHandler.handle();
    OpportunityChildren.handle();
}
