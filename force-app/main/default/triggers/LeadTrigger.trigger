trigger LeadTrigger on Lead(after update) {
    LeadConversionHandler.handle();
}
