/**
 * Part 3 of the platform layer beyond the golden corpus (golden/platform-async): the end-to-end fixture project
 * (trigger → event → Queueable → callout → DML), @future compile checks, what apexrt refuses to guess (runAs
 * outside tests or as a non-administrator for access checks, setTimeout out of range, the cumulative callout
 * time), and the local org's async runner redelivering retried event batches and running futures.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { ApexUnsupported } from '../core/values';
import { SchemaRegistry } from '../data';
import { dataRuntime } from '../data-bridge';
import { RunContext } from '../interpreter/context';
import { buildProgram } from '../loader/program';
import { loadProject } from '../index';
import { defaultNatives } from '../natives/default-natives';
import { callStaticMethod, runAnonymous, runTrigger } from '../runner/execute';
import { runTests } from '../runner/test-runner';
import { ApexCompileError } from '../types/registry';
import { AsyncRunner } from '../../local-org/async-runner';
import { CalloutRouter } from '../../local-org/callout-router';
import type { LocalOrg } from '../../local-org/local-org';
import { HttpResponseValue } from './http-values';
import { platformNatives, platformTestHooks } from './platform-natives';
import { PlatformState } from './platform-state';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const GOLDEN_SRC = path.join(__dirname, '..', 'golden', 'platform-async', 'src');

describe('end to end: Account trigger → platform event → Queueable → callout → DML (fixtures/async-pipeline)', () => {
    it('passes every Apex test of the fixture project', () => {
        const program = loadProject({
            sourceDir: path.join(FIXTURES, 'async-pipeline'),
            root: FIXTURES,
            diskCache: false,
            namespace: 'cosell'
        });
        const result = runTests(program, { dataLayer: () => program.newDataLayer(), testHooks: platformTestHooks });
        expect(result.tests.map((t) => `${t.methodName}:${t.outcome}${t.message ? ` ${t.message}` : ''}`)).toEqual([
            'accountToEventToQueueableToCalloutToDml:Pass',
            'calloutFromATriggerFails:Pass',
            'futureWithoutCalloutTrueCannotCallOut:Pass',
            'queueableWithoutAllowsCalloutsCannotCallOut:Pass',
            'uncommittedWorkBlocksTheCallout:Pass'
        ]);
    });
});

const data = dataRuntime(SchemaRegistry.standardOnly({ namespace: 'cosell' }), defaultNatives(), {
    runTrigger,
    // Named credentials X and Partner_Center_Referrals authenticate with the external credential PC, whose
    // principal the permission set Callouts grants (withCalloutAccess assigns it).
    permissionSets: new Map([
        [
            'Callouts',
            {
                label: 'Callouts',
                customPermissions: [],
                objects: new Map(),
                fields: new Map(),
                externalCredentialPrincipals: ['pc-named']
            }
        ]
    ]),
    orgConfig: {
        namedCredentials: new Map([
            ['x', 'PC'],
            ['partner_center_referrals', 'PC']
        ]),
        subscriberConfigs: new Map()
    }
});

/** A data layer whose running user (the administrator) holds the permission set Callouts. */
function withCalloutAccess(program: Parameters<typeof data.newDataLayer>[0]): ReturnType<typeof data.newDataLayer> {
    const layer = data.newDataLayer(program);
    const db = layer.org.db;
    const set = db.rows(layer.org.schema.getObject('PermissionSet')!).find((r) => r.name === 'Callouts')!;
    db.insertSystemRow('PermissionSetAssignment', {
        AssigneeId: layer.org.setup.runningUserId,
        PermissionSetId: set.id
    });
    return layer;
}

function run(source: string, options: { isTest?: boolean; classes?: string } = {}): ReturnType<typeof runAnonymous> {
    const files = options.classes
        ? [{ file: 'Helper.cls', kind: 'class' as const, name: 'Helper', source: options.classes }]
        : [];
    const program = buildProgram(
        files,
        { namespace: 'cosell', natives: data.natives, providers: data.providers },
        source
    );
    return runAnonymous(
        program,
        new RunContext({
            data: data.newDataLayer(program),
            isTest: options.isTest,
            testHooks: options.isTest ? platformTestHooks : undefined
        })
    );
}

function compileProblems(classSource: string): string[] {
    try {
        buildProgram([{ file: 'Jobs.cls', kind: 'class', name: 'Jobs', source: classSource }], {
            namespace: 'cosell',
            natives: data.natives,
            providers: data.providers
        });
    } catch (e) {
        if (e instanceof ApexCompileError) return e.problems.map((p) => `${p.line}: ${p.message}`);
        throw e;
    }
    return [];
}

describe('@future compile checks', () => {
    it('accepts static void methods with primitives and collections of primitives', () => {
        expect(
            compileProblems(`public class Jobs {
                @future public static void a(String s, Integer i, Id recordId, List<Id> ids, Set<String> names,
                    Map<String, Decimal> amounts, String[] tags) {}
                @future(callout=true) static void b() {}
            }`)
        ).toEqual([]);
    });

    it('rejects instance methods, return values, sObjects and objects as parameters', () => {
        expect(
            compileProblems(`public class Jobs {
                @future public void instance() {}
                @future public static Integer returns() { return 1; }
                @future public static void records(Account a, List<Account> accounts) {}
                @future public static void objects(Object o, Jobs j) {}
            }`)
        ).toEqual([
            '2: Future methods must be static: instance',
            '3: Future methods must return void: returns',
            '4: Unsupported parameter type Account',
            '4: Unsupported parameter type List<Account>',
            '5: Unsupported parameter type Object',
            '5: Unsupported parameter type Jobs'
        ]);
    });
});

describe('what apexrt does not guess', () => {
    it('System.runAs outside a test method is unsupported', () => {
        expect(() => run(`System.runAs(new User(Id = UserInfo.getUserId())) { System.debug('x'); }`)).toThrow(
            /not supported by apexrt: System.runAs outside a test method/
        );
    });

    it('access checks run as a user of an unmodelled profile are unsupported; as an admin they answer', () => {
        const insertUser = `
            Id profileId = [SELECT Id FROM Profile WHERE Name = :profileName].Id;
            User u = new User(LastName = 'T', Username = 't@x.example', Email = 't@x.example', Alias = 't',
                ProfileId = profileId, TimeZoneSidKey = 'GMT', LocaleSidKey = 'en_US', EmailEncodingKey = 'UTF-8',
                LanguageLocaleKey = 'en_US');
            insert u;`;
        const admin = run(
            `String profileName = 'System Administrator';${insertUser}
            System.runAs(u) { System.debug(Schema.SObjectType.Account.isAccessible()); }`,
            { isTest: true }
        );
        expect(admin.debugLines).toEqual(['true']);
        for (const check of [
            'Schema.SObjectType.Account.isCreateable()',
            'Schema.SObjectType.Account.fields.Name.isAccessible()',
            '[SELECT Id FROM Account WITH USER_MODE]',
            "Database.insert(new Account(Name = 'x'), AccessLevel.USER_MODE)"
        ]) {
            expect(() =>
                run(`String profileName = 'Standard User';${insertUser}\nSystem.runAs(u) { Object o = ${check}; }`, {
                    isTest: true
                })
            ).toThrow(/neither System Administrator nor Minimum Access/);
        }
        // Minimum Access - Salesforce grants nothing by itself: without permission sets, describe says no, a
        // user-mode query throws a catchable QueryException, and what apexrt cannot reproduce still fails loudly.
        const minimum = `String profileName = 'Minimum Access - Salesforce';${insertUser}`;
        const denied = run(
            `${minimum}
            System.runAs(u) {
                System.debug(Schema.SObjectType.Account.isAccessible());
                System.debug(Schema.SObjectType.Account.fields.Name.isAccessible());
                try { List<Account> rows = [SELECT Id FROM Account WITH USER_MODE]; }
                catch (QueryException e) { System.debug('QueryException'); }
            }`,
            { isTest: true }
        );
        expect(denied.debugLines).toEqual(['false', 'false', 'QueryException']);
        expect(() =>
            run(`${minimum}\nSystem.runAs(u) { Database.insert(new Account(Name = 'x'), AccessLevel.USER_MODE); }`, {
                isTest: true
            })
        ).toThrow(/insert in user mode of Account by a user without the create object permission/);
    });

    it('@future called from a Queueable is unsupported (its future-call limit is undocumented)', () => {
        const classes = `public class Helper implements Queueable {
            public void execute(QueueableContext c) { later(); }
            @future public static void later() {}
        }`;
        expect(() =>
            run(`Test.startTest(); System.enqueueJob(new Helper()); Test.stopTest();`, { isTest: true, classes })
        ).toThrow(/@future called from a Queueable/);
    });

    it('runAs with a User that was never inserted is unsupported', () => {
        expect(() => run(`System.runAs(new User(LastName = 'New')) { }`, { isTest: true })).toThrow(
            /System.runAs with a User that is not inserted/
        );
    });

    it('HttpRequest.setTimeout accepts 1..120000 ms and refuses to guess the error outside', () => {
        expect(run(`HttpRequest r = new HttpRequest(); r.setTimeout(1); r.setTimeout(120000);`).exception).toBe(
            undefined
        );
        for (const ms of [0, 120001, -5])
            expect(() => run(`new HttpRequest().setTimeout(${ms});`)).toThrow(/setTimeout\(.*\) outside 1..120000 ms/);
    });

    it('EventBus.TriggerContext.currentContext() outside an event trigger is unsupported', () => {
        expect(() => run(`EventBus.TriggerContext c = EventBus.TriggerContext.currentContext();`)).toThrow(
            ApexUnsupported
        );
    });

    it('callouts past 120 s of cumulative callout time in one transaction are unsupported', () => {
        const program = buildProgram(
            [],
            { namespace: 'cosell', natives: data.natives, providers: data.providers },
            `for (Integer i = 0; i < 3; i++) { HttpRequest r = new HttpRequest(); r.setEndpoint('callout:cosell__X/y');
             System.debug(new Http().send(r).getStatusCode()); }`
        );
        let clock = 0;
        const now = jest.spyOn(Date, 'now').mockImplementation(() => clock);
        try {
            const router = (): HttpResponseValue => {
                clock += 50_000; // each callout takes 50 s
                const response = new HttpResponseValue();
                response.statusCode = 200;
                return response;
            };
            const r = new RunContext({ data: withCalloutAccess(program), org: new PlatformState(router) });
            expect(() => runAnonymous(program, r)).toThrow(/120 s cumulative callout time \(150000 ms/);
            expect(r.debugLines).toEqual(['200', '200']);
        } finally {
            now.mockRestore();
        }
    });
});

describe('callouts through a named credential need principal access (outside tests)', () => {
    const ok = (): HttpResponseValue => {
        const response = new HttpResponseValue();
        response.statusCode = 200;
        return response;
    };
    const block = `HttpRequest r = new HttpRequest(); r.setEndpoint('callout:cosell__X/y');
        System.debug(new Http().send(r).getStatusCode());`;
    const program = buildProgram([], { namespace: 'cosell', natives: data.natives, providers: data.providers }, block);

    it('a user with a permission set granting a principal of the external credential calls out', () => {
        const r = new RunContext({ data: withCalloutAccess(program), org: new PlatformState(ok) });
        expect(runAnonymous(program, r).debugLines).toEqual(['200']);
    });

    it('a user without it is refused loudly (the platform refuses with an undocumented message)', () => {
        const r = new RunContext({ data: data.newDataLayer(program), org: new PlatformState(ok) });
        expect(() => runAnonymous(program, r)).toThrow(
            /a callout through X by admin@apexrt.local, who has no principal access to the external credential PC/
        );
    });
});

describe('local org async runner', () => {
    const project = loadProject({ sourceDir: GOLDEN_SRC, root: path.dirname(GOLDEN_SRC), diskCache: false });
    const layer = project.newDataLayer();
    const transaction = <T>(work: (r: RunContext) => T): T => {
        const r = new RunContext({ data: layer, org: new PlatformState() });
        const before = layer.snapshot();
        try {
            const result = work(r);
            runner.afterCommit(org, r);
            return result;
        } catch (e) {
            layer.restore(before);
            throw e;
        }
    };
    const org = { project, transaction } as unknown as LocalOrg;
    const runner = new AsyncRunner();
    const call = (className: string, method: string, args: unknown[]): void =>
        transaction((r) => {
            callStaticMethod(project, r, className, method, args);
        });
    const accounts = (): string[] =>
        transaction((r) => {
            const list = layer.soql(
                { k: 'soql', query: 'SELECT Name FROM Account ORDER BY Name', binds: [], line: 1, col: 1 } as never,
                () => undefined,
                r
            ) as { items: Array<{ get(f: string): unknown }> };
            return list.items.map((a) => String(a.get('Name')));
        });

    it('runs a future after the commit and redelivers a retried event batch later', async () => {
        call('FutureWork', 'record', ['from the runner']);
        await runner.idle();
        expect(accounts()).toEqual(['from the runner']);
        expect(runner.jobsRun.get('FutureWork.record')).toBe(1);

        transaction((r) => {
            const event = layer.newSObject('Golden_Event__e', [['Payload__c', 'retry-twice']]);
            platformNatives().callStatic(r, 'EventBus', 'publish', [event], []);
        });
        await runner.idle();
        expect(runner.errors).toEqual([]);
        expect(accounts()).toEqual(['from the runner', 'retry-twice']);
        expect(runner.eventBus.subscriber('GoldenEventTrigger')).toMatchObject({ retries: 0, state: 'running' });
    }, 30_000);
});

describe('callout timeout on the local org (real HTTP through the callout router)', () => {
    let server: ChildProcess;
    let url: string;

    beforeAll(async () => {
        // A slow named-credential host in a process of its own (the router's HTTP is synchronous).
        server = spawn(process.execPath, [
            '-e',
            `require('http').createServer((req, res) => {
                if (req.url === '/_emulator/tokens') return res.end(JSON.stringify({ access_token: 't' }));
                setTimeout(() => res.end('late'), 8000);
            }).listen(0, '127.0.0.1', function () { console.log(this.address().port); });`
        ]);
        const port = await new Promise<string>((resolve) => server.stdout!.once('data', (d) => resolve(String(d))));
        url = `http://127.0.0.1:${port.trim()}`;
    });

    afterAll(() => {
        server.kill();
    });

    it('applies HttpRequest.setTimeout to the request: CalloutException "Read timed out"', () => {
        const router = new CalloutRouter(url);
        const program = buildProgram(
            [],
            { namespace: 'cosell', natives: data.natives, providers: data.providers },
            `HttpRequest req = new HttpRequest();
            req.setEndpoint('callout:cosell__Partner_Center_Referrals/slow');
            req.setMethod('GET');
            req.setTimeout(300);
            try {
                new Http().send(req);
            } catch (CalloutException e) {
                System.debug(e.getMessage() + ' callouts=' + Limits.getCallouts());
            }`
        );
        const r = new RunContext({
            data: withCalloutAccess(program),
            org: new PlatformState((request) => router.send(request))
        });
        const started = Date.now();
        expect(runAnonymous(program, r).debugLines).toEqual(['Read timed out callouts=1']);
        expect(Date.now() - started).toBeLessThan(7000);
    }, 30_000);
});
