/**
 * The interpreter's DataLayer over the data layer's in-memory org (tools/apexrt/data): DML statements and
 * Database.* calls with triggers, inline and dynamic SOQL, `new Account(...)`, and snapshots for test isolation.
 * Limits are counted on the run's current limit context (RunContext.limits).
 */
import { checkContentDocumentLinkQuery, checkContentVersionDml } from './content-files';
import type { DmlStmt, SoqlExpr, TriggerUnit } from '../ast/nodes';
import { ApexQueryList } from '../collections/collections';
import { ApexDate, ApexDatetime, ApexThrow, ApexUnsupported } from '../core/values';
import { localEpochDay } from '../data/soql/date-literals';
import { dmlExceptionMessage, DmlOutcome, OrgData, parseSoqlShared, QueryResult, runQuery, SObject } from '../data';
import type { TriggerChunk } from '../data';
import type { BindReference, SoqlQuery } from '../data/soql/ast';
import type { DataLayer, RunContext } from '../interpreter/context';
import type { LoadedProgram } from '../loader/program';
import { ApexError } from '../interpreter/runtime-values';
import { checkShareRows, dmlRefusals, queryVisibility, userRecordAccessRows } from '../platform/record-visibility';
import { noteRecordLocks } from '../platform/record-locks';
import { assignField } from './sobject-natives';
import { platformOf } from '../platform/platform-state';
import { bindValue, recordList, recordsOf } from './apex-values';
import { checkQueryAccess, userModeDmlRefusals } from './permissions';
import { checkPermissionSetAssignmentQuery, checkPermissionSetGroupDml } from './permission-set-groups';
import { checkSecurityEnforcedAllowed, userModeByDefault } from '../platform/access-mode';
import { clearPlatformCache } from './platform-cache-store';

export type DmlOperation = 'insert' | 'update' | 'upsert' | 'delete' | 'undelete';

/** What a running trigger sees through `Trigger.*`. */
export interface TriggerFrame {
    chunk: TriggerChunk;
}

/**
 * Runs one trigger body (the runner's `runTrigger`). The data layer fires triggers but does not know how Apex
 * runs: whoever assembles the runtime hands the runner in (index.ts `loadProject`), so data-bridge imports no
 * runner and the layers stay one way.
 */
export type TriggerRunner = (program: LoadedProgram, run: RunContext, trigger: TriggerUnit, file: string) => void;

export interface OrgDataLayerOptions {
    /** Runs the project's triggers; without it a DML that would fire a trigger is not supported. */
    runTrigger?: TriggerRunner;
    /** The current instant; default: the real clock. */
    now?: () => ApexDatetime;
    /** Time zone of the running user, for SOQL date literals (default GMT: apexrt's documented default). */
    timeZone?: string;
    /**
     * Organization.OrganizationType of the org (default 'Developer Edition'); the edition decides platform rules
     * such as the depth of Queueable chains (platform/async-options.ts).
     */
    organizationType?: string;
}

/** Apex's trigger operation names, as used in "execution of BeforeInsert" (Apex Developer Guide, Triggers). */
function triggerEventName(chunk: TriggerChunk): string {
    const op = chunk.operation[0].toUpperCase() + chunk.operation.slice(1);
    return `${chunk.isBefore ? 'Before' : 'After'}${op}`;
}

/** Exceptions no Apex code (and no DML statement) can turn into a row error. */
const UNCATCHABLE = ['System.LimitException', 'System.AssertException'];

/**
 * Row lock contention injected by a host (the local org's fault injection): asked for each existing record an
 * update or delete writes; true means another transaction holds the record's lock past the wait. apexrt itself
 * never contends (one transaction at a time), so nothing is locked without a host saying so.
 */
export type RowLockContention = (objectType: string, id: string, run: RunContext) => boolean;

/** The error of a record whose lock was not obtained (Apex Reference "StatusCode Enum": UNABLE_TO_LOCK_ROW). */
const UNABLE_TO_LOCK_ROW = {
    statusCode: 'UNABLE_TO_LOCK_ROW',
    message: 'unable to obtain exclusive access to this record',
    fields: [] as string[]
};

/**
 * A FOR UPDATE query of a record another client holds locked past the wait: Apex Developer Guide, "Locking
 * Statements" ("waits a maximum of 10 seconds … If the lock isn't released within 10 seconds, you get a
 * QueryException"). The message is not documented; this is the one widely reported for it (help article 000229525,
 * "Unable to lock row - Record currently unavailable errors", names "Record Currently Unavailable").
 */
const RECORD_UNAVAILABLE =
    'Record Currently Unavailable: The record you are attempting to edit, or one of its related records, is currently being modified by another user. Please try again.';

export class OrgDataLayer implements DataLayer {
    readonly triggerStack: TriggerFrame[] = [];
    /** Set by a host that injects row lock contention (tools/local-org); unset, no record is ever locked. */
    rowLockContention?: RowLockContention;
    private readonly now: () => ApexDatetime;
    private readonly timeZone: string;
    private readonly runTrigger?: TriggerRunner;

    constructor(
        readonly program: LoadedProgram,
        readonly org: OrgData,
        options: OrgDataLayerOptions = {}
    ) {
        this.now = options.now ?? (() => new ApexDatetime(Date.now()));
        this.timeZone = options.timeZone ?? 'GMT';
        this.runTrigger = options.runTrigger;
    }

    /** The org's clock (a host that keeps an org alive may set it apart from the machine's: options.now). */
    clockMs(): number {
        return this.now().epochMs;
    }

    /** Set by a host that serves the org at an address (the local org's server); apexrt alone has none. */
    domainUrl: string | null = null;

    orgDomainUrl(): string | null {
        return this.domainUrl;
    }

    localeSidKey(): string | null {
        const { db, setup } = this.org;
        const row = db.getRow(db.runningUserId ?? setup.runningUserId)?.row;
        return (row?.localesidkey as string | undefined) ?? null;
    }

    /** The transaction's clock: the current time and the running user's time zone. */
    clock(): { now: ApexDatetime; timeZone: string } {
        return { now: this.now(), timeZone: this.timeZone };
    }

    // ----- DML -----

    dml(stmt: DmlStmt, operands: unknown[], run: RunContext): void {
        if (stmt.op === 'merge') throw new ApexUnsupported('merge', `line ${stmt.line}`);
        // `delete record;` with a null record: System.NullPointerException (INFERRED: a public suite that passes on
        // orgs deletes a null Contact and expects "Attempt to de-reference a null object"; other operations on null
        // stay unsupported in recordsOf).
        if (stmt.op === 'delete' && operands[0] === null)
            throw new ApexThrow('System.NullPointerException', 'Attempt to de-reference a null object');
        const records = recordsOf(operands[0], stmt.op);
        const externalId = stmt.externalIdField?.split('.').pop();
        const userMode = stmt.accessLevel === 'user' || (!stmt.accessLevel && userModeByDefault(run));
        const outcome = this.execute(stmt.op, records, true, run, externalId, userMode);
        this.throwOnFailure(stmt.op, outcome);
    }

    /**
     * One DML statement or Database.* call: limits, triggers, the write. Never throws for row failures. In user mode
     * the running user's object and field permissions and record access apply (permissions.ts, record-visibility.ts).
     */
    execute(
        op: DmlOperation,
        records: (SObject | string)[],
        allOrNone: boolean,
        run: RunContext,
        externalIdField?: string,
        userMode = false
    ): DmlOutcome {
        const first = records[0];
        const object = first instanceof SObject ? first.schema : first ? this.org.db.getRow(first)?.object : undefined;
        const idOf = (r: SObject | string): string =>
            typeof r === 'string' ? r : ((r.get('Id') as string | null) ?? '');
        // The stored record each record writes: an upsert that matches by external ID updates it, so it is checked
        // as an update (Apex Developer Guide, "Upserting Records": a match updates, no match creates).
        const targets = records.map((r) =>
            op === 'upsert' && r instanceof SObject ? this.org.db.upsertMatch(r, externalIdField) : idOf(r) || null
        );
        // Records the running user may not write (with sharing: platform/record-visibility.ts; user mode: object and
        // field permissions, permissions.ts), then row locks.
        const refused = userMode
            ? userModeDmlRefusals(this.org, op, records, allOrNone, (i) => targets[i] !== null)
            : new Map<number, DmlOutcome['results'][number]['errors'][number]>();
        const sharing = dmlRefusals(
            run,
            this.org,
            op,
            records.map((r, i) => ({
                id: targets[i],
                fields:
                    r instanceof SObject
                        ? new Map(r.populatedFields().map(([k, v]) => [k.toLowerCase(), v]))
                        : undefined
            })),
            object,
            userMode
        );
        for (const [i, error] of sharing) if (!refused.has(i)) refused.set(i, { ...error });
        checkContentVersionDml(object, op, records);
        const afterGroupDml = checkPermissionSetGroupDml(this.org, object, op, records);
        if (object && (op === 'insert' || op === 'upsert'))
            checkShareRows(
                this.org,
                object,
                records
                    .filter((r, i): r is SObject => r instanceof SObject && !targets[i])
                    .map((r) => new Map(r.populatedFields().map(([k, v]) => [k.toLowerCase(), v])))
            );
        run.limits.consume('dmlStatements');
        platformOf(run).uncommittedWork = true;
        // The write of the statement (or of its unlocked records): triggers, the database, the DML row limit.
        const write = (records: (SObject | string)[], allOrNone: boolean): DmlOutcome => {
            const db = this.org.db;
            const previousHooks = db.hooks;
            let limitsAtStart = run.limits.snapshot();
            db.hooks = {
                beforeSave: (chunk) => this.fireTriggers(chunk, run),
                afterSave: (chunk) => this.fireTriggers(chunk, run),
                beforeAttempt: (attempt) => {
                    if (attempt === 1) limitsAtStart = run.limits.snapshot();
                    else run.limits.restore(limitsAtStart);
                }
            };
            try {
                const sobjects = (): SObject[] => records as SObject[];
                let outcome: DmlOutcome;
                switch (op) {
                    case 'insert':
                        outcome = db.insert(sobjects(), allOrNone);
                        break;
                    case 'update':
                        outcome = db.update(sobjects(), allOrNone);
                        break;
                    case 'upsert':
                        outcome = db.upsert(sobjects(), externalIdField, allOrNone);
                        break;
                    case 'delete':
                        outcome = db.delete(records, allOrNone);
                        break;
                    case 'undelete':
                        outcome = db.undelete(records, allOrNone);
                        break;
                }
                run.limits.consume('dmlRows', outcome.rowsProcessed);
                return outcome;
            } finally {
                db.hooks = previousHooks;
            }
        };
        const locked = new Set(this.lockedRecords(op, records, run));
        records.forEach((r, i) => {
            if (locked.has(idOf(r)) && !refused.has(i)) refused.set(i, { ...UNABLE_TO_LOCK_ROW });
        });
        if (refused.size) {
            const failure = (i: number): DmlOutcome['results'][number] => ({
                success: false,
                id: idOf(records[i]),
                errors: [{ ...refused.get(i)! }]
            });
            if (allOrNone)
                // All or none: the statement writes nothing; each refused record carries its error.
                return {
                    results: records.map((r, i) =>
                        refused.has(i) ? failure(i) : { success: false, id: idOf(r), errors: [] }
                    ),
                    rowsProcessed: records.length,
                    attempts: 1
                };
            // Partial success: the refused records fail, the others are written.
            const rest = records.filter((_, i) => !refused.has(i));
            const written = rest.length ? write(rest, false) : undefined;
            let k = 0;
            return {
                results: records.map((_, i) => (refused.has(i) ? failure(i) : written!.results[k++])),
                rowsProcessed: records.length,
                attempts: written?.attempts ?? 1
            };
        }
        const outcome = write(records, allOrNone);
        afterGroupDml?.();
        return outcome;
    }

    /** Ids of the existing records this update or delete writes that the host says are locked. */
    private lockedRecords(op: DmlOperation, records: (SObject | string)[], run: RunContext): string[] {
        const contention = this.rowLockContention;
        if (!contention || (op !== 'update' && op !== 'delete')) return [];
        const locked: string[] = [];
        for (const r of records) {
            const id = typeof r === 'string' ? r : (r.get('Id') as string | null);
            const type = id ? this.org.db.objectForId(id)?.name : undefined;
            if (id && type && contention(type, id, run)) locked.push(id);
        }
        return locked;
    }

    throwOnFailure(op: DmlOperation, outcome: DmlOutcome): void {
        const message = dmlExceptionMessage(op, outcome.results);
        if (message !== undefined) throw new ApexThrow('System.DmlException', message, outcome.results);
    }

    /** Runs the project's triggers for one chunk; an Apex exception fails every record of the chunk. */
    fireTriggers(chunk: TriggerChunk, run: RunContext): void {
        const event = `${chunk.isBefore ? 'before' : 'after'} ${chunk.operation}`;
        const objectName = chunk.objectType.toLowerCase();
        for (const t of this.program.triggers) {
            if (this.org.schema.localName(t.unit.sobject).toLowerCase() !== objectName) continue;
            if (!t.unit.events.some((e) => e.toLowerCase().replace(/\s+/g, ' ') === event)) continue;
            if (!this.runTrigger) throw new ApexUnsupported(`trigger ${t.unit.name} without a trigger runner`);
            this.triggerStack.push({ chunk });
            try {
                this.runTrigger(this.program, run, t.unit, t.file);
            } catch (e) {
                if (!(e instanceof ApexError) || UNCATCHABLE.includes(e.obj.cls.fullName)) throw e;
                // Platform: the DML fails with CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY and a message naming the
                // trigger, its event and the cause with its stack (widely reported DmlException text).
                const ex = e.obj.exception!;
                const message =
                    `${t.unit.name}: execution of ${triggerEventName(chunk)}\n\ncaused by: ` +
                    `${e.obj.cls.fullName}: ${ex.message ?? 'null'}\n\n${ex.stack.join('\n')}`;
                for (const r of chunk.newRecords ?? chunk.oldRecords ?? [])
                    r.errors.push({ message, fields: [], statusCode: 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY' });
                return;
            } finally {
                this.triggerStack.pop();
            }
        }
    }

    // ----- SOQL -----

    soql(expr: SoqlExpr, resolveBind: (bindText: string) => unknown, run: RunContext): unknown {
        const query = parseSoqlShared(expr.query);
        return this.toApex(this.runParsed(query, (b) => bindValue(resolveBind(b.text)), run));
    }

    searchReturning(expr: SoqlExpr, resolveBind: (bindText: string) => unknown, run: RunContext): unknown {
        const query = parseSoqlShared(expr.query);
        return this.toApex(this.runParsed(query, (b) => bindValue(resolveBind(b.text)), run, false));
    }

    /** Runs a parsed query with limits counted; used by inline SOQL and Database.query. */
    runParsed(
        query: SoqlQuery,
        resolveBind: (bind: BindReference) => unknown,
        run: RunContext,
        countsAsSoql = true
    ): QueryResult {
        // A query that names no mode runs in user mode in a class saved at API version 67.0 or later.
        const mode = query.securityMode ?? (userModeByDefault(run) ? 'USER_MODE' : undefined);
        if (mode === 'SECURITY_ENFORCED') checkSecurityEnforcedAllowed(run);
        if (mode === 'USER_MODE' || mode === 'SECURITY_ENFORCED') checkQueryAccess(this.org, query, mode);
        checkContentDocumentLinkQuery(this.org, query);
        checkPermissionSetAssignmentQuery(this.org, query);
        const from = this.org.schema.getObject(query.from);
        if (countsAsSoql) run.limits.consume('queries');
        const result = runQuery(query, {
            db: this.org.db,
            clock: this.clock(),
            resolveBind,
            visible: from && queryVisibility(run, this.org, from, mode === 'USER_MODE'),
            computedRows: (object) =>
                object.name === 'UserRecordAccess' ? userRecordAccessRows(this.org, query, resolveBind) : undefined
        });
        if (countsAsSoql) run.limits.consume('queryRows', result.rowsCounted);
        if (query.forUpdate) {
            this.lockRows(result, run);
            noteRecordLocks(run);
        }
        return result;
    }

    /**
     * FOR UPDATE locks the rows returned: one the host says another client holds (rowLockContention, as for an
     * update) is not obtained within the wait, and the query throws (RECORD_UNAVAILABLE).
     */
    private lockRows(result: QueryResult, run: RunContext): void {
        const contention = this.rowLockContention;
        if (!contention || result.kind !== 'records') return;
        for (const record of result.records) {
            const id = record.get('Id') as string | null;
            if (id && contention(result.objectType, id, run))
                throw new ApexThrow('System.QueryException', RECORD_UNAVAILABLE);
        }
    }

    /** `SELECT COUNT() ...` is an Integer expression; other queries are lists (see ApexQueryList). */
    toApex(result: QueryResult): ApexQueryList | number {
        if (result.kind === 'count') return result.count;
        if (result.kind === 'aggregate')
            return new ApexQueryList({ name: 'AggregateResult', args: [] }, result.aggregates);
        return new ApexQueryList({ name: result.objectType, args: [] }, result.records);
    }

    // ----- records -----

    /** Today in the running user's time zone. */
    today(): ApexDate {
        return ApexDate.fromEpochDay(localEpochDay(this.now(), this.timeZone));
    }

    newSObject(typeName: string, fields: Array<[string, unknown]>): unknown {
        const record = SObject.create(this.org.schema, typeName);
        for (const [name, value] of fields) assignField(record, name, value);
        return record;
    }

    recordList(typeName: string, records: SObject[]): unknown {
        return recordList(typeName, records);
    }

    // ----- isolation -----

    snapshot(): unknown {
        return this.org.db.snapshot();
    }

    restore(snapshot: unknown): void {
        this.org.db.restore(snapshot as ReturnType<OrgDataLayer['org']['db']['snapshot']>);
        this.triggerStack.length = 0;
        clearPlatformCache(this.org);
    }
}
