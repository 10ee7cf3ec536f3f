/**
 * Governor limits: the counters of one limit context (a transaction, or the block between Test.startTest and
 * Test.stopTest) and their maxima, which differ between synchronous and asynchronous Apex.
 *
 * Sources: Apex Developer Guide, "Execution Governors and Limits" (per-transaction table) and the `Limits` class.
 * Exceeding a limit throws System.LimitException, which Apex code cannot catch; the messages follow the platform's
 * "Too many <what>: <count>" form (widely reported; the exact wording of each is INFERRED where marked).
 * CPU time and heap cannot be reproduced faithfully here, so they are not enforced (see docs/reference/apex-semantics.md §3.4).
 */
import { ApexThrow } from '../core/values';

export type LimitKind =
    | 'queries'
    | 'queryRows'
    | 'soslQueries'
    | 'dmlStatements'
    | 'dmlRows'
    | 'callouts'
    | 'queueableJobs'
    | 'futureCalls'
    | 'emailInvocations';

export type ExecutionMode = 'sync' | 'async';

interface LimitSpec {
    /** Maximum in synchronous and in asynchronous Apex. */
    sync: number;
    async: number;
    /** Text used in "Too many <text>: <n>". */
    message: string;
}

export const LIMIT_SPECS: Record<LimitKind, LimitSpec> = {
    queries: { sync: 100, async: 200, message: 'SOQL queries' },
    queryRows: { sync: 50_000, async: 50_000, message: 'query rows' },
    // "Total number of SOSL queries issued: 20" (same table); message INFERRED from the "Too many" form.
    soslQueries: { sync: 20, async: 20, message: 'SOSL queries' },
    dmlStatements: { sync: 150, async: 150, message: 'DML statements' },
    dmlRows: { sync: 10_000, async: 10_000, message: 'DML rows' },
    callouts: { sync: 100, async: 100, message: 'callouts' },
    // In a Queueable (async) only one job may be enqueued. Message INFERRED from commonly reported failures.
    queueableJobs: { sync: 50, async: 1, message: 'queueable jobs added to the queue' },
    // @future from @future is not allowed (limit 0 in async contexts): UNCONFIRMED, see docs/reference/apex-semantics.md §3.2.
    futureCalls: { sync: 50, async: 0, message: 'future calls' },
    // "Total number of sendEmail methods allowed: 10" (same table); message INFERRED from the "Too many" form.
    emailInvocations: { sync: 10, async: 10, message: 'Email Invocations' }
};

/** The counters of one limit context. */
export class LimitContext {
    private readonly used = new Map<LimitKind, number>();

    constructor(
        readonly mode: ExecutionMode,
        /** Maxima that differ from the mode's (a finalizer: synchronous limits, asynchronous enqueueJob). */
        private readonly overrides: Partial<Record<LimitKind, number>> = {}
    ) {}

    /** Counts `amount` against a limit; throws System.LimitException when that goes over the maximum. */
    consume(kind: LimitKind, amount = 1): void {
        const next = this.get(kind) + amount;
        const max = this.max(kind);
        if (next > max) {
            throw new ApexThrow('System.LimitException', `Too many ${LIMIT_SPECS[kind].message}: ${next}`);
        }
        this.used.set(kind, next);
    }

    /** Whether `amount` more would still be within the limit (for code that must not throw, e.g. guards). */
    fits(kind: LimitKind, amount = 1): boolean {
        return this.get(kind) + amount <= this.max(kind);
    }

    get(kind: LimitKind): number {
        return this.used.get(kind) ?? 0;
    }

    max(kind: LimitKind): number {
        return this.overrides[kind] ?? LIMIT_SPECS[kind][this.mode];
    }

    /** Puts every counter back to a snapshot (a retried DML attempt gives its usage back). */
    restore(snapshot: Record<LimitKind, number>): void {
        for (const kind of Object.keys(LIMIT_SPECS) as LimitKind[]) this.used.set(kind, snapshot[kind]);
    }

    /** A snapshot of every counter, for benchmarks and test assertions. */
    snapshot(): Record<LimitKind, number> {
        const out = {} as Record<LimitKind, number>;
        for (const kind of Object.keys(LIMIT_SPECS) as LimitKind[]) out[kind] = this.get(kind);
        return out;
    }
}
