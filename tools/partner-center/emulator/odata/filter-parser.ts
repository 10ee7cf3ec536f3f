// Recursive-descent parser for `$filter`:
//   or      := and ('or' and)*
//   and     := unary ('and' unary)*
//   unary   := 'not' unary | compare
//   compare := primary (('eq'|'ne'|'gt'|'ge'|'lt'|'le') primary)?
//   primary := '(' or ')' | literal | function '(' args ')' | path ('/' ('any'|'all') '(' [var ':' or] ')')?
// Operator keywords are matched case-insensitively (tolerant input); property names keep their spelling.

import { ComparisonOperator, FilterNode, FilterSyntaxError } from './filter-ast';
import { Token, tokenize } from './filter-lexer';
import { timestampKey } from '../timestamps';

const COMPARISONS: ReadonlySet<string> = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCTIONS: ReadonlySet<string> = new Set(['contains', 'startswith', 'endswith', 'tolower', 'toupper']);
const RESERVED: ReadonlySet<string> = new Set(['and', 'or', 'not', ...COMPARISONS]);

export function parseFilter(input: string): FilterNode {
    if (!input.trim()) throw new FilterSyntaxError('Empty $filter', 0);
    return new Parser(tokenize(input)).parseAll();
}

class Parser {
    private index = 0;

    constructor(private readonly tokens: Token[]) {}

    parseAll(): FilterNode {
        const node = this.parseOr();
        const next = this.peek();
        if (next.kind !== 'end') throw new FilterSyntaxError(`Unexpected '${next.text}'`, next.position);
        return node;
    }

    private parseOr(): FilterNode {
        let left = this.parseAnd();
        while (this.isKeyword('or')) {
            this.index++;
            left = { kind: 'or', left, right: this.parseAnd() };
        }
        return left;
    }

    private parseAnd(): FilterNode {
        let left = this.parseUnary();
        while (this.isKeyword('and')) {
            this.index++;
            left = { kind: 'and', left, right: this.parseUnary() };
        }
        return left;
    }

    private parseUnary(): FilterNode {
        if (this.isKeyword('not')) {
            this.index++;
            return { kind: 'not', operand: this.parseUnary() };
        }
        return this.parseCompare();
    }

    private parseCompare(): FilterNode {
        const left = this.parsePrimary();
        const op = this.peek();
        if (op.kind === 'word' && COMPARISONS.has(op.text.toLowerCase())) {
            this.index++;
            const right = this.parsePrimary();
            return { kind: 'compare', operator: op.text.toLowerCase() as ComparisonOperator, left, right };
        }
        return left;
    }

    private parsePrimary(): FilterNode {
        const token = this.next();
        switch (token.kind) {
            case 'punct':
                if (token.text === '(') {
                    const inner = this.parseOr();
                    this.expect(')');
                    return inner;
                }
                throw new FilterSyntaxError(`Unexpected '${token.text}'`, token.position);
            case 'string':
                return { kind: 'literal', value: token.value ?? '' };
            case 'guid':
                return { kind: 'literal', value: token.text.toLowerCase() };
            case 'number':
                return { kind: 'literal', value: Number(token.text) };
            case 'datetime': {
                const instant = timestampKey(token.text);
                if (instant === undefined)
                    throw new FilterSyntaxError(`Invalid date-time '${token.text}'`, token.position);
                return { kind: 'literal', value: token.text, instant };
            }
            case 'word':
                return this.parseWord(token);
            default:
                throw new FilterSyntaxError('Unexpected end of $filter', token.position);
        }
    }

    private parseWord(token: Token): FilterNode {
        const lower = token.text.toLowerCase();
        if (lower === 'true' || lower === 'false') return { kind: 'literal', value: lower === 'true' };
        if (lower === 'null') return { kind: 'literal', value: null };
        if (RESERVED.has(lower)) throw new FilterSyntaxError(`Unexpected keyword '${token.text}'`, token.position);
        if (FUNCTIONS.has(lower) && this.peekPunct('(')) {
            this.index++;
            const args: FilterNode[] = [];
            if (!this.peekPunct(')')) {
                do args.push(this.parseOr());
                while (this.acceptPunct(','));
            }
            this.expect(')');
            const expected = lower === 'tolower' || lower === 'toupper' ? 1 : 2;
            if (args.length !== expected) {
                throw new FilterSyntaxError(`${lower}() takes ${expected} argument(s)`, token.position);
            }
            return { kind: 'call', name: lower, args };
        }
        const segments = [token.text];
        while (this.peekPunct('/')) {
            this.index++;
            const segment = this.next();
            if (segment.kind !== 'word')
                throw new FilterSyntaxError('Expected a property name after /', segment.position);
            const quantifier = segment.text.toLowerCase();
            if ((quantifier === 'any' || quantifier === 'all') && this.peekPunct('(')) {
                return this.parseLambda(quantifier, segments);
            }
            segments.push(segment.text);
        }
        return { kind: 'path', segments };
    }

    private parseLambda(quantifier: 'any' | 'all', collection: string[]): FilterNode {
        this.expect('(');
        if (this.acceptPunct(')')) {
            if (quantifier === 'all') throw new FilterSyntaxError('all() needs a predicate', this.peek().position);
            return { kind: 'lambda', quantifier, collection };
        }
        const variable = this.next();
        if (variable.kind !== 'word' || RESERVED.has(variable.text.toLowerCase())) {
            throw new FilterSyntaxError('Expected a lambda variable name', variable.position);
        }
        this.expect(':');
        const predicate = this.parseOr();
        this.expect(')');
        return { kind: 'lambda', quantifier, collection, variable: variable.text, predicate };
    }

    private peek(): Token {
        return this.tokens[this.index];
    }

    private next(): Token {
        const token = this.tokens[this.index];
        if (token.kind !== 'end') this.index++;
        return token;
    }

    private isKeyword(word: string): boolean {
        const token = this.peek();
        return token.kind === 'word' && token.text.toLowerCase() === word;
    }

    private peekPunct(text: string): boolean {
        const token = this.peek();
        return token.kind === 'punct' && token.text === text;
    }

    private acceptPunct(text: string): boolean {
        if (!this.peekPunct(text)) return false;
        this.index++;
        return true;
    }

    private expect(text: string): void {
        const token = this.next();
        if (token.kind !== 'punct' || token.text !== text) {
            throw new FilterSyntaxError(`Expected '${text}' but found '${token.text || 'end'}'`, token.position);
        }
    }
}
