trigger OpenItemTrigger on Open_Item__c(before insert) {
    for (Open_Item__c item : Trigger.new) {
        item.Name = item.Name + ': ' + InheritedSharing.count('SELECT COUNT() FROM Opportunity');
    }
}
