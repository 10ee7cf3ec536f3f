import path from 'node:path';
import { Decimal } from '../../core/values';
import { describeGlobal, describeSObject } from './describe';
import { SchemaRegistry } from './registry';

const FIXTURE_SOURCE = path.join(__dirname, '..', 'fixtures', 'force-app');

describe('schema registry from SFDX metadata', () => {
    const schema = SchemaRegistry.fromSourceDir(FIXTURE_SOURCE, { namespace: 'cosell' });

    it('reads the fixture metadata, reporting only the standard field it does not model', () => {
        expect(schema.issues).toEqual(['standard field Account.Rating is not modelled by apexrt']);
        expect(schema.getField(schema.getObject('Account')!, 'Industry')!.custom).toBe(false);
    });

    it('merges custom fields into the hand-written standard objects', () => {
        const opp = schema.getObject('opportunity')!;
        expect(opp.name).toBe('Opportunity');
        expect(opp.keyPrefix).toBe('006');
        const referral = schema.getField(opp, 'cosell__referral_id__c')!;
        expect(referral).toMatchObject({
            name: 'Referral_Id__c',
            type: 'string',
            length: 64,
            externalId: true,
            unique: true
        });
        const status = schema.getField(opp, 'Sync_Status__c')!;
        expect(status.restrictedPicklist).toBe(true);
        expect(status.picklistValues.map((p) => p.value)).toEqual(['Not synced', 'Pending', 'Synced', 'Failed']);
        expect(status.defaultValue).toBe('Not synced');
        expect(schema.getField(opp, 'Sync_With_Partner_Center__c')!.defaultValue).toBe(false);
        expect(schema.getField(opp, 'StageName')!.required).toBe(true);
        expect(schema.getField(opp, 'CreatedById')!.relationshipName).toBe('CreatedBy');
        expect(schema.getField(opp, 'OwnerId')).toBeDefined();
        // Multi-currency is off: no CurrencyIsoCode.
        expect(schema.getField(opp, 'CurrencyIsoCode')).toBeUndefined();
        expect(
            SchemaRegistry.standardOnly({ multiCurrency: true }).getObject('Opportunity')!.fields.has('currencyisocode')
        ).toBe(true);
    });

    it('models master-detail and lookup relationships in both directions', () => {
        const detail = schema.getObject('Opportunity_Solution__c')!;
        const master = schema.getField(detail, 'Opportunity__c')!;
        expect(master).toMatchObject({
            type: 'reference',
            masterDetail: true,
            required: true,
            relationshipName: 'Opportunity__r',
            referenceTo: ['Opportunity']
        });
        expect(detail.owned).toBe(false);
        expect(detail.fields.has('ownerid')).toBe(false);
        expect(schema.getField(detail, 'Name')!.autoNumberFormat).toBe('OS-{0000}');
        const opp = schema.getObject('Opportunity')!;
        expect(schema.childRelationship(opp, 'Opportunity_Solutions__r')).toEqual({
            childSObject: 'Opportunity_Solution__c',
            field: 'Opportunity__c',
            relationshipName: 'Opportunity_Solutions__r',
            cascadeDelete: true
        });
        expect(schema.childRelationship(opp, 'OpportunityContactRoles')!.childSObject).toBe('OpportunityContactRole');
        expect(schema.getField(detail, 'Solution__c')!.deleteConstraint).toBe('Restrict');
        expect(schema.parentRelationship(detail, 'solution__r')!.name).toBe('Solution__c');
    });

    it('recognises platform events, custom metadata, custom settings and unsupported automation', () => {
        const event = schema.getObject('Referral_Sync__e')!;
        expect(event).toMatchObject({
            kind: 'platformEvent',
            publishBehavior: 'PublishAfterCommit',
            eventType: 'HighVolume'
        });
        expect(event.keyPrefix).toMatch(/^e/);
        const state = schema.getObject('Co_Sell_State__c')!;
        expect(state).toMatchObject({ kind: 'customSetting', customSettingsType: 'Hierarchy' });
        expect(state.fields.has('setupownerid')).toBe(true);
        expect(schema.getObject('Guarded__c')!.unsupportedAutomation.sort()).toEqual([
            'record-triggered flow Guarded_After_Save',
            'validation rule Must_Have_Name',
            'workflow rule Notify_On_Score'
        ]);
        expect(schema.getObject('Scored__c')!.unsupportedAutomation).toEqual([]);
        expect(schema.getObject('Account')!.unsupportedAutomation).toEqual([]);
        expect(schema.getField(schema.getObject('Scored__c')!, 'Score__c')!.formula).toBe('LEN(Name) * 2');
        const cmdt = schema.getObject('Co_Sell_Setting__mdt')!;
        expect(cmdt.kind).toBe('customMetadata');
        expect(cmdt.dmlAllowed).toBe(false);
    });

    it('converts custom metadata record values by field type, with xsi:nil as null', () => {
        const records = schema.customMetadataRecords('Co_Sell_Setting__mdt');
        expect(records.map((r) => r.developerName).sort()).toEqual(['Default', 'Quiet']);
        const def = records.find((r) => r.developerName === 'Default')!;
        expect(def.values.get('active_stage__c')).toBe('Qualification');
        expect(def.values.get('show_status__c')).toBe(true);
        expect((def.values.get('poll_minutes__c') as Decimal).equals(15)).toBe(true);
        const quiet = records.find((r) => r.developerName === 'Quiet')!;
        expect(quiet.values.get('active_stage__c')).toBeNull();
        expect(quiet.label).toBe('Quiet mode');
        expect(quiet.values.get('qualifiedapiname')).toBe('cosell__Quiet');
    });

    it('describes objects in the REST describe shape', () => {
        const global = describeGlobal(schema);
        expect(global.sobjects.map((s) => s.name)).toEqual(
            expect.arrayContaining(['Account', 'Opportunity', 'Sync_Log__c'])
        );
        const opp = describeSObject(schema, 'Opportunity')!;
        const status = opp.fields.find((f) => f.name === 'Sync_Status__c')!;
        expect(status).toMatchObject({
            type: 'picklist',
            restrictedPicklist: true,
            createable: true,
            updateable: true
        });
        expect(status.picklistValues[0]).toEqual({
            value: 'Not synced',
            label: 'Not synced',
            active: true,
            defaultValue: true
        });
        const isClosed = opp.fields.find((f) => f.name === 'IsClosed')!;
        expect(isClosed).toMatchObject({ createable: false, updateable: false, calculated: true });
        expect(opp.fields.find((f) => f.name === 'Sync_With_Partner_Center__c')!.inlineHelpText).toBe(
            'Share this deal with Microsoft Partner Center'
        );
        expect(opp.childRelationships).toEqual(
            expect.arrayContaining([
                {
                    childSObject: 'Sync_Log__c',
                    field: 'Opportunity__c',
                    relationshipName: 'Sync_Logs__r',
                    cascadeDelete: false
                }
            ])
        );
        expect(describeSObject(schema, 'Nope__c')).toBeUndefined();
    });

    it('reports unreadable metadata instead of crashing', () => {
        const broken = SchemaRegistry.fromSourceDir(path.join(FIXTURE_SOURCE, 'does-not-exist'));
        expect(broken.issues[0]).toMatch(/source dir not found/);
        expect(broken.getObject('Account')).toBeDefined();
    });
});
