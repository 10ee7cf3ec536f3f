/**
 * Runtime type tests (instanceof, casts, catch clauses), runtime type names for messages, and assignment coercion.
 */
import { ApexList, ApexMap, ApexQueryList, ApexSet } from '../collections/collections';
import { ApexBlob, ApexDate, ApexDatetime, ApexThrow, ApexTime, Decimal } from '../core/values';
import { toId } from '../data/ids';
import { implementsStandard, isSubclassOf } from '../types/classes';
import { isNumeric, T, TypeRef, typeToString } from '../types/typeref';
import type { Interpreter } from './interpreter';
import { convertNumber, numKind, NumKind } from './operators';
import { ApexObject, EnumValue, TypeValue } from './runtime-values';
import { isNumber } from './semantics';

/** The type name Apex would report for a runtime value (messages, overload fallback). */
export function runtimeTypeName(ip: Interpreter, v: unknown): string {
    return typeToString(runtimeType(ip, v));
}

export function runtimeType(ip: Interpreter, v: unknown, st?: TypeRef): TypeRef {
    if (v === null || v === undefined) return T.Null;
    if (typeof v === 'string') return st?.name === 'Id' ? T.Id : T.String;
    if (typeof v === 'boolean') return T.Boolean;
    if (isNumber(v)) return { name: numKind(v, st)!, args: [] };
    if (v instanceof ApexDate) return { name: 'Date', args: [] };
    if (v instanceof ApexDatetime) return { name: 'Datetime', args: [] };
    if (v instanceof ApexTime) return { name: 'Time', args: [] };
    if (v instanceof ApexBlob) return { name: 'Blob', args: [] };
    if (v instanceof ApexList) return { name: 'List', args: [v.elemType] };
    if (v instanceof ApexSet) return { name: 'Set', args: [v.elemType] };
    if (v instanceof ApexMap) return { name: 'Map', args: [v.keyType, v.valueType] };
    if (v instanceof ApexObject || v instanceof EnumValue) return { name: v.cls.fullName, args: [] };
    if (v instanceof TypeValue) return { name: 'Type', args: [] };
    const native = ip.program.natives.runtimeTypeName?.(v);
    return native ? { name: native, args: [] } : T.Object;
}

/** `v instanceof t` for a non-null value. Generic arguments are compared by name when both are known. */
export function isInstanceOf(ip: Interpreter, v: unknown, t: TypeRef): boolean {
    const name = t.name;
    if (name === 'Object' || name === '?') return true;
    switch (name) {
        case 'String':
            return typeof v === 'string';
        case 'Id':
            return typeof v === 'string' && /^[a-zA-Z0-9]{18}$/.test(v);
        case 'Boolean':
            return typeof v === 'boolean';
        case 'Integer':
            return typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647;
        // Numbers held in an Object answer instanceof along the widening chain Integer → Long → Double/Decimal, and
        // a Decimal is an instance of Double (a Long or Decimal is not an Integer, a Decimal not a Long); a Date is an
        // instance of Datetime [INFERRED: type matchers of a mocking library assert exactly these answers in tests
        // that pass on real orgs]. apexrt cannot tell an integral Double from an Integer at run time.
        case 'Long':
            return typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v));
        case 'Double':
        case 'Decimal':
            return typeof v === 'number' || typeof v === 'bigint' || v instanceof Decimal;
        case 'Date':
            return v instanceof ApexDate;
        case 'Datetime':
            return v instanceof ApexDatetime || v instanceof ApexDate;
        case 'Time':
            return v instanceof ApexTime;
        case 'Blob':
            return v instanceof ApexBlob;
        case 'Type':
            return v instanceof TypeValue;
        case 'List':
            if (!(v instanceof ApexList)) return false;
            if (genericMatches(ip, v.elemType, t.args[0])) return true;
            // (List<Account>) aListOfSObject: SObject lists are covariant, so the cast holds when every element is
            // of the wanted SObject type (Apex Developer Guide, "Lists of sObjects"; code casting Database.query
            // results and List<SObject> parameters to concrete lists passes on real orgs).
            return (
                v.elemType.name === 'SObject' &&
                t.args[0] !== undefined &&
                ip.registry.providers.sobjectType?.(t.args[0].name) !== undefined &&
                v.items.every((x) => x === null || isInstanceOf(ip, x, t.args[0]))
            );
        case 'Set':
            return v instanceof ApexSet && genericMatches(ip, v.elemType, t.args[0]);
        case 'Map':
            return (
                v instanceof ApexMap &&
                genericMatches(ip, v.keyType, t.args[0]) &&
                genericMatches(ip, v.valueType, t.args[1])
            );
    }
    const cls = ip.registry.classOf(t);
    if (cls) {
        if (v instanceof ApexObject || v instanceof EnumValue) return isSubclassOf(v.cls, cls);
        return false;
    }
    if (v instanceof ApexObject && implementsStandard(v.cls, t.name)) return true;
    return ip.program.natives.isInstance?.(v, t.name) ?? false;
}

function genericMatches(ip: Interpreter, actual: TypeRef, wanted: TypeRef | undefined): boolean {
    if (!wanted || wanted.name === 'Object' || wanted.name === '?' || actual.name === '?') return true;
    // A collection of Accounts is a collection of SObjects at run time too ([DOC Lists of sObjects]: lists of the
    // generic sObject type hold any object), as the compiler lets it be assigned (overloads.ts elementFits).
    if (wanted.name === 'SObject' && actual.name !== 'SObject' && ip.registry.providers.sobjectType?.(actual.name))
        return true;
    // The same covariance holds for nested collections: a Map<Id, List<Account>> is a Map<Id, List<SObject>>
    // (INFERRED: public code that passes on orgs casts Type.forName('Map<Id, List<Account>>').newInstance() so).
    if (
        ['List', 'Set', 'Map'].includes(actual.name) &&
        actual.name === wanted.name &&
        actual.args.length === wanted.args.length
    )
        return actual.args.every((a, i) => genericMatches(ip, a, wanted.args[i]));
    return typeToString(actual).toLowerCase() === typeToString(wanted).toLowerCase();
}

/** Assignment conversion to a declared type: numeric widening and String → Id (15 → 18 characters). */
export function coerceToType(ip: Interpreter, v: unknown, to: TypeRef, fromStatic: TypeRef | undefined): unknown {
    void ip;
    if (v === null || v === undefined) return v ?? null;
    if (v instanceof ApexQueryList) return queryResultAs(v, to);
    if (isNumeric(to) && isNumber(v)) {
        const from = numKind(v, fromStatic);
        if (from) return convertNumber(v, to.name as NumKind);
    }
    if (to.name === 'Id' && typeof v === 'string') return toId(v);
    // Date → Datetime: midnight GMT of the date (undocumented; widely reported: salesforce.stackexchange.com/questions/281180).
    if (to.name === 'Datetime' && v instanceof ApexDate) return new ApexDatetime(v.toEpochDay() * 86_400_000);
    return v;
}

/**
 * Assigning an inline query ([Apex Developer Guide, "SOQL and SOSL Queries"]): to a list it is the rows; to one
 * SObject it must return exactly one row (System.QueryException otherwise, messages as the platform prints them).
 */
export function queryResultAs(rows: ApexQueryList, to: TypeRef): unknown {
    if (['List', 'Iterable', 'Object', '?'].includes(to.name)) return new ApexList(rows.elemType, rows.items);
    if (rows.items.length === 0)
        throw new ApexThrow('System.QueryException', 'List has no rows for assignment to SObject');
    if (rows.items.length > 1)
        throw new ApexThrow('System.QueryException', 'List has more than 1 row for assignment to SObject');
    return rows.items[0];
}
