trigger OpportunityTrigger on Opportunity(before insert, before update, before delete, after insert, after update) {
    OpportunitySyncHandler.handle(
        (List<Opportunity>) Trigger.new,
        (Map<Id, Opportunity>) Trigger.oldMap,
        Trigger.operationType
    );
    OpportunityChildren.handle((Map<Id, Opportunity>) Trigger.oldMap, Trigger.operationType);
    MicrosoftReferralFollowUp.engagementsSet(
        (List<Opportunity>) Trigger.new,
        (Map<Id, Opportunity>) Trigger.oldMap,
        Trigger.operationType
    );
}
