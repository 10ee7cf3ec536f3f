trigger AccountCalloutTrigger on Account (after insert) {
    for (Account a : Trigger.new) {
        if (a.Name == 'call out') {
            try {
                GoldenHttp.get();
            } catch (CalloutException e) {
                System.debug('trigger: ' + e.getMessage());
            }
        }
    }
}
