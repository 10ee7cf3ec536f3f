/**
 * The door of the local Apex runtime (apexrt): everything outside tools/apexrt imports from this file only
 * (eslint `no-restricted-imports` enforces it), so apexrt's modules can move without breaking its users.
 *
 * - running Apex: `loadProject`, `runTests`, `executeAnonymous`/`runAnonymous`, `callStaticMethod`, reporters;
 * - the embedding API, for hosts that keep an org alive between transactions (tools/local-org, the reliability
 *   soak, scripts/bench.ts): Apex values and collections, SObjects and the schema, the platform state (async
 *   jobs, event bus, scheduler), callout values, and the class model of `@AuraEnabled` calls.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SchemaRegistry } from './data';
import type { SchemaOptions } from './data/schema/registry';
import { ApexUnsupported } from './core/values';
import { readSourceMetadata, SourceMetadata } from './data/schema/metadata-reader';
import {
    dataRuntime,
    OrgDataLayer,
    OrgDataLayerOptions,
    readLabels,
    readPermissionSetGroups,
    readPermissionSets
} from './data-bridge';
import { readOrgConfigs } from './data-bridge/org-config';
import { DEFAULT_CACHE_DIR } from './parser/parse';
import { buildProgram, LoadedProgram, ProgramOptions, UnitCache } from './loader/program';
import { findApexSources, projectRootOf, readNamespace } from './loader/source-files';
import { runTrigger } from './runner/execute';
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
    callInstanceMethod,
    newObject
} from './runner/execute';
export type { AnonymousResult, ApexExceptionInfo, ExecuteOptions } from './runner/execute';
export { runTests, discoverTests } from './runner/test-runner';
export type { TestResult, TestRunResult, TestRunOptions } from './runner/test-runner';
export { RunContext, NO_DATA_LAYER } from './interpreter/context';
export type { DataLayer, TestHooks, RunOptions } from './interpreter/context';
export type { NativeLibrary, NativeCallResult } from './interpreter/native-library';
export { combineLibraries, EMPTY_NATIVE_LIBRARY } from './interpreter/native-library';
export { ApexCompileError, problemText } from './types/registry';
export type { TypeProviders } from './types/registry';
export { formatConsoleReport, summaryLine } from './reporters/console';
export { formatJUnit } from './reporters/junit';
export { formatJson } from './reporters/json';
export { census, formatCensus } from './census/census';
export { defaultNatives } from './natives/default-natives';
export { dataRuntime, OrgDataLayer } from './data-bridge';
export { metadataTextToValue } from './data/schema/registry';
export { invokeRestResource, restNatives } from './platform/rest-context';
export {
    deliverEvents,
    discardUncommittedEvents,
    platformNatives,
    platformTestHooks,
    runQueuedWork
} from './platform/platform-natives';
export { PlatformState, platformOf } from './platform/platform-state';
export { notificationSendsIn, sentNotifications } from './platform/custom-notifications';
export type { SentNotification } from './platform/custom-notifications';
export { emailSendsIn, sentEmails } from './platform/email-messages';
export { StandardSetControllerValue } from './platform/standard-set-controller';
export type { SentEmail } from './platform/email-messages';
export type { RestCall, RestResult } from './platform/rest-context';
export { LimitContext } from './platform/limits';
export type { LimitKind } from './platform/limits';
export type { DataRuntime, OrgDataLayerOptions, TriggerRunner } from './data-bridge';

// ----- embedding API -----
// Apex values as TypeScript sees them.
export { ApexDate, ApexDatetime, ApexThrow, ApexTime, Decimal } from './core/values';
export { ApexList, ApexMap, ApexSet } from './collections/collections';
export { ApexError, ApexObject } from './interpreter/runtime-values';
// Records and the schema.
export { SchemaRegistry, SObject, describeGlobal, describeSObject, makeField, parseSoql, toId } from './data';
export type { FieldSchema } from './data';
export { readPermissionSets } from './data-bridge';
export { allocateCachePartition, setSubscriberConfig } from './data-bridge/org-config';
export { CronSchedule } from './platform/cron';
// Transactions of a long-lived org: anonymous blocks, async jobs, schedules, platform events, callouts.
export { addAnonymous } from './loader/program';
export { runFinalizer, runJob, runScheduledJob } from './platform/platform-natives';
export type { PendingFinalizer } from './platform/platform-natives';
export { EventBusState } from './platform/platform-state';
export type { QueuedJob, ScheduledJob } from './platform/platform-state';
export { HttpRequestValue, HttpResponseValue } from './platform/http-values';
// The class model (what an @AuraEnabled transport needs to convert arguments and results).
export { hasAnnotation } from './types/classes';
export type { ClassInfo, MethodInfo } from './types/classes';
export type { TypeRef } from './types/typeref';
// The peer projects (other SFDX projects apexrt is measured on).
export { defaultPeerDir, projectFolders } from './peer/projects';

export interface ProjectOptions extends ProgramOptions {
    /** The package directory (default force-app), or several (an SFDX project's packageDirectories). */
    sourceDir?: string | string[];
    root?: string;
    /** false disables the on-disk AST cache. */
    diskCache?: boolean;
    /**
     * The org's shape beyond its metadata: multi-currency and its currencies (default: single currency), the
     * sharing settings (org-wide defaults; default: a new org's, platform/record-visibility.ts).
     */
    orgShape?: OrgShape;
    /** The org shape with State and Country/Territory Picklists (data/schema/state-country-picklists.ts). */
    stateAndCountryPicklists?: boolean;
}

export type OrgShape = Pick<SchemaOptions, 'multiCurrency' | 'currencies' | 'sharing'>;

/**
 * Reads an org-shape file (JSON `{"multiCurrency": true, "currencies": [{"isoCode", "active", "corporate"}],
 * "sharing": {"orgWideDefaults": {"Opportunity": "Private"}, "noHierarchyAccess": ["X__c"]}}`): what a scratch org
 * definition cannot say (the currencies an admin adds under Manage Currencies, the Sharing Settings).
 */
export function readOrgShape(file: string): OrgShape {
    const shape = JSON.parse(fs.readFileSync(file, 'utf8')) as OrgShape;
    const known = new Set(['multiCurrency', 'currencies', 'sharing']);
    for (const key of Object.keys(shape))
        if (!known.has(key)) throw new ApexUnsupported(`org shape setting ${key} (${file})`);
    if (shape.currencies && !shape.multiCurrency)
        throw new ApexUnsupported(`currencies in a single-currency org shape (${file})`);
    return shape;
}

export interface LoadedProject extends LoadedProgram {
    /** The schema read from the source dir's metadata (plus the standard objects). */
    schema: SchemaRegistry;
    /** A fresh in-memory org for a run (tests: one per runTests call, reset by snapshots). */
    newDataLayer(options?: OrgDataLayerOptions): OrgDataLayer;
}

/** Metadata of several package directories read as one. */
function readMetadata(dirs: string[]): SourceMetadata {
    const all = dirs.filter((d) => fs.existsSync(d)).map((d) => readSourceMetadata(d));
    return {
        objects: all.flatMap((m) => m.objects),
        customMetadataRecords: all.flatMap((m) => m.customMetadataRecords),
        globalValueSets: new Map(all.flatMap((m) => [...m.globalValueSets])),
        automation: new Map(all.flatMap((m) => [...m.automation])),
        issues: all.flatMap((m) => m.issues)
    };
}

/**
 * Loads every class and trigger under the source dir(s) (default force-app) into a checked, runnable program, with
 * the data layer over the objects and fields of the same source dir(s).
 */
export function loadProject(options: ProjectOptions = {}): LoadedProject {
    const root = options.root ?? process.cwd();
    const sourceDirs = [options.sourceDir ?? 'force-app'].flat().map((d) => path.resolve(root, d));
    const files = sourceDirs.flatMap((d) => findApexSources(d, root));
    const cache =
        options.cache ?? new UnitCache(options.diskCache === false ? undefined : `${root}/${DEFAULT_CACHE_DIR}`);
    const namespace = options.namespace ?? readNamespace(projectRootOf(sourceDirs[0]) ?? root);
    const schema = sourceDirs.some((d) => fs.existsSync(d))
        ? new SchemaRegistry(readMetadata(sourceDirs), {
              namespace,
              ...options.orgShape,
              stateAndCountryPicklists: options.stateAndCountryPicklists
          })
        : SchemaRegistry.standardOnly({
              namespace,
              ...options.orgShape,
              stateAndCountryPicklists: options.stateAndCountryPicklists
          });
    const base = options.natives ?? defaultNatives();
    const data = dataRuntime(schema, base, {
        labels: new Map(sourceDirs.flatMap((d) => [...readLabels(d)])),
        permissionSets: new Map(sourceDirs.flatMap((d) => [...readPermissionSets(d)])),
        permissionSetGroups: new Map(sourceDirs.flatMap((d) => [...readPermissionSetGroups(d)])),
        orgConfig: readOrgConfigs(sourceDirs),
        runTrigger
    });
    const program = buildProgram(files, {
        ...options,
        namespace,
        providers: { ...data.providers, ...options.providers },
        natives: data.natives,
        cache
    });
    return Object.assign(program, {
        schema,
        newDataLayer: (o?: OrgDataLayerOptions) => data.newDataLayer(program, o)
    });
}
