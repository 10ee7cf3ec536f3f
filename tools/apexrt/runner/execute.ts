/**
 * Running code: anonymous Apex (like `sf apex run`) and single static methods (used by the test runner).
 * Each call creates its own RunContext, so runs never share statics or logs.
 */
import { ApexThrow, ApexUnsupported } from '../core/values';
import { RunContext, RunOptions } from '../interpreter/context';
import { Frame } from '../interpreter/frame';
import { Interpreter } from '../interpreter/interpreter';
import { ApexError, ApexObject } from '../interpreter/runtime-values';
import { selectOverload } from '../interpreter/overloads';
import { ClassInfo, findMethods } from '../types/classes';
import { runtimeType } from '../interpreter/type-checks';
import { ANONYMOUS_FILE, buildProgram, LoadedProgram, ProgramOptions } from '../loader/program';
import type { ApexSourceFile } from '../loader/source-files';
import type { TriggerUnit } from '../ast/nodes';

export interface ApexExceptionInfo {
    /** e.g. 'System.MathException' or 'MyService.SyncException'. */
    type: string;
    message: string | null;
    /** Apex stack, innermost first, one "Class.X.m: line N, column M" per line. */
    stackTrace: string;
    line: number;
}

export interface AnonymousResult {
    debugLines: string[];
    /** The uncaught Apex exception, if the block ended with one. */
    exception?: ApexExceptionInfo;
    run: RunContext;
}

export function describeException(obj: ApexObject): ApexExceptionInfo {
    const ex = obj.exception!;
    let message: string | null;
    try {
        message = ex.message;
    } catch (e) {
        // A message the platform does not document (core/undocumented-message.ts): loud, at the throwing line.
        if (e instanceof ApexUnsupported && !e.where) throw new ApexUnsupported(e.construct, `line ${ex.line}`);
        throw e;
    }
    return { type: obj.cls.fullName, message, stackTrace: ex.stack.join('\n'), line: ex.line };
}

export interface ExecuteOptions extends ProgramOptions {
    /** Project classes the block may use. */
    classes?: ApexSourceFile[];
    run?: RunOptions;
}

/**
 * Executes anonymous Apex. Syntax and compile errors throw (ApexSyntaxErrors / ApexCompileError); unsupported
 * constructs throw ApexUnsupported; an uncaught Apex exception is returned in `exception`.
 */
export function executeAnonymous(source: string, options: ExecuteOptions = {}): AnonymousResult {
    const program = buildProgram(options.classes ?? [], options, source);
    return runAnonymous(program, new RunContext(options.run));
}

export function runAnonymous(program: LoadedProgram, run: RunContext): AnonymousResult {
    const anon = program.anonymous;
    if (!anon) throw new Error('program has no anonymous block');
    const ip = new Interpreter(program, run);
    const frame = new Frame(anon.info, null, 'AnonymousBlock', ANONYMOUS_FILE, true);
    try {
        ip.calls.withFrame(frame, () => {
            for (const s of anon.unit.stmts) ip.exec(s, frame);
        });
    } catch (e) {
        if (e instanceof ApexError) return { debugLines: run.debugLines, exception: describeException(e.obj), run };
        throw e;
    }
    return { debugLines: run.debugLines, run };
}

export type MethodOutcome =
    { kind: 'pass' } | { kind: 'exception'; exception: ApexExceptionInfo } | { kind: 'unsupported'; message: string };

/** Runs a static no-argument method (a test method or @TestSetup) of a class in the given run. */
export function runStaticMethod(
    program: LoadedProgram,
    run: RunContext,
    className: string,
    methodName: string
): MethodOutcome {
    const cls = program.registry.lookupClass(className.split('.'));
    const method = cls?.methods.get(methodName.toLowerCase())?.find((m) => m.params.length === 0);
    if (!cls || !method) throw new Error(`no method ${className}.${methodName}()`);
    const ip = new Interpreter(program, run);
    try {
        ip.calls.invoke(method, null, [], method.member ?? { line: 0, col: 0 });
        return { kind: 'pass' };
    } catch (e) {
        if (e instanceof ApexUnsupported) return { kind: 'unsupported', message: e.message };
        // A native error raised before any statement ran (e.g. in a static initialiser started by the call).
        const uncaught = e instanceof ApexThrow ? ip.raise(e.exceptionType, e.message, e.details) : e;
        if (uncaught instanceof ApexError) {
            try {
                return { kind: 'exception', exception: describeException(uncaught.obj) };
            } catch (inner) {
                // An exception whose message the platform does not document (core/undocumented-message.ts).
                if (inner instanceof ApexUnsupported) return { kind: 'unsupported', message: inner.message };
                throw inner;
            }
        }
        // A defect of apexrt itself must not abort the whole run; it is reported loudly on the test.
        return {
            kind: 'unsupported',
            message: `apexrt internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`
        };
    }
}

/**
 * Runs a trigger body (part 2 calls this per 200-record chunk). `Trigger.new`, `Trigger.isBefore` ... are read
 * through the native library as static properties of `Trigger` (callStatic(run, 'Trigger', '<get>new')), so the
 * data layer owns the trigger context. Uncaught Apex exceptions propagate as ApexError.
 */
export function runTrigger(program: LoadedProgram, run: RunContext, trigger: TriggerUnit, file: string): void {
    const ip = new Interpreter(program, run);
    const frame = new Frame(undefined, null, `Trigger.${trigger.name}`, file, true);
    ip.calls.withFrame(frame, () => ip.execBlock(trigger.body, frame));
}

/**
 * Calls a static method with already converted Apex argument values (Apex REST handlers, @AuraEnabled methods,
 * async jobs). Overloads are chosen by the arguments' runtime types. Apex exceptions propagate as ApexError.
 */
export function callStaticMethod(
    program: LoadedProgram,
    run: RunContext,
    className: string,
    methodName: string,
    args: unknown[]
): unknown {
    const cls = program.registry.lookupClass(className.split('.'));
    if (!cls) throw new Error(`no class ${className}`);
    const ip = new Interpreter(program, run);
    const statics = (cls.methods.get(methodName.toLowerCase()) ?? []).filter((m) => m.isStatic);
    const method = selectOverload(
        ip,
        statics,
        args.map((a) => runtimeType(ip, a))
    );
    if (!method) throw new Error(`no static method ${className}.${methodName} for these arguments`);
    return ip.calls.invoke(method, null, args, method.member ?? { line: 0, col: 0 });
}

/** Calls an instance method on an object created by the interpreter (e.g. Queueable.execute). */
export function callInstanceMethod(
    program: LoadedProgram,
    run: RunContext,
    target: ApexObject,
    methodName: string,
    args: unknown[]
): unknown {
    const ip = new Interpreter(program, run);
    const argTypes = args.map((a) => runtimeType(ip, a));
    // The platform accepts a *static* method as the implementation of an interface method it calls (e.g.
    // `public static void execute(QueueableContext qc)` in a Queueable runs when the job runs): used only when the
    // class has no instance method of that name (INFERRED from public test suites that pass on orgs).
    const all = findMethods(target.cls, methodName);
    if (!all.some((m) => !m.isStatic)) {
        const method = selectOverload(
            ip,
            all.filter((m) => m.isStatic),
            argTypes
        );
        if (method) return ip.calls.invoke(method, null, args, method.member ?? { line: 0, col: 0 });
    }
    return ip.calls.callOnValue(target, methodName, args, argTypes, { line: 0, col: 0 });
}

/**
 * `new C(args)` from TypeScript (e.g. the platform instantiating a Cache.CacheBuilder class, or a Visualforce page
 * constructing its controller extension with the standard controller).
 */
export function newObject(program: LoadedProgram, run: RunContext, cls: ClassInfo, args: unknown[] = []): ApexObject {
    const ip = new Interpreter(program, run);
    return ip.calls.instantiate(
        cls,
        args,
        args.map((a) => runtimeType(ip, a)),
        { line: 0, col: 0 }
    );
}
