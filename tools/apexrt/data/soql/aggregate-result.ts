/**
 * One row of an aggregate query (Apex `AggregateResult`): values by alias; unaliased aggregate expressions are
 * named expr0, expr1 ... in select order (SOQL and SOSL Reference, "Using Aliases with GROUP BY"). Reading an alias
 * that is not there is System.SObjectException "Invalid field <alias> for AggregateResult" (INFERRED wording, as
 * for SObject.get).
 */
import { ApexThrow } from '../../core/values';

export class AggregateResultRow {
    private readonly values = new Map<string, { name: string; value: unknown }>();

    constructor(entries: [string, unknown][]) {
        for (const [name, value] of entries) this.values.set(name.toLowerCase(), { name, value });
    }

    get(alias: string): unknown {
        const entry = this.values.get(alias.toLowerCase());
        if (!entry) throw new ApexThrow('System.SObjectException', `Invalid field ${alias} for AggregateResult`);
        return entry.value ?? null;
    }

    /** Alias → value in select order (for JSON and debug output). */
    entries(): [string, unknown][] {
        return [...this.values.values()].map((e) => [e.name, e.value]);
    }
}
