import type * as A from '../ast/nodes';
import { parseApex } from '../parser/parse';

function anon(src: string): A.AnonymousUnit {
    return parseApex(src, 'anonymous', 'test.apex') as A.AnonymousUnit;
}

function firstExpr(src: string): A.Expr {
    const s = anon(src).stmts[0];
    if (s.k !== 'expr') throw new Error(`not an expression statement: ${s.k}`);
    return s.expr;
}

describe('lowering', () => {
    it('rebuilds operators split into several tokens', () => {
        for (const op of ['>=', '<=', '>>', '>>>', '<<', '==', '!=', '===', '!==', '??', '&&', '||']) {
            const e = firstExpr(`x = a ${op} b;`);
            expect(e.k === 'assign' && e.value.k === 'binary' && e.value.op).toBe(op);
        }
        const compound = firstExpr('x >>= 2;');
        expect(compound.k === 'assign' && compound.op).toBe('>>=');
        const ne = firstExpr('x = a <> b;');
        expect(ne.k === 'assign' && ne.value.k === 'binary' && ne.value.op).toBe('!=');
    });

    it('keeps 1-based line and column on nodes', () => {
        const e = firstExpr('\n   foo.bar(1);');
        expect(e).toMatchObject({ k: 'call', name: 'bar', line: 2 });
        if (e.k !== 'call') throw new Error();
        expect(e.target).toMatchObject({ k: 'name', name: 'foo', line: 2, col: 4 });
    });

    it('reads top-level variable declarations of anonymous Apex as ordered local statements', () => {
        const u = anon('Integer a = 1;\nSystem.debug(a);\nInteger b = 2;\nvoid helper() {}');
        expect(u.stmts.map((s) => s.k)).toEqual(['local', 'expr', 'local']);
        expect(u.members.map((m) => m.k)).toEqual(['method']);
    });

    it('lowers literals, unary minus, casts, safe navigation and creators', () => {
        const lits = anon(
            "Object a = 5; Object b = 5L; Object c = 1.5; Object d = 'it\\'s'; Object e = null; Object f = true;"
        ).stmts as A.LocalVarStmt[];
        expect(lits.map((s) => (s.decls[0].init as A.LiteralExpr).litType)).toEqual([
            'Integer',
            'Long',
            'Decimal',
            'String',
            'Null',
            'Boolean'
        ]);
        expect((lits[3].decls[0].init as A.LiteralExpr).value).toBe("it's");
        expect(firstExpr('x = -y;')).toMatchObject({ value: { k: 'unary', op: '-' } });
        expect(firstExpr('x = (Integer) y;')).toMatchObject({ value: { k: 'cast', type: { parts: ['Integer'] } } });
        expect(firstExpr('x = a?.b;')).toMatchObject({ value: { k: 'field', name: 'b', safe: true } });
        expect(firstExpr("x = new Map<String, List<Integer>>{'a' => null};")).toMatchObject({
            value: {
                k: 'newColl',
                type: {
                    parts: ['Map'],
                    args: [{ parts: ['String'] }, { parts: ['List'], args: [{ parts: ['Integer'] }] }]
                }
            }
        });
        expect(firstExpr('x = new String[3];')).toMatchObject({ value: { k: 'newArray', type: { arrayDims: 1 } } });
        expect(firstExpr("x = new List<String>{'a', 'b'};")).toMatchObject({
            value: { k: 'newColl', items: [{ value: 'a' }, { value: 'b' }] }
        });
    });

    it('lowers class members with modifiers, annotations, properties and initialisers in order', () => {
        const u = parseApex(
            `@IsTest(SeeAllData=false)
            public virtual class K extends Base implements I1, I2 {
                static Integer s = 1;
                static { s = 2; }
                public String p { get; private set; }
                public Integer q { get { return 1; } }
                public K() { this(1); }
                public K(Integer x) { super(x); }
                testMethod static void t() {}
                enum Color { RED, GREEN }
            }`,
            'class',
            'K.cls'
        ) as A.ClassUnit;
        const d = u.decl;
        expect(d.annotations).toEqual([{ name: 'IsTest', params: { seealldata: 'false' } }]);
        expect(d.modifiers).toEqual(['public', 'virtual']);
        expect(d.extends?.parts).toEqual(['Base']);
        expect(d.implements.map((t) => t.parts[0])).toEqual(['I1', 'I2']);
        expect(d.members.map((m) => m.k)).toEqual(['field', 'init', 'prop', 'prop', 'ctor', 'ctor', 'method', 'type']);
        const p = d.members[2] as A.PropertyMember;
        expect(p.getter?.body).toBeUndefined();
        expect(p.setter?.modifiers).toEqual(['private']);
        const ctor = d.members[4] as A.CtorMember;
        expect(ctor.body.stmts[0]).toMatchObject({ k: 'expr', expr: { k: 'ctorCall', which: 'this' } });
        expect((d.members[6] as A.MethodMember).modifiers).toContain('testmethod');
        expect((d.members[7] as A.TypeMember).decl.enumValues).toEqual(['RED', 'GREEN']);
    });

    it('lowers switch, try, DML and SOQL with binds', () => {
        const u = anon(`switch on x { when 1, -2 { } when RED { } when Account a { } when null { } when else { } }
            try { } catch (System.MathException e) { } finally { }
            insert as user accs;
            upsert accs Account.Ext__c;
            List<Account> l = [SELECT Id FROM Account WHERE Name = :names[0] AND Amount > :min];`);
        const sw = u.stmts[0] as A.SwitchStmt;
        expect(sw.whens.map((w) => w.match.k)).toEqual(['values', 'values', 'type', 'values', 'else']);
        expect(sw.whens[0].match).toMatchObject({
            values: [
                { k: 'lit', expr: { value: '1' } },
                { k: 'lit', expr: { value: '-2' } }
            ]
        });
        expect(sw.whens[1].match).toMatchObject({ values: [{ k: 'enum', name: 'RED' }] });
        expect(sw.whens[3].match).toMatchObject({ values: [{ k: 'null' }] });
        expect(u.stmts[1]).toMatchObject({
            k: 'try',
            catches: [{ type: { parts: ['System', 'MathException'] }, name: 'e' }]
        });
        expect(u.stmts[2]).toMatchObject({ k: 'dml', op: 'insert', accessLevel: 'user' });
        expect(u.stmts[3]).toMatchObject({ k: 'dml', op: 'upsert', externalIdField: 'Account.Ext__c' });
        const soql = (u.stmts[4] as A.LocalVarStmt).decls[0].init as A.SoqlExpr;
        expect(soql.query).toBe('SELECT Id FROM Account WHERE Name = :names[0] AND Amount > :min');
        expect(soql.binds.map((b) => b.text)).toEqual(['names[0]', 'min']);
        expect(soql.binds[0].expr.k).toBe('index');
    });
});
