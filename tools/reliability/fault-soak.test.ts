/**
 * The fault soak's oracle: which final values count as keeping every change (acceptableValues).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { acceptableValues, CONCURRENT_MS, OLDER_READ_SKIPPED, Write } from './fault-soak';

/** A write `seconds` into the run; `before` is what the written side held (a no-op when it is the value). */
function write(side: Write['side'], value: string, op: number, seconds: number, before?: string): Write {
    const w: Write = { side, value, op, at: seconds * 1000 };
    if (before !== undefined) {
        w.before = before;
        w.noop = before === value;
    }
    return w;
}

describe('acceptableValues: the values a field may hold at the end', () => {
    /** Seed 43's S22: the seller's 0 of operation 9100, then 10154 of operation 9154. */
    const sellerEditsOfS22 = [write('seller', '0', 9100, 100, '9999'), write('seller', '10154', 9154, 200, '0')];

    it("ignores Microsoft's write of the value Partner Center already held (seed 43, S22)", () => {
        // The seller's 0 reached Partner Center; the seller's 10154 waited for a retry; Microsoft then wrote the
        // amount it already held, 0: nobody can tell that from no write, so the seller's 10154 is the last change.
        expect(acceptableValues([...sellerEditsOfS22, write('microsoft', '0', 9347, 300, '0')])).toEqual(['10154']);
    });

    it('keeps a Microsoft write that did change the value as the last change', () => {
        // The seller's 10154 had reached Partner Center before Microsoft wrote 0: a real change, which wins.
        expect(acceptableValues([...sellerEditsOfS22, write('microsoft', '0', 9347, 300, '10154')])).toEqual(['0']);
    });

    it("ignores a seller's write of the value the opportunity already held", () => {
        const writes = [
            write('seller', '0', 10, 100, '5'),
            write('microsoft', '7', 20, 200, '0'),
            write('seller', '0', 30, 300, '0')
        ];
        expect(acceptableValues(writes)).toEqual(['7']);
    });

    it('a write that changed nothing is no concurrent change either; a real one within the window is', () => {
        const within = (CONCURRENT_MS / 2 + 1) / 1000;
        const noop = [write('seller', '5', 1, 100, '3'), write('microsoft', '8', 2, 100 + within, '8')];
        expect(acceptableValues(noop)).toEqual(['5']);
        const real = [write('seller', '5', 1, 100, '3'), write('microsoft', '8', 2, 100 + within, '3')];
        expect(acceptableValues(real)).toEqual(['8', '5']);
    });

    it('counts writes without a read value (a new deal or referral) as changes', () => {
        expect(acceptableValues([write('microsoft', '1000', 1, 1)])).toEqual(['1000']);
        expect(acceptableValues([])).toEqual([]);
    });
});

test("the soak's count of skipped older reads matches the package's label", () => {
    const labels = readFileSync(
        join(__dirname, '../../force-app/main/default/labels/CustomLabels.labels-meta.xml'),
        'utf8'
    );
    const label = /<fullName>CoSell_Info_Older_Read_Skipped<\/fullName>[\s\S]*?<value\s*>([^<]*)<\/value>/.exec(labels);
    expect(label?.[1].startsWith(OLDER_READ_SKIPPED)).toBe(true);
});
