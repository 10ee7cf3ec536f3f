/**
 * Apex List / Set / Map values. Set and Map key on a hash string plus an equality check supplied by the run
 * (ValueSemantics), so user classes with equals/hashCode are honoured and String keys stay CASE-SENSITIVE
 * ([DOC Map]: keys that differ only in case are distinct). Iteration follows insertion order (docs/reference/apex-semantics.md §3.8).
 */
import { ApexUnsupported } from '../core/values';
import type { TypeRef } from '../types/typeref';

/** Equality, hashing and rendering of Apex values, implemented by the interpreter (it can call user methods). */
export interface ValueSemantics {
    equals(a: unknown, b: unknown): boolean;
    hash(v: unknown): string;
    /** String.valueOf rendering; the type name (e.g. a collection's element type) tells Integer from Double. */
    format(v: unknown, typeName?: string): string;
}

export class ApexList {
    constructor(
        public elemType: TypeRef,
        public items: unknown[] = []
    ) {}
}

/**
 * A list whose members are known but whose order is not (`values()` of a standard enum whose order the Apex
 * Reference does not give): it can be passed along as a whole, and every read of its items (size, get, iteration,
 * rendering) is `not supported`.
 */
export class UnorderedList extends ApexList {
    constructor(
        elemType: TypeRef,
        readonly members: readonly unknown[],
        readonly what: string
    ) {
        super(elemType);
        Object.defineProperty(this, 'items', {
            get: () => {
                throw new ApexUnsupported(`the order of ${what} (not documented)`);
            }
        });
    }
}

/**
 * The value of an inline SOQL expression before it is assigned: a list of records that may also be assigned to a
 * single SObject (exactly one row). See coerceToType.
 */
export class ApexQueryList extends ApexList {}

export class ApexSet {
    private readonly buckets = new Map<string, unknown[]>();
    private count = 0;
    constructor(public elemType: TypeRef) {}

    has(v: unknown, sem: ValueSemantics): boolean {
        const bucket = this.buckets.get(sem.hash(v));
        if (!bucket) return false;
        for (const x of bucket) if (sem.equals(x, v)) return true;
        return false;
    }
    /** Returns true when the value was not present. */
    add(v: unknown, sem: ValueSemantics): boolean {
        const h = sem.hash(v);
        const bucket = this.buckets.get(h);
        if (bucket) {
            for (const x of bucket) if (sem.equals(x, v)) return false;
            bucket.push(v);
        } else this.buckets.set(h, [v]);
        this.count++;
        return true;
    }
    remove(v: unknown, sem: ValueSemantics): boolean {
        const h = sem.hash(v);
        const bucket = this.buckets.get(h);
        if (!bucket) return false;
        const i = bucket.findIndex((x) => sem.equals(x, v));
        if (i < 0) return false;
        bucket.splice(i, 1);
        if (bucket.length === 0) this.buckets.delete(h);
        this.count--;
        return true;
    }
    clear(): void {
        this.buckets.clear();
        this.count = 0;
    }
    get size(): number {
        return this.count;
    }
    values(): unknown[] {
        return [...this.buckets.values()].flat();
    }
}

export class ApexMap {
    private readonly buckets = new Map<string, Array<[unknown, unknown]>>();
    private count = 0;
    constructor(
        public keyType: TypeRef,
        public valueType: TypeRef
    ) {}

    private entry(k: unknown, sem: ValueSemantics): [unknown, unknown] | undefined {
        const bucket = this.buckets.get(sem.hash(k));
        if (!bucket) return undefined;
        for (const e of bucket) if (sem.equals(e[0], k)) return e;
        return undefined;
    }
    has(k: unknown, sem: ValueSemantics): boolean {
        return this.entry(k, sem) !== undefined;
    }
    get(k: unknown, sem: ValueSemantics): unknown {
        const e = this.entry(k, sem);
        return e ? e[1] : null;
    }
    /** Returns the previous value (null when none). */
    put(k: unknown, v: unknown, sem: ValueSemantics): unknown {
        const e = this.entry(k, sem);
        if (e) {
            const old = e[1];
            e[1] = v;
            return old;
        }
        const h = sem.hash(k);
        const bucket = this.buckets.get(h);
        if (bucket) bucket.push([k, v]);
        else this.buckets.set(h, [[k, v]]);
        this.count++;
        return null;
    }
    remove(k: unknown, sem: ValueSemantics): unknown {
        const h = sem.hash(k);
        const bucket = this.buckets.get(h);
        if (!bucket) return null;
        const i = bucket.findIndex(([x]) => sem.equals(x, k));
        if (i < 0) return null;
        const [, old] = bucket.splice(i, 1)[0];
        if (bucket.length === 0) this.buckets.delete(h);
        this.count--;
        return old;
    }
    clear(): void {
        this.buckets.clear();
        this.count = 0;
    }
    get size(): number {
        return this.count;
    }
    entries(): Array<[unknown, unknown]> {
        return [...this.buckets.values()].flat();
    }
}
