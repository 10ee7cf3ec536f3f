/**
 * Instance methods of List, Set and Map. Unknown methods fail loudly (ApexUnsupported), never silently.
 * Formats: List `(1, 2)`, Set `{1, 2}`, Map `{a=1, b=2}` ([DOC] List/Set/Map toString; String.valueOf).
 */
import { ApexThrow, ApexUnsupported } from '../core/values';
import { T, TypeRef } from '../types/typeref';
import { ApexList, ApexMap, ApexSet, ValueSemantics } from './collections';
import { CollectionIterator } from './iterators';

export interface CollectionSemantics extends ValueSemantics {
    /** Natural order for List.sort (primitives, or compareTo of Comparable objects). */
    compare(a: unknown, b: unknown): number;
}

export function formatList(l: ApexList, sem: ValueSemantics): string {
    return `(${l.items.map((v) => sem.format(v, l.elemType.name)).join(', ')})`;
}
export function formatSet(s: ApexSet, sem: ValueSemantics): string {
    return `{${s
        .values()
        .map((v) => sem.format(v, s.elemType.name))
        .join(', ')}}`;
}
export function formatMap(m: ApexMap, sem: ValueSemantics): string {
    return `{${m
        .entries()
        .map(([k, v]) => `${sem.format(k, m.keyType.name)}=${sem.format(v, m.valueType.name)}`)
        .join(', ')}}`;
}

function checkIndex(l: ApexList, i: unknown, inclusiveEnd = false): number {
    const n = Number(i);
    if (i === null) throw new ApexThrow('System.NullPointerException', 'Attempt to de-reference a null object');
    if (n < 0 || n > l.items.length || (!inclusiveEnd && n === l.items.length))
        throw new ApexThrow('System.ListException', `List index out of bounds: ${n}`);
    return n;
}

function itemsOf(v: unknown, what: string): unknown[] {
    if (v instanceof ApexList) return v.items;
    if (v instanceof ApexSet) return v.values();
    if (v === null) throw new ApexThrow('System.NullPointerException', 'Attempt to de-reference a null object');
    throw new ApexUnsupported(`${what} with argument of this type`);
}

export function collectionsEqual(a: unknown, b: unknown, sem: ValueSemantics): boolean {
    if (a instanceof ApexList && b instanceof ApexList)
        return a.items.length === b.items.length && a.items.every((x, i) => sem.equals(x, b.items[i]));
    if (a instanceof ApexSet && b instanceof ApexSet)
        return a.size === b.size && a.values().every((x) => b.has(x, sem));
    if (a instanceof ApexMap && b instanceof ApexMap) {
        return a.size === b.size && a.entries().every(([k, v]) => b.has(k, sem) && sem.equals(v, b.get(k, sem)));
    }
    return false;
}

export function callListMethod(l: ApexList, name: string, args: unknown[], sem: CollectionSemantics): unknown {
    switch (`${name.toLowerCase()}/${args.length}`) {
        case 'add/1':
            l.items.push(args[0]);
            return undefined;
        case 'add/2':
            l.items.splice(checkIndex(l, args[0], true), 0, args[1]);
            return undefined;
        case 'addall/1':
            l.items.push(...itemsOf(args[0], 'List.addAll'));
            return undefined;
        case 'get/1':
            return l.items[checkIndex(l, args[0])];
        case 'set/2':
            l.items[checkIndex(l, args[0])] = args[1];
            return undefined;
        case 'remove/1':
            return l.items.splice(checkIndex(l, args[0]), 1)[0];
        case 'size/0':
            return l.items.length;
        case 'isempty/0':
            return l.items.length === 0;
        case 'contains/1':
            return l.items.some((x) => sem.equals(x, args[0]));
        case 'indexof/1':
            return l.items.findIndex((x) => sem.equals(x, args[0]));
        case 'clear/0':
            l.items.length = 0;
            return undefined;
        case 'clone/0':
            return new ApexList(l.elemType, [...l.items]);
        case 'sort/0':
            sortStable(l.items, (a, b) => sem.compare(a, b));
            return undefined;
        case 'equals/1':
            return collectionsEqual(l, args[0], sem);
        case 'hashcode/0':
            return hashToInt(sem.hash(l));
        case 'tostring/0':
            return formatList(l, sem);
        case 'iterator/0':
            return new CollectionIterator(l);
        default:
            throw new ApexUnsupported(`List.${name} with ${args.length} argument(s)`);
    }
}

export function callSetMethod(s: ApexSet, name: string, args: unknown[], sem: CollectionSemantics): unknown {
    switch (`${name.toLowerCase()}/${args.length}`) {
        case 'add/1':
            return s.add(args[0], sem);
        case 'addall/1': {
            let changed = false;
            for (const v of itemsOf(args[0], 'Set.addAll')) changed = s.add(v, sem) || changed;
            return changed;
        }
        case 'contains/1':
            return s.has(args[0], sem);
        case 'containsall/1':
            return itemsOf(args[0], 'Set.containsAll').every((v) => s.has(v, sem));
        case 'remove/1':
            return s.remove(args[0], sem);
        case 'removeall/1': {
            let changed = false;
            for (const v of itemsOf(args[0], 'Set.removeAll')) changed = s.remove(v, sem) || changed;
            return changed;
        }
        case 'retainall/1': {
            const keep = itemsOf(args[0], 'Set.retainAll');
            let changed = false;
            for (const v of s.values()) {
                if (!keep.some((k) => sem.equals(k, v))) changed = s.remove(v, sem) || changed;
            }
            return changed;
        }
        case 'size/0':
            return s.size;
        case 'isempty/0':
            return s.size === 0;
        case 'clear/0':
            s.clear();
            return undefined;
        case 'clone/0': {
            const c = new ApexSet(s.elemType);
            for (const v of s.values()) c.add(v, sem);
            return c;
        }
        case 'equals/1':
            return collectionsEqual(s, args[0], sem);
        case 'hashcode/0':
            return hashToInt(sem.hash(s));
        case 'tostring/0':
            return formatSet(s, sem);
        case 'iterator/0':
            return new CollectionIterator(s);
        default:
            throw new ApexUnsupported(`Set.${name} with ${args.length} argument(s)`);
    }
}

export function callMapMethod(m: ApexMap, name: string, args: unknown[], sem: CollectionSemantics): unknown {
    switch (`${name.toLowerCase()}/${args.length}`) {
        case 'put/2':
            return m.put(args[0], args[1], sem);
        case 'putall/1': {
            const other = args[0];
            if (!(other instanceof ApexMap)) throw new ApexUnsupported('Map.putAll with a non-Map argument');
            for (const [k, v] of other.entries()) m.put(k, v, sem);
            return undefined;
        }
        case 'get/1':
            return m.get(args[0], sem);
        case 'containskey/1':
            return m.has(args[0], sem);
        case 'remove/1':
            return m.remove(args[0], sem);
        case 'keyset/0': {
            const s = new ApexSet(m.keyType);
            for (const [k] of m.entries()) s.add(k, sem);
            return s;
        }
        case 'values/0':
            return new ApexList(
                m.valueType,
                m.entries().map(([, v]) => v)
            );
        case 'size/0':
            return m.size;
        case 'isempty/0':
            return m.size === 0;
        case 'clear/0':
            m.clear();
            return undefined;
        case 'clone/0': {
            const c = new ApexMap(m.keyType, m.valueType);
            for (const [k, v] of m.entries()) c.put(k, v, sem);
            return c;
        }
        case 'equals/1':
            return collectionsEqual(m, args[0], sem);
        case 'hashcode/0':
            return hashToInt(sem.hash(m));
        case 'tostring/0':
            return formatMap(m, sem);
        default:
            throw new ApexUnsupported(`Map.${name} with ${args.length} argument(s)`);
    }
}

/** Static return type of collection methods, for the static layer (T.Unknown when it depends on arguments). */
export function collectionMethodType(collection: TypeRef, name: string): TypeRef {
    const [a, b] = collection.args;
    const n = name.toLowerCase();
    if (n === 'size' || n === 'indexof' || n === 'hashcode') return T.Integer;
    if (['isempty', 'contains', 'containskey', 'containsall', 'equals', 'removeall', 'retainall'].includes(n))
        return T.Boolean;
    if (n === 'tostring') return T.String;
    if (n === 'clone' || (collection.name === 'List' && n === 'deepclone')) return collection;
    if (collection.name === 'List' && (n === 'get' || n === 'remove')) return a ?? T.Unknown;
    // List.getSObjectType() (Apex Reference, "List Class"): run by the interpreter (calls.ts).
    if (collection.name === 'List' && n === 'getsobjecttype') return { name: 'Schema.SObjectType', args: [] };
    if (collection.name === 'Set' && (n === 'add' || n === 'remove' || n === 'addall')) return T.Boolean;
    if (collection.name === 'Map') {
        if (n === 'get' || n === 'put' || n === 'remove') return b ?? T.Unknown;
        if (n === 'keyset') return { name: 'Set', args: [a ?? T.Unknown] };
        if (n === 'values') return { name: 'List', args: [b ?? T.Unknown] };
    }
    if (collection.name !== 'Map' && n === 'iterator') return { name: 'Iterator', args: [a ?? T.Unknown] };
    if (['add', 'addall', 'set', 'clear', 'sort', 'putall'].includes(n)) return T.Void;
    return T.Unknown;
}

/** Java-style String.hashCode of our hash key, as an int32. */
export function hashToInt(key: string): number {
    let h = 0;
    for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
    return h;
}

export function sortStable<X>(items: X[], cmp: (a: X, b: X) => number): void {
    const sorted = items.map((v, i) => [v, i] as const).sort((x, y) => cmp(x[0], y[0]) || x[1] - y[1]);
    sorted.forEach(([v], i) => (items[i] = v));
}
