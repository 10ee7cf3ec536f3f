/**
 * Field-style reads of DML results: `sr.success`, `sr.id`, `sr.errors` (and `created` on an UpsertResult) read
 * what isSuccess(), getId(), getErrors() and isCreated() return. Database.SaveResult & co. expose these as
 * properties (Apex Reference, "SaveResult Class": the object's members are success, id, errors; INFERRED from
 * public code that compiles and passes on orgs reading them as fields).
 */
import type { NativeLibrary } from '../interpreter/native-library';
import { DmlResultValue } from './database-natives';

const GETTERS: Record<string, string> = {
    success: 'isSuccess',
    id: 'getId',
    errors: 'getErrors',
    created: 'isCreated'
};

export function dmlResultFieldNatives(results: NativeLibrary): NativeLibrary {
    return {
        typeName: () => undefined,
        callStatic: () => undefined,
        callInstance: () => undefined,
        getField: (self, name) => {
            if (!(self instanceof DmlResultValue)) return undefined;
            const getter = GETTERS[name.toLowerCase()];
            if (!getter) return undefined;
            // The run context is not needed by the result getters (they read the stored result).
            const r = results.callInstance(undefined as never, self.typeName, self, getter, [], []);
            return r ? { value: r.value } : undefined;
        }
    };
}
