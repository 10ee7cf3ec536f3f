import { ApexUnsupported } from '../core/values';
import { UnitCache } from '../loader/program';
import { executeAnonymous } from '../runner/execute';
import { ApexCompileError } from '../types/registry';

const cache = new UnitCache();

function debug(src: string): string[] {
    const r = executeAnonymous(src, { cache });
    if (r.exception) throw new Error(`unexpected ${r.exception.type}: ${r.exception.message}`);
    return r.debugLines;
}

function exceptionOf(src: string): { type: string; message: string | null; stackTrace: string; line: number } {
    const r = executeAnonymous(src, { cache });
    if (!r.exception) throw new Error('expected an exception');
    return r.exception;
}

describe('interpreter: numbers', () => {
    it('Integer arithmetic wraps at 32 bits and division truncates toward zero', () => {
        expect(
            debug(
                'System.debug(2147483647 + 1); System.debug(-7 / 2); System.debug(7 / 2); System.debug(-2147483648 / -1);'
            )
        ).toEqual(['-2147483648', '-3', '3', '-2147483648']);
    });

    it('Long arithmetic is 64-bit and Integer widens to Long', () => {
        expect(
            debug(
                'Long a = 2147483647L + 1; System.debug(a); Long m = 9223372036854775807L; System.debug(m + 1); Integer i = 3; Long w = i; System.debug(w * 2);'
            )
        ).toEqual(['2147483648', '-9223372036854775808', '6']);
    });

    it('computes in the operand type before assignment widening', () => {
        expect(debug('Long x = 365 * 24 * 60 * 60 * 1000; System.debug(x);')).toEqual(['1471228928']);
    });

    it('Double keeps its type through variables (5.0) and widens Integer operands', () => {
        expect(
            debug('Double d = 5; System.debug(d); System.debug(d / 2); Integer i = 1; System.debug(i + d);')
        ).toEqual(['5.0', '2.5', '6.0']);
        expect(debug('Double pi = 3.14; System.debug(pi * 2); Double big = 12345678; System.debug(big);')).toEqual([
            '6.28',
            '1.2345678E7'
        ]);
    });

    it('division by zero throws System.MathException: Divide by 0', () => {
        const ex = exceptionOf('Integer a = 1;\nInteger b = 0;\nInteger c = a / b;');
        expect(ex).toMatchObject({ type: 'System.MathException', message: 'Divide by 0', line: 3 });
        expect(ex.stackTrace).toBe('AnonymousBlock: line 3, column 1');
        expect(exceptionOf('Long z = 5L / 0L;').type).toBe('System.MathException');
    });

    it('increments, compound assignment and unary minus keep the variable type', () => {
        expect(
            debug(
                'Integer i = 2147483647; i++; System.debug(i); Integer j = 5; j -= 7; System.debug(-j); Double d = 1; d += 1; System.debug(d);'
            )
        ).toEqual(['-2147483648', '2', '2.0']);
    });
});

describe('interpreter: strings and equality', () => {
    it('concatenates null as "null" and compares strings case-insensitively with ==', () => {
        expect(
            debug(
                "String n; System.debug('x' + n); System.debug('abc' == 'ABC'); System.debug('abc'.equals('ABC')); System.debug('a' != 'A'); System.debug(1 + 2 + 'a');"
            )
        ).toEqual(['xnull', 'true', 'false', 'false', '3a']);
    });

    it('=== is reference equality for objects', () => {
        expect(
            debug(
                'List<Integer> a = new List<Integer>{1}; List<Integer> b = new List<Integer>{1}; System.debug(a == b); System.debug(a === b); System.debug(a === a);'
            )
        ).toEqual(['true', 'false', 'true']);
    });
});

describe('interpreter: collections', () => {
    it('Map and Set String keys are case-sensitive; toString formats follow Apex', () => {
        expect(
            debug(
                "Map<String, Integer> m = new Map<String, Integer>{'a' => 1}; m.put('A', 2); System.debug(m); System.debug(m.get('a')); System.debug(m.containsKey('b')); Set<String> s = new Set<String>{'x', 'X', 'x'}; System.debug(s.size()); System.debug(s);"
            )
        ).toEqual(['{a=1, A=2}', '1', 'false', '2', '{x, X}']);
    });

    it('List methods, arrays and iteration', () => {
        expect(
            debug(
                "List<Integer> l = new List<Integer>{3, 1, 2}; l.add(0, 9); l.sort(); System.debug(l); System.debug(l.indexOf(3)); System.debug(l.remove(0)); String[] arr = new String[2]; arr[1] = 'b'; System.debug(arr); Integer sum = 0; for (Integer v : l) { sum += v; } System.debug(sum); System.debug(l.contains(9));"
            )
        ).toEqual(['(1, 2, 3, 9)', '2', '1', '(null, b)', '14', 'true']);
    });

    it('converts added elements to the declared element type', () => {
        expect(
            debug(
                'List<Long> l = new List<Long>(); l.add(1); Long x = l[0] + 9223372036854775806L; System.debug(x); List<Double> d = new List<Double>(); d.add(2); System.debug(d);'
            )
        ).toEqual(['9223372036854775807', '(2.0)']);
    });

    it('list index out of bounds throws System.ListException', () => {
        expect(exceptionOf('List<Integer> l = new List<Integer>(); Integer x = l[2];')).toMatchObject({
            type: 'System.ListException',
            message: 'List index out of bounds: 2'
        });
        expect(exceptionOf('List<Integer> l = new List<Integer>{1}; l.get(5);')).toMatchObject({
            message: 'List index out of bounds: 5'
        });
    });

    it('honours user equals/hashCode in Set and Map keys', () => {
        const src = `
            public class Pt {
                Integer x;
                public Pt(Integer x) { this.x = x; }
                public Boolean equals(Object o) { return o instanceof Pt && ((Pt) o).x == x; }
                public Integer hashCode() { return x; }
            }
            Set<Pt> s = new Set<Pt>{ new Pt(1), new Pt(1), new Pt(2) };
            System.debug(s.size());
            Map<Pt, String> m = new Map<Pt, String>();
            m.put(new Pt(7), 'seven');
            System.debug(m.get(new Pt(7)));
            System.debug(new Pt(3) == new Pt(3));`;
        expect(debug(src)).toEqual(['2', 'seven', 'true']);
    });
});

describe('interpreter: classes', () => {
    it('runs constructors with this()/super() chaining and initialisers in order', () => {
        const src = `
            public virtual class Base {
                protected List<String> log = new List<String>{'base field'};
                public Base() { log.add('base ctor'); }
                public Base(String s) { this(); log.add('base ' + s); }
                public virtual String name() { return 'base'; }
            }
            public class Child extends Base {
                String f = 'child field';
                { log.add('child init'); }
                public Child() { super('arg'); log.add('child ctor ' + f); }
                public override String name() { return 'child/' + super.name(); }
                public List<String> getLog() { return log; }
            }
            Child c = new Child();
            System.debug(c.getLog());
            Base b = c;
            System.debug(b.name());`;
        expect(debug(src)).toEqual([
            '(base field, base ctor, base arg, child init, child ctor child field)',
            'child/base'
        ]);
    });

    it('supports interfaces, abstract classes and instanceof/casts with TypeException on bad casts', () => {
        const src = `
            public interface Shape { Integer area(); }
            public abstract class Named { public abstract String label(); public String describe() { return label() + '!'; } }
            public class Sq extends Named implements Shape { public Integer area() { return 4; } public override String label() { return 'sq'; } }
            Shape s = new Sq();
            System.debug(s.area());
            System.debug(((Named) s).describe());
            Object o = s;
            System.debug(o instanceof Shape);
            System.debug(o instanceof String);
            String bad = (String) o;`;
        const r = executeAnonymous(src, { cache });
        expect(r.debugLines).toEqual(['4', 'sq!', 'true', 'false']);
        expect(r.exception).toMatchObject({
            type: 'System.TypeException',
            message: 'Invalid conversion from runtime type Sq to String'
        });
    });

    it('properties with accessors, auto-properties and static initialisation once per run', () => {
        const src = `
            public class Counter {
                public static Integer created = init();
                static Integer init() { System.debug('static init'); return 0; }
                public Integer value { get; private set; }
                public Integer doubled { get { return value * 2; } }
                public String name { get { return name == null ? 'unnamed' : name; } set { name = value + '!'; } }
                public Counter(Integer v) { value = v; created++; }
            }
            Counter a = new Counter(2);
            Counter b = new Counter(5);
            System.debug(a.doubled + b.doubled);
            System.debug(Counter.created);
            System.debug(a.name);
            a.name = 'x';
            System.debug(a.name);`;
        expect(debug(src)).toEqual(['static init', '14', '2', 'unnamed', 'x!']);
    });

    it('enums: values(), name(), ordinal(), switch on', () => {
        const src = `
            public enum Season { WINTER, SPRING, SUMMER }
            for (Season s : Season.values()) {
                switch on s {
                    when WINTER { System.debug('cold ' + s.ordinal()); }
                    when SPRING, SUMMER { System.debug(s.name()); }
                }
            }
            Integer n = 3;
            switch on n { when 1 { System.debug('one'); } when else { System.debug('other'); } }
            String str = 'b';
            switch on str { when 'a' { System.debug('A'); } when 'b' { System.debug('B'); } }`;
        expect(debug(src)).toEqual(['cold 0', 'SPRING', 'SUMMER', 'other', 'B']);
    });

    it('control flow: loops with break/continue, do-while, ternary, safe navigation, ??', () => {
        const src = `
            Integer i = 0;
            while (true) { i++; if (i < 3) continue; break; }
            System.debug(i);
            do { i--; } while (i > 0);
            System.debug(i);
            for (Integer k = 0, m = 10; k < m; k += 4) System.debug(k);
            String s;
            System.debug(s?.length());
            System.debug(s ?? 'fallback');
            System.debug(i == 0 ? 'zero' : 'nonzero');`;
        expect(debug(src)).toEqual(['3', '0', '0', '4', '8', 'null', 'fallback', 'zero']);
    });
});

describe('interpreter: exceptions', () => {
    it('custom exceptions get the standard constructors and methods; try/catch/finally', () => {
        const src = `
            public class SyncException extends Exception {}
            try {
                throw new SyncException('outer', new SyncException('inner'));
            } catch (SyncException e) {
                System.debug(e.getMessage() + '|' + e.getCause().getMessage() + '|' + e.getTypeName());
            } finally {
                System.debug('finally');
            }
            try {
                Integer x = null;
                x++;
            } catch (NullPointerException e) {
                System.debug(e.getTypeName() + ': ' + e.getMessage());
            }
            try {
                throw new SyncException();
            } catch (Exception e) {
                System.debug(e.getMessage());
            }`;
        expect(debug(src)).toEqual([
            'outer|inner|SyncException',
            'finally',
            'System.NullPointerException: Attempt to de-reference a null object',
            'null'
        ]);
    });

    it('uncaught exceptions carry the Apex stack, innermost first', () => {
        const src = 'void a() {\n    b();\n}\nvoid b() {\n    String s;\n    s.equals(null);\n}\na();';
        const ex = exceptionOf(src);
        expect(ex).toMatchObject({
            type: 'System.NullPointerException',
            message: 'Attempt to de-reference a null object',
            line: 6
        });
        expect(ex.stackTrace.split('\n')).toEqual([
            'AnonymousBlock: line 6, column 1',
            'AnonymousBlock: line 2, column 1',
            'AnonymousBlock: line 8, column 1'
        ]);
    });

    it('assertion failures cannot be caught and use the platform messages', () => {
        expect(
            exceptionOf("try { System.assertEquals(1, 2); } catch (Exception e) { System.debug('caught'); }")
        ).toMatchObject({
            type: 'System.AssertException',
            message: 'Assertion Failed: Expected: 1, Actual: 2'
        });
        expect(exceptionOf("System.assertEquals('a', 'b', 'names differ');").message).toBe(
            'Assertion Failed: names differ: Expected: a, Actual: b'
        );
        expect(exceptionOf('System.assert(false);').message).toBe('Assertion Failed');
        expect(exceptionOf("Assert.isTrue(false, 'must hold');").message).toBe('Assertion Failed: must hold');
        expect(exceptionOf('System.assertNotEquals(3, 3);').message).toBe('Assertion Failed: Same value: 3');
        expect(debug("Assert.isInstanceOfType(5, Integer.class); Assert.isNull(null); System.debug('ok');")).toEqual([
            'ok'
        ]);
    });
});

describe('interpreter: Type and unsupported constructs', () => {
    it('classes implementing standard interfaces are instances of them', () => {
        const src = `
            public class ByLength implements Comparable {
                public Integer len;
                public ByLength(Integer l) { len = l; }
                public Integer compareTo(Object o) { return len - ((ByLength) o).len; }
            }
            List<ByLength> l = new List<ByLength>{ new ByLength(3), new ByLength(1), new ByLength(2) };
            l.sort();
            System.debug(l[0].len + ',' + l[2].len);
            Comparable c = l[0];
            Object o = c;
            System.debug(o instanceof Comparable);
            System.debug(o instanceof Queueable);`;
        expect(debug(src)).toEqual(['1,3', 'true', 'false']);
    });

    it('Type.forName with and without namespace, newInstance', () => {
        const src = `
            public class Plugin { public String hello() { return 'hi'; } }
            Type t = Type.forName('Plugin');
            Plugin p = (Plugin) t.newInstance();
            System.debug(p.hello());
            System.debug(Type.forName('Nope'));
            System.debug(t.getName());`;
        expect(debug(src)).toEqual(['hi', 'null', 'Plugin']);
    });

    it('resolves the package namespace with and without prefix, case-insensitively', () => {
        const classes = [
            {
                file: 'Greeter.cls',
                kind: 'class' as const,
                name: 'Greeter',
                source: "public class Greeter { public static String hi() { return 'hi'; } }"
            }
        ];
        const r = executeAnonymous(
            "System.debug(cosell.Greeter.hi());\nSystem.debug(GREETER.HI());\ncosell.Greeter g = new cosell.greeter();\nSystem.debug(Type.forName('cosell', 'Greeter').getName());\nSystem.debug(Type.forName('COSELL.Greeter') != null);",
            { cache, classes, namespace: 'cosell' }
        );
        expect(r.debugLines).toEqual(['hi', 'hi', 'Greeter', 'true']);
    });

    it('renders collection elements with their element type (Double shows 5.0)', () => {
        expect(
            debug(
                "List<Double> l = new List<Double>{1, 2.5}; System.debug(l); Map<String, Double> m = new Map<String, Double>{'a' => 3}; System.debug(m);"
            )
        ).toEqual(['(1.0, 2.5)', '{a=3.0}']);
    });

    it('Id values are normalised to 18 characters; invalid Ids throw StringException', () => {
        expect(
            debug(
                "Id a = '001000000000001';\nSystem.debug(a);\nObject o = a;\nSystem.debug(o instanceof Id);\nSystem.debug(LoggingLevel.INFO, 'logged');"
            )
        ).toEqual(['001000000000001AAA', 'true', 'logged']);
        expect(exceptionOf("Id bad = 'not an id';")).toMatchObject({
            type: 'System.StringException',
            message: 'Invalid id: not an id'
        });
    });

    it('without the stdlib formatter, Decimal and Datetime rendering fail loudly instead of guessing', () => {
        expect(() => executeAnonymous('Decimal d = 1.50;\nSystem.debug(d);', { cache })).toThrow(
            /String rendering of Decimal without the stdlib formatter \(<anonymous>:2\)/
        );
        expect(debug('Decimal d = 1.5; System.debug(d * 2 == 3);')).toEqual(['true']);
    });

    it('fails loudly naming the construct and line for unsupported features', () => {
        expect(() => executeAnonymous('Integer a = 1;\ninsert new List<Integer>();', { cache })).toThrow(
            ApexUnsupported
        );
        expect(() => executeAnonymous('Integer a = 1;\ninsert new List<Integer>();', { cache })).toThrow(
            /DML insert \(<anonymous>:2\)/
        );
        expect(() => executeAnonymous("Object x = JSON.serialize('a');", { cache })).toThrow(
            /not supported by apexrt: JSON.serialize/
        );
    });

    it('deep recursion beyond what the JS stack holds fails loudly (not as a platform LimitException)', () => {
        const src = 'Integer depth(Integer n) { return n == 0 ? 0 : 1 + depth(n - 1); }\nSystem.debug(depth(5000));';
        expect(() => executeAnonymous(src, { cache })).toThrow(/not supported by apexrt: Apex call depth \d+/);
        expect(
            debug('Integer depth(Integer n) { return n == 0 ? 0 : 1 + depth(n - 1); }\nSystem.debug(depth(100));')
        ).toEqual(['100']);
    });

    it('reports compile errors before running anything', () => {
        try {
            executeAnonymous("System.debug('never printed');\nInteger x = missing;", { cache });
            throw new Error('expected compile error');
        } catch (e) {
            expect(e).toBeInstanceOf(ApexCompileError);
            expect((e as ApexCompileError).problems[0]).toMatchObject({
                line: 2,
                message: 'Variable does not exist: missing'
            });
        }
    });

    it('keeps each run isolated (statics are per run)', () => {
        const src = 'public class S { public static Integer n = 0; }\nS.n++;\nSystem.debug(S.n);';
        expect(debug(src)).toEqual(['1']);
        expect(debug(src)).toEqual(['1']);
    });
});
