/**
 * Apex test runner: discovers @IsTest classes and their test methods (@IsTest or the legacy `testMethod`
 * modifier), runs @TestSetup once per class and restores its data snapshot before every method, and runs every
 * method in a fresh RunContext (statics re-initialised per method). Order is alphabetical, so runs are stable.
 */
import { classCoverage, ClassCoverage } from '../line-coverage/coverage';
import { CoverageHits, DataLayer, NO_DATA_LAYER, RunContext, TestHooks } from '../interpreter/context';
import { LoadedProgram, notLoadedMessage } from '../loader/program';
import { ClassInfo, hasAnnotation, hasModifier } from '../types/classes';
import { MethodOutcome, runStaticMethod } from './execute';
import type * as A from '../ast/nodes';

export type TestOutcome = 'Pass' | 'Fail' | 'Unsupported';

export interface TestResult {
    className: string;
    methodName: string;
    outcome: TestOutcome;
    message: string | null;
    stackTrace: string | null;
    runTimeMs: number;
    debugLines: string[];
    /** The test's class did not load (outcome Unsupported, message `not loaded: <reason>`). */
    notLoaded?: boolean;
}

export interface TestRunResult {
    tests: TestResult[];
    coverage: ClassCoverage[];
    runTimeMs: number;
}

export interface TestRunOptions {
    /** Only these classes (case-insensitive names). */
    classes?: string[];
    /** Only these methods, as 'Class.method' (case-insensitive). */
    methods?: string[];
    /** A data layer per test run (part 2); defaults to "unsupported". */
    dataLayer?: () => DataLayer;
    testHooks?: TestHooks;
    /** Platform state per test method (part 3). */
    org?: () => unknown;
    /** Told before a class's @TestSetup ('<setup>') and before each test method runs (progress, watchdogs). */
    onStart?(className: string, methodName: string): void;
    /** Told each result as soon as it is known. */
    onResult?(result: TestResult): void;
}

export interface DiscoveredTestClass {
    cls: ClassInfo;
    setup: string[];
    methods: string[];
}

export function discoverTests(program: LoadedProgram): DiscoveredTestClass[] {
    const out: DiscoveredTestClass[] = [];
    for (const { info } of program.classes) {
        if (!hasAnnotation(info, 'IsTest')) continue;
        const methods: string[] = [];
        const setup: string[] = [];
        for (const list of info.methods.values()) {
            for (const m of list) {
                if (hasAnnotation(m, 'TestSetup')) setup.push(m.name);
                else if (hasAnnotation(m, 'IsTest') || hasModifier(m, 'testmethod')) methods.push(m.name);
            }
        }
        methods.sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
        out.push({ cls: info, setup, methods });
    }
    return out.sort((a, b) => a.cls.fullName.toLowerCase().localeCompare(b.cls.fullName.toLowerCase()));
}

export function runTests(program: LoadedProgram, options: TestRunOptions = {}): TestRunResult {
    const started = Date.now();
    const wanted = options.classes?.map((c) => c.toLowerCase());
    const wantedMethods = options.methods?.map((m) => m.toLowerCase());
    const hits = new CoverageHits();
    const tests: TestResult[] = [];
    const data = options.dataLayer?.() ?? NO_DATA_LAYER;
    for (const tc of discoverTests(program)) {
        if (wanted && !wanted.includes(tc.cls.fullName.toLowerCase())) continue;
        const methods = tc.methods.filter(
            (m) => !wantedMethods || wantedMethods.includes(`${tc.cls.fullName}.${m}`.toLowerCase())
        );
        if (!methods.length) continue;
        const notLoaded = program.notLoaded?.get(tc.cls);
        if (notLoaded !== undefined) {
            for (const m of methods)
                tests.push({
                    className: tc.cls.fullName,
                    methodName: m,
                    outcome: 'Unsupported',
                    message: notLoadedMessage(notLoaded),
                    stackTrace: null,
                    runTimeMs: 0,
                    debugLines: [],
                    notLoaded: true
                });
            for (const t of tests.slice(-methods.length)) options.onResult?.(t);
            continue;
        }
        const newRun = (method?: string): RunContext =>
            new RunContext({
                isTest: true,
                seeAllData:
                    seesAllData(tc.cls) || (method !== undefined && seesAllData(findTestMethod(tc.cls, method))),
                data,
                testHooks: options.testHooks,
                org: options.org?.()
            });
        let setupFailure: MethodOutcome | undefined;
        data.restore(data.snapshot());
        const clean = data.snapshot();
        for (const s of tc.setup) {
            options.onStart?.(tc.cls.fullName, '<setup>');
            const run = newRun();
            const outcome = runStaticMethod(program, run, tc.cls.fullName, s);
            run.coverage.mergeInto(hits);
            if (outcome.kind !== 'pass') setupFailure = outcome;
        }
        const afterSetup = data.snapshot();
        for (const m of methods) {
            const t0 = Date.now();
            if (setupFailure) {
                tests.push(result(tc.cls.fullName, m, setupFailure, Date.now() - t0, [], '@TestSetup failed: '));
                options.onResult?.(tests[tests.length - 1]);
                continue;
            }
            data.restore(afterSetup);
            options.onStart?.(tc.cls.fullName, m);
            const run = newRun(m);
            const outcome = runStaticMethod(program, run, tc.cls.fullName, m);
            run.coverage.mergeInto(hits);
            tests.push(result(tc.cls.fullName, m, outcome, Date.now() - t0, run.debugLines));
            options.onResult?.(tests[tests.length - 1]);
        }
        data.restore(clean);
    }
    const coverage = program.classes
        .filter((c) => !hasAnnotation(c.info, 'IsTest'))
        .map((c) => classCoverage(c.info.fullName, c.file, c.unit.decl, hits))
        .concat(program.triggers.map((t) => classCoverage(t.unit.name, t.file, t.unit, hits)))
        .sort((a, b) => a.name.localeCompare(b.name));
    return { tests, coverage, runTimeMs: Date.now() - started };
}

/**
 * @IsTest(SeeAllData=true) on the class or the method (Apex Developer Guide, "Using the isTest(SeeAllData=True)
 * Annotation"). The guide's versions differ on whether a method's explicit SeeAllData=false overrides its class's
 * true; either annotation counts here, so such a method is not taken for a data-siloed one.
 */
function seesAllData(c: { annotations: A.Annotation[] } | undefined): boolean {
    const isTest = c?.annotations.find((a) => a.name.toLowerCase() === 'istest');
    return isTest?.params.seealldata?.toLowerCase() === 'true';
}

function findTestMethod(cls: ClassInfo, name: string): { annotations: A.Annotation[] } | undefined {
    for (const list of cls.methods.values()) for (const m of list) if (m.name === name) return m;
    return undefined;
}

function result(
    className: string,
    methodName: string,
    o: MethodOutcome,
    ms: number,
    debugLines: string[],
    prefix = ''
): TestResult {
    const base = { className, methodName, runTimeMs: ms, debugLines };
    if (o.kind === 'pass') return { ...base, outcome: 'Pass', message: null, stackTrace: null };
    if (o.kind === 'unsupported')
        return { ...base, outcome: 'Unsupported', message: prefix + o.message, stackTrace: null };
    return {
        ...base,
        outcome: 'Fail',
        message: `${prefix}${o.exception.type}: ${o.exception.message ?? 'null'}`,
        stackTrace: o.exception.stackTrace
    };
}
