/**
 * The local org: the package's Apex on apexrt as one long-lived in-memory org. Every API call is one Apex
 * transaction (a fresh RunContext over the same data); work the transaction leaves behind (platform events,
 * Queueables) is handed to the async runner after it commits; callouts go through the CalloutRouter.
 */
import * as path from 'node:path';
import {
    loadProject,
    LoadedProject,
    OrgDataLayer,
    ApexDatetime,
    RunContext,
    PlatformState,
    addAnonymous,
    runAnonymous,
    ApexSyntaxErrors,
    ApexThrow,
    ApexCompileError,
    problemText,
    metadataTextToValue,
    type LimitContext,
    type LimitKind
} from '../apexrt';
import { AsyncRunner } from './async-runner';
import { CalloutRouter } from './callout-router';
import { Outbox } from './outbox';
import { Scheduler } from './scheduler';

/** The Tooling API's ExecuteAnonymousResult, plus the block's debug lines. */
export interface ExecuteAnonymousResult {
    line: number;
    column: number;
    compiled: boolean;
    success: boolean;
    compileProblem: string | null;
    exceptionStackTrace: string | null;
    exceptionMessage: string | null;
    debugLines: string[];
}

/** The platform's message when a transaction runs out of CPU time (the injected mid-way failure). */
const MIDWAY_FAILURE = 'Apex CPU time limit exceeded';
/** Per limit: the highest use of one limit context, as a share of that context's maximum, and the maximum. */
export interface PeakLimits {
    contexts: number;
    max: Partial<Record<LimitKind, { used: number; of: number }>>;
}

/** Thrown inside the transaction to roll an anonymous block back when it ended with an uncaught exception. */
class RolledBack extends Error {}

export interface LocalOrgOptions {
    /** Project root (sfdx-project.json); default: the repository. */
    root?: string;
    /** The org's clock; default: the real time. */
    now?: () => number;
    /** The Partner Center emulator the named credentials point at (callouts fail without one). */
    emulatorUrl?: string;
    /** The org's log (async failures, jobs run). */
    log?: (line: string) => void;
    /** A Developer Edition or trial org: Queueable chains end at depth 5 unless AsyncOptions says otherwise. */
    developerEdition?: boolean;
}

export class LocalOrg {
    readonly project: LoadedProject;
    /** The project root the org was loaded from (its metadata beyond Apex: pages, flows, quick actions). */
    readonly root: string;
    readonly data: OrgDataLayer;
    readonly async: AsyncRunner;
    readonly router?: CalloutRouter;
    readonly scheduler: Scheduler;
    /** The emails and custom notifications the org's committed transactions sent (outbox.ts). */
    readonly outbox: Outbox;
    private readonly developerEdition: boolean;
    /** Injected row locks: record id → how many more async-job transactions meet it (see lockRowForJobs). */
    private readonly rowLocks = new Map<string, number>();
    /** The injected locks each transaction (its limit context) met: it meets them at every later attempt too. */
    private readonly rowLocksMetBy = new WeakMap<object, Set<string>>();
    private readonly calloutInterleavings: Array<{ className: string; work: () => void; before: boolean }> = [];
    /** How far the org's clock is set ahead of its time source (advanceClock). */
    private clockOffsetMs = 0;
    private readonly clock: () => number;
    /** Writes refused by an injected row lock so far. */
    rowLocksMet = 0;
    /** Injected mid-way failures: Queueable class name → how many more of its runs fail (see failJobsMidway). */
    private readonly midwayFailures = new Map<string, number>();
    /** Jobs ended by an injected mid-way failure so far (the async runner does not count them as errors). */
    midwayFailuresMet = 0;
    /** Injected daily async limit: how many more attempts to add asynchronous work fail (see reachAsyncLimit). */
    private asyncLimitAttempts = 0;
    /** Attempts to add asynchronous work refused by the injected limit so far. */
    asyncLimitMet = 0;
    /**
     * The most any one limit context (a request's transaction, an async job, a scheduled run, a finalizer) used of
     * each governor limit so far, and how many contexts counted anything: benchmarks show the peak per
     * transaction against the limit.
     */
    readonly peakLimits: PeakLimits = { contexts: 0, max: {} };

    constructor(options: LocalOrgOptions = {}) {
        this.async = new AsyncRunner(options.log);
        this.outbox = new Outbox(options.log);
        this.developerEdition = options.developerEdition ?? false;
        this.router = options.emulatorUrl ? new CalloutRouter(options.emulatorUrl) : undefined;
        const root = options.root ?? path.resolve(__dirname, '..', '..');
        this.root = root;
        this.project = loadProject({ root, sourceDir: 'force-app' });
        this.clock = options.now ?? (() => Date.now());
        const now = (): number => this.now();
        this.scheduler = new Scheduler(now, options.log);
        // Apex Developer Guide, "Queueable Apex": chains end at depth 5 in Developer Edition and trial orgs; the
        // edition is the Organization row's (apexrt reads it when a job is enqueued).
        this.data = this.project.newDataLayer({
            now: () => new ApexDatetime(now()),
            organizationType: this.developerEdition ? 'Developer Edition' : 'Enterprise Edition'
        });
        this.data.rowLockContention = (_type, id, run) => {
            // A transaction that met the lock meets it again at every later attempt: the other client holds the
            // record past the wait, so not for one statement only (its update, a FOR UPDATE read of it).
            const met = this.rowLocksMetBy.get(run.limits);
            if (met?.has(id)) return true;
            const left = this.rowLocks.get(id) ?? 0;
            if (left <= 0 || !(run.org instanceof PlatformState && run.org.runningJob)) return false;
            if (left === 1) this.rowLocks.delete(id);
            else this.rowLocks.set(id, left - 1);
            this.rowLocksMet++;
            this.rowLocksMetBy.set(run.limits, (met ?? new Set<string>()).add(id));
            return true;
        };
        const execute = this.data.execute.bind(this.data);
        this.data.execute = (op, records, allOrNone, run, externalIdField) => {
            this.failMidway(run);
            return execute(op, records, allOrNone, run, externalIdField);
        };
    }

    /**
     * Fault injection: the next `count` runs of a Queueable of class `className` end with an uncaught exception
     * at their first DML statement — after their callouts, before their writes — as when a job runs out of CPU
     * time (Apex Developer Guide, "Execution Governors and Limits": a limit exceeded ends the transaction with a
     * System.LimitException that cannot be caught). The job's transaction is rolled back and its finalizer runs
     * ("Transaction Finalizers").
     */
    failJobsMidway(className: string, count = 1): void {
        this.midwayFailures.set(className, (this.midwayFailures.get(className) ?? 0) + count);
    }

    /** Whether an error that ended a job is one failJobsMidway injected. */
    isInjectedFailure(error: unknown): boolean {
        return error instanceof Error && error.message.includes(MIDWAY_FAILURE);
    }

    private failMidway(run: RunContext): void {
        const platform = run.org instanceof PlatformState ? run.org : undefined;
        const running = platform?.runningJob ? platform.runningQueueable : null;
        if (!running || platform?.asyncContext?.kind !== 'queueable') return;
        const name = running.job.cls.fullName;
        const left = this.midwayFailures.get(name) ?? 0;
        if (left <= 0) return;
        if (left === 1) this.midwayFailures.delete(name);
        else this.midwayFailures.set(name, left - 1);
        this.midwayFailuresMet++;
        throw new ApexThrow('System.LimitException', MIDWAY_FAILURE);
    }

    /**
     * Moves the org's clock (System.now, CreatedDate, the scheduler's times) `ms` ahead: minutes passing without
     * waiting for them, or the org's clock running ahead of Partner Center's (clock skew between the two sides).
     */
    advanceClock(ms: number): void {
        this.clockOffsetMs += ms;
    }

    /**
     * Fault injection: the org has used up its daily asynchronous Apex executions for a while — the next
     * `attempts` attempts to add a Queueable, a future call or a scheduled job fail with the platform's
     * System.AsyncException (tools/apexrt/platform/daily-async-limit.ts); then the rolling 24-hour window has
     * room again.
     */
    reachAsyncLimit(attempts: number): void {
        this.asyncLimitAttempts += attempts;
    }

    /** Fault injection: the injected daily async limit is over (the window has room again); returns the refusals left. */
    endAsyncLimit(): number {
        const left = Math.max(0, this.asyncLimitAttempts);
        this.asyncLimitAttempts = 0;
        return left;
    }

    /** The org's clock (ms): System.now and CreatedDate, advanceClock included. */
    now(): number {
        return this.clock() + this.clockOffsetMs;
    }

    /**
     * Fault injection: the next `count` asynchronous jobs (Queueables, as the sync's jobs are) that write the record
     * fail to, with UNABLE_TO_LOCK_ROW, as when a seller saves the same record at that moment and holds its lock
     * past the wait (Apex Developer Guide, "Locking Statements": a lock not obtained in about 10 s); a FOR UPDATE
     * query of the record meets the lock too and throws the QueryException the same page documents
     * (OrgDataLayer.lockRows). A job that met the lock meets it at every later attempt of its transaction.
     */
    lockRowForJobs(id: string, count = 1): void {
        this.rowLocks.set(id, (this.rowLocks.get(id) ?? 0) + count);
    }

    /**
     * Concurrency: the next time a Queueable of class `className` has the answer to a callout, `work` runs before
     * the job goes on — other transactions (a seller's save through executeAnonymous, waiting jobs and event
     * batches through `async.runWaitingNow`) while this job is inside its callout, as a real org runs
     * asynchronous jobs at the same time. Everything else runs one transaction after the other; this is the one
     * place two overlap, and it is faithful there only: the platform refuses a callout with uncommitted work
     * ("You have uncommitted work pending", which apexrt enforces) and one made while holding FOR UPDATE locks is
     * refused by apexrt (record-locks.ts), so the waiting job holds no writes and no locks that the other
     * transactions could meet; what it read before stays as it read it (no read isolation beyond that is modelled,
     * nor needed: Apex has no repeatable read). Its rollback point moves to after the other transactions, which
     * committed.
     */
    interleaveAfterCallout(className: string, work: () => void): void {
        this.calloutInterleavings.push({ className, work, before: false });
    }

    /**
     * As interleaveAfterCallout, but `work` runs when the job has sent its request and Partner Center has not
     * handled it yet: the other transactions run while the request is on its way (two creates "at the same
     * instant": the other job's look-up cannot see what this request will make).
     */
    interleaveBeforeCallout(className: string, work: () => void): void {
        this.calloutInterleavings.push({ className, work, before: true });
    }

    /** Runs `work` as one transaction; a failure rolls the data back to where the transaction started. */
    transaction<T>(work: (run: RunContext) => T): T {
        const router = this.router;
        let before: ReturnType<typeof this.data.snapshot>;
        // Whoever started this transaction; a job inside it switches to its own user (platform/job-user.ts).
        const startedBy = this.data.org.db.runningUserId;
        const send = (request: Parameters<CalloutRouter['send']>[0]): ReturnType<CalloutRouter['send']> => {
            const interleave = (beforeSend: boolean): void => {
                const platform = run.org as PlatformState;
                const running = platform.runningJob ? platform.runningQueueable : null;
                const i = this.calloutInterleavings.findIndex(
                    (h) => h.className === running?.job.cls.fullName && h.before === beforeSend
                );
                if (i < 0) return;
                const [interleaving] = this.calloutInterleavings.splice(i, 1);
                // The other transactions are other users' requests, not the waiting job's: they run as whoever
                // started this one (the seller's save), and the job goes on as its own user.
                const jobUser = this.data.org.db.runningUserId;
                this.data.org.db.runningUserId = startedBy;
                try {
                    interleaving.work();
                } finally {
                    this.data.org.db.runningUserId = jobUser;
                }
                before = this.data.snapshot();
            };
            interleave(true);
            const response = router!.send(request);
            interleave(false);
            return response;
        };
        const run = new RunContext({
            data: this.data,
            org: new PlatformState(router ? send : undefined)
        });
        (run.org as PlatformState).dailyAsyncLimitReached = () => {
            if (this.asyncLimitAttempts <= 0) return false;
            this.asyncLimitAttempts--;
            this.asyncLimitMet++;
            return true;
        };
        before = this.data.snapshot();
        const contexts = this.watchLimits(run);
        let result: T;
        try {
            result = work(run);
        } catch (e) {
            this.data.restore(before);
            this.outbox.rolledBack(run);
            this.async.afterRollback(this, run);
            throw e;
        } finally {
            this.notePeaks(contexts);
        }
        // The committed work starts first: whatever fails after the commit (the outbox's bookkeeping) fails the
        // caller loudly, but cannot leave the transaction's jobs and events unstarted for settle() to wait on.
        this.async.afterCommit(this, run);
        this.scheduler.afterCommit(this, run);
        this.outbox.committed(run, (id) => {
            const email = this.data.org.db.getRow(id)?.row.email;
            return typeof email === 'string' ? email : null;
        });
        return result;
    }

    /** Every limit context the transaction uses: its own and those an async job or scheduled run swaps in. */
    private watchLimits(run: RunContext): LimitContext[] {
        const contexts = [run.limits];
        let current = run.limits;
        Object.defineProperty(run, 'limits', {
            configurable: true,
            enumerable: true,
            get: () => current,
            set: (next: LimitContext) => {
                current = next;
                if (!contexts.includes(next)) contexts.push(next);
            }
        });
        return contexts;
    }

    private notePeaks(contexts: LimitContext[]): void {
        for (const context of contexts) {
            const used = Object.entries(context.snapshot()) as Array<[LimitKind, number]>;
            // Not Apex (the REST API's query resource counts no governor limit), or nothing counted.
            if (!Number.isFinite(context.max('queryRows')) || !used.some(([, n]) => n > 0)) continue;
            this.peakLimits.contexts++;
            for (const [kind, n] of used) {
                const peak = this.peakLimits.max[kind];
                const of = context.max(kind);
                if (!peak || n / of > peak.used / peak.of) this.peakLimits.max[kind] = { used: n, of };
            }
        }
    }

    /**
     * Execute Anonymous against this org: the block runs with the org's classes (their statics shared with the
     * triggers it fires) in one transaction, rolled back when it ends with an uncaught exception; the async work it
     * leaves follows on the real clock.
     */
    executeAnonymous(source: string): ExecuteAnonymousResult {
        const result: ExecuteAnonymousResult = {
            line: -1,
            column: -1,
            compiled: true,
            success: true,
            compileProblem: null,
            exceptionStackTrace: null,
            exceptionMessage: null,
            debugLines: []
        };
        let compiled: ReturnType<typeof addAnonymous>;
        try {
            compiled = addAnonymous(this.project, source);
        } catch (e) {
            if (!(e instanceof ApexCompileError || e instanceof ApexSyntaxErrors)) throw e;
            const first = e.problems[0];
            return {
                ...result,
                compiled: false,
                success: false,
                line: first?.line ?? -1,
                column: first?.col ?? -1,
                // A type apexrt does not know reads "not supported by apexrt: type X", not as the user's error.
                compileProblem:
                    e instanceof ApexCompileError && first ? problemText(first) : (first?.message ?? e.message)
            };
        }
        try {
            this.transaction((run) => {
                const outcome = runAnonymous(compiled.program, run);
                result.debugLines = run.debugLines;
                if (outcome.exception) {
                    Object.assign(result, {
                        success: false,
                        line: outcome.exception.line ?? -1,
                        column: 1,
                        exceptionMessage: `${outcome.exception.type}: ${outcome.exception.message}`,
                        exceptionStackTrace: outcome.exception.stackTrace
                    });
                    throw new RolledBack();
                }
            });
        } catch (e) {
            if (!(e instanceof RolledBack)) throw e;
        } finally {
            compiled.release();
        }
        return result;
    }

    /**
     * Changes a field of the Co_Sell_Setting__mdt record `Default`, as an admin edits it in Setup (custom
     * metadata is read-only to Apex).
     */
    setSetting(field: string, value: unknown): void {
        const object = this.project.schema.getObject('Co_Sell_Setting__mdt');
        const row = object && this.data.org.db.rows(object).find((r) => r.developername === 'Default');
        if (!row) throw new Error('no Co_Sell_Setting__mdt record Default');
        this.data.org.db.updateSystemRow(row.id as string, { [field]: value });
    }

    /**
     * Deploys a custom metadata record as an admin does in Setup (Apex cannot write custom metadata): created, or
     * updated when the type has it already. `values` are field values as the record's XML holds them (null for nil);
     * an unknown field fails, as the deploy would.
     */
    deployCustomMetadata(type: string, developerName: string, values: Record<string, string | null>): void {
        const object = this.project.schema.getObject(type);
        if (!object || object.kind !== 'customMetadata') throw new Error(`${type} is not a custom metadata type`);
        const runtime = new Map<string, unknown>();
        for (const [name, text] of Object.entries(values)) {
            const field = this.project.schema.getField(object, name);
            if (!field) throw new Error(`field ${name} not found on ${object.name}`);
            runtime.set(field.name.toLowerCase(), text === null ? null : metadataTextToValue(field, text));
        }
        this.data.org.db.deployCustomMetadata(object.name, developerName, developerName.replace(/_/g, ' '), runtime);
    }
}
