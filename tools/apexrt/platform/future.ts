/**
 * @future methods (Apex Developer Guide, "Future Annotation" and "Future Methods"):
 * - compile checks: the method must be static and return void; parameters must be primitives, arrays or
 *   collections of primitives ("can't take sObjects or objects as arguments").
 * - a call queues the method with copies of its arguments (counts against Limits.getFutureCalls(); async Apex is
 *   a pending operation that blocks a later callout, "Callout Limits and Limitations"). The call runs in its own
 *   transaction with asynchronous limits: at Test.stopTest in tests, by the local org's async runner outside tests.
 * - calling a future from a running future → System.AsyncException "Future method cannot be called from a future
 *   or batch method: <Class>.<method>(<parameter types>)" (message widely reported, e.g. salesforce.stackexchange
 *   q. 205297; apexrt has no Batch Apex, so only the future case arises).
 * - @future(callout=true) allows callouts; without it a callout fails (see platform-natives.ts, send()).
 */
import type * as A from '../ast/nodes';
import { ApexList, ApexMap, ApexSet } from '../collections/collections';
import { ApexThrow, ApexUnsupported } from '../core/values';
import type { RunContext } from '../interpreter/context';
import { Interpreter, Program } from '../interpreter/interpreter';
import type { MethodInfo } from '../types/classes';
import { PRIMITIVE_NAMES, TypeRef, typeToString } from '../types/typeref';
import { currentUserId } from './async-jobs';
import { platformOf, QueuedFuture } from './platform-state';

const COLLECTIONS = ['List', 'Set', 'Map'];
/** Apex primitive types: the runtime's value types other than Object, collections, Type and SObject. */
const PRIMITIVES = Object.values(PRIMITIVE_NAMES).filter(
    (n) => ![...COLLECTIONS, 'Object', 'Type', 'SObject'].includes(n)
);

export function futureAnnotation(annotations: A.Annotation[]): A.Annotation | undefined {
    return annotations.find((a) => a.name.toLowerCase() === 'future');
}

/** @future(callout=true) — element values are kept as written. */
export function futureAllowsCallouts(annotation: A.Annotation): boolean {
    return (annotation.params.callout ?? '').toLowerCase() === 'true';
}

/**
 * Whether a resolved parameter type may be passed to a future method: a primitive, or a List/Set/Map (arrays are
 * Lists) whose type arguments are allowed themselves. Nested collections of primitives are accepted (INFERRED:
 * the documentation only says "collections of primitive data types").
 */
function allowedParameter(t: TypeRef): boolean {
    const canonical = PRIMITIVE_NAMES[t.name.toLowerCase()];
    if (canonical && PRIMITIVES.includes(canonical)) return t.args.length === 0;
    if (canonical && COLLECTIONS.includes(canonical)) return t.args.length > 0 && t.args.every(allowedParameter);
    return false;
}

/**
 * Compile problems of an @future method. Message texts are apexrt's (the platform's compiler wording is not
 * documented); the rules are the documented ones.
 */
export function futureSignatureProblems(
    method: A.MethodMember,
    paramTypes: TypeRef[]
): Array<{ at: A.Pos; message: string }> {
    const problems: Array<{ at: A.Pos; message: string }> = [];
    if (!method.modifiers.includes('static'))
        problems.push({ at: method, message: `Future methods must be static: ${method.name}` });
    if (method.returnType !== 'void')
        problems.push({ at: method, message: `Future methods must return void: ${method.name}` });
    method.params.forEach((p, i) => {
        const t = paramTypes[i];
        if (t && t.name !== '?' && !allowedParameter(t))
            problems.push({ at: p, message: `Unsupported parameter type ${typeToString(t)}` });
    });
    return problems;
}

/** Copies a future's argument: the method later sees the values of the moment of the call. */
function copyArgument(ip: Interpreter, v: unknown): unknown {
    if (v instanceof ApexList)
        return new ApexList(
            v.elemType,
            v.items.map((x) => copyArgument(ip, x))
        );
    if (v instanceof ApexSet) {
        const s = new ApexSet(v.elemType);
        for (const x of v.values()) s.add(copyArgument(ip, x), ip.sem);
        return s;
    }
    if (v instanceof ApexMap) {
        const m = new ApexMap(v.keyType, v.valueType);
        for (const [k, x] of v.entries()) m.put(copyArgument(ip, k), copyArgument(ip, x), ip.sem);
        return m;
    }
    return v;
}

/**
 * A call of an @future method: queues it (returns true) — or returns false when the runtime is starting this
 * very method as its own asynchronous transaction, so the body runs.
 */
export function callFuture(program: Program, run: RunContext, method: MethodInfo, args: unknown[]): boolean {
    const platform = platformOf(run);
    if (platform.startingFuture === method) {
        platform.startingFuture = null;
        return false;
    }
    const signature = `${method.owner.fullName}.${method.name}(${method.params.map((p) => typeToString(p.type)).join(', ')})`;
    if (platform.asyncContext?.kind === 'future')
        throw new ApexThrow(
            'System.AsyncException',
            `Future method cannot be called from a future or batch method: ${signature}`
        );
    // The future-call limit inside a Queueable is not documented in the sources apexrt follows.
    if (platform.asyncContext?.kind === 'queueable') throw new ApexUnsupported('@future called from a Queueable');
    run.limits.consume('futureCalls');
    platform.uncommittedWork = true;
    const ip = new Interpreter(program, run);
    const annotation = futureAnnotation(method.annotations)!;
    const job: QueuedFuture = {
        id: platform.nextJobId(),
        kind: 'future',
        method,
        args: args.map((a) => copyArgument(ip, a)),
        callout: futureAllowsCallouts(annotation),
        delayMinutes: 0,
        userId: currentUserId(run)
    };
    platform.queue.push(job);
    return true;
}
