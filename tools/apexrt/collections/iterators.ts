/**
 * `List.iterator()` and `Set.iterator()` (Apex Reference, "List Class" / "Set Class": iterator() returns an instance
 * of an iterator for the collection; "Iterator Interface": hasNext() tells whether there is another element, next()
 * returns it). The iterator walks the collection's elements in order. What next() does past the last element and
 * what happens when the collection changes while it is iterated are not documented: both fail loudly.
 */
import { ApexUnsupported } from '../core/values';
import type { NativeLibrary } from '../interpreter/native-library';
import { T } from '../types/typeref';
import { ApexList, ApexSet } from './collections';

export class CollectionIterator {
    private index = 0;
    private readonly size: number;
    constructor(private readonly collection: ApexList | ApexSet) {
        this.size = collection instanceof ApexList ? collection.items.length : collection.size;
    }

    private elements(): unknown[] {
        const items = this.collection instanceof ApexList ? this.collection.items : this.collection.values();
        if (items.length !== this.size)
            throw new ApexUnsupported('an iterator over a collection changed after iterator() was called');
        return items;
    }

    hasNext(): boolean {
        return this.index < this.elements().length;
    }

    next(): unknown {
        const items = this.elements();
        if (this.index >= items.length) throw new ApexUnsupported('Iterator.next() past the last element');
        return items[this.index++];
    }
}

const TYPE = 'Iterator';

export function collectionIteratorNatives(): NativeLibrary {
    return {
        typeName: () => undefined,
        callStatic: () => undefined,
        callInstance: (_run, _typeName, self, method, args) => {
            if (!(self instanceof CollectionIterator)) return undefined;
            const m = `${method.toLowerCase()}/${args.length}`;
            if (m === 'hasnext/0') return { value: self.hasNext(), returnType: T.Boolean };
            if (m === 'next/0') return { value: self.next() };
            throw new ApexUnsupported(`Iterator.${method}`);
        },
        isInstance: (v, typeName) =>
            v instanceof CollectionIterator && /^(system\.)?iterator$/i.test(typeName) ? true : undefined,
        runtimeTypeName: (v) => (v instanceof CollectionIterator ? TYPE : undefined)
    };
}
