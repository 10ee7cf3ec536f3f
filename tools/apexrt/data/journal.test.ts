import { ApexDate, ApexUnsupported } from '../core/values';
import { SObject } from './sobject';
import { FIXED_NOW, fixtureOrg } from './testing/fixture-org';
import { runSoql } from './soql/evaluate';

function setupOrg() {
    const org = fixtureOrg();
    const opp = (name: string, referral?: string): SObject =>
        SObject.create(org.schema, 'Opportunity', {
            Name: name,
            StageName: 'Prospecting',
            CloseDate: new ApexDate(2026, 6, 30),
            ...(referral ? { Referral_Id__c: referral } : {})
        });
    const names = (): string[] =>
        runSoql('SELECT Name FROM Opportunity', {
            db: org.db,
            clock: { now: FIXED_NOW, timeZone: 'UTC' },
            resolveBind: () => undefined
        }).records.map((r) => r.get('Name') as string);
    return { ...org, opp, names };
}

describe('Database snapshots (undo journal)', () => {
    it('undoes inserts, updates and deletes, and puts a row whose delete is undone back in its place', () => {
        const { db, opp, names } = setupOrg();
        const [a, b, c] = [opp('A'), opp('B'), opp('C')];
        db.insert([a, b, c]);
        const snap = db.snapshot();
        db.update([SObject.create(db.schema, 'Opportunity', { Id: b.id, Name: 'B2' })]);
        db.delete([a]);
        db.insert([opp('D')]);
        expect(names()).toEqual(['B2', 'C', 'D']);
        db.restore(snap);
        expect(names()).toEqual(['A', 'B', 'C']);
        expect(db.isInRecycleBin(a.id!)).toBe(false);
    });

    it('restores the same snapshot twice, and nested snapshots newest first', () => {
        const { db, opp, names } = setupOrg();
        db.insert([opp('A')]);
        const outer = db.snapshot();
        db.insert([opp('B')]);
        const inner = db.snapshot();
        db.insert([opp('C')]);
        db.restore(inner);
        expect(names()).toEqual(['A', 'B']);
        db.insert([opp('E')]);
        db.restore(inner);
        expect(names()).toEqual(['A', 'B']);
        db.restore(outer);
        expect(names()).toEqual(['A']);
        db.insert([opp('F')]);
        db.restore(outer);
        expect(names()).toEqual(['A']);
    });

    it('fails loudly on a snapshot that a restore of an earlier one invalidated (not modelled)', () => {
        const { db, opp } = setupOrg();
        const first = db.snapshot();
        db.insert([opp('A')]);
        const second = db.snapshot();
        db.restore(first);
        expect(() => db.restore(second)).toThrow(ApexUnsupported);
    });

    it('keeps unique-value checks right across writes and undone writes', () => {
        const { db, opp } = setupOrg();
        db.insert([opp('A', 'REF-1')]);
        expect(db.insert([opp('A2', 'ref-1')], false).results[0].errors[0].statusCode).toBe('DUPLICATE_VALUE');
        const snap = db.snapshot();
        const b = opp('B', 'REF-2');
        db.insert([b]);
        db.restore(snap);
        expect(db.insert([opp('B2', 'REF-2')]).results[0].success).toBe(true);
        const a = db.insert([opp('C', 'REF-3')]).results[0].id!;
        db.update([SObject.create(db.schema, 'Opportunity', { Id: a, Referral_Id__c: 'REF-4' })]);
        expect(db.insert([opp('D', 'REF-3')]).results[0].success).toBe(true);
        expect(db.insert([opp('E', 'REF-4')], false).results[0].errors[0].statusCode).toBe('DUPLICATE_VALUE');
    });
});
