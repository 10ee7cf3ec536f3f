/**
 * Running platform-started work (a batch phase, a publish callback) in a transaction of its own: fresh limits, no
 * uncommitted work, its asynchronous context and running user, the caller's state back afterwards.
 */
import type { RunContext } from '../interpreter/context';
import { runAsJobUser } from './job-user';
import { LimitContext } from './limits';
import { AsyncContext, platformOf } from './platform-state';

export function inOwnTransaction<T>(
    run: RunContext,
    context: { limits: LimitContext; async: AsyncContext; userId: string | undefined },
    body: () => T
): T {
    const platform = platformOf(run);
    const saved = {
        limits: run.limits,
        async: platform.asyncContext,
        uncommitted: platform.uncommittedWork,
        entryDepth: platform.entryDepth
    };
    run.limits = context.limits;
    platform.uncommittedWork = false;
    platform.entryDepth = run.callClasses.length;
    platform.asyncContext = context.async;
    const restoreUser = runAsJobUser(run, context.userId);
    try {
        return body();
    } finally {
        restoreUser();
        platform.entryDepth = saved.entryDepth;
        platform.asyncContext = saved.async;
        platform.uncommittedWork = saved.uncommitted;
        run.limits = saved.limits;
    }
}
