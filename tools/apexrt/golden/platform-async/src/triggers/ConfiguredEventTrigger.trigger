trigger ConfiguredEventTrigger on Golden_Config_Event__e(after insert) {
    System.debug('configured: ' + UserInfo.getUserName() + ' batch of ' + Trigger.new.size());
    for (Golden_Config_Event__e e : Trigger.new) {
        if (e.Payload__c == 'enqueue') {
            System.enqueueJob(new SharingJobs.Without());
        }
    }
}
