trigger OpportunityTrigger on Opportunity(before update, after insert, after update) {
    OpportunitySyncHandler.handle(
        (List<Opportunity>) Trigger.new,
        (Map<Id, Opportunity>) Trigger.oldMap,
        Trigger.operationType
    );
}
