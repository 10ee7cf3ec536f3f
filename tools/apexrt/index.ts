/**
 * Public API of the local Apex runtime (apexrt). Other parts (data layer, platform, golden corpus, local-org) use
 * these entry points; everything else is internal.
 */
import { DEFAULT_CACHE_DIR } from './parser/parse';
import { buildProgram, LoadedProgram, ProgramOptions, UnitCache } from './loader/program';
import { findApexSources, readNamespace } from './loader/source-files';
import { defaultNatives } from './natives/default-natives';

export { parseApex, ApexSyntaxErrors, DEFAULT_CACHE_DIR } from './parser/parse';
export { buildProgram, UnitCache, ANONYMOUS_FILE } from './loader/program';
export type { LoadedProgram, ProgramOptions } from './loader/program';
export { findApexSources, readNamespace } from './loader/source-files';
export type { ApexSourceFile } from './loader/source-files';
export {
    executeAnonymous,
    runAnonymous,
    runStaticMethod,
    runTrigger,
    describeException,
    callStaticMethod,
    callInstanceMethod
} from './runner/execute';
export type { AnonymousResult, ApexExceptionInfo, ExecuteOptions } from './runner/execute';
export { runTests, discoverTests } from './runner/test-runner';
export type { TestResult, TestRunResult, TestRunOptions } from './runner/test-runner';
export { RunContext, NO_DATA_LAYER } from './interpreter/context';
export type { DataLayer, TestHooks, RunOptions } from './interpreter/context';
export type { NativeLibrary, NativeCallResult } from './interpreter/native-library';
export { combineLibraries, EMPTY_NATIVE_LIBRARY } from './interpreter/native-library';
export { ApexCompileError } from './types/registry';
export type { TypeProviders } from './types/registry';
export { formatConsoleReport, summaryLine } from './reporters/console';
export { formatJUnit } from './reporters/junit';
export { formatJson } from './reporters/json';
export { census, formatCensus } from './census/census';
export { defaultNatives } from './natives/default-natives';

export interface ProjectOptions extends ProgramOptions {
    sourceDir?: string;
    root?: string;
    /** false disables the on-disk AST cache. */
    diskCache?: boolean;
}

/** Loads every class and trigger under the source dir (default force-app) into a checked, runnable program. */
export function loadProject(options: ProjectOptions = {}): LoadedProgram {
    const root = options.root ?? process.cwd();
    const files = findApexSources(options.sourceDir ?? 'force-app', root);
    const cache =
        options.cache ?? new UnitCache(options.diskCache === false ? undefined : `${root}/${DEFAULT_CACHE_DIR}`);
    return buildProgram(files, {
        ...options,
        namespace: options.namespace ?? readNamespace(root),
        natives: options.natives ?? defaultNatives(),
        cache
    });
}
