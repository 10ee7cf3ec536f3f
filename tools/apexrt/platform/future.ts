/**
 * @future methods (Apex Developer Guide, "Future Annotation" and "Future Methods"):
 * - compile checks (types/future-signature.ts, run by the checker): static, void, primitive parameters.
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
import { futureAnnotation } from '../types/future-signature';
import { typeToString } from '../types/typeref';
import { currentUserId } from './job-user';
import { platformOf, QueuedFuture } from './platform-state';
import { chargeDailyAsyncExecution } from './daily-async-limit';

/** @future(callout=true) — element values are kept as written. */
export function futureAllowsCallouts(annotation: A.Annotation): boolean {
    return (annotation.params.callout ?? '').toLowerCase() === 'true';
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
    chargeDailyAsyncExecution(run);
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
