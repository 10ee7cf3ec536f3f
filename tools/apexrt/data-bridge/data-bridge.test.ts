import * as path from 'node:path';
import { SchemaRegistry } from '../data';
import { RunContext } from '../interpreter/context';
import { buildProgram } from '../loader/program';
import type { ApexSourceFile } from '../loader/source-files';
import { EMPTY_NATIVE_LIBRARY } from '../interpreter/native-library';
import { runAnonymous, runTrigger } from '../runner/execute';
import { runTests } from '../runner/test-runner';
import { dataRuntime } from './index';

const SCHEMA = SchemaRegistry.fromSourceDir(path.join(__dirname, '..', 'data', 'fixtures', 'force-app'), {
    namespace: 'cosell'
});

function source(name: string, text: string): ApexSourceFile {
    const kind = text.trimStart().startsWith('trigger') ? 'trigger' : 'class';
    return { file: `${name}.${kind === 'trigger' ? 'trigger' : 'cls'}`, source: text, kind, name };
}

const TRIGGERS = [
    source(
        'AccountTrigger',
        `trigger AccountTrigger on Account (before insert, after insert, before update) {
            if (Trigger.isBefore && Trigger.isInsert) {
                for (Account a : Trigger.new) {
                    if (a.Name == 'boom') { Object o = null; o.hashCode(); }
                    if (a.Name == 'reject') a.Name.addError('Names cannot be reject');
                    a.Description = 'set in before insert';
                }
            }
            if (Trigger.isAfter) {
                System.debug('after insert ' + Trigger.newMap.size() + ' ' + Trigger.operationType);
            }
        }`
    ),
    source(
        'ContactTrigger',
        `trigger ContactTrigger on Contact (before insert) {
            Integer accounts = [SELECT COUNT() FROM Account];
            for (Contact c : Trigger.new) if (c.LastName == 'reject') c.addError('rejected');
        }`
    )
];

function run(apex: string, classes: ApexSourceFile[] = []) {
    const data = dataRuntime(SCHEMA, EMPTY_NATIVE_LIBRARY, {
        labels: new Map([['cosell_greeting', 'Hello from a label']]),
        runTrigger
    });
    const program = buildProgram([...TRIGGERS, ...classes], { namespace: 'cosell', ...data }, apex);
    const context = new RunContext({ data: data.newDataLayer(program) });
    const result = runAnonymous(program, context);
    return { ...result, limits: context.limits };
}

describe('DML, SOQL and triggers through the interpreter', () => {
    it('inserts, runs before/after triggers, and queries the saved values', () => {
        const r = run(`
            Account a = new Account(Name = 'Acme');
            insert a;
            System.debug(a.Id != null);
            Account back = [SELECT Id, Name, Description FROM Account WHERE Id = :a.Id];
            System.debug(back.Description);
            System.debug(back.Name == 'ACME');
        `);
        expect(r.exception).toBeUndefined();
        expect(r.debugLines).toEqual(['after insert 1 AFTER_INSERT', 'true', 'set in before insert', 'true']);
        expect(r.limits.get('queries')).toBe(1);
        expect(r.limits.get('dmlStatements')).toBe(1);
        expect(r.limits.get('dmlRows')).toBe(1);
    });

    it('counts one statement and one query for 200 records (bulk, not per record)', () => {
        const r = run(`
            List<Account> accounts = new List<Account>();
            for (Integer i = 0; i < 200; i++) accounts.add(new Account(Name = 'A' + i));
            insert accounts;
            List<Account> back = [SELECT Id FROM Account];
            System.debug(back.size());
        `);
        expect(r.debugLines).toEqual(['after insert 200 AFTER_INSERT', '200']);
        expect(r.limits.snapshot()).toMatchObject({ queries: 1, dmlStatements: 1, dmlRows: 200, queryRows: 200 });
    });

    it('single-row assignment of zero rows throws the platform QueryException', () => {
        const r = run(`Account a = [SELECT Id FROM Account WHERE Name = 'nobody'];`);
        expect(r.exception).toMatchObject({
            type: 'System.QueryException',
            message: 'List has no rows for assignment to SObject'
        });
    });

    it('an exception in a trigger fails the DML with the trigger name, event and cause', () => {
        const r = run(`
            try {
                insert new Account(Name = 'boom');
            } catch (DmlException e) {
                System.debug(e.getDmlType(0));
                System.debug(e.getNumDml());
            }
            System.debug([SELECT COUNT() FROM Account]);
        `);
        expect(r.exception).toBeUndefined();
        expect(r.debugLines).toEqual(['CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', '1', '0']);
    });

    it('field addError in a trigger fails only that row with allOrNone=false', () => {
        const r = run(`
            List<Database.SaveResult> results = Database.insert(
                new List<Account>{ new Account(Name = 'ok'), new Account(Name = 'reject') }, false);
            System.debug(results[0].isSuccess());
            System.debug(results[1].isSuccess());
            Database.Error err = results[1].getErrors()[0];
            System.debug(err.getMessage());
            System.debug(err.getFields());
            System.debug([SELECT COUNT() FROM Account]);
        `);
        expect(r.exception).toBeUndefined();
        // Attempt 1 runs the after trigger for the good row, is rolled back, attempt 2 saves it: two debug lines
        // (Apex Developer Guide, "Bulk DML Exception Handling"; debug output is not rolled back).
        expect(r.debugLines).toEqual([
            'after insert 1 AFTER_INSERT',
            'after insert 1 AFTER_INSERT',
            'true',
            'false',
            'Names cannot be reject',
            '(Name)',
            '1'
        ]);
    });

    it('a retried partial-success statement gives back the limits its failed attempt used', () => {
        const r = run(`
            Database.insert(new List<Contact>{ new Contact(LastName = 'ok'), new Contact(LastName = 'reject') }, false);
            System.debug([SELECT COUNT() FROM Contact]);
        `);
        expect(r.debugLines).toEqual(['1']);
        // attempt 1: 1 query (rolled back with the attempt), attempt 2: 1 query, then the COUNT() above.
        expect(r.limits.get('queries')).toBe(2);
    });

    it('an all-or-none failure throws DmlException and writes nothing', () => {
        const r = run(`
            insert new List<Account>{ new Account(Name = 'ok'), new Account(Name = 'reject') };
        `);
        expect(r.exception?.type).toBe('System.DmlException');
        expect(r.exception?.message).toBe(
            'Insert failed. First exception on row 1; first error: FIELD_CUSTOM_VALIDATION_EXCEPTION, ' +
                'Names cannot be reject: [Name]'
        );
    });

    it('savepoints roll back and count as DML statements', () => {
        const r = run(`
            Savepoint sp = Database.setSavepoint();
            insert new Account(Name = 'temp');
            Database.rollback(sp);
            System.debug([SELECT COUNT() FROM Account]);
        `);
        expect(r.debugLines.at(-1)).toBe('0');
        expect(r.limits.get('dmlStatements')).toBe(3);
    });

    it('Map<Id, SObject>(records) keys by Id and rejects records without one', () => {
        const r = run(`
            List<Account> accounts = new List<Account>{ new Account(Name = 'x'), new Account(Name = 'y') };
            insert accounts;
            Map<Id, Account> byId = new Map<Id, Account>(accounts);
            System.debug(byId.get(accounts[1].Id).Name);
            Map<Id, Account> bad = new Map<Id, Account>(new List<Account>{ new Account(Name = 'z') });
        `);
        expect(r.debugLines.at(-1)).toBe('y');
        expect(r.exception).toMatchObject({ type: 'System.ListException', message: 'Row with null Id at index: 0' });
    });

    it('renders SObjects like the platform and compares them by field values', () => {
        const r = run(`
            Account a = new Account(Name = 'Acme', Description = 'd');
            System.debug(a);
            System.debug(a == new Account(Name = 'Acme', Description = 'd'));
            System.debug(a instanceof SObject);
        `);
        expect(r.debugLines).toEqual(['Account:{Name=Acme, Description=d}', 'true', 'true']);
    });

    it('reads custom metadata records and hierarchy custom settings', () => {
        const r = run(`
            Co_Sell_Setting__mdt s = Co_Sell_Setting__mdt.getInstance('Default');
            System.debug(s.DeveloperName);
            System.debug(Co_Sell_Setting__mdt.getAll().size());
            Co_Sell_State__c state = Co_Sell_State__c.getOrgDefaults();
            System.debug(state.Id == null);
        `);
        expect(r.exception).toBeUndefined();
        expect(r.debugLines).toEqual(['Default', '2', 'true']);
    });
});

describe('org facts', () => {
    it('reads custom labels, the running user and organisation, and DML with an AccessLevel', () => {
        const r = run(`
            System.debug(System.Label.CoSell_Greeting);
            System.debug(Label.cosell_greeting);
            System.debug(UserInfo.getUserId() == [SELECT Id FROM User WHERE Username = 'admin@apexrt.local'].Id);
            System.debug(UserInfo.getDefaultCurrency());
            Database.insert(new Account(Name = 'x'), AccessLevel.USER_MODE);
            System.debug([SELECT COUNT() FROM Account]);
        `);
        expect(r.debugLines).toEqual([
            'Hello from a label',
            'Hello from a label',
            'true',
            'USD',
            'after insert 1 AFTER_INSERT',
            '1'
        ]);
    });

    it('an unknown label fails loudly', () => {
        expect(() => run(`System.debug(Label.Missing_Label);`)).toThrow(/unknown custom label Missing_Label/);
    });
});

describe('Schema describe', () => {
    it('answers tokens, describe results and the case-insensitive fields map', () => {
        const r = run(`
            System.debug(Account.SObjectType.getDescribe().getName());
            Map<String, Schema.SObjectField> fields = Opportunity.SObjectType.getDescribe().fields.getMap();
            System.debug(fields.get('STAGENAME').getDescribe().getType());
            System.debug(fields.containsKey('Referral_Id__c') || fields.get('stagename') != null);
            System.debug(Schema.SObjectType.Account.fields.Name.isUpdateable());
            System.debug(Account.Name.getDescribe().getType() == Schema.DisplayType.STRING);
            System.debug(new Account().getSObjectType() == Account.SObjectType);
        `);
        expect(r.exception).toBeUndefined();
        expect(r.debugLines).toEqual(['Account', 'PICKLIST', 'true', 'true', 'true', 'true']);
    });
});

describe('test runner with the data layer', () => {
    it('gives each test method the @TestSetup data and nothing from other methods', () => {
        const data = dataRuntime(SCHEMA, EMPTY_NATIVE_LIBRARY, { runTrigger });
        const program = buildProgram(
            [
                ...TRIGGERS,
                source(
                    'IsolationTest',
                    `@IsTest private class IsolationTest {
                        @TestSetup static void setup() { insert new Account(Name = 'seed'); }
                        @IsTest static void addsOne() {
                            insert new Account(Name = 'extra');
                            Assert.areEqual(2, [SELECT COUNT() FROM Account]);
                        }
                        @IsTest static void seesOnlySeed() {
                            Assert.areEqual(1, [SELECT COUNT() FROM Account]);
                        }
                    }`
                )
            ],
            { namespace: 'cosell', ...data }
        );
        const result = runTests(program, { dataLayer: () => data.newDataLayer(program) });
        expect(result.tests.map((t) => `${t.methodName}:${t.outcome}`)).toEqual(['addsOne:Pass', 'seesOnlySeed:Pass']);
    });
});
