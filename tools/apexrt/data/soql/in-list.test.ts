import { ApexDate, Decimal } from '../../core/values';
import { SObject } from '../sobject';
import { FIXED_NOW, fixtureOrg } from '../testing/fixture-org';
import { runSoql } from './evaluate';

// IN / NOT IN over text and Id lists are looked up by key instead of compared item by item: same answers.
describe('SOQL IN lists', () => {
    const { schema, db } = fixtureOrg();
    const rows = [
        { Name: 'Alpha', Description: 'Blue', Amount: new Decimal(100) },
        { Name: 'Beta', Description: null, Amount: new Decimal(250) },
        { Name: 'Gamma', Description: 'green', Amount: null }
    ].map((f) =>
        SObject.create(schema, 'Opportunity', { ...f, StageName: 'Prospecting', CloseDate: new ApexDate(2026, 6, 30) })
    );
    db.insert(rows);
    const binds = new Map<string, unknown>();
    const names = (soql: string): string[] =>
        runSoql(soql, { db, clock: { now: FIXED_NOW, timeZone: 'UTC' }, resolveBind: (b) => binds.get(b.text) })
            .records.map((r) => r.get('Name') as string)
            .sort();

    it('matches text case-insensitively and null items against null values', () => {
        binds.set('values', ['BLUE', null, 'other']);
        expect(names('SELECT Name FROM Opportunity WHERE Description IN :values')).toEqual(['Alpha', 'Beta']);
        expect(names('SELECT Name FROM Opportunity WHERE Description NOT IN :values')).toEqual(['Gamma']);
        binds.set('values', ['Green']);
        expect(names('SELECT Name FROM Opportunity WHERE Description NOT IN :values')).toEqual(['Alpha', 'Beta']);
    });

    it('matches Ids in either form, and numbers by value', () => {
        binds.set('ids', [rows[0].id!.slice(0, 15), rows[2].id!.toLowerCase()]);
        expect(names('SELECT Name FROM Opportunity WHERE Id IN :ids')).toEqual(['Alpha', 'Gamma']);
        expect(names('SELECT Name FROM Opportunity WHERE Amount IN (100.0, 250)')).toEqual(['Alpha', 'Beta']);
    });
});
