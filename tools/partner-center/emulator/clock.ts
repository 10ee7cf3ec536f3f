// Time source for the emulator. Tests use ManualClock so back-off and expiry happen by advancing
// the clock, never by waiting; the CLI and demos use SystemClock.

export interface ScheduledTask {
    cancel(): void;
}

export interface Clock {
    /** Milliseconds since the Unix epoch. */
    now(): number;
    /** Runs `task` once the clock reaches `now() + delayMs`. */
    schedule(delayMs: number, task: () => void): ScheduledTask;
}

// setTimeout cannot wait longer than ~24.8 days; longer waits are chained.
const MAX_TIMEOUT_MS = 2_147_000_000;

export class SystemClock implements Clock {
    now(): number {
        return Date.now();
    }

    schedule(delayMs: number, task: () => void): ScheduledTask {
        let handle: NodeJS.Timeout;
        const due = Date.now() + Math.max(0, delayMs);
        const arm = (): void => {
            const remaining = due - Date.now();
            handle = setTimeout(
                remaining > MAX_TIMEOUT_MS ? arm : task,
                Math.min(Math.max(0, remaining), MAX_TIMEOUT_MS)
            );
            handle.unref();
        };
        arm();
        return { cancel: () => clearTimeout(handle) };
    }
}

interface ManualTimer {
    due: number;
    order: number;
    task: () => void;
    cancelled: boolean;
}

export class ManualClock implements Clock {
    private current: number;
    private timers: ManualTimer[] = [];
    private sequence = 0;

    constructor(start: number | string | Date = '2025-01-01T00:00:00.000Z') {
        this.current = typeof start === 'number' ? start : new Date(start).getTime();
        if (Number.isNaN(this.current)) {
            throw new Error(`ManualClock: invalid start time ${String(start)}`);
        }
    }

    now(): number {
        return this.current;
    }

    schedule(delayMs: number, task: () => void): ScheduledTask {
        const timer: ManualTimer = {
            due: this.current + Math.max(0, delayMs),
            order: this.sequence++,
            task,
            cancelled: false
        };
        this.timers.push(timer);
        return { cancel: () => (timer.cancelled = true) };
    }

    /** Moves time forward, running every task that falls due, in due order, at its due time. */
    advance(ms: number): void {
        if (ms < 0) throw new Error('ManualClock cannot go backwards');
        const target = this.current + ms;
        for (;;) {
            const next = this.nextDue(target);
            if (!next) break;
            this.timers = this.timers.filter((t) => t !== next);
            this.current = Math.max(this.current, next.due);
            next.task();
        }
        this.current = target;
    }

    /** Number of tasks still waiting (for tests and the control API). */
    pendingTasks(): number {
        return this.timers.filter((t) => !t.cancelled).length;
    }

    private nextDue(limit: number): ManualTimer | undefined {
        let best: ManualTimer | undefined;
        for (const t of this.timers) {
            if (t.cancelled || t.due > limit) continue;
            if (!best || t.due < best.due || (t.due === best.due && t.order < best.order)) best = t;
        }
        return best;
    }
}

export function isManualClock(clock: Clock): clock is ManualClock {
    return clock instanceof ManualClock;
}
