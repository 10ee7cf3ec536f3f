/**
 * CST (apex-parser 5.2.0) → apexrt AST. This is the ONLY module that touches apex-parser's context classes: the
 * grammar changes shape between minor versions, so keep all CST knowledge here and cover it with lower.test.ts.
 *
 * CST nodes are accessed through their generated accessors (`ctx.expression(0)`, `ctx.typeRef()`); labelled
 * expression alternatives are told apart by their context class. Operators are rebuilt from terminal children,
 * because the lexer splits `>=`, `>>`, `>>>` into single-character tokens (generics).
 */
import * as P from '@apexdevtools/apex-parser';
import type * as A from '../ast/nodes';
import { lowerExpression, lowerTypeRef, LowerContext, pos, sourceOf, terminalText } from './lower-expressions';
import { lowerBlock, lowerLocalVar, lowerStatement } from './lower-statements';

/** Bump when the AST shape changes, so cached ASTs are invalidated. */
export const LOWERING_VERSION = 'apexrt-ast-5';

export function lowerCompilationUnit(cst: P.CompilationUnitContext, source: string): A.ClassUnit {
    const cx: LowerContext = { source };
    const td = cst.typeDeclaration();
    return { kind: 'class', decl: lowerTypeDeclaration(td, cx) };
}

export function lowerTriggerUnit(cst: P.TriggerUnitContext, source: string): A.TriggerUnit {
    const cx: LowerContext = { source };
    const ids = cst.id_list();
    const events = cst.triggerCase_list().map((c: any) => terminalText(c).join(' ').toLowerCase());
    const block = cst.triggerBlock();
    const stmts: A.Stmt[] = [];
    for (const m of block.triggerBlockMember_list() as any[]) {
        const field = m.statement() ? undefined : m.triggerMemberDeclaration()?.fieldDeclaration();
        if (m.statement()) stmts.push(lowerStatement(m.statement(), cx));
        // `Integer n = ...;` at the top of a trigger body parses as a field; in a trigger it is a local variable.
        else if (field && m.modifier_list().length === 0)
            stmts.push(lowerLocalVar(field.typeRef(), field.variableDeclarators(), false, m, cx));
        else
            throw new Error(
                `apexrt: member declarations inside a trigger body are not supported (line ${m.start.line})`
            );
    }
    return {
        kind: 'trigger',
        name: ids[0].getText(),
        sobject: ids[1].getText(),
        events,
        body: { k: 'block', stmts, ...pos(block) },
        line: cst.start.line
    };
}

export function lowerAnonymousUnit(cst: P.AnonymousUnitContext, source: string): A.AnonymousUnit {
    const cx: LowerContext = { source };
    const members: A.Member[] = [];
    const stmts: A.Stmt[] = [];
    for (const m of cst.anonymousBlock().anonymousBlockMember_list() as any[]) {
        if (m.statement()) {
            stmts.push(lowerStatement(m.statement(), cx));
        } else {
            const md = m.anonymousMemberDeclaration();
            const mods = lowerModifiers(m.modifier_list());
            const field = md.fieldDeclaration();
            if (field) {
                // The grammar reads a top-level `Integer x = 1;` of anonymous Apex as a field; it is a local
                // variable that must run in sequence with the statements.
                stmts.push(
                    lowerLocalVar(field.typeRef(), field.variableDeclarators(), mods.modifiers.includes('final'), m, cx)
                );
            } else {
                members.push(lowerMember(md, mods, cx, m));
            }
        }
    }
    return { kind: 'anonymous', members, stmts };
}

interface Modifiers {
    modifiers: string[];
    annotations: A.Annotation[];
}

function lowerModifiers(list: any[]): Modifiers {
    const modifiers: string[] = [];
    const annotations: A.Annotation[] = [];
    for (const m of list) {
        const ann = m.annotation();
        if (ann) annotations.push(lowerAnnotation(ann));
        else modifiers.push(terminalText(m).join(' ').toLowerCase());
    }
    return { modifiers, annotations };
}

function lowerAnnotation(ann: any): A.Annotation {
    const name = ann.children[1].getText();
    const params: Record<string, string> = {};
    const pairs = ann.elementValuePairs();
    if (pairs) {
        for (const p of pairs.elementValuePair_list())
            params[p.id().getText().toLowerCase()] = p.elementValue().getText();
    } else if (ann.elementValue()) {
        params.value = ann.elementValue().getText();
    }
    return { name, params };
}

function lowerTypeDeclaration(td: any, cx: LowerContext): A.TypeDecl {
    const mods = lowerModifiers(td.modifier_list());
    const decl = td.classDeclaration() ?? td.interfaceDeclaration() ?? td.enumDeclaration();
    return lowerTypeBody(decl, mods, cx);
}

function lowerTypeBody(decl: any, mods: Modifiers, cx: LowerContext): A.TypeDecl {
    const base = {
        ...pos(decl),
        ...mods,
        name: decl.id().getText(),
        members: [] as A.Member[],
        enumValues: [] as string[]
    };
    if (decl instanceof P.ClassDeclarationContext) {
        const members = (decl.classBody().classBodyDeclaration_list() as any[])
            .map((b) => lowerClassBodyDeclaration(b, cx))
            .filter((m): m is A.Member => m !== undefined);
        const typeList = decl.typeList();
        return {
            ...base,
            kind: 'class',
            extends: decl.typeRef() ? lowerTypeRef(decl.typeRef(), cx) : undefined,
            implements: typeList ? typeList.typeRef_list().map((t: any) => lowerTypeRef(t, cx)) : [],
            members
        };
    }
    if (decl instanceof P.InterfaceDeclarationContext) {
        const members: A.Member[] = (decl.interfaceBody().interfaceMethodDeclaration_list() as any[]).map((m) => {
            const mm = lowerModifiers(m.modifier_list());
            return {
                k: 'method' as const,
                ...pos(m),
                ...mm,
                modifiers: [...mm.modifiers, 'abstract'],
                name: m.id().getText(),
                returnType: m.VOID() ? ('void' as const) : lowerTypeRef(m.typeRef(), cx),
                params: lowerParams(m.formalParameters(), cx)
            };
        });
        const typeList = decl.typeList();
        return {
            ...base,
            kind: 'interface',
            implements: typeList ? typeList.typeRef_list().map((t: any) => lowerTypeRef(t, cx)) : [],
            members
        };
    }
    if (decl instanceof P.EnumDeclarationContext) {
        const constants = decl.enumConstants();
        return {
            ...base,
            kind: 'enum',
            implements: [],
            enumValues: constants ? constants.id_list().map((i: any) => i.getText()) : []
        };
    }
    throw new Error(`apexrt lowering: unknown type declaration at line ${decl.start.line}`);
}

function lowerClassBodyDeclaration(b: any, cx: LowerContext): A.Member | undefined {
    if (b.block()) return { k: 'init', isStatic: !!b.STATIC(), body: lowerBlock(b.block(), cx), ...pos(b) };
    const md = b.memberDeclaration();
    if (!md) return undefined; // a stray ';'
    return lowerMember(md, lowerModifiers(b.modifier_list()), cx, b);
}

/** Lowers a memberDeclaration / anonymousMemberDeclaration / triggerMemberDeclaration (same alternatives). */
function lowerMember(md: any, mods: Modifiers, cx: LowerContext, posCtx: any): A.Member {
    const at = pos(posCtx);
    const method = md.methodDeclaration();
    if (method) {
        return {
            k: 'method',
            ...at,
            ...mods,
            name: method.id().getText(),
            returnType: method.VOID() ? 'void' : lowerTypeRef(method.typeRef(), cx),
            params: lowerParams(method.formalParameters(), cx),
            body: method.block() ? lowerBlock(method.block(), cx) : undefined
        };
    }
    const ctor = md.constructorDeclaration?.();
    if (ctor) {
        return {
            k: 'ctor',
            ...at,
            ...mods,
            params: lowerParams(ctor.formalParameters(), cx),
            body: lowerBlock(ctor.block(), cx)
        };
    }
    const field = md.fieldDeclaration();
    if (field) {
        const local = lowerLocalVar(field.typeRef(), field.variableDeclarators(), false, field, cx);
        return { k: 'field', ...at, ...mods, type: local.type, decls: local.decls };
    }
    const prop = md.propertyDeclaration();
    if (prop) {
        const member: A.PropertyMember = {
            k: 'prop',
            ...at,
            ...mods,
            type: lowerTypeRef(prop.typeRef(), cx),
            name: prop.id().getText()
        };
        for (const pb of prop.propertyBlock_list() as any[]) {
            const accessorMods = lowerModifiers(pb.modifier_list()).modifiers;
            const acc = pb.getter() ?? pb.setter();
            const accessor: A.Accessor = {
                ...pos(pb),
                modifiers: accessorMods,
                body: acc.block() ? lowerBlock(acc.block(), cx) : undefined
            };
            if (pb.getter()) member.getter = accessor;
            else member.setter = accessor;
        }
        return member;
    }
    const inner = md.classDeclaration() ?? md.interfaceDeclaration() ?? md.enumDeclaration();
    if (inner) return { k: 'type', ...at, decl: lowerTypeBody(inner, mods, cx) };
    throw new Error(`apexrt lowering: unknown member at line ${at.line}: ${sourceOf(md, cx).slice(0, 60)}`);
}

function lowerParams(fp: any, cx: LowerContext): A.Param[] {
    const list = fp.formalParameterList();
    if (!list) return [];
    return list
        .formalParameter_list()
        .map((p: any) => ({ ...pos(p), type: lowerTypeRef(p.typeRef(), cx), name: p.id().getText() }));
}

export { lowerExpression };
