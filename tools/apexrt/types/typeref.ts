/**
 * Resolved Apex types. A TypeRef names either a primitive/standard type ('Integer', 'String', 'Object', 'List', ...)
 * or a project class by its canonical full name ('Outer.Inner'). Arrays are Lists (`String[]` ≡ `List<String>`).
 */

export interface TypeRef {
    /** Canonical name: 'Integer', 'List', 'Map', 'Object', a class's full name, 'null' for the null literal type. */
    name: string;
    args: TypeRef[];
}

export const T = {
    Object: { name: 'Object', args: [] } as TypeRef,
    Null: { name: 'null', args: [] } as TypeRef,
    Boolean: { name: 'Boolean', args: [] } as TypeRef,
    Integer: { name: 'Integer', args: [] } as TypeRef,
    Long: { name: 'Long', args: [] } as TypeRef,
    Double: { name: 'Double', args: [] } as TypeRef,
    Decimal: { name: 'Decimal', args: [] } as TypeRef,
    String: { name: 'String', args: [] } as TypeRef,
    Id: { name: 'Id', args: [] } as TypeRef,
    Void: { name: 'void', args: [] } as TypeRef,
    /** The type of an expression the static layer could not type; never causes a compile error. */
    Unknown: { name: '?', args: [] } as TypeRef
};

export function listOf(elem: TypeRef): TypeRef {
    return { name: 'List', args: [elem] };
}

export function typeToString(t: TypeRef): string {
    if (t.args.length === 0) return t.name;
    return `${t.name}<${t.args.map(typeToString).join(',')}>`;
}

export function sameType(a: TypeRef, b: TypeRef): boolean {
    return (
        a.name.toLowerCase() === b.name.toLowerCase() &&
        a.args.length === b.args.length &&
        a.args.every((x, i) => sameType(x, b.args[i]))
    );
}

/** Numeric rank for implicit widening: Integer → Long → Double/Decimal ([DOC Conversion]). */
export const NUMERIC_RANK: Record<string, number> = { Integer: 1, Long: 2, Double: 3, Decimal: 4 };

export function isNumeric(t: TypeRef): boolean {
    return NUMERIC_RANK[t.name] !== undefined;
}

/** Names of the standard primitive/built-in value types the runtime knows natively (lower-case → canonical). */
export const PRIMITIVE_NAMES: Record<string, string> = Object.fromEntries(
    [
        'Object',
        'Boolean',
        'Integer',
        'Long',
        'Double',
        'Decimal',
        'String',
        'Id',
        'Date',
        'Datetime',
        'Time',
        'Blob',
        'List',
        'Set',
        'Map',
        'Type',
        'SObject'
    ].map((n) => [n.toLowerCase(), n])
);
