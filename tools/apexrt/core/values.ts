/**
 * Runtime representation of Apex primitive values, shared by the interpreter, the standard library and the
 * data layer (SObject store, SOQL). Keep this file small: behaviour lives in tools/apexrt/stdlib.
 *
 *   Apex type        JS representation
 *   null             null
 *   Boolean          boolean
 *   Integer          number (always an int32; arithmetic wraps like Java int)
 *   Long             bigint (always an int64; arithmetic wraps like Java long)
 *   Double           number (the static type tells Integer and Double apart)
 *   Decimal          Decimal from decimal.js (keeps its scale: see ApexDecimal helpers in stdlib)
 *   String, Id       string (an Id value is always the 18-character form)
 *   Date             ApexDate
 *   Datetime         ApexDatetime (an instant, milliseconds since the epoch, GMT)
 *   Time             ApexTime
 *   Blob             ApexBlob
 */
import Decimal from 'decimal.js';

export { Decimal };

/** A calendar date without time zone. month is 1-12. */
export class ApexDate {
    constructor(
        readonly year: number,
        readonly month: number,
        readonly day: number
    ) {}

    /** Days since 1970-01-01 (proleptic Gregorian), for comparison and arithmetic. */
    toEpochDay(): number {
        return Math.floor(Date.UTC(this.year, this.month - 1, this.day) / 86_400_000);
    }

    static fromEpochDay(epochDay: number): ApexDate {
        const d = new Date(epochDay * 86_400_000);
        return new ApexDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
    }
}

/** An instant in time, held as milliseconds since 1970-01-01T00:00:00Z. */
export class ApexDatetime {
    constructor(readonly epochMs: number) {}
}

/** A time of day, held as milliseconds since midnight (0 .. 86_399_999). */
export class ApexTime {
    constructor(readonly msOfDay: number) {}
}

/** Binary data. */
export class ApexBlob {
    constructor(readonly bytes: Buffer) {}
}

export type ApexPrimitive =
    null | boolean | number | bigint | string | Decimal | ApexDate | ApexDatetime | ApexTime | ApexBlob;

/**
 * Thrown by native (TypeScript) code to raise an Apex exception, e.g.
 * `throw new ApexThrow('System.StringException', 'Invalid id: abc')`. The interpreter turns it into an instance of
 * the named Apex exception type, with the Apex stack of the calling statement.
 */
export class ApexThrow extends Error {
    constructor(
        readonly exceptionType: string,
        message: string,
        /** Native payload of the exception (e.g. DmlException's failed rows), read by its native methods. */
        readonly details?: unknown
    ) {
        super(message);
    }
}

/**
 * Thrown when the program uses something apexrt does not implement. Never caught by Apex code: a run that hits it
 * fails loudly, naming the construct (and, when the interpreter knows it, the file and line).
 */
export class ApexUnsupported extends Error {
    constructor(
        readonly construct: string,
        readonly where?: string
    ) {
        super(`not supported by apexrt: ${construct}${where ? ` (${where})` : ''}`);
    }
}
