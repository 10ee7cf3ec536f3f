/**
 * The field attributes EventBus.publish enforces on each event message. Platform Events Developer Guide,
 * "Considerations for Defining and Publishing Platform Events" (platform_events_considerations.htm), "Enforcement
 * of Field Attributes": "Platform event records are validated to ensure that the attributes of their custom fields
 * are enforced. Field attributes include the Required and Default attributes, the precision of number fields, and
 * the maximum length of text fields."
 *
 * So an unset field with a default value gets it (as an insert would, database.ts prepareInsert), and an event
 * that leaves a required field null, or exceeds a field's length or precision, is not published: its
 * Database.SaveResult is not successful. The status code and message of that error are not documented for
 * events: reading them is loud (platform-natives.ts).
 */
import { ApexUnsupported } from '../core/values';
import type { OrgData } from '../data';
import { UnsupportedDefault } from '../data/schema/registry';
import { validateFieldValues } from '../data/save-validation';
import type { SObject } from '../data/sobject';

/** Applies default values to `event` (a copy being published); returns why it fails, or undefined when valid. */
export function publishFailure(org: OrgData, event: SObject): string | undefined {
    const object = event.schema;
    for (const f of object.fields.values()) {
        if (!f.custom || f.defaultValue === undefined || event.isSet(f.name)) continue;
        if (f.defaultValue instanceof UnsupportedDefault)
            throw new ApexUnsupported(`default value formula of ${object.name}.${f.name}: ${f.defaultValue.formula}`);
        event.setRaw(f.name, f.defaultValue);
    }
    const missing = [...object.fields.values()]
        .filter((f) => f.custom && f.required && event.get(f.name) === null)
        .map((f) => f.name);
    if (missing.length) return `required field ${missing.join(', ')} missing`;
    const values = new Map(
        event
            .populatedFields()
            .filter(([name]) => object.fields.get(name.toLowerCase())?.custom)
            .map(([name, value]) => [name.toLowerCase(), value] as [string, unknown])
    );
    const invalid = validateFieldValues(object, values, org.db);
    return invalid.length ? `invalid ${invalid.flatMap((e) => e.fields).join(', ')}` : undefined;
}
