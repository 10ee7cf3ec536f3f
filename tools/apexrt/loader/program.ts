/**
 * Builds a runnable program from source files: parse (through the AST cache), register every class, link, and
 * report compile problems (with file and line) before anything runs.
 */
import type { AnonymousUnit, ClassUnit, CompilationUnit, TriggerUnit } from '../ast/nodes';
import type { Program } from '../interpreter/interpreter';
import { EMPTY_NATIVE_LIBRARY, NativeLibrary } from '../interpreter/native-library';
import { parseApex, UnitKind } from '../parser/parse';
import type { ClassInfo } from '../types/classes';
import { checkAnonymous, checkProgram } from '../types/checker';
import { ApexCompileError, ClassRegistry, TypeProviders } from '../types/registry';
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
}

export interface LoadedClass {
    file: string;
    unit: ClassUnit;
    info: ClassInfo;
}

export interface LoadedProgram extends Program {
    classes: LoadedClass[];
    triggers: Array<{ file: string; unit: TriggerUnit }>;
    /** The synthetic class holding an anonymous block's members, when the program has one. */
    anonymous?: { unit: AnonymousUnit; info: ClassInfo };
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
            classes.push({ file: f.file, unit, info: registry.addClass(unit.decl, f.file, f.apiVersion) });
        else if (unit.kind === 'trigger') triggers.push({ file: f.file, unit });
    }
    const anonymous = anonymousSource === undefined ? undefined : registerAnonymous(registry, cache, anonymousSource);
    registry.linkAll();
    const program: LoadedProgram = { registry, natives, classes, triggers, anonymous };
    if (!options.skipChecks) checkProgram(program);
    if (registry.problems.length) throw new ApexCompileError([...registry.problems]);
    return program;
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
