trigger GoldenEventTrigger on Golden_Event__e(after insert) {
    EventBus.TriggerContext context = EventBus.TriggerContext.currentContext();
    EventLog.runs++;
    Integer processed = 0;
    for (Golden_Event__e e : Trigger.new) {
        String payload = e.Payload__c;
        if (payload == 'who' || payload == 'limits' || payload.startsWith('enqueue-')) {
            if (payload == 'who')
                System.debug('runs as ' + UserInfo.getUserName() + ' (' + UserInfo.getUserType() + ')');
            if (payload == 'limits')
                System.debug('queueable jobs allowed: ' + Limits.getLimitQueueableJobs());
            if (payload == 'enqueue-inherited')
                System.enqueueJob(new SharingJobs.Inherited());
            if (payload == 'enqueue-without')
                System.enqueueJob(new SharingJobs.Without());
            if (payload == 'enqueue-insert')
                System.enqueueJob(new SharingJobs.Inserts(null));
            if (payload.startsWith('enqueue-insert-for-'))
                System.enqueueJob(new SharingJobs.Inserts(payload.removeStart('enqueue-insert-for-')));
            context.setResumeCheckpoint(e.ReplayId);
            continue;
        }
        if (payload == 'retry-twice' && context.retries < 2) {
            System.debug('retry-twice: retries=' + context.retries + ' lastError=' + context.lastError);
            insert new Account(Name = 'rolled back');
            throw new EventBus.RetryableException('not yet ' + context.retries);
        }
        if (payload == 'publish-then-retry' && context.retries < 1) {
            // Published in a batch that then fails: kept (Publish Immediately), discarded (Publish After Commit).
            EventBus.publish(new Golden_Checked_Event__e(Code__c = 'R' + context.retries, Kind__c = 'immediate'));
            EventBus.publish(new Golden_Event__e(Payload__c = 'after commit of a failed batch'));
            throw new EventBus.RetryableException('retry once');
        }
        if (payload == 'always-retry')
            throw new EventBus.RetryableException('never');
        if (payload == 'boom' && !EventLog.failedOnce.contains(e.ReplayId)) {
            EventLog.failedOnce.add(e.ReplayId);
            Integer zero = 0;
            Integer broken = 1 / zero;
        }
        if (payload.startsWith('two-per-run') && processed == 2)
            break;
        System.debug('processed ' + payload + ' retries=' + context.retries);
        insert new Account(Name = payload);
        processed++;
        context.setResumeCheckpoint(e.ReplayId);
    }
}
