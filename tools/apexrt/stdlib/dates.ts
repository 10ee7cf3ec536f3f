/**
 * Date, Datetime and Time (Apex Reference). apexrt's running user is in GMT (the local org's user and the test
 * runner's user are created with GMT as their time zone — a choice of apexrt, stated in README), so
 * `Datetime.newInstance` (local time) and `newInstanceGmt` agree. System.debug renders a Datetime in GMT as
 * 'yyyy-MM-dd HH:mm:ss' and a Date as 'yyyy-MM-dd' (Apex Developer Guide, "Primitive Data Types").
 */
import { ApexDate, ApexDatetime, ApexThrow, ApexTime, ApexUnsupported } from '../core/values';
import type { NativeTypeSpec } from '../natives/registry-adapter';
import { instance, statik } from './spec';
import { orgNow, requireEnUsLocale } from './system';

const DAY_MS = 86_400_000;
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export function renderDate(d: ApexDate): string {
    return `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
}

export function renderDatetime(v: ApexDatetime): string {
    const d = new Date(v.epochMs);
    return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Datetime parts by method name (the `...Gmt` form of each is the same for apexrt's GMT user). */
const DATETIME_PARTS: ReadonlyArray<[string, (d: Date) => number]> = [
    ['year', (d) => d.getUTCFullYear()],
    ['month', (d) => d.getUTCMonth() + 1],
    ['day', (d) => d.getUTCDate()],
    ['hour', (d) => d.getUTCHours()],
    ['minute', (d) => d.getUTCMinutes()],
    ['second', (d) => d.getUTCSeconds()],
    ['millisecond', (d) => d.getUTCMilliseconds()]
];

function dateOf(y: number, m: number, d: number): ApexDate {
    const ms = Date.UTC(y, m - 1, d);
    return ApexDate.fromEpochDay(Math.floor(ms / DAY_MS));
}

function addMonths(d: ApexDate, months: number): ApexDate {
    const total = d.year * 12 + (d.month - 1) + months;
    const y = Math.floor(total / 12);
    const m = (total % 12) + 1;
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return new ApexDate(y, m, Math.min(d.day, last));
}

/** Java SimpleDateFormat subset used by formatGmt: yyyy MM dd HH mm ss SSS and quoted text. */
export function formatGmt(v: ApexDatetime, pattern: string): string {
    const d = new Date(v.epochMs);
    const fields: Record<string, string> = {
        yyyy: pad(d.getUTCFullYear(), 4),
        MM: pad(d.getUTCMonth() + 1),
        dd: pad(d.getUTCDate()),
        HH: pad(d.getUTCHours()),
        mm: pad(d.getUTCMinutes()),
        ss: pad(d.getUTCSeconds()),
        SSS: pad(d.getUTCMilliseconds(), 3)
    };
    let out = '';
    for (let i = 0; i < pattern.length;) {
        if (pattern[i] === "'") {
            const end = pattern.indexOf("'", i + 1);
            out += pattern.slice(i + 1, end < 0 ? undefined : end);
            i = end < 0 ? pattern.length : end + 1;
            continue;
        }
        const token = ['yyyy', 'SSS', 'MM', 'dd', 'HH', 'mm', 'ss'].find((t) => pattern.startsWith(t, i));
        if (token) {
            out += fields[token];
            i += token.length;
        } else if (/[A-Za-z]/.test(pattern[i])) {
            throw new ApexUnsupported(`date format letter '${pattern[i]}' in "${pattern}"`);
        } else out += pattern[i++];
    }
    return out;
}

/** 'yyyy-MM-dd HH:mm:ss' (Datetime.valueOf / valueOfGmt). */
function parseDatetime(text: string): ApexDatetime {
    const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
    if (!m) throw new ApexThrow('System.TypeException', `Invalid date/time: ${text}`);
    return new ApexDatetime(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

const date = (v: unknown): ApexDate => v as ApexDate;
const dt = (v: unknown): ApexDatetime => v as ApexDatetime;

export const DATE_TYPES: NativeTypeSpec[] = [
    {
        name: 'Date',
        methods: [
            statik('newInstance', ['Integer', 'Integer', 'Integer'], 'Date', (_, [y, m, d]) =>
                dateOf(y as number, m as number, d as number)
            ),
            statik('today', [], 'Date', (_, __, ctx) => ApexDate.fromEpochDay(Math.floor(orgNow(ctx) / DAY_MS))),
            statik('valueOf', ['String'], 'Date', (_, [v]) => {
                const m = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(String(v).trim());
                if (!m) throw new ApexThrow('System.TypeException', `Invalid date: ${String(v)}`);
                return dateOf(+m[1], +m[2], +m[3]);
            }),
            statik('isLeapYear', ['Integer'], 'Boolean', (_, [y]) => {
                const n = y as number;
                return (n % 4 === 0 && n % 100 !== 0) || n % 400 === 0;
            }),
            statik('daysInMonth', ['Integer', 'Integer'], 'Integer', (_, [y, m]) =>
                new Date(Date.UTC(y as number, m as number, 0)).getUTCDate()
            ),
            instance('addDays', ['Integer'], 'Date', (v, [n]) =>
                ApexDate.fromEpochDay(date(v).toEpochDay() + (n as number))
            ),
            instance('addMonths', ['Integer'], 'Date', (v, [n]) => addMonths(date(v), n as number)),
            instance('addYears', ['Integer'], 'Date', (v, [n]) => addMonths(date(v), 12 * (n as number))),
            instance('year', [], 'Integer', (v) => date(v).year),
            instance('month', [], 'Integer', (v) => date(v).month),
            instance('day', [], 'Integer', (v) => date(v).day),
            instance('daysBetween', ['Date'], 'Integer', (v, [o]) => date(o).toEpochDay() - date(v).toEpochDay()),
            // Apex Reference, "Date Class", monthsBetween: the months between the two dates, ignoring the days.
            instance(
                'monthsBetween',
                ['Date'],
                'Integer',
                (v, [o]) => (date(o).year - date(v).year) * 12 + (date(o).month - date(v).month)
            ),
            instance('toStartOfMonth', [], 'Date', (v) => new ApexDate(date(v).year, date(v).month, 1)),
            // Apex Reference, "Date Class", toStartOfWeek: "the start of a week is Sunday in the United States
            // locale" (the context user's locale decides; en_US only).
            instance('toStartOfWeek', [], 'Date', (v, _, ctx) => {
                requireEnUsLocale(ctx, 'Date.toStartOfWeek()');
                const day = date(v).toEpochDay();
                // Epoch day 0 (1970-01-01) was a Thursday: (day + 4) mod 7 is 0 on Sundays.
                return ApexDate.fromEpochDay(day - ((((day + 4) % 7) + 7) % 7));
            }),
            // Apex Reference, "Date Class", format: the date in the context user's locale; its example (U.S.)
            // gives '3/21/2001' for 2001-03-21 (M/d/yyyy).
            instance('format', [], 'String', (v, _, ctx) => {
                requireEnUsLocale(ctx, 'Date.format()');
                return `${date(v).month}/${date(v).day}/${date(v).year}`;
            }),
            instance(
                'dayOfYear',
                [],
                'Integer',
                (v) => date(v).toEpochDay() - dateOf(date(v).year, 1, 1).toEpochDay() + 1
            )
        ]
    },
    {
        name: 'Datetime',
        methods: [
            statik('now', [], 'Datetime', (_, __, ctx) => new ApexDatetime(orgNow(ctx))),
            ...(['newInstance', 'newInstanceGmt'] as const).flatMap((name) => [
                statik(
                    name,
                    ['Integer', 'Integer', 'Integer'],
                    'Datetime',
                    (_, [y, m, d]) => new ApexDatetime(Date.UTC(y as number, (m as number) - 1, d as number))
                ),
                statik(
                    name,
                    ['Integer', 'Integer', 'Integer', 'Integer', 'Integer', 'Integer'],
                    'Datetime',
                    (_, a) =>
                        new ApexDatetime(
                            Date.UTC(
                                a[0] as number,
                                (a[1] as number) - 1,
                                a[2] as number,
                                a[3] as number,
                                a[4] as number,
                                a[5] as number
                            )
                        )
                ),
                statik(
                    name,
                    ['Date', 'Time'],
                    'Datetime',
                    (_, [d, t]) => new ApexDatetime(date(d).toEpochDay() * DAY_MS + (t as ApexTime).msOfDay)
                )
            ]),
            statik('newInstance', ['Long'], 'Datetime', (_, [ms]) => new ApexDatetime(Number(ms))),
            statik('valueOf', ['String'], 'Datetime', (_, [v]) => parseDatetime(String(v))),
            statik('valueOfGmt', ['String'], 'Datetime', (_, [v]) => parseDatetime(String(v))),
            instance('getTime', [], 'Long', (v) => BigInt(dt(v).epochMs)),
            instance(
                'addSeconds',
                ['Integer'],
                'Datetime',
                (v, [n]) => new ApexDatetime(dt(v).epochMs + (n as number) * 1000)
            ),
            instance(
                'addMinutes',
                ['Integer'],
                'Datetime',
                (v, [n]) => new ApexDatetime(dt(v).epochMs + (n as number) * 60_000)
            ),
            instance(
                'addHours',
                ['Integer'],
                'Datetime',
                (v, [n]) => new ApexDatetime(dt(v).epochMs + (n as number) * 3_600_000)
            ),
            instance(
                'addDays',
                ['Integer'],
                'Datetime',
                (v, [n]) => new ApexDatetime(dt(v).epochMs + (n as number) * DAY_MS)
            ),
            instance('date', [], 'Date', (v) => ApexDate.fromEpochDay(Math.floor(dt(v).epochMs / DAY_MS))),
            instance('dateGmt', [], 'Date', (v) => ApexDate.fromEpochDay(Math.floor(dt(v).epochMs / DAY_MS))),
            instance('formatGmt', ['String'], 'String', (v, [p]) => formatGmt(dt(v), String(p))),
            // format(pattern) formats in the user's time zone: GMT for apexrt's user, so as formatGmt.
            instance('format', ['String'], 'String', (v, [p]) => formatGmt(dt(v), String(p))),
            // Apex Reference, "Datetime Class": year/month/day/hour/minute/second/millisecond in the user's time
            // zone, the ...Gmt forms in GMT (one and the same for apexrt's GMT user), time()/timeGmt() the time part.
            ...DATETIME_PARTS.flatMap(([name, part]) => [
                instance(name, [], 'Integer', (v) => part(new Date(dt(v).epochMs))),
                instance(`${name}Gmt`, [], 'Integer', (v) => part(new Date(dt(v).epochMs)))
            ]),
            ...['time', 'timeGmt'].map((name) =>
                instance(name, [], 'Time', (v) => new ApexTime(((dt(v).epochMs % DAY_MS) + DAY_MS) % DAY_MS))
            )
        ]
    },
    {
        name: 'Time',
        methods: [
            statik(
                'newInstance',
                ['Integer', 'Integer', 'Integer', 'Integer'],
                'Time',
                (_, [h, m, s, ms]) =>
                    new ApexTime((((h as number) * 60 + (m as number)) * 60 + (s as number)) * 1000 + (ms as number))
            )
        ]
    }
];
