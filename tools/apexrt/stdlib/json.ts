/**
 * JSON.serialize / serializePretty / deserializeUntyped (Apex Reference, "JSON Class"; Apex Developer Guide,
 * "JSON Support"): null, Boolean, String, Id, numbers, Decimal, Date, Datetime, Blob, List, Set, Map<String, ...>,
 * SObjects and instances of project classes (json-objects.ts). deserializeUntyped gives Map<String, Object>,
 * List<Object>, String, Boolean, Integer (or Long when larger) for integral numbers and Decimal otherwise.
 * Typed JSON.deserialize / deserializeStrict need the interpreter (classes, field initialisers): they are answered
 * by interpreter/json-typed.ts through SystemApi; the registry entries here only give their static types.
 */
import { ApexList, ApexMap, ApexSet } from '../collections/collections';
import { ApexBlob, ApexDate, ApexDatetime, ApexThrow, ApexUnsupported, Decimal } from '../core/values';
import { SObject } from '../data/sobject';
import type { NativeTypeSpec } from '../natives/registry-adapter';
import { ApexObject, EnumValue } from '../interpreter/runtime-values';
import { formatDouble, RunSemantics } from '../interpreter/semantics';
import { T, TypeRef } from '../types/typeref';
import { renderDate } from './dates';
import { apexObjectToPlain } from './json-objects';
import { Plain, PlainObject, RawNumber, writeJson } from './json-writer';
import { parseDecimal, renderDecimal } from './numbers';
import { statik } from './spec';

const KEYS = new RunSemantics({ callIfDeclared: () => ({ found: false }) });
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Apex writes Datetimes as '2026-11-24T10:00:00.000Z'. */
export function datetimeJson(v: ApexDatetime): string {
    const d = new Date(v.epochMs);
    return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}Z`;
}

/** Serialization state: null suppression and the objects on the current path (self-references). */
export interface SerializeState {
    suppressNulls: boolean;
    path: Set<unknown>;
}

/**
 * The JSON shape of an Apex value. `declared` is the static type of the slot holding it (a field's or a
 * collection's element type) when known: it tells a Double from an Integer, and a subtype instance in a slot
 * declared as its parent type.
 */
export function toPlain(v: unknown, state: SerializeState, declared?: TypeRef): Plain {
    if (v === null || v === undefined) return null;
    if (typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number') {
        if (!Number.isFinite(v)) throw new ApexUnsupported(`JSON.serialize of the Double ${v}`);
        // Jackson writes a Double with Java's Double.toString ("1.0", "1.0E7"), like String.valueOf [INFERRED].
        return new RawNumber(declared?.name === 'Double' ? formatDouble(v) : String(v));
    }
    if (typeof v === 'bigint') return new RawNumber(v.toString());
    if (v instanceof Decimal) return new RawNumber(renderDecimal(v));
    if (v instanceof ApexDate) return renderDate(v);
    if (v instanceof ApexDatetime) return datetimeJson(v);
    if (v instanceof ApexBlob) return v.bytes.toString('base64');
    if (v instanceof ApexList) return nested(v, state, () => v.items.map((x) => toPlain(x, state, v.elemType)));
    if (v instanceof ApexSet) return nested(v, state, () => v.values().map((x) => toPlain(x, state, v.elemType)));
    if (v instanceof ApexMap) {
        return nested(v, state, () => {
            const out: Array<[string, Plain]> = [];
            for (const [k, x] of v.entries()) {
                if (state.suppressNulls && (x === null || x === undefined)) continue;
                out.push([mapKey(k), toPlain(x, state, v.valueType)]);
            }
            return new PlainObject(out);
        });
    }
    if (v instanceof SObject) {
        const out: Array<[string, Plain]> = [['attributes', new PlainObject([['type', v.schema.name]])]];
        for (const [k, x] of v.wholeRecordFields()) out.push([k, toPlain(x, state)]);
        return new PlainObject(out);
    }
    if (v instanceof ApexObject) return nested(v, state, () => apexObjectToPlain(v, state, declared, toPlain));
    // Enums, Time, Type and other values: how the platform writes them is not documented here.
    // A native value the platform refuses to serialize throws the exception it names (schema-tokens.ts).
    const refusal = (v as { jsonSerializeError?: () => Error }).jsonSerializeError;
    if (typeof refusal === 'function') throw refusal.call(v);
    const named = (v as { typeName?: unknown }).typeName;
    const what =
        v instanceof EnumValue
            ? `the enum ${v.cls.fullName}`
            : typeof named === 'string'
              ? named
              : (v as object).constructor?.name;
    throw new ApexUnsupported(`JSON.serialize of ${what ?? typeof v}`);
}

/**
 * [DOC JSON Support] an object that references itself is not serialized: the platform throws a JSONException,
 * whose message apexrt does not know, so it fails loudly.
 */
function nested(v: unknown, state: SerializeState, build: () => Plain): Plain {
    if (state.path.has(v)) throw new ApexUnsupported('JSON.serialize of a value that contains itself');
    state.path.add(v);
    try {
        return build();
    } finally {
        state.path.delete(v);
    }
}

/** [DOC JSON Support] Map keys must be primitives (String, Id, Boolean, numbers, Date, Datetime, Blob ...). */
function mapKey(k: unknown): string {
    if (typeof k === 'string' || typeof k === 'boolean' || typeof k === 'bigint') return String(k);
    if (typeof k === 'number' && Number.isInteger(k)) return String(k);
    if (k === null) throw new ApexUnsupported('JSON.serialize of a Map with a null key');
    // A native key that knows how the platform writes it (data-bridge/schema-tokens.ts: SObjectField tokens).
    const named = (k as { jsonMapKey?: () => string }).jsonMapKey;
    if (typeof named === 'function') return named.call(k);
    throw new ApexUnsupported(`JSON.serialize of a Map keyed by ${Object.prototype.toString.call(k)}`);
}

export function serializeValue(v: unknown, suppressNulls: boolean, pretty: boolean): string {
    return writeJson(toPlain(v, { suppressNulls, path: new Set() }), pretty);
}

/** A parsed JSON value that keeps what typed deserialization needs: key order and each number's written text. */
export type JsonNode =
    | { k: 'obj'; entries: Array<[string, JsonNode]> }
    | { k: 'arr'; items: JsonNode[] }
    | { k: 'str'; v: string }
    | { k: 'num'; text: string }
    | { k: 'bool'; v: boolean }
    | { k: 'null' };

/** Parses JSON text; malformed text → System.JSONException. */
export function parseJsonTree(text: string): JsonNode {
    let i = 0;
    /** Containers open at the current position ('OBJECT' / 'ARRAY'), for the end-of-input message. */
    const open: string[] = [];
    const fail = (): never => {
        // Text that ends inside an object or array: the platform's parser (Jackson, see serialize above) says
        // "Unexpected end-of-input: expected close marker for OBJECT" (apex-recipes' ApiServiceRecipes tests find
        // 'Unexpected end-of-input' in the JSONException message on orgs; the rest of the wording is INFERRED).
        if (i >= text.length && open.length)
            throw new ApexThrow(
                'System.JSONException',
                `Unexpected end-of-input: expected close marker for ${open[open.length - 1]}`
            );
        throw new ApexThrow('System.JSONException', `Unexpected character at input position ${i}`);
    };
    const ws = (): void => {
        while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
    };
    const str = (): string => {
        const start = i;
        i++;
        while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
        if (i >= text.length) fail();
        i++;
        return JSON.parse(text.slice(start, i)) as string;
    };
    const value = (): JsonNode => {
        ws();
        const c = text[i];
        if (c === '{') {
            i++;
            open.push('OBJECT');
            const entries: Array<[string, JsonNode]> = [];
            ws();
            if (text[i] === '}') return (i++, open.pop(), { k: 'obj', entries });
            for (;;) {
                ws();
                if (text[i] !== '"') fail();
                const key = str();
                ws();
                if (text[i++] !== ':') fail();
                entries.push([key, value()]);
                ws();
                if (text[i] === ',') i++;
                else if (text[i] === '}') return (i++, open.pop(), { k: 'obj', entries });
                else fail();
            }
        }
        if (c === '[') {
            i++;
            open.push('ARRAY');
            const items: JsonNode[] = [];
            ws();
            if (text[i] === ']') return (i++, open.pop(), { k: 'arr', items });
            for (;;) {
                items.push(value());
                ws();
                if (text[i] === ',') i++;
                else if (text[i] === ']') return (i++, open.pop(), { k: 'arr', items });
                else fail();
            }
        }
        if (c === '"') return { k: 'str', v: str() };
        if (text.startsWith('true', i)) return ((i += 4), { k: 'bool', v: true });
        if (text.startsWith('false', i)) return ((i += 5), { k: 'bool', v: false });
        if (text.startsWith('null', i)) return ((i += 4), { k: 'null' });
        const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
        if (!m) return fail();
        i += m[0].length;
        return { k: 'num', text: m[0] };
    };
    const result = value();
    ws();
    if (i !== text.length) fail();
    return result;
}

/** A JSON number as deserializeUntyped gives it: Integer, Long when larger, Decimal (written scale) otherwise. */
export function untypedNumber(text: string): number | bigint | Decimal {
    if (/^-?\d+$/.test(text)) {
        const n = BigInt(text);
        return n >= -2147483648n && n <= 2147483647n ? Number(n) : n;
    }
    return parseDecimal(text);
}

/** The value deserializeUntyped gives for a parsed node (Map keys keep their case: SE 406845). */
export function untypedValue(n: JsonNode): unknown {
    switch (n.k) {
        case 'obj': {
            const map = new ApexMap(T.String, T.Object);
            for (const [key, x] of n.entries) map.put(key, untypedValue(x), KEYS);
            return map;
        }
        case 'arr':
            return new ApexList(T.Object, n.items.map(untypedValue));
        case 'str':
        case 'bool':
            return n.v;
        case 'num':
            return untypedNumber(n.text);
        case 'null':
            return null;
    }
}

/** Parses JSON keeping integral numbers as Integer/Long and others as Decimal with their written scale. */
export function fromJsonText(text: string): unknown {
    return untypedValue(parseJsonTree(text));
}

function typedOnlyThroughInterpreter(): never {
    throw new ApexUnsupported('JSON.deserialize without the interpreter (SystemApi answers it)');
}

export const JSON_TYPE: NativeTypeSpec = {
    name: 'JSON',
    methods: [
        statik('serialize', ['Object'], 'String', (_, [v]) => serializeValue(v, false, false)),
        statik('serialize', ['Object', 'Boolean'], 'String', (_, [v, suppress]) =>
            serializeValue(v, suppress === true, false)
        ),
        statik('serializePretty', ['Object'], 'String', (_, [v]) => serializeValue(v, false, true)),
        statik('serializePretty', ['Object', 'Boolean'], 'String', (_, [v, suppress]) =>
            serializeValue(v, suppress === true, true)
        ),
        statik('deserializeUntyped', ['String'], 'Object', (_, [s]) => {
            if (s === null) throw new ApexThrow('System.NullPointerException', 'Attempt to de-reference a null object');
            return fromJsonText(String(s));
        }),
        statik('deserialize', ['String', 'Type'], 'Object', typedOnlyThroughInterpreter),
        statik('deserializeStrict', ['String', 'Type'], 'Object', typedOnlyThroughInterpreter)
    ]
};
