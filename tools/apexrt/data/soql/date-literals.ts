/**
 * SOQL date literals (SOQL and SOSL Reference, "Date Formats and Date Literals in WHERE") as inclusive ranges of
 * days in the running user's time zone. Every range starts at 00:00:00 local time. Facts used:
 * - LAST_N_DAYS:n and LAST_90_DAYS include today (LAST_N_DAYS:1 = yesterday and today).
 * - NEXT_N_DAYS:n and NEXT_90_DAYS start tomorrow.
 * - LAST_N_WEEKS/MONTHS/QUARTERS/YEARS:n end before the current unit; NEXT_N_...:n start after it.
 * - N_..._AGO:n is the single unit n units back.
 * - The first day of the week depends on the locale; apexrt uses Sunday (en_US).
 * Fiscal literals are not supported (they depend on the org's fiscal year settings).
 */
import { ApexDate, ApexDatetime, ApexUnsupported } from '../../core/values';

export interface DayRange {
    /** Inclusive epoch days. */
    start: number;
    end: number;
}

/** The running user's clock: now, and the IANA time zone (User.TimeZoneSidKey). */
export interface SoqlClock {
    now: ApexDatetime;
    timeZone: string;
}

/** Offset of `tz` from UTC at the instant `epochMs`, in ms. */
function zoneOffsetMs(epochMs: number, tz: string): number {
    const parts = new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit'
    }).formatToParts(new Date(epochMs));
    const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
    const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
    return asUtc - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

/** The local calendar day (epoch day) of an instant in `tz`. */
export function localEpochDay(instant: ApexDatetime, tz: string): number {
    return Math.floor((instant.epochMs + zoneOffsetMs(instant.epochMs, tz)) / 86_400_000);
}

/** The instant of local midnight starting `epochDay` in `tz`. */
export function localMidnight(epochDay: number, tz: string): number {
    const guess = epochDay * 86_400_000;
    let result = guess - zoneOffsetMs(guess, tz);
    result = guess - zoneOffsetMs(result, tz);
    return result;
}

function monthStart(year: number, month0: number): number {
    return Math.floor(Date.UTC(year, month0, 1) / 86_400_000);
}

export function dateLiteralRange(name: string, n: number | undefined, clock: SoqlClock): DayRange {
    const today = localEpochDay(clock.now, clock.timeZone);
    const d = ApexDate.fromEpochDay(today);
    const weekStart = today - ((((today + 4) % 7) + 7) % 7); // epoch day 0 was a Thursday; Sunday-based weeks
    const month0 = d.year * 12 + (d.month - 1);
    const quarter0 = d.year * 4 + Math.floor((d.month - 1) / 3);
    const months = (from: number, count: number): DayRange => ({
        start: monthStart(Math.floor(from / 12), from % 12),
        end: monthStart(Math.floor((from + count) / 12), (from + count) % 12) - 1
    });
    const need = (): number => {
        if (n === undefined || n < 0) throw new ApexUnsupported(`SOQL date literal ${name} without a valid n`);
        return n;
    };
    switch (name) {
        case 'TODAY':
            return { start: today, end: today };
        case 'YESTERDAY':
            return { start: today - 1, end: today - 1 };
        case 'TOMORROW':
            return { start: today + 1, end: today + 1 };
        case 'THIS_WEEK':
            return { start: weekStart, end: weekStart + 6 };
        case 'LAST_WEEK':
            return { start: weekStart - 7, end: weekStart - 1 };
        case 'NEXT_WEEK':
            return { start: weekStart + 7, end: weekStart + 13 };
        case 'THIS_MONTH':
            return months(month0, 1);
        case 'LAST_MONTH':
            return months(month0 - 1, 1);
        case 'NEXT_MONTH':
            return months(month0 + 1, 1);
        case 'LAST_90_DAYS':
            return { start: today - 90, end: today };
        case 'NEXT_90_DAYS':
            return { start: today + 1, end: today + 90 };
        case 'LAST_N_DAYS':
            return { start: today - need(), end: today };
        case 'NEXT_N_DAYS':
            return { start: today + 1, end: today + need() };
        case 'N_DAYS_AGO':
            return { start: today - need(), end: today - need() };
        case 'LAST_N_WEEKS':
            return { start: weekStart - 7 * need(), end: weekStart - 1 };
        case 'NEXT_N_WEEKS':
            return { start: weekStart + 7, end: weekStart + 6 + 7 * need() };
        case 'N_WEEKS_AGO':
            return { start: weekStart - 7 * need(), end: weekStart - 7 * need() + 6 };
        case 'LAST_N_MONTHS':
            return months(month0 - need(), need());
        case 'NEXT_N_MONTHS':
            return months(month0 + 1, need());
        case 'N_MONTHS_AGO':
            return months(month0 - need(), 1);
        case 'THIS_QUARTER':
            return months(quarter0 * 3, 3);
        case 'LAST_QUARTER':
            return months((quarter0 - 1) * 3, 3);
        case 'NEXT_QUARTER':
            return months((quarter0 + 1) * 3, 3);
        case 'LAST_N_QUARTERS':
            return months((quarter0 - need()) * 3, 3 * need());
        case 'NEXT_N_QUARTERS':
            return months((quarter0 + 1) * 3, 3 * need());
        case 'N_QUARTERS_AGO':
            return months((quarter0 - need()) * 3, 3);
        case 'THIS_YEAR':
            return months(d.year * 12, 12);
        case 'LAST_YEAR':
            return months((d.year - 1) * 12, 12);
        case 'NEXT_YEAR':
            return months((d.year + 1) * 12, 12);
        case 'LAST_N_YEARS':
            return months((d.year - need()) * 12, 12 * need());
        case 'NEXT_N_YEARS':
            return months((d.year + 1) * 12, 12 * need());
        case 'N_YEARS_AGO':
            return months((d.year - need()) * 12, 12);
        default:
            throw new ApexUnsupported(`SOQL date literal ${name}`);
    }
}
