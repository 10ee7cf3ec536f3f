/**
 * Integer, Long, Double, Decimal, Boolean and Math (Apex Reference). Decimal is java.math.BigDecimal underneath:
 * `+`/`-` keep the larger scale, `*` adds the scales (Java SE 17 BigDecimal), setScale rounds HALF_UP unless a
 * RoundingMode is given (Apex Reference, Decimal.setScale), and values render with their scale ("1.50").
 */
import { ApexThrow, ApexUnsupported, Decimal } from '../core/values';
import type { NativeTypeSpec } from '../natives/registry-adapter';
import { instance, statik } from './spec';
import { requireEnUsLocale } from './system';

/** A Decimal that remembers its scale: decimal.js drops trailing zeros, BigDecimal keeps them. */
const SCALE = new WeakMap<Decimal, number>();

export function scaleOf(d: Decimal): number {
    return SCALE.get(d) ?? Math.max(0, d.decimalPlaces());
}

export function withScale(d: Decimal, scale: number): Decimal {
    const r = new Decimal(d.toFixed(Math.max(0, scale)));
    SCALE.set(r, scale);
    return r;
}

/** BigDecimal(String): the scale is the number of digits after the point as written. */
export function parseDecimal(text: string): Decimal {
    const t = text.trim();
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t))
        throw new ApexThrow('System.TypeException', `Invalid decimal: ${text}`);
    const d = new Decimal(t);
    const m = /\.(\d*)/.exec(t.split(/[eE]/)[0]);
    const exp = /[eE]([+-]?\d+)/.exec(t);
    const scale = Math.max(0, (m ? m[1].length : 0) - (exp ? Number(exp[1]) : 0));
    SCALE.set(d, scale);
    return d;
}

export function renderDecimal(d: Decimal): string {
    return d.toFixed(scaleOf(d));
}

const ROUNDING: Record<string, Decimal.Rounding> = {
    UP: Decimal.ROUND_UP,
    DOWN: Decimal.ROUND_DOWN,
    CEILING: Decimal.ROUND_CEIL,
    FLOOR: Decimal.ROUND_FLOOR,
    HALF_UP: Decimal.ROUND_HALF_UP,
    HALF_DOWN: Decimal.ROUND_HALF_DOWN,
    HALF_EVEN: Decimal.ROUND_HALF_EVEN
};

/** The name of a System.RoundingMode constant (a standard enum value: see types/standard-enums.ts). */
function roundingModeName(mode: unknown): string {
    if (mode === null) throw new ApexUnsupported('Decimal.setScale with a null RoundingMode');
    const name = (mode as { name?: unknown }).name;
    if (typeof name !== 'string') throw new ApexUnsupported('Decimal.setScale with a rounding mode of this type');
    return name;
}

function setScale(d: Decimal, scale: number, mode = 'HALF_UP'): Decimal {
    const rounded = d.toDecimalPlaces(scale, ROUNDING[mode] ?? Decimal.ROUND_DOWN);
    // Apex Reference, "Rounding Mode": UNNECESSARY asserts an exact result and throws when rounding is needed (the
    // exception is not named there).
    if (mode === 'UNNECESSARY' && !rounded.eq(d))
        throw new ApexUnsupported('RoundingMode.UNNECESSARY on a value that needs rounding (its exception)');
    if (ROUNDING[mode] === undefined && mode !== 'UNNECESSARY') throw new ApexUnsupported(`rounding mode ${mode}`);
    return withScale(rounded, scale);
}

/** The unscaled value of a Decimal (BigDecimal.unscaledValue): its digits without the point, at its scale. */
function unscaled(d: Decimal): bigint {
    return BigInt(d.toFixed(scaleOf(d)).replace('.', ''));
}

function fromUnscaled(u: bigint, scale: number): Decimal {
    const digits = (u < 0n ? -u : u).toString().padStart(scale + 1, '0');
    const text = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
    return withScale(new Decimal(`${u < 0n ? '-' : ''}${text}`), scale);
}

/**
 * Decimal.pow(exponent) (Apex Reference, "Decimal Class"): the exponent must be between 0 and 32,767; pow(0) is 1.
 * The example 4.12.pow(2) = 16.9744 is the exact product, whose scale is the scale times the exponent (computed on
 * the unscaled digits: decimal.js would round at 20 significant digits). Outside the range the platform's error is
 * not documented.
 */
function decimalPow(d: Decimal, n: number): Decimal {
    if (n < 0 || n > 32_767)
        throw new ApexUnsupported(`Decimal.pow(${n}) outside 0..32,767 (the platform's error is not documented)`);
    return n === 0 ? withScale(new Decimal(1), 0) : fromUnscaled(unscaled(d) ** BigInt(n), scaleOf(d) * n);
}

/**
 * Decimal.precision() (Apex Reference): "the total number of digits" (123.45 → 5, 123.123 → 6). Below 1 in
 * magnitude, whether the leading zeros count is not documented.
 */
function decimalPrecision(d: Decimal): number {
    if (d.abs().lt(1))
        throw new ApexUnsupported(`Decimal.precision() of ${renderDecimal(d)} (below 1: not documented)`);
    return (unscaled(d) < 0n ? -unscaled(d) : unscaled(d)).toString().length;
}

/**
 * Decimal.format() (Apex Reference): the value in the context user's locale, e.g. (U.S. locale) 12345.6789 →
 * '12,345.679': groups of three with ',', at most three decimal places. Not documented, hence loud: a tie when
 * rounding to three places (the rounding mode), trailing zeros left after it (kept or dropped), and magnitudes of
 * 10^15 and more ("scientific notation will be used if an exponent is needed").
 */
function decimalFormat(d: Decimal): string {
    if (d.abs().gte('1e15'))
        throw new ApexUnsupported(`Decimal.format() of ${renderDecimal(d)} (when an exponent is used)`);
    const places = Math.min(scaleOf(d), 3);
    const rounded = d.toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
    if (!d.toDecimalPlaces(places, Decimal.ROUND_HALF_DOWN).eq(rounded))
        throw new ApexUnsupported(`Decimal.format() of ${renderDecimal(d)} (the rounding mode of a tie)`);
    const [int, frac = ''] = rounded.abs().toFixed(places).split('.');
    if (frac.endsWith('0')) throw new ApexUnsupported(`Decimal.format() of ${renderDecimal(d)} (trailing zeros)`);
    const grouped = int.replace(/\B(?=(\d{3})+$)/g, ',');
    return `${rounded.isNegative() && !rounded.isZero() ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/** The `<operator>` hook: Decimal + - * with BigDecimal scale rules; `/` is left to the interpreter. */
export function decimalOperator(op: string, l: unknown, r: unknown): unknown {
    if (!(l instanceof Decimal && r instanceof Decimal)) return undefined;
    switch (op) {
        case '+':
            return withScale(l.plus(r), Math.max(scaleOf(l), scaleOf(r)));
        case '-':
            return withScale(l.minus(r), Math.max(scaleOf(l), scaleOf(r)));
        case '*':
            return withScale(l.times(r), scaleOf(l) + scaleOf(r));
        default:
            return undefined;
    }
}

const toInt = (text: unknown, type: string): number => {
    const t = String(text).trim();
    if (!/^[+-]?\d+$/.test(t)) throw new ApexThrow('System.TypeException', `Invalid ${type}: ${String(text)}`);
    const n = Number(t);
    if (n > 2147483647 || n < -2147483648) throw new ApexThrow('System.TypeException', `Invalid integer: ${t}`);
    return n;
};

const decimal = (v: unknown): Decimal => v as Decimal;

export const NUMBER_TYPES: NativeTypeSpec[] = [
    {
        name: 'Integer',
        methods: [
            statik('valueOf', ['String'], 'Integer', (_, [v]) => (v === null ? null : toInt(v, 'integer'))),
            statik('valueOf', ['Object'], 'Integer', (_, [v]) => {
                if (v === null) return null;
                if (typeof v === 'number') return Math.trunc(v) | 0;
                if (v instanceof Decimal) return v.trunc().toNumber() | 0;
                return toInt(v, 'integer');
            }),
            instance('format', [], 'String', (v, _, ctx) => {
                requireEnUsLocale(ctx, 'Integer.format()');
                return (v as number).toLocaleString('en-US');
            })
        ]
    },
    {
        name: 'Long',
        methods: [
            statik('valueOf', ['String'], 'Long', (_, [v]) => {
                const t = String(v).trim();
                if (!/^[+-]?\d+$/.test(t)) throw new ApexThrow('System.TypeException', `Invalid long: ${String(v)}`);
                return BigInt(t);
            }),
            instance('intValue', [], 'Integer', (v) => Number(BigInt.asIntN(32, v as bigint))),
            instance('format', [], 'String', (v, _, ctx) => {
                requireEnUsLocale(ctx, 'Long.format()');
                return (v as bigint).toLocaleString('en-US');
            })
        ]
    },
    {
        name: 'Double',
        methods: [
            statik('valueOf', ['String'], 'Double', (_, [v]) => {
                const n = Number(String(v).trim());
                if (Number.isNaN(n)) throw new ApexThrow('System.TypeException', `Invalid double: ${String(v)}`);
                return n;
            }),
            statik('valueOf', ['Object'], 'Double', (_, [v]) =>
                v === null ? null : v instanceof Decimal ? v.toNumber() : Number(v)
            ),
            instance('intValue', [], 'Integer', (v) => Math.trunc(v as number) | 0),
            instance('longValue', [], 'Long', (v) => BigInt(Math.trunc(v as number))),
            instance('round', [], 'Long', (v) => BigInt(Math.round(v as number)))
        ]
    },
    {
        name: 'Decimal',
        methods: [
            statik('valueOf', ['String'], 'Decimal', (_, [v]) => (v === null ? null : parseDecimal(String(v)))),
            statik('valueOf', ['Long'], 'Decimal', (_, [v]) => withScale(new Decimal(String(v)), 0)),
            statik('valueOf', ['Double'], 'Decimal', (_, [v]) => parseDecimal(String(v))),
            instance('intValue', [], 'Integer', (v) => decimal(v).trunc().toNumber() | 0),
            instance('longValue', [], 'Long', (v) => BigInt(decimal(v).trunc().toFixed(0))),
            instance('doubleValue', [], 'Double', (v) => decimal(v).toNumber()),
            instance('scale', [], 'Integer', (v) => scaleOf(decimal(v))),
            instance('setScale', ['Integer'], 'Decimal', (v, [n]) => setScale(decimal(v), n as number)),
            instance('setScale', ['Integer', 'Object'], 'Decimal', (v, [n, mode]) =>
                setScale(decimal(v), n as number, roundingModeName(mode))
            ),
            instance('abs', [], 'Decimal', (v) => withScale(decimal(v).abs(), scaleOf(decimal(v)))),
            instance('stripTrailingZeros', [], 'Decimal', (v) =>
                withScale(decimal(v), Math.max(0, decimal(v).decimalPlaces()))
            ),
            instance('toPlainString', [], 'String', (v) => renderDecimal(decimal(v))),
            instance('pow', ['Integer'], 'Decimal', (v, [n]) => decimalPow(decimal(v), n as number)),
            instance('precision', [], 'Integer', (v) => decimalPrecision(decimal(v))),
            instance('format', [], 'String', (v, _, ctx) => {
                requireEnUsLocale(ctx, 'Decimal.format()');
                return decimalFormat(decimal(v));
            }),
            instance('round', [], 'Long', (v) =>
                BigInt(decimal(v).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).toFixed(0))
            ),
            // Apex Reference, "Decimal Class", round(roundingMode): to zero decimal places in that mode, as a Long.
            instance('round', ['Object'], 'Long', (v, [mode]) =>
                BigInt(setScale(decimal(v), 0, roundingModeName(mode)).toFixed(0))
            )
        ]
    },
    {
        name: 'Boolean',
        methods: [
            statik('valueOf', ['String'], 'Boolean', (_, [v]) => v !== null && String(v).toLowerCase() === 'true'),
            statik('valueOf', ['Object'], 'Boolean', (_, [v]) =>
                v === null ? null : v === true || String(v).toLowerCase() === 'true'
            )
        ]
    },
    {
        name: 'Math',
        methods: [
            ...(['Integer', 'Long', 'Double'] as const).flatMap((t) => [
                statik('max', [t, t], t, (_, [a, b]) => ((a as number) > (b as number) ? a : b)),
                statik('min', [t, t], t, (_, [a, b]) => ((a as number) < (b as number) ? a : b)),
                statik('abs', [t], t, (_, [a]) => (typeof a === 'bigint' ? (a < 0n ? -a : a) : Math.abs(a as number)))
            ]),
            statik('max', ['Decimal', 'Decimal'], 'Decimal', (_, [a, b]) => (decimal(a).gt(decimal(b)) ? a : b)),
            statik('min', ['Decimal', 'Decimal'], 'Decimal', (_, [a, b]) => (decimal(a).lt(decimal(b)) ? a : b)),
            statik('ceil', ['Double'], 'Double', (_, [a]) => Math.ceil(a as number)),
            statik('floor', ['Double'], 'Double', (_, [a]) => Math.floor(a as number)),
            statik('pow', ['Double', 'Double'], 'Double', (_, [a, b]) => Math.pow(a as number, b as number)),
            statik('sqrt', ['Double'], 'Double', (_, [a]) => Math.sqrt(a as number)),
            statik('mod', ['Integer', 'Integer'], 'Integer', (_, [a, b]) => {
                if (b === 0) throw new ApexThrow('System.MathException', 'Divide by 0');
                return (a as number) % (b as number);
            }),
            // Math.round(Double) rounds half up like Java's Math.round (Apex Reference).
            statik('round', ['Double'], 'Integer', (_, [a]) => Math.floor((a as number) + 0.5) | 0),
            statik('roundToLong', ['Double'], 'Long', (_, [a]) => BigInt(Math.floor((a as number) + 0.5))),
            statik('random', [], 'Double', () => Math.random())
        ]
    }
];
