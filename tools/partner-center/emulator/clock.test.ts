import { ManualClock } from './clock';
import { MonotonicTimestamps, timestampKey } from './timestamps';
import { eTagMatches } from './ids';

describe('ManualClock', () => {
    test('runs due tasks in due order at their due time, never before', () => {
        const clock = new ManualClock('2025-01-01T00:00:00Z');
        const seen: string[] = [];
        clock.schedule(300, () => seen.push(`b@${clock.now() - Date.parse('2025-01-01T00:00:00Z')}`));
        clock.schedule(100, () => {
            seen.push(`a@${clock.now() - Date.parse('2025-01-01T00:00:00Z')}`);
            clock.schedule(100, () => seen.push('chained'));
        });
        const cancelled = clock.schedule(50, () => seen.push('cancelled'));
        cancelled.cancel();
        clock.advance(99);
        expect(seen).toEqual([]);
        clock.advance(1000);
        expect(seen).toEqual(['a@100', 'chained', 'b@300']);
        expect(clock.pendingTasks()).toBe(0);
        expect(() => clock.advance(-1)).toThrow();
    });
});

describe('timestamps and eTags', () => {
    test('7 fractional digits, strictly increasing while the clock stands still', () => {
        const stamps = new MonotonicTimestamps(new ManualClock('2025-03-07T05:08:23.810Z'));
        expect([stamps.next(), stamps.next(), stamps.next()]).toEqual([
            '2025-03-07T05:08:23.8100000Z',
            '2025-03-07T05:08:23.8100001Z',
            '2025-03-07T05:08:23.8100002Z'
        ]);
    });

    test('timestampKey normalises offsets and precision', () => {
        expect(timestampKey('2025-03-09T10:18:01.5+01:00')).toBe('2025-03-09T09:18:01.5000000Z');
        expect(timestampKey('2025-03-09')).toBe('2025-03-09T00:00:00.0000000Z');
        expect(timestampKey('not a date')).toBeUndefined();
    });

    test('If-Match comparison tolerates quoting styles, W/ and *', () => {
        const stored = '"8500e212-0000-0100-0000-6225cdc90000"';
        expect(eTagMatches(stored, stored)).toBe(true);
        expect(eTagMatches('8500e212-0000-0100-0000-6225cdc90000', stored)).toBe(true);
        expect(eTagMatches('W/"8500e212-0000-0100-0000-6225cdc90000"', stored)).toBe(true);
        expect(eTagMatches('\\"8500e212-0000-0100-0000-6225cdc90000\\"', stored)).toBe(true);
        expect(eTagMatches('*', stored)).toBe(true);
        expect(eTagMatches('"8500e212-0000-0100-0000-6225cdc90001"', stored)).toBe(false);
    });
});
