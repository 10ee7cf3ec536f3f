import { ApexDate, ApexThrow, Decimal } from '../core/values';
import { SObject } from './sobject';
import { fixtureSchema } from './testing/fixture-org';

function thrown(fn: () => unknown): ApexThrow {
    try {
        fn();
    } catch (e) {
        if (e instanceof ApexThrow) return e;
        throw e;
    }
    throw new Error('expected an ApexThrow');
}

describe('SObject', () => {
    const schema = fixtureSchema();

    it('holds fields case-insensitively with canonical names for output', () => {
        const acc = SObject.create(schema, 'account');
        acc.put('name', 'Acme');
        acc.put('BILLINGCOUNTRY', 'FR');
        expect(acc.get('Name')).toBe('Acme');
        expect(acc.populatedFields()).toEqual([
            ['Name', 'Acme'],
            ['BillingCountry', 'FR']
        ]);
        expect(acc.getSObjectType()).toBe('Account');
        expect(acc.get('Phone')).toBeNull();
        expect(acc.put('Name', 'Other')).toBe('Acme');
    });

    it('rejects unknown fields, wrong types, invalid Ids and read-only fields', () => {
        const o = SObject.create(schema, 'Opportunity');
        expect(thrown(() => o.get('Foo__c')).message).toBe('Invalid field Foo__c for Opportunity');
        // A standard name apexrt's schema lacks may exist on the platform: loud, not a platform error.
        expect(() => o.get('Foo')).toThrow('not supported by apexrt: standard field Opportunity.Foo');
        expect(thrown(() => o.put('CurrencyIsoCode', 'EUR')).message).toBe(
            'Invalid field CurrencyIsoCode for Opportunity'
        );
        const wrong = thrown(() => o.put('Name', 5));
        expect([wrong.exceptionType, wrong.message]).toEqual([
            'System.SObjectException',
            'Illegal assignment from Integer to String'
        ]);
        expect(thrown(() => o.put('AccountId', 'nope')).message).toBe('Invalid id: nope');
        expect(thrown(() => o.put('IsClosed', true)).message).toBe('Field is not writeable: Opportunity.IsClosed');
        o.put('Amount', 12);
        expect((o.get('Amount') as Decimal).equals(12)).toBe(true);
        o.put('AccountId', '001A0000006Vm9r');
        expect(o.get('AccountId')).toBe('001A0000006Vm9rIAC');
        o.put('cosell__Deal_Size__c', new Decimal('1.5'));
        expect((o.get('Deal_Size__c') as Decimal).toString()).toBe('1.5');
    });

    it('enforces the queried-field rule on records built by a query', () => {
        const acc = SObject.create(schema, 'Account');
        acc.setRaw('Id', '001A0000006Vm9rIAC');
        acc.setRaw('Name', 'Acme');
        acc.markQueried(['Name']);
        expect(acc.get('Name')).toBe('Acme');
        const e = thrown(() => acc.get('Website'));
        expect([e.exceptionType, e.message]).toEqual([
            'System.SObjectException',
            'SObject row was retrieved via SOQL without querying the requested field: Account.Website'
        ]);
        acc.put('Website', 'https://x');
        expect(acc.get('Website')).toBe('https://x');
        expect(thrown(() => acc.getSObjects('Contacts')).message).toMatch(
            /without querying the requested field: Account.Contacts/
        );
    });

    it('keeps parent and child relationships apart from fields', () => {
        const acc = SObject.create(schema, 'Account', { Name: 'Acme' });
        const o = SObject.create(schema, 'Opportunity');
        o.putSObject('account', acc);
        expect(o.getSObject('Account')).toBe(acc);
        expect(o.get('AccountId')).toBeNull();
        acc.setChildren('Opportunities', [o]);
        expect(acc.getSObjects('opportunities')).toEqual([o]);
        expect(thrown(() => o.getSObject('Nope')).message).toBe('Invalid relationship Nope for Opportunity');
    });

    it('clones shallow or deep, with or without Id and timestamps', () => {
        const acc = SObject.create(schema, 'Account', { Name: 'Acme' });
        acc.setRaw('Id', '001A0000006Vm9rIAC');
        acc.setRaw('CreatedDate', null);
        const o = SObject.create(schema, 'Opportunity', { Name: 'D', CloseDate: new ApexDate(2026, 1, 1) });
        o.setRaw('Id', '006A0000006Vm9rIAC');
        o.putSObject('Account', acc);
        const shallow = o.clone();
        expect(shallow.id).toBeNull();
        expect(shallow.get('Name')).toBe('D');
        expect(shallow.getSObject('Account')).toBe(acc);
        const deep = o.clone(true, true);
        expect(deep.id).toBe(o.id);
        expect(deep.getSObject('Account')).not.toBe(acc);
        expect(deep.getSObject('Account')!.get('Name')).toBe('Acme');
        expect(acc.clone().isSet('CreatedDate')).toBe(false);
        expect(acc.clone(false, false, true).isSet('CreatedDate')).toBe(true);
    });

    it('compares by type and field values, with a consistent hash', () => {
        const a = SObject.create(schema, 'Account', { Name: 'Acme', AnnualRevenue: new Decimal('10.0') });
        const b = SObject.create(schema, 'Account', { AnnualRevenue: new Decimal(10), Name: 'Acme' });
        const c = SObject.create(schema, 'Account', { Name: 'acme', AnnualRevenue: new Decimal(10) });
        const d = SObject.create(schema, 'Contact', { LastName: 'Acme' });
        expect(a.equals(b)).toBe(true);
        expect(a.hashKey()).toBe(b.hashKey());
        expect(a.equals(c)).toBe(false);
        expect(a.equals(d)).toBe(false);
        b.put('Phone', null);
        expect(a.equals(b)).toBe(true);
        expect(a.hashKey()).toBe(b.hashKey());
    });

    it('makes trigger records read-only on demand', () => {
        const acc = SObject.create(schema, 'Account', { Name: 'Acme' });
        const ro = acc.copyForTrigger(true);
        const e = thrown(() => ro.put('Name', 'x'));
        expect([e.exceptionType, e.message]).toEqual(['System.FinalException', 'Record is read-only']);
        acc.addError('bad', 'Name');
        expect(acc.errors).toEqual([
            { message: 'bad', fields: ['Name'], statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION' }
        ]);
    });
});
