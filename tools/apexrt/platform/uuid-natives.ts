/**
 * `System.UUID` (Apex Reference, "UUID Class"): randomUUID() generates a version 4 UUID from a cryptographically
 * strong generator; fromString(str) reads the string form used by the Reference's examples
 * ('707b2538-98bb-41e7-95e3-1d77bf42b102'); toString() gives it back; two UUIDs are equal when all their characters
 * are, and a UUID never equals a String. Undocumented (loud): the messages of fromString's NullPointerException and
 * IllegalArgumentException, other spellings (upper case, no hyphens), and the value hashCode() returns.
 */
import { randomUUID } from 'node:crypto';
import { ApexUnsupported } from '../core/values';
import type { NativeLibrary } from '../interpreter/native-library';
import { T, TypeRef } from '../types/typeref';

const TYPE = 'System.UUID';
const UUID_TYPE: TypeRef = { name: TYPE, args: [] };
const CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class UuidValue {
    constructor(readonly text: string) {}
}

const isUuidType = (t: string): boolean => /^(system\.)?uuid$/i.test(t);

function fromString(value: unknown): UuidValue {
    if (value === null) throw new ApexUnsupported('UUID.fromString(null) (its NullPointerException message)');
    if (typeof value !== 'string' || !CANONICAL.test(value))
        throw new ApexUnsupported(`UUID.fromString of '${String(value)}' (not the documented lower-case form)`);
    return new UuidValue(value);
}

export function uuidNatives(): NativeLibrary {
    return {
        typeName: (name) => (isUuidType(name) ? TYPE : undefined),
        callStatic: (_run, typeName, method, args) => {
            if (!isUuidType(typeName)) return undefined;
            const m = `${method.toLowerCase()}/${args.length}`;
            if (m === 'randomuuid/0') return { value: new UuidValue(randomUUID()), returnType: UUID_TYPE };
            if (m === 'fromstring/1') return { value: fromString(args[0]), returnType: UUID_TYPE };
            throw new ApexUnsupported(`UUID.${method}`);
        },
        callInstance: (_run, _typeName, self, method, args) => {
            if (!(self instanceof UuidValue)) return undefined;
            const m = `${method.toLowerCase()}/${args.length}`;
            if (m === 'tostring/0') return { value: self.text, returnType: T.String };
            throw new ApexUnsupported(`UUID.${method}`);
        },
        knowsMember: (typeName, method, isStatic) => {
            if (!isUuidType(typeName)) return undefined;
            const m = method.toLowerCase();
            return isStatic ? m === 'randomuuid' || m === 'fromstring' : m === 'tostring' || m === 'equals';
        },
        returnType: (typeName, method) => {
            if (!isUuidType(typeName)) return undefined;
            const m = method.toLowerCase();
            if (m === 'randomuuid' || m === 'fromstring') return UUID_TYPE;
            if (m === 'tostring') return T.String;
            return undefined;
        },
        isInstance: (v, typeName) => (isUuidType(typeName) ? v instanceof UuidValue : undefined),
        equals: (a, b) => {
            if (a instanceof UuidValue) return b instanceof UuidValue && a.text === b.text;
            if (b instanceof UuidValue) return false;
            return undefined;
        },
        hash: (v) => (v instanceof UuidValue ? `uuid:${v.text}` : undefined),
        format: (v) => (v instanceof UuidValue ? v.text : undefined),
        runtimeTypeName: (v) => (v instanceof UuidValue ? TYPE : undefined)
    };
}
