/**
 * Native values whose public fields are a fixed, documented set (Metadata.CustomMetadata,
 * EventBus.ChangeEventHeader ...): names are case-insensitive, a new value holds null in each field unless given,
 * and a field outside the set is not supported.
 */
import { ApexUnsupported } from '../core/values';
import type { NativeLibrary } from '../interpreter/native-library';

export abstract class FieldsValue {
    protected readonly fields = new Map<string, unknown>();
    abstract readonly typeName: string;
    constructor(names: string[], initial: Record<string, unknown> = {}) {
        for (const n of names) this.fields.set(n.toLowerCase(), null);
        for (const [k, v] of Object.entries(initial)) this.fields.set(k.toLowerCase(), v);
    }
    has(name: string): boolean {
        return this.fields.has(name.toLowerCase());
    }
    get(name: string): unknown {
        return this.fields.get(name.toLowerCase()) ?? null;
    }
    set(name: string, value: unknown): void {
        this.fields.set(name.toLowerCase(), value);
    }
}

/** Field reads and writes on the FieldsValues `owns` accepts, for a NativeLibrary. */
export function fieldsValueAccess(
    owns: (v: unknown) => v is FieldsValue
): Pick<NativeLibrary, 'getField' | 'ownsField' | 'setField'> {
    return {
        getField: (self, name) => {
            if (!owns(self)) return undefined;
            if (!self.has(name)) throw new ApexUnsupported(`${self.typeName}.${name}`);
            return { value: self.get(name) };
        },
        ownsField: (self) => (owns(self) ? true : undefined),
        setField: (self, name, value) => {
            if (!owns(self)) return false;
            if (!self.has(name)) throw new ApexUnsupported(`${self.typeName}.${name}`);
            self.set(name, value);
            return true;
        }
    };
}
