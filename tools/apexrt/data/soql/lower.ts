/**
 * Lowers the apex-parser SOQL CST (QueryContext / SubQueryContext) to the SoqlQuery AST. This is the only SOQL file
 * that touches CST classes. Constructs apexrt does not evaluate fail here, loudly, naming the feature.
 */
import {
    ApexErrorListener,
    ApexParserFactory,
    ComparisonOperatorContext,
    ExpressionContext,
    FieldNameContext,
    FieldOrderContext,
    QueryContext,
    SelectEntryContext,
    SoqlFunctionContext,
    SubFieldEntryContext,
    SubQueryContext,
    ValueContext,
    WhereLogicalExpressionContext,
    WhereConditionalExpressionContext
} from '@apexdevtools/apex-parser';
import { ApexDate, ApexDatetime, ApexThrow, ApexUnsupported, Decimal } from '../../core/values';
import {
    AggregateFunction,
    BindReference,
    ComparisonOperator,
    Condition,
    FieldPath,
    Operand,
    OrderItem,
    SelectItem,
    SoqlQuery
} from './ast';

class CollectingErrors extends ApexErrorListener {
    readonly errors: string[] = [];
    apexSyntaxError(line: number, column: number, msg: string): void {
        this.errors.push(`line ${line}:${column} ${msg}`);
    }
}

/**
 * Parses a dynamic SOQL string (Database.query). A syntax error is System.QueryException (the platform's message
 * names the unexpected token; apexrt's text is the parser's, INFERRED format).
 */
export function parseSoql(text: string): SoqlQuery {
    const errors = new CollectingErrors();
    const { parser } = ApexParserFactory.createLexerAndParser(protectLikeEscapes(text.trim()), errors);
    const ctx = parser.query();
    if (errors.errors.length)
        throw new ApexThrow('System.QueryException', `unexpected token in query: ${errors.errors[0]}`);
    return lowerQuery(ctx);
}

/**
 * Parsed queries by their text, for the whole process: parsing is a function of the text alone, and the same
 * inline and dynamic queries run in every test and transaction. The result is shared: callers must not change it.
 * Bounded, as dynamic queries may carry literal values in their text.
 */
const sharedQueries = new Map<string, SoqlQuery>();
const SHARED_QUERIES_MAX = 5000;

export function parseSoqlShared(text: string): SoqlQuery {
    let query = sharedQueries.get(text);
    if (!query) {
        query = parseSoql(text);
        if (sharedQueries.size >= SHARED_QUERIES_MAX) sharedQueries.clear();
        sharedQueries.set(text, query);
    }
    return query;
}

// The Apex lexer rejects the SOQL-only escapes \_ and \% in string literals; hide them from it and restore them
// when the literal is lowered.
const LIKE_UNDERSCORE = '\uE000';
const LIKE_PERCENT = '\uE001';

function protectLikeEscapes(text: string): string {
    let out = '';
    let inString = false;
    for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (inString && ch === '\\' && i + 1 < text.length) {
            const next = text[i + 1];
            out += next === '_' ? LIKE_UNDERSCORE : next === '%' ? LIKE_PERCENT : ch + next;
            i++;
            continue;
        }
        if (ch === "'") inString = !inString;
        out += ch;
    }
    return out;
}

const str = (node: { getText(): string } | null | undefined): string | undefined => node?.getText();

export function lowerQuery(ctx: QueryContext): SoqlQuery {
    const query = lowerTopLevel(ctx);
    numberBinds(query);
    return query;
}

/** Gives every bind its index in source order (by the character offset of its expression). */
function numberBinds(query: SoqlQuery): void {
    const binds: BindReference[] = [];
    const visitOperand = (o: Operand | undefined): void => {
        if (!o) return;
        if (o.kind === 'bind') binds.push(o);
        else if (o.kind === 'list') o.items.forEach(visitOperand);
        else if (o.kind === 'semiJoin') visitQuery(o.query);
    };
    const visitCondition = (c: Condition | undefined): void => {
        if (!c) return;
        if (c.kind === 'and' || c.kind === 'or') c.items.forEach(visitCondition);
        else if (c.kind === 'not') visitCondition(c.item);
        else visitOperand(c.value);
    };
    const visitQuery = (q: SoqlQuery): void => {
        for (const item of q.select) if (item.kind === 'subquery') visitQuery(item.query);
        visitCondition(q.where);
        visitOperand(q.limit);
        visitOperand(q.offset);
    };
    visitQuery(query);
    binds
        .sort((a, b) => (a.expression?.start.start ?? 0) - (b.expression?.start.start ?? 0))
        .forEach((b, i) => {
            b.index = i;
        });
}

function lowerTopLevel(ctx: QueryContext): SoqlQuery {
    if (ctx.usingScope()) throw new ApexUnsupported('SOQL USING SCOPE');
    if (ctx.updateList()) throw new ApexUnsupported('SOQL UPDATE TRACKING/VIEWSTAT');
    const from = lowerFrom(ctx.fromNameList());
    const query: SoqlQuery = {
        from,
        select: ctx.selectList().selectEntry_list().map(lowerSelectEntry),
        groupBy: [],
        orderBy: [],
        allRows: !!ctx.allRowsClause(),
        ...lowerForClauses(ctx.forClauses())
    };
    const where = ctx.whereClause();
    if (where) query.where = lowerWhere(where.whereLogicalExpression());
    const withClause = ctx.withClause();
    if (withClause) {
        if (withClause.SECURITY_ENFORCED()) query.securityMode = 'SECURITY_ENFORCED';
        else if (withClause.USER_MODE()) query.securityMode = 'USER_MODE';
        else if (withClause.SYSTEM_MODE()) query.securityMode = 'SYSTEM_MODE';
        else throw new ApexUnsupported(`SOQL WITH ${withClause.getText().slice(4)}`);
    }
    const group = ctx.groupByClause();
    if (group) {
        if (group.ROLLUP() || group.CUBE()) throw new ApexUnsupported('SOQL GROUP BY ROLLUP/CUBE');
        if (group.HAVING()) throw new ApexUnsupported('SOQL HAVING');
        query.groupBy = group
            .fieldGroupByList()
            .fieldGroupBy_list()
            .map((g) => {
                if (g.soqlFunction()) throw new ApexUnsupported(`SOQL GROUP BY ${g.getText()}`);
                return lowerFieldName(g.fieldName());
            });
    }
    const order = ctx.orderByClause();
    if (order) query.orderBy = order.fieldOrderList().fieldOrder_list().map(lowerOrder);
    const limit = ctx.limitClause();
    if (limit)
        query.limit = limit.boundExpression()
            ? lowerBind(limit.boundExpression())
            : intLiteral(str(limit.IntegerLiteral())!);
    const offset = ctx.offsetClause();
    if (offset)
        query.offset = offset.boundExpression()
            ? lowerBind(offset.boundExpression())
            : intLiteral(str(offset.IntegerLiteral())!);
    return query;
}

function lowerSubQuery(ctx: SubQueryContext): SoqlQuery {
    if (ctx.updateList()) throw new ApexUnsupported('SOQL UPDATE TRACKING/VIEWSTAT');
    const [fromParent, from] = lowerSubQueryFrom(ctx.fromNameList());
    const query: SoqlQuery = {
        from,
        ...(fromParent !== undefined && { fromParent }),
        select: ctx.subFieldList().subFieldEntry_list().map(lowerSelectEntry),
        groupBy: [],
        orderBy: [],
        allRows: false,
        ...lowerForClauses(ctx.forClauses())
    };
    const where = ctx.whereClause();
    if (where) query.where = lowerWhere(where.whereLogicalExpression());
    const order = ctx.orderByClause();
    if (order) query.orderBy = order.fieldOrderList().fieldOrder_list().map(lowerOrder);
    const limit = ctx.limitClause();
    if (limit)
        query.limit = limit.boundExpression()
            ? lowerBind(limit.boundExpression())
            : intLiteral(str(limit.IntegerLiteral())!);
    return query;
}

type FromNames = { fieldName_list(): FieldNameContext[]; soqlId_list(): unknown[] };

function lowerFromPath(ctx: FromNames): FieldPath {
    const names = ctx.fieldName_list();
    if (names.length !== 1) throw new ApexUnsupported('SOQL with several objects in FROM');
    if (ctx.soqlId_list().length) throw new ApexUnsupported('SOQL FROM alias');
    return lowerFieldName(names[0]);
}

function lowerFrom(ctx: FromNames): string {
    const path = lowerFromPath(ctx);
    if (path.length !== 1) throw new ApexUnsupported(`SOQL FROM ${path.join('.')}`);
    return path[0];
}

/** A subquery's FROM: `Contacts`, or `Account.Contacts` naming the outer object first ([outer, relationship]). */
function lowerSubQueryFrom(ctx: FromNames): [string | undefined, string] {
    const path = lowerFromPath(ctx);
    if (path.length === 1) return [undefined, path[0]];
    if (path.length === 2) return [path[0], path[1]];
    throw new ApexUnsupported(`SOQL FROM ${path.join('.')}`);
}

function lowerForClauses(
    ctx: { FOR_list(): unknown[]; VIEW_list(): unknown[]; UPDATE_list(): unknown[]; REFERENCE_list(): unknown[] } | null
) {
    return {
        forUpdate: !!ctx && ctx.UPDATE_list().length > 0,
        forView: !!ctx && ctx.VIEW_list().length > 0,
        forReference: !!ctx && ctx.REFERENCE_list().length > 0
    };
}

function lowerFieldName(ctx: FieldNameContext): FieldPath {
    return ctx.soqlId_list().map((id) => id.getText());
}

function lowerSelectEntry(ctx: SelectEntryContext | SubFieldEntryContext): SelectItem {
    const alias = str(ctx.soqlId());
    if (ctx.typeOf()) throw new ApexUnsupported('SOQL TYPEOF');
    const fn = ctx.soqlFunction();
    // SOQL and SOSL Reference, "FIELDS()": FIELDS(STANDARD) selects the object's standard fields; FIELDS(ALL) and
    // FIELDS(CUSTOM) stay unsupported.
    if (fn && /^FIELDS\(STANDARD\)$/i.test(fn.getText()) && !alias) return { kind: 'standardFields' };
    if (fn) return lowerAggregate(fn, alias);
    if ('subQuery' in ctx && ctx.subQuery()) return { kind: 'subquery', query: lowerSubQuery(ctx.subQuery()) };
    return { kind: 'field', path: lowerFieldName(ctx.fieldName()), alias };
}

function lowerAggregate(fn: SoqlFunctionContext, alias: string | undefined): SelectItem {
    const name = fn.getChild(0).getText().toUpperCase().replace(/_/g, '');
    const simple: Record<string, AggregateFunction> = {
        COUNT: 'COUNT',
        COUNTDISTINCT: 'COUNT_DISTINCT',
        SUM: 'SUM',
        MIN: 'MIN',
        MAX: 'MAX',
        AVG: 'AVG'
    };
    const label: Record<string, string> = {
        TOLABEL: 'toLabel()',
        CONVERTCURRENCY: 'convertCurrency()',
        FIELDS: 'FIELDS()',
        FORMAT: 'FORMAT()'
    };
    if (!simple[name]) throw new ApexUnsupported(`SOQL ${label[name] ?? `${name}()`}`);
    const field = fn.fieldName();
    if (!field && name !== 'COUNT') throw new ApexUnsupported(`SOQL ${fn.getText()}`);
    return { kind: 'aggregate', fn: simple[name], path: field ? lowerFieldName(field) : null, alias };
}

function lowerOrder(ctx: FieldOrderContext): OrderItem {
    if (ctx.soqlFunction()) throw new ApexUnsupported(`SOQL ORDER BY ${ctx.soqlFunction().getText()}`);
    const descending = !!ctx.DESC();
    const nullsLast = ctx.NULLS() ? !!ctx.LAST() : descending;
    return { path: lowerFieldName(ctx.fieldName()), descending, nullsLast };
}

function lowerWhere(ctx: WhereLogicalExpressionContext): Condition {
    const parts = ctx.whereConditionalExpression_list().map(lowerConditional);
    if (ctx.NOT()) return { kind: 'not', item: parts[0] };
    if (parts.length === 1) return parts[0];
    if (ctx.SOQLAND_list().length && ctx.SOQLOR_list().length)
        throw new ApexThrow('System.QueryException', 'unexpected token: mixing AND and OR without parentheses');
    return { kind: ctx.SOQLOR_list().length ? 'or' : 'and', items: parts };
}

function lowerConditional(ctx: WhereConditionalExpressionContext): Condition {
    const nested = ctx.whereLogicalExpression();
    if (nested) return lowerWhere(nested);
    const wf = ctx.whereFieldExpression();
    if (wf.FORMULA()) throw new ApexUnsupported('SOQL FORMULA() in WHERE');
    const fe = wf.fieldExpression();
    if (fe.soqlFunction()) throw new ApexUnsupported(`SOQL function in WHERE: ${fe.soqlFunction().getText()}`);
    return {
        kind: 'compare',
        path: lowerFieldName(fe.fieldName()),
        op: lowerOperator(fe.comparisonOperator()),
        value: lowerValue(fe.value())
    };
}

function lowerOperator(ctx: ComparisonOperatorContext): ComparisonOperator {
    const text = (ctx.children ?? []).map((c) => c.getText().toUpperCase()).join(' ');
    const map: Record<string, ComparisonOperator> = {
        '=': '=',
        '!=': '!=',
        '<>': '!=',
        '<': '<',
        '< =': '<=',
        '<=': '<=',
        '>': '>',
        '> =': '>=',
        '>=': '>=',
        LIKE: 'LIKE',
        IN: 'IN',
        'NOT IN': 'NOT IN',
        INCLUDES: 'INCLUDES',
        EXCLUDES: 'EXCLUDES'
    };
    const op = map[text];
    if (!op) throw new ApexUnsupported(`SOQL operator ${text}`);
    return op;
}

function lowerBind(ctx: { expression(): ExpressionContext }): Operand {
    const expression = ctx.expression();
    return { kind: 'bind', text: expression.getText(), expression, index: -1 };
}

function intLiteral(text: string): Operand {
    return { kind: 'literal', value: Number.parseInt(text, 10) };
}

function lowerValue(ctx: ValueContext): Operand {
    if (ctx.NULL()) return { kind: 'literal', value: null };
    if (ctx.BooleanLiteral()) return { kind: 'literal', value: ctx.getText().toLowerCase() === 'true' };
    if (ctx.signedNumber()) return { kind: 'literal', value: new Decimal(ctx.signedNumber().getText()) };
    if (ctx.IntegerLiteral() && ctx.DOT()) return { kind: 'literal', value: new Decimal(ctx.getText()) };
    const s = ctx.StringLiteral() ?? ctx.MultilineStringLiteral();
    if (s) {
        const raw = s.getText().slice(1, -1).split(LIKE_UNDERSCORE).join('\\_').split(LIKE_PERCENT).join('\\%');
        return { kind: 'string', value: unescapeSoqlString(raw), raw };
    }
    if (ctx.DateLiteral()) return { kind: 'literal', value: parseDateLiteral(ctx.getText()) };
    if (ctx.DateTimeLiteral()) return { kind: 'literal', value: parseDateTimeLiteral(ctx.getText()) };
    if (ctx.TimeLiteral()) throw new ApexUnsupported('SOQL time literal');
    if (ctx.IntegralCurrencyLiteral()) throw new ApexUnsupported('SOQL currency literal');
    const formula = ctx.dateFormula();
    if (formula) {
        const name = formula.getChild(0).getText().toUpperCase();
        const n = formula.signedInteger();
        if (name.includes('FISCAL')) throw new ApexUnsupported(`SOQL date literal ${name}`);
        return { kind: 'dateLiteral', name, n: n ? Number.parseInt(n.getText(), 10) : undefined };
    }
    if (ctx.subQuery()) return { kind: 'semiJoin', query: lowerSubQuery(ctx.subQuery()) };
    if (ctx.valueList()) return { kind: 'list', items: ctx.valueList().value_list().map(lowerValue) };
    if (ctx.boundExpression()) return lowerBind(ctx.boundExpression());
    throw new ApexUnsupported(`SOQL value ${ctx.getText()}`);
}

/** SOQL string escapes: \' \" \\ \n \r \t \b \f, and \_ \% (literal in LIKE; kept as the character elsewhere). */
export function unescapeSoqlString(raw: string): string {
    return raw.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' })[c] ?? c);
}

function parseDateLiteral(text: string): ApexDate {
    const [y, m, d] = text.split('-').map(Number);
    return new ApexDate(y, m, d);
}

function parseDateTimeLiteral(text: string): ApexDatetime {
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) throw new ApexThrow('System.QueryException', `invalid dateTime: ${text}`);
    return new ApexDatetime(ms);
}
