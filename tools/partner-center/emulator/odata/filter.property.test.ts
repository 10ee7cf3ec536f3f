// Property test: random boolean combinations of comparisons, rendered as $filter text with random
// redundant parentheses, must evaluate like the same expression evaluated directly in TypeScript.

import fc from 'fast-check';
import { matchesFilter } from './filter-eval';
import { parseFilter } from './filter-parser';

type Expr = { atom: [string, string, number] } | { not: Expr } | { and: [Expr, Expr] } | { or: [Expr, Expr] };

const record = { a: 1, b: 5, nested: { c: 10 } };
const paths: Record<string, number> = { a: 1, b: 5, 'nested/c': 10 };
const ops: Record<string, (x: number, y: number) => boolean> = {
    eq: (x, y) => x === y,
    ne: (x, y) => x !== y,
    gt: (x, y) => x > y,
    ge: (x, y) => x >= y,
    lt: (x, y) => x < y,
    le: (x, y) => x <= y
};

const expr: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
    e: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.record({
            atom: fc.tuple(
                fc.constantFrom(...Object.keys(paths)),
                fc.constantFrom(...Object.keys(ops)),
                fc.integer({ min: 0, max: 11 })
            )
        }),
        fc.record({ not: tie('e') }),
        fc.record({ and: fc.tuple(tie('e'), tie('e')) }),
        fc.record({ or: fc.tuple(tie('e'), tie('e')) })
    )
})).e;

function render(e: Expr, wrap: () => boolean): string {
    const text = (() => {
        if ('atom' in e) return `${e.atom[0]} ${e.atom[1]} ${e.atom[2]}`;
        if ('not' in e) return `not (${render(e.not, wrap)})`;
        if ('and' in e) return `(${render(e.and[0], wrap)}) and (${render(e.and[1], wrap)})`;
        return `(${render(e.or[0], wrap)}) or (${render(e.or[1], wrap)})`;
    })();
    return wrap() ? `(${text})` : text;
}

function evaluate(e: Expr): boolean {
    if ('atom' in e) return ops[e.atom[1]](paths[e.atom[0]], e.atom[2]);
    if ('not' in e) return !evaluate(e.not);
    if ('and' in e) return evaluate(e.and[0]) && evaluate(e.and[1]);
    return evaluate(e.or[0]) || evaluate(e.or[1]);
}

test('$filter evaluation agrees with direct evaluation', () => {
    fc.assert(
        fc.property(expr, fc.infiniteStream(fc.boolean()), (e, coins) => {
            const iterator = coins[Symbol.iterator]();
            const text = render(e, () => iterator.next().value as boolean);
            expect(matchesFilter(parseFilter(text), record)).toBe(evaluate(e));
        }),
        { numRuns: 300 }
    );
});

test('and binds tighter than or without parentheses', () => {
    fc.assert(
        fc.property(fc.boolean(), fc.boolean(), fc.boolean(), (x, y, z) => {
            const atom = (v: boolean): string => (v ? 'a eq 1' : 'a eq 2');
            const text = `${atom(x)} or ${atom(y)} and ${atom(z)}`;
            expect(matchesFilter(parseFilter(text), record)).toBe(x || (y && z));
        })
    );
});
