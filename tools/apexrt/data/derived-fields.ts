/**
 * Fields the platform calculates on save for the standard objects apexrt models, and AutoNumber names.
 * - Contact.Name, User.Name: "FirstName LastName" (Object Reference: Name is the concatenation; Salutation is not
 *   part of it).
 * - Opportunity: IsClosed, IsWon, ForecastCategory from the stage (OPPORTUNITY_STAGES); Probability and
 *   ForecastCategoryName take the stage's defaults on insert when not given, and on update when the stage changes
 *   and they were not changed in the same save (INFERRED from the UI/API behaviour of the default sales process);
 *   ExpectedRevenue = Amount × Probability / 100.
 */
import { ApexUnsupported, Decimal } from '../core/values';
import { findOpportunityStage } from './schema/standard-objects';
import { ObjectSchema } from './schema/model';

export type Values = Map<string, unknown>;

function fullName(values: Values): string | null {
    const parts = [values.get('firstname'), values.get('lastname')].filter((p) => typeof p === 'string' && p !== '');
    return parts.length ? parts.join(' ') : null;
}

/**
 * Sets the derived fields of `values` in place. `old` is the stored row on update (undefined on insert);
 * `explicit` are the lower-cased fields the caller set in this save.
 */
export function applyDerivedFields(
    object: ObjectSchema,
    values: Values,
    old: Values | undefined,
    explicit: ReadonlySet<string>
): void {
    switch (object.name) {
        case 'Contact':
        case 'Lead':
        case 'User':
            values.set('name', fullName(values));
            break;
        case 'Opportunity':
            deriveOpportunity(values, old, explicit);
            break;
        default:
            break;
    }
}

function deriveOpportunity(values: Values, old: Values | undefined, explicit: ReadonlySet<string>): void {
    const stageName = values.get('stagename') as string | null | undefined;
    if (stageName == null) return; // required-field validation reports it
    const stage = findOpportunityStage(stageName);
    if (!stage) throw new ApexUnsupported(`Opportunity stage '${stageName}' (apexrt knows only the standard stages)`);
    // The stage is matched case-insensitively and stored with its defined spelling (INFERRED).
    values.set('stagename', stage.name);
    values.set('isclosed', stage.closed);
    values.set('iswon', stage.won);
    values.set('forecastcategory', stage.forecastCategory);
    const stageChanged = !old || (old.get('stagename') as string | null) !== stage.name;
    if (stageChanged && !(explicit.has('probability') && values.get('probability') != null)) {
        values.set('probability', new Decimal(stage.probability));
    }
    if (stageChanged && !(explicit.has('forecastcategoryname') && values.get('forecastcategoryname') != null)) {
        values.set('forecastcategoryname', stage.forecastCategoryName);
    }
    const amount = values.get('amount');
    const probability = values.get('probability');
    values.set(
        'expectedrevenue',
        amount instanceof Decimal && probability instanceof Decimal
            ? amount.times(probability).dividedBy(100).toDecimalPlaces(2)
            : null
    );
    if (!values.has('hasopportunitylineitem')) values.set('hasopportunitylineitem', false);
}

/** "SL-{00000}" with counter 7 → "SL-00007"; "{0}" → "7". Date tokens ({YYYY} ...) are not supported. */
export function formatAutoNumber(format: string, counter: number): string {
    const out = format.replace(/\{(0+)\}/, (_, zeros: string) => String(counter).padStart(zeros.length, '0'));
    if (/\{[^}]*\}/.test(out)) throw new ApexUnsupported(`AutoNumber display format ${format}`);
    return out;
}
