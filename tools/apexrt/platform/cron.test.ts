import { CronSchedule } from './cron';

const at = (iso: string): number => Date.parse(iso);
const next = (expression: string, after: string): string =>
    new Date(new CronSchedule(expression).nextAfter(at(after))!).toISOString();

describe('Apex cron expressions', () => {
    it('fires hourly at the given minute (the poller schedules one such job per start minute)', () => {
        expect(next('0 15 * * * ?', '2026-12-01T10:14:30Z')).toBe('2026-12-01T10:15:00.000Z');
        expect(next('0 15 * * * ?', '2026-12-01T10:15:00Z')).toBe('2026-12-01T11:15:00.000Z');
        expect(next('0 45 * * * ?', '2026-12-31T23:50:00Z')).toBe('2027-01-01T00:45:00.000Z');
    });

    it('reads lists, ranges, increments, month and day names', () => {
        expect(next('0 0/20 * * * ?', '2026-12-01T10:21:00Z')).toBe('2026-12-01T10:40:00.000Z');
        expect(next('30 5,35 8-9 * * ?', '2026-12-01T08:35:30Z')).toBe('2026-12-01T09:05:30.000Z');
        // 2026-12-05 is a Saturday: the next weekday 09:00 is Monday the 7th.
        expect(next('0 0 9 ? * MON-FRI', '2026-12-05T08:00:00Z')).toBe('2026-12-07T09:00:00.000Z');
        expect(next('0 0 0 1 FEB ? 2027', '2026-12-01T00:00:00Z')).toBe('2027-02-01T00:00:00.000Z');
    });

    it('finds a fire time decades ahead (a year field up to 2099)', () => {
        expect(next('0 0 0 28 5 ? 2099', '2026-12-01T00:00:00Z')).toBe('2099-05-28T00:00:00.000Z');
    });

    it('has no fire time once the given year has passed', () => {
        expect(new CronSchedule('0 0 0 1 1 ? 2020').nextAfter(at('2026-12-01T00:00:00Z'))).toBeUndefined();
    });

    it('refuses malformed expressions and fails loudly on what it does not interpret', () => {
        expect(() => new CronSchedule('0 15 * * *')).toThrow('expected 6 or 7 fields, got 5');
        expect(() => new CronSchedule('0 61 * * * ?')).toThrow('Minutes "61" is out of range 0-59');
        expect(() => new CronSchedule('0 0 1 * * MON')).toThrow("one of Day_of_month and Day_of_week must be '?'");
        expect(() => new CronSchedule('0 0 1 L * ?')).toThrow('not supported by apexrt: cron');
        expect(() => new CronSchedule('0 0 1 ? * 2#1')).toThrow('not supported by apexrt: cron');
    });
});
