/**
 * ORDER BY comparison (SOQL and SOSL Reference, "ORDER BY"): picklist fields sort in the order their values are
 * defined in setup, not alphabetically; every other type sorts as compareFor does (text case-insensitive).
 * A picklist value outside the definition (possible on an unrestricted picklist) has no documented place: loud.
 */
import { ApexUnsupported } from '../../core/values';
import { FieldSchema } from '../schema/model';
import { compareFor } from './filter';

function definitionIndex(field: FieldSchema, value: unknown): number {
    const text = String(value);
    let i = field.picklistValues.findIndex((p) => p.value === text);
    if (i < 0) i = field.picklistValues.findIndex((p) => p.value.toLowerCase() === text.toLowerCase());
    if (i < 0)
        throw new ApexUnsupported(
            `ORDER BY ${field.name} with the value '${text}', which is not in the picklist's definition`
        );
    return i;
}

/** Ordering of two non-null values of `field` in ORDER BY. */
export function orderCompare(field: FieldSchema, a: unknown, b: unknown): number {
    if (field.type !== 'picklist') return compareFor(field, a, b);
    if (field.picklistValues.length === 0)
        throw new ApexUnsupported(`ORDER BY ${field.name} (apexrt does not know the picklist's value order)`);
    return definitionIndex(field, a) - definitionIndex(field, b);
}
