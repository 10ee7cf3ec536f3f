/**
 * `EventBus.ChangeEventHeader` (Apex Reference, "ChangeEventHeader Class"): the header of a Change Data Capture
 * event, with a no-argument constructor and these public properties: entityName, recordIds, changeType,
 * changeOrigin, transactionKey, sequenceNumber, commitTimestamp, commitUser, commitNumber, nulledFields,
 * diffFields, changedFields. A new header holds null in each; it is the value of a change event's ChangeEventHeader
 * field (data/schema/change-events.ts). How two headers compare is not documented (loud).
 */
import { ApexUnsupported } from '../core/values';
import type { NativeLibrary } from '../interpreter/native-library';
import { FieldsValue, fieldsValueAccess } from './fields-value';

const TYPE = 'EventBus.ChangeEventHeader';

export class ChangeEventHeaderValue extends FieldsValue {
    readonly typeName = TYPE;
    constructor() {
        super([
            'entityName',
            'recordIds',
            'changeType',
            'changeOrigin',
            'transactionKey',
            'sequenceNumber',
            'commitTimestamp',
            'commitUser',
            'commitNumber',
            'nulledFields',
            'diffFields',
            'changedFields'
        ]);
    }
    /** Field value equality of records holding two headers (data/field-values.ts): not documented. */
    equals(other: unknown): boolean {
        if (other === this) return true;
        throw new ApexUnsupported(`equality of ${TYPE} values`);
    }
    hashKey(): string {
        throw new ApexUnsupported(`${TYPE} in a record used as Set element or Map key`);
    }
}

const isHeader = (v: unknown): v is ChangeEventHeaderValue => v instanceof ChangeEventHeaderValue;

export function changeEventHeaderNatives(): NativeLibrary {
    return {
        typeName: (name) => (name.toLowerCase() === TYPE.toLowerCase() ? TYPE : undefined),
        callStatic: (_run, typeName, method, args) =>
            typeName.toLowerCase() === TYPE.toLowerCase() && method === '<new>' && args.length === 0
                ? { value: new ChangeEventHeaderValue() }
                : undefined,
        callInstance: () => undefined,
        ...fieldsValueAccess(isHeader),
        isInstance: (v, typeName) => (typeName.toLowerCase() === TYPE.toLowerCase() ? isHeader(v) : undefined),
        equals: (a, b) => {
            if (isHeader(a) || isHeader(b)) throw new ApexUnsupported(`equality of ${TYPE} values`);
            return undefined;
        },
        hash: (v) => {
            if (isHeader(v)) throw new ApexUnsupported(`${TYPE} as Set element or Map key`);
            return undefined;
        },
        runtimeTypeName: (v) => (isHeader(v) ? TYPE : undefined)
    };
}
