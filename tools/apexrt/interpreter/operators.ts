/**
 * Arithmetic, comparison and bitwise operators on Apex numbers.
 * - Integer is int32 and wraps; Long is int64 (bigint) and wraps ([DOC Conversion], JVM semantics).
 * - Operands are widened to the higher type: Integer → Long → Double → Decimal.
 * - Integer/Long division truncates toward zero; division by zero → System.MathException 'Divide by 0'.
 * - Double division by zero and inexact Decimal division are UNCONFIRMED on the platform (docs/reference/apex-semantics.md §3.8), so they
 *   fail loudly instead of guessing.
 */
import { ApexThrow, ApexUnsupported, Decimal } from '../core/values';
import { NUMERIC_RANK, TypeRef } from '../types/typeref';

export type NumKind = 'Integer' | 'Long' | 'Double' | 'Decimal';

export const NPE_MESSAGE = 'Attempt to de-reference a null object';

export function npe(): ApexThrow {
    return new ApexThrow('System.NullPointerException', NPE_MESSAGE);
}

/** The numeric kind of a value, using its static type to tell Integer from Double (both are JS numbers). */
export function numKind(v: unknown, st: TypeRef | undefined): NumKind | undefined {
    if (typeof v === 'bigint') return 'Long';
    if (v instanceof Decimal) return 'Decimal';
    if (typeof v === 'number') {
        if (st?.name === 'Double') return 'Double';
        if (st?.name === 'Integer') return 'Integer';
        return Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 ? 'Integer' : 'Double';
    }
    return undefined;
}

export function higherKind(a: NumKind, b: NumKind): NumKind {
    return NUMERIC_RANK[a] >= NUMERIC_RANK[b] ? a : b;
}

/** Converts a number to a (wider or equal) numeric kind. */
export function convertNumber(v: number | bigint | Decimal, to: NumKind): number | bigint | Decimal {
    switch (to) {
        case 'Integer':
            return typeof v === 'number' ? v | 0 : Number(BigInt.asIntN(32, BigInt(v.toString())));
        case 'Long':
            if (typeof v === 'bigint') return v;
            if (typeof v === 'number') return BigInt(Math.trunc(v));
            return BigInt(v.trunc().toFixed());
        case 'Double':
            return typeof v === 'number' ? v : Number(v.toString());
        case 'Decimal':
            return v instanceof Decimal ? v : new Decimal(typeof v === 'bigint' ? v.toString() : v);
    }
}

function divideByZero(): ApexThrow {
    return new ApexThrow('System.MathException', 'Divide by 0');
}

export function arithmetic(
    op: string,
    a: number | bigint | Decimal,
    b: number | bigint | Decimal,
    kind: NumKind
): number | bigint | Decimal {
    const x = convertNumber(a, kind);
    const y = convertNumber(b, kind);
    switch (kind) {
        case 'Integer': {
            const p = x as number;
            const q = y as number;
            if (op === '+') return (p + q) | 0;
            if (op === '-') return (p - q) | 0;
            if (op === '*') return Math.imul(p, q);
            if (op === '/') {
                if (q === 0) throw divideByZero();
                return Math.trunc(p / q) | 0;
            }
            break;
        }
        case 'Long': {
            const p = x as bigint;
            const q = y as bigint;
            if (op === '+') return BigInt.asIntN(64, p + q);
            if (op === '-') return BigInt.asIntN(64, p - q);
            if (op === '*') return BigInt.asIntN(64, p * q);
            if (op === '/') {
                if (q === 0n) throw divideByZero();
                return BigInt.asIntN(64, p / q);
            }
            break;
        }
        case 'Double': {
            const p = x as number;
            const q = y as number;
            if (op === '+') return p + q;
            if (op === '-') return p - q;
            if (op === '*') return p * q;
            if (op === '/') {
                if (q === 0) throw new ApexUnsupported('Double division by zero (platform result unconfirmed)');
                return p / q;
            }
            break;
        }
        case 'Decimal': {
            const p = x as Decimal;
            const q = y as Decimal;
            if (op === '+') return p.plus(q);
            if (op === '-') return p.minus(q);
            if (op === '*') return p.times(q);
            if (op === '/') {
                if (q.isZero()) throw divideByZero();
                const quotient = p.dividedBy(q);
                if (!quotient.times(q).equals(p)) {
                    throw new ApexUnsupported(
                        'Decimal division with a non-terminating result via "/" (use Decimal.divide(divisor, scale))'
                    );
                }
                return quotient;
            }
            break;
        }
    }
    throw new ApexUnsupported(`operator ${op} on ${kind}`);
}

export function negate(v: number | bigint | Decimal, kind: NumKind): number | bigint | Decimal {
    if (kind === 'Integer') return -(v as number) | 0;
    if (kind === 'Long') return BigInt.asIntN(64, -(v as bigint));
    if (kind === 'Double') return -(v as number);
    return (v as Decimal).neg();
}

/** Bitwise and shift operators on Integer/Long (Java semantics). */
export function bitwise(op: string, a: number | bigint, b: number | bigint, kind: 'Integer' | 'Long'): number | bigint {
    if (kind === 'Integer') {
        const p = Number(a) | 0;
        const q = Number(b) | 0;
        switch (op) {
            case '&':
                return p & q;
            case '|':
                return p | q;
            case '^':
                return p ^ q;
            case '<<':
                return p << q;
            case '>>':
                return p >> q;
            case '>>>':
                return (p >>> q) | 0;
        }
    } else {
        const p = BigInt(a);
        const q = BigInt(b);
        const shift = q & 63n;
        switch (op) {
            case '&':
                return p & q;
            case '|':
                return p | q;
            case '^':
                return p ^ q;
            case '<<':
                return BigInt.asIntN(64, p << shift);
            case '>>':
                return p >> shift;
            case '>>>':
                return BigInt.asIntN(64, BigInt.asUintN(64, p) >> shift);
        }
    }
    throw new ApexUnsupported(`operator ${op}`);
}
