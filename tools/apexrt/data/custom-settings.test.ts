import { Decimal } from '../core/values';
import { CustomMetadata } from './custom-metadata';
import { CustomSettings } from './custom-settings';
import { SObject } from './sobject';
import { fixtureOrg } from './testing/fixture-org';

describe('hierarchy custom settings', () => {
    it('returns an empty org default, then resolves user → profile → org field by field', () => {
        const { schema, db, setup } = fixtureOrg();
        const settings = new CustomSettings(db, () => setup.runningUserId);
        const empty = settings.getOrgDefaults('Co_Sell_State__c');
        expect(empty.id).toBeNull();
        expect(empty.get('Webhook_Secret__c')).toBeNull();
        db.insert([
            SObject.create(schema, 'Co_Sell_State__c', {
                SetupOwnerId: setup.organizationId,
                Webhook_Secret__c: 'org',
                Batch_Size__c: 10
            }),
            SObject.create(schema, 'Co_Sell_State__c', { SetupOwnerId: setup.adminProfileId, Batch_Size__c: 20 })
        ]);
        expect(settings.getOrgDefaults('Co_Sell_State__c').get('Webhook_Secret__c')).toBe('org');
        const forUser = settings.getInstance('Co_Sell_State__c');
        expect(forUser.id).toBeNull();
        expect(forUser.get('Webhook_Secret__c')).toBe('org');
        expect((forUser.get('Batch_Size__c') as Decimal).toNumber()).toBe(20);
        expect(forUser.get('SetupOwnerId')).toBe(setup.runningUserId);
        const userRow = SObject.create(schema, 'Co_Sell_State__c', {
            SetupOwnerId: setup.runningUserId,
            Webhook_Secret__c: 'mine'
        });
        db.insert([userRow]);
        const mine = settings.getInstance('Co_Sell_State__c', setup.runningUserId);
        expect([mine.id, mine.get('Webhook_Secret__c'), (mine.get('Batch_Size__c') as Decimal).toNumber()]).toEqual([
            userRow.id,
            'mine',
            20
        ]);
        expect(settings.getValues('Co_Sell_State__c', setup.runningUserId)!.get('Batch_Size__c')).toBeNull();
        expect(settings.getValues('Co_Sell_State__c', setup.standardProfileId)).toBeNull();
        expect(
            (
                settings.getInstance('Co_Sell_State__c', setup.standardProfileId).get('Batch_Size__c') as Decimal
            ).toNumber()
        ).toBe(10);
        // One row per owner.
        const dup = db.insert(
            [SObject.create(schema, 'Co_Sell_State__c', { SetupOwnerId: setup.organizationId })],
            false
        );
        expect(dup.results[0].errors[0].statusCode).toBe('DUPLICATE_VALUE');
        // Returned records are copies.
        mine.put('Webhook_Secret__c', 'changed');
        expect(settings.getInstance('Co_Sell_State__c').get('Webhook_Secret__c')).toBe('mine');
    });
});

describe('custom metadata access', () => {
    it('gets all records by DeveloperName and single ones by name or Id', () => {
        const { db } = fixtureOrg();
        const cmdt = new CustomMetadata(db);
        const all = cmdt.getAll('Co_Sell_Setting__mdt');
        expect([...all.keys()].sort()).toEqual(['Default', 'Quiet']);
        expect(all.get('Default')!.get('Show_Status__c')).toBe(true);
        const quiet = cmdt.getInstance('cosell__Co_Sell_Setting__mdt', 'Quiet')!;
        expect(quiet.get('Active_Stage__c')).toBeNull();
        expect(quiet.get('MasterLabel')).toBe('Quiet mode');
        expect(cmdt.getInstance('Co_Sell_Setting__mdt', quiet.id!)!.get('DeveloperName')).toBe('Quiet');
        expect(cmdt.getInstance('Co_Sell_Setting__mdt', 'Missing')).toBeNull();
    });
});
