/**
 * Conversions between the data layer's plain values (SObject[], Map of Id → SObject) and the interpreter's Apex
 * collections, plus the case-insensitive map the platform returns from describe calls.
 */
import { ApexList, ApexMap, ApexSet, ValueSemantics } from '../collections/collections';
import { ApexUnsupported } from '../core/values';
import { RunSemantics } from '../interpreter/semantics';
import type { TypeRef } from '../types/typeref';
import { T } from '../types/typeref';
import { SObject } from '../data/sobject';
import type { DmlError } from '../data/database';

/**
 * Semantics for maps the data layer builds (keys are Ids or Strings). Hashing and equality of those keys do not
 * involve user classes, so they agree with the interpreter's own RunSemantics.
 */
export const KEY_SEMANTICS: ValueSemantics = new RunSemantics({
    callIfDeclared: () => ({ found: false, value: undefined })
});

export function sobjectType(name: string): TypeRef {
    return { name, args: [] };
}

export function recordList(typeName: string, records: SObject[]): ApexList {
    return new ApexList(sobjectType(typeName), records);
}

export function idMap(typeName: string, records: SObject[]): ApexMap {
    const map = new ApexMap(T.Id, sobjectType(typeName));
    for (const r of records) map.put(r.id, r, KEY_SEMANTICS);
    return map;
}

/** The records of a DML operand: one SObject or a List of them; anything else is the compiler's business. */
export function recordsOf(operand: unknown, op: string): SObject[] {
    if (operand instanceof SObject) return [operand];
    if (operand instanceof ApexList) {
        return operand.items.map((item) => {
            if (item instanceof SObject) return item;
            if (item === null) throw new ApexUnsupported(`${op} of a list containing null`);
            throw new ApexUnsupported(`${op} of a non-SObject list element`);
        });
    }
    throw new ApexUnsupported(`${op} of ${operand === null ? 'null' : typeof operand}`);
}

/** A bind value as the SOQL evaluator reads it: Apex collections become JS iterables. */
export function bindValue(v: unknown): unknown {
    if (v instanceof ApexList) return v.items;
    if (v instanceof ApexSet) return v.values();
    if (v instanceof ApexMap) throw new ApexUnsupported('a Map as a SOQL bind value (bind map.keySet() instead)');
    return v;
}

/**
 * Map<String, V> whose String keys match case-insensitively and are stored lower-case, as the maps returned by
 * `Schema.getGlobalDescribe()` and `fields.getMap()` behave (Apex Reference, "DescribeSObjectResult.fields":
 * "the map keys are in lower case"; lookups ignore case).
 */
export class CaseInsensitiveKeyMap extends ApexMap {
    private static fold(k: unknown): unknown {
        return typeof k === 'string' ? k.toLowerCase() : k;
    }
    has(k: unknown, sem: ValueSemantics): boolean {
        return super.has(CaseInsensitiveKeyMap.fold(k), sem);
    }
    get(k: unknown, sem: ValueSemantics): unknown {
        return super.get(CaseInsensitiveKeyMap.fold(k), sem);
    }
    put(k: unknown, v: unknown, sem: ValueSemantics): unknown {
        return super.put(CaseInsensitiveKeyMap.fold(k), v, sem);
    }
    remove(k: unknown, sem: ValueSemantics): unknown {
        return super.remove(CaseInsensitiveKeyMap.fold(k), sem);
    }
}

/** A Database.Error: of a DML result, or of a record's own errors (SObject.getErrors). */
export class DmlErrorValue {
    constructor(readonly error: DmlError) {}
}
