/**
 * Builds a runnable program from source files: parse (through the AST cache), register every class, link, and
 * report compile problems (with file and line) before anything runs.
 */
import type { AnonymousUnit, ClassUnit, CompilationUnit, TriggerUnit } from '../ast/nodes';
import type { Program } from '../interpreter/interpreter';
import { EMPTY_NATIVE_LIBRARY, NativeLibrary } from '../interpreter/native-library';
import { parseApex, UnitKind } from '../parser/parse';
import type { ClassInfo } from '../types/classes';
import { checkAnonymous, checkClasses, checkProgram } from '../types/checker';
import { ApexCompileError, ClassRegistry, CompileProblem, TypeProviders } from '../types/registry';
import { ApexUnsupported } from '../core/values';
import type { ApexSourceFile } from './source-files';
import { canonicalStandardName } from '../types/standard-names';

/** Parsed units shared between programs of one process (e.g. the golden corpus), keyed by kind + source. */
export class UnitCache {
    private readonly units = new Map<string, CompilationUnit>();
    constructor(readonly cacheDir?: string) {}
    parse(source: string, kind: UnitKind, file: string): CompilationUnit {
        const key = `${kind}\0${source}`;
        let u = this.units.get(key);
        if (!u) {
            u = parseApex(source, kind, file, { cacheDir: this.cacheDir });
            this.units.set(key, u);
        }
        return u;
    }
}

export interface ProgramOptions {
    namespace?: string;
    natives?: NativeLibrary;
    providers?: TypeProviders;
    cache?: UnitCache;
    /** Skip the static checks (compile errors) — only for tools like `census`. */
    skipChecks?: boolean;
    /**
     * Load what can be loaded: a class with problems (something apexrt lacks, or a compile error) is "not loaded",
     * with its reason, instead of failing the whole program; using it at run time fails loudly. Without it, any
     * problem throws ApexCompileError.
     */
    isolate?: boolean;
    /**
     * With `isolate`: check now only these top-level classes and the classes their sources name (transitively);
     * any other class is checked when a run first uses it (e.g. through Type.forName).
     */
    only?: string[];
}

export interface LoadedClass {
    file: string;
    /** The class file's text (ApexClass.Body). */
    source: string;
    unit: ClassUnit;
    info: ClassInfo;
}

export interface LoadedProgram extends Program {
    classes: LoadedClass[];
    triggers: Array<{ file: string; unit: TriggerUnit }>;
    /** The synthetic class holding an anonymous block's members, when the program has one. */
    anonymous?: { unit: AnonymousUnit; info: ClassInfo };
    /** With `isolate`: the top-level classes that did not load, with the reason. */
    notLoaded?: Map<ClassInfo, string>;
    /** With `isolate`: the problems that kept classes from loading. */
    loadProblems?: CompileProblem[];
    /** Called before a class's code first runs in a run: checks it if not yet done; throws when it did not load. */
    ensureLoaded?(cls: ClassInfo): void;
}

export const ANONYMOUS_FILE = '<anonymous>';
export const ANONYMOUS_CLASS = 'AnonymousBlock';

export function buildProgram(
    files: ApexSourceFile[],
    options: ProgramOptions = {},
    anonymousSource?: string
): LoadedProgram {
    const cache = options.cache ?? new UnitCache();
    const natives = options.natives ?? EMPTY_NATIVE_LIBRARY;
    const registry = new ClassRegistry(options.namespace, {
        sobjectType: options.providers?.sobjectType,
        standardType: (n) => options.providers?.standardType?.(n) ?? natives.typeName(n) ?? canonicalStandardName(n)
    });
    const classes: LoadedClass[] = [];
    const triggers: LoadedProgram['triggers'] = [];
    for (const f of files) {
        const unit = cache.parse(f.source, f.kind, f.file);
        if (unit.kind === 'class')
            classes.push({
                file: f.file,
                source: f.source,
                unit,
                info: registry.addClass(unit.decl, f.file, f.apiVersion)
            });
        else if (unit.kind === 'trigger') triggers.push({ file: f.file, unit });
    }
    const anonymous = anonymousSource === undefined ? undefined : registerAnonymous(registry, cache, anonymousSource);
    registry.linkAll();
    const program: LoadedProgram = { registry, natives, classes, triggers, anonymous };
    if (!options.skipChecks) {
        if (options.isolate) isolateClasses(program, options.only);
        else checkProgram(program);
    }
    // Without checks (census), problems found while linking stay in the registry for the caller to read.
    if (registry.problems.length && !options.skipChecks) throw new ApexCompileError([...registry.problems]);
    return program;
}

/** The top-level class a (possibly inner) class belongs to. */
function topLevelOf(cls: ClassInfo): ClassInfo {
    let c = cls;
    while (c.outer) c = c.outer;
    return c;
}

function classTree(cls: ClassInfo): ClassInfo[] {
    return [cls, ...[...cls.inner.values()].flatMap(classTree)];
}

function groupByFile(problems: CompileProblem[]): Map<string, CompileProblem[]> {
    const out = new Map<string, CompileProblem[]>();
    for (const p of problems) out.set(p.file, [...(out.get(p.file) ?? []), p]);
    return out;
}

/** Why a class did not load: its first problem, a gap of apexrt preferred over a compile error. */
function notLoadedReason(problems: CompileProblem[]): string {
    const p = problems.find((x) => x.unsupported) ?? problems[0];
    const text = p.unsupported ? p.message : `compile error: ${p.message}`;
    return `${text} (${p.file}:${p.line})`;
}

/** Every word of a class's source tree (names, type names, literals), lower-cased: what it may refer to. */
function namesIn(node: unknown, out: Set<string>): Set<string> {
    if (typeof node === 'string') out.add(node.toLowerCase());
    else if (Array.isArray(node)) for (const x of node) namesIn(x, out);
    else if (node && typeof node === 'object') for (const v of Object.values(node)) namesIn(v, out);
    return out;
}

/** The named top-level classes and every top-level class their sources name, transitively. */
function closureOf(registry: ClassRegistry, names: string[]): ClassInfo[] {
    const byName = new Map(registry.topLevelClasses().map((c) => [c.name.toLowerCase(), c]));
    const seen = new Set<ClassInfo>();
    const queue = names.map((n) => byName.get(n.split('.')[0].toLowerCase())).filter((c) => !!c);
    while (queue.length) {
        const c = queue.pop()!;
        if (seen.has(c)) continue;
        seen.add(c);
        for (const n of namesIn(c.decl, new Set())) {
            const d = byName.get(n);
            if (d && !seen.has(d)) queue.push(d);
        }
    }
    return [...seen];
}

/**
 * Checks classes one by one: a class with problems does not load (its reason is kept), the others do. Link
 * problems (unknown types in signatures) count for the class whose file they are in. A class outside `only` is
 * checked when a run first reaches it.
 */
function isolateClasses(program: LoadedProgram, only: string[] | undefined): void {
    const registry = program.registry;
    const linkProblems = groupByFile(registry.problems.splice(0));
    const tops = registry.topLevelClasses().filter((c) => c.file !== ANONYMOUS_FILE && !c.builtin);
    const notLoaded = new Map<ClassInfo, string>();
    const loadProblems: CompileProblem[] = [];
    const checked = new Set<ClassInfo>();
    const checkNow = (classes: ClassInfo[]): void => {
        const fresh = classes.filter((c) => !checked.has(c));
        fresh.forEach((c) => checked.add(c));
        const before = registry.problems.length;
        checkClasses(program, fresh.flatMap(classTree));
        const found = groupByFile(registry.problems.splice(before));
        for (const c of fresh) {
            const problems = [...(linkProblems.get(c.file ?? '') ?? []), ...(found.get(c.file ?? '') ?? [])];
            if (!problems.length) continue;
            notLoaded.set(c, notLoadedReason(problems));
            loadProblems.push(...problems);
        }
    };
    checkNow(only ? closureOf(registry, only) : tops);
    if (program.anonymous) checkAnonymous(program);
    program.notLoaded = notLoaded;
    program.loadProblems = loadProblems;
    program.ensureLoaded = (cls) => {
        const top = topLevelOf(cls);
        if (top.builtin || top.file === ANONYMOUS_FILE) return;
        if (!checked.has(top)) checkNow([top]);
        const reason = notLoaded.get(top);
        if (reason) throw new ApexUnsupported(`class ${top.fullName} not loaded: ${reason}`);
    };
}

/** The message of a class that did not load, as reported for its tests. */
export function notLoadedMessage(reason: string): string {
    return `not loaded: ${reason}`;
}

/** Registers an anonymous block as the synthetic class holding its members and types. */
function registerAnonymous(registry: ClassRegistry, cache: UnitCache, source: string): LoadedProgram['anonymous'] {
    const unit = cache.parse(source, 'anonymous', ANONYMOUS_FILE) as AnonymousUnit;
    // Methods and properties declared in anonymous Apex behave as static members of the block.
    const members = unit.members.map((m) =>
        (m.k === 'method' || m.k === 'prop') && !m.modifiers.includes('static')
            ? { ...m, modifiers: [...m.modifiers, 'static'] }
            : m
    );
    const info = registry.addClass(
        {
            kind: 'class',
            name: ANONYMOUS_CLASS,
            modifiers: [],
            annotations: [],
            implements: [],
            members,
            enumValues: [],
            line: 1,
            col: 1
        },
        ANONYMOUS_FILE
    );
    return { unit, info };
}

/**
 * Compiles an anonymous block against an already loaded program, sharing its classes (and so their statics in a
 * run), as Execute Anonymous runs against the org's code. Only the block is checked; its compile problems throw
 * ApexCompileError. Call `release()` when the run is over: it unregisters the block's types.
 */
export function addAnonymous(
    program: LoadedProgram,
    source: string,
    cache: UnitCache = new UnitCache()
): { program: LoadedProgram; release: () => void } {
    const { registry } = program;
    const problemsBefore = registry.problems.length;
    const release = (): void => {
        registry.removeAnonymous();
        registry.problems.splice(problemsBefore);
    };
    try {
        const anonymous = registerAnonymous(registry, cache, source)!;
        for (const c of registry.allClasses()) if (c.file === ANONYMOUS_FILE) registry.link(c);
        const withBlock: LoadedProgram = { ...program, anonymous };
        checkAnonymous(withBlock);
        if (registry.problems.length > problemsBefore)
            throw new ApexCompileError(registry.problems.slice(problemsBefore));
        return { program: withBlock, release };
    } catch (e) {
        release();
        throw e;
    }
}
