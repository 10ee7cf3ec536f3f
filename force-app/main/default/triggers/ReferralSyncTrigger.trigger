trigger ReferralSyncTrigger on Referral_Sync__e(after insert) {
    ReferralSyncDispatcher.dispatch((List<Referral_Sync__e>) Trigger.new);
}
