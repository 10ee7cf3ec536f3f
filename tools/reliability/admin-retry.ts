/**
 * How the soak's people repeat an action that was refused (issue 24, item 3): as an admin does — look at the
 * answer, wait, try again, waiting longer each time — until it goes through, for a bounded time, and then stop
 * with a failure that says what was tried and what the last answer was. Before, the soak tried ten times 20 ms
 * apart and crashed when stacked faults (two 401/403 sign-in faults of up to five requests each, then a 503)
 * outlasted that.
 */

export interface Answer {
    status: number;
    body: unknown;
}

export interface Patience {
    /** The wait after the first refusal; each further wait doubles, up to maxWaitMs. */
    firstWaitMs?: number;
    maxWaitMs?: number;
    /** The time after which the person gives up (counted from the first try). */
    budgetMs?: number;
    /** After each refused answer, before the wait (the soak checks what the health card shows). */
    onRefused?: (answer: Answer) => Promise<void> | void;
    sleep?: (ms: number) => Promise<void>;
    now?: () => number;
}

const sleeper = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** An answer that went through: a 2xx whose body does not say `ok: false` (the setup actions' ActionResult). */
export const accepted = (answer: Answer): boolean =>
    answer.status < 300 && (answer.body as { ok?: boolean } | undefined)?.ok !== false;

/** Calls until the answer is accepted; throws, naming `what`, the tries and the last answer, when time is up. */
export async function untilAccepted<T extends Answer>(
    what: string,
    call: () => Promise<T>,
    patience: Patience = {}
): Promise<T> {
    const sleep = patience.sleep ?? sleeper;
    const now = patience.now ?? Date.now;
    const budgetMs = patience.budgetMs ?? 120_000;
    const started = now();
    let wait = patience.firstWaitMs ?? 20;
    for (let tries = 1; ; tries++) {
        const answer = await call();
        if (accepted(answer)) return answer;
        await patience.onRefused?.(answer);
        const elapsed = now() - started;
        if (elapsed + wait > budgetMs)
            throw new Error(
                `${what}: still refused after ${tries} tries in ${(elapsed / 1000).toFixed(1)} s (gave up at ${budgetMs / 1000} s); last answer ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`
            );
        await sleep(wait);
        wait = Math.min(wait * 2, patience.maxWaitMs ?? 2_000);
    }
}
