/**
 * A small part of the Salesforce formula language, for FormulaEval (formula-natives.ts). Sources: Salesforce Help,
 * "Formula Operators and Functions" (operators and their order; AND, OR, NOT, IF, ISBLANK, ISNULL), "Elements of a
 * Formula" (text literals in quotes, TRUE/FALSE/NULL, merge fields).
 *
 * Modelled: text literals ("..." or '...'), number literals, TRUE, FALSE, NULL; field references (`a.b.c`);
 * parentheses; `=`/`==` and `!=`/`<>`, `<`, `<=`, `>`, `>=` on numbers; `&&`, `||`, `&` (text concatenation);
 * AND, OR, NOT, IF, ISBLANK, ISNULL. A text value is never null in a formula ("ISNULL": "Text fields are never
 * null"; a blank text is ""), so a null text reads as "".
 * Not modelled (loud): other operators (+ - * / ^) and functions, global variables ($User ...), comparisons of
 * other types, null numbers or booleans, text comparisons that differ only in case (whether `=` ignores case is
 * not stated), characters it does not know. A definite syntax error (two values side by side, an unclosed
 * parenthesis or text) is the platform's FormulaValidationException, with its undocumented message.
 */
import { UndocumentedMessage } from '../core/undocumented-message';
import { ApexThrow, ApexUnsupported, Decimal } from '../core/values';

export type FormulaNode =
    | { k: 'lit'; value: unknown; type: 'text' | 'number' | 'boolean' | 'null' }
    | { k: 'path'; parts: string[] }
    | { k: 'bin'; op: string; l: FormulaNode; r: FormulaNode }
    | { k: 'call'; name: string; args: FormulaNode[] };

type Token = { t: 'str' | 'num' | 'id' | 'op' | 'unknown' | 'end'; v: string };

const OPERATORS = [
    '==',
    '!=',
    '<>',
    '<=',
    '>=',
    '&&',
    '||',
    '=',
    '<',
    '>',
    '&',
    '(',
    ')',
    ',',
    '+',
    '-',
    '*',
    '/',
    '^'
];

/**
 * A definite syntax error: FormulaValidationException ("FormulaBuilder Class": build() throws it when syntax
 * validation fails), whose message is not documented (core/undocumented-message.ts).
 */
function syntax(formula: string, why: string): ApexThrow {
    return new ApexThrow(
        'System.FormulaValidationException',
        '',
        new UndocumentedMessage(`a syntax error (${why}) in ${formula}`)
    );
}

function tokenize(formula: string): Token[] {
    const out: Token[] = [];
    let i = 0;
    while (i < formula.length) {
        const c = formula[i];
        if (/\s/.test(c)) {
            i++;
        } else if (c === '"' || c === "'") {
            const end = formula.indexOf(c, i + 1);
            if (end < 0) throw syntax(formula, 'an unterminated text');
            const text = formula.slice(i + 1, end);
            if (text.includes('\\')) throw new ApexUnsupported(`escape sequences in formula text: ${formula}`);
            out.push({ t: 'str', v: text });
            i = end + 1;
        } else if (/[0-9]/.test(c)) {
            const m = /^[0-9]+(\.[0-9]+)?/.exec(formula.slice(i))!;
            out.push({ t: 'num', v: m[0] });
            i += m[0].length;
        } else if (/[A-Za-z_$]/.test(c)) {
            const m = /^[A-Za-z_$][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(formula.slice(i))!;
            out.push({ t: 'id', v: m[0] });
            i += m[0].length;
        } else {
            // A character apexrt does not know may be valid formula syntax: loud where the parser reaches it.
            const op = OPERATORS.find((o) => formula.startsWith(o, i)) ?? c;
            out.push({ t: OPERATORS.includes(op) ? 'op' : 'unknown', v: op });
            i += op.length;
        }
    }
    out.push({ t: 'end', v: '' });
    return out;
}

/** Operator precedence, lowest first (Help, "Formula Operators and Functions": ||, &&, equality, comparison, &). */
const LEVELS: string[][] = [['||'], ['&&'], ['=', '==', '!=', '<>'], ['<', '<=', '>', '>='], ['&']];

export function parseFormula(formula: string): FormulaNode {
    const tokens = tokenize(formula);
    let pos = 0;
    const peek = (): Token => {
        if (tokens[pos].t === 'unknown') throw new ApexUnsupported(`the formula character ${tokens[pos].v}`);
        return tokens[pos];
    };
    const expectOp = (v: string): void => {
        const tok = peek();
        pos++;
        if (tok.t !== 'op' || tok.v !== v) throw syntax(formula, `expected ${v}`);
    };
    const level = (n: number): FormulaNode => {
        if (n === LEVELS.length) return primary();
        let left = level(n + 1);
        while (peek().t === 'op' && LEVELS[n].includes(peek().v)) {
            const op = tokens[pos++].v;
            left = { k: 'bin', op, l: left, r: level(n + 1) };
        }
        return left;
    };
    const primary = (): FormulaNode => {
        const tok = peek();
        pos++;
        if (tok.t === 'str') return { k: 'lit', value: tok.v, type: 'text' };
        if (tok.t === 'num') return { k: 'lit', value: new Decimal(tok.v), type: 'number' };
        if (tok.t === 'op' && tok.v === '(') {
            const inner = level(0);
            expectOp(')');
            return inner;
        }
        if (tok.t === 'op' && ['+', '-', '*', '/', '^'].includes(tok.v))
            throw new ApexUnsupported(`the formula operator ${tok.v}`);
        if (tok.t !== 'id') throw syntax(formula, 'expected a value');
        const upper = tok.v.toUpperCase();
        if (peek().t === 'op' && peek().v === '(') {
            pos++;
            const args: FormulaNode[] = [];
            if (!(peek().t === 'op' && peek().v === ')')) {
                args.push(level(0));
                while (peek().t === 'op' && peek().v === ',') {
                    pos++;
                    args.push(level(0));
                }
            }
            expectOp(')');
            return { k: 'call', name: upper, args };
        }
        if (upper === 'TRUE' || upper === 'FALSE') return { k: 'lit', value: upper === 'TRUE', type: 'boolean' };
        if (upper === 'NULL') return { k: 'lit', value: null, type: 'null' };
        if (tok.v.startsWith('$')) throw new ApexUnsupported(`the formula global variable ${tok.v}`);
        return { k: 'path', parts: tok.v.split('.') };
    };
    const tree = level(0);
    if (peek().t === 'op' && ['+', '-', '*', '/', '^'].includes(peek().v))
        throw new ApexUnsupported(`the formula operator ${peek().v}`);
    if (peek().t !== 'end') throw syntax(formula, `unexpected ${peek().v}`);
    return tree;
}

/** Every field path the formula reads. */
export function formulaPaths(n: FormulaNode, out: string[][] = []): string[][] {
    if (n.k === 'path') out.push(n.parts);
    else if (n.k === 'bin') {
        formulaPaths(n.l, out);
        formulaPaths(n.r, out);
    } else if (n.k === 'call') for (const a of n.args) formulaPaths(a, out);
    return out;
}

const FUNCTIONS: Record<string, [number, number]> = {
    AND: [1, Infinity],
    OR: [1, Infinity],
    NOT: [1, 1],
    IF: [3, 3],
    ISBLANK: [1, 1],
    ISNULL: [1, 1]
};

/** Loud for a function apexrt does not model or an argument count it does not take. */
export function checkFunctions(n: FormulaNode): void {
    if (n.k === 'bin') {
        checkFunctions(n.l);
        checkFunctions(n.r);
    } else if (n.k === 'call') {
        const arity = FUNCTIONS[n.name];
        if (!arity) throw new ApexUnsupported(`the formula function ${n.name}`);
        if (n.args.length < arity[0] || n.args.length > arity[1])
            throw new ApexUnsupported(`${n.name} with ${n.args.length} arguments in a formula`);
        for (const a of n.args) checkFunctions(a);
    }
}

const isNumber = (v: unknown): boolean => typeof v === 'number' || typeof v === 'bigint' || v instanceof Decimal;
const toDecimal = (v: unknown): Decimal => (v instanceof Decimal ? v : new Decimal(String(v)));

/**
 * Evaluates a parsed formula; `read(parts)` gives a field path's value and whether it is a text field.
 */
export function evaluateFormula(n: FormulaNode, read: (parts: string[]) => { value: unknown; text: boolean }): unknown {
    const ev = (x: FormulaNode): { value: unknown; text: boolean } => {
        switch (x.k) {
            case 'lit':
                return { value: x.value, text: x.type === 'text' };
            case 'path': {
                const r = read(x.parts);
                return r.text ? { value: r.value ?? '', text: true } : r;
            }
            case 'bin':
                return binary(x.op, x.l, x.r);
            case 'call':
                return call(x.name, x.args);
        }
    };
    const bool = (x: FormulaNode): boolean => {
        const v = ev(x).value;
        if (typeof v !== 'boolean')
            throw new ApexUnsupported(`a formula condition that is not a Boolean (${String(v)})`);
        return v;
    };
    const binary = (op: string, l: FormulaNode, r: FormulaNode): { value: unknown; text: boolean } => {
        if (op === '&&') return { value: bool(l) && bool(r), text: false };
        if (op === '||') return { value: bool(l) || bool(r), text: false };
        const a = ev(l);
        const b = ev(r);
        if (op === '&') {
            if (!a.text || !b.text) throw new ApexUnsupported('the formula operator & on values that are not text');
            return { value: String(a.value) + String(b.value), text: true };
        }
        if (['=', '==', '!=', '<>'].includes(op)) {
            const equal = equalValues(a.value, b.value);
            return { value: op === '=' || op === '==' ? equal : !equal, text: false };
        }
        if (!isNumber(a.value) || !isNumber(b.value))
            throw new ApexUnsupported(`the formula operator ${op} on values that are not numbers`);
        const c = toDecimal(a.value).cmp(toDecimal(b.value));
        const value = op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
        return { value, text: false };
    };
    const call = (name: string, args: FormulaNode[]): { value: unknown; text: boolean } => {
        switch (name) {
            case 'AND':
                return { value: args.every(bool), text: false };
            case 'OR':
                return { value: args.some(bool), text: false };
            case 'NOT':
                return { value: !bool(args[0]), text: false };
            case 'IF':
                return bool(args[0]) ? ev(args[1]) : ev(args[2]);
            case 'ISBLANK': {
                // Help, "ISBLANK": true when the expression has no value (an empty text is blank).
                const v = ev(args[0]).value;
                return { value: v === null || v === '', text: false };
            }
            case 'ISNULL': {
                // Help, "ISNULL": text fields are never null, so ISNULL of a text is false.
                const r = ev(args[0]);
                return { value: r.text ? false : r.value === null, text: false };
            }
        }
        throw new ApexUnsupported(`the formula function ${name}`);
    };
    return ev(n).value;
}

function equalValues(a: unknown, b: unknown): boolean {
    if (typeof a === 'string' && typeof b === 'string') {
        if (a === b) return true;
        if (a.toLowerCase() === b.toLowerCase())
            throw new ApexUnsupported('a formula text comparison of values that differ only in case');
        return false;
    }
    if (isNumber(a) && isNumber(b)) return toDecimal(a).cmp(toDecimal(b)) === 0;
    if (typeof a === 'boolean' && typeof b === 'boolean') return a === b;
    throw new ApexUnsupported(`a formula comparison of ${String(a)} and ${String(b)}`);
}
