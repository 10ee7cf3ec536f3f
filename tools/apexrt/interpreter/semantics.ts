/**
 * Value semantics of a run: String.valueOf rendering, equality (`equals` for collections, `==` for the operator),
 * hashing for Set/Map keys, natural ordering. User classes' equals/hashCode/toString/compareTo are honoured through
 * the `user` callback. Primitive rendering is delegated to the stdlib when it provides a formatter.
 */
import { ApexList, ApexMap, ApexSet } from '../collections/collections';
import {
    CollectionSemantics,
    collectionsEqual,
    formatList,
    formatMap,
    formatSet,
    hashToInt
} from '../collections/methods';
import { ApexBlob, ApexDate, ApexDatetime, ApexTime, ApexUnsupported, Decimal } from '../core/values';
import { ApexObject, EnumValue, TypeValue } from './runtime-values';
import { typeToString } from '../types/typeref';
import { findField, findProp } from '../types/classes';

export interface UserMethodCaller {
    /** Calls a user-defined instance method if the object's class (or a superclass) declares it. */
    callIfDeclared(obj: ApexObject, name: string, args: unknown[]): { found: boolean; value?: unknown };
    /** Renders a primitive through the stdlib formatter, or undefined when the stdlib has none. */
    formatPrimitive?(v: unknown, typeName?: string): string | undefined;
    /** Equality and hash of values owned by a native library (e.g. SObjects); undefined when not owned. */
    nativeEquals?(a: unknown, b: unknown): boolean | undefined;
    nativeHash?(v: unknown): string | undefined;
}

/** Java's Double.toString for finite values (used when the stdlib provides no formatter). */
export function formatDouble(v: number): string {
    if (Number.isNaN(v)) return 'NaN';
    if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
    const abs = Math.abs(v);
    if (abs === 0 || (abs >= 1e-3 && abs < 1e7)) {
        const s = String(v);
        return s.includes('.') ? s : `${s}.0`;
    }
    const [mant, exp] = v.toExponential().split('e');
    return `${mant.includes('.') ? mant : `${mant}.0`}E${exp.replace('+', '')}`;
}

function pad(n: number, w = 2): string {
    return String(n).padStart(w, '0');
}

export class RunSemantics implements CollectionSemantics {
    /** Stable identity hashes for objects without hashCode(), per run. */
    private readonly identities = new WeakMap<object, number>();
    private identityCounter = 0;

    constructor(private readonly user: UserMethodCaller) {}

    private identityOf(o: object): number {
        let id = this.identities.get(o);
        if (id === undefined) {
            id = ++this.identityCounter;
            this.identities.set(o, id);
        }
        return id;
    }

    format(v: unknown, typeName?: string): string {
        if (v === null || v === undefined) return 'null';
        const viaStdlib = this.user.formatPrimitive?.(v, typeName);
        if (viaStdlib !== undefined) return viaStdlib;
        if (typeof v === 'string') return v;
        if (typeof v === 'boolean') return String(v);
        if (typeof v === 'bigint') return v.toString();
        if (typeof v === 'number') return typeName === 'Double' || !Number.isInteger(v) ? formatDouble(v) : String(v);
        // Decimal scale ("1.50", "3.0") and Datetime time zones are the stdlib's business; without its formatter we
        // would print something plausible but wrong, so fail loudly instead.
        if (v instanceof Decimal) throw new ApexUnsupported('String rendering of Decimal without the stdlib formatter');
        if (v instanceof ApexDate) return `${pad(v.year, 4)}-${pad(v.month)}-${pad(v.day)}`;
        if (v instanceof ApexDatetime)
            throw new ApexUnsupported('String rendering of Datetime without the stdlib formatter');
        if (v instanceof ApexTime) {
            const ms = v.msOfDay;
            return `${pad(Math.floor(ms / 3600000))}:${pad(Math.floor(ms / 60000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}Z`;
        }
        if (v instanceof ApexBlob) return `Blob[${v.bytes.length}]`;
        if (v instanceof ApexList) return formatList(v, this);
        if (v instanceof ApexSet) return formatSet(v, this);
        if (v instanceof ApexMap) return formatMap(v, this);
        if (v instanceof EnumValue) return v.name;
        if (v instanceof TypeValue) return typeToString(v.type);
        if (v instanceof ApexObject) {
            const custom = this.user.callIfDeclared(v, 'toString', []);
            if (custom.found) return this.format(custom.value);
            if (v.exception) return `${v.cls.fullName}: ${v.exception.message ?? 'null'}`;
            // Default rendering of a user object: Name:[field=value, ...] (seen in SE 226466's assertEquals message),
            // with the simple name also for an inner class [INFERRED: the common trigger-handler idiom
            // String.valueOf(this).substring(0, indexOf(':')) yields 'Inner' on the platform, not 'Outer.Inner'].

            const fields = [...v.fields.entries()].map(([key, val]) => {
                const info = findField(v.cls, key) ?? findProp(v.cls, key);
                return `${info?.name ?? key}=${this.format(val, info?.type.name)}`;
            });
            // A Test.createStub object is of a generated class named <Class>__sfdc_ApexStub [INFERRED from mocking
            // libraries that read the mocked type from String.valueOf(stub) and pass on real orgs].
            const name = v.stubProvider ? `${v.cls.name}__sfdc_ApexStub` : v.cls.name;
            return `${name}:[${fields.join(', ')}]`;
        }
        throw new ApexUnsupported(`String rendering of ${Object.prototype.toString.call(v)}`);
    }

    /** `equals` semantics (collections, Set/Map keys): Strings are case-sensitive. */
    equals(a: unknown, b: unknown): boolean {
        if (a === b) return true;
        if (a === null || b === null || a === undefined || b === undefined) return false;
        if (typeof a === 'number' && typeof b === 'number') return a === b;
        if (isNumber(a) && isNumber(b)) return toDecimal(a).equals(toDecimal(b));
        if (typeof a === 'string' || typeof b === 'string') return a === b;
        if (a instanceof ApexDate && b instanceof ApexDate) return a.toEpochDay() === b.toEpochDay();
        if (a instanceof ApexDatetime && b instanceof ApexDatetime) return a.epochMs === b.epochMs;
        if (a instanceof ApexTime && b instanceof ApexTime) return a.msOfDay === b.msOfDay;
        if (a instanceof ApexBlob && b instanceof ApexBlob) return a.bytes.equals(b.bytes);
        if (a instanceof EnumValue && b instanceof EnumValue) return a.cls === b.cls && a.name === b.name;
        if (a instanceof TypeValue && b instanceof TypeValue)
            return typeToString(a.type).toLowerCase() === typeToString(b.type).toLowerCase();
        if (a instanceof ApexObject) {
            const r = this.user.callIfDeclared(a, 'equals', [b]);
            if (r.found) return r.value === true;
            return false;
        }
        if (a instanceof ApexList || a instanceof ApexSet || a instanceof ApexMap) return collectionsEqual(a, b, this);
        return this.user.nativeEquals?.(a, b) ?? false;
    }

    /** The `==` operator: like equals, but Strings compare case-insensitively ([SE ==case], [DOC Operators]). */
    operatorEquals(a: unknown, b: unknown): boolean {
        if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
        return this.equals(a, b);
    }

    hash(v: unknown): string {
        if (v === null || v === undefined) return 'null';
        if (typeof v === 'string') return `s:${v}`;
        // Equal numbers of different types (1, 1L, 1.0) must hash alike; decimal.js renders like String(number).
        if (typeof v === 'number' || typeof v === 'bigint') return `n:${String(v)}`;
        if (v instanceof Decimal) return `n:${v.toString()}`;
        if (typeof v === 'boolean') return `b:${v}`;
        if (v instanceof ApexDate) return `d:${v.toEpochDay()}`;
        if (v instanceof ApexDatetime) return `dt:${v.epochMs}`;
        if (v instanceof ApexTime) return `t:${v.msOfDay}`;
        if (v instanceof ApexBlob) return `bl:${v.bytes.toString('base64')}`;
        if (v instanceof EnumValue) return `e:${v.cls.fullName}.${v.name}`;
        if (v instanceof TypeValue) return `ty:${typeToString(v.type).toLowerCase()}`;
        if (v instanceof ApexList) return `l:[${v.items.map((x) => this.hash(x)).join(',')}]`;
        if (v instanceof ApexSet)
            return `s:{${v
                .values()
                .map((x) => this.hash(x))
                .sort()
                .join(',')}}`;
        if (v instanceof ApexMap)
            return `m:{${v
                .entries()
                .map(([k, x]) => `${this.hash(k)}=${this.hash(x)}`)
                .sort()
                .join(',')}}`;
        if (v instanceof ApexObject) {
            const r = this.user.callIfDeclared(v, 'hashCode', []);
            if (r.found) return `h:${String(r.value)}`;
            return `o:${this.identityOf(v)}`;
        }
        const native = this.user.nativeHash?.(v);
        if (native !== undefined) return `nat:${native}`;
        return `x:${this.identityOf(v as object)}`;
    }

    hashCode(v: unknown): number {
        if (v instanceof ApexObject) {
            const r = this.user.callIfDeclared(v, 'hashCode', []);
            if (r.found) return r.value as number;
            return this.identityOf(v);
        }
        return hashToInt(this.hash(v));
    }

    /** Natural ordering for List.sort. [INFERRED] Strings sort by UTF-16 code units (Java compareTo); nulls first. */
    compare(a: unknown, b: unknown): number {
        if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1;
        if (b === null || b === undefined) return 1;
        if (isNumber(a) && isNumber(b)) return toDecimal(a).comparedTo(toDecimal(b));
        if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
        if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
        if (a instanceof ApexDate && b instanceof ApexDate) return a.toEpochDay() - b.toEpochDay();
        if (a instanceof ApexDatetime && b instanceof ApexDatetime) return a.epochMs - b.epochMs;
        if (a instanceof ApexTime && b instanceof ApexTime) return a.msOfDay - b.msOfDay;
        if (a instanceof EnumValue && b instanceof EnumValue) return a.ordinal - b.ordinal;
        if (a instanceof ApexObject) {
            const r = this.user.callIfDeclared(a, 'compareTo', [b]);
            if (r.found) return r.value as number;
        }
        throw new ApexUnsupported('List.sort on elements that are neither primitives nor Comparable');
    }
}

export function isNumber(v: unknown): v is number | bigint | Decimal {
    return typeof v === 'number' || typeof v === 'bigint' || v instanceof Decimal;
}

export function toDecimal(v: number | bigint | Decimal): Decimal {
    if (v instanceof Decimal) return v;
    return new Decimal(typeof v === 'bigint' ? v.toString() : v);
}
