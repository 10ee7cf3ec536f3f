/**
 * Apex scheduler cron expressions: `Seconds Minutes Hours Day_of_month Month Day_of_week [Year]`, with `,` `-`
 * `*` `?` `/` and month/day names (Apex Developer Guide, "Apex Scheduler", System.schedule). `L`, `W` and `#`
 * are not interpreted here and fail loudly. Times are matched in UTC: on the platform the scheduling user's time zone
 * applies, so callers use it only for a user in GMT (apexrt's and the local org's users).
 */
import { ApexUnsupported } from '../core/values';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
    name: string;
    min: number;
    max: number;
    names?: string[];
}

const FIELDS: FieldSpec[] = [
    { name: 'Seconds', min: 0, max: 59 },
    { name: 'Minutes', min: 0, max: 59 },
    { name: 'Hours', min: 0, max: 23 },
    { name: 'Day_of_month', min: 1, max: 31 },
    { name: 'Month', min: 1, max: 12, names: MONTHS },
    { name: 'Day_of_week', min: 1, max: 7, names: DAYS },
    { name: 'Year', min: 1970, max: 2099 }
];

/** null = any value (`*` or `?`). */
type Allowed = Set<number> | null;

export class CronSchedule {
    private readonly allowed: Allowed[];

    constructor(readonly expression: string) {
        const parts = expression.trim().split(/\s+/);
        if (parts.length < 6 || parts.length > 7)
            throw new Error(`cron expression "${expression}": expected 6 or 7 fields, got ${parts.length}`);
        this.allowed = FIELDS.map((spec, i) => (i < parts.length ? parseField(parts[i], spec, expression) : null));
        if (parts[3] !== '?' && parts[5] !== '?')
            throw new Error(`cron expression "${expression}": one of Day_of_month and Day_of_week must be '?'`);
    }

    /** The first fire time strictly after `afterMs` (epoch ms), or undefined when none up to the last year (2099). */
    nextAfter(afterMs: number): number | undefined {
        const [seconds, minutes, hours, dayOfMonth, month, dayOfWeek, year] = this.allowed;
        const startMinute = Math.floor(afterMs / 60_000) * 60_000;
        const horizon = Date.UTC(FIELDS[6].max + 1, 0, 1);
        for (let minuteStart = startMinute; minuteStart < horizon;) {
            const t = new Date(minuteStart);
            if (!has(year, t.getUTCFullYear())) {
                minuteStart = Date.UTC(t.getUTCFullYear() + 1, 0, 1);
                continue;
            }
            if (
                !has(month, t.getUTCMonth() + 1) ||
                !has(dayOfMonth, t.getUTCDate()) ||
                !has(dayOfWeek, t.getUTCDay() + 1)
            ) {
                minuteStart = Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate() + 1);
                continue;
            }
            if (!has(hours, t.getUTCHours())) {
                minuteStart = Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate(), t.getUTCHours() + 1);
                continue;
            }
            if (has(minutes, t.getUTCMinutes())) {
                for (let second = 0; second < 60; second++) {
                    const at = minuteStart + second * 1000;
                    if (at > afterMs && has(seconds, second)) return at;
                }
            }
            minuteStart += 60_000;
        }
        return undefined;
    }
}

function has(allowed: Allowed, value: number): boolean {
    return allowed === null || allowed.has(value);
}

function parseField(text: string, spec: FieldSpec, expression: string): Allowed {
    const fail = (why: string): never => {
        throw new Error(`cron expression "${expression}": ${spec.name} "${text}" ${why}`);
    };
    if (text === '*' || text === '?') return null;
    const names = spec.names ?? [];
    const normalized = text
        .toUpperCase()
        .replace(/[A-Z]{3}/g, (word) => (names.includes(word) ? String(names.indexOf(word) + 1) : word));
    if (/[LW#]/.test(normalized)) throw new ApexUnsupported(`cron ${spec.name} "${text}" (L, W, #)`);
    const values = new Set<number>();
    const value = (token: string): number => {
        const n = /^\d+$/.test(token) ? Number(token) : NaN;
        if (!(n >= spec.min && n <= spec.max)) fail(`is out of range ${spec.min}-${spec.max}`);
        return n;
    };
    for (const item of normalized.split(',')) {
        const [range, stepText] = item.split('/');
        const step = stepText === undefined ? 1 : Number(stepText);
        if (!Number.isInteger(step) || step < 1) fail('has an invalid increment');
        let from: number;
        let to: number;
        if (range === '*') [from, to] = [spec.min, spec.max];
        else if (range.includes('-')) [from, to] = range.split('-').map(value) as [number, number];
        else [from, to] = [value(range), stepText === undefined ? value(range) : spec.max];
        if (from > to) fail('has a range that ends before it starts');
        for (let n = from; n <= to; n += step) values.add(n);
    }
    return values;
}
