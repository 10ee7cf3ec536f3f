// Tokenizer for `$filter` expressions.

import { FilterSyntaxError } from './filter-ast';

export type TokenKind = 'string' | 'number' | 'word' | 'guid' | 'datetime' | 'punct' | 'end';

export interface Token {
    kind: TokenKind;
    text: string;
    /** Decoded value for strings (quotes removed, '' unescaped). */
    value?: string;
    position: number;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const DATETIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?/i;
const NUMBER = /^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/i;
const WORD = /^[A-Za-z_@$][A-Za-z0-9_.@$]*/;

export function tokenize(input: string): Token[] {
    const tokens: Token[] = [];
    let i = 0;
    while (i < input.length) {
        const ch = input[i];
        if (/\s/.test(ch)) {
            i++;
            continue;
        }
        const rest = input.slice(i);
        if (ch === "'") {
            let value = '';
            let j = i + 1;
            for (;;) {
                if (j >= input.length) throw new FilterSyntaxError('Unterminated string literal', i);
                if (input[j] === "'") {
                    if (input[j + 1] === "'") {
                        value += "'";
                        j += 2;
                        continue;
                    }
                    break;
                }
                value += input[j++];
            }
            tokens.push({ kind: 'string', text: input.slice(i, j + 1), value, position: i });
            i = j + 1;
            continue;
        }
        if ('()/,:'.includes(ch)) {
            tokens.push({ kind: 'punct', text: ch, position: i });
            i++;
            continue;
        }
        // Real Partner Center links emit GUIDs unquoted (`engagementId eq 1352e0…`), so they are literals too.
        const guid = GUID.exec(rest);
        if (guid && !/[0-9A-Za-z-]/.test(rest[guid[0].length] ?? '')) {
            tokens.push({ kind: 'guid', text: guid[0], position: i });
            i += guid[0].length;
            continue;
        }
        const datetime = DATETIME.exec(rest);
        if (datetime && datetime[0].length > 10 && /T/i.test(datetime[0])) {
            tokens.push({ kind: 'datetime', text: datetime[0], position: i });
            i += datetime[0].length;
            continue;
        }
        const number = NUMBER.exec(rest);
        if (number && !/[A-Za-z_]/.test(rest[number[0].length] ?? '')) {
            tokens.push({ kind: 'number', text: number[0], position: i });
            i += number[0].length;
            continue;
        }
        const word = WORD.exec(rest);
        if (word) {
            tokens.push({ kind: 'word', text: word[0], position: i });
            i += word[0].length;
            continue;
        }
        throw new FilterSyntaxError(`Unexpected character '${ch}'`, i);
    }
    tokens.push({ kind: 'end', text: '', position: input.length });
    return tokens;
}
