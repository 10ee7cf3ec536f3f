/**
 * What static typing needs of its surroundings, without an interpreter: the class registry, the native libraries'
 * knowledge of standard types, and the names in scope. The interpreter is one TypingScope; the compile-time
 * checker builds its own (types/checker.ts), so checking a program never creates an interpreter or a run.
 */
import type * as A from '../ast/nodes';
import type { ClassInfo, FieldInfo, PropInfo } from '../types/classes';
import { findField, findProp } from '../types/classes';
import type { ClassRegistry } from '../types/registry';
import { standardRootName } from '../types/standard-names';
import type { TypeRef } from '../types/typeref';
import type { Frame } from './frame';
import type { NativeLibrary } from './native-library';
import { systemTypeName } from './system-types';

/** The result of resolving a dotted name that denotes a type rather than a value. */
export type TypePath = { k: 'class'; cls: ClassInfo } | { k: 'std'; name: string };

/** The program as static typing sees it. */
export interface Program {
    registry: ClassRegistry;
    natives: NativeLibrary;
    /** Called before a class's code first runs in a run; throws ApexUnsupported for a class that did not load. */
    ensureLoaded?(cls: ClassInfo): void;
}

export interface TypingScope {
    readonly program: Program;
    readonly registry: ClassRegistry;
    /** The variable (local, accessor backing field, field or property in scope) a simple name denotes. */
    lookupVariable(name: string, f: Frame): { type: TypeRef } | undefined;
    /** If `e` is a dotted name denoting a type (not a value), returns it. */
    typePath(e: A.Expr, f: Frame): TypePath | undefined;
}

/**
 * The field or property a simple name denotes in a frame, after its locals: the class's own members (instance
 * ones only with an instance), then static members of outer classes.
 */
export function memberInScope(
    f: Frame,
    name: string
): { k: 'field'; info: FieldInfo } | { k: 'prop'; info: PropInfo } | undefined {
    for (let c = f.cls; c; c = c.outer) {
        const field = findField(c, name);
        if (field && (field.isStatic || (c === f.cls && f.self))) return { k: 'field', info: field };
        const prop = findProp(c, name);
        if (prop && (prop.isStatic || (c === f.cls && f.self))) return { k: 'prop', info: prop };
    }
    return undefined;
}

/**
 * typePathOf's answers once the head name is known not to be a variable: they depend only on the expression, the
 * class it is read in, the registry's classes (its generation) and the native library's type names, so they are
 * kept per registry and library until the registry changes (null: not a type path).
 */
interface PathAnswers {
    generation: number;
    byExpr: WeakMap<A.Expr, Map<ClassInfo | undefined, TypePath | null>>;
}
const pathAnswers = new WeakMap<ClassRegistry, WeakMap<NativeLibrary, PathAnswers>>();

function answersFor(registry: ClassRegistry, natives: NativeLibrary): PathAnswers {
    let byLibrary = pathAnswers.get(registry);
    if (!byLibrary) pathAnswers.set(registry, (byLibrary = new WeakMap()));
    let answers = byLibrary.get(natives);
    if (!answers || answers.generation !== registry.generation) {
        answers = { generation: registry.generation, byExpr: new WeakMap() };
        byLibrary.set(natives, answers);
    }
    return answers;
}

/** Resolves a dotted name to a type: a project class, a standard type, or an SObject's type path. */
export function typePathOf(scope: TypingScope, e: A.Expr, f: Frame): TypePath | undefined {
    let cur: A.Expr = e;
    while (cur.k === 'field') cur = cur.target;
    if (cur.k !== 'name') return undefined;
    if (scope.lookupVariable(cur.name, f)) return undefined;
    const answers = answersFor(scope.registry, scope.program.natives);
    let byClass = answers.byExpr.get(e);
    if (!byClass) answers.byExpr.set(e, (byClass = new Map()));
    const known = byClass.get(f.cls);
    if (known !== undefined) return known ?? undefined;
    const path = typePathOfName(scope, e, f.cls);
    byClass.set(f.cls, path ?? null);
    return path;
}

/** typePathOf for a dotted name whose head is not a variable. */
function typePathOfName(scope: TypingScope, e: A.Expr, from: ClassInfo | undefined): TypePath | undefined {
    const parts: string[] = [];
    let cur: A.Expr = e;
    while (cur.k === 'field') {
        parts.unshift(cur.name);
        cur = cur.target;
    }
    if (cur.k !== 'name') return undefined;
    parts.unshift(cur.name);
    const cls = scope.registry.lookupClass(parts, from);
    if (cls) return { k: 'class', cls };
    // `LoggingLevel.ERROR` is a constant (a value) of a class, not a type path.
    if (parts.length > 1 && scope.registry.lookupClass(parts.slice(0, -1), from)) return undefined;
    const noSystem = parts.length > 1 && parts[0].toLowerCase() === 'system' ? parts.slice(1) : parts;
    const std = scope.program.natives.typeName(noSystem.join('.')) ?? systemTypeName(noSystem.join('.'));
    if (std) return { k: 'std', name: std };
    if (standardRootName(noSystem.join('.'))) return { k: 'std', name: noSystem.join('.') };
    // `Account.SObjectType`, `Account.Name`: SObject type tokens, owned by the data layer's native library.
    const sob = scope.registry.providers.sobjectType?.(parts[0]);
    if (sob) return { k: 'std', name: [sob, ...parts.slice(1)].join('.') };
    return undefined;
}

/** The checker's scope: types of the names, nothing to run. */
export class CheckingScope implements TypingScope {
    readonly registry: ClassRegistry;

    constructor(readonly program: Program) {
        this.registry = program.registry;
    }

    lookupVariable(name: string, f: Frame): { type: TypeRef } | undefined {
        const slot = f.lookup(name);
        if (slot) return { type: slot.type };
        if (f.accessorOf && f.accessorOf.name.toLowerCase() === name.toLowerCase()) return { type: f.accessorOf.type };
        const member = memberInScope(f, name);
        return member && { type: member.info.type };
    }

    typePath(e: A.Expr, f: Frame): TypePath | undefined {
        return typePathOf(this, e, f);
    }
}
