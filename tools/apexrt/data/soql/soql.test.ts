import { ApexParserFactory, SoqlLiteralContext } from '@apexdevtools/apex-parser';
import { ApexList } from '../../collections/collections';
import { ApexDate, ApexThrow, ApexUnsupported, Decimal } from '../../core/values';
import { SObject } from '../sobject';
import { FIXED_NOW, fixtureOrg } from '../testing/fixture-org';
import { BindReference } from './ast';
import { AggregateResultRow } from './aggregate-result';
import { QueryResult, SoqlEnvironment, bindsFromList, bindsFromMap, runQuery, runSoql } from './evaluate';
import { lowerQuery, parseSoql } from './lower';

function seeded() {
    const { schema, db, setup } = fixtureOrg();
    const acme = SObject.create(schema, 'Account', { Name: 'Acme', BillingCountry: 'FR' });
    const globex = SObject.create(schema, 'Account', { Name: 'Globex', BillingCountry: null });
    db.insert([acme, globex]);
    const opps = [
        {
            Name: 'Alpha',
            StageName: 'Prospecting',
            Amount: new Decimal(100),
            AccountId: acme.id,
            CloseDate: new ApexDate(2026, 3, 15)
        },
        {
            Name: 'beta',
            StageName: 'Closed Won',
            Amount: new Decimal(250),
            AccountId: acme.id,
            CloseDate: new ApexDate(2026, 3, 10)
        },
        {
            Name: 'Gamma_1',
            StageName: 'Closed Won',
            Amount: null,
            AccountId: globex.id,
            CloseDate: new ApexDate(2026, 5, 1)
        },
        {
            Name: 'Delta',
            StageName: 'Qualification',
            Amount: new Decimal(50),
            AccountId: null,
            CloseDate: new ApexDate(2025, 12, 31)
        }
    ].map((f) => SObject.create(schema, 'Opportunity', f));
    db.insert(opps);
    const contact = SObject.create(schema, 'Contact', {
        LastName: 'Doe',
        FirstName: 'Jane',
        AccountId: acme.id,
        Email: 'jane@example.com'
    });
    db.insert([contact]);
    db.insert([
        SObject.create(schema, 'OpportunityContactRole', {
            OpportunityId: opps[0].id,
            ContactId: contact.id,
            Role: 'Decision Maker',
            IsPrimary: true
        })
    ]);
    const binds = new Map<string, unknown>();
    const env: SoqlEnvironment = {
        db,
        clock: { now: FIXED_NOW, timeZone: 'America/Los_Angeles' },
        resolveBind: (b: BindReference) => {
            if (!binds.has(b.text)) throw new Error(`unbound ${b.text}`);
            return binds.get(b.text);
        }
    };
    const q = (text: string): QueryResult => runSoql(text, env);
    const names = (text: string): unknown[] => q(text).records.map((r) => r.get('Name'));
    return { schema, db, setup, acme, globex, opps, contact, env, binds, q, names };
}

function thrown(fn: () => unknown): ApexThrow {
    try {
        fn();
    } catch (e) {
        if (e instanceof ApexThrow) return e;
        throw e;
    }
    throw new Error('expected an ApexThrow');
}

describe('SOQL lowering', () => {
    it('lowers a query with every supported clause into the AST', () => {
        const ast = parseSoql(
            "SELECT Id, Account.Name, (SELECT Id FROM OpportunityContactRoles) FROM Opportunity WHERE (Name LIKE 'a%' OR Amount > 5) AND StageName NOT IN :stages WITH USER_MODE ORDER BY Name DESC NULLS LAST, Amount LIMIT 10 OFFSET 2 FOR UPDATE"
        );
        expect(ast.from).toBe('Opportunity');
        expect(ast.select[1]).toEqual({ kind: 'field', path: ['Account', 'Name'], alias: undefined });
        expect(ast.select[2].kind).toBe('subquery');
        expect(ast.where!.kind).toBe('and');
        const [or, notIn] = (ast.where as { items: unknown[] }).items as [
            { kind: string },
            { op: string; value: BindReference }
        ];
        expect(or.kind).toBe('or');
        expect(notIn.op).toBe('NOT IN');
        expect(notIn.value.text).toBe('stages');
        expect(ast.orderBy).toEqual([
            { path: ['Name'], descending: true, nullsLast: true },
            { path: ['Amount'], descending: false, nullsLast: false }
        ]);
        expect(ast.limit).toEqual({ kind: 'literal', value: 10 });
        expect(ast.offset).toEqual({ kind: 'literal', value: 2 });
        expect(ast.securityMode).toBe('USER_MODE');
        expect(ast.forUpdate).toBe(true);
    });

    it('lowers inline SOQL from Apex source to the same AST, keeping the bind expression CST', () => {
        const parser = ApexParserFactory.createParser(
            'List<Account> a = [SELECT Id FROM Account WHERE Name = :acc.Name];',
            true
        );
        const unit = parser.anonymousUnit();
        const found: SoqlLiteralContext[] = [];
        const visit = (n: { children?: unknown[] | null }) => {
            if (n instanceof SoqlLiteralContext) found.push(n);
            for (const c of n.children ?? []) visit(c as { children?: unknown[] });
        };
        visit(unit);
        const ast = lowerQuery(found[0].query());
        const cond = ast.where as { value: BindReference };
        expect(cond.value.text).toBe('acc.Name');
        expect(cond.value.expression).not.toBeNull();
        expect(ast).toEqual({ ...parseSoql('SELECT Id FROM Account WHERE Name = :acc.Name'), where: ast.where });
    });

    it('numbers binds in source order, as the interpreter collects inline SOQL bind values', () => {
        const ast = parseSoql(
            'SELECT Id, (SELECT Id FROM Contacts WHERE Email = :email) FROM Account WHERE Name IN :names AND Id IN (SELECT AccountId FROM Opportunity WHERE Amount > :min) LIMIT :lim'
        );
        const binds: BindReference[] = [];
        JSON.stringify(ast, (key, value: unknown) => {
            if (value && typeof value === 'object' && (value as BindReference).kind === 'bind')
                binds.push(value as BindReference);
            return key === 'expression' ? undefined : value;
        });
        expect(binds.map((b) => [b.index, b.text]).sort()).toEqual([
            [0, 'email'],
            [1, 'names'],
            [2, 'min'],
            [3, 'lim']
        ]);
    });

    it('fails loudly on features apexrt does not evaluate, naming them', () => {
        for (const [text, feature] of [
            ['SELECT TYPEOF What WHEN Account THEN Name END FROM Event', 'TYPEOF'],
            ['SELECT FIELDS(ALL) FROM Account LIMIT 200', 'FIELDS()'],
            ['SELECT toLabel(StageName) FROM Opportunity', 'toLabel()'],
            ['SELECT convertCurrency(Amount) FROM Opportunity', 'convertCurrency()'],
            ['SELECT Id FROM Opportunity WHERE CloseDate = THIS_FISCAL_YEAR', 'THIS_FISCAL_YEAR'],
            ['SELECT Name, COUNT(Id) FROM Account GROUP BY Name HAVING COUNT(Id) > 1', 'HAVING']
        ]) {
            expect(() => parseSoql(text)).toThrow(ApexUnsupported);
            expect(() => parseSoql(text)).toThrow(feature);
        }
        expect(thrown(() => parseSoql('SELECT FROM WHERE')).exceptionType).toBe('System.QueryException');
    });
});

describe('SOQL evaluation', () => {
    it('filters with case-insensitive text comparison and LIKE with % and _', () => {
        const { names } = seeded();
        expect(names("SELECT Name FROM Opportunity WHERE Name = 'ALPHA'")).toEqual(['Alpha']);
        expect(names("SELECT Name FROM Opportunity WHERE Name LIKE 'B%' ")).toEqual(['beta']);
        expect(names("SELECT Name FROM Opportunity WHERE Name LIKE 'gamma\\_%'")).toEqual(['Gamma_1']);
        expect(names("SELECT Name FROM Opportunity WHERE Name LIKE '_elta'")).toEqual(['Delta']);
        expect(names("SELECT Name FROM Opportunity WHERE Name > 'c' ORDER BY Name")).toEqual(['Delta', 'Gamma_1']);
    });

    it('applies null semantics, AND/OR/NOT and IN lists', () => {
        const { names } = seeded();
        expect(names('SELECT Name FROM Opportunity WHERE Amount = null')).toEqual(['Gamma_1']);
        expect(names('SELECT Name FROM Opportunity WHERE Amount != null ORDER BY Name')).toEqual([
            'Alpha',
            'beta',
            'Delta'
        ]);
        expect(names('SELECT Name FROM Opportunity WHERE Amount > 60 ORDER BY Amount')).toEqual(['Alpha', 'beta']);
        expect(
            names("SELECT Name FROM Opportunity WHERE Name != 'alpha' AND (Amount < 60 OR Amount = null) ORDER BY Name")
        ).toEqual(['Delta', 'Gamma_1']);
        expect(names("SELECT Name FROM Opportunity WHERE NOT StageName = 'Closed Won' ORDER BY Name")).toEqual([
            'Alpha',
            'Delta'
        ]);
        expect(
            names("SELECT Name FROM Opportunity WHERE StageName IN ('closed won', 'Qualification') ORDER BY Name")
        ).toEqual(['beta', 'Delta', 'Gamma_1']);
        expect(names('SELECT Name FROM Opportunity WHERE IsWon = true AND Account.BillingCountry = null')).toEqual([
            'Gamma_1'
        ]);
    });

    it('resolves binds through the callback, with lists, sets, SObjects and 15-character Ids', () => {
        const { names, binds, acme, opps } = seeded();
        binds.set('stages', new Set(['Prospecting', 'Qualification']));
        expect(names('SELECT Name FROM Opportunity WHERE StageName NOT IN :stages ORDER BY Name')).toEqual([
            'beta',
            'Gamma_1'
        ]);
        binds.set('acc', acme);
        expect(names('SELECT Name FROM Opportunity WHERE AccountId = :acc ORDER BY Name')).toEqual(['Alpha', 'beta']);
        binds.set('ids', [opps[0].id!.slice(0, 15), opps[3].id]);
        expect(names('SELECT Name FROM Opportunity WHERE Id IN :ids ORDER BY Name')).toEqual(['Alpha', 'Delta']);
        expect(names(`SELECT Name FROM Opportunity WHERE Id = '${opps[1].id!.slice(0, 15)}'`)).toEqual(['beta']);
        const apexList = new ApexList({ name: 'Id' } as unknown as ConstructorParameters<typeof ApexList>[0], [
            opps[1].id,
            acme
        ]);
        binds.set('apexList', apexList);
        expect(
            names('SELECT Name FROM Opportunity WHERE Id IN :apexList OR AccountId IN :apexList ORDER BY Name')
        ).toEqual(['Alpha', 'beta']);
        binds.set('n', 1);
        expect(names('SELECT Name FROM Opportunity ORDER BY Name LIMIT :n')).toEqual(['Alpha']);
    });

    it('matches date literals against the clock in the user time zone', () => {
        const { names } = seeded();
        // FIXED_NOW is 2026-03-15 11:30 in Los Angeles (a Sunday).
        expect(names('SELECT Name FROM Opportunity WHERE CloseDate = TODAY')).toEqual(['Alpha']);
        expect(names('SELECT Name FROM Opportunity WHERE CloseDate = LAST_N_DAYS:5 ORDER BY Name')).toEqual([
            'Alpha',
            'beta'
        ]);
        expect(names('SELECT Name FROM Opportunity WHERE CloseDate = THIS_MONTH ORDER BY Name')).toEqual([
            'Alpha',
            'beta'
        ]);
        expect(names('SELECT Name FROM Opportunity WHERE CloseDate < THIS_YEAR')).toEqual(['Delta']);
        expect(names('SELECT Name FROM Opportunity WHERE CloseDate = NEXT_N_DAYS:60')).toEqual(['Gamma_1']);
        expect(names('SELECT Name FROM Opportunity WHERE CloseDate > 2026-03-12 ORDER BY Name')).toEqual([
            'Alpha',
            'Gamma_1'
        ]);
        expect(names("SELECT Name FROM Opportunity WHERE CreatedDate = TODAY AND Name = 'Alpha'")).toEqual(['Alpha']);
        expect(names('SELECT Name FROM Opportunity WHERE CreatedDate > 2026-03-15T18:30:00Z')).toEqual([]);
        expect(names("SELECT Name FROM Opportunity WHERE CreatedDate = THIS_WEEK AND Name = 'beta'")).toEqual(['beta']);
        expect(names('SELECT Name FROM Opportunity WHERE CreatedDate = LAST_WEEK')).toEqual([]);
    });

    it('orders by several fields with NULLS FIRST/LAST, then applies OFFSET and LIMIT', () => {
        const { names } = seeded();
        expect(names('SELECT Name FROM Opportunity ORDER BY Amount')).toEqual(['Gamma_1', 'Delta', 'Alpha', 'beta']);
        expect(names('SELECT Name FROM Opportunity ORDER BY Amount DESC')).toEqual([
            'beta',
            'Alpha',
            'Delta',
            'Gamma_1'
        ]);
        expect(names('SELECT Name FROM Opportunity ORDER BY Amount ASC NULLS LAST')).toEqual([
            'Delta',
            'Alpha',
            'beta',
            'Gamma_1'
        ]);
        // A picklist sorts in its definition order (SOQL and SOSL Reference, "ORDER BY"): Closed Won comes after
        // Qualification and Prospecting, so DESC gives beta, Gamma_1 (Closed Won), Delta, Alpha.
        expect(names('SELECT Name FROM Opportunity ORDER BY StageName DESC, Name ASC LIMIT 2 OFFSET 1')).toEqual([
            'Gamma_1',
            'Delta'
        ]);
    });

    it('returns records with parent paths and child subqueries, marking only queried fields as loaded', () => {
        const { q, acme } = seeded();
        const r = q(
            "SELECT Name, Account.Name, Account.Owner.Email, (SELECT Role, Contact.Name FROM OpportunityContactRoles) FROM Opportunity WHERE Name = 'Alpha'"
        );
        expect(r.kind).toBe('records');
        const o = r.records[0];
        expect(o.getSObject('Account')!.get('Name')).toBe('Acme');
        expect(o.getSObject('Account')!.id).toBe(acme.id);
        expect(o.getSObject('Account')!.getSObject('Owner')!.get('Email')).toBe('admin@apexrt.local');
        const roles = o.getSObjects('OpportunityContactRoles')!;
        expect(roles.map((c) => [c.get('Role'), c.getSObject('Contact')!.get('Name')])).toEqual([
            ['Decision Maker', 'Jane Doe']
        ]);
        expect(thrown(() => o.get('StageName')).message).toBe(
            'SObject row was retrieved via SOQL without querying the requested field: Opportunity.StageName'
        );
        expect(thrown(() => o.getSObject('Account')!.get('BillingCountry')).message).toMatch(/Account.BillingCountry$/);
        expect(r.rowsCounted).toBe(2);
        const delta = q("SELECT Name, Account.Name FROM Opportunity WHERE Name = 'Delta'").records[0];
        expect(delta.getSObject('Account')).toBeNull();
        const acc = q(
            "SELECT Name, (SELECT Name FROM Opportunities ORDER BY Name DESC) FROM Account WHERE Name = 'Globex'"
        ).records[0];
        expect(acc.getSObjects('Opportunities')!.map((c) => c.get('Name'))).toEqual(['Gamma_1']);
    });

    it('counts and aggregates with GROUP BY into AggregateResult rows with expr aliases', () => {
        const { q } = seeded();
        const count = q("SELECT COUNT() FROM Opportunity WHERE StageName = 'Closed Won'");
        expect([count.kind, count.count]).toEqual(['count', 2]);
        // Apex Developer Guide, "Working with SOQL Aggregate Functions": COUNT() is one query row, COUNT(field)
        // with GROUP BY one per group; other aggregate functions count every row aggregated.
        expect(count.rowsCounted).toBe(1);
        const perStage = q('SELECT StageName, COUNT(Id) FROM Opportunity GROUP BY StageName');
        expect([perStage.aggregates.length, perStage.rowsCounted]).toEqual([3, 3]);
        // Grouped rows ordered by a picklist come in its definition order (SOQL and SOSL Reference, "ORDER BY").
        const agg = q(
            'SELECT StageName, COUNT(Id), SUM(Amount) total, MAX(CloseDate) FROM Opportunity GROUP BY StageName ORDER BY StageName'
        );
        expect(agg.kind).toBe('aggregate');
        const rows = agg.aggregates.map((r: AggregateResultRow) =>
            r
                .entries()
                .map(([k, v]) => [k, v instanceof Decimal ? v.toNumber() : v instanceof ApexDate ? v.toEpochDay() : v])
        );
        expect(rows).toEqual([
            [
                ['StageName', 'Prospecting'],
                ['expr0', 1],
                ['total', 100],
                ['expr1', new ApexDate(2026, 3, 15).toEpochDay()]
            ],
            [
                ['StageName', 'Qualification'],
                ['expr0', 1],
                ['total', 50],
                ['expr1', new ApexDate(2025, 12, 31).toEpochDay()]
            ],
            [
                ['StageName', 'Closed Won'],
                ['expr0', 2],
                ['total', 250],
                ['expr1', new ApexDate(2026, 5, 1).toEpochDay()]
            ]
        ]);
        expect(agg.rowsCounted).toBe(4);
        const avg = q('SELECT AVG(Amount) FROM Opportunity').aggregates[0].get('expr0') as Decimal;
        expect(avg.toNumber()).toBeCloseTo(133.333, 2);
        expect(q("SELECT SUM(Amount) FROM Opportunity WHERE Name = 'none'").aggregates[0].get('expr0')).toBeNull();
        expect(thrown(() => q('SELECT Name, COUNT(Id) FROM Opportunity GROUP BY StageName')).message).toMatch(
            /must be grouped or aggregated/
        );
    });

    it('reports unknown fields, objects and relationships with the platform QueryException messages', () => {
        const { q } = seeded();
        const column = thrown(() => q('SELECT Nope__c FROM Opportunity'));
        expect(column.exceptionType).toBe('System.QueryException');
        expect(column.message).toMatch(
            /^No such column 'Nope__c' on entity 'Opportunity'\. If you are attempting to use a custom field/
        );
        expect(thrown(() => q('SELECT CurrencyIsoCode FROM Opportunity')).message).toMatch(
            /^No such column 'CurrencyIsoCode'/
        );
        expect(thrown(() => q('SELECT Id FROM Nope__c')).message).toMatch(/^sObject type 'Nope__c' is not supported/);
        expect(thrown(() => q('SELECT Nope__r.Name FROM Opportunity')).message).toMatch(
            /^Didn't understand relationship 'Nope__r' in field path/
        );
        expect(thrown(() => q('SELECT (SELECT Id FROM Nopes__r) FROM Account')).message).toMatch(
            /in FROM part of query call/
        );
        // Standard names apexrt's schema lacks may exist on the platform: loud, not a platform error.
        expect(() => q('SELECT (SELECT Id FROM Nopes) FROM Account')).toThrow(
            'not supported by apexrt: standard relationship Nopes'
        );
        expect(() => q('SELECT TrialExpirationDate FROM Organization')).toThrow(
            'not supported by apexrt: standard field Organization.TrialExpirationDate'
        );
        expect(() => q('SELECT Id FROM Nope')).toThrow('not supported by apexrt: standard object Nope');
        expect(thrown(() => q("SELECT Id FROM Opportunity WHERE AccountId = 'abc'")).message).toBe(
            'invalid ID field: abc'
        );
        expect(thrown(() => q("SELECT Id FROM Opportunity WHERE Amount = '5'")).message).toMatch(
            /must be of type double and should not be enclosed in quotes/
        );
    });

    it('includes deleted rows with ALL ROWS', () => {
        const { db, opps, names } = seeded();
        db.delete([opps[3]]);
        expect(names("SELECT Name FROM Opportunity WHERE Name = 'Delta'")).toEqual([]);
        expect(names("SELECT Name FROM Opportunity WHERE Name = 'Delta' AND IsDeleted = true ALL ROWS")).toEqual([
            'Delta'
        ]);
    });

    it('supports semi-joins on Id fields', () => {
        const { names } = seeded();
        expect(
            names(
                "SELECT Name FROM Account WHERE Id IN (SELECT AccountId FROM Opportunity WHERE StageName = 'Prospecting')"
            )
        ).toEqual(['Acme']);
        expect(names('SELECT Name FROM Account WHERE Id NOT IN (SELECT AccountId FROM Contact)')).toEqual(['Globex']);
    });

    it('queries custom metadata records and uses queryWithBinds maps', () => {
        const { env } = seeded();
        const r = runSoql(
            "SELECT DeveloperName, MasterLabel, Active_Stage__c, Poll_Minutes__c FROM Co_Sell_Setting__mdt WHERE DeveloperName = 'Default'",
            env
        );
        expect(r.records[0].get('Active_Stage__c')).toBe('Qualification');
        expect(r.records[0].get('MasterLabel')).toBe('Default');
        expect(r.records[0].id!.startsWith('m')).toBe(true);
        const byPosition = { ...env, resolveBind: bindsFromList(['Closed Won', 1]) };
        expect(
            runSoql('SELECT Name FROM Opportunity WHERE StageName = :s ORDER BY Name LIMIT :n', byPosition).records.map(
                (x) => x.get('Name')
            )
        ).toEqual(['beta']);
        const withBinds = { ...env, resolveBind: bindsFromMap({ Stage: 'Closed Won' }) };
        expect(runSoql('SELECT Name FROM Opportunity WHERE StageName = :stage', withBinds).records).toHaveLength(2);
        expect(
            thrown(() => runSoql('SELECT Name FROM Opportunity WHERE StageName = :other', withBinds)).message
        ).toMatch(/other/);
    });

    it('reports the security mode and FOR UPDATE to the caller and honours the queried-field rule on the root', () => {
        const { env } = seeded();
        const r = runQuery(parseSoql('SELECT Id FROM Account WITH SECURITY_ENFORCED FOR UPDATE'), env);
        expect([r.securityMode, r.forUpdate, r.objectType]).toEqual(['SECURITY_ENFORCED', true, 'Account']);
        expect(() => r.records[0].get('Name')).toThrow(ApexThrow);
    });
});

describe('SOQL multi-select picklists', () => {
    it('matches INCLUDES and EXCLUDES with ; meaning all of', () => {
        const { schema, db, env } = seeded();
        const mk = (name: string, markets: string | null) =>
            SObject.create(schema, 'Partner_Center_Solution__c', {
                Name: name,
                Solution_Id__c: name,
                Markets__c: markets
            });
        db.insert([mk('S1', 'EMEA;APAC'), mk('S2', 'AMER'), mk('S3', null)]);
        const names = (where: string) =>
            runSoql(`SELECT Name FROM Partner_Center_Solution__c WHERE ${where} ORDER BY Name`, env).records.map((r) =>
                r.get('Name')
            );
        expect(names("Markets__c INCLUDES ('apac')")).toEqual(['S1']);
        expect(names("Markets__c INCLUDES ('APAC;AMER', 'AMER')")).toEqual(['S2']);
        expect(names("Markets__c INCLUDES ('EMEA;APAC')")).toEqual(['S1']);
        expect(names("Markets__c EXCLUDES ('EMEA')")).toEqual(['S2', 'S3']);
        const bad = db.insert([mk('S4', 'EMEA;MARS')], false);
        expect(bad.results[0].errors[0].message).toBe('Markets: bad value for restricted picklist field: MARS');
    });
});
