trigger GoldenCheckedEventTrigger on Golden_Checked_Event__e(after insert) {
    for (Golden_Checked_Event__e e : Trigger.new) {
        System.debug('delivered ' + e.Code__c + ' ' + e.Kind__c);
    }
}
