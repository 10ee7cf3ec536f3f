/**
 * Expression and type lowering (part of the CST boundary, see lower.ts).
 */
import * as P from '@apexdevtools/apex-parser';
import type * as A from '../ast/nodes';
import { SOSL_RESULTS_BIND } from '../ast/nodes';

export interface LowerContext {
    source: string;
    /** The source as code points, made on first need when it holds characters outside the BMP. */
    codePoints?: string[];
}

export function pos(ctx: any): A.Pos {
    return { line: ctx.start.line, col: ctx.start.column + 1 };
}

/** Source text of a CST node, whitespace included (getText() drops it). */
export function sourceOf(ctx: any, cx: LowerContext): string {
    // The parser's token offsets count code points, JavaScript strings UTF-16 units: an emoji earlier in the file
    // would shift every later slice.
    if (!/[\uD800-\uDFFF]/.test(cx.source)) return cx.source.slice(ctx.start.start, ctx.stop.stop + 1);
    cx.codePoints ??= Array.from(cx.source);
    return cx.codePoints.slice(ctx.start.start, ctx.stop.stop + 1).join('');
}

function isTerminal(node: any): boolean {
    return node.symbol !== undefined;
}

/** Text of the direct terminal children (operators, keywords). */
export function terminalText(ctx: any): string[] {
    return (ctx.children ?? []).filter(isTerminal).map((c: any) => c.getText());
}

function operatorOf(ctx: any): string {
    return terminalText(ctx).join('');
}

export function lowerTypeRef(ctx: any, cx: LowerContext): A.TypeName {
    const parts: string[] = [];
    let args: A.TypeName[] = [];
    for (const tn of ctx.typeName_list() as any[]) {
        if (tn.LIST()) parts.push('List');
        else if (tn.SET()) parts.push('Set');
        else if (tn.MAP()) parts.push('Map');
        else parts.push(tn.id().getText());
        const ta = tn.typeArguments();
        args = ta
            ? ta
                  .typeList()
                  .typeRef_list()
                  .map((t: any) => lowerTypeRef(t, cx))
            : [];
    }
    const subs = ctx.arraySubscripts();
    const arrayDims = subs ? subs.LBRACK_list().length : 0;
    return { parts, args, arrayDims };
}

export function unescapeApexString(quoted: string): string {
    const body = quoted.slice(1, -1);
    return body.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_m, esc: string) => {
        if (esc.length === 5) return String.fromCharCode(parseInt(esc.slice(1), 16));
        switch (esc) {
            case 'n':
                return '\n';
            case 't':
                return '\t';
            case 'r':
                return '\r';
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            default:
                return esc; // \' \" \\ and any other escaped character stand for themselves
        }
    });
}

export function lowerLiteral(lit: any): A.LiteralExpr {
    const at = pos(lit);
    const text: string = lit.getText();
    if (lit.IntegerLiteral()) return { k: 'lit', ...at, litType: 'Integer', value: text };
    if (lit.LongLiteral()) return { k: 'lit', ...at, litType: 'Long', value: text.replace(/[lL]$/, '') };
    if (lit.NumberLiteral()) {
        // [INFERRED, docs/reference/apex-semantics.md §3.8] a literal with a decimal point is a Decimal; a d/D suffix makes it a Double.
        if (/[dD]$/.test(text)) return { k: 'lit', ...at, litType: 'Double', value: text.slice(0, -1) };
        return { k: 'lit', ...at, litType: 'Decimal', value: text };
    }
    if (lit.StringLiteral() || lit.MultilineStringLiteral?.())
        return { k: 'lit', ...at, litType: 'String', value: unescapeApexString(text) };
    if (lit.BooleanLiteral()) return { k: 'lit', ...at, litType: 'Boolean', value: text.toLowerCase() };
    if (lit.NULL()) return { k: 'lit', ...at, litType: 'Null', value: 'null' };
    throw new Error(`apexrt lowering: unknown literal '${text}' at line ${at.line}`);
}

function lowerArgs(exprList: any, cx: LowerContext): A.Expr[] {
    return exprList ? exprList.expression_list().map((e: any) => lowerExpression(e, cx)) : [];
}

export function lowerExpression(ctx: any, cx: LowerContext): A.Expr {
    const at = pos(ctx);
    if (ctx instanceof P.PrimaryExpressionContext) return lowerPrimary(ctx.primary(), cx);
    if (ctx instanceof P.SubExpressionContext) return lowerExpression(ctx.expression(), cx);
    if (ctx instanceof P.MethodCallExpressionContext) {
        const mc: any = ctx.methodCall();
        const args = lowerArgs(mc.expressionList(), cx);
        if (mc.THIS()) return { k: 'ctorCall', ...at, which: 'this', args };
        if (mc.SUPER()) return { k: 'ctorCall', ...at, which: 'super', args };
        return { k: 'call', ...at, name: mc.id().getText(), args, safe: false };
    }
    if (ctx instanceof P.DotExpressionContext) {
        const target = lowerExpression(ctx.expression(), cx);
        const safe = !!ctx.QUESTIONDOT();
        const dmc: any = ctx.dotMethodCall();
        if (dmc) {
            const name = dmc.anyId().getText();
            return { k: 'call', ...pos(dmc), target, name, args: lowerArgs(dmc.expressionList(), cx), safe };
        }
        const anyId: any = ctx.anyId();
        return { k: 'field', ...pos(anyId), target, name: anyId.getText(), safe };
    }
    if (ctx instanceof P.ArrayExpressionContext) {
        return {
            k: 'index',
            ...at,
            target: lowerExpression(ctx.expression(0), cx),
            index: lowerExpression(ctx.expression(1), cx)
        };
    }
    if (ctx instanceof P.NewExpressionContext) return lowerCreator(ctx.creator(), cx, at);
    if (ctx instanceof P.CastExpressionContext) {
        return { k: 'cast', ...at, type: lowerTypeRef(ctx.typeRef(), cx), expr: lowerExpression(ctx.expression(), cx) };
    }
    if (ctx instanceof P.PostOpExpressionContext) {
        return {
            k: 'incdec',
            ...at,
            op: operatorOf(ctx) as '++' | '--',
            prefix: false,
            target: lowerExpression(ctx.expression(), cx)
        };
    }
    if (ctx instanceof P.PreOpExpressionContext) {
        const op = operatorOf(ctx);
        const expr = lowerExpression(ctx.expression(), cx);
        if (op === '++' || op === '--') return { k: 'incdec', ...at, op, prefix: true, target: expr };
        return { k: 'unary', ...at, op: op as '-' | '+', expr };
    }
    if (ctx instanceof P.NegExpressionContext) {
        return { k: 'unary', ...at, op: operatorOf(ctx) as '!' | '~', expr: lowerExpression(ctx.expression(), cx) };
    }
    if (ctx instanceof P.InstanceOfExpressionContext) {
        return {
            k: 'instanceof',
            ...at,
            expr: lowerExpression(ctx.expression(), cx),
            type: lowerTypeRef(ctx.typeRef(), cx)
        };
    }
    if (ctx instanceof P.CondExpressionContext) {
        return {
            k: 'cond',
            ...at,
            test: lowerExpression(ctx.expression(0), cx),
            then: lowerExpression(ctx.expression(1), cx),
            else: lowerExpression(ctx.expression(2), cx)
        };
    }
    if (ctx instanceof P.AssignExpressionContext) {
        return {
            k: 'assign',
            ...at,
            op: operatorOf(ctx),
            target: lowerExpression(ctx.expression(0), cx),
            value: lowerExpression(ctx.expression(1), cx)
        };
    }
    if (
        ctx instanceof P.Arth1ExpressionContext ||
        ctx instanceof P.Arth2ExpressionContext ||
        ctx instanceof P.BitExpressionContext ||
        ctx instanceof P.CmpExpressionContext ||
        ctx instanceof P.EqualityExpressionContext ||
        ctx instanceof P.BitAndExpressionContext ||
        ctx instanceof P.BitNotExpressionContext ||
        ctx instanceof P.BitOrExpressionContext ||
        ctx instanceof P.LogAndExpressionContext ||
        ctx instanceof P.LogOrExpressionContext ||
        ctx instanceof P.CoalExpressionContext
    ) {
        let op = operatorOf(ctx);
        if (op === '<>') op = '!=';
        return {
            k: 'binary',
            ...at,
            op,
            left: lowerExpression((ctx as any).expression(0), cx),
            right: lowerExpression((ctx as any).expression(1), cx)
        };
    }
    throw new Error(
        `apexrt lowering: unknown expression ${ctx.constructor.name} at line ${at.line}: ${sourceOf(ctx, cx)}`
    );
}

function lowerPrimary(p: any, cx: LowerContext): A.Expr {
    const at = pos(p);
    if (p instanceof P.LiteralPrimaryContext) return lowerLiteral(p.literal());
    if (p instanceof P.IdPrimaryContext) return { k: 'name', ...at, name: p.id().getText() };
    if (p instanceof P.ThisPrimaryContext) return { k: 'this', ...at };
    if (p instanceof P.SuperPrimaryContext) return { k: 'super', ...at };
    if (p instanceof P.TypeRefPrimaryContext) return { k: 'classLit', ...at, type: lowerTypeRef(p.typeRef(), cx) };
    if (p instanceof P.VoidPrimaryContext)
        return { k: 'classLit', ...at, type: { parts: ['void'], args: [], arrayDims: 0 } };
    if (p instanceof P.SoqlPrimaryContext) return lowerSoql(p.soqlLiteral(), cx);
    if (p instanceof P.SoslPrimaryContext) return lowerSosl(p.soslLiteral(), cx);
    throw new Error(`apexrt lowering: unknown primary ${p.constructor.name} at line ${at.line}`);
}

function lowerSoql(lit: any, cx: LowerContext): A.SoqlExpr {
    const query = lit.query();
    return { k: 'soql', ...pos(lit), query: sourceOf(query, cx), binds: bindsOf([query], cx) };
}

/** The bind expressions `:expr` under the given CST nodes, in order of appearance. */
function bindsOf(nodes: any[], cx: LowerContext): A.SoqlExpr['binds'] {
    const binds: A.SoqlExpr['binds'] = [];
    const visit = (node: any): void => {
        if (node instanceof P.BoundExpressionContext) {
            const e = (node as any).expression();
            binds.push({ text: sourceOf(e, cx), expr: lowerExpression(e, cx) });
            return;
        }
        for (const c of node.children ?? []) if (!isTerminal(c)) visit(c);
    };
    for (const n of nodes) if (n) visit(n);
    return binds;
}

/**
 * SOSL (SOQL and SOSL Reference, "SOSL Syntax"): each RETURNING object becomes a SOQL query over its fields (Id
 * when none are listed), its WHERE, ORDER BY, LIMIT and OFFSET, restricted to the search's records.
 */
function lowerSosl(lit: any, cx: LowerContext): A.SoslExpr {
    const at = pos(lit);
    const clauses = lit.soslClauses();
    const bound = lit.boundExpression?.();
    const search = bound ? lowerExpression(bound.expression(), cx) : undefined;
    let unsupported: string | undefined;
    if (clauses.soslWithClause_list().length) unsupported = `SOSL ${sourceOf(clauses.soslWithClause(0), cx)}`;
    else if (clauses.UPDATE()) unsupported = `SOSL UPDATE ${sourceOf(clauses.updateList(), cx)}`;
    const specs: any[] = [];
    for (let l = clauses.fieldSpecList(); l; l = l.fieldSpecList_list()[0]) specs.push(l.fieldSpec());
    const returning = specs.map((spec): A.SoqlExpr => {
        if (spec.USING()) unsupported ??= 'SOSL USING LISTVIEW';
        const object = sourceOf(spec.soslId(0), cx);
        const where = spec.logicalExpression();
        const parts = [
            `SELECT ${spec.fieldList() ? sourceOf(spec.fieldList(), cx) : 'Id'} FROM ${object}`,
            `WHERE Id IN :${SOSL_RESULTS_BIND}${where ? ` AND (${sourceOf(where, cx)})` : ''}`
        ];
        if (spec.fieldOrderList()) parts.push(`ORDER BY ${sourceOf(spec.fieldOrderList(), cx)}`);
        if (spec.limitClause()) parts.push(sourceOf(spec.limitClause(), cx));
        if (spec.offsetClause()) parts.push(sourceOf(spec.offsetClause(), cx));
        const binds = bindsOf([where, spec.limitClause(), spec.offsetClause()], cx);
        return { k: 'soql', ...pos(spec), query: parts.join(' '), binds };
    });
    const limitText = clauses.limitClause() ? sourceOf(clauses.limitClause(), cx) : undefined;
    const limitMatch = limitText ? /^LIMIT\s+(\d+)$/i.exec(limitText.trim()) : null;
    if (limitText && !limitMatch) unsupported ??= `SOSL ${limitText}`;
    return {
        k: 'sosl',
        ...at,
        search,
        returning,
        limit: limitMatch ? Number(limitMatch[1]) : undefined,
        unsupported
    };
}

function lowerCreator(cr: any, cx: LowerContext, at: A.Pos): A.Expr {
    const pairs = cr.createdName().idCreatedNamePair_list() as any[];
    const parts = pairs.map((p) => p.anyId().getText());
    const last = pairs[pairs.length - 1];
    const args = last.typeList()
        ? last
              .typeList()
              .typeRef_list()
              .map((t: any) => lowerTypeRef(t, cx))
        : [];
    const type: A.TypeName = { parts, args, arrayDims: 0 };
    if (cr.classCreatorRest())
        return { k: 'new', ...at, type, args: lowerArgs(cr.classCreatorRest().arguments().expressionList(), cx) };
    if (cr.noRest()) return { k: 'newColl', ...at, type };
    if (cr.setCreatorRest()) {
        return {
            k: 'newColl',
            ...at,
            type,
            items: cr
                .setCreatorRest()
                .expression_list()
                .map((e: any) => lowerExpression(e, cx))
        };
    }
    if (cr.mapCreatorRest()) {
        const kv = cr
            .mapCreatorRest()
            .mapCreatorRestPair_list()
            .map(
                (p: any) =>
                    [lowerExpression(p.expression(0), cx), lowerExpression(p.expression(1), cx)] as [A.Expr, A.Expr]
            );
        return { k: 'newColl', ...at, type, pairs: kv };
    }
    const arr = cr.arrayCreatorRest();
    if (arr) {
        const arrayType = { ...type, arrayDims: 1 };
        if (arr.expression())
            return { k: 'newArray', ...at, type: arrayType, size: lowerExpression(arr.expression(), cx) };
        const init = arr.arrayInitializer();
        return {
            k: 'newArray',
            ...at,
            type: arrayType,
            init: init ? init.expression_list().map((e: any) => lowerExpression(e, cx)) : []
        };
    }
    throw new Error(`apexrt lowering: unknown creator at line ${at.line}`);
}
