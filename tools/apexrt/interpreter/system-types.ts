/**
 * The types the interpreter itself owns (System, Assert, Test, Type; LoggingLevel is a standard enum, types/standard-enums.ts) and the static return types of
 * their members, as plain data: static typing needs them without an interpreter (see typing-scope.ts).
 */
import { T, TypeRef } from '../types/typeref';

const OWN_TYPES: Record<string, string> = {
    system: 'System',
    assert: 'Assert',
    test: 'Test',
    type: 'Type'
};

/** The canonical name of a type the interpreter owns, or undefined. */
export function systemTypeName(name: string): string | undefined {
    return OWN_TYPES[name.toLowerCase()];
}

/** The return type of a static member of those types, where it is known. */
export function systemStaticReturnType(typeName: string, method: string): TypeRef | undefined {
    const key = `${typeName.toLowerCase()}.${method.toLowerCase()}`;
    if (key === 'test.isrunningtest') return T.Boolean;
    if (key === 'type.forname') return { name: 'Type', args: [] };
    if (key === 'test.createstub') return T.Object;
    if (key === 'string.valueof') return T.String;
    if (key.startsWith('system.assert') || key.startsWith('assert.') || key === 'system.debug') return T.Void;
    return undefined;
}
