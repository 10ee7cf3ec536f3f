/**
 * The package's data model and security model as docs/architecture.md names them: a renamed field, a changed type or
 * default, or a permission that grants more than it should fails here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { SchemaRegistry } from '../../tools/apexrt';

const SOURCE = path.resolve(__dirname, '..', '..', 'force-app');
const schema = SchemaRegistry.fromSourceDir(SOURCE, { namespace: 'cosell' });
const parser = new XMLParser({
    isArray: (name) => ['fieldPermissions', 'objectPermissions', 'classAccesses'].includes(name)
});

function field(object: string, name: string) {
    const o = schema.getObject(object);
    expect(o).toBeDefined();
    const f = schema.getField(o!, name);
    expect(f).toBeDefined();
    return f!;
}

function permissionSet(name: string) {
    const file = path.join(SOURCE, 'main/default/permissionsets', `${name}.permissionset-meta.xml`);
    return parser.parse(fs.readFileSync(file, 'utf8')).PermissionSet as {
        fieldPermissions?: Array<{ field: string; editable: boolean; readable: boolean }>;
        objectPermissions?: Array<{
            object: string;
            allowCreate: boolean;
            allowRead: boolean;
            allowEdit: boolean;
            allowDelete: boolean;
        }>;
        classAccesses?: Array<{ apexClass: string }>;
    };
}

describe('package metadata', () => {
    it('has the Opportunity co-sell fields with their types', () => {
        const expected: Record<string, string> = {
            Sync_With_Partner_Center__c: 'boolean',
            Referral_Id__c: 'string',
            Referral_Link__c: 'url',
            Engagement_Id__c: 'string',
            Microsoft_Help__c: 'picklist',
            Microsoft_Help_Notes__c: 'textarea',
            Visible_To_Microsoft__c: 'boolean',
            Microsoft_CRM_Id__c: 'string',
            Referral_Status__c: 'string',
            Referral_Substatus__c: 'string',
            Microsoft_Referral_Status__c: 'string',
            Sync_Status__c: 'picklist',
            Last_Sync_Error__c: 'textarea',
            Last_Synced_At__c: 'datetime',
            Referral_ETag__c: 'string',
            Microsoft_Referral_Updated_At__c: 'string',
            Sync_Fingerprint__c: 'string'
        };
        for (const [name, type] of Object.entries(expected))
            expect([name, field('Opportunity', name).type]).toEqual([name, type]);
        const referralId = field('Opportunity', 'Referral_Id__c');
        expect([referralId.length, referralId.externalId, referralId.unique]).toEqual([64, true, true]);
        expect(field('Opportunity', 'Sync_With_Partner_Center__c').defaultValue).toBe(false);
    });

    it('offers the Partner Center assistance request codes and the sync states', () => {
        expect(field('Opportunity', 'Microsoft_Help__c').picklistValues.map((p) => p.value)).toEqual([
            'Unknown',
            'WorkloadSpecificValueProposition',
            'CustomerTechnicalArchitecture',
            'ProofOfConceptOrDemo',
            'QuotesOrLicensing',
            'PostSalesCustomerSuccess',
            'GeneralOrOther'
        ]);
        expect(field('Opportunity', 'Sync_Status__c').picklistValues.map((p) => p.value)).toEqual([
            'Not synced',
            'Pending',
            'Synced',
            'Failed'
        ]);
    });

    it('has the custom objects, the event, the settings and their relationships', () => {
        expect(field('Partner_Center_Solution__c', 'Solution_Id__c').externalId).toBe(true);
        // Lookups, not master-detail (packaged permission sets cannot grant a detail of a standard object): the
        // package's Apex requires them and deletes them with the opportunity (OpportunityChildren).
        for (const child of ['Opportunity_Solution__c', 'Referral_Contact__c']) {
            expect(field(child, 'Opportunity__c')).toMatchObject({
                masterDetail: false,
                referenceTo: ['Opportunity'],
                deleteConstraint: 'SetNull'
            });
        }
        expect(field('Opportunity_Solution__c', 'Solution__c').referenceTo).toEqual(['Partner_Center_Solution__c']);
        expect(field('Sync_Log__c', 'Outcome__c').picklistValues.map((p) => p.value)).toEqual([
            'Success',
            'Failed',
            'Retrying',
            'Skipped'
        ]);
        expect(schema.getObject('Referral_Sync__e')!.kind).toBe('platformEvent');
        expect(schema.getObject('Co_Sell_State__c')!.kind).toBe('customSetting');
    });

    it('ships the Default settings record with the connector defaults', () => {
        const record = schema.customMetadataRecords('Co_Sell_Setting__mdt').find((r) => r.developerName === 'Default')!;
        expect(record).toBeDefined();
        const value = (name: string): unknown => record.values.get(name.toLowerCase());
        expect(value('Show_Status_In_Name__c')).toBe(true);
        expect(value('Customer_Country_Field__c')).toBe('BillingCountry');
        expect(value('Deal_Value_Field__c')).toBe('Amount');
        expect(value('Deal_Currency_Field__c')).toBe('CurrencyIsoCode');
        expect(value('Co_Sell_Only__c')).toBe(true);
        expect(value('Referrals_Connection__c')).toBe('Partner_Center_Referrals');
    });

    it('gives sellers read-only referral fields and hides the technical ones', () => {
        const fls = new Map((permissionSet('CoSell_User').fieldPermissions ?? []).map((f) => [f.field, f]));
        for (const readOnly of [
            'Referral_Id__c',
            'Referral_Link__c',
            'Referral_Status__c',
            'Sync_Status__c',
            'Last_Sync_Error__c',
            'Last_Synced_At__c'
        ])
            expect([readOnly, fls.get(`Opportunity.${readOnly}`)?.editable]).toEqual([readOnly, false]);
        for (const editable of ['Sync_With_Partner_Center__c', 'Microsoft_Help__c', 'Visible_To_Microsoft__c'])
            expect([editable, fls.get(`Opportunity.${editable}`)?.editable]).toEqual([editable, true]);
        for (const hidden of [
            'Referral_ETag__c',
            'Sync_Fingerprint__c',
            'Referral_Snapshot__c',
            'Seller_Changed_At__c',
            'Microsoft_Referral_Updated_At__c'
        ])
            expect(fls.has(`Opportunity.${hidden}`)).toBe(false);
    });

    it('lets sellers add and remove solutions and read the referral contacts (now packageable: lookups)', () => {
        const seller = permissionSet('CoSell_User');
        const objects = new Map((seller.objectPermissions ?? []).map((o) => [o.object, o]));
        expect(objects.get('Opportunity_Solution__c')).toMatchObject({
            allowRead: true,
            allowCreate: true,
            allowDelete: true
        });
        expect(objects.get('Referral_Contact__c')).toMatchObject({ allowRead: true, allowCreate: false });
        const fls = new Map((seller.fieldPermissions ?? []).map((f) => [f.field, f]));
        // A user-mode insert of a solution sets both lookups: both must be editable.
        for (const lookup of ['Opportunity_Solution__c.Opportunity__c', 'Opportunity_Solution__c.Solution__c'])
            expect([lookup, fls.get(lookup)?.editable]).toEqual([lookup, true]);
        expect(fls.get('Referral_Contact__c.Opportunity__c')).toMatchObject({ readable: true, editable: false });
    });

    it('lets the Site guest only hand an event over', () => {
        const guest = permissionSet('CoSell_Webhook_Guest');
        expect(guest.fieldPermissions ?? []).toEqual([]);
        expect(
            (guest.objectPermissions ?? []).map((o) => [o.object, o.allowCreate, o.allowEdit, o.allowDelete])
        ).toEqual([['Referral_Sync__e', true, false, false]]);
        expect((guest.classAccesses ?? []).map((c) => c.apexClass)).toEqual(['PartnerCenterWebhook']);
    });
});
