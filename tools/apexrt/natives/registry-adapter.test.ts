import { UnitCache } from '../loader/program';
import { executeAnonymous } from '../runner/execute';
import { nativeLibraryFromRegistry, NativeTypeSpec, parseTypeName } from './registry-adapter';

const types: NativeTypeSpec[] = [
    {
        name: 'String',
        methods: [
            {
                name: 'toUpperCase',
                params: [],
                returns: 'String',
                isStatic: false,
                impl: (_c, self) => (self as string).toUpperCase()
            },
            { name: 'split', params: ['String'], returns: 'List<String>', isStatic: false, impl: () => null },
            {
                name: 'valueOf',
                params: ['Object'],
                returns: 'String',
                isStatic: true,
                impl: (_c, _s, a) => `v:${String(a[0])}`
            }
        ]
    },
    {
        name: 'Math',
        methods: [
            {
                name: 'max',
                params: ['Integer', 'Integer'],
                returns: 'Integer',
                isStatic: true,
                impl: (_c, _s, a) => Math.max(a[0] as number, a[1] as number)
            },
            {
                name: 'max',
                params: ['Double', 'Double'],
                returns: 'Double',
                isStatic: true,
                impl: (_c, _s, a) => Math.max(a[0] as number, a[1] as number)
            }
        ]
    }
];

describe('native registry adapter', () => {
    const natives = nativeLibraryFromRegistry({
        types,
        formatValue: (v) => (typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : undefined)
    });

    it('dispatches static and instance methods with overloads and return types', () => {
        const r = executeAnonymous(
            "System.debug('abc'.toUpperCase());\nSystem.debug(String.valueOf(7));\nSystem.debug(Math.max(2, 3));\nDouble d = 2;\nSystem.debug(Math.max(d, 1.5));\nSystem.debug(true);",
            { natives, cache: new UnitCache() }
        );
        // Math.max(Double, Double) returns a Double: rendered 2.0; the registry's formatter renders Booleans.
        expect(r.debugLines).toEqual(['ABC', 'v:7', '3', '2.0', 'TRUE']);
    });

    it('unknown members still fail loudly', () => {
        expect(() => executeAnonymous("System.debug('a'.reverse());", { natives, cache: new UnitCache() })).toThrow(
            /not supported by apexrt: method String.reverse/
        );
    });

    it('parses generic type names', () => {
        expect(parseTypeName('Map<String, List<Integer>>')).toEqual({
            name: 'Map',
            args: [
                { name: 'String', args: [] },
                { name: 'List', args: [{ name: 'Integer', args: [] }] }
            ]
        });
        expect(parseTypeName('String[]')).toEqual({ name: 'List', args: [{ name: 'String', args: [] }] });
    });
});
