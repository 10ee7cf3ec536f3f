/**
 * Statement lowering (part of the CST boundary, see lower.ts).
 */
import type * as A from '../ast/nodes';
import {
    lowerExpression,
    lowerTypeRef,
    unescapeApexString,
    LowerContext,
    pos,
    terminalText
} from './lower-expressions';

export function lowerBlock(block: any, cx: LowerContext): A.BlockStmt {
    return { k: 'block', ...pos(block), stmts: block.statement_list().map((s: any) => lowerStatement(s, cx)) };
}

export function lowerLocalVar(
    typeRef: any,
    declarators: any,
    isFinal: boolean,
    at: any,
    cx: LowerContext
): A.LocalVarStmt {
    return {
        k: 'local',
        ...pos(at),
        type: lowerTypeRef(typeRef, cx),
        isFinal,
        decls: declarators.variableDeclarator_list().map((d: any) => ({
            ...pos(d),
            name: d.id().getText(),
            init: d.expression() ? lowerExpression(d.expression(), cx) : undefined
        }))
    };
}

function lowerLocalDeclaration(lvd: any, cx: LowerContext): A.LocalVarStmt {
    const isFinal = lvd.modifier_list().some((m: any) => terminalText(m).join('').toLowerCase() === 'final');
    return lowerLocalVar(lvd.typeRef(), lvd.variableDeclarators(), isFinal, lvd, cx);
}

/** A statement that must be a block in our AST (bodies of loops can be single statements). */
function asStmt(s: any, cx: LowerContext): A.Stmt {
    return lowerStatement(s, cx);
}

export function lowerStatement(s: any, cx: LowerContext): A.Stmt {
    const at = pos(s);
    let c: any;
    if ((c = s.block())) return lowerBlock(c, cx);
    if ((c = s.localVariableDeclarationStatement())) return lowerLocalDeclaration(c.localVariableDeclaration(), cx);
    if ((c = s.expressionStatement())) return { k: 'expr', ...at, expr: lowerExpression(c.expression(), cx) };
    if ((c = s.ifStatement())) {
        const branches = c.statement_list();
        return {
            k: 'if',
            ...at,
            test: lowerExpression(c.parExpression().expression(), cx),
            then: asStmt(branches[0], cx),
            else: branches[1] ? asStmt(branches[1], cx) : undefined
        };
    }
    if ((c = s.whileStatement())) {
        const body = c.statement() ? asStmt(c.statement(), cx) : { k: 'block' as const, ...at, stmts: [] };
        return { k: 'while', ...at, test: lowerExpression(c.parExpression().expression(), cx), body };
    }
    if ((c = s.doWhileStatement())) {
        return {
            k: 'doWhile',
            ...at,
            body: lowerBlock(c.block(), cx),
            test: lowerExpression(c.parExpression().expression(), cx)
        };
    }
    if ((c = s.forStatement())) return lowerFor(c, cx, at);
    if ((c = s.returnStatement()))
        return { k: 'return', ...at, value: c.expression() ? lowerExpression(c.expression(), cx) : undefined };
    if (s.breakStatement()) return { k: 'break', ...at };
    if (s.continueStatement()) return { k: 'continue', ...at };
    if ((c = s.throwStatement())) return { k: 'throw', ...at, expr: lowerExpression(c.expression(), cx) };
    if ((c = s.tryStatement())) {
        return {
            k: 'try',
            ...at,
            body: lowerBlock(c.block(), cx),
            catches: c.catchClause_list().map((cc: any) => ({
                ...pos(cc),
                type: {
                    parts: cc
                        .qualifiedName()
                        .id_list()
                        .map((i: any) => i.getText()),
                    args: [],
                    arrayDims: 0
                },
                name: cc.id().getText(),
                body: lowerBlock(cc.block(), cx)
            })),
            finally: c.finallyBlock() ? lowerBlock(c.finallyBlock().block(), cx) : undefined
        };
    }
    if ((c = s.switchStatement())) {
        return {
            k: 'switch',
            ...at,
            expr: lowerExpression(c.expression(), cx),
            whens: c.whenControl_list().map((w: any) => lowerWhen(w, cx))
        };
    }
    for (const op of ['insert', 'update', 'delete', 'undelete', 'upsert', 'merge'] as const) {
        c = s[`${op}Statement`]();
        if (c) {
            const exprs = op === 'merge' ? c.expression_list() : [c.expression()];
            const level = c.accessLevel() ? (terminalText(c.accessLevel()).pop() ?? '').toLowerCase() : undefined;
            return {
                k: 'dml',
                ...at,
                op,
                exprs: exprs.map((e: any) => lowerExpression(e, cx)),
                externalIdField: op === 'upsert' && c.qualifiedName() ? c.qualifiedName().getText() : undefined,
                accessLevel: level === 'user' || level === 'system' ? level : undefined
            };
        }
    }
    if ((c = s.runAsStatement())) {
        const list = c.expressionList();
        return {
            k: 'runAs',
            ...at,
            args: list ? list.expression_list().map((e: any) => lowerExpression(e, cx)) : [],
            body: lowerBlock(c.block(), cx)
        };
    }
    throw new Error(`apexrt lowering: unknown statement at line ${at.line}`);
}

function lowerFor(c: any, cx: LowerContext, at: A.Pos): A.Stmt {
    const fc = c.forControl();
    const body: A.Stmt = c.statement() ? asStmt(c.statement(), cx) : { k: 'block', ...at, stmts: [] };
    const enhanced = fc.enhancedForControl();
    if (enhanced) {
        return {
            k: 'forEach',
            ...at,
            type: lowerTypeRef(enhanced.typeRef(), cx),
            name: enhanced.id().getText(),
            iterable: lowerExpression(enhanced.expression(), cx),
            body
        };
    }
    const init = fc.forInit();
    const update = fc.forUpdate();
    return {
        k: 'for',
        ...at,
        init: init?.localVariableDeclaration() ? lowerLocalDeclaration(init.localVariableDeclaration(), cx) : undefined,
        initExprs: init?.expressionList()
            ? init
                  .expressionList()
                  .expression_list()
                  .map((e: any) => lowerExpression(e, cx))
            : [],
        test: fc.expression() ? lowerExpression(fc.expression(), cx) : undefined,
        update: update
            ? update
                  .expressionList()
                  .expression_list()
                  .map((e: any) => lowerExpression(e, cx))
            : [],
        body
    };
}

function lowerWhen(w: any, cx: LowerContext): A.WhenClause {
    const wv = w.whenValue();
    const body = lowerBlock(w.block(), cx);
    if (wv.ELSE()) return { ...pos(w), match: { k: 'else' }, body };
    if (wv.typeRef())
        return { ...pos(w), match: { k: 'type', type: lowerTypeRef(wv.typeRef(), cx), name: wv.id().getText() }, body };
    return {
        ...pos(w),
        match: { k: 'values', values: wv.whenLiteral_list().map((l: any) => lowerWhenLiteral(l)) },
        body
    };
}

function lowerWhenLiteral(l: any): A.WhenValue {
    if (l.whenLiteral()) return lowerWhenLiteral(l.whenLiteral());
    if (l.NULL()) return { k: 'null' };
    if (l.qualifiedName()) {
        const ids = l.qualifiedName().id_list();
        return { k: 'enum', name: ids[ids.length - 1].getText() };
    }
    const at = pos(l);
    const negative = l.SUB_list().length % 2 === 1;
    if (l.IntegerLiteral())
        return {
            k: 'lit',
            expr: { k: 'lit', ...at, litType: 'Integer', value: (negative ? '-' : '') + l.IntegerLiteral().getText() }
        };
    if (l.LongLiteral()) {
        return {
            k: 'lit',
            expr: {
                k: 'lit',
                ...at,
                litType: 'Long',
                value: (negative ? '-' : '') + l.LongLiteral().getText().replace(/[lL]$/, '')
            }
        };
    }
    const text: string = (l.StringLiteral() ?? l.MultilineStringLiteral()).getText();
    return { k: 'lit', expr: { k: 'lit', ...at, litType: 'String', value: unescapeApexString(text) } };
}
