/**
 * SOQL evaluation over the in-memory store, as a plain pipeline (docs/reference/apex-semantics.md §4.4):
 * scan → filter → (group/aggregate) → sort → offset/limit → project (parent paths through the Id index, child
 * subqueries through the child relationships). Rows come back as fresh SObjects marked with the queried fields.
 *
 * Query-row accounting (`rowsCounted`, for Limits.getQueryRows): every returned record, plus every child record of
 * a subquery. Aggregate queries (Apex Developer Guide, "Working with SOQL Aggregate Functions"): a query whose only
 * aggregates are COUNT() / COUNT(field) counts one row, or one row per group with GROUP BY (the groups formed,
 * before LIMIT/OFFSET: INFERRED); any other aggregate function counts every row it aggregates. A GROUP BY without
 * aggregate functions counts the rows grouped (INFERRED from the same page).
 */
import { ApexList, ApexSet } from '../../collections/collections';
import { ApexThrow, ApexUnsupported, Decimal } from '../../core/values';
import { Database } from '../database';
import { FieldSchema, ObjectSchema, UnmodelledValue } from '../schema/model';
import { SObject } from '../sobject';
import {
    AggregateFunction,
    BindReference,
    Condition,
    Operand,
    OrderItem,
    SecurityMode,
    SelectItem,
    SoqlQuery
} from './ast';
import { SoqlClock } from './date-literals';
import { ResolvedPath, queryException, resolvePath, unknownObject, unknownRelationship } from './field-paths';
import {
    ResolvedCondition,
    ResolvedOperand,
    Row,
    bindItems,
    checkLiteralForField,
    compareFor,
    dateRangeFor,
    likeToRegExp,
    matches,
    sobjectToId
} from './filter';
import { AggregateResultRow } from './aggregate-result';
import { parseSoql } from './lower';
import { orderCompare } from './order-by';

export interface SoqlEnvironment {
    db: Database;
    clock: SoqlClock;
    /** Resolves `:expr`. Inline SOQL: the interpreter evaluates `bind.expression`; dynamic SOQL: see bindsFromMap. */
    resolveBind(bind: BindReference): unknown;
    /**
     * Record visibility of code running with sharing (platform/record-visibility.ts): rows it rejects are not
     * returned (main and subquery rows); a relationship field reaching a rejected record is refused loudly.
     */
    visible?: (object: ObjectSchema, row: Row) => boolean;
    /** Rows of an object the store does not hold but computes for this query (UserRecordAccess). */
    computedRows?: (object: ObjectSchema) => Row[] | undefined;
}

export interface QueryResult {
    /** 'records': SObject rows; 'count': SELECT COUNT(); 'aggregate': AggregateResult rows. */
    kind: 'records' | 'count' | 'aggregate';
    records: SObject[];
    aggregates: AggregateResultRow[];
    count: number;
    /** Rows to count against the query-rows governor limit. */
    rowsCounted: number;
    /** The object queried (canonical name). */
    objectType: string;
    securityMode?: SecurityMode;
    forUpdate: boolean;
}

export function runSoql(text: string, env: SoqlEnvironment): QueryResult {
    return runQuery(parseSoql(text), env);
}

/** Binds for Database.queryWithBinds: keys are matched case-insensitively (INFERRED: Apex names are). */
export function bindsFromMap(binds: Map<string, unknown> | Record<string, unknown>): (bind: BindReference) => unknown {
    const entries = binds instanceof Map ? [...binds.entries()] : Object.entries(binds);
    const lower = new Map(entries.map(([k, v]) => [k.toLowerCase(), v]));
    return (bind) => {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(bind.text))
            throw new ApexUnsupported(`queryWithBinds bind expression :${bind.text} (only simple names)`);
        if (!lower.has(bind.text.toLowerCase()))
            throw queryException(`Key '${bind.text}' does not exist in the bindMap`);
        return lower.get(bind.text.toLowerCase());
    };
}

/** Binds for inline SOQL whose values the interpreter evaluated in order (SoqlExpr.binds → bindValues). */
export function bindsFromList(values: readonly unknown[]): (bind: BindReference) => unknown {
    return (bind) => {
        if (bind.index < 0 || bind.index >= values.length)
            throw new Error(`no value for bind #${bind.index} :${bind.text}`);
        return values[bind.index];
    };
}

export function runQuery(query: SoqlQuery, env: SoqlEnvironment): QueryResult {
    const schema = env.db.schema;
    const object = schema.getObject(query.from);
    if (!object || object.kind === 'platformEvent') throw unknownObject(query.from, schema);
    if (object.unmodelledRows) throw new ApexUnsupported(`a query of ${object.name} (${object.unmodelledRows})`);
    // SOQL and SOSL Reference, "FOR UPDATE": "You can't use the ORDER BY clause in any SOQL query that uses
    // locking" — refused by the platform with an undocumented error (platform/record-locks.ts).
    if (query.forUpdate && query.orderBy.length)
        throw new ApexUnsupported(
            'SOQL FOR UPDATE with ORDER BY (the platform refuses it; its error is not documented)'
        );
    if (query.forView || query.forReference) throw new ApexUnsupported('SOQL FOR VIEW / FOR REFERENCE');
    const where = query.where ? resolveCondition(query.where, object, env) : undefined;
    // ALL ROWS adds the recycle bin (deleted rows, IsDeleted = true).
    const scanned =
        env.computedRows?.(object) ??
        (query.allRows ? [...env.db.rows(object), ...env.db.deletedRows(object)] : env.db.rows(object));
    const visible = env.visible;
    let rows = scanned.filter((r) => (!where || matches(where, r)) && (!visible || visible(object, r)));
    const aggregates = query.select.filter((s) => s.kind === 'aggregate');
    const result = (kind: QueryResult['kind']): QueryResult => ({
        kind,
        records: [],
        aggregates: [],
        count: 0,
        rowsCounted: 0,
        objectType: object.name,
        securityMode: query.securityMode,
        forUpdate: query.forUpdate
    });
    if (
        aggregates.length === 1 &&
        query.select.length === 1 &&
        aggregates[0].kind === 'aggregate' &&
        aggregates[0].path === null
    ) {
        if (query.groupBy.length) throw new ApexUnsupported('SOQL COUNT() with GROUP BY');
        const r = result('count');
        r.count = applyOffsetLimit(rows, query, env).length;
        r.rowsCounted = 1;
        return r;
    }
    if (aggregates.length || query.groupBy.length) {
        const r = result('aggregate');
        const grouped = aggregate(query, object, rows, env);
        r.aggregates = grouped.rows;
        const countsOnly = aggregates.length > 0 && aggregates.every((a) => a.kind === 'aggregate' && a.fn === 'COUNT');
        r.rowsCounted = !countsOnly ? rows.length : query.groupBy.length ? grouped.groups : 1;
        return r;
    }
    rows = sortRows(rows, query.orderBy, object, env.db);
    rows = applyOffsetLimit(rows, query, env);
    const r = result('records');
    const state: EvalState = { result: r, childRows: new Map() };
    r.records = rows.map((row) => project(query.select, object, row, env, state));
    r.rowsCounted += r.records.length;
    return r;
}

// ----- WHERE -----

function readerFor(resolved: ResolvedPath, db: Database): (row: Row) => unknown {
    const key = resolved.field.name.toLowerCase();
    return (row) => {
        let current: Row | undefined = row;
        for (const hop of resolved.hops) {
            current = db.parentRow(hop, current[hop.name.toLowerCase()])?.row;
            if (!current) return null;
        }
        return current[key] ?? null;
    };
}

function resolveCondition(cond: Condition, object: ObjectSchema, env: SoqlEnvironment): ResolvedCondition {
    switch (cond.kind) {
        case 'and':
        case 'or':
            return { kind: cond.kind, items: cond.items.map((c) => resolveCondition(c, object, env)) };
        case 'not':
            return { kind: 'not', item: resolveCondition(cond.item, object, env) };
        default: {
            const resolved = resolvePath(env.db.schema, object, cond.path);
            return {
                kind: 'compare',
                field: resolved.field,
                read: readerFor(resolved, env.db),
                op: cond.op,
                operand: resolveOperand(cond.op, cond.value, resolved.field, env)
            };
        }
    }
}

function resolveOperand(op: string, operand: Operand, field: FieldSchema, env: SoqlEnvironment): ResolvedOperand {
    const listOp = op === 'IN' || op === 'NOT IN' || op === 'INCLUDES' || op === 'EXCLUDES';
    if (operand.kind === 'dateLiteral')
        return { kind: 'range', ...dateRangeFor(field, operand.name, operand.n, env.clock) };
    if (operand.kind === 'semiJoin') {
        if (!listOp) throw queryException('a semi-join subquery needs IN or NOT IN');
        return {
            kind: 'list',
            values: semiJoinValues(operand.query, env).map((v) => checkLiteralForField(field, operand, v))
        };
    }
    if (op === 'LIKE') {
        if (operand.kind === 'string') return { kind: 'like', regex: likeToRegExp(operand.raw) };
        if (operand.kind === 'bind') {
            const v = env.resolveBind(operand);
            if (typeof v !== 'string') throw queryException('LIKE needs a String bind value');
            return { kind: 'like', regex: likeToRegExp(v) };
        }
        throw queryException('LIKE needs a string');
    }
    if (listOp) {
        let items: unknown[];
        if (operand.kind === 'list') items = operand.items.map((i) => literalValue(i, field, env));
        else if (operand.kind === 'bind') items = bindItems(env.resolveBind(operand));
        else throw queryException(`${op} needs a list of values`);
        return { kind: 'list', values: items.map((v) => checkLiteralForField(field, operand, v)) };
    }
    const value = literalValue(operand, field, env);
    return {
        kind: 'value',
        value: checkLiteralForField(field, operand, value),
        fromLiteral: operand.kind === 'string' ? 'string' : operand.kind === 'bind' ? 'bind' : 'other'
    };
}

function literalValue(operand: Operand, field: FieldSchema, env: SoqlEnvironment): unknown {
    switch (operand.kind) {
        case 'literal':
            return checkLiteralForField(field, operand, operand.value);
        case 'string':
            return checkLiteralForField(field, operand, operand.value);
        case 'bind': {
            const v = env.resolveBind(operand);
            if (
                v !== null &&
                typeof v === 'object' &&
                (typeof (v as Iterable<unknown>)[Symbol.iterator] === 'function' ||
                    v instanceof ApexList ||
                    v instanceof ApexSet)
            ) {
                throw queryException(`Invalid bind expression: a collection needs IN or NOT IN (:${operand.text})`);
            }
            return sobjectToId(v);
        }
        default:
            throw queryException(`unexpected value in comparison with ${field.name}`);
    }
}

/** `Id IN (SELECT AccountId FROM Opportunity WHERE ...)`: the selected values of the inner query. */
function semiJoinValues(query: SoqlQuery, env: SoqlEnvironment): unknown[] {
    if (query.select.length !== 1 || query.select[0].kind !== 'field')
        throw queryException('a semi-join subquery selects exactly one field');
    const object = env.db.schema.getObject(query.from);
    if (!object) throw unknownObject(query.from);
    const resolved = resolvePath(env.db.schema, object, query.select[0].path);
    if (resolved.field.type !== 'id' && resolved.field.type !== 'reference')
        throw new ApexUnsupported('SOQL semi-join on a non-Id field');
    const inner = runQuery({ ...query, select: [{ kind: 'field', path: ['Id'] }] }, env);
    const read = readerFor(resolved, env.db);
    return inner.records.map((r) => read(env.db.getRow(r.id!)!.row)).filter((v) => v !== null);
}

// ----- ORDER BY / LIMIT / OFFSET -----

function sortRows(rows: Row[], order: OrderItem[], object: ObjectSchema, db: Database): Row[] {
    if (!order.length) return rows;
    const keys = order.map((o) => {
        const resolved = resolvePath(db.schema, object, o.path);
        return { o, field: resolved.field, read: readerFor(resolved, db) };
    });
    return rows
        .map((row, i) => ({ row, i, values: keys.map((k) => k.read(row)) }))
        .sort((a, b) => {
            for (let k = 0; k < keys.length; k++) {
                const { o, field } = keys[k];
                const x = a.values[k];
                const y = b.values[k];
                if (x === null && y === null) continue;
                if (x === null || y === null) return (x === null) === o.nullsLast ? 1 : -1;
                const c = orderCompare(field, x, y);
                if (c !== 0) return o.descending ? -c : c;
            }
            return a.i - b.i;
        })
        .map((x) => x.row);
}

function intOperand(operand: Operand | undefined, env: SoqlEnvironment, what: string): number | undefined {
    if (!operand) return undefined;
    const v =
        operand.kind === 'literal' ? operand.value : operand.kind === 'bind' ? env.resolveBind(operand) : undefined;
    const n = v instanceof Decimal ? v.toNumber() : typeof v === 'bigint' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
        throw queryException(`${what} must be a non-negative integer`);
    return n;
}

function applyOffsetLimit<T>(rows: T[], query: SoqlQuery, env: SoqlEnvironment): T[] {
    const offset = intOperand(query.offset, env, 'OFFSET') ?? 0;
    // SOQL and SOSL Reference, OFFSET: the maximum offset is 2,000 rows.
    if (offset > 2000) throw queryException('Maximum SOQL offset allowed is 2000');
    const limit = intOperand(query.limit, env, 'LIMIT');
    return rows.slice(offset, limit === undefined ? undefined : offset + limit);
}

// ----- projection -----

/** Per-query evaluation state: the result being built and, per subquery, its matching child rows by parent Id. */
interface EvalState {
    result: QueryResult;
    childRows: Map<SoqlQuery, Map<unknown, Row[]>>;
}

function project(
    select: SelectItem[],
    object: ObjectSchema,
    row: Row,
    env: SoqlEnvironment,
    state: EvalState
): SObject {
    const db = env.db;
    const record = new SObject(db.schema, object);
    record.setRaw('Id', row.id ?? null);
    const loaded = new Map<SObject, Set<string>>([[record, new Set(['id'])]]);
    for (const item of expandStandardFields(select, object, record)) {
        if (item.kind === 'aggregate') throw queryException('aggregate functions need an aggregate query');
        if (item.kind === 'subquery') {
            const children = childRecords(item.query, object, row, env, state);
            record.setChildren(children.relationshipName, children.records);
            loaded.get(record)!.add(children.relationshipName.toLowerCase());
            continue;
        }
        if (item.kind === 'standardFields') continue; // expanded above
        const resolved = resolvePath(db.schema, object, item.path);
        let target = record;
        let current: Row | undefined = row;
        for (const hop of resolved.hops) {
            const relName = hop.relationshipName!;
            loaded.get(target)!.add(relName.toLowerCase());
            const parentRow = db.parentRow(hop, current?.[hop.name.toLowerCase()]);
            if (!parentRow) {
                target.putSObject(relName, null);
                current = undefined;
                break;
            }
            if (env.visible && !env.visible(parentRow.object, parentRow.row))
                throw new ApexUnsupported(
                    `a query with sharing reading ${object.name}.${item.path.join('.')} of a ${parentRow.object.name} the running user cannot read`
                );
            const existing = safeParent(target, relName);
            const parent = existing ?? new SObject(db.schema, parentRow.object);
            if (!existing) {
                parent.setRaw('Id', parentRow.row.id ?? null);
                target.putSObject(relName, parent);
                loaded.set(parent, new Set(['id']));
            }
            target = parent;
            current = parentRow.row;
        }
        if (current) {
            const value = current[resolved.field.name.toLowerCase()];
            if (value instanceof UnmodelledValue) throw new ApexUnsupported(value.what);
            target.setRaw(resolved.field.name, value ?? null);
            loaded.get(target)!.add(resolved.field.name.toLowerCase());
        }
    }
    for (const [r, fields] of loaded) r.markQueried(fields);
    return record;
}

/**
 * FIELDS(STANDARD) (SOQL and SOSL Reference, "FIELDS()": the object's standard fields) as the field items of the
 * standard fields apexrt models. The platform's list is longer than apexrt's hand-written one, so the record is
 * marked: a field outside it reads as unsupported (SObject.field), and so does output of the whole record.
 */
function expandStandardFields(select: SelectItem[], object: ObjectSchema, record: SObject): SelectItem[] {
    if (!select.some((s) => s.kind === 'standardFields')) return select;
    record.partialFields = `${object.name} selected with FIELDS(STANDARD) (apexrt models only some standard fields)`;
    return select.flatMap((s): SelectItem[] =>
        s.kind === 'standardFields'
            ? [...object.fields.values()]
                  .filter((f) => !f.custom)
                  .map((f): SelectItem => ({ kind: 'field', path: [f.name] }))
            : [s]
    );
}

function safeParent(record: SObject, relationshipName: string): SObject | null {
    return (
        record.populatedParents().find(([name]) => name.toLowerCase() === relationshipName.toLowerCase())?.[1] ?? null
    );
}

function childRecords(
    query: SoqlQuery,
    parent: ObjectSchema,
    parentRow: Row,
    env: SoqlEnvironment,
    state: EvalState
): { relationshipName: string; records: SObject[] } {
    // `FROM Account.Contacts` names the outer object first ("Understanding Relationship Names"); another object
    // there is an error whose text is not documented.
    if (
        query.fromParent !== undefined &&
        env.db.schema.localName(query.fromParent).toLowerCase() !== parent.name.toLowerCase()
    )
        throw new ApexUnsupported(
            `SOQL subquery FROM ${query.fromParent}.${query.from} inside a query of ${parent.name}`
        );
    const rel = env.db.schema.childRelationship(parent, query.from);
    if (!rel) throw unknownRelationship(query.from, 'FROM part of query call');
    const child = env.db.schema.getObject(rel.childSObject)!;
    let byParent = state.childRows.get(query);
    if (!byParent) {
        // Filter the child table once per subquery, then group by parent Id.
        const fk = rel.field.toLowerCase();
        const where = query.where ? resolveCondition(query.where, child, env) : undefined;
        byParent = new Map();
        for (const r of env.db.rows(child)) {
            if (where && !matches(where, r)) continue;
            if (env.visible && !env.visible(child, r)) continue;
            const list = byParent.get(r[fk]) ?? [];
            list.push(r);
            byParent.set(r[fk], list);
        }
        state.childRows.set(query, byParent);
    }
    let rows = byParent.get(parentRow.id) ?? [];
    rows = sortRows(rows, query.orderBy, child, env.db);
    rows = applyOffsetLimit(rows, query, env);
    const records = rows.map((r) => project(query.select, child, r, env, state));
    state.result.rowsCounted += records.length;
    return { relationshipName: rel.relationshipName, records };
}

// ----- aggregates -----

function aggregate(
    query: SoqlQuery,
    object: ObjectSchema,
    rows: Row[],
    env: SoqlEnvironment
): { rows: AggregateResultRow[]; groups: number } {
    const db = env.db;
    const groupKeys = query.groupBy.map((p) => {
        const resolved = resolvePath(db.schema, object, p);
        return { path: p, resolved, read: readerFor(resolved, db) };
    });
    let exprIndex = 0;
    const columns = query.select.map((item) => {
        if (item.kind === 'subquery') throw queryException('subqueries are not allowed in aggregate queries');
        if (item.kind === 'standardFields') throw new ApexUnsupported('SOQL FIELDS(STANDARD) in an aggregate query');
        if (item.kind === 'field') {
            const resolved = resolvePath(db.schema, object, item.path);
            const g = groupKeys.find(
                (k) => k.resolved.field === resolved.field && k.resolved.hops.length === resolved.hops.length
            );
            if (!g) {
                throw queryException(`Field must be grouped or aggregated: ${resolved.field.name}`);
            }
            return {
                alias: item.alias ?? resolved.field.name,
                kind: 'group' as const,
                read: g.read,
                field: resolved.field,
                fn: undefined
            };
        }
        const alias = item.alias ?? `expr${exprIndex++}`;
        if (item.path === null) throw new ApexUnsupported('SOQL COUNT() together with other select items');
        const resolved = resolvePath(db.schema, object, item.path);
        return { alias, kind: 'agg' as const, read: readerFor(resolved, db), field: resolved.field, fn: item.fn };
    });
    const groups = new Map<string, Row[]>();
    for (const row of rows) {
        const key = JSON.stringify(groupKeys.map((k) => groupKeyPart(k.read(row))));
        const list = groups.get(key) ?? [];
        list.push(row);
        groups.set(key, list);
    }
    if (!groupKeys.length && groups.size === 0) groups.set('[]', []);
    let out = [...groups.values()].map((groupRows) => {
        const values: [string, unknown][] = columns.map((c) =>
            c.kind === 'group'
                ? [c.alias, groupRows.length ? c.read(groupRows[0]) : null]
                : [c.alias, applyAggregate(c.fn!, c.field, groupRows.map(c.read))]
        );
        return new AggregateResultRow(values);
    });
    if (query.orderBy.length) {
        const order = query.orderBy.map((o) => {
            const col = columns.find(
                (c) => c.kind === 'group' && resolvePath(db.schema, object, o.path).field === c.field
            );
            if (!col) throw new ApexUnsupported('SOQL aggregate ORDER BY on something other than a grouped field');
            return { o, col };
        });
        out = out.sort((a, b) => {
            for (const { o, col } of order) {
                const x = a.get(col.alias);
                const y = b.get(col.alias);
                if (x === null && y === null) continue;
                if (x === null || y === null) return (x === null) === o.nullsLast ? 1 : -1;
                const c = orderCompare(col.field, x, y);
                if (c !== 0) return o.descending ? -c : c;
            }
            return 0;
        });
    }
    return { rows: applyOffsetLimit(out, query, env), groups: groupKeys.length ? groups.size : 1 };
}

function groupKeyPart(v: unknown): string {
    if (v === null || v === undefined) return 'null';
    // Text groups are case-insensitive (INFERRED from SOQL's case-insensitive comparisons).
    if (typeof v === 'string') return `s:${v.toLowerCase()}`;
    if (v instanceof Decimal) return `n:${v.toString()}`;
    return `${typeof v}:${JSON.stringify(v)}`;
}

function applyAggregate(fn: AggregateFunction, field: FieldSchema, values: unknown[]): unknown {
    const present = values.filter((v) => v !== null && v !== undefined);
    switch (fn) {
        case 'COUNT':
            return present.length;
        case 'COUNT_DISTINCT':
            return new Set(present.map(groupKeyPart)).size;
        case 'SUM':
        case 'AVG': {
            if (!['double', 'currency', 'percent', 'int'].includes(field.type))
                throw queryException(`field ${field.name} does not support aggregate operator ${fn}`);
            if (!present.length) return null;
            const sum = present.reduce<Decimal>(
                (acc, v) => acc.plus(v instanceof Decimal ? v : new Decimal(v as number)),
                new Decimal(0)
            );
            if (fn === 'SUM') return field.type === 'int' ? sum.toNumber() : sum;
            return sum.dividedBy(present.length);
        }
        case 'MIN':
        case 'MAX': {
            if (!present.length) return null;
            return present.reduce((best, v) => {
                const c = compareFor(field, v, best);
                return (fn === 'MIN' ? c < 0 : c > 0) ? v : best;
            });
        }
        default:
            throw new ApexThrow('System.QueryException', `unknown aggregate ${String(fn)}`);
    }
}
