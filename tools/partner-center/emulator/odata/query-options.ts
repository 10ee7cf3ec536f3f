// $orderby, $top, $skip, $select and $skiptoken handling for collection GETs.

import { FilterNode, FilterSyntaxError } from './filter-ast';
import { parseFilter } from './filter-parser';
import { matchesFilter } from './filter-eval';
import { getPath, getProperty } from './property-path';
import { timestampKey } from '../timestamps';

/** Page size cap: collections over 100 items are paged (docs/reference/apex-semantics.md §2.3, UNCONFIRMED for today's service). */
export const MAX_PAGE_SIZE = 100;

export class QueryOptionError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'QueryOptionError';
    }
}

export interface OrderByTerm {
    segments: string[];
    descending: boolean;
}

export interface CollectionQuery {
    filter?: FilterNode;
    orderBy: OrderByTerm[];
    /** Total number of items the client asked for ($top), undefined = all. */
    top?: number;
    skip: number;
    select?: string[][];
    /** Items already returned by earlier pages (from $skiptoken). */
    offset: number;
    count: boolean;
}

/** Reads the OData options from URL search params; option names are matched with or without `$`, any case. */
export function parseCollectionQuery(params: URLSearchParams): CollectionQuery {
    const get = (name: string): string | undefined => {
        for (const [key, value] of params) {
            const k = key.toLowerCase();
            if (k === `$${name}` || k === name) return value;
        }
        return undefined;
    };
    let filter: FilterNode | undefined;
    const filterText = get('filter');
    if (filterText !== undefined) {
        try {
            filter = parseFilter(filterText);
        } catch (error) {
            if (error instanceof FilterSyntaxError) throw new QueryOptionError(`Invalid $filter: ${error.message}`);
            throw error;
        }
    }
    return {
        filter,
        orderBy: parseOrderBy(get('orderby')),
        top: parseNonNegativeInteger('$top', get('top')),
        skip: parseNonNegativeInteger('$skip', get('skip')) ?? 0,
        select: parseSelect(get('select')),
        offset: decodeSkipToken(get('skiptoken')),
        count: (get('count') ?? '').toLowerCase() === 'true'
    };
}

function parseNonNegativeInteger(name: string, raw: string | undefined): number | undefined {
    if (raw === undefined) return undefined;
    if (!/^\s*\d+\s*$/.test(raw)) throw new QueryOptionError(`${name} must be a non-negative integer, got '${raw}'`);
    return Number(raw);
}

function parseOrderBy(raw: string | undefined): OrderByTerm[] {
    if (raw === undefined || !raw.trim()) return [];
    return raw.split(',').map((term) => {
        const match = /^\s*([A-Za-z_][A-Za-z0-9_]*(?:\/[A-Za-z_][A-Za-z0-9_]*)*)(?:\s+(asc|desc))?\s*$/i.exec(term);
        if (!match) throw new QueryOptionError(`Invalid $orderby term '${term.trim()}'`);
        return { segments: match[1].split('/'), descending: (match[2] ?? '').toLowerCase() === 'desc' };
    });
}

function parseSelect(raw: string | undefined): string[][] | undefined {
    if (raw === undefined || !raw.trim() || raw.trim() === '*') return undefined;
    return raw.split(',').map((item) => {
        const trimmed = item.trim();
        if (!/^[A-Za-z_@][A-Za-z0-9_.@]*(?:\/[A-Za-z_][A-Za-z0-9_]*)*$/.test(trimmed)) {
            throw new QueryOptionError(`Invalid $select item '${trimmed}'`);
        }
        return trimmed.split('/');
    });
}

/** The skip token is opaque to clients; inside it is the number of items already served. */
export function encodeSkipToken(offset: number): string {
    return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodeSkipToken(raw: string | undefined): number {
    if (raw === undefined) return 0;
    try {
        const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { o?: unknown };
        if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0) return parsed.o;
    } catch {
        // fall through to the error below
    }
    throw new QueryOptionError('Invalid $skiptoken');
}

export interface CollectionPage<T> {
    items: T[];
    /** Matching items before paging. */
    total: number;
    /** Offset for the next page, undefined when this is the last page. */
    nextOffset?: number;
}

export function runCollectionQuery<T>(
    all: readonly T[],
    query: CollectionQuery,
    pageSize = MAX_PAGE_SIZE
): CollectionPage<T> {
    const matching = query.filter ? all.filter((item) => matchesFilter(query.filter as FilterNode, item)) : [...all];
    sortInPlace(matching, query.orderBy);
    const windowEnd = query.top === undefined ? matching.length : Math.min(matching.length, query.skip + query.top);
    const start = query.skip + query.offset;
    const end = Math.min(windowEnd, start + Math.min(pageSize, MAX_PAGE_SIZE));
    const items = start < end ? matching.slice(start, end) : [];
    return { items, total: matching.length, nextOffset: end < windowEnd ? query.offset + items.length : undefined };
}

function sortInPlace<T>(items: T[], orderBy: OrderByTerm[]): void {
    if (orderBy.length === 0) return;
    items.sort((x, y) => {
        for (const term of orderBy) {
            const order = compareForSort(getPath(x, term.segments), getPath(y, term.segments));
            if (order !== 0) return term.descending ? -order : order;
        }
        return 0;
    });
}

// Nulls sort first in ascending order (OData convention).
function compareForSort(a: unknown, b: unknown): number {
    const aNull = a === null || a === undefined;
    const bNull = b === null || b === undefined;
    if (aNull || bNull) return aNull && bNull ? 0 : aNull ? -1 : 1;
    if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
    if (typeof a === 'string' && typeof b === 'string') {
        const x = /T/i.test(a) ? timestampKey(a) : undefined;
        const y = /T/i.test(b) ? timestampKey(b) : undefined;
        const [p, q] = x !== undefined && y !== undefined ? [x, y] : [a, b];
        return p < q ? -1 : p > q ? 1 : 0;
    }
    const sa = JSON.stringify(a);
    const sb = JSON.stringify(b);
    return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Keeps only the selected properties (nested paths keep their parents' shape). */
export function applySelect(
    resource: Record<string, unknown>,
    select: string[][] | undefined
): Record<string, unknown> {
    if (!select) return resource;
    const result: Record<string, unknown> = {};
    for (const segments of select) copyPath(resource, result, segments);
    return result;
}

function copyPath(source: unknown, target: Record<string, unknown>, segments: string[]): void {
    const [head, ...rest] = segments;
    if (source === null || typeof source !== 'object') return;
    const key = Object.keys(source as object).find((k) => k.toLowerCase() === head.toLowerCase());
    if (key === undefined) return;
    const value = getProperty(source, key);
    if (rest.length === 0 || value === null || typeof value !== 'object' || Array.isArray(value)) {
        target[key] = value;
        return;
    }
    const child = (target[key] as Record<string, unknown> | undefined) ?? {};
    target[key] = child;
    copyPath(value, child, rest);
}
