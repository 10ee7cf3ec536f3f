/**
 * Static checks run before execution, reported as compile errors with file and line (the platform compiler rejects
 * these, so a run must not silently go ahead): unknown variables, types and methods; incompatible assignments and
 * initialisations; wrong argument types for project methods; missing return statements.
 * It reuses the interpreter's name resolution and static typing on a throw-away run context (no code executes).
 */
import type * as A from '../ast/nodes';
import { Frame } from '../interpreter/frame';
import { ApexObject } from '../interpreter/runtime-values';
import { conversionCost } from '../interpreter/overloads';
import { StaticTypes } from '../interpreter/static-types';
import { CheckingScope } from '../interpreter/typing-scope';
import type { LoadedProgram } from '../loader/program';
import { ApexUnsupported } from '../core/values';
import { ClassInfo, findField, findMethods, findProp, hasModifier, MethodInfo } from './classes';
import { sameType, T, TypeRef, typeToString } from './typeref';
import { futureAnnotation, futureSignatureProblems } from './future-signature';
import { reservedNameProblem } from './reserved-words';

/** Sees every call and every resolved written type during the walk (used by `census`). */
export interface CheckObserver {
    onCall?(e: A.CallExpr, f: Frame, scope: TypedScope): void;
    onType?(tn: A.TypeName, t: TypeRef, f: Frame): void;
}

/** The checker's view of a program: names in scope and static types, no interpreter (see typing-scope.ts). */
export class TypedScope extends CheckingScope {
    readonly types = new StaticTypes(this);
}

export function checkProgram(program: LoadedProgram, observer: CheckObserver = {}): void {
    checkClasses(program, program.registry.allClasses(), observer);
    checkBlockStatements(new Checker(new TypedScope(program), observer), program);
}

/**
 * Checks the given classes (project classes; built-ins are skipped). Problems go to the registry with the class's
 * file; a construct apexrt does not model ends the class's check as one "not supported" problem.
 */
export function checkClasses(program: LoadedProgram, classes: ClassInfo[], observer: CheckObserver = {}): void {
    const checker = new Checker(new TypedScope(program), observer);
    for (const cls of classes) if (!cls.builtin) checker.checkClassGuarded(cls);
}

/** Checks only the anonymous block of a program (its members, types and statements). */
export function checkAnonymous(program: LoadedProgram, observer: CheckObserver = {}): void {
    const checker = new Checker(new TypedScope(program), observer);
    for (const cls of program.registry.allClasses()) if (cls.file === '<anonymous>') checker.checkClass(cls);
    checkBlockStatements(checker, program);
}

function checkBlockStatements(checker: Checker, program: LoadedProgram): void {
    if (!program.anonymous) return;
    const f = new Frame(program.anonymous.info, null, 'AnonymousBlock', '<anonymous>', true);
    for (const s of program.anonymous.unit.stmts) checker.stmt(s, f);
}

class Checker {
    /** Declared return type of the method being checked (undefined for void and non-methods). */
    private returnType: TypeRef | undefined;

    constructor(
        private readonly ip: TypedScope,
        private readonly observer: CheckObserver
    ) {}

    private report(f: Frame, at: A.Pos, message: string, unsupported = false): void {
        this.ip.registry.problems.push({
            file: f.file ?? '<anonymous>',
            line: at.line,
            col: at.col,
            message,
            ...(unsupported ? { unsupported } : {})
        });
    }

    /** checkClass, where a construct apexrt does not model ends the class's check as a "not supported" problem. */
    checkClassGuarded(cls: ClassInfo): void {
        try {
            this.checkClass(cls);
        } catch (e) {
            if (!(e instanceof ApexUnsupported)) throw e;
            const [file, line] = (e.where ?? '').split(/:(?=\d+$)/);
            this.ip.registry.problems.push({
                file: cls.file ?? file ?? '<anonymous>',
                line: Number(line) || cls.decl?.line || 1,
                col: 1,
                message: e.construct,
                unsupported: true
            });
        }
    }

    /** A declared name that is a reserved keyword does not compile (reserved-words.ts). */
    private declaredName(f: Frame, at: A.Pos, name: string, kind: 'variable' | 'method' = 'variable'): void {
        const problem = reservedNameProblem(name, kind);
        if (problem) this.report(f, at, problem);
    }

    private resolve(tn: A.TypeName, f: Frame, at: A.Pos): TypeRef {
        try {
            const t = this.ip.types.resolve(tn, f, at);
            this.observer.onType?.(tn, t, f);
            return t;
        } catch (e) {
            if (e instanceof ApexUnsupported) {
                this.report(f, at, e.construct, true);
                return T.Unknown;
            }
            throw e;
        }
    }

    checkClass(cls: ClassInfo): void {
        this.checkInheritance(cls);
        for (const m of cls.decl?.members ?? []) {
            const isStatic = 'modifiers' in m && m.modifiers.includes('static');
            // A stand-in receiver lets instance members resolve; nothing is executed.
            const f = new Frame(cls, isStatic ? null : new ApexObject(cls), cls.fullName, cls.file, isStatic);
            switch (m.k) {
                case 'field':
                    for (const d of m.decls) {
                        this.declaredName(f, d, d.name);
                        if (d.init) this.assignable(this.resolve(m.type, f, m), d.init, f);
                    }
                    break;
                case 'method': {
                    const isTest =
                        m.modifiers.includes('testmethod') ||
                        m.annotations.some((a) => /^(istest|testsetup)$/i.test(a.name));
                    if (isTest && !isStatic)
                        this.report(f, m, `Test methods must be static: ${cls.fullName}.${m.name}`);
                    this.declaredName(f, m, m.name, 'method');
                    for (const p of m.params) this.declaredName(f, p, p.name);
                    if (futureAnnotation(m.annotations)) {
                        const types = m.params.map((p) => this.resolve(p.type, f, p));
                        for (const p of futureSignatureProblems(m, types)) this.report(f, p.at, p.message);
                    }
                    if (!m.body) break;
                    for (const p of m.params)
                        f.declare(p.name, { type: this.resolve(p.type, f, p), value: null, isFinal: false });
                    this.returnType = m.returnType === 'void' ? undefined : this.resolve(m.returnType, f, m);
                    this.block(m.body, f);
                    this.returnType = undefined;
                    if (m.returnType !== 'void' && this.canComplete(m.body)) {
                        this.report(
                            f,
                            m,
                            `Missing return statement required return type: ${m.returnType.parts.join('.')}`
                        );
                    }
                    break;
                }
                case 'ctor':
                    for (const p of m.params) this.declaredName(f, p, p.name);
                    for (const p of m.params)
                        f.declare(p.name, { type: this.resolve(p.type, f, p), value: null, isFinal: false });
                    this.block(m.body, f);
                    break;
                case 'prop': {
                    this.declaredName(f, m, m.name);
                    const type = this.resolve(m.type, f, m);
                    if (m.getter?.body) this.block(m.getter.body, f);
                    if (m.setter?.body) {
                        f.declare('value', { type, value: null, isFinal: false });
                        this.block(m.setter.body, f);
                    }
                    break;
                }
                case 'init':
                    this.block(m.body, f);
                    break;
                default:
                    break;
            }
        }
    }

    private block(b: A.BlockStmt, f: Frame): void {
        f.pushScope();
        try {
            for (const s of b.stmts) this.stmt(s, f);
        } finally {
            f.popScope();
        }
    }

    stmt(s: A.Stmt, f: Frame): void {
        switch (s.k) {
            case 'block':
                return this.block(s, f);
            case 'local': {
                const type = this.resolve(s.type, f, s);
                for (const d of s.decls) {
                    this.declaredName(f, d, d.name);
                    if (d.init) this.assignable(type, d.init, f);
                    // Like Java, a local may not redeclare a local or parameter of an enclosing scope.
                    if (f.lookup(d.name)) this.report(f, d, `Duplicate variable: ${d.name}`);
                    f.declare(d.name, { type, value: null, isFinal: s.isFinal });
                }
                return;
            }
            case 'expr':
                if (s.expr.k === 'ctorCall') return s.expr.args.forEach((a) => this.expr(a, f));
                return this.expr(s.expr, f);
            case 'if':
                this.expr(s.test, f);
                this.scoped(s.then, f);
                if (s.else) this.scoped(s.else, f);
                return;
            case 'while':
            case 'doWhile':
                this.expr(s.test, f);
                return this.scoped(s.body, f);
            case 'for':
                f.pushScope();
                try {
                    if (s.init) this.stmt(s.init, f);
                    s.initExprs.forEach((e) => this.expr(e, f));
                    if (s.test) this.expr(s.test, f);
                    s.update.forEach((e) => this.expr(e, f));
                    this.scoped(s.body, f);
                } finally {
                    f.popScope();
                }
                return;
            case 'forEach':
                this.expr(s.iterable, f);
                f.pushScope();
                try {
                    this.declaredName(f, s, s.name);
                    f.declare(s.name, { type: this.resolve(s.type, f, s), value: null, isFinal: false });
                    this.scoped(s.body, f);
                } finally {
                    f.popScope();
                }
                return;
            case 'return':
                if (s.value && this.returnType) this.assignable(this.returnType, s.value, f);
                else if (s.value) this.expr(s.value, f);
                return;
            case 'throw':
                this.expr(s.expr, f);
                return;
            case 'try':
                this.block(s.body, f);
                for (const c of s.catches) {
                    f.pushScope();
                    try {
                        this.declaredName(f, c, c.name);
                        f.declare(c.name, { type: this.resolve(c.type, f, c), value: null, isFinal: false });
                        this.block(c.body, f);
                    } finally {
                        f.popScope();
                    }
                }
                if (s.finally) this.block(s.finally, f);
                return;
            case 'switch':
                this.expr(s.expr, f);
                for (const w of s.whens) {
                    f.pushScope();
                    try {
                        if (w.match.k === 'type') this.declaredName(f, w, w.match.name);
                        if (w.match.k === 'type')
                            f.declare(w.match.name, {
                                type: this.resolve(w.match.type, f, w),
                                value: null,
                                isFinal: false
                            });
                        this.block(w.body, f);
                    } finally {
                        f.popScope();
                    }
                }
                return;
            case 'dml':
                return s.exprs.forEach((e) => this.expr(e, f));
            case 'runAs':
                s.args.forEach((e) => this.expr(e, f));
                return this.block(s.body, f);
            default:
                return;
        }
    }

    private scoped(s: A.Stmt, f: Frame): void {
        f.pushScope();
        try {
            this.stmt(s, f);
        } finally {
            f.popScope();
        }
    }

    private assignable(to: TypeRef, e: A.Expr, f: Frame): void {
        this.expr(e, f);
        const from = this.ip.types.typeOf(e, f);
        if (to.name === '?' || from.name === '?' || to.name === 'Object') return;
        if (conversionCost(this.ip, to, from) === undefined)
            this.report(f, e, `Illegal assignment from ${typeToString(from)} to ${typeToString(to)}`);
    }

    private expr(e: A.Expr, f: Frame): void {
        switch (e.k) {
            case 'lit':
                // [DOC Conversion] an Integer literal beyond the int range is a compile error (2147483648 only negated).
                if (e.litType === 'Integer' && Number(e.value) > 2147483648)
                    this.report(f, e, `Illegal integer: ${e.value}`);
                return;
            case 'name':
                if (!this.ip.lookupVariable(e.name, f) && !this.ip.typePath(e, f))
                    this.report(f, e, `Variable does not exist: ${e.name}`);
                return;
            case 'field': {
                if (this.ip.typePath(e, f)) return;
                const q = this.unknownQualifier(e.target, f);
                if (q) return this.report(f, e, `${q}.${e.name}`, true);
                this.expr(e.target, f);
                const cls = this.ip.registry.classOf(this.ip.types.typeOf(e.target, f));
                if (cls && !cls.builtin && cls.kind === 'class' && !findField(cls, e.name) && !findProp(cls, e.name)) {
                    this.report(f, e, `Variable does not exist: ${e.name}`);
                }
                return;
            }
            case 'call': {
                e.args.forEach((a) => this.expr(a, f));
                if (e.target && e.target.k !== 'super' && !this.ip.typePath(e.target, f)) {
                    const q = this.unknownQualifier(e.target, f);
                    if (q) return this.report(f, e, `${q}.${e.name}`, true);
                    this.expr(e.target, f);
                }
                this.observer.onCall?.(e, f, this.ip);
                return this.call(e, f);
            }
            case 'new':
            case 'newArray':
            case 'newColl':
                if (e.k === 'new' && this.ip.registry.providers.sobjectType?.(this.resolve(e.type, f, e).name)) {
                    // new Account(Name = 'x'): the left-hand sides are field names, not variables.
                    e.args.forEach((a) => (a.k === 'assign' ? this.expr(a.value, f) : this.expr(a, f)));
                    return;
                }
                if (e.k === 'new') this.constructorExists(this.resolve(e.type, f, e), e, f);
                else this.resolve(e.type, f, e);
                if (e.k === 'new' || e.k === 'newArray')
                    ('args' in e ? e.args : [e.size, ...(e.init ?? [])]).forEach((a) => a && this.expr(a, f));
                if (e.k === 'newColl') {
                    (e.items ?? []).forEach((a) => this.expr(a, f));
                    (e.pairs ?? []).forEach(([k, v]) => (this.expr(k, f), this.expr(v, f)));
                }
                return;
            case 'cast':
            case 'instanceof':
                this.resolve(e.type, f, e);
                return this.expr(e.expr, f);
            case 'classLit':
                this.resolve(e.type, f, e);
                return;
            case 'index':
                this.expr(e.target, f);
                return this.expr(e.index, f);
            case 'unary':
                return this.expr(e.expr, f);
            case 'incdec':
                return this.expr(e.target, f);
            case 'binary':
                this.expr(e.left, f);
                return this.expr(e.right, f);
            case 'assign': {
                this.expr(e.target, f);
                if (e.op === '=') return this.assignable(this.ip.types.typeOf(e.target, f), e.value, f);
                return this.expr(e.value, f);
            }
            case 'cond':
                this.expr(e.test, f);
                this.expr(e.then, f);
                return this.expr(e.else, f);
            case 'soql':
                return e.binds.forEach((b) => this.expr(b.expr, f));
            case 'sosl':
                if (e.search) this.expr(e.search, f);
                return e.returning.forEach((r) => r.binds.forEach((b) => this.expr(b.expr, f)));
            default:
                return;
        }
    }

    /**
     * The dotted text of `Foo.Bar` when it starts with a name that is neither a variable nor a type apexrt knows —
     * a standard type or namespace apexrt lacks (e.g. `DataWeave.Script`), so "not supported", not a compile error.
     */
    private unknownQualifier(target: A.Expr, f: Frame): string | undefined {
        const parts: string[] = [];
        let x = target;
        while (x.k === 'field') {
            if (this.ip.typePath(x, f)) return undefined;
            parts.unshift(x.name);
            x = x.target;
        }
        if (x.k !== 'name' || this.ip.lookupVariable(x.name, f) || this.ip.typePath(x, f)) return undefined;
        return [x.name, ...parts].join('.');
    }

    private constructorExists(t: TypeRef, e: A.NewExpr, f: Frame): void {
        const cls = this.ip.registry.classOf(t);
        if (!cls || cls.builtin) return;
        if (cls.kind !== 'class' || hasModifier(cls, 'abstract')) {
            this.report(f, e, `Abstract classes and interfaces cannot be constructed: ${cls.fullName}`);
            return;
        }
        const argTypes = e.args.map((a) => this.ip.types.typeOf(a, f));
        const fits = cls.ctors.length
            ? cls.ctors.some(
                  (c) =>
                      c.params.length === argTypes.length &&
                      c.params.every((p, i) => conversionCost(this.ip, p.type, argTypes[i]) !== undefined)
              )
            : argTypes.length === 0;
        if (!fits)
            this.report(
                f,
                e,
                `Constructor not defined: [${cls.fullName}].<Constructor>(${argTypes.map(typeToString).join(', ')})`
            );
    }

    /** Calls of project methods must match a signature (unqualified, static and on a project-class value). */
    private call(e: A.CallExpr, f: Frame): void {
        let cls: ClassInfo | undefined;
        let staticOnly = false;
        if (!e.target) cls = f.cls;
        else if (e.target.k === 'super') cls = f.cls?.superclass;
        else {
            const path = this.ip.typePath(e.target, f);
            if (path?.k === 'std') return;
            if (path?.k === 'class') {
                cls = path.cls;
                staticOnly = true;
                if (cls.kind === 'enum' && ['values', 'valueof'].includes(e.name.toLowerCase())) return;
            } else cls = this.ip.registry.classOf(this.ip.types.typeOf(e.target, f));
        }
        if (!cls || cls.builtin || (cls.isException && !findMethods(cls, e.name).length)) return;
        if (cls.kind === 'enum' || (e.target && ['equals', 'hashcode', 'tostring'].includes(e.name.toLowerCase())))
            return;
        const argTypes = e.args.map((a) => this.ip.types.typeOf(a, f));
        const scopes: ClassInfo[] = [];
        for (let c: ClassInfo | undefined = cls; c; c = e.target ? undefined : c.outer) scopes.push(c);
        const cands = scopes.flatMap((c) => findMethods(c, e.name)).filter((m) => !staticOnly || m.isStatic);
        const fitting = cands.filter(
            (m) =>
                m.params.length === argTypes.length &&
                m.params.every((p, i) => conversionCost(this.ip, p.type, argTypes[i]) !== undefined)
        );
        if (fitting.length && !e.target && f.isStatic && fitting.every((m) => !m.isStatic)) {
            this.report(f, e, `Non static method cannot be referenced from a static context: ${e.name}`);
        }
        if (!fitting.length) {
            this.report(
                f,
                e,
                `Method does not exist or incorrect signature: ${e.name}(${argTypes.map(typeToString).join(', ')}) from the type ${cls.fullName}`
            );
        }
    }

    /**
     * Inheritance rules: a concrete class implements every abstract/interface method; a method that redefines a
     * superclass method says `override`; `override` needs something to override.
     */
    private checkInheritance(cls: ClassInfo): void {
        if (cls.kind !== 'class' || !cls.decl) return;
        const f = new Frame(cls, null, cls.fullName, cls.file, true);
        const sig = (m: MethodInfo): string =>
            `${typeToString(m.returnType)} ${m.owner.fullName}.${m.name}(${m.params.map((p) => typeToString(p.type)).join(', ')})`;
        const sameSig = (a: MethodInfo, b: MethodInfo): boolean =>
            a.name.toLowerCase() === b.name.toLowerCase() &&
            a.params.length === b.params.length &&
            a.params.every((p, i) => sameType(p.type, b.params[i].type));
        const concrete = (m: MethodInfo): boolean => {
            for (let c: ClassInfo | undefined = cls; c; c = c.superclass) {
                if ((c.methods.get(m.name.toLowerCase()) ?? []).some((x) => !x.isAbstract && sameSig(x, m)))
                    return true;
            }
            return false;
        };
        if (!hasModifier(cls, 'abstract')) {
            const required: MethodInfo[] = [];
            const collect = (c: ClassInfo | undefined, viaInterface: boolean): void => {
                if (!c) return;
                for (const list of c.methods.values())
                    for (const m of list) if (m.isAbstract || viaInterface) required.push(m);
                for (const i of c.interfaces) collect(i, true);
                if (!viaInterface) collect(c.superclass, false);
            };
            collect(cls, false);
            for (const m of required)
                if (!concrete(m))
                    this.report(f, cls.decl, `Class ${cls.fullName} must implement the method: ${sig(m)}`);
        }
        for (const list of cls.methods.values()) {
            for (const m of list) {
                if (m.isStatic || !m.member) continue;
                let inherited: MethodInfo | undefined;
                for (let c = cls.superclass; c && !inherited; c = c.superclass)
                    inherited = (c.methods.get(m.name.toLowerCase()) ?? []).find((x) => !x.isStatic && sameSig(x, m));
                const says = m.modifiers.includes('override');
                if (inherited && !says && !hasModifier(inherited, 'private'))
                    this.report(f, m.member, `Method must use the override keyword: ${sig(m)}`);
                if (!inherited && says && !overridesObjectMethod(m))
                    this.report(f, m.member, `Method does not override an ancestor method: ${sig(m)}`);
                if (
                    inherited &&
                    says &&
                    !inherited.isAbstract &&
                    !hasModifier(inherited, 'virtual') &&
                    !hasModifier(inherited, 'override')
                ) {
                    this.report(f, m.member, `Cannot override non-virtual method: ${sig(inherited)}`);
                }
            }
        }
    }

    /** True when execution can fall off the end of the statement (approximation of the Java/Apex rule). */
    private canComplete(s: A.Stmt): boolean {
        switch (s.k) {
            case 'return':
            case 'throw':
                return false;
            case 'block':
                return s.stmts.every((x) => this.canComplete(x));
            case 'if':
                return !s.else || this.canComplete(s.then) || this.canComplete(s.else);
            case 'try':
                if (s.finally && !this.canComplete(s.finally)) return false;
                return this.canComplete(s.body) || s.catches.some((c) => this.canComplete(c.body));
            case 'while':
                return !(s.test.k === 'lit' && s.test.value === 'true');
            case 'switch':
                return !s.whens.some((w) => w.match.k === 'else') || s.whens.some((w) => this.canComplete(w.body));
            default:
                return true;
        }
    }
}

/**
 * Every Apex class has Object's `toString()`, `equals(Object)` and `hashCode()`, which a class may redefine with
 * `override` without a superclass (Apex Developer Guide, "Using Custom Types in Map Keys and Sets" redefines equals
 * and hashCode; public projects compiled on the platform declare `public override String toString()`).
 */
function overridesObjectMethod(m: MethodInfo): boolean {
    const n = m.name.toLowerCase();
    if (n === 'tostring') return m.params.length === 0 && m.returnType.name === 'String';
    if (n === 'hashcode') return m.params.length === 0 && m.returnType.name === 'Integer';
    return (
        n === 'equals' && m.params.length === 1 && m.params[0].type.name === 'Object' && m.returnType.name === 'Boolean'
    );
}
