/**
 * The interpreter's view of native (TypeScript-implemented) standard types: the primitive standard library in
 * tools/apexrt/stdlib (another module) and, later, platform classes (part 3). The interpreter never implements
 * String/Integer/Math/Date... methods itself; it asks a NativeLibrary.
 */
import type { JsonNode } from '../stdlib/json';
import type { TypeRef } from '../types/typeref';
import type { RunContext } from './context';

export interface NativeCallResult {
    value: unknown;
    /** Static return type name, when known (lets the interpreter tell Integer from Double). */
    returnType?: TypeRef;
}

export interface NativeLibrary {
    /** Canonical name of a standard type the library implements ('String', 'Math', 'Database.SaveResult'), or undefined. */
    typeName(name: string): string | undefined;
    /** Calls a static method, or returns undefined when the library does not know it. */
    callStatic(
        run: RunContext,
        typeName: string,
        method: string,
        args: unknown[],
        argTypes: TypeRef[]
    ): NativeCallResult | undefined;
    /** Calls an instance method on a value of standard type `typeName`, or returns undefined when unknown. */
    callInstance(
        run: RunContext,
        typeName: string,
        self: unknown,
        method: string,
        args: unknown[],
        argTypes: TypeRef[]
    ): NativeCallResult | undefined;
    /**
     * Whether the library implements a method of a standard type: true, false (the library owns the type and lists
     * its methods, and this one is not among them), or undefined (it cannot tell). Used by `census`.
     */
    knowsMember?(typeName: string, method: string, isStatic: boolean): boolean | undefined;
    /** Static return type of a method, for the static layer; undefined when unknown. */
    returnType?(typeName: string, method: string, isStatic: boolean, argTypes: TypeRef[]): TypeRef | undefined;
    /** Field read on a native value (e.g. an SObject's `acc.Name`); undefined when the library does not own it. */
    getField?(self: unknown, name: string): { value: unknown } | undefined;
    /**
     * Whether the library owns field access on `self` (without reading the field: writing a field a query did not
     * select is allowed, reading it is not); when absent, a getField probe decides.
     */
    ownsField?(self: unknown, name: string): boolean | undefined;
    /** Field write on a native value; false when the library does not own it. */
    setField?(self: unknown, name: string, value: unknown): boolean;
    /** `instanceof` / casts to a standard type the library owns (e.g. `x instanceof Account`). */
    isInstance?(v: unknown, typeName: string): boolean | undefined;
    /** `==`/equals and Set/Map hashing of values the library owns (SObjects compare by field values). */
    equals?(a: unknown, b: unknown): boolean | undefined;
    hash?(v: unknown): string | undefined;
    /** String.valueOf of a primitive with a known static type; undefined to use the interpreter's fallback. */
    format?(value: unknown, typeName?: string): string | undefined;
    /** The Apex type name of a value the library owns (an SObject's 'Account'); undefined when not owned. */
    runtimeTypeName?(value: unknown): string | undefined;
    /**
     * Typed `JSON.deserialize(json, T.class)` into a standard type `T` the library owns: the value read from the
     * parsed JSON `node`; `read` reads a nested node as an Apex type. Undefined when the library does not own T.
     */
    fromJson?(
        typeName: string,
        node: JsonNode,
        read: (n: JsonNode, t: TypeRef) => unknown
    ): { value: unknown } | undefined;
}

/** Pseudo type name for `record.Field__c.addError(...)`: self is {target: the record, field: the field name}. */
export const FIELD_OF_TYPE = '<field-of>';

/** No native library: every standard-library call fails loudly as unsupported. */
export const EMPTY_NATIVE_LIBRARY: NativeLibrary = {
    typeName: () => undefined,
    callStatic: () => undefined,
    callInstance: () => undefined
};

/**
 * The first answer that is not undefined, asking the libraries in order and stopping there. Only for questions
 * whose answers have no side effects and never throw for a value another library owns (each library answers for
 * its own value classes and type names), so stopping early gives what asking every library would.
 */
function firstAnswer<R>(libs: NativeLibrary[], ask: (lib: NativeLibrary) => R | undefined): R | undefined {
    for (const lib of libs) {
        const answer = ask(lib);
        if (answer !== undefined) return answer;
    }
    return undefined;
}

/** Several libraries, asked in order. */
export function combineLibraries(libs: NativeLibrary[]): NativeLibrary {
    return {
        typeName: (n) => firstAnswer(libs, (l) => l.typeName(n)),
        callStatic: (run, t, m, a, at) => {
            for (const l of libs) {
                const r = l.callStatic(run, t, m, a, at);
                if (r) return r;
            }
            return undefined;
        },
        callInstance: (run, t, s, m, a, at) => {
            for (const l of libs) {
                const r = l.callInstance(run, t, s, m, a, at);
                if (r) return r;
            }
            return undefined;
        },
        returnType: (t, m, s, at) => firstAnswer(libs, (l) => l.returnType?.(t, m, s, at)),
        knowsMember: (t, m, s) => {
            const answers = libs.map((l) => l.knowsMember?.(t, m, s));
            if (answers.includes(true)) return true;
            // A library that owns the type in code (no method list) may implement the member: cannot tell.
            if (libs.some((l, i) => answers[i] === undefined && l.typeName(t) !== undefined)) return undefined;
            return answers.includes(false) ? false : undefined;
        },
        getField: (self, name) => firstAnswer(libs, (l) => l.getField?.(self, name)),
        ownsField: (self, name) => firstAnswer(libs, (l) => l.ownsField?.(self, name)),
        setField: (self, name, value) => libs.some((l) => l.setField?.(self, name, value) === true),
        format: (v, t) => firstAnswer(libs, (l) => l.format?.(v, t)),
        runtimeTypeName: (v) => firstAnswer(libs, (l) => l.runtimeTypeName?.(v)),
        isInstance: (v, t) => firstAnswer(libs, (l) => l.isInstance?.(v, t)),
        // Every library is asked: a library may refuse (loudly) to compare or hash its values with another's.
        equals: (a, b) => libs.map((l) => l.equals?.(a, b)).find((x) => x !== undefined),
        hash: (v) => libs.map((l) => l.hash?.(v)).find((x) => x !== undefined),
        fromJson: (t, n, read) => libs.map((l) => l.fromJson?.(t, n, read)).find((x) => x !== undefined)
    };
}
