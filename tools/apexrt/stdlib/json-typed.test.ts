/**
 * Typed JSON: the cases apexrt refuses on purpose (platform behaviour not documented → ApexUnsupported) and the
 * JSON writer. The documented behaviours are in the golden corpus (tools/apexrt/golden/json-typed).
 */
import { UnitCache } from '../loader/program';
import { nativeLibraryFromRegistry } from '../natives/registry-adapter';
import { executeAnonymous } from '../runner/execute';
import { STDLIB } from '.';
import { PlainObject, RawNumber, writeJson } from './json-writer';

const cache = new UnitCache();
const natives = nativeLibraryFromRegistry(STDLIB);

function run(src: string): string[] {
    const r = executeAnonymous(src, { cache, natives });
    if (r.exception) throw new Error(`unexpected ${r.exception.type}: ${r.exception.message}`);
    return r.debugLines;
}

const CLASSES = `
public class Plain { public Integer count; public String name; }
public abstract class Shape { public Integer sides; }
public class Square extends Shape { public Integer size; }
public interface Named { String name(); }
public enum Colour { RED, GREEN }
public class Guarded { public Integer value { get; set { value = v * 2; } } public Integer v; }
public class Computed { public Integer value { get { return 42; } } }
public class ReadOnly { public Integer value { get; } }
public class Initialised { public Integer value; { value = 7; } }
public class WithStatic { public static Integer total; public Integer value; }
public class WithTransient { transient Integer cache; public Integer value; }
public class WithFinal { public final Integer value = 1; }
public class Holder { public Shape shape; public Named named; }
public class Node { public Node next; }
public class Dates { public Date day; public Datetime at; public Id ref; public Blob data; }
`;

describe('typed JSON: undocumented cases fail loudly', () => {
    const unsupported: Array<[string, string, RegExp]> = [
        ['a string into an Integer field', `JSON.deserialize('{"count":"5"}', Plain.class);`, /a string into Integer/],
        ['an array into a String field', `JSON.deserialize('{"name":["a"]}', Plain.class);`, /an array into String/],
        ['a number into a String field', `JSON.deserialize('{"name":5}', Plain.class);`, /a number into String/],
        ['a fraction into an Integer field', `JSON.deserialize('{"count":2.5}', Plain.class);`, /2\.5 into Integer/],
        ['an Integer overflow', `JSON.deserialize('{"count":3000000000}', Plain.class);`, /3000000000 into Integer/],
        ['a scalar into a class', `JSON.deserialize('"x"', Plain.class);`, /a string into Plain/],
        ['an abstract class', `JSON.deserialize('{}', Shape.class);`, /abstract class Shape/],
        ['an interface', `JSON.deserialize('{}', Named.class);`, /interface Named/],
        ['an enum', `JSON.deserialize('"RED"', Colour.class);`, /enum Colour/],
        ['a property with a setter body', `JSON.deserialize('{"value":1}', Guarded.class);`, /accessor bodies/],
        ['a property without a setter', `JSON.deserialize('{"value":1}', ReadOnly.class);`, /without a setter/],
        ['an instance initialiser block', `JSON.deserialize('{}', Initialised.class);`, /initialiser block/],
        ['a static field named in the JSON', `JSON.deserialize('{"total":1}', WithStatic.class);`, /static member/],
        ['a transient field named in the JSON', `JSON.deserialize('{"cache":1}', WithTransient.class);`, /transient/],
        ['a final field named in the JSON', `JSON.deserialize('{"value":2}', WithFinal.class);`, /final member/],
        ['a key set twice', `JSON.deserialize('{"count":1,"COUNT":2}', Plain.class);`, /twice/],
        ['a Map not keyed by String', `JSON.deserialize('{"1":"a"}', Map<Integer, String>.class);`, /Map<String, X>/],
        ['an array into a Map', `JSON.deserialize('[]', Map<String, String>.class);`, /an array into Map/],
        ['a Date in another form', `JSON.deserialize('{"day":"11/24/2026"}', Dates.class);`, /into Date/],
        ['an impossible Date', `JSON.deserialize('{"day":"2026-02-30"}', Dates.class);`, /into Date/],
        ['a Datetime without a zone', `JSON.deserialize('{"at":"2026-11-24T10:00:00"}', Dates.class);`, /Datetime/],
        [
            'a Datetime with microseconds',
            `JSON.deserialize('{"at":"2026-11-24T10:00:00.123456Z"}', Dates.class);`,
            /Datetime/
        ],
        ['an invalid Id', `JSON.deserialize('{"ref":"not-an-id"}', Dates.class);`, /invalid Id/],
        ['a Blob that is not base64', `JSON.deserialize('{"data":"@@"}', Dates.class);`, /not base64/],
        ['a null JSON string', `JSON.deserialize(null, Plain.class);`, /null argument/],
        [
            'a subclass instance in a field typed as its parent',
            `Holder h = new Holder(); h.shape = new Square(); JSON.serialize(h);`,
            /Square held as Shape/
        ],
        ['inherited members', `JSON.serialize(new Square());`, /inherited from Shape/],
        ['a property with a getter body', `JSON.serialize(new Computed());`, /getter body/],
        ['an object that contains itself', `Node n = new Node(); n.next = n; JSON.serialize(n);`, /contains itself/],
        [
            'a list that contains itself',
            `List<Object> l = new List<Object>(); l.add(l); JSON.serialize(l);`,
            /contains itself/
        ],
        ['an enum value', `JSON.serialize(new List<Colour>{ Colour.RED });`, /the enum Colour/],
        ['an exception object', `JSON.serialize(new DmlException('x'));`, /exception/],
        ['a Map keyed by Decimal', `JSON.serialize(new Map<Decimal, String>{ 1.5 => 'a' });`, /Map keyed by/]
    ];
    it.each(unsupported)('%s', (_name, body, message) => {
        expect(() => run(CLASSES + body)).toThrow(/not supported by apexrt: JSON\.(de)?serialize/);
        expect(() => run(CLASSES + body)).toThrow(message);
    });
});

describe('typed JSON: documented behaviour through the interpreter', () => {
    it('sets members of the runtime class found by Type.forName, ignoring unknown keys', () => {
        expect(
            run(
                CLASSES +
                    `Plain p = (Plain) JSON.deserialize('{"Count":3,"other":{"x":[1]}}', Type.forName('Plain'));
                     System.debug(p.count); System.debug(p.name);`
            )
        ).toEqual(['3', 'null']);
    });

    it('raises JSONException for strict unknown keys, catchable as JSONException', () => {
        expect(
            run(
                CLASSES +
                    `try { JSON.deserializeStrict('{"count":1,"extra":2}', Plain.class); }
                     catch (JSONException e) { System.debug(e.getTypeName() + ': ' + e.getMessage()); }`
            )
        ).toEqual(['System.JSONException: Unknown field: Plain.extra']);
    });

    it('writes a Double field with Java Double.toString and leaves transient members out', () => {
        expect(
            run(
                `public class Measure { public Double ratio; public Double big; transient Double skip; }
                 Measure m = new Measure(); m.ratio = 1; m.big = 12345678.9; m.skip = 2;
                 System.debug(JSON.serialize(m));`
            )
        ).toEqual(['{"ratio":1.0,"big":1.23456789E7}']);
    });
});

describe('JSON writer', () => {
    const value = new PlainObject([
        ['b', new RawNumber('1.50')],
        ['1', [true, null, 'x']],
        ['empty', new PlainObject([])],
        ['none', []]
    ]);

    it('keeps key order (integer-like keys are not moved first) and exact number text', () => {
        expect(writeJson(value, false)).toBe('{"b":1.50,"1":[true,null,"x"],"empty":{},"none":[]}');
    });

    it('pretty-prints in Jackson layout', () => {
        expect(writeJson(value, true).split('\n')).toEqual([
            '{',
            '  "b" : 1.50,',
            '  "1" : [ true, null, "x" ],',
            '  "empty" : { },',
            '  "none" : [ ]',
            '}'
        ]);
    });
});
