// Syntax tree of the OData `$filter` subset the emulator understands.

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type LiteralValue = string | number | boolean | null;

export type FilterNode =
    | {
          kind: 'literal';
          value: LiteralValue;
          /** set for unquoted date-times: sortable UTC key (see timestampKey) */ instant?: string;
      }
    | { kind: 'path'; segments: string[] }
    | { kind: 'compare'; operator: ComparisonOperator; left: FilterNode; right: FilterNode }
    | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
    | { kind: 'not'; operand: FilterNode }
    | { kind: 'lambda'; quantifier: 'any' | 'all'; collection: string[]; variable?: string; predicate?: FilterNode }
    | { kind: 'call'; name: string; args: FilterNode[] };

export class FilterSyntaxError extends Error {
    constructor(
        message: string,
        readonly position: number
    ) {
        super(`${message} (at character ${position + 1})`);
        this.name = 'FilterSyntaxError';
    }
}
