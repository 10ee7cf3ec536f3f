import { ApexDate, ApexDatetime, ApexUnsupported } from '../../core/values';
import { dateLiteralRange, localEpochDay, localMidnight } from './date-literals';

const day = (y: number, m: number, d: number) => new ApexDate(y, m, d).toEpochDay();
const show = (r: { start: number; end: number }) =>
    [ApexDate.fromEpochDay(r.start), ApexDate.fromEpochDay(r.end)].map((d) => `${d.year}-${d.month}-${d.day}`);

describe('SOQL date literal ranges', () => {
    // 2026-03-15T18:30Z is Sunday 11:30 in Los Angeles (PDT since 2026-03-08), Monday 03:30 in Tokyo.
    const now = new ApexDatetime(Date.UTC(2026, 2, 15, 18, 30));
    const la = { now, timeZone: 'America/Los_Angeles' };
    const tokyo = { now, timeZone: 'Asia/Tokyo' };

    it('takes today from the user time zone', () => {
        expect(localEpochDay(now, 'America/Los_Angeles')).toBe(day(2026, 3, 15));
        expect(localEpochDay(now, 'Asia/Tokyo')).toBe(day(2026, 3, 16));
        expect(localMidnight(day(2026, 3, 15), 'America/Los_Angeles')).toBe(Date.UTC(2026, 2, 15, 7));
        expect(localMidnight(day(2026, 1, 15), 'America/Los_Angeles')).toBe(Date.UTC(2026, 0, 15, 8));
    });

    it('computes day, week, month, quarter and year ranges', () => {
        expect(show(dateLiteralRange('LAST_N_DAYS', 1, la))).toEqual(['2026-3-14', '2026-3-15']);
        expect(show(dateLiteralRange('NEXT_N_DAYS', 2, la))).toEqual(['2026-3-16', '2026-3-17']);
        expect(show(dateLiteralRange('THIS_WEEK', undefined, la))).toEqual(['2026-3-15', '2026-3-21']);
        expect(show(dateLiteralRange('THIS_WEEK', undefined, tokyo))).toEqual(['2026-3-15', '2026-3-21']);
        expect(show(dateLiteralRange('LAST_WEEK', undefined, la))).toEqual(['2026-3-8', '2026-3-14']);
        expect(show(dateLiteralRange('LAST_MONTH', undefined, la))).toEqual(['2026-2-1', '2026-2-28']);
        expect(show(dateLiteralRange('NEXT_N_MONTHS', 2, la))).toEqual(['2026-4-1', '2026-5-31']);
        expect(show(dateLiteralRange('LAST_QUARTER', undefined, la))).toEqual(['2025-10-1', '2025-12-31']);
        expect(show(dateLiteralRange('N_YEARS_AGO', 1, la))).toEqual(['2025-1-1', '2025-12-31']);
        expect(show(dateLiteralRange('LAST_90_DAYS', undefined, la))).toEqual(['2025-12-15', '2026-3-15']);
        expect(() => dateLiteralRange('THIS_FISCAL_YEAR', undefined, la)).toThrow(ApexUnsupported);
    });
});
