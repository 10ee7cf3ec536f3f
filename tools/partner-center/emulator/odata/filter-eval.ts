// Evaluates a parsed `$filter` against one JSON resource.
// Choices where OData/Partner Center behaviour is UNCONFIRMED (tolerant by design):
// - string eq/ne and the string functions ignore case (emails, enum values like 'new' vs 'New');
// - values that both parse as timestamps are compared as instants, so `updatedDateTime ge 2025-01-01T00:00:00Z`
//   and the quoted form both work against 7-digit stored timestamps;
// - a missing property behaves as null; ordering comparisons with null are false.

import { FilterNode } from './filter-ast';
import { getPath } from './property-path';
import { timestampKey } from '../timestamps';

type Scope = ReadonlyMap<string, unknown>;

export function matchesFilter(filter: FilterNode, resource: unknown): boolean {
    return truthy(evaluate(filter, resource, new Map()));
}

function truthy(value: unknown): boolean {
    return value === true;
}

function evaluate(node: FilterNode, resource: unknown, scope: Scope): unknown {
    switch (node.kind) {
        case 'literal':
            return node.value;
        case 'path':
            return resolvePath(node.segments, resource, scope);
        case 'and':
            return truthy(evaluate(node.left, resource, scope)) && truthy(evaluate(node.right, resource, scope));
        case 'or':
            return truthy(evaluate(node.left, resource, scope)) || truthy(evaluate(node.right, resource, scope));
        case 'not':
            return !truthy(evaluate(node.operand, resource, scope));
        case 'compare':
            return compare(node.operator, operand(node.left, resource, scope), operand(node.right, resource, scope));
        case 'lambda': {
            const collection = resolvePath(node.collection, resource, scope);
            const items = Array.isArray(collection) ? collection : [];
            if (!node.predicate || !node.variable) return items.length > 0;
            const test = (item: unknown): boolean =>
                truthy(
                    evaluate(node.predicate as FilterNode, resource, new Map(scope).set(node.variable as string, item))
                );
            return node.quantifier === 'any' ? items.some(test) : items.every(test);
        }
        case 'call':
            return callFunction(
                node.name,
                node.args.map((a) => evaluate(a, resource, scope))
            );
    }
}

interface Operand {
    value: unknown;
    instant?: string;
}

function operand(node: FilterNode, resource: unknown, scope: Scope): Operand {
    if (node.kind === 'literal' && node.instant !== undefined) return { value: node.value, instant: node.instant };
    return { value: evaluate(node, resource, scope) };
}

function resolvePath(segments: readonly string[], resource: unknown, scope: Scope): unknown {
    const [head, ...rest] = segments;
    if (scope.has(head)) return getPath(scope.get(head), rest);
    if (head === '$it') return getPath(resource, rest);
    return getPath(resource, segments);
}

function compare(operator: string, left: Operand, right: Operand): boolean {
    const a = left.value === undefined ? null : left.value;
    const b = right.value === undefined ? null : right.value;
    if (a === null || b === null) {
        if (operator === 'eq') return a === b;
        if (operator === 'ne') return a !== b;
        return false;
    }
    const order = compareValues(left, right, a, b);
    if (order === undefined) return operator === 'ne';
    switch (operator) {
        case 'eq':
            return order === 0;
        case 'ne':
            return order !== 0;
        case 'gt':
            return order > 0;
        case 'ge':
            return order >= 0;
        case 'lt':
            return order < 0;
        default:
            return order <= 0;
    }
}

/** Negative, zero or positive; undefined when the values cannot be compared. */
function compareValues(left: Operand, right: Operand, a: unknown, b: unknown): number | undefined {
    if (left.instant !== undefined || right.instant !== undefined) {
        const x = left.instant ?? (typeof a === 'string' ? timestampKey(a) : undefined);
        const y = right.instant ?? (typeof b === 'string' ? timestampKey(b) : undefined);
        return x === undefined || y === undefined ? undefined : compareText(x, y);
    }
    if (typeof a === 'number' || typeof b === 'number') {
        const x = Number(a);
        const y = Number(b);
        if (typeof a === 'boolean' || typeof b === 'boolean' || Number.isNaN(x) || Number.isNaN(y)) return undefined;
        return Math.sign(x - y);
    }
    if (typeof a === 'boolean' || typeof b === 'boolean') {
        return typeof a === typeof b ? (a === b ? 0 : a ? 1 : -1) : undefined;
    }
    if (typeof a === 'string' && typeof b === 'string') {
        const x = /T/i.test(a) ? timestampKey(a) : undefined;
        const y = /T/i.test(b) ? timestampKey(b) : undefined;
        if (x !== undefined && y !== undefined) return compareText(x, y);
        return compareText(a.toLowerCase(), b.toLowerCase());
    }
    return undefined;
}

function compareText(x: string, y: string): number {
    return x < y ? -1 : x > y ? 1 : 0;
}

function callFunction(name: string, args: unknown[]): unknown {
    const text = (v: unknown): string | undefined => (typeof v === 'string' ? v.toLowerCase() : undefined);
    if (name === 'tolower' || name === 'toupper') {
        const v = args[0];
        if (typeof v !== 'string') return null;
        return name === 'tolower' ? v.toLowerCase() : v.toUpperCase();
    }
    const [haystack, needle] = [text(args[0]), text(args[1])];
    if (haystack === undefined || needle === undefined) return false;
    if (name === 'contains') return haystack.includes(needle);
    if (name === 'startswith') return haystack.startsWith(needle);
    return haystack.endsWith(needle);
}
