/**
 * JSON.serialize / serializePretty / deserializeUntyped for the values the package exchanges with Partner Center:
 * null, Boolean, String, Id, numbers, Decimal, Date, Datetime, List, Set, Map<String, ...> and SObjects
 * (Apex Reference, "JSON Class"). deserializeUntyped gives Map<String, Object>, List<Object>, String, Boolean,
 * Integer (or Long when larger) for integral numbers and Decimal otherwise. Typed JSON.deserialize into Apex
 * classes is not implemented here and fails loudly.
 */
import { randomBytes } from 'node:crypto';
import { ApexList, ApexMap, ApexSet } from '../collections/collections';
import { ApexBlob, ApexDate, ApexDatetime, ApexThrow, ApexUnsupported, Decimal } from '../core/values';
import { SObject } from '../data/sobject';
import type { NativeTypeSpec } from '../natives/registry-adapter';
import { RunSemantics } from '../interpreter/semantics';
import { T } from '../types/typeref';
import { renderDate } from './dates';
import { parseDecimal, renderDecimal } from './numbers';
import { statik } from './spec';

const KEYS = new RunSemantics({ callIfDeclared: () => ({ found: false }) });
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Apex writes Datetimes as '2026-11-24T10:00:00.000Z'. */
function datetimeJson(v: ApexDatetime): string {
    const d = new Date(v.epochMs);
    return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}Z`;
}

export function toPlain(v: unknown, suppressNulls = false): unknown {
    if (v === null || v === undefined) return null;
    if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return v;
    if (typeof v === 'bigint') return { __raw: v.toString() };
    if (v instanceof Decimal) return { __raw: renderDecimal(v) };
    if (v instanceof ApexDate) return renderDate(v);
    if (v instanceof ApexDatetime) return datetimeJson(v);
    if (v instanceof ApexBlob) return v.bytes.toString('base64');
    if (v instanceof ApexList) return v.items.map((x) => toPlain(x, suppressNulls));
    if (v instanceof ApexSet) return v.values().map((x) => toPlain(x, suppressNulls));
    if (v instanceof ApexMap) {
        const out: Record<string, unknown> = {};
        for (const [k, x] of v.entries()) {
            if (suppressNulls && (x === null || x === undefined)) continue;
            out[String(k)] = toPlain(x, suppressNulls);
        }
        return out;
    }
    if (v instanceof SObject) {
        const out: Record<string, unknown> = { attributes: { type: v.schema.name } };
        for (const [k, x] of v.populatedFields()) out[k] = toPlain(x, suppressNulls);
        return out;
    }
    throw new ApexUnsupported(`JSON.serialize of ${Object.prototype.toString.call(v)} (Apex objects)`);
}

/** JSON text with numbers written exactly (Decimal scale kept, Longs whole). */
function stringify(plain: unknown, pretty: boolean): string {
    const marker = `raw${randomBytes(8).toString('hex')}`;
    const text = JSON.stringify(
        plain,
        (_k, value: unknown) =>
            value && typeof value === 'object' && '__raw' in (value as object)
                ? `${marker}${(value as { __raw: string }).__raw}${marker}`
                : value,
        pretty ? 2 : undefined
    );
    return text.replace(new RegExp(`"${marker}([-0-9.eE+]*)${marker}"`, 'g'), '$1');
}

/** Parses JSON keeping integral numbers as Integer/Long and others as Decimal with their written scale. */
export function fromJsonText(text: string): unknown {
    let i = 0;
    const fail = (): never => {
        throw new ApexThrow('System.JSONException', `Unexpected character at input position ${i}`);
    };
    const ws = (): void => {
        while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
    };
    const value = (): unknown => {
        ws();
        const c = text[i];
        if (c === '{') {
            i++;
            const map = new ApexMap(T.String, T.Object);
            ws();
            if (text[i] === '}') return (i++, map);
            for (;;) {
                ws();
                if (text[i] !== '"') fail();
                const key = str();
                ws();
                if (text[i++] !== ':') fail();
                map.put(key, value(), KEYS);
                ws();
                if (text[i] === ',') i++;
                else if (text[i] === '}') return (i++, map);
                else fail();
            }
        }
        if (c === '[') {
            i++;
            const list = new ApexList(T.Object, []);
            ws();
            if (text[i] === ']') return (i++, list);
            for (;;) {
                list.items.push(value());
                ws();
                if (text[i] === ',') i++;
                else if (text[i] === ']') return (i++, list);
                else fail();
            }
        }
        if (c === '"') return str();
        if (text.startsWith('true', i)) return ((i += 4), true);
        if (text.startsWith('false', i)) return ((i += 5), false);
        if (text.startsWith('null', i)) return ((i += 4), null);
        const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
        if (!m) return fail();
        i += m[0].length;
        if (!m[1] && !m[2]) {
            const n = BigInt(m[0]);
            return n >= -2147483648n && n <= 2147483647n ? Number(n) : n;
        }
        return parseDecimal(m[0]);
    };
    const str = (): string => {
        const start = i;
        i++;
        while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
        if (i >= text.length) fail();
        i++;
        return JSON.parse(text.slice(start, i)) as string;
    };
    const result = value();
    ws();
    if (i !== text.length) fail();
    return result;
}

export const JSON_TYPE: NativeTypeSpec = {
    name: 'JSON',
    methods: [
        statik('serialize', ['Object'], 'String', (_, [v]) => stringify(toPlain(v), false)),
        statik('serialize', ['Object', 'Boolean'], 'String', (_, [v, suppress]) =>
            stringify(toPlain(v, suppress === true), false)
        ),
        statik('serializePretty', ['Object'], 'String', (_, [v]) => stringify(toPlain(v), true)),
        statik('deserializeUntyped', ['String'], 'Object', (_, [s]) => {
            if (s === null) throw new ApexThrow('System.NullPointerException', 'Attempt to de-reference a null object');
            return fromJsonText(String(s));
        })
    ]
};
