/**
 * The class registry of one program (project classes + anonymous-block classes + built-ins): registers class shells,
 * links them (supertypes, member signatures) and resolves written type names to TypeRefs, case-insensitively and
 * with or without the package namespace (`cosell.Foo` ≡ `Foo`).
 */
import type * as A from '../ast/nodes';
import { registerBuiltinExceptions } from './builtin-exceptions';
import { registerStandardEnums } from './standard-enums';
import { ClassInfo, hasModifier, newClassInfo } from './classes';
import { listOf, PRIMITIVE_NAMES, T, TypeRef } from './typeref';

export interface CompileProblem {
    file: string;
    line: number;
    col: number;
    message: string;
    /**
     * Something apexrt does not know (a standard type or member it lacks), not an error in the code: reported as
     * `not supported by apexrt: <message>`, never as a compile error.
     */
    unsupported?: boolean;
}

/** How a problem reads to a user: compile errors as the compiler's message, gaps of apexrt as "not supported". */
export function problemText(p: CompileProblem): string {
    return p.unsupported ? `not supported by apexrt: ${p.message}` : p.message;
}

/** A compile error found before running (unknown type/variable/method, bad assignment, missing return ...). */
export class ApexCompileError extends Error {
    constructor(readonly problems: CompileProblem[]) {
        super(problems.map((p) => `${p.file}:${p.line}:${p.col}: ${problemText(p)}`).join('\n'));
    }
}

/** Hooks through which other layers (data: SObject types; stdlib: standard classes) declare the types they own. */
export interface TypeProviders {
    /** Canonical name of an SObject type (e.g. 'Account', 'Foo__c'), or undefined. */
    sobjectType?(name: string): string | undefined;
    /** Canonical name of a standard (non-project) type such as 'Database.SaveResult' or 'Http', or undefined. */
    standardType?(name: string): string | undefined;
}

export class ClassRegistry {
    private readonly topLevel = new Map<string, ClassInfo>();
    private readonly builtins = new Map<string, ClassInfo>();
    readonly problems: CompileProblem[] = [];
    /** Counts the changes that can alter a lookup's answer (a type registered, linked or removed). */
    private changes = 0;
    /** classOf answers by type name since the last change (null: no class of that name). */
    private readonly classOfCache = new Map<string, ClassInfo | null>();

    constructor(
        readonly namespace: string | undefined,
        readonly providers: TypeProviders = {}
    ) {
        const register = (c: ClassInfo, aliases: string[]): void => {
            for (const a of aliases) this.builtins.set(a.toLowerCase(), c);
        };
        registerBuiltinExceptions(register);
        registerStandardEnums(register);
    }

    /** The built-in base class `Exception`. */
    get exceptionBase(): ClassInfo {
        return this.builtins.get('exception')!;
    }

    /** Changes with every change that can alter a lookup's answer: caches of lookups are valid while it holds. */
    get generation(): number {
        return this.changes;
    }

    private changed(): void {
        this.changes++;
        this.classOfCache.clear();
    }

    builtin(name: string): ClassInfo | undefined {
        return this.builtins.get(name.toLowerCase());
    }

    allClasses(): ClassInfo[] {
        const out: ClassInfo[] = [];
        const seen = new Set<ClassInfo>();
        const walk = (c: ClassInfo): void => {
            if (seen.has(c)) return; // anonymous-block types are registered under two names
            seen.add(c);
            out.push(c);
            for (const i of c.inner.values()) walk(i);
        };
        for (const c of this.topLevel.values()) walk(c);
        return out;
    }

    topLevelClasses(): ClassInfo[] {
        return [...this.topLevel.values()];
    }

    /** Registers a top-level type declaration (and its inner types) as a shell. */
    addClass(decl: A.TypeDecl, file: string, apiVersion?: string): ClassInfo {
        const key = decl.name.toLowerCase();
        if (this.topLevel.has(key))
            this.problems.push({ file, line: decl.line, col: decl.col, message: `Duplicate type: ${decl.name}` });
        const cls = this.shell(decl, file, undefined, apiVersion);
        this.changed();
        this.topLevel.set(key, cls);
        // Types declared in anonymous Apex are top-level types of the block.
        if (file === '<anonymous>') for (const [k, inner] of cls.inner) this.topLevel.set(k, inner);
        return cls;
    }

    private shell(decl: A.TypeDecl, file: string, outer: ClassInfo | undefined, apiVersion?: string): ClassInfo {
        const cls = newClassInfo({
            // Types declared in anonymous Apex are named without the block's synthetic class.
            fullName:
                outer && !(outer.file === '<anonymous>' && !outer.outer) ? `${outer.fullName}.${decl.name}` : decl.name,
            name: decl.name,
            kind: decl.kind,
            builtin: false,
            decl,
            file,
            outer,
            annotations: decl.annotations,
            modifiers: decl.modifiers,
            enumValues: decl.enumValues,
            apiVersion
        });
        for (const m of decl.members) {
            if (m.k === 'type') cls.inner.set(m.decl.name.toLowerCase(), this.shell(m.decl, file, cls, apiVersion));
        }
        return cls;
    }

    /** Unregisters the types of an anonymous block added to a loaded program (loader addAnonymous). */
    removeAnonymous(): void {
        this.changed();
        for (const [key, cls] of this.topLevel) if (cls.file === '<anonymous>') this.topLevel.delete(key);
    }

    /** Looks up a class by (possibly dotted, possibly namespaced) name, from the point of view of `from`. */
    lookupClass(parts: string[], from?: ClassInfo): ClassInfo | undefined {
        let names = parts;
        if (names.length > 1 && this.namespace && names[0].toLowerCase() === this.namespace.toLowerCase())
            names = names.slice(1);
        const first = names[0].toLowerCase();
        let found: ClassInfo | undefined;
        // inner types visible from `from`: its own, its outer classes', its superclasses'
        for (let c = from; c && !found; c = c.outer) {
            for (let s: ClassInfo | undefined = c; s && !found; s = s.superclass) found = s.inner.get(first);
            if (!found && c.name.toLowerCase() === first && !c.outer) found = c;
        }
        found ??= this.topLevel.get(first);
        if (!found) {
            const b = this.builtins.get(names.join('.').toLowerCase());
            if (b) return b;
            return undefined;
        }
        for (const n of names.slice(1)) {
            found = found.inner.get(n.toLowerCase());
            if (!found) return undefined;
        }
        return found;
    }

    /** Resolves a written type; unknown types are reported as compile problems and typed '?'. */
    resolveType(tn: A.TypeName, from: ClassInfo | undefined, at: { file: string; line: number; col: number }): TypeRef {
        const base = this.resolveBase(tn, from, at);
        let t = base;
        for (let i = 0; i < tn.arrayDims; i++) t = listOf(t);
        return t;
    }

    private resolveBase(
        tn: A.TypeName,
        from: ClassInfo | undefined,
        at: { file: string; line: number; col: number }
    ): TypeRef {
        const args = tn.args.map((a) => this.resolveType(a, from, at));
        let parts = tn.parts;
        if (parts.length > 1 && this.namespace && parts[0].toLowerCase() === this.namespace.toLowerCase())
            parts = parts.slice(1);
        const joined = parts.join('.');
        const lower = joined.toLowerCase();
        const noSystem = lower.startsWith('system.') ? lower.slice('system.'.length) : lower;
        const prim = PRIMITIVE_NAMES[noSystem];
        if (prim) return { name: prim, args };
        if (lower === 'void') return T.Void;
        const cls = this.lookupClass(parts, from);
        if (cls) return { name: cls.fullName, args };
        // `Schema.Account` names the SObject type Account (SObjects live in the Schema namespace: Apex Reference
        // Guide, "Schema Namespace").
        const sob =
            this.providers.sobjectType?.(joined) ??
            (parts.length === 2 && parts[0].toLowerCase() === 'schema'
                ? this.providers.sobjectType?.(parts[1])
                : undefined);
        if (sob) return { name: sob, args };
        // `System.QueueableContext` ≡ `QueueableContext`: System is the implicit namespace (Apex Reference,
        // "System Namespace"), so both spellings denote the same standard type.
        const std =
            (parts.length > 1 && parts[0].toLowerCase() === 'system'
                ? this.providers.standardType?.(parts.slice(1).join('.'))
                : undefined) ?? this.providers.standardType?.(joined);
        if (std) return { name: std, args };
        // A name apexrt cannot resolve may be a standard type it lacks: a gap, not a compile error.
        this.problems.push({ ...at, message: `type ${tn.parts.join('.')}`, unsupported: true });
        return T.Unknown;
    }

    /** The ClassInfo a resolved type denotes, if it is a class (project or built-in exception). */
    classOf(t: TypeRef): ClassInfo | undefined {
        if (t.args.length) return undefined;
        const cached = this.classOfCache.get(t.name);
        if (cached !== undefined) return cached ?? undefined;
        const cls = this.lookupClass(t.name.split('.'));
        this.classOfCache.set(t.name, cls ?? null);
        return cls;
    }

    /** Resolves supertypes and member signatures of every registered class. */
    linkAll(): void {
        for (const c of this.allClasses()) this.link(c);
    }

    link(cls: ClassInfo): void {
        if (cls.linked || !cls.decl) return;
        cls.linked = true;
        const decl = cls.decl;
        const at = (p: A.Pos): { file: string; line: number; col: number } => ({
            file: cls.file ?? '',
            line: p.line,
            col: p.col
        });
        const outerForTypes = cls;
        if (decl.extends) {
            const sup = this.lookupClass(decl.extends.parts, cls.outer ?? cls);
            if (!sup)
                this.problems.push({ ...at(decl), message: `type ${decl.extends.parts.join('.')}`, unsupported: true });
            else {
                this.link(sup);
                if (
                    !sup.builtin &&
                    sup.kind === 'class' &&
                    !hasModifier(sup, 'virtual') &&
                    !hasModifier(sup, 'abstract')
                ) {
                    this.problems.push({
                        ...at(decl),
                        message: `Non-virtual and non-abstract type cannot be extended: ${sup.fullName}`
                    });
                }
                cls.superclass = sup;
                cls.isException = sup.isException;
                this.changed();
            }
        }
        for (const i of decl.implements) {
            const it = this.lookupClass(i.parts, cls.outer ?? cls);
            if (it) {
                this.link(it);
                cls.interfaces.push(it);
            } else {
                // `System.Queueable` ≡ `Queueable`: the System namespace is implicit (Apex Reference, "System
                // Namespace"), so standard interfaces are recorded without it.
                const parts = i.parts.length > 1 && i.parts[0].toLowerCase() === 'system' ? i.parts.slice(1) : i.parts;
                const std = this.providers.standardType?.(parts.join('.'));
                if (std) cls.standardInterfaces.push(std);
                else this.problems.push({ ...at(decl), message: `interface ${i.parts.join('.')}`, unsupported: true });
            }
        }
        if (cls.isException && !/exception$/i.test(cls.name)) {
            this.problems.push({
                ...at(decl),
                message: `Classes extending Exception must have a name ending in 'Exception': ${cls.name}`
            });
        }
        for (const m of decl.members) {
            const isStatic = 'modifiers' in m && m.modifiers.includes('static');
            switch (m.k) {
                case 'field': {
                    const type = this.resolveType(m.type, outerForTypes, at(m));
                    for (const d of m.decls) {
                        cls.fields.set(d.name.toLowerCase(), {
                            name: d.name,
                            type,
                            isStatic,
                            isFinal: m.modifiers.includes('final'),
                            owner: cls,
                            declarator: d
                        });
                    }
                    break;
                }
                case 'prop':
                    cls.props.set(m.name.toLowerCase(), {
                        name: m.name,
                        type: this.resolveType(m.type, outerForTypes, at(m)),
                        isStatic,
                        owner: cls,
                        member: m
                    });
                    break;
                case 'method': {
                    const list = cls.methods.get(m.name.toLowerCase()) ?? [];
                    list.push({
                        name: m.name,
                        params: m.params.map((p) => ({
                            name: p.name,
                            type: this.resolveType(p.type, outerForTypes, at(p))
                        })),
                        returnType:
                            m.returnType === 'void' ? T.Void : this.resolveType(m.returnType, outerForTypes, at(m)),
                        isStatic,
                        isAbstract: m.modifiers.includes('abstract') || cls.kind === 'interface',
                        owner: cls,
                        member: m,
                        annotations: m.annotations,
                        modifiers: m.modifiers
                    });
                    cls.methods.set(m.name.toLowerCase(), list);
                    break;
                }
                case 'ctor':
                    cls.ctors.push({
                        params: m.params.map((p) => ({
                            name: p.name,
                            type: this.resolveType(p.type, outerForTypes, at(p))
                        })),
                        owner: cls,
                        member: m
                    });
                    break;
                default:
                    break;
            }
        }
        if (cls.isException) addExceptionConstructors(cls, this.exceptionBase);
    }
}

/** Every class that extends Exception gets the four standard constructors ([DOC] Exception class). */
function addExceptionConstructors(cls: ClassInfo, base: ClassInfo): void {
    const exType: TypeRef = { name: base.fullName, args: [] };
    cls.ctors.push(
        { params: [], owner: cls, exceptionCtor: 'none' },
        { params: [{ name: 'message', type: T.String }], owner: cls, exceptionCtor: 'message' },
        { params: [{ name: 'cause', type: exType }], owner: cls, exceptionCtor: 'cause' },
        {
            params: [
                { name: 'message', type: T.String },
                { name: 'cause', type: exType }
            ],
            owner: cls,
            exceptionCtor: 'messageCause'
        }
    );
}
