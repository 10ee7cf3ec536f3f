import { ApexDate, ApexThrow, ApexUnsupported, Decimal } from '../core/values';
import { TriggerChunk, dmlExceptionMessage } from './database';
import { SObject } from './sobject';
import { FIXED_NOW, fixtureOrg } from './testing/fixture-org';

function opp(schema: ReturnType<typeof fixtureOrg>['schema'], fields: Record<string, unknown> = {}): SObject {
    return SObject.create(schema, 'Opportunity', {
        Name: 'Deal',
        StageName: 'Prospecting',
        CloseDate: new ApexDate(2026, 6, 30),
        ...fields
    });
}

describe('Database insert', () => {
    it('assigns Ids, audit fields, defaults and derived fields, and writes the Id back', () => {
        const { schema, db, setup } = fixtureOrg();
        const o = opp(schema, { Amount: new Decimal('1000.456') });
        const outcome = db.insert([o]);
        expect(outcome.results[0]).toMatchObject({ success: true, errors: [] });
        const id = outcome.results[0].id!;
        expect(id.startsWith('006')).toBe(true);
        expect(o.id).toBe(id);
        // The caller's record gets only the Id back.
        expect(o.isSet('IsClosed')).toBe(false);
        const row = db.getRow(id)!.row;
        expect(row.ownerid).toBe(setup.runningUserId);
        expect(row.createdbyid).toBe(setup.runningUserId);
        expect(row.createddate).toBe(FIXED_NOW);
        expect(row.isclosed).toBe(false);
        expect((row.probability as Decimal).toNumber()).toBe(10);
        expect(row.forecastcategoryname).toBe('Pipeline');
        expect((row.amount as Decimal).toString()).toBe('1000.46');
        expect((row.expectedrevenue as Decimal).toString()).toBe('100.05');
        expect(row.sync_with_partner_center__c).toBe(false);
        expect(row.sync_status__c).toBe('Not synced');
    });

    it('derives IsClosed/IsWon from a closed stage and Contact.Name from first and last name', () => {
        const { schema, db } = fixtureOrg();
        const won = opp(schema, { StageName: 'closed won' });
        const c = SObject.create(schema, 'Contact', { FirstName: 'Ada', LastName: 'Lovelace' });
        db.insert([won]);
        db.insert([c]);
        expect(db.getRow(won.id!)!.row).toMatchObject({
            isclosed: true,
            iswon: true,
            stagename: 'Closed Won',
            forecastcategory: 'Closed'
        });
        expect(db.getRow(c.id!)!.row.name).toBe('Ada Lovelace');
    });

    it('reports required fields, lengths, restricted picklists and bad references with platform status codes', () => {
        const { schema, db } = fixtureOrg();
        const missing = SObject.create(schema, 'Opportunity', { Name: 'x' });
        const tooLong = SObject.create(schema, 'Sync_Log__c', { Message__c: 'more than ten chars' });
        const badPick = opp(schema, { Sync_Status__c: 'Bogus' });
        const wrongType = SObject.create(schema, 'Contact', { LastName: 'L', AccountId: db.ids.newId('003') });
        const noRow = SObject.create(schema, 'Contact', { LastName: 'L', AccountId: db.ids.newId('001') });
        const outcome = db.insert([missing, tooLong, badPick, wrongType, noRow], false);
        expect(outcome.results.map((r) => r.errors[0]?.statusCode)).toEqual([
            'REQUIRED_FIELD_MISSING',
            'STRING_TOO_LONG',
            'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
            'FIELD_INTEGRITY_EXCEPTION',
            'INVALID_CROSS_REFERENCE_KEY'
        ]);
        expect(outcome.results[0].errors[0]).toEqual({
            statusCode: 'REQUIRED_FIELD_MISSING',
            message: 'Required fields are missing: [StageName, CloseDate]',
            fields: ['StageName', 'CloseDate']
        });
        expect(outcome.results[1].errors[0].message).toBe(
            'Message: data value too large: more than ten chars (max length=10)'
        );
        expect(outcome.results[2].errors[0].message).toBe(
            'Sync Status: bad value for restricted picklist field: Bogus'
        );
        expect(dmlExceptionMessage('insert', outcome.results)).toBe(
            'Insert failed. First exception on row 0; first error: REQUIRED_FIELD_MISSING, Required fields are missing: [StageName, CloseDate]: [StageName, CloseDate]'
        );
    });

    it('writes nothing when one record fails with allOrNone, and keeps the good ones without it', () => {
        const { schema, db } = fixtureOrg();
        const good = opp(schema);
        const bad = SObject.create(schema, 'Opportunity', { Name: 'no stage' });
        const all = db.insert([good, bad], true);
        expect(all.results.map((r) => r.success)).toEqual([false, false]);
        expect(good.id).toBeNull();
        expect(db.rows(schema.getObject('Opportunity')!)).toHaveLength(0);
        const partial = db.insert([good, bad], false);
        expect(partial.results.map((r) => r.success)).toEqual([true, false]);
        expect(db.rows(schema.getObject('Opportunity')!)).toHaveLength(1);
    });

    it('rejects duplicate unique values, case-insensitively unless the field is case-sensitive', () => {
        const { schema, db } = fixtureOrg();
        db.insert([opp(schema, { Referral_Id__c: 'REF-1' })]);
        const dup = db.insert([opp(schema, { Referral_Id__c: 'ref-1' })], false);
        expect(dup.results[0].errors[0].statusCode).toBe('DUPLICATE_VALUE');
        expect(dup.results[0].errors[0].message).toMatch(
            /^duplicate value found: Referral_Id__c duplicates value on record with id: 006/
        );
    });

    it('fails loudly for objects with validation rules or formula fields, and refuses DML on custom metadata', () => {
        const { schema, db } = fixtureOrg();
        expect(() => db.insert([SObject.create(schema, 'Guarded__c', { Name: 'g' })])).toThrow(ApexUnsupported);
        expect(() => db.insert([SObject.create(schema, 'Scored__c', { Name: 's' })])).toThrow(/formula field Score__c/);
        expect(() => db.insert([SObject.create(schema, 'Co_Sell_Setting__mdt')])).toThrow(ApexThrow);
    });

    it('names a custom object record without a Name after its Id', () => {
        const { schema, db } = fixtureOrg();
        const unnamed = SObject.create(schema, 'Partner_Center_Solution__c', { Solution_Id__c: 'X' });
        const named = SObject.create(schema, 'Partner_Center_Solution__c', { Solution_Id__c: 'Y', Name: 'Named' });
        db.insert([unnamed, named]);
        expect(db.getRow(unnamed.id!)!.row.name).toBe(unnamed.id);
        expect(db.getRow(named.id!)!.row.name).toBe('Named');
    });

    it('names an opportunity team member after its user', () => {
        const { schema, db, setup } = fixtureOrg();
        const o = opp(schema);
        db.insert([o]);
        const member = SObject.create(schema, 'OpportunityTeamMember', {
            OpportunityId: o.id,
            UserId: setup.runningUserId,
            OpportunityAccessLevel: 'Edit'
        });
        db.insert([member]);
        expect(db.getRow(member.id!)!.row.name).toBe('Admin');
    });

    it('generates AutoNumber names', () => {
        const { schema, db } = fixtureOrg();
        const logs = [SObject.create(schema, 'Sync_Log__c'), SObject.create(schema, 'Sync_Log__c')];
        db.insert(logs);
        expect(logs.map((l) => db.getRow(l.id!)!.row.name)).toEqual(['SL-00001', 'SL-00002']);
    });
});

describe('Database hooks (trigger glue contract)', () => {
    it('calls before and after hooks per chunk of 200 with writable then read-only records', () => {
        const { schema, db } = fixtureOrg();
        const calls: string[] = [];
        db.hooks = {
            beforeSave(chunk: TriggerChunk) {
                calls.push(`before ${chunk.operation} ${chunk.newRecords!.length}`);
                for (const r of chunk.newRecords!) r.put('Description', 'set in before');
            },
            afterSave(chunk: TriggerChunk) {
                calls.push(`after ${chunk.operation} ${chunk.newRecords!.length}`);
                expect(chunk.newRecords![0].id).not.toBeNull();
                expect(() => chunk.newRecords![0].put('Description', 'x')).toThrow('Record is read-only');
            }
        };
        const records = Array.from({ length: 201 }, (_, i) => opp(schema, { Name: `Deal ${i}` }));
        db.insert(records);
        expect(calls).toEqual(['before insert 200', 'after insert 200', 'before insert 1', 'after insert 1']);
        expect(db.getRow(records[200].id!)!.row.description).toBe('set in before');
    });

    it('lets a before trigger block a record with addError and passes Trigger.old on update', () => {
        const { schema, db } = fixtureOrg();
        const o = opp(schema);
        db.insert([o]);
        let oldStage: unknown;
        db.hooks = {
            beforeSave(chunk) {
                oldStage = chunk.oldRecords![0].get('StageName');
                if (chunk.newRecords![0].get('StageName') === 'Closed Lost')
                    chunk.newRecords![0].addError('no losing', 'StageName');
            }
        };
        const update = SObject.create(schema, 'Opportunity', { Id: o.id, StageName: 'Closed Lost' });
        const outcome = db.update([update], false);
        expect(oldStage).toBe('Prospecting');
        expect(outcome.results[0].errors).toEqual([
            { statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'no losing', fields: ['StageName'] }
        ]);
        expect(db.getRow(o.id!)!.row.stagename).toBe('Prospecting');
    });

    it('refuses to update or delete a record from its own before-update trigger', () => {
        const { schema, db } = fixtureOrg();
        const o = opp(schema);
        db.insert([o]);
        const nested: string[] = [];
        db.hooks = {
            beforeSave(chunk) {
                if (chunk.operation !== 'update') return;
                const again = db.update([SObject.create(schema, 'Opportunity', { Id: o.id, Name: 'loop' })], false);
                nested.push(again.results[0].errors[0]?.statusCode ?? 'ok');
                nested.push(db.delete([o.id!], false).results[0].errors[0]?.statusCode ?? 'ok');
            }
        };
        expect(db.update([SObject.create(schema, 'Opportunity', { Id: o.id, Name: 'x' })]).results[0].success).toBe(
            true
        );
        expect(nested).toEqual(['SELF_REFERENCE_FROM_TRIGGER', 'SELF_REFERENCE_FROM_TRIGGER']);
        db.hooks = {};
        expect(db.update([SObject.create(schema, 'Opportunity', { Id: o.id, Name: 'y' })]).results[0].success).toBe(
            true
        );
    });

    it('retries without the failed records when allOrNone is false, re-running the hooks', () => {
        const { schema, db } = fixtureOrg();
        let beforeCalls = 0;
        db.hooks = {
            beforeSave(chunk) {
                beforeCalls++;
                for (const r of chunk.newRecords!) if (r.get('Name') === 'bad') r.addError('bad one');
            }
        };
        const outcome = db.insert([opp(schema, { Name: 'bad' }), opp(schema, { Name: 'good' })], false);
        expect(outcome.attempts).toBe(2);
        expect(beforeCalls).toBe(2);
        expect(outcome.results.map((r) => r.success)).toEqual([false, true]);
        expect(db.rows(schema.getObject('Opportunity')!)).toHaveLength(1);
    });

    it('rolls back DML done by hooks when the statement fails with allOrNone', () => {
        const { schema, db } = fixtureOrg();
        db.hooks = {
            afterSave(chunk) {
                if (chunk.objectType === 'Opportunity') {
                    db.insert([SObject.create(schema, 'Sync_Log__c', { Opportunity__c: chunk.newRecords![0].id })]);
                    chunk.newRecords![0].addError('after failure');
                }
            }
        };
        db.insert([opp(schema)]);
        expect(db.rows(schema.getObject('Sync_Log__c')!)).toHaveLength(0);
        expect(db.rows(schema.getObject('Opportunity')!)).toHaveLength(0);
    });
});

describe('Database update, upsert, delete, undelete, snapshots', () => {
    it('updates by Id and reports missing or absent Ids', () => {
        const { schema, db } = fixtureOrg();
        const o = opp(schema);
        db.insert([o]);
        const change = SObject.create(schema, 'Opportunity', { Id: o.id, StageName: 'Closed Won' });
        expect(db.update([change]).results[0].success).toBe(true);
        expect(db.getRow(o.id!)!.row).toMatchObject({ isclosed: true, iswon: true, name: 'Deal' });
        expect((db.getRow(o.id!)!.row.probability as Decimal).toNumber()).toBe(100);
        const noId = db.update([SObject.create(schema, 'Opportunity', { Name: 'x' })], false);
        expect(noId.results[0].errors[0].statusCode).toBe('MISSING_ARGUMENT');
        const gone = db.update([SObject.create(schema, 'Opportunity', { Id: db.ids.newId('006') })], false);
        expect(gone.results[0].errors[0].statusCode).toBe('INVALID_CROSS_REFERENCE_KEY');
        expect(() => db.update([change, change])).toThrow(/Duplicate id in list/);
    });

    it('keeps CreatedDate on update and recomputes stage defaults unless the caller set them', () => {
        const { schema, db } = fixtureOrg();
        const o = opp(schema);
        db.insert([o]);
        db.update([
            SObject.create(schema, 'Opportunity', {
                Id: o.id,
                StageName: 'Value Proposition',
                Probability: new Decimal(33)
            })
        ]);
        let row = db.getRow(o.id!)!.row;
        expect((row.probability as Decimal).toNumber()).toBe(33);
        expect(row.createddate).toBe(FIXED_NOW);
        db.update([SObject.create(schema, 'Opportunity', { Id: o.id, StageName: 'Negotiation/Review' })]);
        row = db.getRow(o.id!)!.row;
        expect((row.probability as Decimal).toNumber()).toBe(90);
        db.update([SObject.create(schema, 'Opportunity', { Id: o.id, Description: 'no stage change' })]);
        expect((db.getRow(o.id!)!.row.probability as Decimal).toNumber()).toBe(90);
    });

    it('upserts on an external Id: insert when no match, update when one (case-insensitive for a unique field)', () => {
        const { schema, db } = fixtureOrg();
        const first = opp(schema, { Referral_Id__c: 'REF-9' });
        const r1 = db.upsert([first], 'Referral_Id__c');
        expect(r1.results[0]).toMatchObject({ success: true, created: true });
        const again = SObject.create(schema, 'Opportunity', { Referral_Id__c: 'ref-9', Name: 'Renamed' });
        const r2 = db.upsert([again], 'Opportunity.cosell__Referral_Id__c');
        expect(r2.results[0]).toMatchObject({ success: true, created: false, id: first.id });
        expect(again.id).toBe(first.id);
        expect(db.getRow(first.id!)!.row.name).toBe('Renamed');
        const bad = db.upsert([opp(schema, { Name: 'n' })], 'Name', false);
        expect(bad.results[0].errors[0].statusCode).toBe('INVALID_FIELD');
        const dupInList = db.upsert(
            [opp(schema, { Referral_Id__c: 'A' }), opp(schema, { Referral_Id__c: 'a' })],
            'Referral_Id__c',
            false
        );
        expect(dupInList.results[1].errors[0].message).toBe('Duplicate external id specified: a');
    });

    it('deletes with master-detail cascade, honours Restrict lookups, and undeletes from the recycle bin', () => {
        const { schema, db } = fixtureOrg();
        const o = opp(schema);
        db.insert([o]);
        const solution = SObject.create(schema, 'Partner_Center_Solution__c', { Name: 'S', Solution_Id__c: 'SOL-1' });
        db.insert([solution]);
        const link = SObject.create(schema, 'Opportunity_Solution__c', {
            Opportunity__c: o.id,
            Solution__c: solution.id
        });
        const log = SObject.create(schema, 'Sync_Log__c', { Opportunity__c: o.id });
        db.insert([link]);
        db.insert([log]);
        const restricted = db.delete([solution.id!], false);
        expect(restricted.results[0].errors[0].statusCode).toBe('DELETE_FAILED');
        const deleted: string[] = [];
        db.hooks = { afterSave: (c) => deleted.push(`${c.operation} ${c.objectType}`) };
        expect(db.delete([o]).results[0].success).toBe(true);
        expect(deleted).toEqual(['delete Opportunity']);
        expect(db.getRow(link.id!)).toBeUndefined();
        expect(db.getRow(log.id!)!.row.opportunity__c).toBeNull();
        expect(db.delete([o.id!], false).results[0].errors[0].statusCode).toBe('ENTITY_IS_DELETED');
        expect(db.undelete([o.id!]).results[0].success).toBe(true);
        expect(db.getRow(link.id!)).toBeDefined();
        expect(deleted).toEqual(['delete Opportunity', 'undelete Opportunity']);
    });

    it('restores a snapshot (test isolation, savepoints) without reissuing Ids', () => {
        const { schema, db } = fixtureOrg();
        const snap = db.snapshot();
        const a = opp(schema);
        db.insert([a]);
        db.restore(snap);
        expect(db.getRow(a.id!)).toBeUndefined();
        const b = opp(schema);
        db.insert([b]);
        expect(b.id).not.toBe(a.id);
    });
});
