/**
 * The hooks parts 2 and 3 plug into: DataLayer (DML, SOQL with binds, new SObject(...)), native field access,
 * Test.startTest/stopTest hooks, and the compile checks that guard them.
 */
import type { DmlStmt, SoqlExpr } from '../ast/nodes';
import { ApexList } from '../collections/collections';

import { callInstanceMethod, callStaticMethod, executeAnonymous, runTrigger } from '../runner/execute';
import { ApexObject } from './runtime-values';
import { buildProgram, UnitCache } from '../loader/program';
import { ApexCompileError, problemText } from '../types/registry';
import { T } from '../types/typeref';
import { DataLayer, RunContext } from './context';
import type { NativeLibrary } from './native-library';

const cache = new UnitCache();

class FakeRecord {
    constructor(
        readonly type: string,
        readonly fields: Map<string, unknown>
    ) {}
}

function fakeData(log: string[]): DataLayer {
    return {
        dml(stmt: DmlStmt, operands: unknown[]) {
            log.push(`${stmt.op} ${(operands[0] as ApexList).items.length} row(s)`);
        },
        soql(expr: SoqlExpr, resolveBind: (t: string) => unknown) {
            log.push(`${expr.query} | min=${String(resolveBind('min'))}`);
            return new ApexList(T.Object, [1, 2]);
        },
        newSObject(typeName, fields) {
            return new FakeRecord(typeName, new Map(fields.map(([k, v]) => [k.toLowerCase(), v])));
        },
        snapshot: () => undefined,
        restore: () => undefined
    };
}

const sobjectNatives: NativeLibrary = {
    typeName: () => undefined,
    callStatic: () => undefined,
    callInstance: () => undefined,
    getField: (self, name) =>
        self instanceof FakeRecord ? { value: self.fields.get(name.toLowerCase()) ?? null } : undefined,
    setField: (self, name, value) =>
        self instanceof FakeRecord ? (self.fields.set(name.toLowerCase(), value), true) : false,
    equals: (a, b) =>
        a instanceof FakeRecord && b instanceof FakeRecord ? a.fields.get('name') === b.fields.get('name') : undefined,
    hash: (v) => (v instanceof FakeRecord ? String(v.fields.get('name')) : undefined)
};

const providers = { sobjectType: (n: string) => (n.toLowerCase() === 'account' ? 'Account' : undefined) };

describe('extension points', () => {
    it('dispatches DML, SOQL (with lazily resolved binds) and SObject creation to the data layer', () => {
        const log: string[] = [];
        const r = executeAnonymous(
            "Account a = new Account(Name = 'Acme', Size__c = 1 + 2);\nSystem.debug(a.Name);\na.Name = 'Other';\nSystem.debug(a.name);\nInteger min = 5;\nList<Object> rows = [SELECT Id FROM Account WHERE Size__c > :min];\nSystem.debug(rows.size());\ninsert rows;",
            { cache, providers, natives: sobjectNatives, run: { data: fakeData(log) } }
        );
        expect(r.exception).toBeUndefined();
        expect(r.debugLines).toEqual(['Acme', 'Other', '2']);
        expect(log).toEqual(['SELECT Id FROM Account WHERE Size__c > :min | min=5', 'insert 2 row(s)']);
    });

    it('lets the native library decide equality and hashing of its values', () => {
        const r = executeAnonymous(
            "Account a = new Account(Name = 'x');\nAccount b = new Account(Name = 'x');\nSystem.debug(a == b);\nSet<Object> s = new Set<Object>{a, b, new Account(Name = 'y')};\nSystem.debug(s.size());",
            { cache, providers, natives: sobjectNatives, run: { data: fakeData([]) } }
        );
        expect(r.debugLines).toEqual(['true', '2']);
    });

    it('runs Test.startTest/stopTest hooks once each', () => {
        const calls: string[] = [];
        const run = {
            isTest: true,
            testHooks: {
                onStartTest: (r: RunContext) => calls.push(`start ${r.isTest}`),
                onStopTest: () => calls.push('stop')
            }
        };
        const r = executeAnonymous('Test.startTest();\nSystem.debug(Test.isRunningTest());\nTest.stopTest();', {
            cache,
            run
        });
        expect(r.debugLines).toEqual(['true']);
        expect(calls).toEqual(['start true', 'stop']);
        const twice = executeAnonymous('Test.startTest();\nTest.startTest();', { cache, run });
        expect(twice.exception).toMatchObject({ type: 'System.FinalException', message: 'Testing already started' });
    });

    it('safe navigation short-circuits the rest of the chain', () => {
        const r = executeAnonymous(
            'public class Box { public Box child; public Integer v = 1; }\nBox b;\nSystem.debug(b?.child.v);\nBox c = new Box();\nSystem.debug(c?.child?.v);',
            { cache }
        );
        expect(r.debugLines).toEqual(['null', 'null']);
    });
});

describe('compile checks', () => {
    function problems(src: string): string[] {
        try {
            executeAnonymous(src, { cache });
        } catch (e) {
            if (e instanceof ApexCompileError) return e.problems.map((p) => `${p.line}: ${problemText(p)}`);
            throw e;
        }
        return [];
    }

    it('requires implementations of interface and abstract methods', () => {
        expect(problems('public interface Shape { Integer area(); }\npublic class Sq implements Shape { }')).toEqual([
            '2: Class Sq must implement the method: Integer Shape.area()'
        ]);
        expect(
            problems(
                'public abstract class A { public abstract void run(); }\npublic class B extends A { public override void run() {} }'
            )
        ).toEqual([]);
    });

    it('checks override keywords', () => {
        expect(
            problems(
                'public virtual class A { public virtual void m() {} }\npublic class B extends A {\n public void m() {} }'
            )
        ).toEqual(['3: Method must use the override keyword: void B.m()']);
        expect(
            problems('public virtual class A { }\npublic class B extends A {\n public override void m() {} }')
        ).toEqual(['3: Method does not override an ancestor method: void B.m()']);
        expect(
            problems(
                'public virtual class A { public void m() {} }\npublic class B extends A {\n public override void m() {} }'
            )
        ).toEqual(['3: Cannot override non-virtual method: void A.m()']);
    });

    it('checks return values, constructors, member names and integer literals', () => {
        expect(problems("public class R {\n Integer m() { return 'x'; } }")).toEqual([
            '2: Illegal assignment from String to Integer'
        ]);
        expect(problems('public class C { public C(String s) {} }\nC c = new C(1);')).toEqual([
            '2: Constructor not defined: [C].<Constructor>(Integer)'
        ]);
        expect(problems('public class P { public Integer x; }\nP p = new P();\np.y = 1;')).toEqual([
            '3: Variable does not exist: y'
        ]);
        expect(problems('Integer i = 2147483649;')).toEqual(['1: Illegal integer: 2147483649']);
    });

    it('rejects duplicate local variables', () => {
        expect(problems("Integer x = 1;\nif (x == 1) {\n    String x = 'a';\n}")).toEqual(['3: Duplicate variable: x']);
        expect(problems('for (Integer i = 0; i < 2; i++) {}\nfor (Integer i = 0; i < 2; i++) {}')).toEqual([]);
    });

    it('rejects instance calls from a static context; unknown types are gaps of apexrt, not compile errors', () => {
        expect(problems('public class K {\n void inst() {}\n static void s() { inst(); } }')).toEqual([
            '3: Non static method cannot be referenced from a static context: inst'
        ]);
        expect(problems('Foo x = null;')).toEqual(['1: not supported by apexrt: type Foo']);
        expect(problems('Object o = Foo.Bar.make();')).toEqual(['1: not supported by apexrt: Foo.Bar.make']);
    });
});

describe('triggers', () => {
    it('runs a trigger body with Trigger.* read from the native library', () => {
        const natives: NativeLibrary = {
            typeName: (n) => (n.toLowerCase() === 'trigger' ? 'Trigger' : undefined),
            callStatic: (_run, type, method) =>
                type === 'Trigger' && method.toLowerCase() === '<get>isbefore' ? { value: true } : undefined,
            callInstance: () => undefined
        };
        const program = buildProgram(
            [
                {
                    file: 'T.trigger',
                    kind: 'trigger',
                    name: 'T',
                    source: "trigger T on Account (before insert) {\n    if (Trigger.isBefore) {\n        System.debug('before');\n    }\n}"
                }
            ],
            { natives, cache }
        );
        const run = new RunContext();
        runTrigger(program, run, program.triggers[0].unit, program.triggers[0].file);
        expect(run.debugLines).toEqual(['before']);
        expect([...(run.coverage.hits.get('T.trigger') ?? [])].sort()).toEqual([2, 3]);
    });
});

describe('calling into Apex from TypeScript', () => {
    it('calls static and instance methods with Apex values', () => {
        const program = buildProgram(
            [
                {
                    file: 'Svc.cls',
                    kind: 'class',
                    name: 'Svc',
                    source: "public class Svc { public static String greet(String who) { return 'hi ' + who; } public static Integer greet(Integer n) { return n + 1; } public static Svc make() { return new Svc(); } public Integer twice(Integer x) { return x * 2; } }"
                }
            ],
            { cache }
        );
        const run = new RunContext();
        expect(callStaticMethod(program, run, 'Svc', 'greet', ['Bob'])).toBe('hi Bob');
        expect(callStaticMethod(program, run, 'svc', 'GREET', [41])).toBe(42);
        const obj = callStaticMethod(program, run, 'Svc', 'make', []) as ApexObject;
        expect(callInstanceMethod(program, run, obj, 'twice', [21])).toBe(42);
    });
});
