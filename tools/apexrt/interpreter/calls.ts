/**
 * Method calls (overload resolution, virtual dispatch, super calls), object creation with constructor chaining,
 * instance/static member storage, properties and per-run static initialisation.
 */
import type * as A from '../ast/nodes';
import { ApexList, ApexMap, ApexSet, UnorderedList } from '../collections/collections';
import { callListMethod, callMapMethod, callSetMethod, sortStable } from '../collections/methods';
import { ApexThrow, ApexUnsupported } from '../core/values';
import { idEquals } from '../data/ids';
import {
    ClassInfo,
    CtorInfo,
    FieldInfo,
    findMethods,
    findProp,
    hasModifier,
    implementsStandard,
    MethodInfo,
    ParamInfo,
    PropInfo
} from '../types/classes';
import { sameType, T, TypeRef } from '../types/typeref';
import { Frame } from './frame';
import type { Interpreter } from './interpreter';
import { chainIsSafe } from './safe-navigation';
import { npe } from './operators';
import { ApexError, ApexObject, EnumValue, ReturnSignal, TypeValue } from './runtime-values';
import { standardEnumConstants, standardEnumOrdered } from '../types/standard-enums';
import { selectOverload } from './overloads';
import { coerceToType, runtimeType } from './type-checks';
import { FIELD_OF_TYPE } from './native-library';

type Ref = { get(): unknown; set(v: unknown): void; type: TypeRef };

// Member storage as classes, not closures: a Ref is made for every member a run reads or writes.

/** A static field: its class's statics of this run (initialised on first use). */
class StaticFieldRef implements Ref {
    readonly type: TypeRef;
    private readonly key: string;

    constructor(
        private readonly calls: Calls,
        private readonly field: FieldInfo
    ) {
        this.type = field.type;
        this.key = field.name.toLowerCase();
    }

    get(): unknown {
        return this.calls.staticsOf(this.field.owner).get(this.key) ?? null;
    }

    set(v: unknown): void {
        this.calls.setChecked(this.calls.staticsOf(this.field.owner), this.key, v, this.field);
    }
}

/** An instance field of `self` (null: a NullPointerException on use). */
class InstanceFieldRef implements Ref {
    readonly type: TypeRef;
    private readonly key: string;

    constructor(
        private readonly calls: Calls,
        private readonly field: FieldInfo,
        private readonly self: ApexObject | null
    ) {
        this.type = field.type;
        this.key = field.name.toLowerCase();
    }

    private fields(): Map<string, unknown> {
        if (!this.self) throw npe();
        return this.self.fields;
    }

    get(): unknown {
        return this.fields().get(this.key) ?? null;
    }

    set(v: unknown): void {
        this.calls.setChecked(this.fields(), this.key, v, this.field);
    }
}

/** The variable behind a property (its automatic or explicit backing variable). */
class BackingRef implements Ref {
    readonly type: TypeRef;
    private readonly key: string;

    constructor(
        private readonly calls: Calls,
        private readonly prop: PropInfo,
        private readonly self: ApexObject | null
    ) {
        this.type = prop.type;
        this.key = prop.name.toLowerCase();
    }

    private store(): Map<string, unknown> {
        const s = this.prop.isStatic ? this.calls.staticsOf(this.prop.owner) : this.self?.fields;
        if (!s) throw npe();
        return s;
    }

    get(): unknown {
        return this.store().get(this.key) ?? null;
    }

    set(v: unknown): void {
        this.store().set(this.key, v);
    }
}

/** A property: its accessors' bodies when it has them, else its backing variable. */
class PropRef implements Ref {
    readonly type: TypeRef;
    private readonly backing: BackingRef;

    constructor(
        private readonly calls: Calls,
        private readonly prop: PropInfo,
        private readonly self: ApexObject | null
    ) {
        this.type = prop.type;
        this.backing = new BackingRef(calls, prop, self);
    }

    get(): unknown {
        const getter = this.prop.member.getter;
        return getter?.body
            ? this.calls.runAccessor(this.prop, this.self, getter.body, 'get', undefined)
            : this.backing.get();
    }

    set(v: unknown): void {
        const setter = this.prop.member.setter;
        if (!setter) throw new ApexUnsupported(`property ${this.prop.name} has no setter`);
        if (setter.body) this.calls.runAccessor(this.prop, this.self, setter.body, 'set', v);
        else this.backing.set(v);
    }
}

export class Calls {
    constructor(private readonly ip: Interpreter) {}

    // ----- statics -----

    staticsOf(cls: ClassInfo): Map<string, unknown> {
        const standard = standardEnumConstants(cls);
        if (standard) return standard;
        this.ensureStaticInit(cls);
        let m = this.ip.run.statics.get(cls);
        if (!m) this.ip.run.statics.set(cls, (m = new Map()));
        return m;
    }

    /** Runs static field initialisers and static blocks once per run (per transaction), in source order. */
    ensureStaticInit(cls: ClassInfo): void {
        const run = this.ip.run;
        if (run.staticInit.has(cls) || cls.builtin) return;
        this.ip.program.ensureLoaded?.(cls);
        run.staticInit.set(cls, 'running');
        if (cls.superclass) this.ensureStaticInit(cls.superclass);
        const store = new Map<string, unknown>();
        run.statics.set(cls, store);
        if (cls.kind === 'enum') cls.enumValues.forEach((n, i) => store.set(n.toLowerCase(), new EnumValue(cls, n, i)));
        const frame = new Frame(cls, null, `Class.${cls.fullName}.<clinit>`, cls.file, true);
        this.withFrame(frame, () => {
            for (const m of cls.decl?.members ?? []) {
                if (m.k === 'field' && m.modifiers.includes('static')) {
                    const field = cls.fields.get(m.decls[0].name.toLowerCase())!;
                    for (const d of m.decls) {
                        frame.line = d.line;
                        frame.col = d.col;
                        if (d.init) run.coverage.hit(cls.file, d.line);
                        store.set(
                            d.name.toLowerCase(),
                            d.init ? this.ip.coerce(this.ip.eval(d.init, frame), field.type, d.init, frame) : null
                        );
                    }
                } else if (m.k === 'prop' && m.modifiers.includes('static')) {
                    store.set(m.name.toLowerCase(), null);
                } else if (m.k === 'init' && m.isStatic) {
                    this.ip.execBlock(m.body, frame);
                }
            }
        });
        run.staticInit.set(cls, 'done');
    }

    fieldRef(field: FieldInfo, self: ApexObject | null): Ref {
        // Static storage is touched lazily: resolving a name (static typing, checks) must not run initialisers.
        return field.isStatic ? new StaticFieldRef(this, field) : new InstanceFieldRef(this, field, self);
    }

    /** Stores a field's value; a final field only from its class's initialisers and constructors. */
    setChecked(store: Map<string, unknown>, key: string, v: unknown, field: FieldInfo): void {
        // [DOC] final fields can be assigned only in their declaration, an initializer or a constructor.
        if (field.isFinal && !this.inInitializerOf(field.owner))
            throw new ApexThrow('System.FinalException', 'Final variable has already been initialized');
        store.set(key, v);
    }

    private inInitializerOf(cls: ClassInfo): boolean {
        const top = this.ip.frames[this.ip.frames.length - 1];
        return !!top && top.cls === cls && /<(init|clinit)>$/.test(top.where);
    }

    /** Storage behind a property (its automatic or explicit backing variable). */
    backingRef(prop: PropInfo, self: ApexObject | null): Ref {
        return new BackingRef(this, prop, self);
    }

    propRef(prop: PropInfo, self: ApexObject | null): Ref {
        return new PropRef(this, prop, self);
    }

    /** Runs a property's get or set accessor body. */
    runAccessor(
        prop: PropInfo,
        self: ApexObject | null,
        body: A.BlockStmt,
        kind: 'get' | 'set',
        value: unknown
    ): unknown {
        const frame = new Frame(
            prop.owner,
            self,
            `Class.${prop.owner.fullName}.${kind}${prop.name}`,
            prop.owner.file,
            prop.isStatic,
            prop
        );
        if (kind === 'set') frame.declare('value', { type: prop.type, value, isFinal: false });
        return this.withFrame(frame, () => {
            try {
                this.ip.execBlock(body, frame);
            } catch (e) {
                if (e instanceof ReturnSignal) return e.value ?? null;
                throw e;
            }
            return null;
        });
    }

    staticMemberRef(cls: ClassInfo, name: string): Ref | undefined {
        for (let c: ClassInfo | undefined = cls; c; c = c.superclass) {
            const f = c.fields.get(name.toLowerCase());
            if (f?.isStatic) return this.fieldRef(f, null);
            const p = c.props.get(name.toLowerCase());
            if (p?.isStatic) return this.propRef(p, null);
        }
        if (cls.kind === 'enum') {
            const store = this.staticsOf(cls);
            const v = store.get(name.toLowerCase());
            if (v instanceof EnumValue)
                return {
                    type: { name: cls.fullName, args: [] },
                    get: () => v,
                    set: () => {
                        throw new ApexUnsupported('assignment to an enum constant');
                    }
                };
        }
        return undefined;
    }

    instanceMemberRef(obj: ApexObject, name: string): Ref | undefined {
        for (let c: ClassInfo | undefined = obj.cls; c; c = c.superclass) {
            const f = c.fields.get(name.toLowerCase());
            if (f) return this.fieldRef(f, f.isStatic ? null : obj);
        }
        const p = findProp(obj.cls, name);
        if (p) return this.propRef(p, p.isStatic ? null : obj);
        return undefined;
    }

    // ----- frames -----

    withFrame<R>(frame: Frame, body: () => R): R {
        const frames = this.ip.frames;
        if (frames.length >= this.ip.run.maxStackDepth)
            throw this.ip.raise('System.LimitException', 'Maximum stack depth has been reached.');
        frames.push(frame);
        this.ip.run.callClasses.push(frame.cls);
        try {
            return body();
        } catch (e) {
            // The JS stack runs out (~400 Apex calls) before the platform's depth limit, so this is not a
            // LimitException the platform would raise: fail loudly instead.
            // (If building the error overflows again, the RangeError unwinds to the next frame, which retries.)
            if (e instanceof RangeError && e.message.indexOf('call stack') >= 0) {
                throw new ApexUnsupported(
                    `Apex call depth ${frames.length} (the JS stack is exhausted before the platform's limit)`
                );
            }
            throw e;
        } finally {
            frames.pop();
            this.ip.run.callClasses.pop();
        }
    }

    captureStack(): { stack: string[]; line: number; col: number } {
        const frames = this.ip.frames;
        const top = frames[frames.length - 1];
        return { stack: [...frames].reverse().map((f) => f.stackLine()), line: top?.line ?? 0, col: top?.col ?? 0 };
    }

    newExceptionObject(cls: ClassInfo, message: string | null, cause: ApexObject | null): ApexObject {
        const obj = new ApexObject(cls);
        obj.exception = { message, cause, ...this.captureStack() };
        return obj;
    }

    // ----- calls -----

    argTypes(args: A.Expr[], values: unknown[], f: Frame): TypeRef[] {
        return args.map((a, i) => {
            const st = this.ip.types.typeOf(a, f);
            // Overloads are chosen by static types (docs/reference/apex-semantics.md §3.8); runtime types only stand in where the static
            // layer could not type the argument.
            return st.name === '?' ? runtimeType(this.ip, values[i], st) : st;
        });
    }

    evalCall(e: A.CallExpr, f: Frame): unknown {
        if (!e.target) return this.callUnqualified(e, f);
        if (e.target.k === 'super') {
            const sup = f.cls?.superclass;
            if (!sup || !f.self) throw new ApexUnsupported('super call without a superclass instance');
            const args = e.args.map((a) => this.ip.eval(a, f));
            const m = this.pick(findMethods(sup, e.name), this.argTypes(e.args, args, f), e);
            if (!m) return this.exceptionNative(f.self, e.name, args, e);
            return this.invoke(m, f.self, args, e);
        }
        const path = this.ip.typePath(e.target, f);
        if (path?.k === 'class') {
            const args = e.args.map((a) => this.ip.eval(a, f));
            const m = this.pick(
                findMethods(path.cls, e.name).filter((x) => x.isStatic),
                this.argTypes(e.args, args, f),
                e
            );
            if (m) return this.invoke(m, null, args, e);
            if (path.cls.kind === 'enum' && e.name.toLowerCase() === 'values' && args.length === 0) {
                const store = this.staticsOf(path.cls);
                const members = path.cls.enumValues.map((n) => store.get(n.toLowerCase()));
                const elemType = { name: path.cls.fullName, args: [] };
                // Members known, order not documented: a list that is loud to read (collections.ts).
                if (!standardEnumOrdered(path.cls))
                    return new UnorderedList(elemType, members, `${path.cls.fullName}.values()`);
                return new ApexList(elemType, members);
            }
            if (path.cls.kind === 'enum' && e.name.toLowerCase() === 'valueof' && args.length === 1) {
                const v = this.staticsOf(path.cls).get(String(args[0]).toLowerCase());
                return v ?? null;
            }
            throw new ApexUnsupported(`Method does not exist: ${path.cls.fullName}.${e.name}`, `line ${e.line}`);
        }
        if (path?.k === 'std') {
            const args = e.args.map((a) => this.ip.eval(a, f));
            const argTypes = this.argTypes(e.args, args, f);
            // `Trigger.newMap.keySet()`, `Account.SObjectType.getDescribe()`: the dotted path ends in a static
            // property of a standard type, and the call is on its value.
            const dot = path.name.lastIndexOf('.');
            if (dot > 0) {
                const r = this.ip.program.natives.callStatic(this.ip.run, path.name, e.name, args, argTypes);
                if (r) return r.value;
                const owner = this.ip.system.staticProperty(path.name.slice(0, dot), path.name.slice(dot + 1));
                if (owner === null) throw npe();
                return this.callOnValue(owner, e.name, args, argTypes, e);
            }
            return this.ip.system.callStatic(path.name, e.name, args, argTypes, e, f);
        }
        if (e.target.k === 'field' && e.name.toLowerCase() === 'adderror') {
            const fieldError = this.fieldAddError(e.target, e, f);
            if (fieldError) return fieldError.value;
        }
        const target = this.ip.eval(e.target, f);
        if (target === null) {
            if (e.safe || chainIsSafe(e.target)) return null;
            throw npe();
        }
        const args = e.args.map((a) => this.ip.eval(a, f));
        return this.callOnValue(
            target,
            e.name,
            args,
            this.argTypes(e.args, args, f),
            e,
            this.ip.types.typeOf(e.target, f)
        );
    }

    /**
     * `record.Field__c.addError(msg)` attaches the error to the field, not to the field's value: the native library
     * that owns the record answers it as a call on `FIELD_OF_TYPE` with self = {target, field}.
     */
    private fieldAddError(target: A.FieldExpr, e: A.CallExpr, f: Frame): { value: unknown } | undefined {
        if (this.ip.typePath(target.target, f)) return undefined;
        const owner = this.ip.eval(target.target, f);
        if (owner === null || owner instanceof ApexObject) return undefined;
        const args = e.args.map((a) => this.ip.eval(a, f));
        const self = { target: owner, field: target.name };
        const r = this.ip.program.natives.callInstance(this.ip.run, FIELD_OF_TYPE, self, 'addError', args, []);
        return r ? { value: r.value } : undefined;
    }

    callOnValue(
        target: unknown,
        name: string,
        args: unknown[],
        argTypes: TypeRef[],
        at: A.Pos,
        targetStatic?: TypeRef
    ): unknown {
        if (target instanceof ApexObject) {
            const m = this.pick(
                findMethods(target.cls, name).filter((x) => !x.isStatic),
                argTypes,
                at
            );
            if (m && target.stubProvider) return this.callStub(target, target.stubProvider, m, args, at);
            if (m) return this.invoke(this.dispatch(m, target.cls), target, args, at);
            return this.objectNative(target, name, args, at);
        }
        if (target instanceof ApexList || target instanceof ApexSet || target instanceof ApexMap) {
            const coerced = this.coerceCollectionArgs(target, name, args, argTypes);
            // List.getSObjectType(): the token of the list's SObject element type (Apex Reference, "List Class").
            if (target instanceof ApexList && name.toLowerCase() === 'getsobjecttype' && !args.length)
                return this.listSObjectType(target);
            if (target instanceof ApexList && name.toLowerCase() === 'deepclone')
                return this.listDeepClone(target, args);
            if (target instanceof ApexList && name.toLowerCase() === 'sort' && args[0] instanceof ApexObject)
                return this.sortWithComparator(target, args[0], at);
            if (target instanceof ApexList) return callListMethod(target, name, coerced, this.ip.sem);
            if (target instanceof ApexSet) return callSetMethod(target, name, coerced, this.ip.sem);
            return callMapMethod(target, name, coerced, this.ip.sem);
        }
        if (target instanceof EnumValue) return this.enumNative(target, name, args);
        if (target instanceof TypeValue) return this.ip.system.typeMethod(target, name, args);
        const type = runtimeType(this.ip, target, targetStatic);
        if (name.toLowerCase() === 'equals' && args.length === 1) {
            // String Class, equals(stringOrId): a String compared with an Id matches its 15- or 18-character form.
            if (
                typeof target === 'string' &&
                typeof args[0] === 'string' &&
                (type.name === 'Id' || argTypes[0]?.name === 'Id')
            )
                return idEquals(target, args[0]);
            return this.ip.sem.equals(target, args[0]);
        }
        if (name.toLowerCase() === 'hashcode' && args.length === 0) return this.ip.sem.hashCode(target);
        const run = this.ip.run;
        run.nativeResultDiscarded = run.discardedExpr === at;
        let r;
        try {
            r = this.ip.program.natives.callInstance(run, type.name, target, name, args, argTypes);
        } finally {
            run.nativeResultDiscarded = false;
        }
        if (r) return r.value;
        if (name.toLowerCase() === 'tostring' && args.length === 0) return this.ip.sem.format(target, type.name);
        throw new ApexUnsupported(`method ${type.name}.${name}`, `line ${at.line}`);
    }

    /**
     * Element arguments are converted to the collection's declared types, as an assignment would
     * (`List<Long>.add(1)` stores a Long, `Set<Id>.add(id15)` stores the 18-character Id).
     */
    private coerceCollectionArgs(
        c: ApexList | ApexSet | ApexMap,
        name: string,
        args: unknown[],
        argTypes: TypeRef[]
    ): unknown[] {
        const n = `${name.toLowerCase()}/${args.length}`;
        const out = args;
        if (c instanceof ApexList) {
            if (n === 'add/1' || n === 'contains/1' || n === 'indexof/1') this.coerceArg(args, argTypes, 0, c.elemType);
            if (n === 'add/2' || n === 'set/2') this.coerceArg(args, argTypes, 1, c.elemType);
        } else if (c instanceof ApexSet) {
            if (n === 'add/1' || n === 'contains/1' || n === 'remove/1') this.coerceArg(args, argTypes, 0, c.elemType);
        } else {
            if (n === 'put/2') {
                this.coerceArg(args, argTypes, 0, c.keyType);
                this.coerceArg(args, argTypes, 1, c.valueType);
            }
            if (n === 'get/1' || n === 'containskey/1' || n === 'remove/1')
                this.coerceArg(args, argTypes, 0, c.keyType);
        }
        return out;
    }

    private coerceArg(args: unknown[], argTypes: TypeRef[], i: number, t: TypeRef): void {
        args[i] = coerceToType(this.ip, args[i], t, argTypes[i]);
    }

    private callUnqualified(e: A.CallExpr, f: Frame): unknown {
        const args = e.args.map((a) => this.ip.eval(a, f));
        const types = this.argTypes(e.args, args, f);
        for (let c = f.cls; c; c = c.outer) {
            const cands = findMethods(c, e.name).filter((m) => m.isStatic || (c === f.cls && f.self));
            const m = this.pick(cands, types, e);
            if (m) {
                if (m.isStatic) return this.invoke(m, null, args, e);
                return this.invoke(this.dispatch(m, f.self!.cls), f.self, args, e);
            }
        }
        if (f.self?.exception) return this.exceptionNative(f.self, e.name, args, e);
        throw new ApexUnsupported(
            `Method does not exist or incorrect signature: ${e.name}(${types.map((t) => t.name).join(', ')})`,
            `line ${e.line}`
        );
    }

    private pick(cands: MethodInfo[], argTypes: TypeRef[], at: A.Pos): MethodInfo | undefined {
        void at;
        return selectOverload(this.ip, cands, argTypes);
    }

    /**
     * A method call on a Test.createStub object goes to its provider's handleMethodCall(stubbedObject,
     * stubbedMethodName, returnType, listOfParamTypes, listOfParamNames, listOfArgs), whose result is the call's
     * (Apex Developer Guide, "Build a Mocking Framework with the Stub API"; Apex Reference, "StubProvider Interface").
     */
    private callStub(stub: ApexObject, provider: ApexObject, m: MethodInfo, args: unknown[], at: A.Pos): unknown {
        const typeList = (types: TypeRef[]): ApexList =>
            new ApexList(
                { name: 'Type', args: [] },
                types.map((t) => new TypeValue(t))
            );
        const result = this.callOnValue(
            provider,
            'handleMethodCall',
            [
                stub,
                m.name,
                new TypeValue(m.returnType),
                typeList(m.params.map((p) => p.type)),
                new ApexList(
                    T.String,
                    m.params.map((p) => p.name)
                ),
                new ApexList(T.Object, [...args])
            ],
            [
                T.Object,
                T.String,
                { name: 'Type', args: [] },
                { name: 'List', args: [{ name: 'Type', args: [] }] },
                { name: 'List', args: [T.String] },
                { name: 'List', args: [T.Object] }
            ],
            at
        );
        if (m.returnType.name === 'void') return undefined;
        return result === null || result === undefined ? null : coerceToType(this.ip, result, m.returnType, T.Object);
    }

    /** Virtual dispatch: the most derived method with the same signature as the statically chosen one. */
    dispatch(m: MethodInfo, runtimeCls: ClassInfo): MethodInfo {
        if (m.isStatic) return m;
        for (let c: ClassInfo | undefined = runtimeCls; c; c = c.superclass) {
            const same = (c.methods.get(m.name.toLowerCase()) ?? []).find(
                (x) =>
                    !x.isAbstract &&
                    x.params.length === m.params.length &&
                    x.params.every((p, i) => sameType(p.type, m.params[i].type))
            );
            if (same) return same;
        }
        return m;
    }

    invoke(m: MethodInfo, self: ApexObject | null, args: unknown[], at: A.Pos): unknown {
        if (m.native) return m.native(self, args);
        // An @future method is queued by the platform layer ('<future>' hook) unless it is starting it now.
        if (m.isStatic && m.annotations.some((a) => a.name.toLowerCase() === 'future')) {
            const name = `${m.owner.fullName}.${m.name}`;
            if (this.ip.program.natives.callStatic(this.ip.run, '<future>', name, [m, args], [])) return undefined;
        }
        if (m.isAbstract || !m.member?.body)
            throw new ApexUnsupported(`call of abstract method ${m.owner.fullName}.${m.name}`, `line ${at.line}`);
        if (m.isStatic) this.ensureStaticInit(m.owner);
        const frame = new Frame(m.owner, self, this.whereOf(m.owner, m.name), m.owner.file, m.isStatic);
        this.bindParams(frame, m.params, args);
        return this.withFrame(frame, () => {
            try {
                this.ip.execBlock(m.member!.body!, frame);
            } catch (e) {
                if (e instanceof ReturnSignal)
                    return e.value === undefined ? null : this.ip.coerce(e.value, m.returnType, undefined, frame);
                throw e;
            }
            return m.returnType.name === 'void' ? undefined : null;
        });
    }

    whereOf(cls: ClassInfo, method: string): string {
        return cls.file === '<anonymous>' ? 'AnonymousBlock' : `Class.${cls.fullName}.${method}`;
    }

    private bindParams(frame: Frame, params: ParamInfo[], args: unknown[]): void {
        params.forEach((p, i) =>
            frame.declare(p.name, {
                type: p.type,
                value: this.ip.coerce(args[i] ?? null, p.type, undefined, frame),
                isFinal: false
            })
        );
    }

    /**
     * List.sort(comparator): orders the list by `comparator.compare(a, b)` (Apex Reference, "List Class",
     * sort(comparator), and "Comparator Interface"); the sort is stable, as List.sort() is.
     */
    private sortWithComparator(list: ApexList, comparator: ApexObject, at: A.Pos): undefined {
        const candidates = findMethods(comparator.cls, 'compare').filter((x) => !x.isStatic && x.params.length === 2);
        const m = candidates.length === 1 ? candidates[0] : undefined;
        if (!m || !implementsStandard(comparator.cls, 'Comparator'))
            throw new ApexUnsupported(`List.sort with a ${comparator.cls.fullName} that is not a Comparator`);
        const method = this.dispatch(m, comparator.cls);
        sortStable(list.items, (a, b) => {
            const r = this.invoke(method, comparator, [a, b], at);
            if (r === null) throw npe();
            return Number(r);
        });
        return undefined;
    }

    private listSObjectType(list: ApexList): unknown {
        const elem = list.elemType.name;
        const sobject = this.ip.registry.providers.sobjectType?.(elem);
        if (!sobject || elem.toLowerCase() === 'sobject')
            throw new ApexUnsupported(`List.getSObjectType of a List<${elem}>`);
        const token = this.ip.program.natives.callStatic(this.ip.run, sobject, '<get>SObjectType', [], []);
        if (!token) throw new ApexUnsupported(`List.getSObjectType of a List<${elem}>`);
        return token.value;
    }

    /**
     * List.deepClone(preserveId, preserveReadonlyTimestamps, preserveAutonumber), each optional and false by default
     * (Apex Reference, "List Class"): a list of the same type with a full copy of each SObject record (SObject.clone
     * with isDeepClone true). It "only works with lists of sObjects": what other lists do is not documented.
     */
    private listDeepClone(list: ApexList, args: unknown[]): ApexList {
        const elem = list.elemType.name;
        if (elem.toLowerCase() !== 'sobject' && !this.ip.registry.providers.sobjectType?.(elem))
            throw new ApexUnsupported(`List.deepClone of a List<${elem}> (only lists of SObjects)`);
        if (args.length > 3) throw new ApexUnsupported(`List.deepClone with ${args.length} arguments`);
        const [preserveId = false, preserveTimestamps = false, preserveAutonumber = false] = args as boolean[];
        const flags = [preserveId, true, preserveTimestamps, preserveAutonumber];
        return new ApexList(
            list.elemType,
            list.items.map((item) => {
                if (item === null) return null;
                const copy = this.ip.program.natives.callInstance(this.ip.run, elem, item, 'clone', flags, [
                    T.Boolean,
                    T.Boolean,
                    T.Boolean,
                    T.Boolean
                ]);
                if (!copy) throw new ApexUnsupported('List.deepClone without the data layer');
                return copy.value;
            })
        );
    }

    /** For semantics: calls a user-declared method (equals/hashCode/toString/compareTo) when the class declares one. */
    callIfDeclared(obj: ApexObject, name: string, args: unknown[]): { found: boolean; value?: unknown } {
        const m = findMethods(obj.cls, name).find(
            (x) => !x.isStatic && !x.isAbstract && x.params.length === args.length && !!x.member?.body
        );
        if (!m) return { found: false };
        return { found: true, value: this.invoke(m, obj, args, { line: 0, col: 0 }) };
    }

    private objectNative(obj: ApexObject, name: string, args: unknown[], at: A.Pos): unknown {
        if (obj.exception) return this.exceptionNative(obj, name, args, at);
        const n = name.toLowerCase();
        if (n === 'equals' && args.length === 1) return obj === args[0];
        if (n === 'hashcode' && args.length === 0) return this.ip.sem.hashCode(obj);
        if (n === 'tostring' && args.length === 0) return this.ip.sem.format(obj);
        throw new ApexUnsupported(
            `Method does not exist or incorrect signature: ${obj.cls.fullName}.${name}`,
            `line ${at.line}`
        );
    }

    /** Built-in methods of Exception ([DOC] Exception class methods). */
    exceptionNative(obj: ApexObject, name: string, args: unknown[], at: A.Pos): unknown {
        const ex = obj.exception!;
        switch (`${name.toLowerCase()}/${args.length}`) {
            case 'getmessage/0':
                return ex.message;
            case 'setmessage/1':
                ex.message = args[0] as string | null;
                return undefined;
            case 'getcause/0':
                return ex.cause;
            case 'initcause/1':
                ex.cause = args[0] as ApexObject | null;
                return undefined;
            case 'gettypename/0':
                return obj.cls.fullName;
            case 'getlinenumber/0':
                return ex.line;
            case 'getstacktracestring/0':
                return ex.stack.join('\n');
            case 'tostring/0':
                return this.ip.sem.format(obj);
            case 'equals/1':
                return obj === args[0];
            case 'hashcode/0':
                return this.ip.sem.hashCode(obj);
        }
        // Type-specific methods (DmlException.getDmlMessage ...) belong to the native library that raised it.
        const r = this.ip.program.natives.callInstance(
            this.ip.run,
            obj.cls.fullName,
            obj,
            name,
            args,
            args.map((a) => runtimeType(this.ip, a))
        );
        if (r) return r.value;
        throw new ApexUnsupported(`Exception method ${name}`, `line ${at.line}`);
    }

    private enumNative(v: EnumValue, name: string, args: unknown[]): unknown {
        switch (`${name.toLowerCase()}/${args.length}`) {
            case 'name/0':
            case 'tostring/0':
                return v.name;
            case 'ordinal/0':
                if (!standardEnumOrdered(v.cls))
                    throw new ApexUnsupported(`${v.cls.fullName}.ordinal() (order not documented)`);
                return v.ordinal;
            case 'equals/1':
                return this.ip.sem.equals(v, args[0]);
            case 'hashcode/0':
                return this.ip.sem.hashCode(v);
        }
        throw new ApexUnsupported(`enum method ${name}`);
    }

    // ----- object creation -----

    evalNew(e: A.NewExpr, f: Frame): unknown {
        const type = this.ip.types.resolve(e.type, f, e);
        if (this.ip.registry.providers.sobjectType?.(type.name)) return this.newSObject(type, e, f);
        const args = e.args.map((a) => this.ip.eval(a, f));
        if (type.name === 'List' || type.name === 'Set' || type.name === 'Map') return this.newCollection(type, args);
        const cls = this.ip.registry.classOf(type);
        if (!cls) {
            const r = this.ip.program.natives.callStatic(
                this.ip.run,
                type.name,
                '<new>',
                args,
                this.argTypes(e.args, args, f)
            );
            if (r) return r.value;
            throw new ApexUnsupported(`new ${type.name}(...)`, `line ${e.line}`);
        }
        return this.instantiate(cls, args, this.argTypes(e.args, args, f), e);
    }

    /** `new Account(Name = 'x')`: name/value pairs go to the data layer (part 2). */
    private newSObject(type: TypeRef, e: A.NewExpr, f: Frame): unknown {
        const data = this.ip.run.data;
        if (!data.newSObject)
            throw new ApexUnsupported(`new ${type.name}(...) (SObjects come with the data layer)`, `line ${e.line}`);
        const fields = e.args.map((a): [string, unknown] => {
            if (a.k !== 'assign' || a.op !== '=' || a.target.k !== 'name')
                throw new ApexUnsupported(`SObject constructor argument at line ${a.line}`);
            return [a.target.name, this.ip.eval(a.value, f)];
        });
        return data.newSObject(type.name, fields, this.ip.run);
    }

    /** `new Map<Id, Account>(records)`: keyed by each record's Id (Apex Reference, Map constructors). */
    private mapFromRecords(m: ApexMap, list: ApexList): void {
        list.items.forEach((item, index) => {
            const id = item === null ? undefined : this.ip.program.natives.getField?.(item, 'Id');
            if (!id) throw new ApexUnsupported('Map constructor from a List of non-SObject values');
            // Platform message for a record without an Id (widely reported): "Row with null Id at index: 0".
            if (id.value === null) throw new ApexThrow('System.ListException', `Row with null Id at index: ${index}`);
            m.put(id.value, item, this.ip.sem);
        });
    }

    private newCollection(type: TypeRef, args: unknown[]): unknown {
        const [a, b] = type.args;
        if (type.name === 'List') {
            const l = new ApexList(a ?? T.Object);
            if (args.length === 1 && args[0] instanceof ApexList) l.items.push(...args[0].items);
            else if (args.length === 1 && args[0] instanceof ApexSet) l.items.push(...args[0].values());
            else if (args.length) throw new ApexUnsupported('List constructor with these arguments');
            return l;
        }
        if (type.name === 'Set') {
            const s = new ApexSet(a ?? T.Object);
            const src = args[0];
            if (src instanceof ApexList || src instanceof ApexSet)
                for (const v of src instanceof ApexList ? src.items : src.values()) s.add(v, this.ip.sem);
            else if (args.length) throw new ApexUnsupported('Set constructor with these arguments');
            return s;
        }
        const m = new ApexMap(a ?? T.Object, b ?? T.Object);
        if (args[0] instanceof ApexMap) for (const [k, v] of args[0].entries()) m.put(k, v, this.ip.sem);
        else if (args[0] instanceof ApexList) this.mapFromRecords(m, args[0]);
        else if (args.length) throw new ApexUnsupported('Map constructor with these arguments');
        return m;
    }

    instantiate(cls: ClassInfo, args: unknown[], argTypes: TypeRef[], at: A.Pos): ApexObject {
        if (cls.kind !== 'class' || hasModifier(cls, 'abstract'))
            throw new ApexUnsupported(`instantiation of abstract type ${cls.fullName}`, `line ${at.line}`);
        this.ensureStaticInit(cls);
        const obj = cls.isException ? this.newExceptionObject(cls, null, null) : new ApexObject(cls);
        for (let c: ClassInfo | undefined = cls; c; c = c.superclass) {
            for (const fi of c.fields.values())
                if (!fi.isStatic && !obj.fields.has(fi.name.toLowerCase())) obj.fields.set(fi.name.toLowerCase(), null);
            for (const p of c.props.values())
                if (!p.isStatic && !obj.fields.has(p.name.toLowerCase())) obj.fields.set(p.name.toLowerCase(), null);
        }
        const ctor = this.pickCtor(cls, argTypes, at);
        this.runCtor(cls, ctor, obj, args);
        return obj;
    }

    private pickCtor(cls: ClassInfo, argTypes: TypeRef[], at: A.Pos): CtorInfo | undefined {
        if (cls.ctors.length === 0) {
            // Built-in exceptions have the four standard constructors (), (message), (cause), (message, cause).
            if (cls.builtin && cls.isException && argTypes.length <= 2) return undefined;
            if (argTypes.length)
                throw new ApexUnsupported(
                    `Constructor not defined: ${cls.fullName}(${argTypes.map((t) => t.name).join(', ')})`,
                    `line ${at.line}`
                );
            return undefined;
        }
        const c = selectOverload(this.ip, cls.ctors, argTypes);
        if (!c)
            throw new ApexUnsupported(
                `Constructor not defined: ${cls.fullName}(${argTypes.map((t) => t.name).join(', ')})`,
                `line ${at.line}`
            );
        return c;
    }

    private runCtor(cls: ClassInfo, ctor: CtorInfo | undefined, obj: ApexObject, args: unknown[]): void {
        if (cls.builtin) {
            this.applyExceptionCtor(obj, args);
            return;
        }
        const frame = new Frame(cls, obj, this.whereOf(cls, '<init>'), cls.file, false);
        if (ctor) this.bindParams(frame, ctor.params, args);
        this.withFrame(frame, () => {
            const body = ctor?.member?.body;
            const first = body?.stmts[0];
            const chained = first?.k === 'expr' && first.expr.k === 'ctorCall' ? first.expr : undefined;
            if (chained && first) {
                // this(...)/super(...) is a statement of the constructor: position and coverage.
                frame.line = first.line;
                frame.col = 1;
                this.ip.run.coverage.hit(cls.file, first.line);
            }
            if (chained?.which === 'this') {
                const a = chained.args.map((x) => this.ip.eval(x, frame));
                this.runCtor(cls, this.pickCtor(cls, this.argTypes(chained.args, a, frame), chained), obj, a);
            } else {
                if (cls.superclass) {
                    const a = chained ? chained.args.map((x) => this.ip.eval(x, frame)) : [];
                    const sup = cls.superclass;
                    const supCtor = sup.builtin
                        ? undefined
                        : this.pickCtor(
                              sup,
                              chained ? this.argTypes(chained.args, a, frame) : [],
                              chained ?? cls.decl!
                          );
                    this.runCtor(sup, supCtor, obj, a);
                }
                // Field initialisers and instance initialiser blocks run in the instance's scope, before the
                // constructor body: they see fields, not the constructor's parameters (Apex Developer Guide,
                // "Using Initialization Code"; "Using Constructors").
                frame.withoutLocals(() => this.runInstanceInitializers(cls, obj, frame));
                if (ctor?.exceptionCtor) this.applyExceptionCtor(obj, args);
            }
            if (body) {
                frame.pushScope();
                try {
                    for (const s of chained ? body.stmts.slice(1) : body.stmts) this.ip.exec(s, frame);
                } catch (e) {
                    if (!(e instanceof ReturnSignal)) throw e;
                } finally {
                    frame.popScope();
                }
            }
        });
    }

    private applyExceptionCtor(obj: ApexObject, args: unknown[]): void {
        const ex = obj.exception;
        if (!ex) return;
        for (const a of args) {
            if (typeof a === 'string' || a === null) ex.message = a as string | null;
            else if (a instanceof ApexObject && a.exception) {
                ex.cause = a;
                // [DOC] new E(cause): the message is the cause's toString().
                if (args.length === 1) ex.message = this.ip.sem.format(a);
            }
        }
        // An AuraHandledException built with a message answers getMessage() with "Script-thrown exception" until
        // setMessage is called; the message still reaches the Lightning client (INFERRED from widely reported
        // platform behaviour; Aura Components Developer Guide, "Returning Errors from an Apex Server-Side Controller").
        if (obj.cls.fullName === 'System.AuraHandledException' && args.length) ex.message = 'Script-thrown exception';
    }

    /** Field initialisers and instance initialiser blocks of one class (typed JSON.deserialize runs them too). */
    runInstanceInitializers(cls: ClassInfo, obj: ApexObject, frame: Frame): void {
        for (const m of cls.decl?.members ?? []) {
            if (m.k === 'field' && !m.modifiers.includes('static')) {
                for (const d of m.decls) {
                    if (!d.init) continue;
                    frame.line = d.line;
                    frame.col = d.col;
                    this.ip.run.coverage.hit(cls.file, d.line);
                    const fi = cls.fields.get(d.name.toLowerCase())!;
                    obj.fields.set(
                        d.name.toLowerCase(),
                        this.ip.coerce(this.ip.eval(d.init, frame), fi.type, d.init, frame)
                    );
                }
            } else if (m.k === 'init' && !m.isStatic) {
                this.ip.execBlock(m.body, frame);
            }
        }
    }
}

export { ApexError };
