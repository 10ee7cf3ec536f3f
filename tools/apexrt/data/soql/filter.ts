/**
 * WHERE evaluation. SOQL semantics reproduced (SOQL and SOSL Reference, "Comparison Operators"):
 * - text comparisons (=, !=, <, >, LIKE, IN) are case-insensitive; LIKE supports % and _ and \% \_ escapes;
 * - Id comparisons accept 15- or 18-character Ids;
 * - `= null` / `!= null` test for null; `!=` and NOT IN also match rows whose value is null (INFERRED from the
 *   documented "!= null" idiom and common practice); <, <=, >, >= never match null;
 * - a date literal is a range of days: = inside, != outside, < before its start, > after its end;
 * - INCLUDES/EXCLUDES on multi-select picklists: each operand value is a set of ';'-separated values that must all
 *   be selected.
 * A literal of the wrong kind for the field is the platform's QueryException ("value of filter criterion for field
 * 'X' must be of type T and should not be enclosed in quotes").
 */
import { ApexList, ApexMap, ApexSet } from '../../collections/collections';
import { ApexDate, ApexDatetime, Decimal } from '../../core/values';
import { tryNormalizeId } from '../ids';
import { apexTypeOfField, apexTypeOfValue, isTextType } from '../field-values';
import { FieldSchema } from '../schema/model';
import { SObject } from '../sobject';
import { ComparisonOperator, Operand } from './ast';
import { SoqlClock, dateLiteralRange, localMidnight } from './date-literals';
import { queryException } from './field-paths';

/** A comparison operand after bind resolution. */
export type ResolvedOperand =
    | { kind: 'value'; value: unknown; fromLiteral: 'string' | 'other' | 'bind' }
    | { kind: 'list'; values: unknown[] }
    | { kind: 'range'; start: number; end: number }
    | { kind: 'like'; regex: RegExp };

export interface ResolvedCompare {
    kind: 'compare';
    field: FieldSchema;
    /** Reads the compared value from a row (follows parent hops). */
    read: (row: Readonly<Record<string, unknown>>) => unknown;
    op: ComparisonOperator;
    operand: ResolvedOperand;
}

export type ResolvedCondition =
    { kind: 'and' | 'or'; items: ResolvedCondition[] } | { kind: 'not'; item: ResolvedCondition } | ResolvedCompare;

export type Row = Readonly<Record<string, unknown>>;

export function matches(cond: ResolvedCondition, row: Row): boolean {
    switch (cond.kind) {
        case 'and':
            return cond.items.every((c) => matches(c, row));
        case 'or':
            return cond.items.some((c) => matches(c, row));
        case 'not':
            return !matches(cond.item, row);
        default:
            return compare(cond, row);
    }
}

function compare(c: ResolvedCompare, row: Row): boolean {
    const value = c.read(row) ?? null;
    const o = c.operand;
    switch (c.op) {
        case 'IN':
        case 'NOT IN': {
            if (o.kind !== 'list') throw queryException(`${c.op} needs a list`);
            const found = inList(c.field, o, value);
            return c.op === 'IN' ? found : !found;
        }
        case 'LIKE':
            if (o.kind !== 'like') throw queryException('LIKE needs a string');
            return typeof value === 'string' && o.regex.test(value);
        case 'INCLUDES':
        case 'EXCLUDES': {
            if (o.kind !== 'list') throw queryException(`${c.op} needs a list`);
            const selected = new Set(
                typeof value === 'string' ? value.split(';').map((s) => s.trim().toLowerCase()) : []
            );
            const any = o.values.some(
                (v) => typeof v === 'string' && v.split(';').every((part) => selected.has(part.trim().toLowerCase()))
            );
            return c.op === 'INCLUDES' ? any : !any;
        }
        default:
            break;
    }
    if (o.kind === 'range') return inRange(c.field, value, c.op, o);
    if (o.kind !== 'value') throw queryException(`operator ${c.op} needs a single value`);
    // SOQL and SOSL Reference, "Use null in WHERE": on a boolean field `= null` is `= false`, `!= null` is `= true`.
    // A text field holds no empty string (a blank text value is stored as null), so `= ''` finds the blank values,
    // as `= null` does (INFERRED: public test suites that pass on orgs filter `NamespacePrefix = ''` and expect the
    // org's own rows).
    const blankText = o.value === '' && isTextType(c.field.type);
    const operand = blankText ? null : c.field.type === 'boolean' && o.value === null ? false : o.value;
    if (c.op === '=') return equalsFor(c.field, value, operand);
    if (c.op === '!=') return !equalsFor(c.field, value, operand);
    if (value === null || o.value === null) return false;
    const cmp = compareFor(c.field, value, o.value);
    switch (c.op) {
        case '<':
            return cmp < 0;
        case '<=':
            return cmp <= 0;
        case '>':
            return cmp > 0;
        default:
            return cmp >= 0;
    }
}

function inRange(
    field: FieldSchema,
    value: unknown,
    op: ComparisonOperator,
    range: { start: number; end: number }
): boolean {
    if (value === null) return op === '!=';
    let before: boolean;
    let after: boolean;
    if (value instanceof ApexDate) {
        const day = value.toEpochDay();
        before = day < range.start;
        after = day > range.end;
    } else if (value instanceof ApexDatetime) {
        before = value.epochMs < range.start;
        after = value.epochMs >= range.end;
    } else {
        throw queryException(`date literal used on field ${field.name}, which is not a date or dateTime field`);
    }
    switch (op) {
        case '=':
            return !before && !after;
        case '!=':
            return before || after;
        case '<':
            return before;
        case '<=':
            return !after;
        case '>':
            return after;
        case '>=':
            return !before;
        default:
            throw queryException(`operator ${op} with a date literal`);
    }
}

/** An IN list's text items (Ids or text) as their equality keys, or null when an item is not text. */
type ListLookup = { keys: Set<string>; hasNull: boolean } | null;
const listLookups = new WeakMap<{ values: unknown[] }, ListLookup>();

/**
 * Whether `value` equals an item of an IN / NOT IN list, under equalsFor. A list of text items (or nulls) is
 * looked up by textKey, the key equalsFor compares strings by: the same answer in one lookup per row instead of
 * one comparison per item (a page of 100 Ids against 50,000 rows).
 */
function inList(field: FieldSchema, list: { values: unknown[] }, value: unknown): boolean {
    let lookup = listLookups.get(list);
    if (lookup === undefined) {
        const text = list.values.every((v) => v === null || v === undefined || typeof v === 'string');
        lookup = text
            ? {
                  keys: new Set(
                      list.values.filter((v): v is string => typeof v === 'string').map((v) => textKey(field, v))
                  ),
                  hasNull: list.values.some((v) => v === null || v === undefined)
              }
            : null;
        listLookups.set(list, lookup);
    }
    if (lookup && (value === null || typeof value === 'string'))
        return value === null ? lookup.hasNull : lookup.keys.has(textKey(field, value));
    return list.values.some((v) => equalsFor(field, value, v));
}

/** The key two strings are equal by in SOQL: an Id field's canonical Id, otherwise the lower-cased text. */
function textKey(field: FieldSchema, text: string): string {
    if (field.type === 'id' || field.type === 'reference') return tryNormalizeId(text) ?? text;
    return text.toLowerCase();
}

/** Equality under SOQL rules for the field's type. */
export function equalsFor(field: FieldSchema, a: unknown, b: unknown): boolean {
    if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
    return compareFor(field, a, b) === 0;
}

/** Ordering under SOQL rules (text case-insensitive); both values non-null. */
export function compareFor(field: FieldSchema, a: unknown, b: unknown): number {
    if (typeof a === 'string' && typeof b === 'string') {
        const x = textKey(field, a);
        const y = textKey(field, b);
        return x < y ? -1 : x > y ? 1 : 0;
    }
    const na = asDecimal(a);
    const nb = asDecimal(b);
    if (na && nb) return na.comparedTo(nb);
    if (a instanceof ApexDate && b instanceof ApexDate) return a.toEpochDay() - b.toEpochDay();
    if (a instanceof ApexDatetime && b instanceof ApexDatetime) return a.epochMs - b.epochMs;
    if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
    throw queryException(
        `Invalid bind expression type of ${apexTypeOfValue(b)} for column of type ${apexTypeOfField(field.type)}`
    );
}

function asDecimal(v: unknown): Decimal | undefined {
    if (v instanceof Decimal) return v;
    if (typeof v === 'number') return new Decimal(v);
    if (typeof v === 'bigint') return new Decimal(v.toString());
    return undefined;
}

/** LIKE pattern → RegExp: % any run, _ one character, backslash escapes; case-insensitive. */
export function likeToRegExp(pattern: string): RegExp {
    let out = '';
    for (let i = 0; i < pattern.length; i++) {
        const ch = pattern[i];
        if (ch === '\\' && i + 1 < pattern.length) {
            out += escapeRegExp(pattern[++i]);
        } else if (ch === '%') out += '[\\s\\S]*';
        else if (ch === '_') out += '[\\s\\S]';
        else out += escapeRegExp(ch);
    }
    return new RegExp(`^${out}$`, 'i');
}

function escapeRegExp(ch: string): string {
    return ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Checks that a literal suits the field, and normalises Ids. */
export function checkLiteralForField(field: FieldSchema, operand: Operand, value: unknown): unknown {
    if (value === null) return null;
    const mustBe = (type: string) =>
        queryException(
            `value of filter criterion for field '${field.name}' must be of type ${type} and should not be enclosed in quotes`
        );
    if (field.type === 'id' || field.type === 'reference') {
        if (typeof value !== 'string') throw mustBe('id');
        // An empty string compares as null (no record has an empty Id) rather than failing as an invalid Id
        // (INFERRED: public test suites that pass on orgs bind '' to Id filters and expect no rows, no exception).
        if (value === '') return null;
        const id = tryNormalizeId(value);
        if (!id) throw queryException(`invalid ID field: ${value}`);
        return id;
    }
    if (isTextType(field.type)) {
        if (operand.kind !== 'string' && operand.kind !== 'bind' && operand.kind !== 'list')
            throw queryException(
                `value of filter criterion for field '${field.name}' must be of type string and should be enclosed in quotes`
            );
        return value;
    }
    if (operand.kind === 'string') {
        const t = { boolean: 'boolean', date: 'date', datetime: 'dateTime' } as Record<string, string>;
        throw mustBe(t[field.type] ?? 'double');
    }
    if (field.type === 'datetime' && value instanceof ApexDate) throw mustBe('dateTime');
    if (field.type === 'date' && value instanceof ApexDatetime) throw mustBe('date');
    return value;
}

/** Date-literal range for the field: epoch days for date fields, instants for dateTime fields. */
export function dateRangeFor(
    field: FieldSchema,
    name: string,
    n: number | undefined,
    clock: SoqlClock
): { start: number; end: number } {
    const days = dateLiteralRange(name, n, clock);
    if (field.type === 'date') return days;
    if (field.type === 'datetime')
        return { start: localMidnight(days.start, clock.timeZone), end: localMidnight(days.end + 1, clock.timeZone) };
    throw queryException(`date literal ${name} used on field ${field.name}, which is not a date or dateTime field`);
}

/** Normalises a bind value into list items (Apex List/Set, JS arrays and Sets, iterables; SObjects → their Id). */
export function bindItems(value: unknown): unknown[] {
    if (value === null || value === undefined) return [];
    if (typeof value === 'string') return [value];
    if (value instanceof ApexList) return value.items.map(sobjectToId);
    if (value instanceof ApexSet) return value.values().map(sobjectToId);
    if (value instanceof ApexMap) throw queryException('a Map cannot be bound to IN; use keySet() or values()');
    if (typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function')
        return [...(value as Iterable<unknown>)].map(sobjectToId);
    return [sobjectToId(value)];
}

export function sobjectToId(v: unknown): unknown {
    return v instanceof SObject ? v.id : v;
}
