trigger GoldenParentTrigger on Golden_Parent__c(
    before insert,
    before update,
    before delete,
    after insert,
    after update,
    after delete,
    after undelete
) {
    GoldenTriggerLog.record('Parent');
}
