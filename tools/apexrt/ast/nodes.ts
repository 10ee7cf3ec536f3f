/**
 * apexrt's own typed AST. Produced only by lower/ (the one place that touches apex-parser's CST), cached on disk
 * as JSON, so every node is plain data: no classes, no bigint, no cycles. Every node carries its 1-based line and
 * 1-based column. The checker (types/) annotates expressions in memory after loading (`st`, `target` fields).
 */

export interface Pos {
    line: number;
    col: number;
}

/** A written type: `String`, `cosell.Foo.Inner`, `List<Map<String, Integer>>`, `String[]`. */
export interface TypeName {
    /** Dotted name parts as written, e.g. ['cosell', 'Foo', 'Inner']. */
    parts: string[];
    /** Type arguments of the last part. */
    args: TypeName[];
    /** Number of `[]` suffixes. */
    arrayDims: number;
}

export interface Annotation {
    name: string;
    /** Element values, keys lower-cased; a bare value `@Foo(x)` is stored under 'value'. */
    params: Record<string, string>;
}

// ----- expressions -----

export type LiteralType = 'Integer' | 'Long' | 'Double' | 'Decimal' | 'String' | 'Boolean' | 'Null';

export interface ExprBase extends Pos {
    /** Static type, filled in by the checker (not cached). */
    st?: unknown;
    /** Resolution result of the checker (not cached). */
    res?: unknown;
}

export interface LiteralExpr extends ExprBase {
    k: 'lit';
    litType: LiteralType;
    /** Literal text; for strings the unescaped value. */
    value: string;
}
export interface NameExpr extends ExprBase {
    k: 'name';
    name: string;
}
export interface FieldExpr extends ExprBase {
    k: 'field';
    target: Expr;
    name: string;
    safe: boolean;
}
export interface CallExpr extends ExprBase {
    k: 'call';
    /** undefined for an unqualified call `foo(1)`. */
    target?: Expr;
    name: string;
    args: Expr[];
    safe: boolean;
}
/** `this(...)` or `super(...)` as the first statement of a constructor. */
export interface CtorCallExpr extends ExprBase {
    k: 'ctorCall';
    which: 'this' | 'super';
    args: Expr[];
}
export interface NewExpr extends ExprBase {
    k: 'new';
    type: TypeName;
    args: Expr[];
}
/** `new String[3]` or `new String[]{'a'}`. */
export interface NewArrayExpr extends ExprBase {
    k: 'newArray';
    type: TypeName;
    size?: Expr;
    init?: Expr[];
}
/** `new List<X>{a, b}`, `new Set<X>{...}`, `new Map<K,V>{k => v}`. */
export interface NewCollectionExpr extends ExprBase {
    k: 'newColl';
    type: TypeName;
    items?: Expr[];
    pairs?: Array<[Expr, Expr]>;
}
export interface IndexExpr extends ExprBase {
    k: 'index';
    target: Expr;
    index: Expr;
}
export interface UnaryExpr extends ExprBase {
    k: 'unary';
    op: '-' | '+' | '!' | '~';
    expr: Expr;
}
export interface IncDecExpr extends ExprBase {
    k: 'incdec';
    op: '++' | '--';
    prefix: boolean;
    target: Expr;
}
export interface BinaryExpr extends ExprBase {
    k: 'binary';
    op: string;
    left: Expr;
    right: Expr;
}
export interface AssignExpr extends ExprBase {
    k: 'assign';
    /** '=' or a compound operator such as '+='. */
    op: string;
    target: Expr;
    value: Expr;
}
export interface CondExpr extends ExprBase {
    k: 'cond';
    test: Expr;
    then: Expr;
    else: Expr;
}
export interface CastExpr extends ExprBase {
    k: 'cast';
    type: TypeName;
    expr: Expr;
}
export interface InstanceOfExpr extends ExprBase {
    k: 'instanceof';
    expr: Expr;
    type: TypeName;
}
export interface ThisExpr extends ExprBase {
    k: 'this';
}
export interface SuperExpr extends ExprBase {
    k: 'super';
}
/** `Foo.class` */
export interface ClassLiteralExpr extends ExprBase {
    k: 'classLit';
    type: TypeName;
}
/** Inline SOQL `[SELECT ...]`: dispatched to the data layer (part 2). */
export interface SoqlExpr extends ExprBase {
    k: 'soql';
    /** The query text between the brackets, as written. */
    query: string;
    /** Bind expressions `:expr`, in order of appearance, with their text as written. */
    binds: Array<{ text: string; expr: Expr }>;
}
/**
 * Inline SOSL `[FIND ... RETURNING Obj(fields WHERE ... ORDER BY ... LIMIT n), ...]`. Each RETURNING object is
 * lowered to a SOQL query over that object whose WHERE also keeps only the search's records: its text carries the
 * bind `:${SOSL_RESULTS_BIND}`, which no Apex expression can spell (identifiers do not start with `_`).
 */
export interface SoslExpr extends ExprBase {
    k: 'sosl';
    /** The search term: a bind expression (`FIND :term`), or undefined when written as a literal. */
    search?: Expr;
    returning: SoqlExpr[];
    /** The statement-wide `LIMIT n` (an Integer literal), applied across the RETURNING lists in order. */
    limit?: number;
    /** A clause apexrt does not model (WITH ..., UPDATE ..., USING LISTVIEW, a bound overall LIMIT). */
    unsupported?: string;
}
export const SOSL_RESULTS_BIND = '_searchResultIds';

/** A construct lowered only so that running it fails loudly. */
export interface UnsupportedExpr extends ExprBase {
    k: 'unsupported';
    construct: string;
}

export type Expr =
    | LiteralExpr
    | NameExpr
    | FieldExpr
    | CallExpr
    | CtorCallExpr
    | NewExpr
    | NewArrayExpr
    | NewCollectionExpr
    | IndexExpr
    | UnaryExpr
    | IncDecExpr
    | BinaryExpr
    | AssignExpr
    | CondExpr
    | CastExpr
    | InstanceOfExpr
    | ThisExpr
    | SuperExpr
    | ClassLiteralExpr
    | SoqlExpr
    | SoslExpr
    | UnsupportedExpr;

// ----- statements -----

export interface VarDeclarator extends Pos {
    name: string;
    init?: Expr;
}
export interface BlockStmt extends Pos {
    k: 'block';
    stmts: Stmt[];
}
export interface LocalVarStmt extends Pos {
    k: 'local';
    type: TypeName;
    isFinal: boolean;
    decls: VarDeclarator[];
}
export interface ExprStmt extends Pos {
    k: 'expr';
    expr: Expr;
}
export interface IfStmt extends Pos {
    k: 'if';
    test: Expr;
    then: Stmt;
    else?: Stmt;
}
export interface WhileStmt extends Pos {
    k: 'while';
    test: Expr;
    body: Stmt;
}
export interface DoWhileStmt extends Pos {
    k: 'doWhile';
    body: Stmt;
    test: Expr;
}
export interface ForStmt extends Pos {
    k: 'for';
    init?: LocalVarStmt;
    initExprs: Expr[];
    test?: Expr;
    update: Expr[];
    body: Stmt;
}
export interface ForEachStmt extends Pos {
    k: 'forEach';
    type: TypeName;
    name: string;
    iterable: Expr;
    body: Stmt;
}
export interface ReturnStmt extends Pos {
    k: 'return';
    value?: Expr;
}
export interface BreakStmt extends Pos {
    k: 'break';
}
export interface ContinueStmt extends Pos {
    k: 'continue';
}
export interface ThrowStmt extends Pos {
    k: 'throw';
    expr: Expr;
}
export interface CatchClause extends Pos {
    type: TypeName;
    name: string;
    body: BlockStmt;
}
export interface TryStmt extends Pos {
    k: 'try';
    body: BlockStmt;
    catches: CatchClause[];
    finally?: BlockStmt;
}
/** One `when` value: a literal, an enum constant name, or null. */
export type WhenValue = { k: 'lit'; expr: LiteralExpr } | { k: 'enum'; name: string } | { k: 'null' };
export interface WhenClause extends Pos {
    /** 'else', a list of values, or a typed binding `when Account a`. */
    match: { k: 'else' } | { k: 'values'; values: WhenValue[] } | { k: 'type'; type: TypeName; name: string };
    body: BlockStmt;
}
export interface SwitchStmt extends Pos {
    k: 'switch';
    expr: Expr;
    whens: WhenClause[];
}
export type DmlOp = 'insert' | 'update' | 'upsert' | 'delete' | 'undelete' | 'merge';
export interface DmlStmt extends Pos {
    k: 'dml';
    op: DmlOp;
    exprs: Expr[];
    /** upsert's external id field, e.g. 'Opportunity.Referral_Id__c'. */
    externalIdField?: string;
    accessLevel?: 'user' | 'system';
}
export interface RunAsStmt extends Pos {
    k: 'runAs';
    args: Expr[];
    body: BlockStmt;
}

export type Stmt =
    | BlockStmt
    | LocalVarStmt
    | ExprStmt
    | IfStmt
    | WhileStmt
    | DoWhileStmt
    | ForStmt
    | ForEachStmt
    | ReturnStmt
    | BreakStmt
    | ContinueStmt
    | ThrowStmt
    | TryStmt
    | SwitchStmt
    | DmlStmt
    | RunAsStmt;

// ----- declarations -----

export interface Param extends Pos {
    type: TypeName;
    name: string;
}

export interface MemberBase extends Pos {
    modifiers: string[];
    annotations: Annotation[];
}
export interface FieldMember extends MemberBase {
    k: 'field';
    type: TypeName;
    decls: VarDeclarator[];
}
export interface MethodMember extends MemberBase {
    k: 'method';
    name: string;
    returnType: TypeName | 'void';
    params: Param[];
    body?: BlockStmt;
}
export interface CtorMember extends MemberBase {
    k: 'ctor';
    params: Param[];
    body: BlockStmt;
}
export interface Accessor extends Pos {
    modifiers: string[];
    /** undefined for an automatic accessor `get;`. */
    body?: BlockStmt;
}
export interface PropertyMember extends MemberBase {
    k: 'prop';
    type: TypeName;
    name: string;
    getter?: Accessor;
    setter?: Accessor;
}
export interface InitMember extends Pos {
    k: 'init';
    isStatic: boolean;
    body: BlockStmt;
}
export interface TypeMember extends Pos {
    k: 'type';
    decl: TypeDecl;
}
export type Member = FieldMember | MethodMember | CtorMember | PropertyMember | InitMember | TypeMember;

export interface TypeDecl extends Pos {
    kind: 'class' | 'interface' | 'enum';
    name: string;
    modifiers: string[];
    annotations: Annotation[];
    extends?: TypeName;
    /** `implements` for classes, `extends` for interfaces. */
    implements: TypeName[];
    /** Members in source order (initialisation order matters). */
    members: Member[];
    enumValues: string[];
}

export interface ClassUnit {
    kind: 'class';
    decl: TypeDecl;
}
export interface TriggerUnit {
    kind: 'trigger';
    name: string;
    sobject: string;
    /** e.g. ['before insert', 'after update'] */
    events: string[];
    body: BlockStmt;
    line: number;
}
export interface AnonymousUnit {
    kind: 'anonymous';
    /** Methods, fields and types declared in the anonymous block. */
    members: Member[];
    stmts: Stmt[];
}
export type CompilationUnit = ClassUnit | TriggerUnit | AnonymousUnit;
