/**
 * apexrt's own SOQL AST, lowered once from the apex-parser CST (inline `[SELECT ...]` and dynamic SOQL strings
 * share the grammar's QueryContext). Names are kept as written; the evaluator resolves them against the schema.
 */
import type { ExpressionContext } from '@apexdevtools/apex-parser';

/** A dotted field path as written: ['Account', 'Owner', 'Email']. */
export type FieldPath = string[];

export type AggregateFunction = 'COUNT' | 'COUNT_DISTINCT' | 'SUM' | 'MIN' | 'MAX' | 'AVG';

export type SelectItem =
    | { kind: 'field'; path: FieldPath; alias?: string }
    | { kind: 'aggregate'; fn: AggregateFunction; path: FieldPath | null; alias?: string }
    | { kind: 'subquery'; query: SubQuery }
    /** FIELDS(STANDARD): every standard field of the object (SOQL and SOSL Reference, "FIELDS()"). */
    | { kind: 'standardFields' };

export type ComparisonOperator =
    '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'IN' | 'NOT IN' | 'INCLUDES' | 'EXCLUDES';

/** A bind `:expr`: the Apex expression (CST, for inline SOQL) and its text. */
export interface BindReference {
    kind: 'bind';
    text: string;
    expression: ExpressionContext | null;
    /**
     * Position among the query's binds in source order (0-based), the order in which the interpreter's lowering
     * collects inline-SOQL binds (SoqlExpr.binds), so bind values can be passed as a list (see bindsFromList).
     */
    index: number;
}

export type Operand =
    | { kind: 'literal'; value: unknown }
    /** A string literal: value unescaped; raw keeps LIKE escapes (\% \_). */
    | { kind: 'string'; value: string; raw: string }
    | { kind: 'list'; items: Operand[] }
    | { kind: 'dateLiteral'; name: string; n?: number }
    | { kind: 'semiJoin'; query: SoqlQuery }
    | BindReference;

export type Condition =
    | { kind: 'and'; items: Condition[] }
    | { kind: 'or'; items: Condition[] }
    | { kind: 'not'; item: Condition }
    | { kind: 'compare'; path: FieldPath; op: ComparisonOperator; value: Operand };

export interface OrderItem {
    path: FieldPath;
    descending: boolean;
    /** Explicit NULLS FIRST/LAST; default: nulls first ascending, last descending. */
    nullsLast: boolean;
}

export type SecurityMode = 'USER_MODE' | 'SYSTEM_MODE' | 'SECURITY_ENFORCED';

export interface SoqlQuery {
    /** The object (or, in a subquery, the child relationship) named in FROM, as written. */
    from: string;
    /**
     * A subquery written `FROM Account.Contacts`: the outer object named before the relationship (SOQL and SOSL
     * Reference, "Understanding Relationship Names": `(SELECT Contact.LastName FROM Account.Contacts) FROM Account`).
     */
    fromParent?: string;
    select: SelectItem[];
    where?: Condition;
    groupBy: FieldPath[];
    orderBy: OrderItem[];
    limit?: Operand;
    offset?: Operand;
    forUpdate: boolean;
    forView: boolean;
    forReference: boolean;
    securityMode?: SecurityMode;
    allRows: boolean;
}

export type SubQuery = SoqlQuery;
