/**
 * Class model: project classes (from the AST) and built-in classes (Exception hierarchy) with their members,
 * looked up case-insensitively. Member types are resolved when the class is linked (after every shell exists).
 */
import type * as A from '../ast/nodes';
import type { TypeRef } from './typeref';

export interface ParamInfo {
    name: string;
    type: TypeRef;
}

export interface FieldInfo {
    name: string;
    type: TypeRef;
    isStatic: boolean;
    isFinal: boolean;
    owner: ClassInfo;
    declarator?: A.VarDeclarator;
}

export interface PropInfo {
    name: string;
    type: TypeRef;
    isStatic: boolean;
    owner: ClassInfo;
    member: A.PropertyMember;
}

/** Native implementation of a built-in method: receives the interpreter's run and the receiver. */
export type NativeImpl = (self: unknown, args: unknown[]) => unknown;

export interface MethodInfo {
    name: string;
    params: ParamInfo[];
    returnType: TypeRef;
    isStatic: boolean;
    isAbstract: boolean;
    owner: ClassInfo;
    member?: A.MethodMember;
    native?: NativeImpl;
    annotations: A.Annotation[];
    modifiers: string[];
}

export interface CtorInfo {
    params: ParamInfo[];
    owner: ClassInfo;
    member?: A.CtorMember;
    /** The four constructors every exception class gets automatically. */
    exceptionCtor?: 'none' | 'message' | 'cause' | 'messageCause';
}

export interface ClassInfo {
    /** Canonical full name without namespace: 'Outer.Inner', or 'System.NullPointerException' for built-ins. */
    fullName: string;
    /** Simple name: 'Inner'. */
    name: string;
    kind: 'class' | 'interface' | 'enum';
    builtin: boolean;
    decl?: A.TypeDecl;
    /** Source file (project classes), for stack traces and coverage. */
    file?: string;
    /** Top-level class name used in stack traces ("Class.<Top>.<Inner>.method"). */
    outer?: ClassInfo;
    superclass?: ClassInfo;
    interfaces: ClassInfo[];
    fields: Map<string, FieldInfo>;
    props: Map<string, PropInfo>;
    methods: Map<string, MethodInfo[]>;
    ctors: CtorInfo[];
    inner: Map<string, ClassInfo>;
    enumValues: string[];
    annotations: A.Annotation[];
    modifiers: string[];
    apiVersion?: string;
    isException: boolean;
    /** Standard interfaces it implements (Queueable, Comparable, Database.Batchable ...), canonical names. */
    standardInterfaces: string[];
    linked: boolean;
}

export function newClassInfo(
    init: Pick<ClassInfo, 'fullName' | 'name' | 'kind' | 'builtin'> & Partial<ClassInfo>
): ClassInfo {
    return {
        interfaces: [],
        fields: new Map(),
        props: new Map(),
        methods: new Map(),
        ctors: [],
        inner: new Map(),
        enumValues: [],
        annotations: [],
        modifiers: [],
        isException: false,
        standardInterfaces: [],
        linked: false,
        ...init
    };
}

export function hasModifier(c: { modifiers: string[] }, m: string): boolean {
    return c.modifiers.includes(m);
}

export function hasAnnotation(c: { annotations: A.Annotation[] }, name: string): boolean {
    return c.annotations.some((a) => a.name.toLowerCase() === name.toLowerCase());
}

/** True when `sub` is `sup` or inherits from / implements it. */
export function isSubclassOf(sub: ClassInfo, sup: ClassInfo): boolean {
    if (sub === sup) return true;
    if (sub.superclass && isSubclassOf(sub.superclass, sup)) return true;
    return sub.interfaces.some((i) => isSubclassOf(i, sup));
}

/** Finds methods named `name` on the class and its ancestors (nearest first). */
export function findMethods(cls: ClassInfo, name: string): MethodInfo[] {
    const out: MethodInfo[] = [];
    collectMethods(cls, name.toLowerCase(), out, new Set());
    return out;
}

/** findMethods' walk: the class, then its superclass chain and interfaces, each class once. */
function collectMethods(c: ClassInfo | undefined, key: string, out: MethodInfo[], seen: Set<ClassInfo>): void {
    if (!c || seen.has(c)) return;
    seen.add(c);
    const own = c.methods.get(key);
    if (own) out.push(...own);
    collectMethods(c.superclass, key, out, seen);
    for (const i of c.interfaces) collectMethods(i, key, out, seen);
}

export function findField(cls: ClassInfo, name: string): FieldInfo | undefined {
    for (let c: ClassInfo | undefined = cls; c; c = c.superclass) {
        const f = c.fields.get(name.toLowerCase());
        if (f) return f;
    }
    return undefined;
}

export function findProp(cls: ClassInfo, name: string): PropInfo | undefined {
    for (let c: ClassInfo | undefined = cls; c; c = c.superclass) {
        const p = c.props.get(name.toLowerCase());
        if (p) return p;
    }
    return undefined;
}

/** The name Apex reports for the class in stack traces and getTypeName(): 'Outer.Inner'. */
export function apexTypeName(cls: ClassInfo): string {
    return cls.fullName;
}

/** True when the class or an ancestor implements the named standard interface. */
export function implementsStandard(cls: ClassInfo, name: string): boolean {
    const n = name.toLowerCase();
    for (let c: ClassInfo | undefined = cls; c; c = c.superclass) {
        if (c.standardInterfaces.some((i) => i.toLowerCase() === n)) return true;
        if (c.interfaces.some((i) => implementsStandard(i, name))) return true;
    }
    return false;
}
