// Partner Center timestamps have 7 fractional digits (100 ns ticks). The emulator keeps them strictly
// increasing so that every write changes updatedDateTime even when the (manual) clock stands still.

import type { Clock } from './clock';

export class MonotonicTimestamps {
    private lastMs = -Infinity;
    private lastTick = 0;

    constructor(private readonly clock: Clock) {}

    /** Next timestamp, e.g. `2025-03-07T05:08:23.8101440Z`. */
    next(): string {
        const ms = this.clock.now();
        if (ms > this.lastMs) {
            this.lastMs = ms;
            this.lastTick = 0;
        } else {
            this.lastTick++;
            if (this.lastTick > 9999) {
                this.lastMs++;
                this.lastTick = 0;
            }
        }
        return formatTicks(this.lastMs, this.lastTick);
    }
}

export function formatTicks(ms: number, subMillisecondTicks: number): string {
    const iso = new Date(ms).toISOString(); // 2025-03-07T05:08:23.810Z
    return `${iso.slice(0, -1)}${String(subMillisecondTicks).padStart(4, '0')}Z`;
}

/** Same instant without sub-millisecond ticks, for values that are not write stamps (expiry etc.). */
export function formatInstant(ms: number): string {
    return formatTicks(ms, 0);
}

/** Parses an ISO-8601 timestamp with any number of fractional digits; NaN when not a timestamp. */
export function parseTimestamp(value: string): number {
    const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(value.trim());
    if (!match) return Number.NaN;
    const [, date, time = '00:00:00', fraction = '', zone = 'Z'] = match;
    const millis = (fraction + '000').slice(0, 3);
    const rest = Number(`0.${fraction.slice(3) || '0'}`); // sub-millisecond part, kept for ordering
    const base = Date.parse(`${date}T${time.length === 5 ? time + ':00' : time}.${millis}${zone.toUpperCase()}`);
    return Number.isNaN(base) ? Number.NaN : base + rest;
}
