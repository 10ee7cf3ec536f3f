trigger GoldenChildTrigger on Golden_Child__c(
    before insert,
    before update,
    before delete,
    after insert,
    after update,
    after delete,
    after undelete
) {
    GoldenTriggerLog.record('Child');
    String mode = GoldenTriggerLog.mode;
    if (mode == 'inspect') {
        GoldenTriggerLog.inspect();
    }
    if (mode == 'operation') {
        System.debug(GoldenTriggerLog.describe(Trigger.operationType));
    }
    if (Trigger.isBefore && (Trigger.isInsert || Trigger.isUpdate)) {
        for (Golden_Child__c c : Trigger.new) {
            if (c.Note__c == 'reject') {
                c.addError('Child rejected by trigger');
            } else if (c.Note__c == 'bad quantity') {
                c.Quantity__c.addError('Quantity not allowed');
            } else if (c.Note__c == 'fill label') {
                c.Label__c = 'filled in before';
            }
        }
    }
    if (Trigger.isBefore && Trigger.isDelete) {
        for (Golden_Child__c c : Trigger.old) {
            if (c.Note__c == 'keep') {
                c.addError('Child is protected');
            }
        }
    }
    if (Trigger.isUpdate && mode == 'compare') {
        for (Golden_Child__c c : Trigger.new) {
            Golden_Child__c before = Trigger.oldMap.get(c.Id);
            System.debug(before.Note__c + ' -> ' + c.Note__c);
        }
    }
    if (Trigger.isAfter && Trigger.isInsert && mode == 'write after') {
        try {
            Trigger.new[0].Note__c = 'changed';
        } catch (Exception e) {
            System.debug(e.getTypeName() + ': ' + e.getMessage());
        }
    }
    if (Trigger.isBefore && Trigger.isUpdate && mode == 'write old') {
        try {
            Trigger.old[0].Note__c = 'changed';
        } catch (Exception e) {
            System.debug(e.getTypeName() + ': ' + e.getMessage());
        }
    }
    if (Trigger.isAfter && Trigger.isInsert && mode == 'ids') {
        for (Golden_Child__c c : Trigger.new) {
            GoldenTriggerLog.seen.add(c.Id);
        }
    }
    if (Trigger.isBefore && Trigger.isUpdate && mode == 'self update') {
        try {
            update new Golden_Child__c(Id = Trigger.new[0].Id, Label__c = 'recursive');
        } catch (DmlException e) {
            System.debug(e.getDmlType(0));
        }
    }
    if (Trigger.isAfter && Trigger.isInsert && mode == 'throw') {
        throw new IllegalArgumentException('thrown by the trigger');
    }
    if (Trigger.isAfter && Trigger.isInsert && mode == 'recurse' && GoldenTriggerLog.depth < 3) {
        GoldenTriggerLog.depth++;
        insert new Golden_Child__c(Name = 'level ' + GoldenTriggerLog.depth, Parent__c = Trigger.new[0].Parent__c);
    }
    if (Trigger.isAfter && Trigger.isInsert && mode == 'update sibling') {
        List<Golden_Child__c> copies = new List<Golden_Child__c>();
        for (Golden_Child__c c : Trigger.new) {
            copies.add(new Golden_Child__c(Id = c.Id, Label__c = 'updated in after insert'));
        }
        GoldenTriggerLog.mode = '';
        update copies;
    }
}
