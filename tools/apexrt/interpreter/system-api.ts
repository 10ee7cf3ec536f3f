/**
 * Core System pieces the interpreter owns: System.debug/assert*, the Assert class, Type (forName/newInstance),
 * Test.startTest/stopTest/isRunningTest, LoggingLevel, String.valueOf fallback. Everything else is asked of the
 * native library (stdlib, platform) and fails loudly when nobody implements it.
 *
 * Assertion messages ([DOC System.assertEquals], help article 000193852 shows
 * "System.AssertException: Assertion Failed: Expected: 25, Actual: null"):
 *   assertEquals(x, y)        → "Assertion Failed: Expected: x, Actual: y"
 *   assertEquals(x, y, msg)   → "Assertion Failed: msg: Expected: x, Actual: y"      [INFERRED order]
 *   assertNotEquals(x, x)     → "Assertion Failed: Same value: x"                      [INFERRED]
 *   assert(false[, msg])      → "Assertion Failed" / "Assertion Failed: msg"
 */
import type * as A from '../ast/nodes';
import { ApexUnsupported } from '../core/values';
import { PRIMITIVE_NAMES, T, TypeRef } from '../types/typeref';
import { ApexList, ApexMap, ApexSet } from '../collections/collections';
import { parseTypeName } from '../natives/registry-adapter';
import type { Frame } from './frame';
import type { Interpreter } from './interpreter';
import { deserializeTyped } from './json-typed';
import { ApexError, ApexObject, TypeValue } from './runtime-values';
import { implementsStandard } from '../types/classes';
import { isInstanceOf } from './type-checks';
import { toId } from '../data/ids';

export class SystemApi {
    constructor(private readonly ip: Interpreter) {}

    private fail(message: string): ApexError {
        return this.ip.raise('System.AssertException', message);
    }

    private fmt(v: unknown, t?: TypeRef): string {
        return this.ip.sem.format(v, t?.name);
    }

    callStatic(typeName: string, method: string, args: unknown[], argTypes: TypeRef[], at: A.Pos, f: Frame): unknown {
        void f;
        const key = `${typeName.toLowerCase()}.${method.toLowerCase()}`;
        switch (key) {
            case 'system.debug':
                if (args.length === 1) this.ip.run.debugLines.push(this.fmt(args[0], argTypes[0]));
                else if (args.length === 2) this.ip.run.debugLines.push(this.fmt(args[1], argTypes[1]));
                else break;
                return undefined;
            case 'system.assert':
            case 'assert.istrue':
                if (args[0] !== true) throw this.fail(withMessage('Assertion Failed', args[1]));
                return undefined;
            case 'assert.isfalse':
                if (args[0] !== false) throw this.fail(withMessage('Assertion Failed', args[1]));
                return undefined;
            case 'system.assertequals':
            case 'assert.areequal':
                if (!this.ip.sem.equals(args[0], args[1])) {
                    throw this.fail(
                        `${withMessage('Assertion Failed', args[2])}: Expected: ${this.fmt(args[0], argTypes[0])}, Actual: ${this.fmt(args[1], argTypes[1])}`
                    );
                }
                return undefined;
            case 'system.assertnotequals':
            case 'assert.arenotequal':
                if (this.ip.sem.equals(args[0], args[1]))
                    throw this.fail(
                        `${withMessage('Assertion Failed', args[2])}: Same value: ${this.fmt(args[0], argTypes[0])}`
                    );
                return undefined;
            case 'assert.isnull':
                if (args[0] !== null)
                    throw this.fail(
                        `${withMessage('Assertion Failed', args[1])}: Expected: null, Actual: ${this.fmt(args[0], argTypes[0])}`
                    );
                return undefined;
            case 'assert.isnotnull':
                if (args[0] === null) throw this.fail(withMessage('Assertion Failed', args[1]));
                return undefined;
            case 'assert.fail':
                throw this.fail(withMessage('Assertion Failed', args[0]));
            case 'assert.isinstanceoftype':
            case 'assert.isnotinstanceoftype': {
                const t = args[1];
                if (!(t instanceof TypeValue)) throw new ApexUnsupported(`${method} without a Type argument`);
                const is = args[0] !== null && isInstanceOf(this.ip, args[0], t.type);
                if (is !== (key === 'assert.isinstanceoftype'))
                    throw this.fail(withMessage('Assertion Failed', args[2]));
                return undefined;
            }
            case 'test.isrunningtest':
                return this.ip.run.isTest;
            case 'test.starttest':
                return this.startTest();
            case 'test.stoptest':
                return this.stopTest();
            case 'test.setfixedsearchresults':
                return this.setFixedSearchResults(args[0]);
            case 'type.forname':
                return this.forName(args);
            case 'test.createstub':
                if (args.length === 2) return this.createStub(args[0], args[1]);
                break;
            case 'json.deserialize':
            case 'json.deserializestrict':
                // Typed JSON needs the classes and field initialisers (interpreter/json-typed.ts).
                if (args.length === 2) return deserializeTyped(this.ip, args[0], args[1], key.endsWith('strict'));
                break;
        }
        const r = this.ip.program.natives.callStatic(this.ip.run, typeName, method, args, argTypes);
        if (r) return r.value;
        if (key === 'string.valueof' && args.length === 1)
            return args[0] === null ? null : this.fmt(args[0], argTypes[0]);
        throw new ApexUnsupported(`${typeName}.${method}`, `line ${at.line}`);
    }

    /**
     * Test.setFixedSearchResults(List<Id>) (Apex Developer Guide, "Adding SOSL Queries to Unit Tests"): every later
     * SOSL query of the test method returns these records; called again, the new list replaces the old one.
     */
    private setFixedSearchResults(ids: unknown): undefined {
        if (!this.ip.run.isTest) throw new ApexUnsupported('Test.setFixedSearchResults outside a test run');
        const list = ids instanceof ApexList ? ids.items : [];
        this.ip.run.fixedSearchResults = list.filter((v) => v !== null).map((v) => toId(String(v)));
        return undefined;
    }

    /** Test.startTest/stopTest may each be called once per test method (platform rule). */
    private startTest(): undefined {
        const run = this.ip.run;
        if (!run.isTest) throw new ApexUnsupported('Test.startTest outside a test run');
        if (run.testStarted) throw this.ip.raise('System.FinalException', 'Testing already started');
        run.testStarted = true;
        run.testHooks.onStartTest?.(run);
        return undefined;
    }

    private stopTest(): undefined {
        const run = this.ip.run;
        if (!run.isTest) throw new ApexUnsupported('Test.stopTest outside a test run');
        if (run.testStopped) throw this.ip.raise('System.FinalException', 'Testing already stopped');
        run.testStopped = true;
        run.testHooks.onStopTest?.(run);
        return undefined;
    }

    /**
     * Test.createStub(parentType, stubProvider): an object of the class or interface whose instance method calls go
     * to the provider (Apex Reference, "Test Class", createStub; Stub API limits: tests only, no static methods).
     * Its constructors and initialisers do not run.
     */
    private createStub(type: unknown, provider: unknown): ApexObject {
        if (!this.ip.run.isTest)
            throw this.ip.raise('System.TypeException', 'Test.createStub is only allowed in tests');
        const cls = type instanceof TypeValue ? this.ip.registry.classOf(type.type) : undefined;
        if (!cls || cls.builtin) throw new ApexUnsupported(`Test.createStub of ${this.fmt(type)}`);
        if (!(provider instanceof ApexObject) || !implementsStandard(provider.cls, 'StubProvider'))
            throw new ApexUnsupported('Test.createStub with a provider that does not implement System.StubProvider');
        const stub = new ApexObject(cls);
        stub.stubProvider = provider;
        return stub;
    }

    /**
     * Type.forName(name) / Type.forName(namespace, name): null when no such type. The two-argument form looks in the
     * given namespace only; null or '' means types without a namespace (Apex Reference, Type Class, forName), so
     * from a namespaced project it finds none of the project's own classes (a subscriber org's classes do not
     * exist in apexrt); another namespace can only name a standard type.
     */
    private forName(args: unknown[]): TypeValue | null {
        if (args.length === 2) {
            const namespace = args[0] == null ? '' : String(args[0]);
            const own = this.ip.registry.namespace ?? '';
            if (namespace.toLowerCase() !== own.toLowerCase()) {
                const std = namespace ? this.ip.program.natives.typeName(`${namespace}.${String(args[1])}`) : undefined;
                // Schema is the namespace of the SObject types: Type.forName('Schema', 'Account') == Account.class.
                const sobject =
                    namespace.toLowerCase() === 'schema'
                        ? this.ip.registry.providers.sobjectType?.(String(args[1]))
                        : undefined;
                const found = std ?? sobject;
                return found ? new TypeValue({ name: found, args: [] }) : null;
            }
        }
        const name = (args.length === 2 ? `${args[0] ?? ''}.${args[1]}` : String(args[0])).replace(/^\./, '');
        // Collection type names ('Map<Id,Account>') are types too on the platform (public code that passes on orgs
        // calls Type.forName('Map<Id,' + objectName + '>').newInstance()).
        if (name.includes('<')) return new TypeValue(this.collectionType(name));
        const parts = name.split('.');
        const cls = this.ip.registry.lookupClass(parts);
        if (cls) return new TypeValue({ name: cls.fullName, args: [] });
        // Apex Reference, "Type Class", forName: any type name, SObject types included ('Account').
        const sobject = this.ip.registry.providers.sobjectType?.(name.replace(/^schema\./i, ''));
        if (sobject) return new TypeValue({ name: sobject, args: [] });
        const std = this.ip.program.natives.typeName(name);
        return std ? new TypeValue({ name: std, args: [] }) : null;
    }

    typeMethod(t: TypeValue, method: string, args: unknown[]): unknown {
        if (
            t.type.args.length &&
            !['newinstance/0', 'equals/1', 'hashcode/0'].includes(`${method.toLowerCase()}/${args.length}`)
        )
            throw new ApexUnsupported(`Type.${method} of a collection type`);
        switch (`${method.toLowerCase()}/${args.length}`) {
            case 'getname/0':
            case 'tostring/0':
                return this.ip.sem.format(t);
            case 'newinstance/0': {
                // Apex Reference, "Type Class", newInstance: a new empty collection of a collection type.
                if (t.type.name === 'List') return new ApexList(t.type.args[0], []);
                if (t.type.name === 'Set') return new ApexSet(t.type.args[0]);
                if (t.type.name === 'Map') return new ApexMap(t.type.args[0], t.type.args[1]);
                const data = this.ip.run.data;
                if (this.ip.registry.providers.sobjectType?.(t.type.name) && data.newSObject)
                    return data.newSObject(t.type.name, [], this.ip.run);
                const cls = this.ip.registry.classOf(t.type);
                if (!cls) throw new ApexUnsupported(`Type.newInstance of ${t.type.name}`);
                return this.ip.calls.instantiate(cls, [], [], { line: 0, col: 0 });
            }
            case 'equals/1':
                return this.ip.sem.equals(t, args[0]);
            case 'hashcode/0':
                return this.ip.sem.hashCode(t);
        }
        throw new ApexUnsupported(`Type.${method}`);
    }

    /** 'Map<Id, List<Account>>' as a TypeRef of List/Set/Map over primitives, SObjects and classes. */
    private collectionType(name: string): TypeRef {
        const resolve = (t: TypeRef): TypeRef => {
            const lower = t.name.toLowerCase();
            const arity = { list: 1, set: 1, map: 2 }[lower];
            if (arity !== undefined) {
                if (t.args.length !== arity) throw new ApexUnsupported(`Type.forName of the generic type ${name}`);
                return { name: lower === 'list' ? 'List' : lower === 'set' ? 'Set' : 'Map', args: t.args.map(resolve) };
            }
            if (t.args.length) throw new ApexUnsupported(`Type.forName of the generic type ${name}`);
            const prim = PRIMITIVE_NAMES[lower.replace(/^system\./, '')];
            if (prim) return { name: prim, args: [] };
            const sobject = this.ip.registry.providers.sobjectType?.(t.name.replace(/^schema\./i, ''));
            if (sobject) return { name: sobject, args: [] };
            const cls = this.ip.registry.lookupClass(t.name.split('.'));
            if (cls) return { name: cls.fullName, args: [] };
            throw new ApexUnsupported(`Type.forName of the generic type ${name}`);
        };
        return resolve(parseTypeName(name));
    }

    staticProperty(typeName: string, name: string): unknown {
        const r = this.ip.program.natives.callStatic(this.ip.run, typeName, `<get>${name}`, [], []);
        if (r) return r.value;
        // `RestContext.request.headers`: the prefix is itself a property value; read `name` from that value.
        const dot = typeName.lastIndexOf('.');
        if (dot > 0) {
            const owner = this.staticProperty(typeName.slice(0, dot), typeName.slice(dot + 1));
            const field = owner === null ? undefined : this.ip.program.natives.getField?.(owner, name);
            if (field) return field.value;
        }
        throw new ApexUnsupported(`${typeName}.${name}`);
    }

    /** `RestContext.response = ...`: a static property a native library owns (callStatic '<set>name'). */
    setStaticProperty(typeName: string, name: string, value: unknown): void {
        const r = this.ip.program.natives.callStatic(this.ip.run, typeName, `<set>${name}`, [value], []);
        if (!r) throw new ApexUnsupported(`assignment to ${typeName}.${name}`);
    }

    /** Operators the stdlib owns (Date/Datetime arithmetic, Decimal scale); undefined means "not handled". */
    nativeOperator(op: string, l: unknown, r: unknown): unknown {
        const hook = this.ip.program.natives.callStatic(this.ip.run, '<operator>', op, [l, r], [T.Object, T.Object]);
        return hook ? hook.value : undefined;
    }
}

function withMessage(prefix: string, msg: unknown): string {
    return msg === undefined || msg === null ? prefix : `${prefix}: ${String(msg)}`;
}
