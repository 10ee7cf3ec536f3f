/**
 * Tree-walking interpreter: statements and expressions. Calls, object creation and statics are in calls.ts,
 * static typing in static-types.ts, standard System/Assert/Type/Test members in system-api.ts.
 * Control flow uses JS exceptions (BreakSignal/ContinueSignal/ReturnSignal, ApexError), never sentinel nodes.
 */
import { guardUndocumentedMessage } from '../core/undocumented-message';
import type * as A from '../ast/nodes';
import { SOSL_RESULTS_BIND } from '../ast/nodes';
import { ApexList, ApexMap, ApexQueryList, ApexSet } from '../collections/collections';
import { ApexDate, ApexThrow, ApexUnsupported, Decimal } from '../core/values';
import type { ClassRegistry } from '../types/registry';
import { implementsStandard } from '../types/classes';
import { T, TypeRef } from '../types/typeref';
import { Calls } from './calls';
import type { NativeLibrary } from './native-library';
import type { RunContext } from './context';
import { Frame, Slot } from './frame';
import { arithmetic, bitwise, convertNumber, higherKind, negate, npe, numKind, NumKind } from './operators';
import {
    ApexError,
    ApexObject,
    BreakSignal,
    ContinueSignal,
    EnumValue,
    ReturnSignal,
    TypeValue
} from './runtime-values';
import { isNumber, RunSemantics } from './semantics';
import { StaticTypes } from './static-types';
import { SystemApi } from './system-api';
import { chainIsSafe } from './safe-navigation';
import { memberInScope, Program, TypePath, typePathOf, TypingScope } from './typing-scope';
import { coerceToType, isInstanceOf, queryResultAs, runtimeTypeName } from './type-checks';
import { toId } from '../data/ids';

export type { Program, TypePath } from './typing-scope';

/** The storage of a local variable (a class, not closures: made for every name a run looks up). */
class SlotRef {
    readonly type: TypeRef;

    constructor(
        private readonly slot: Slot,
        private readonly name: string
    ) {
        this.type = slot.type;
    }

    get(): unknown {
        return this.slot.value;
    }

    set(v: unknown): void {
        if (this.slot.isFinal) throw new ApexUnsupported(`assignment to final variable ${this.name}`);
        this.slot.value = v;
    }
}

/** A static property of a standard type (`RestContext.response`). */
class StaticPropertyRef {
    readonly type = T.Unknown;

    constructor(
        private readonly system: SystemApi,
        private readonly typeName: string,
        private readonly name: string
    ) {}

    get(): unknown {
        return this.system.staticProperty(this.typeName, this.name);
    }

    set(v: unknown): void {
        this.system.setStaticProperty(this.typeName, this.name, v);
    }
}

/** A field of a value a native library owns (an SObject's `acc.Name`). */
class NativeFieldRef {
    readonly type = T.Unknown;

    constructor(
        private readonly natives: NativeLibrary,
        private readonly target: unknown,
        private readonly e: A.FieldExpr
    ) {}

    get(): unknown {
        return this.natives.getField!(this.target, this.e.name)!.value;
    }

    set(v: unknown): void {
        if (!this.natives.setField?.(this.target, this.e.name, v))
            throw new ApexUnsupported(`assignment to ${this.e.name}`, `line ${this.e.line}`);
    }
}

export class Interpreter implements TypingScope {
    readonly sem: RunSemantics;
    readonly calls: Calls;
    readonly types: StaticTypes;
    readonly system: SystemApi;
    readonly frames: Frame[] = [];

    constructor(
        readonly program: Program,
        readonly run: RunContext
    ) {
        this.calls = new Calls(this);
        this.sem = new RunSemantics({
            callIfDeclared: (obj, name, args) => this.calls.callIfDeclared(obj, name, args),
            formatPrimitive: (v, t) => this.program.natives.format?.(v, t),
            nativeEquals: (a, b) => this.program.natives.equals?.(a, b),
            nativeHash: (v) => this.program.natives.hash?.(v)
        });
        this.types = new StaticTypes(this);
        this.system = new SystemApi(this);
    }

    get registry(): ClassRegistry {
        return this.program.registry;
    }

    /** Raises an Apex exception of a built-in or project type from native code paths. */
    raise(typeName: string, message: string | null, details?: unknown): ApexError {
        const cls = this.registry.builtin(typeName) ?? this.registry.lookupClass(typeName.split('.'));
        if (!cls) throw new ApexUnsupported(`exception type ${typeName}`);
        const obj = this.calls.newExceptionObject(cls, message, null);
        obj.exception!.details = details;
        guardUndocumentedMessage(obj.exception!, cls.fullName);
        return new ApexError(obj);
    }

    // ----- statements -----

    execBlock(b: A.BlockStmt, f: Frame): void {
        f.pushScope();
        try {
            for (const s of b.stmts) this.exec(s, f);
        } finally {
            f.popScope();
        }
    }

    exec(s: A.Stmt, f: Frame): void {
        if (s.k === 'block') return this.execBlock(s, f);
        f.line = s.line;
        // [help article 000193852, SE traces] statement-level failures are reported as "line N, column 1".
        f.col = 1;
        this.run.coverage.hit(f.file, s.line);
        try {
            this.execInner(s, f);
        } catch (e) {
            if (e instanceof ApexThrow) throw this.raise(e.exceptionType, e.message, e.details);
            if (e instanceof ApexUnsupported && (!e.where || e.where.startsWith('line '))) {
                throw new ApexUnsupported(
                    e.construct,
                    `${f.file ?? '<anonymous>'}:${e.where ? e.where.slice('line '.length) : s.line}`
                );
            }
            throw e;
        }
    }

    private execInner(s: A.Stmt, f: Frame): void {
        switch (s.k) {
            case 'local': {
                const type = this.types.resolve(s.type, f, s);
                for (const d of s.decls) {
                    const value = d.init ? this.coerce(this.eval(d.init, f), type, d.init, f) : null;
                    f.declare(d.name, { type, value, isFinal: s.isFinal });
                }
                return;
            }
            case 'expr': {
                const outer = this.run.discardedExpr;
                this.run.discardedExpr = s.expr;
                this.eval(s.expr, f);
                this.run.discardedExpr = outer;
                return;
            }
            case 'if':
                if (this.evalCondition(s.test, f)) this.exec(s.then, f);
                else if (s.else) this.exec(s.else, f);
                return;
            case 'while':
                while (this.evalCondition(s.test, f)) {
                    if (this.loopBody(s.body, f)) break;
                }
                return;
            case 'doWhile':
                do {
                    if (this.loopBody(s.body, f)) break;
                } while (this.evalCondition(s.test, f));
                return;
            case 'for':
                return this.execFor(s, f);
            case 'forEach':
                return this.execForEach(s, f);
            case 'return':
                throw new ReturnSignal(s.value ? this.eval(s.value, f) : undefined);
            case 'break':
                throw new BreakSignal();
            case 'continue':
                throw new ContinueSignal();
            case 'throw': {
                const v = this.eval(s.expr, f);
                if (v === null) throw npe();
                if (!(v instanceof ApexObject) || !v.exception)
                    throw new ApexUnsupported('throw of a non-exception value');
                throw new ApexError(v);
            }
            case 'try':
                return this.execTry(s, f);
            case 'switch':
                return this.execSwitch(s, f);
            case 'dml':
                this.run.data.dml(
                    s,
                    s.exprs.map((e) => this.eval(e, f)),
                    this.run
                );
                return;
            case 'runAs':
                return this.execRunAs(s, f);
        }
    }

    /**
     * `System.runAs(user) { ... }` (Apex Developer Guide, "Using the runAs Method"): only test methods may use it;
     * the platform layer (callStatic 'System' '<runAs>') switches the running user and returns how to switch
     * back, which happens when the block ends, also when it throws. What the user then sees with sharing is
     * platform/record-visibility.ts.
     */
    private execRunAs(s: A.RunAsStmt, f: Frame): void {
        // The platform's error for runAs outside a test is not documented.
        if (!this.run.isTest) throw new ApexUnsupported('System.runAs outside a test method', `line ${s.line}`);
        const args = s.args.map((e) => this.eval(e, f));
        const switched = this.program.natives.callStatic(this.run, 'System', '<runAs>', args, []);
        if (!switched) throw new ApexUnsupported('System.runAs without the platform layer', `line ${s.line}`);
        try {
            this.execBlock(s.body, f);
        } finally {
            (switched.value as () => void)();
        }
    }

    /** Runs a loop body; returns true when the loop must stop (break). */
    private loopBody(body: A.Stmt, f: Frame): boolean {
        try {
            this.exec(body, f);
        } catch (e) {
            if (e instanceof BreakSignal) return true;
            if (e instanceof ContinueSignal) return false;
            throw e;
        }
        return false;
    }

    private execFor(s: A.ForStmt, f: Frame): void {
        f.pushScope();
        try {
            if (s.init) this.exec(s.init, f);
            for (const e of s.initExprs) this.eval(e, f);
            while (!s.test || this.evalCondition(s.test, f)) {
                if (this.loopBody(s.body, f)) break;
                for (const u of s.update) this.eval(u, f);
            }
        } finally {
            f.popScope();
        }
    }

    private execForEach(s: A.ForEachStmt, f: Frame): void {
        const iterable = this.eval(s.iterable, f);
        if (iterable === null) throw npe();
        let items: Iterable<unknown>;
        const type = this.types.resolve(s.type, f, s);
        if (iterable instanceof ApexList && s.iterable.k === 'soql' && type.name === 'List') {
            // The list form of a SOQL for loop gets the rows in lists of 200 (Apex Developer Guide, "SOQL For Loops").
            const chunks: ApexList[] = [];
            for (let i = 0; i < iterable.items.length; i += 200)
                chunks.push(new ApexList(iterable.elemType, iterable.items.slice(i, i + 200)));
            items = chunks;
        } else if (iterable instanceof ApexList) items = [...iterable.items];
        else if (iterable instanceof ApexSet) items = iterable.values();
        else if (iterable instanceof ApexObject) items = this.iterate(iterable, s);
        else
            throw new ApexUnsupported(
                'for-each over a value that is not a List or Set (SOQL for-loops come with the data layer)'
            );
        for (const item of items) {
            f.pushScope();
            try {
                f.declare(s.name, { type, value: item, isFinal: false });
                if (this.loopBody(s.body, f)) break;
            } finally {
                f.popScope();
            }
        }
    }

    /**
     * A for loop over an object whose class implements Iterable: iterator(), then hasNext()/next() until hasNext()
     * is false (Apex Developer Guide, "Custom Iterators": a for loop can iterate over an Iterable).
     */
    private *iterate(iterable: ApexObject, at: A.Pos): Generator<unknown> {
        if (!implementsStandard(iterable.cls, 'Iterable'))
            throw new ApexUnsupported(`for-each over a ${iterable.cls.fullName}, which is not Iterable`);
        const iterator = this.calls.callOnValue(iterable, 'iterator', [], [], at);
        if (iterator === null) throw npe();
        while (this.calls.callOnValue(iterator, 'hasNext', [], [], at) === true)
            yield this.calls.callOnValue(iterator, 'next', [], [], at);
    }

    private execTry(s: A.TryStmt, f: Frame): void {
        try {
            this.execBlock(s.body, f);
        } catch (e) {
            const err = e instanceof ApexThrow ? this.raise(e.exceptionType, e.message, e.details) : e;
            if (!(err instanceof ApexError) || this.isUncatchable(err.obj)) throw err;
            const clause = s.catches.find((c) => {
                const t = this.types.resolve(c.type, f, c);
                return isInstanceOf(this, err.obj, t);
            });
            if (!clause) throw err;
            f.pushScope();
            try {
                f.declare(clause.name, {
                    type: this.types.resolve(clause.type, f, clause),
                    value: err.obj,
                    isFinal: false
                });
                this.execBlock(clause.body, f);
            } finally {
                f.popScope();
            }
        } finally {
            if (s.finally) this.execBlock(s.finally, f);
        }
    }

    /** LimitException can't be caught [DOC GovLimits]; assertion failures halt execution [DOC System.assert]. */
    private isUncatchable(o: ApexObject): boolean {
        return o.cls.fullName === 'System.LimitException' || o.cls.fullName === 'System.AssertException';
    }

    private execSwitch(s: A.SwitchStmt, f: Frame): void {
        const v = this.eval(s.expr, f);
        for (const w of s.whens) {
            if (this.whenMatches(w, v, f)) {
                if (w.match.k === 'type') {
                    f.pushScope();
                    try {
                        f.declare(w.match.name, {
                            type: this.types.resolve(w.match.type, f, w),
                            value: v,
                            isFinal: false
                        });
                        this.execBlock(w.body, f);
                    } finally {
                        f.popScope();
                    }
                } else {
                    this.execBlock(w.body, f);
                }
                return;
            }
        }
    }

    private whenMatches(w: A.WhenClause, v: unknown, f: Frame): boolean {
        const m = w.match;
        if (m.k === 'else') return true;
        if (m.k === 'type') return v !== null && isInstanceOf(this, v, this.types.resolve(m.type, f, w));
        return m.values.some((wv) => {
            if (wv.k === 'null') return v === null;
            if (v === null) return false;
            // A String here is a constant of an enum apexrt keeps by name (DisplayType, StatusCode): a `when NAME`
            // clause only compiles on an enum-typed switch (Apex Developer Guide, "Switch Statements").
            if (wv.k === 'enum')
                return (
                    (v instanceof EnumValue || typeof v === 'string') &&
                    (v instanceof EnumValue ? v.name : v).toLowerCase() === wv.name.toLowerCase()
                );
            const lit = this.eval(wv.expr, f);
            // [INFERRED] switch on String is case-sensitive (Apex docs: when values are matched exactly).
            return this.sem.equals(v, lit);
        });
    }

    // ----- expressions -----

    evalCondition(e: A.Expr, f: Frame): boolean {
        const v = this.eval(e, f);
        if (v === null) throw npe();
        return v === true;
    }

    eval(e: A.Expr, f: Frame): unknown {
        switch (e.k) {
            case 'lit':
                return this.literal(e);
            case 'name':
                return this.evalName(e, f);
            case 'this':
                if (!f.self) throw new ApexUnsupported('this in a static context');
                return f.self;
            case 'super':
                throw new ApexUnsupported('super used as a value');
            case 'field':
                return this.evalField(e, f);
            case 'call':
                return this.calls.evalCall(e, f);
            case 'ctorCall':
                throw new ApexUnsupported(`${e.which}(...) outside the first statement of a constructor`);
            case 'new':
                return this.calls.evalNew(e, f);
            case 'newArray':
                return this.evalNewArray(e, f);
            case 'newColl':
                return this.evalNewCollection(e, f);
            case 'index':
                return this.evalIndex(e, f);
            case 'unary':
                return this.evalUnary(e, f);
            case 'incdec':
                return this.evalIncDec(e, f);
            case 'binary':
                return this.evalBinary(e, f);
            case 'assign':
                return this.evalAssign(e, f);
            case 'cond':
                return this.evalCondition(e.test, f) ? this.eval(e.then, f) : this.eval(e.else, f);
            case 'cast':
                return this.evalCast(e, f);
            case 'instanceof': {
                const v = this.eval(e.expr, f);
                return v !== null && isInstanceOf(this, v, this.types.resolve(e.type, f, e));
            }
            case 'classLit':
                return new TypeValue(this.types.resolve(e.type, f, e));
            case 'soql':
                return this.run.data.soql(e, (text) => this.evalBind(e, text, f), this.run);
            case 'sosl':
                return this.evalSosl(e, f);
            case 'unsupported':
                throw new ApexUnsupported(e.construct, `line ${e.line}`);
        }
    }

    /**
     * Inline SOSL. Apex Developer Guide, "Adding SOSL Queries to Unit Tests": in a test method a search returns the
     * records whose Ids Test.setFixedSearchResults named, with the query's WHERE and LIMIT clauses applied to them,
     * and empty lists when it was not called (or called without Ids). Outside tests it searches the org's search
     * index, which apexrt does not model. Governor limit: 20 SOSL queries ("Execution Governors and Limits").
     */
    private evalSosl(e: A.SoslExpr, f: Frame): ApexList {
        if (e.unsupported) throw new ApexUnsupported(e.unsupported, `line ${e.line}`);
        if (e.search) this.eval(e.search, f);
        if (!this.run.isTest)
            throw new ApexUnsupported(
                'SOSL search outside a test (the search index is not modelled)',
                `line ${e.line}`
            );
        const search = this.run.data.searchReturning?.bind(this.run.data);
        if (!search) throw new ApexUnsupported('SOSL without the data layer', `line ${e.line}`);
        this.run.limits.consume('soslQueries');
        const ids = new ApexList({ name: 'Id', args: [] }, this.run.fixedSearchResults ?? []);
        let budget = e.limit ?? Infinity;
        const lists = e.returning.map((spec) => {
            const rows = search(
                spec,
                (text) => (text === SOSL_RESULTS_BIND ? ids : this.evalBind(spec, text, f)),
                this.run
            ) as ApexQueryList;
            const kept = rows.items.slice(0, Math.max(0, budget));
            budget -= kept.length;
            return new ApexList(rows.elemType, kept);
        });
        return new ApexList({ name: 'List', args: [{ name: 'SObject', args: [] }] }, lists);
    }

    private evalBind(e: A.SoqlExpr, text: string, f: Frame): unknown {
        const norm = (t: string): string => t.replace(/\s+/g, '').toLowerCase();
        const bind = e.binds.find((b) => norm(b.text) === norm(text));
        if (!bind) throw new ApexUnsupported(`SOQL bind :${text} not found in the query's binds`, `line ${e.line}`);
        return this.eval(bind.expr, f);
    }

    private literal(e: A.LiteralExpr): unknown {
        switch (e.litType) {
            case 'Integer': {
                const n = Number(e.value);
                if (n > 2147483648) throw new ApexUnsupported(`Integer literal out of range: ${e.value}`);
                return n | 0;
            }
            case 'Long':
                return BigInt.asIntN(64, BigInt(e.value));
            case 'Double':
                return Number(e.value);
            case 'Decimal': {
                // A Decimal literal keeps the scale it is written with (1.50 has scale 2): the stdlib owns scale,
                // so the literal is made by its Decimal.valueOf(String) when it has one.
                const viaStdlib = this.program.natives.callStatic(
                    this.run,
                    'Decimal',
                    'valueOf',
                    [e.value],
                    [T.String]
                );
                return viaStdlib ? viaStdlib.value : new Decimal(e.value);
            }
            case 'String':
                return e.value;
            case 'Boolean':
                return e.value === 'true';
            case 'Null':
                return null;
        }
    }

    /** Finds the storage a simple name denotes: local, instance member, static member (own, super, outer classes). */
    lookupVariable(name: string, f: Frame): { get(): unknown; set(v: unknown): void; type: TypeRef } | undefined {
        const slot = f.lookup(name);
        if (slot) return this.slotRef(slot, name);
        if (f.accessorOf && f.accessorOf.name.toLowerCase() === name.toLowerCase())
            return this.calls.backingRef(f.accessorOf, f.self);
        const member = memberInScope(f, name);
        if (member?.k === 'field') return this.calls.fieldRef(member.info, member.info.isStatic ? null : f.self);
        if (member?.k === 'prop') return this.calls.propRef(member.info, member.info.isStatic ? null : f.self);
        return undefined;
    }

    private slotRef(slot: Slot, name: string): { get(): unknown; set(v: unknown): void; type: TypeRef } {
        return new SlotRef(slot, name);
    }

    private evalName(e: A.NameExpr, f: Frame): unknown {
        const slot = f.lookup(e.name);
        if (slot) return slot.value; // fast path: locals
        const ref = this.lookupVariable(e.name, f);
        if (ref) return ref.get();
        throw new ApexUnsupported(`Variable does not exist: ${e.name}`, `line ${e.line}`);
    }

    /** If `e` is a dotted name denoting a type (not a value), returns it. */
    typePath(e: A.Expr, f: Frame): TypePath | undefined {
        return typePathOf(this, e, f);
    }

    private evalField(e: A.FieldExpr, f: Frame): unknown {
        return this.fieldRef(e, f).get();
    }

    /** Storage for `target.name`: static field / enum constant of a type path, or a member of a value. */
    fieldRef(e: A.FieldExpr, f: Frame): { get(): unknown; set(v: unknown): void; type: TypeRef } {
        const path = this.typePath(e.target, f);
        if (path?.k === 'class') {
            const ref = this.calls.staticMemberRef(path.cls, e.name);
            if (ref) return ref;
            throw new ApexUnsupported(`Variable does not exist: ${path.cls.fullName}.${e.name}`, `line ${e.line}`);
        }
        // `RestContext.response.statusCode`: a dotted standard path whose last part is a property value, not a
        // type; then `target` is evaluated as a value below.
        const dot = path?.k === 'std' ? path.name.lastIndexOf('.') : -1;
        if (
            path?.k === 'std' &&
            (dot < 0 || this.program.natives.callStatic(this.run, path.name, `<get>${e.name}`, [], []))
        )
            return new StaticPropertyRef(this.system, path.name, e.name);
        let target = this.eval(e.target, f);
        // `[SELECT Id FROM User WHERE ...].Id`: a field of an inline query reads its single row.
        if (target instanceof ApexQueryList) target = queryResultAs(target, { name: 'SObject', args: [] });
        if (target === null) {
            if (e.safe || chainIsSafe(e.target)) return { type: T.Unknown, get: () => null, set: () => undefined };
            throw npe();
        }
        if (target instanceof ApexObject) {
            const ref = this.calls.instanceMemberRef(target, e.name);
            if (ref) return ref;
        }
        const natives = this.program.natives;
        const owned = natives.ownsField?.(target, e.name) ?? natives.getField?.(target, e.name) !== undefined;
        if (natives.getField && owned) return new NativeFieldRef(natives, target, e);
        if (target instanceof ApexList && e.name.toLowerCase() === 'length')
            throw new ApexUnsupported('array .length (use size())');
        throw new ApexUnsupported(`field ${e.name} on ${runtimeTypeName(this, target)}`, `line ${e.line}`);
    }

    private evalIndex(e: A.IndexExpr, f: Frame): unknown {
        const target = this.eval(e.target, f);
        const index = this.eval(e.index, f);
        if (target === null) throw npe();
        if (!(target instanceof ApexList)) throw new ApexUnsupported('[] on a value that is not a List');
        if (index === null) throw npe();
        const i = Number(index);
        if (i < 0 || i >= target.items.length)
            throw new ApexThrow('System.ListException', `List index out of bounds: ${i}`);
        return target.items[i];
    }

    private evalNewArray(e: A.NewArrayExpr, f: Frame): unknown {
        const type = this.types.resolve(e.type, f, e);
        const elem = type.args[0];
        if (e.size) {
            const n = this.eval(e.size, f);
            if (n === null) throw npe();
            return new ApexList(elem, new Array(Number(n)).fill(null));
        }
        return new ApexList(
            elem,
            (e.init ?? []).map((x) => this.coerce(this.eval(x, f), elem, x, f))
        );
    }

    private evalNewCollection(e: A.NewCollectionExpr, f: Frame): unknown {
        const type = this.types.resolve(e.type, f, e);
        if (type.name === 'List') {
            const l = new ApexList(type.args[0] ?? T.Object);
            for (const x of e.items ?? []) l.items.push(this.coerce(this.eval(x, f), l.elemType, x, f));
            return l;
        }
        if (type.name === 'Set') {
            const s = new ApexSet(type.args[0] ?? T.Object);
            for (const x of e.items ?? []) s.add(this.coerce(this.eval(x, f), s.elemType, x, f), this.sem);
            return s;
        }
        if (type.name === 'Map') {
            const m = new ApexMap(type.args[0] ?? T.Object, type.args[1] ?? T.Object);
            for (const [k, v] of e.pairs ?? [])
                m.put(
                    this.coerce(this.eval(k, f), m.keyType, k, f),
                    this.coerce(this.eval(v, f), m.valueType, v, f),
                    this.sem
                );
            return m;
        }
        throw new ApexUnsupported(`initializer braces on ${type.name} (SObject initializers come with the data layer)`);
    }

    private evalCast(e: A.CastExpr, f: Frame): unknown {
        const type = this.types.resolve(e.type, f, e);
        const v = this.eval(e.expr, f);
        if (v === null) return null;
        if (
            isNumber(v) &&
            (type.name === 'Integer' || type.name === 'Long' || type.name === 'Double' || type.name === 'Decimal')
        ) {
            const from = numKind(v, this.types.typeOf(e.expr, f));
            // Narrowing casts between numeric types are allowed in Apex ((Integer) aLong truncates like Java).
            if (from) return convertNumber(v, type.name as NumKind);
        }
        // (Id) aString converts like an assignment: a 15-character value becomes its 18-character form and an
        // invalid one is rejected (Apex Developer Guide, "Primitive Data Types", ID).
        if (type.name === 'Id' && typeof v === 'string') return toId(v);
        // (Decimal) anIntegerInAnObject, (Long) ..., (Double) aDecimal: the number converted (see isInstanceOf).
        if (
            (type.name === 'Long' || type.name === 'Double' || type.name === 'Decimal') &&
            isNumber(v) &&
            isInstanceOf(this, v, type)
        )
            return convertNumber(v, type.name);
        if (type.name === 'Datetime' && v instanceof ApexDate)
            throw new ApexUnsupported('cast of a Date to Datetime', `line ${e.line}`);
        if (!isInstanceOf(this, v, type)) {
            throw new ApexThrow(
                'System.TypeException',
                `Invalid conversion from runtime type ${runtimeTypeName(this, v)} to ${type.name}`
            );
        }
        return v;
    }

    private evalUnary(e: A.UnaryExpr, f: Frame): unknown {
        const v = this.eval(e.expr, f);
        if (v === null) throw npe();
        if (e.op === '!') return !v;
        const kind = numKind(v, this.types.typeOf(e.expr, f));
        if (!kind) throw new ApexUnsupported(`unary ${e.op} on ${runtimeTypeName(this, v)}`);
        if (e.op === '+') return v;
        if (e.op === '-') return negate(v as number, kind);
        if (kind === 'Integer') return ~(v as number);
        if (kind === 'Long') return BigInt.asIntN(64, ~(v as bigint));
        throw new ApexUnsupported(`~ on ${kind}`);
    }

    private evalIncDec(e: A.IncDecExpr, f: Frame): unknown {
        const ref = this.assignableRef(e.target, f);
        const old = ref.get();
        if (old === null) throw npe();
        const kind = numKind(old, ref.type.name === '?' ? this.types.typeOf(e.target, f) : ref.type);
        if (!kind) throw new ApexUnsupported(`${e.op} on ${runtimeTypeName(this, old)}`);
        const next = arithmetic(e.op === '++' ? '+' : '-', old as number, convertNumber(1, kind), kind);
        ref.set(next);
        return e.prefix ? next : old;
    }

    private evalBinary(e: A.BinaryExpr, f: Frame): unknown {
        if (e.op === '&&') return this.evalCondition(e.left, f) && this.evalCondition(e.right, f);
        if (e.op === '||') return this.evalCondition(e.left, f) || this.evalCondition(e.right, f);
        if (e.op === '??') {
            const l = this.eval(e.left, f);
            return l !== null ? l : this.eval(e.right, f);
        }
        const l = this.eval(e.left, f);
        const r = this.eval(e.right, f);
        return this.binaryValues(e.op, l, this.types.typeOf(e.left, f), r, this.types.typeOf(e.right, f));
    }

    binaryValues(op: string, l: unknown, lt: TypeRef, r: unknown, rt: TypeRef): unknown {
        if ((op === '==' || op === '!=') && typeof l === 'string' && typeof r === 'string') {
            // Apex Developer Guide, "Expression Operators" (==): when one side is an ID and the other a String, the
            // String is validated and treated as an ID, so its 15- and 18-character forms are equal.
            if ((lt.name === 'Id') !== (rt.name === 'Id')) {
                const same = toId(l) === toId(r);
                return op === '==' ? same : !same;
            }
        }
        switch (op) {
            case '==':
                return this.sem.operatorEquals(l, r);
            case '!=':
                return !this.sem.operatorEquals(l, r);
            case '===':
                return l === r || (l !== null && typeof l !== 'object' && this.sem.equals(l, r));
            case '!==':
                return !(l === r || (l !== null && typeof l !== 'object' && this.sem.equals(l, r)));
        }
        if (
            op === '+' &&
            (typeof l === 'string' || typeof r === 'string' || lt.name === 'String' || rt.name === 'String')
        ) {
            return this.sem.format(l, lt.name) + this.sem.format(r, rt.name);
        }
        if (['<', '>', '<=', '>='].includes(op)) return this.compare(op, l, lt, r, rt);
        if (l === null || r === null) throw npe();
        const lk = numKind(l, lt);
        const rk = numKind(r, rt);
        if (lk && rk) {
            if (['+', '-', '*', '/'].includes(op)) {
                const kind = higherKind(lk, rk);
                if (kind === 'Decimal') {
                    // The stdlib owns Decimal scale rules; use its operators when it has them.
                    // Decimals are passed as they are: the stdlib keeps each value's scale with the object.
                    const viaStdlib = this.system.nativeOperator(
                        op,
                        l instanceof Decimal ? l : convertNumber(l as number, kind),
                        r instanceof Decimal ? r : convertNumber(r as number, kind)
                    );
                    if (viaStdlib !== undefined) return viaStdlib;
                }
                return arithmetic(op, l as number, r as number, kind);
            }
            const kind = higherKind(lk, rk);
            if (kind === 'Integer' || kind === 'Long')
                return bitwise(
                    op,
                    convertNumber(l as number, kind) as number,
                    convertNumber(r as number, kind) as number,
                    kind
                );
        }
        if (typeof l === 'boolean' && typeof r === 'boolean') {
            if (op === '&') return l && r;
            if (op === '|') return l || r;
            if (op === '^') return l !== r;
        }
        const viaNative = this.system.nativeOperator(op, l, r);
        if (viaNative !== undefined) return viaNative;
        throw new ApexUnsupported(`operator ${op} on ${runtimeTypeName(this, l)} and ${runtimeTypeName(this, r)}`);
    }

    private compare(op: string, l: unknown, lt: TypeRef, r: unknown, rt: TypeRef): boolean {
        // [DOC Operators] comparisons with a null number/date operand are false.
        if (l === null || r === null) {
            if (typeof l === 'string' || typeof r === 'string')
                throw new ApexUnsupported('relational comparison of a String with null');
            return false;
        }
        if (typeof l === 'string' && typeof r === 'string') {
            throw new ApexUnsupported(
                'relational comparison of Strings (case rules unconfirmed, docs/reference/apex-semantics.md §3.8)'
            );
        }
        const c = isNumber(l) && isNumber(r) ? this.sem.compare(l, r) : this.sem.compare(l, r);
        void lt;
        void rt;
        switch (op) {
            case '<':
                return c < 0;
            case '>':
                return c > 0;
            case '<=':
                return c <= 0;
            default:
                return c >= 0;
        }
    }

    /** Storage for an assignment target (name, field or list element). */
    assignableRef(t: A.Expr, f: Frame): { get(): unknown; set(v: unknown): void; type: TypeRef } {
        if (t.k === 'name') {
            const ref = this.lookupVariable(t.name, f);
            if (!ref) throw new ApexUnsupported(`Variable does not exist: ${t.name}`, `line ${t.line}`);
            return ref;
        }
        if (t.k === 'field') return this.fieldRef(t, f);
        if (t.k === 'index') {
            const list = this.eval(t.target, f);
            const index = this.eval(t.index, f);
            if (list === null || index === null) throw npe();
            if (!(list instanceof ApexList)) throw new ApexUnsupported('[] assignment on a value that is not a List');
            const i = Number(index);
            const check = (): void => {
                if (i < 0 || i >= list.items.length)
                    throw new ApexThrow('System.ListException', `List index out of bounds: ${i}`);
            };
            return {
                type: list.elemType,
                get: () => (check(), list.items[i]),
                set: (v) => {
                    check();
                    list.items[i] = v;
                }
            };
        }
        throw new ApexUnsupported('assignment to this kind of expression');
    }

    private evalAssign(e: A.AssignExpr, f: Frame): unknown {
        const ref = this.assignableRef(e.target, f);
        const targetType = ref.type.name === '?' ? this.types.typeOf(e.target, f) : ref.type;
        let value: unknown;
        if (e.op === '=') {
            value = this.eval(e.value, f);
        } else {
            const old = ref.get();
            const r = this.eval(e.value, f);
            value = this.binaryValues(e.op.slice(0, -1), old, targetType, r, this.types.typeOf(e.value, f));
        }
        const coerced = this.coerce(value, targetType, e.value, f);
        ref.set(coerced);
        return coerced;
    }

    /** Converts a value to a declared type on assignment (numeric widening, Id normalisation). */
    coerce(v: unknown, to: TypeRef, from: A.Expr | undefined, f: Frame): unknown {
        return coerceToType(this, v, to, from ? this.types.typeOf(from, f) : undefined);
    }
}
