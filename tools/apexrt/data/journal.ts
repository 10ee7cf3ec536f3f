/**
 * The store behind Database snapshots: an undo journal instead of a copy of every table per snapshot. A snapshot
 * is a position in the journal; restoring one undoes the writes made since, newest first. Taking a snapshot costs
 * nothing and a write costs one journal entry, so a DML statement (which snapshots for its rollback) costs what it
 * writes, not the size of the org's data: a 50,000-record backfill is linear, not quadratic.
 *
 * Same answers as copying: iteration order included (a row whose delete is undone goes back to its place), and a
 * snapshot can be restored any number of times. The journal keeps entries only while a snapshot that could need
 * them is reachable (weak references); restoring a snapshot taken after a snapshot that was restored since (Apex:
 * rolling back to a savepoint that a rollback to an earlier savepoint invalidated) is not modelled and fails.
 */
import { ApexUnsupported } from '../core/values';

interface Entry {
    map: JournaledMap<string, unknown>;
    key: string;
    /** The key's value and place before the write; undefined when the write added the key. */
    before?: { value: unknown; order: number };
}

/** A position in the journal (a Database snapshot). */
export class JournalMark {
    constructor(
        readonly position: number,
        readonly stamp: number
    ) {}
}

/** Journal entries kept before reachable snapshots are looked for (so the check costs little per write). */
const PRUNE_EVERY = 4096;

export class Journal {
    private entries: Entry[] = [];
    /** Absolute position of entries[0] (entries before it were dropped: no reachable snapshot needed them). */
    private base = 0;
    private stamp = 0;
    private marks: Array<{ ref: WeakRef<JournalMark>; position: number; stamp: number }> = [];
    /** Restores so far (stamp and the position restored to), to tell a snapshot a later restore invalidated. */
    private restores: Array<{ stamp: number; position: number }> = [];
    private nextPrune = PRUNE_EVERY;
    private nextMarkPrune = PRUNE_EVERY;

    get position(): number {
        return this.base + this.entries.length;
    }

    mark(): JournalMark {
        const mark = new JournalMark(this.position, ++this.stamp);
        this.marks.push({ ref: new WeakRef(mark), position: mark.position, stamp: mark.stamp });
        if (this.marks.length >= this.nextMarkPrune) this.prune();
        return mark;
    }

    /** Whether writes need journal entries (a snapshot may be restored). */
    get recording(): boolean {
        return this.marks.length > 0;
    }

    record(entry: Entry): void {
        this.entries.push(entry);
        if (this.entries.length >= this.nextPrune) this.prune();
    }

    restore(mark: JournalMark): void {
        if (this.restores.some((r) => r.stamp > mark.stamp && r.position < mark.position))
            throw new ApexUnsupported('rolling back to a savepoint that a rollback to an earlier one invalidated');
        if (mark.position < this.base) throw new Error('journal entries of a reachable snapshot were dropped');
        const reordered = new Set<JournaledMap<string, unknown>>();
        while (this.position > mark.position) {
            const e = this.entries.pop()!;
            if (e.before === undefined) e.map.undoAdd(e.key);
            else if (e.map.undoChange(e.key, e.before.value, e.before.order)) reordered.add(e.map);
        }
        for (const map of reordered) map.restoreOrder();
        this.restores.push({ stamp: ++this.stamp, position: mark.position });
    }

    /** Drops snapshots no longer reachable, and the entries no reachable snapshot needs. */
    private prune(): void {
        this.marks = this.marks.filter((m) => m.ref.deref() !== undefined);
        const oldest = this.marks.reduce((min, m) => Math.min(min, m.position), this.position);
        const oldestStamp = this.marks.reduce((min, m) => Math.min(min, m.stamp), Infinity);
        this.entries = this.entries.slice(oldest - this.base);
        this.base = oldest;
        this.restores = this.restores.filter((r) => r.stamp > oldestStamp);
        this.nextPrune = this.entries.length + PRUNE_EVERY;
        this.nextMarkPrune = this.marks.length + PRUNE_EVERY;
    }
}

/**
 * A Map whose writes go to a journal, and which can index its rows' text fields for unique-value lookups (kept up
 * to date on every write once built). Every key has an order number, so undoing a delete puts the key back in
 * its place.
 */
export class JournaledMap<K extends string, V> extends Map<K, V> {
    private readonly order = new Map<K, number>();
    private nextOrder = 0;
    private readonly indexes = new Map<string, { read: (v: V) => string | undefined; byValue: Map<string, Set<K>> }>();

    constructor(private readonly journal: Journal) {
        super();
    }

    override set(key: K, value: V): this {
        if (this.journal?.recording) {
            const had = super.has(key);
            this.journal.record({
                map: this as unknown as JournaledMap<string, unknown>,
                key,
                before: had ? { value: super.get(key), order: this.order.get(key)! } : undefined
            });
        }
        this.write(key, value, undefined);
        return this;
    }

    override delete(key: K): boolean {
        if (!super.has(key)) return false;
        if (this.journal.recording)
            this.journal.record({
                map: this as unknown as JournaledMap<string, unknown>,
                key,
                before: { value: super.get(key), order: this.order.get(key)! }
            });
        this.remove(key);
        return true;
    }

    override clear(): void {
        for (const key of [...super.keys()]) this.delete(key);
    }

    /** Keys whose row gives `value` under `read` (an index built on first use, then kept up to date). */
    lookup(name: string, read: (v: V) => string | undefined, value: string): K[] {
        let index = this.indexes.get(name);
        if (!index) {
            index = { read, byValue: new Map() };
            this.indexes.set(name, index);
            for (const [k, v] of super.entries()) this.indexAdd(index, k, v);
        }
        const keys = [...(index.byValue.get(value) ?? [])];
        return keys.sort((a, b) => this.order.get(a)! - this.order.get(b)!);
    }

    /** Undo of a write that added `key`. */
    undoAdd(key: string): void {
        this.remove(key as K);
    }

    /** Undo of a change or delete: the value and place before; true when the key had to be added back. */
    undoChange(key: string, value: unknown, order: number): boolean {
        const added = !super.has(key as K);
        this.write(key as K, value as V, order);
        return added;
    }

    /** Puts keys added back by an undo in their place again. */
    restoreOrder(): void {
        const entries = [...super.entries()].sort((a, b) => this.order.get(a[0])! - this.order.get(b[0])!);
        super.clear();
        for (const [k, v] of entries) super.set(k, v);
    }

    private write(key: K, value: V, order: number | undefined): void {
        const had = super.has(key);
        if (had) for (const index of this.indexes.values()) this.indexRemove(index, key, super.get(key)!);
        super.set(key, value);
        if (order !== undefined) this.order.set(key, order);
        else if (!had) this.order.set(key, this.nextOrder++);
        for (const index of this.indexes.values()) this.indexAdd(index, key, value);
    }

    private remove(key: K): void {
        for (const index of this.indexes.values()) this.indexRemove(index, key, super.get(key)!);
        super.delete(key);
        this.order.delete(key);
    }

    private indexAdd(index: { read: (v: V) => string | undefined; byValue: Map<string, Set<K>> }, k: K, v: V): void {
        const value = index.read(v);
        if (value === undefined) return;
        let keys = index.byValue.get(value);
        if (!keys) index.byValue.set(value, (keys = new Set()));
        keys.add(k);
    }

    private indexRemove(index: { read: (v: V) => string | undefined; byValue: Map<string, Set<K>> }, k: K, v: V): void {
        const value = index.read(v);
        if (value === undefined) return;
        const keys = index.byValue.get(value);
        keys?.delete(k);
        if (keys?.size === 0) index.byValue.delete(value);
    }
}
