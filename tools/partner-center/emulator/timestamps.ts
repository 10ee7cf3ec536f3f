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

/** Parses an ISO-8601 timestamp (any number of fractional digits) to milliseconds; NaN when not a timestamp. */
export function parseTimestamp(value: string): number {
    const key = timestampKey(value);
    return key === undefined ? Number.NaN : Date.parse(`${key.slice(0, 23)}Z`);
}

/**
 * A sortable UTC form with 100 ns precision (`2025-03-09T09:18:01.6076542Z`), or undefined when `value`
 * is not a timestamp. Compare keys as strings: doubles cannot hold 100 ns ticks since 1970 exactly.
 */
export function timestampKey(value: string): string | undefined {
    const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(
        value.trim()
    );
    if (!match) return undefined;
    const [, date, time = '00:00:00', fraction = '', zone = 'Z'] = match;
    const digits = (fraction + '0000000').slice(0, 7);
    const zoneText = zone.toUpperCase() === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
    const ms = Date.parse(`${date}T${time.length === 5 ? time + ':00' : time}.${digits.slice(0, 3)}${zoneText}`);
    if (Number.isNaN(ms)) return undefined;
    return formatTicks(ms, Number(digits.slice(3)));
}
