/**
 * Turns a table of native types (the shape the primitive stdlib registry was specified with: types with static and
 * instance methods, each with parameter type names, a return type name and an impl `(ctx, self, args) => value`,
 * plus a formatter) into the interpreter's NativeLibrary. Overloads are picked by the argument types: exact name,
 * then numeric widening (Integer → Long → Double → Decimal), then Object; null fits any parameter.
 * If the real registry differs in shape, adapt it here only.
 */
import type { RunContext } from '../interpreter/context';
import type { NativeCallResult, NativeLibrary } from '../interpreter/native-library';
import { isNumeric, NUMERIC_RANK, T, TypeRef } from '../types/typeref';

export interface NativeMethodSpec {
    name: string;
    /** Parameter type names, e.g. ['String', 'Integer']; 'Object' accepts anything. */
    params: string[];
    /** Return type name, e.g. 'List<String>' or 'void'. */
    returns: string;
    isStatic: boolean;
    impl: (ctx: RunContext, self: unknown, args: unknown[]) => unknown;
}

export interface NativeTypeSpec {
    /** Canonical name: 'String', 'Math', 'Datetime'. */
    name: string;
    methods: NativeMethodSpec[];
}

export interface NativeRegistryShape {
    types: Iterable<NativeTypeSpec>;
    /** String.valueOf of a primitive; undefined when the registry does not render this value. */
    formatValue?(value: unknown, typeName?: string): string | undefined;
    /** The Apex type name of a value the registry's types own (e.g. a Url), for dispatch and messages. */
    typeOfValue?(value: unknown): string | undefined;
}

/** Parses 'List<Map<String,Integer>>' into a TypeRef. */
export function parseTypeName(text: string): TypeRef {
    const s = text.replace(/\s+/g, '');
    let i = 0;
    const parse = (): TypeRef => {
        let name = '';
        while (i < s.length && !'<>,'.includes(s[i])) name += s[i++];
        const args: TypeRef[] = [];
        if (s[i] === '<') {
            i++;
            args.push(parse());
            while (s[i] === ',') {
                i++;
                args.push(parse());
            }
            i++; // '>'
        }
        if (name.endsWith('[]')) return { name: 'List', args: [{ name: name.slice(0, -2), args }] };
        return { name, args };
    };
    return parse();
}

function paramCost(param: string, arg: TypeRef): number | undefined {
    const p = param.replace(/<.*$/, '').toLowerCase();
    const a = arg.name.toLowerCase();
    if (arg.name === 'null' || arg.name === '?') return 2;
    if (p === a) return 0;
    if (isNumeric({ name: param, args: [] }) && isNumeric(arg)) {
        const d = NUMERIC_RANK[param] - NUMERIC_RANK[arg.name];
        if (d > 0) return 1 + d / 10;
        return param === 'Double' && arg.name === 'Decimal' ? 1.5 : undefined; // as in interpreter/overloads.ts
    }
    if (p === 'id' && a === 'string') return 1;
    if (p === 'string' && a === 'id') return 1;
    if (p === 'object') return 3;
    return undefined;
}

function pick(methods: NativeMethodSpec[], argTypes: TypeRef[]): NativeMethodSpec | undefined {
    let best: NativeMethodSpec | undefined;
    let bestCost = Infinity;
    for (const m of methods) {
        if (m.params.length !== argTypes.length) continue;
        let total = 0;
        let ok = true;
        m.params.forEach((p, i) => {
            const c = paramCost(p, argTypes[i]);
            if (c === undefined) ok = false;
            else total += c;
        });
        if (ok && total < bestCost) {
            best = m;
            bestCost = total;
        }
    }
    return best;
}

/** The static return type of a native method (parsed once per method: type refs are never changed). */
const returnTypes = new WeakMap<NativeMethodSpec, TypeRef>();

function returnTypeOf(m: NativeMethodSpec): TypeRef {
    let t = returnTypes.get(m);
    if (!t) returnTypes.set(m, (t = m.returns === 'void' ? T.Void : parseTypeName(m.returns)));
    return t;
}

export function nativeLibraryFromRegistry(registry: NativeRegistryShape): NativeLibrary {
    const types = new Map<string, NativeTypeSpec>();
    for (const t of registry.types) types.set(t.name.toLowerCase(), t);
    // The methods of a type by name and kind ('s:' static, 'i:' instance), in the type's order.
    const byName = new Map<string, Map<string, NativeMethodSpec[]>>();
    const NONE: NativeMethodSpec[] = [];
    const methodsOf = (typeName: string, method: string, isStatic: boolean): NativeMethodSpec[] => {
        const type = typeName.toLowerCase();
        let methods = byName.get(type);
        if (!methods) {
            methods = new Map();
            for (const m of types.get(type)?.methods ?? []) {
                const key = `${m.isStatic ? 's' : 'i'}:${m.name.toLowerCase()}`;
                const list = methods.get(key);
                if (list) list.push(m);
                else methods.set(key, [m]);
            }
            byName.set(type, methods);
        }
        return methods.get(`${isStatic ? 's' : 'i'}:${method.toLowerCase()}`) ?? NONE;
    };
    const call = (
        run: RunContext,
        typeName: string,
        self: unknown,
        method: string,
        args: unknown[],
        argTypes: TypeRef[],
        isStatic: boolean
    ): NativeCallResult | undefined => {
        const m = pick(methodsOf(typeName, method, isStatic), argTypes);
        if (!m) return undefined;
        return { value: m.impl(run, self, args), returnType: returnTypeOf(m) };
    };
    return {
        typeName: (name) => types.get(name.toLowerCase())?.name,
        callStatic: (run, typeName, method, args, argTypes) => call(run, typeName, null, method, args, argTypes, true),
        callInstance: (run, typeName, self, method, args, argTypes) =>
            call(run, typeName, self, method, args, argTypes, false),
        returnType: (typeName, method, isStatic, argTypes) => {
            const m = pick(methodsOf(typeName, method, isStatic), argTypes);
            return m ? returnTypeOf(m) : undefined;
        },
        knowsMember: (typeName, method, isStatic) =>
            types.has(typeName.toLowerCase()) ? methodsOf(typeName, method, isStatic).length > 0 : undefined,
        format: (value, typeName) => registry.formatValue?.(value, typeName),
        runtimeTypeName: (value) => registry.typeOfValue?.(value)
    };
}
