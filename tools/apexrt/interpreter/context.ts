/**
 * All state of one run (one anonymous execution, or one test method) lives in a RunContext: statics, debug log,
 * coverage hits, test hooks and the extension points for the data layer (part 2) and the platform (part 3).
 * There are no module-level mutable globals, so runs are isolated from each other.
 */
import type { DmlStmt, SoqlExpr } from '../ast/nodes';
import { ApexUnsupported } from '../core/values';
import { LimitContext } from '../platform/limits';
import type { ClassInfo } from '../types/classes';

/** Part 2 plugs the SObject store, DML and SOQL in here. */
export interface DataLayer {
    /** Executes a DML statement on already evaluated operands. */
    dml(stmt: DmlStmt, operands: unknown[], run: RunContext): void;
    /**
     * Executes inline SOQL. `resolveBind(text)` evaluates the bind expression written as `:text` in the caller's
     * scope (lazily, so only binds the query really uses are evaluated).
     */
    soql(expr: SoqlExpr, resolveBind: (bindText: string) => unknown, run: RunContext): unknown;
    /**
     * One RETURNING object of a SOSL search, lowered to SOQL (ast `SoslExpr`): the rows as a list, counted as part of
     * the search (the interpreter counts the SOSL query), not as a SOQL query.
     */
    searchReturning?(expr: SoqlExpr, resolveBind: (bindText: string) => unknown, run: RunContext): unknown;
    /** `new Account(Name = 'x', ...)`: creates an SObject of a type the data layer owns. */
    newSObject?(typeName: string, fields: Array<[string, unknown]>, run: RunContext): unknown;
    /** Snapshot/restore for @TestSetup data (per test method). */
    snapshot(): unknown;
    restore(snapshot: unknown): void;
    /** The org's clock in epoch ms (System.now and friends); absent: the machine's clock. */
    clockMs?(): number;
    /** The running user's locale (User.LocaleSidKey), for locale-formatted values; absent: en_US. */
    localeSidKey?(): string | null;
    /** The org's canonical URL (URL.getOrgDomainUrl), when the host serving the org has one. */
    orgDomainUrl?(): string | null;
}

/** The default data layer: everything is unsupported until part 2 lands. */
export const NO_DATA_LAYER: DataLayer = {
    dml(stmt) {
        throw new ApexUnsupported(`DML ${stmt.op}`, `line ${stmt.line}`);
    },
    soql(expr) {
        throw new ApexUnsupported('inline SOQL', `line ${expr.line}`);
    },
    snapshot() {
        return undefined;
    },
    restore() {
        /* nothing to restore without a data layer */
    }
};

/** Hooks for Test.startTest()/stopTest() (part 3 runs async work and swaps limit contexts here). */
export interface TestHooks {
    onStartTest?(run: RunContext): void;
    onStopTest?(run: RunContext): void;
}

/** Coverage hits of a run: file → set of executed lines. */
export class CoverageHits {
    readonly hits = new Map<string, Set<number>>();
    hit(file: string | undefined, line: number): void {
        if (!file) return;
        let s = this.hits.get(file);
        if (!s) this.hits.set(file, (s = new Set()));
        s.add(line);
    }
    mergeInto(target: CoverageHits): void {
        for (const [f, lines] of this.hits) for (const l of lines) target.hit(f, l);
    }
}

export interface RunOptions {
    isTest?: boolean;
    /** The running test method sees the org's data: @IsTest(SeeAllData=true) on it or on its class. */
    seeAllData?: boolean;
    data?: DataLayer;
    testHooks?: TestHooks;
    /** Free slot for the platform layer (limits, async queue, event bus, mocks): part 3. */
    org?: unknown;
    /** Maximum Apex call depth before System.LimitException (platform: "Maximum stack depth has been reached."). */
    maxStackDepth?: number;
}

export class RunContext {
    readonly debugLines: string[] = [];
    readonly statics = new Map<ClassInfo, Map<string, unknown>>();
    readonly staticInit = new Map<ClassInfo, 'running' | 'done'>();
    readonly coverage = new CoverageHits();
    readonly isTest: boolean;
    readonly seeAllData: boolean;
    readonly data: DataLayer;
    readonly testHooks: TestHooks;
    org: unknown;
    readonly maxStackDepth: number;
    testStarted = false;
    /** Test.setFixedSearchResults: the Ids every later SOSL search of this test method returns (null: none set). */
    fixedSearchResults: string[] | null = null;
    testStopped = false;
    /**
     * Governor-limit counters of the current limit context (a transaction; Test.startTest swaps in a fresh one).
     * Everything that consumes a limit (SOQL, DML, callouts, async jobs) counts here.
     */
    limits = new LimitContext('sync');
    /**
     * The class of every Apex frame running now, outermost first, across the interpreters of this run (the sharing
     * mode of the running code is read from it: platform/sharing.ts). Triggers and anonymous blocks are undefined.
     */
    readonly callClasses: (ClassInfo | undefined)[] = [];
    /** The expression of the expression statement being evaluated (`p.getCapacity();`): its value is discarded. */
    discardedExpr: unknown = undefined;
    /**
     * True while a native instance method runs as a whole expression statement, so no Apex code sees its value: a
     * native whose value is not documented can then succeed without computing one (see resultDiscarded).
     */
    nativeResultDiscarded = false;

    constructor(options: RunOptions = {}) {
        this.isTest = options.isTest ?? false;
        this.seeAllData = options.seeAllData ?? false;
        this.data = options.data ?? NO_DATA_LAYER;
        this.testHooks = options.testHooks ?? {};
        this.org = options.org;
        this.maxStackDepth = options.maxStackDepth ?? 1000;
    }
}

/** Whether the native instance method being called now is a whole expression statement (its value unused). */
export function resultDiscarded(run: RunContext): boolean {
    return run.nativeResultDiscarded;
}
