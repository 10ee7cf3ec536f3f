/**
 * Batch Apex in tests (Apex Developer Guide, "Using Batch Apex" and "Testing Batch Apex"; Apex Reference,
 * "Database.Batchable Interface", "Database.BatchableContext Interface", "QueryLocator Class"):
 * - `Database.executeBatch(job[, scope])` queues the job (a class implementing Database.Batchable) and returns its
 *   job Id; the scope is 200 by default and at most 2,000 when start returns a QueryLocator. It is asynchronous
 *   Apex, pending work that blocks a later callout. At Test.stopTest the job runs: start, then execute with the
 *   records, then finish, each in a transaction of its own with asynchronous limits.
 * - "You can test only one execution of the execute method": a job whose records need more than one execute (or
 *   none) is not supported, nor is an exception escaping a phase (what the test sees then is not documented).
 * - Without Database.Stateful every phase starts from the job's state when it was queued ("each execution ... is
 *   a discrete transaction" and instance variables are not kept); with it, the same instance carries on.
 * - `Database.getQueryLocator(query string or inline query)`: the records of the query; getQuery() returns the
 *   string it was given.
 * Outside tests (the local org), batch jobs are not run.
 */
import { ApexList } from '../collections/collections';
import { ApexUnsupported } from '../core/values';
import type { RunContext } from '../interpreter/context';
import type { NativeCallResult, NativeLibrary } from '../interpreter/native-library';
import { ApexError, ApexObject } from '../interpreter/runtime-values';
import { callInstanceMethod } from '../runner/execute';
import { implementsStandard } from '../types/classes';
import { T, TypeRef } from '../types/typeref';
import { currentUserId, layerOf } from './job-user';
import { inOwnTransaction } from './own-transaction';
import { LimitContext } from './limits';
import { serializedCopy } from './platform-cache';
import { platformOf } from './platform-state';

export interface QueuedBatch {
    id: string;
    kind: 'batch';
    job: ApexObject;
    /** The job's state when it was queued (phases of a job without Database.Stateful start from it). */
    queuedState: ApexObject;
    scope: number;
    delayMinutes: 0;
    userId?: string;
}

export class QueryLocatorValue {
    constructor(
        readonly records: ApexList,
        readonly query: string | null
    ) {}
}

export class BatchableContextValue {
    constructor(readonly jobId: string) {}
}

const QUERY_LOCATOR: TypeRef = { name: 'Database.QueryLocator', args: [] };
const DEFAULT_SCOPE = 200;
const MAX_LOCATOR_SCOPE = 2000;

function executeBatch(run: RunContext, job: unknown, scope: unknown): string {
    if (!(job instanceof ApexObject) || !implementsStandard(job.cls, 'Database.Batchable'))
        throw new ApexUnsupported('Database.executeBatch of an object that does not implement Database.Batchable');
    if (!run.isTest) throw new ApexUnsupported('Database.executeBatch outside tests (batch jobs are not run)');
    const size = scope === undefined ? DEFAULT_SCOPE : scope;
    if (typeof size !== 'number' || size < 1) throw new ApexUnsupported(`Database.executeBatch with scope ${size}`);
    const platform = platformOf(run);
    if (platform.runningJob) throw new ApexUnsupported('Database.executeBatch from a running asynchronous job');
    platform.uncommittedWork = true;
    const id = platform.nextJobId();
    platform.queue.push({
        id,
        kind: 'batch',
        job,
        queuedState: serializedCopy(job) as ApexObject,
        scope: size,
        delayMinutes: 0,
        userId: currentUserId(run)
    });
    return id;
}

/** One phase in a transaction of its own (asynchronous limits, as the job's user); the caller's state resumes. */
function inJobTransaction(run: RunContext, batch: QueuedBatch, phase: string, body: () => unknown): unknown {
    const platform = platformOf(run);
    platform.runningJob = true;
    const context = {
        limits: new LimitContext('async'),
        async: {
            kind: 'batch' as const,
            allowsCallouts: implementsStandard(batch.job.cls, 'Database.AllowsCallouts')
        },
        userId: batch.userId
    };
    try {
        return inOwnTransaction(run, context, body);
    } catch (e) {
        if (e instanceof ApexError)
            throw new ApexUnsupported(`an exception escaping a batch job's ${phase} in a test (${e.message})`);
        throw e;
    } finally {
        platform.runningJob = false;
    }
}

/** Runs a queued batch job at Test.stopTest: start, one execute, finish. */
export function runBatch(run: RunContext, batch: QueuedBatch): void {
    const program = layerOf(run).program;
    const stateful = implementsStandard(batch.job.cls, 'Database.Stateful');
    const instance = (): ApexObject => (stateful ? batch.job : (serializedCopy(batch.queuedState) as ApexObject));
    const context = new BatchableContextValue(batch.id);
    const started = inJobTransaction(run, batch, 'start', () =>
        callInstanceMethod(program, run, instance(), 'start', [context])
    );
    let records: ApexList;
    if (started instanceof QueryLocatorValue) {
        if (batch.scope > MAX_LOCATOR_SCOPE)
            throw new ApexUnsupported(`Database.executeBatch with scope ${batch.scope} over a QueryLocator`);
        records = started.records;
    } else if (started instanceof ApexList) records = started;
    else throw new ApexUnsupported('a batch job whose start returns neither a QueryLocator nor a List');
    if (records.items.length === 0 || records.items.length > batch.scope)
        throw new ApexUnsupported(
            `a batch job in a test with ${records.items.length} record(s) for scope ${batch.scope} (tests run exactly one execute)`
        );
    const scope = new ApexList(records.elemType, [...records.items]);
    inJobTransaction(run, batch, 'execute', () =>
        callInstanceMethod(program, run, instance(), 'execute', [context, scope])
    );
    inJobTransaction(run, batch, 'finish', () => callInstanceMethod(program, run, instance(), 'finish', [context]));
}

function getQueryLocator(run: RunContext, args: unknown[]): QueryLocatorValue {
    if (args.length !== 1) throw new ApexUnsupported('Database.getQueryLocator with an access level');
    const [source] = args;
    if (source instanceof ApexList) return new QueryLocatorValue(source, null);
    if (typeof source !== 'string') throw new ApexUnsupported('Database.getQueryLocator(null)');
    const result = layerOf(run).program.natives.callStatic(run, 'Database', 'query', [source], [T.String]);
    if (!(result?.value instanceof ApexList)) throw new ApexUnsupported('Database.getQueryLocator of this query');
    return new QueryLocatorValue(result.value, source);
}

const ok = (value: unknown, returnType?: TypeRef): NativeCallResult => ({ value, returnType });
const TYPES = ['Database.QueryLocator', 'Database.BatchableContext'];

export function batchApexNatives(): NativeLibrary {
    return {
        typeName: (name) => TYPES.find((n) => n.toLowerCase() === name.toLowerCase()),
        callStatic: (run, typeName, method, args) => {
            if (!/^(system\.)?database$/i.test(typeName)) return undefined;
            const m = method.toLowerCase();
            if (m === 'executebatch' && (args.length === 1 || args.length === 2))
                return ok(executeBatch(run, args[0], args[1]), T.Id);
            if (m === 'getquerylocator') return ok(getQueryLocator(run, args), QUERY_LOCATOR);
            return undefined;
        },
        callInstance: (_run, _typeName, self, method, args) => {
            const m = `${method.toLowerCase()}/${args.length}`;
            if (self instanceof BatchableContextValue) {
                if (m === 'getjobid/0') return ok(self.jobId, T.Id);
                throw new ApexUnsupported(`Database.BatchableContext.${method}`);
            }
            if (self instanceof QueryLocatorValue) {
                if (m === 'getquery/0' && self.query !== null) return ok(self.query, T.String);
                throw new ApexUnsupported(`Database.QueryLocator.${method}`);
            }
            return undefined;
        },
        knowsMember: (typeName, method, isStatic) => {
            const t = typeName.toLowerCase();
            const m = method.toLowerCase();
            if (/^(system\.)?database$/.test(t) && isStatic && (m === 'executebatch' || m === 'getquerylocator'))
                return true;
            if (t === 'database.batchablecontext') return m === 'getjobid';
            if (t === 'database.querylocator') return m === 'getquery';
            return undefined;
        },
        returnType: (typeName, method) => {
            const t = typeName.toLowerCase();
            const m = method.toLowerCase();
            if (/^(system\.)?database$/.test(t) && m === 'executebatch') return T.Id;
            if (/^(system\.)?database$/.test(t) && m === 'getquerylocator') return QUERY_LOCATOR;
            if (t === 'database.batchablecontext' && m === 'getjobid') return T.Id;
            if (t === 'database.querylocator' && m === 'getquery') return T.String;
            return undefined;
        },
        isInstance: (v, typeName) => {
            const t = typeName.toLowerCase();
            if (t === 'database.querylocator') return v instanceof QueryLocatorValue;
            if (t === 'database.batchablecontext') return v instanceof BatchableContextValue;
            return undefined;
        },
        runtimeTypeName: (v) =>
            v instanceof QueryLocatorValue
                ? 'Database.QueryLocator'
                : v instanceof BatchableContextValue
                  ? 'Database.BatchableContext'
                  : undefined
    };
}

/** `System.isBatch()` (Apex Reference, "System Class"): true in a batch job's start, execute and finish. */
export function isBatch(run: RunContext): boolean {
    return platformOf(run).asyncContext?.kind === 'batch';
}
