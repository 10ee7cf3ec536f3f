/**
 * Typed JSON.deserialize(json, type) / JSON.deserializeStrict(json, type) (Apex Reference, "JSON Class";
 * docs/reference/apex-semantics.md §3.7). Facts used, with their sources:
 * - Keys match Apex field and property names case-insensitively, in deserialize and deserializeStrict alike
 *   (SE 406845); Map<String, X> keys keep their case.
 * - Keys with no matching member are ignored by deserialize (Apex classes, all API versions) [DOC JSON.deserialize];
 *   deserializeStrict throws `System.JSONException: Unknown field: Demo.first` (SE "deserializeStrict method: bug",
 *   reproduced on an org with an anonymous `class Demo { }`).
 * - Constructors are not run (SE 337877, observed behaviour); field initialisers are (SE 56653: `taxable = false`
 *   kept its default when JSON.deserialize was called from Apex).
 * - A JSON array where an object is expected → `Malformed JSON: Expected '{' at the beginning of object`
 *   (SE 178810); a JSON object where a List/Set is expected → `Malformed JSON: Expected '[' at the beginning of
 *   List/Set` (vendor support articles quoting the platform error); a JSON object where a primitive is expected →
 *   `Illegal value for primitive` (SE 389795, Copado release notes: an object-valued "fields" key). An array where
 *   a primitive is expected is not documented and fails loudly.
 * - JSON null gives null, also over a field initialiser [INFERRED: null is the JSON value's only Apex reading].
 * Everything else fails loudly: scalar type mismatches (a string into an Integer: the platform is known to convert
 * some of them, undocumented), numbers that do not fit, unusual Date/Datetime forms, SObjects, enums, abstract
 * classes and interfaces, properties with accessor bodies, instance initialiser blocks, Maps not keyed by String.
 */
import { ApexList, ApexMap, ApexSet } from '../collections/collections';
import { ApexBlob, ApexDate, ApexDatetime, ApexThrow, ApexUnsupported } from '../core/values';
import { apexTypeOfField, coerceFieldValue, SObject } from '../data';
import { toId } from '../data/ids';
import { hasModifier, type ClassInfo } from '../types/classes';
import { TypeRef, typeToString } from '../types/typeref';
import { JsonNode, parseJsonTree, untypedValue } from '../stdlib/json';
import { parseDecimal } from '../stdlib/numbers';
import { Frame } from './frame';
import type { Interpreter } from './interpreter';
import { ApexObject, TypeValue } from './runtime-values';

/** The synthetic class holding an anonymous block's members (loader/program.ts ANONYMOUS_CLASS). */
const ANONYMOUS_CLASS_NAME = 'AnonymousBlock';

const jsonError = (message: string): ApexThrow => new ApexThrow('System.JSONException', message);

/** The JSON kind of a node, for messages. */
function kindOf(n: JsonNode): string {
    return { obj: 'an object', arr: 'an array', str: 'a string', num: 'a number', bool: 'a boolean', null: 'null' }[
        n.k
    ];
}

/** A member a JSON key can set: a field or an automatic property. */
interface Settable {
    owner: ClassInfo;
    name: string;
    type: TypeRef;
    modifiers: string[];
    /** Why the member cannot be set (an accessor body, no setter). */
    blocker?: string;
}

export function deserializeTyped(ip: Interpreter, json: unknown, type: unknown, strict: boolean): unknown {
    if (json === null || type === null || !(type instanceof TypeValue))
        throw new ApexUnsupported('JSON.deserialize with a null argument');
    const text = String(json);
    let tree: JsonNode;
    try {
        tree = parseJsonTree(text);
    } catch (e) {
        if (e instanceof ApexThrow) checkOpeningToken(ip, text, type.type);
        throw e;
    }
    return new TypedReader(ip, strict).read(tree, type.type);
}

/**
 * For malformed text: the platform reads JSON as a stream, so a value of the wrong shape fails at its first token,
 * before the later syntax error. The shape messages are the documented ones (SE 178810); another first token is
 * unsupported (its message is not known).
 */
function checkOpeningToken(ip: Interpreter, text: string, t: TypeRef): void {
    const first = text.trimStart()[0];
    const name = t.name.toLowerCase();
    const opener =
        name === 'list' || name === 'set'
            ? '['
            : ip.registry.classOf(t)?.kind === 'class' || ip.registry.providers.sobjectType?.(t.name)
              ? '{'
              : undefined;
    if (!opener || first === undefined || first === opener) return;
    if (opener === '[' && first === '{') throw jsonError("Malformed JSON: Expected '[' at the beginning of List/Set");
    if (opener === '{' && first === '[') throw jsonError("Malformed JSON: Expected '{' at the beginning of object");
    throw new ApexUnsupported(`JSON.deserialize of malformed text starting with ${first} into ${typeToString(t)}`);
}

class TypedReader {
    constructor(
        private readonly ip: Interpreter,
        private readonly strict: boolean
    ) {}

    read(n: JsonNode, t: TypeRef): unknown {
        if (n.k === 'null') return null;
        switch (t.name.toLowerCase()) {
            case 'object':
                return untypedValue(n);
            case 'string':
                return this.scalar(n, t, 'str', (v) => v);
            case 'id':
                return this.scalar(n, t, 'str', (v) => this.id(v));
            case 'boolean':
                return this.scalar(n, t, 'bool', (v) => v);
            case 'integer':
                return this.scalar(n, t, 'num', (text) => this.integral(text, 32));
            case 'long':
                return this.scalar(n, t, 'num', (text) => this.integral(text, 64));
            case 'double':
                return this.scalar(n, t, 'num', (text) => Number(text));
            case 'decimal':
                // Decimal keeps the scale written in the JSON ([DOC JSON.deserialize] example '100.1').
                return this.scalar(n, t, 'num', (text) => parseDecimal(text));
            case 'date':
                return this.scalar(n, t, 'str', (v) => parseDate(v));
            case 'datetime':
                return this.scalar(n, t, 'str', (v) => parseDatetime(v));
            case 'blob':
                return this.scalar(n, t, 'str', (v) => parseBase64(v));
            case 'list':
            case 'set':
                return this.collection(n, t);
            case 'map':
                return this.map(n, t);
        }
        const cls = this.ip.registry.classOf(t);
        const sobjectType = cls ? undefined : this.ip.registry.providers.sobjectType?.(t.name);
        if (sobjectType && !t.args.length) return this.sobject(n, sobjectType);
        const native = cls ? undefined : this.ip.program.natives.fromJson?.(t.name, n, (x, xt) => this.read(x, xt));
        if (native) return native.value;
        if (!cls) throw new ApexUnsupported(`JSON.deserialize into ${typeToString(t)}`);
        return this.object(n, cls);
    }

    /**
     * An SObject from its JSON form (Apex Reference, "JSON Class": deserialize into an sObject type; the form
     * JSON.serialize writes: field names as keys, an optional "attributes" object with type and url). Field values
     * are read as the field's Apex type, read-only fields included (the record is data, not an assignment).
     * Parent relationship keys hold the related record (parentRecord); child-relationship keys, unknown keys and an
     * "attributes" type other than the target are not modelled (loud).
     */
    private sobject(n: JsonNode, typeName: string): SObject {
        if (n.k === 'arr') throw jsonError("Malformed JSON: Expected '{' at the beginning of object");
        if (n.k !== 'obj') throw new ApexUnsupported(`JSON.deserialize of ${kindOf(n)} into ${typeName}`);
        const record = this.ip.run.data.newSObject?.(typeName, [], this.ip.run);
        if (!(record instanceof SObject)) throw new ApexUnsupported(`JSON.deserialize into ${typeName}`);
        for (const [key, x] of n.entries) {
            if (key === 'attributes') {
                const type = x.k === 'obj' ? x.entries.find(([k]) => k === 'type')?.[1] : undefined;
                if (type && !(type.k === 'str' && type.v.toLowerCase() === record.schema.name.toLowerCase()))
                    throw new ApexUnsupported(`JSON.deserialize into ${typeName} of attributes naming another type`);
                continue;
            }
            const field = record.registry.getField(record.schema, key);
            const parentField = field ? undefined : record.registry.parentRelationship(record.schema, key);
            if (parentField) {
                record.putSObject(parentField.relationshipName!, this.parentRecord(x, parentField.referenceTo, key));
                continue;
            }
            if (!field || apexTypeOfField(field.type) === 'Object')
                throw new ApexUnsupported(`JSON.deserialize of the key ${key} into ${typeName}`);
            const value = this.read(x, { name: apexTypeOfField(field.type), args: [] });
            record.setRaw(field.name, coerceFieldValue(field, value));
        }
        return record;
    }

    /**
     * A parent relationship key (`"Account": {...}`, `"What": {...}`): the parent record, of the type its
     * "attributes" name, which must be one the lookup can point to; without attributes, the lookup's only target.
     * INFERRED: JSON.serialize writes a related record with its attributes, and a public project's test
     * (fflib-apex-mocks, polymorphic Task.What) reads the parent's fields back after the round trip on real orgs.
     * A polymorphic lookup without attributes is loud.
     */
    private parentRecord(n: JsonNode, targets: string[], key: string): SObject | null {
        if (n.k === 'null') return null;
        if (n.k !== 'obj') throw new ApexUnsupported(`JSON.deserialize of ${kindOf(n)} as the related record ${key}`);
        const attributes = n.entries.find(([k]) => k === 'attributes')?.[1];
        const named = attributes?.k === 'obj' ? attributes.entries.find(([k]) => k === 'type')?.[1] : undefined;
        const type =
            named?.k === 'str'
                ? targets.find((t) => t.toLowerCase() === named.v.toLowerCase())
                : targets.length === 1 && !named
                  ? targets[0]
                  : undefined;
        if (!type)
            throw new ApexUnsupported(`JSON.deserialize of the related record ${key} without a type it can have`);
        return this.sobject(n, type);
    }

    private scalar<K extends 'str' | 'num' | 'bool'>(
        n: JsonNode,
        t: TypeRef,
        kind: K,
        convert: (v: K extends 'num' ? string : K extends 'str' ? string : boolean) => unknown
    ): unknown {
        if (n.k === 'obj') throw jsonError('Illegal value for primitive');
        if (n.k !== kind) throw new ApexUnsupported(`JSON.deserialize of ${kindOf(n)} into ${typeToString(t)}`);
        const raw = n.k === 'num' ? n.text : n.k === 'str' || n.k === 'bool' ? n.v : null;
        return convert(raw as never);
    }

    private id(v: string): string {
        try {
            return toId(v);
        } catch (e) {
            if (e instanceof ApexThrow) throw new ApexUnsupported(`JSON.deserialize of the invalid Id '${v}'`);
            throw e;
        }
    }

    private integral(text: string, bits: 32 | 64): number | bigint {
        const n = /^-?\d+$/.test(text) ? BigInt(text) : undefined;
        const limit = bits === 32 ? 2n ** 31n : 2n ** 63n;
        if (n === undefined || n < -limit || n >= limit)
            throw new ApexUnsupported(`JSON.deserialize of ${text} into ${bits === 32 ? 'Integer' : 'Long'}`);
        return bits === 32 ? Number(n) : n;
    }

    private collection(n: JsonNode, t: TypeRef): unknown {
        const elem = t.args[0];
        if (!elem) throw new ApexUnsupported(`JSON.deserialize into ${typeToString(t)} without an element type`);
        if (n.k === 'obj') throw jsonError("Malformed JSON: Expected '[' at the beginning of List/Set");
        if (n.k !== 'arr') throw new ApexUnsupported(`JSON.deserialize of ${kindOf(n)} into ${typeToString(t)}`);
        const items = n.items.map((x) => this.read(x, elem));
        if (t.name.toLowerCase() === 'list') return new ApexList(elem, items);
        const set = new ApexSet(elem);
        for (const x of items) set.add(x, this.ip.sem);
        return set;
    }

    private map(n: JsonNode, t: TypeRef): unknown {
        const [key, value] = t.args;
        // [DOC JSON Support] Maps keyed by other types come back with String keys; apexrt does not model that.
        if (!key || !value || key.name !== 'String')
            throw new ApexUnsupported(`JSON.deserialize into ${typeToString(t)} (only Map<String, X>)`);
        if (n.k !== 'obj') throw new ApexUnsupported(`JSON.deserialize of ${kindOf(n)} into ${typeToString(t)}`);
        const map = new ApexMap(key, value);
        for (const [k, x] of n.entries) map.put(k, this.read(x, value), this.ip.sem);
        return map;
    }

    private object(n: JsonNode, cls: ClassInfo): ApexObject {
        if (cls.kind !== 'class' || hasModifier(cls, 'abstract'))
            throw new ApexUnsupported(
                `JSON.deserialize into the ${cls.kind === 'class' ? 'abstract class' : cls.kind} ${cls.fullName}`
            );
        if (cls.isException) throw new ApexUnsupported(`JSON.deserialize into the exception ${cls.fullName}`);
        if (n.k === 'arr') throw jsonError("Malformed JSON: Expected '{' at the beginning of object");
        if (n.k !== 'obj') throw new ApexUnsupported(`JSON.deserialize of ${kindOf(n)} into ${cls.fullName}`);
        const members = settableMembers(cls);
        const obj = this.newInstance(cls);
        const seen = new Set<string>();
        for (const [key, x] of n.entries) {
            const m = members.get(key.toLowerCase());
            if (!m) {
                if (this.strict) throw jsonError(`Unknown field: ${messageName(cls)}.${key}`);
                continue;
            }
            const where = `${m.owner.fullName}.${m.name}`;
            if (m.blocker) throw new ApexUnsupported(`JSON.deserialize into ${where}, ${m.blocker}`);
            for (const mod of ['static', 'transient', 'final'])
                if (m.modifiers.includes(mod))
                    throw new ApexUnsupported(`JSON.deserialize into the ${mod} member ${where}`);
            if (seen.has(m.name.toLowerCase()))
                throw new ApexUnsupported(`JSON.deserialize of a JSON object that sets ${where} twice`);
            seen.add(m.name.toLowerCase());
            obj.fields.set(m.name.toLowerCase(), this.read(x, m.type));
        }
        return obj;
    }

    /** An instance with its field initialisers run (superclass first) and no constructor (see the header). */
    private newInstance(cls: ClassInfo): ApexObject {
        const chain: ClassInfo[] = [];
        for (let c: ClassInfo | undefined = cls; c && !c.builtin; c = c.superclass) chain.unshift(c);
        for (const c of chain) {
            if (c.decl?.members.some((m) => m.k === 'init' && !m.isStatic))
                throw new ApexUnsupported(
                    `JSON.deserialize into ${cls.fullName}: ${c.fullName} has an instance initialiser block`
                );
        }
        const calls = this.ip.calls;
        calls.ensureStaticInit(cls);
        const obj = new ApexObject(cls);
        for (const c of chain) {
            for (const f of c.fields.values()) if (!f.isStatic) obj.fields.set(f.name.toLowerCase(), null);
            for (const p of c.props.values()) if (!p.isStatic) obj.fields.set(p.name.toLowerCase(), null);
        }
        for (const c of chain) {
            const frame = new Frame(c, obj, calls.whereOf(c, '<init>'), c.file, false);
            calls.withFrame(frame, () => calls.runInstanceInitializers(c, obj, frame));
        }
        return obj;
    }
}

/** Fields and properties a JSON key can name, by lower-case name; the nearest declaration wins. */
function settableMembers(cls: ClassInfo): Map<string, Settable> {
    const out = new Map<string, Settable>();
    for (let c: ClassInfo | undefined = cls; c && !c.builtin; c = c.superclass) {
        for (const m of c.decl?.members ?? []) {
            if (m.k === 'field') {
                for (const d of m.decls) {
                    const f = c.fields.get(d.name.toLowerCase());
                    if (f && !out.has(d.name.toLowerCase()))
                        out.set(d.name.toLowerCase(), { owner: c, name: f.name, type: f.type, modifiers: m.modifiers });
                }
            } else if (m.k === 'prop' && !out.has(m.name.toLowerCase())) {
                const p = c.props.get(m.name.toLowerCase());
                if (!p) continue;
                const blocker = !m.setter
                    ? 'a property without a setter'
                    : m.setter.body || m.getter?.body
                      ? 'a property with accessor bodies'
                      : undefined;
                out.set(m.name.toLowerCase(), {
                    owner: c,
                    name: p.name,
                    type: p.type,
                    modifiers: m.modifiers,
                    blocker
                });
            }
        }
    }
    return out;
}

/**
 * The class name in JSONException messages: the SE reproduction declared `class Demo` in anonymous Apex and got
 * `Unknown field: Demo.first`, so classes of an anonymous block are named without apexrt's synthetic outer class.
 */
function messageName(cls: ClassInfo): string {
    const prefix = `${ANONYMOUS_CLASS_NAME}.`;
    return cls.fullName.startsWith(prefix) ? cls.fullName.slice(prefix.length) : cls.fullName;
}

/** 'YYYY-MM-DD', the form JSON.serialize writes. Other forms fail loudly (the platform's parser is not documented). */
function parseDate(v: string): ApexDate {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    const d = m && new ApexDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (!d || ApexDate.fromEpochDay(d.toEpochDay()).day !== d.day)
        throw new ApexUnsupported(`JSON.deserialize of '${v}' into Date`);
    return d;
}

/**
 * ISO 8601 with seconds, up to 3 fractional digits and 'Z' or an offset: the form JSON.serialize writes
 * ('2026-11-24T10:00:00.000Z'). More fractional digits parse differently by API version (docs/reference/apex-semantics.md §3.7) and
 * other forms are not documented: both fail loudly.
 */
function parseDatetime(v: string): ApexDatetime {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/.exec(v);
    const ms = m ? Date.parse(v) : NaN;
    if (!m || Number.isNaN(ms)) throw new ApexUnsupported(`JSON.deserialize of '${v}' into Datetime`);
    return new ApexDatetime(ms);
}

/** A Blob is written as base64 ([DOC JSON Support]); anything that is not strict base64 fails loudly. */
function parseBase64(v: string): ApexBlob {
    if (v.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(v))
        throw new ApexUnsupported(`JSON.deserialize of '${v}' into Blob (not base64)`);
    return new ApexBlob(Buffer.from(v, 'base64'));
}
