/**
 * `AggregateResult`, the row type of an aggregate SOQL query (Apex Developer Guide, "Working with SOQL Aggregate
 * Functions"): a read-only SObject whose values are read with `get(alias)`; an aggregate without an alias is
 * `expr0`, `expr1` ... (SOQL and SOSL Reference, "Using Aliases with GROUP BY"). The rows come from the data
 * layer (data/soql/aggregate-result.ts).
 */
import { ApexUnsupported } from '../core/values';
import type { NativeLibrary } from '../interpreter/native-library';
import { AggregateResultRow } from '../data/soql/aggregate-result';
import { T } from '../types/typeref';

const NAME = 'AggregateResult';
const isName = (n: string): boolean => /^(schema\.)?aggregateresult$/i.test(n);

export function aggregateNatives(format: (v: unknown) => string): NativeLibrary {
    return {
        typeName: (n) => (isName(n) ? NAME : undefined),
        callStatic: () => undefined,
        callInstance: (_run, typeName, self, method, args) => {
            if (!isName(typeName) && !(self instanceof AggregateResultRow)) return undefined;
            if (!(self instanceof AggregateResultRow)) return undefined;
            const m = method.toLowerCase();
            // SObject.get(fieldName) is the documented way to read an AggregateResult (Apex Developer Guide,
            // "Working with SOQL Aggregate Functions"); a put or a token argument is not modelled.
            if (m === 'get' && args.length === 1 && typeof args[0] === 'string')
                return { value: self.get(args[0]), returnType: T.Object };
            throw new ApexUnsupported(`AggregateResult.${method}`);
        },
        returnType: (typeName, method, isStatic) =>
            isName(typeName) && !isStatic && method.toLowerCase() === 'get' ? T.Object : undefined,
        getField: (self, name) => {
            if (!(self instanceof AggregateResultRow)) return undefined;
            throw new ApexUnsupported(`field access ${name} on AggregateResult (use get)`);
        },
        isInstance: (v, typeName) =>
            v instanceof AggregateResultRow
                ? isName(typeName) || /^(schema\.)?sobject$/i.test(typeName) || /^object$/i.test(typeName)
                : isName(typeName)
                  ? false
                  : undefined,
        runtimeTypeName: (v) => (v instanceof AggregateResultRow ? NAME : undefined),
        // An AggregateResult renders as an SObject does: `AggregateResult:{alias=value, ...}` (System.debug of
        // an SObject, Apex Developer Guide "SObject Types").
        format: (v) =>
            v instanceof AggregateResultRow
                ? `${NAME}:{${v
                      .entries()
                      .map(([k, x]) => `${k}=${format(x)}`)
                      .join(', ')}}`
                : undefined
    };
}
