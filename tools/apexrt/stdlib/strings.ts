/**
 * String methods (Apex Reference, "String Class"). Apex strings are Java strings: indexes count UTF-16 units like
 * JavaScript's, and `split`/`replaceAll`/`matches` take Java regular expressions — apexrt runs them as JavaScript
 * regular expressions, which agree for the common syntax; constructs that differ (possessive quantifiers,
 * `\p{...}` classes written the Java way, inline flags) fail loudly.
 */
import { ApexList } from '../collections/collections';
import { ApexThrow, ApexUnsupported } from '../core/values';
import type { NativeTypeSpec } from '../natives/registry-adapter';
import { T } from '../types/typeref';
import { instance, statik } from './spec';

const s = (v: unknown): string => v as string;
const HTML4_MARKUP: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** A Java regex as a JavaScript RegExp, refusing the syntax that means something else in JavaScript. */
export function javaRegex(source: string, flags = ''): RegExp {
    if (/\(\?[imsux-]+\)|[*+?}]\+|\\p\{Is|\\[QEZzGA]/.test(source))
        throw new ApexUnsupported(`Java regular expression construct in /${source}/`);
    return new RegExp(source, flags);
}

/**
 * Java's String.split(regex, limit) (Java SE 17 API): a zero-width match at the start yields no leading empty
 * string, a positive-width one does; with limit > 0 at most `limit` parts; with limit 0 trailing empty strings
 * are removed; "".split(x) is [""].
 */
export function javaSplit(text: string, regex: string, limit = 0): string[] {
    if (text === '') return [''];
    const parts: string[] = [];
    let index = 0;
    let matched = false;
    for (const m of text.matchAll(javaRegex(regex, 'g'))) {
        if (limit > 0 && parts.length === limit - 1) break;
        const start = m.index;
        const end = start + m[0].length;
        if (index === 0 && start === 0 && end === 0) continue;
        matched = true;
        parts.push(text.slice(index, start));
        index = end;
    }
    if (!matched) return [text];
    parts.push(text.slice(index));
    if (limit === 0) while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
    return parts;
}

function outOfRange(index: number, length: number): never {
    throw new ApexThrow('System.StringException', `Starting position out of bounds: ${index}`, { length });
}

function substring(text: string, start: number, end = text.length): string {
    if (start < 0 || start > text.length) outOfRange(start, text.length);
    if (end > text.length || end < start)
        throw new ApexThrow('System.StringException', `Ending position out of bounds: ${end}`);
    return text.slice(start, end);
}

const isBlank = (v: unknown): boolean => v === null || s(v).trim() === '';
const strings = (list: unknown): string[] => (list as ApexList).items.map((x) => (x === null ? 'null' : String(x)));

export const STRING_TYPE: NativeTypeSpec = {
    name: 'String',
    methods: [
        statik('isBlank', ['String'], 'Boolean', (_, [v]) => isBlank(v)),
        statik('isNotBlank', ['String'], 'Boolean', (_, [v]) => !isBlank(v)),
        statik('isEmpty', ['String'], 'Boolean', (_, [v]) => v === null || s(v) === ''),
        statik('isNotEmpty', ['String'], 'Boolean', (_, [v]) => v !== null && s(v) !== ''),
        statik('join', ['Object', 'String'], 'String', (_, [list, sep]) => {
            if (list instanceof ApexList) return strings(list).join(s(sep));
            throw new ApexUnsupported('String.join over a non-List iterable');
        }),
        statik('escapeSingleQuotes', ['String'], 'String', (_, [v]) => s(v).replace(/'/g, "\\'")),
        statik('format', ['String', 'List<Object>'], 'String', (_, [pattern, args]) =>
            s(pattern).replace(/\{(\d+)\}/g, (m, i: string) => {
                const items = (args as ApexList).items;
                const v = items[Number(i)];
                return Number(i) < items.length ? (v === null || v === undefined ? 'null' : String(v)) : m;
            })
        ),
        instance('length', [], 'Integer', (v) => s(v).length),
        instance('substring', ['Integer'], 'String', (v, [a]) => substring(s(v), a as number)),
        instance('substring', ['Integer', 'Integer'], 'String', (v, [a, b]) =>
            substring(s(v), a as number, b as number)
        ),
        instance('contains', ['String'], 'Boolean', (v, [x]) => s(v).includes(s(x))),
        instance('containsIgnoreCase', ['String'], 'Boolean', (v, [x]) =>
            s(v).toLowerCase().includes(s(x).toLowerCase())
        ),
        // Apex Reference, "String Class", containsAny(inputString): whether any of its characters occurs.
        instance('containsAny', ['String'], 'Boolean', (v, [x]) => {
            if (x === null) throw new ApexUnsupported('String.containsAny(null)');
            return [...s(x)].some((c) => s(v).includes(c));
        }),
        // Apex Reference, "String Class", escapeHtml4: HTML 4.0 entities. The markup characters are escaped here;
        // characters outside ASCII (named entities such as &eacute;) are not modelled.
        instance('escapeHtml4', [], 'String', (v) => {
            if (/[^\x00-\x7e]/.test(s(v))) throw new ApexUnsupported('String.escapeHtml4 of non-ASCII characters');
            return s(v).replace(/[&<>"]/g, (c) => HTML4_MARKUP[c]);
        }),
        instance('equals', ['Object'], 'Boolean', (v, [x]) => v === x),
        instance(
            'equalsIgnoreCase',
            ['String'],
            'Boolean',
            (v, [x]) => x !== null && s(v).toLowerCase() === s(x).toLowerCase()
        ),
        instance('compareTo', ['String'], 'Integer', (v, [x]) => {
            const a = s(v);
            const b = s(x);
            for (let i = 0; i < Math.min(a.length, b.length); i++)
                if (a.charCodeAt(i) !== b.charCodeAt(i)) return a.charCodeAt(i) - b.charCodeAt(i);
            return a.length - b.length;
        }),
        instance('toLowerCase', [], 'String', (v) => s(v).toLowerCase()),
        instance('toUpperCase', [], 'String', (v) => s(v).toUpperCase()),
        instance('trim', [], 'String', (v) => s(v).replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '')),
        instance('normalizeSpace', [], 'String', (v) => s(v).trim().replace(/\s+/g, ' ')),
        instance('deleteWhitespace', [], 'String', (v) => s(v).replace(/\s+/g, '')),
        instance('startsWith', ['String'], 'Boolean', (v, [x]) => s(v).startsWith(s(x))),
        instance('endsWith', ['String'], 'Boolean', (v, [x]) => s(v).endsWith(s(x))),
        instance('startsWithIgnoreCase', ['String'], 'Boolean', (v, [x]) =>
            s(v).toLowerCase().startsWith(s(x).toLowerCase())
        ),
        instance('endsWithIgnoreCase', ['String'], 'Boolean', (v, [x]) =>
            s(v).toLowerCase().endsWith(s(x).toLowerCase())
        ),
        instance('indexOf', ['String'], 'Integer', (v, [x]) => s(v).indexOf(s(x))),
        instance('indexOf', ['String', 'Integer'], 'Integer', (v, [x, from]) => s(v).indexOf(s(x), from as number)),
        instance('lastIndexOf', ['String'], 'Integer', (v, [x]) => s(v).lastIndexOf(s(x))),
        instance('charAt', ['Integer'], 'Integer', (v, [i]) => {
            const code = s(v).charCodeAt(i as number);
            if (Number.isNaN(code)) throw new ApexThrow('System.StringException', `Index out of bounds: ${String(i)}`);
            return code;
        }),
        instance('split', ['String'], 'List<String>', (v, [re]) => new ApexList(T.String, javaSplit(s(v), s(re)))),
        instance(
            'split',
            ['String', 'Integer'],
            'List<String>',
            (v, [re, n]) => new ApexList(T.String, javaSplit(s(v), s(re), n as number))
        ),
        instance('replace', ['String', 'String'], 'String', (v, [a, b]) => s(v).split(s(a)).join(s(b))),
        instance('replaceAll', ['String', 'String'], 'String', (v, [re, b]) =>
            s(v).replace(javaRegex(s(re), 'g'), s(b).replace(/\$(\d)/g, '$$$1'))
        ),
        instance('replaceFirst', ['String', 'String'], 'String', (v, [re, b]) =>
            s(v).replace(javaRegex(s(re)), s(b).replace(/\$(\d)/g, '$$$1'))
        ),
        instance('matches', ['String'], 'Boolean', (v, [re]) => javaRegex(`^(?:${s(re)})$`).test(s(v))),
        instance('removeEnd', ['String'], 'String', (v, [x]) =>
            x && s(v).endsWith(s(x)) ? s(v).slice(0, -s(x).length) : s(v)
        ),
        instance('removeStart', ['String'], 'String', (v, [x]) =>
            x && s(v).startsWith(s(x)) ? s(v).slice(s(x).length) : s(v)
        ),
        instance('remove', ['String'], 'String', (v, [x]) => (x ? s(v).split(s(x)).join('') : s(v))),
        instance('abbreviate', ['Integer'], 'String', (v, [n]) => {
            const max = n as number;
            // Apex Reference: "maxWidth must be at least 4"; longer strings end in '...' within maxWidth.
            if (max < 4) throw new ApexThrow('System.StringException', 'Minimum abbreviation width is 4');
            return s(v).length <= max ? s(v) : `${s(v).slice(0, max - 3)}...`;
        }),
        instance('repeat', ['Integer'], 'String', (v, [n]) => s(v).repeat(n as number)),
        instance('left', ['Integer'], 'String', (v, [n]) => s(v).slice(0, Math.max(0, n as number))),
        instance('right', ['Integer'], 'String', (v, [n]) => ((n as number) <= 0 ? '' : s(v).slice(-(n as number)))),
        instance('leftPad', ['Integer'], 'String', (v, [n]) => s(v).padStart(n as number, ' ')),
        instance('leftPad', ['Integer', 'String'], 'String', (v, [n, p]) => s(v).padStart(n as number, s(p))),
        instance('rightPad', ['Integer'], 'String', (v, [n]) => s(v).padEnd(n as number, ' ')),
        instance('rightPad', ['Integer', 'String'], 'String', (v, [n, p]) => s(v).padEnd(n as number, s(p))),
        instance('capitalize', [], 'String', (v) => s(v).charAt(0).toUpperCase() + s(v).slice(1)),
        instance('reverse', [], 'String', (v) => [...s(v)].reverse().join('')),
        instance('countMatches', ['String'], 'Integer', (v, [x]) => (x ? s(v).split(s(x)).length - 1 : 0)),
        instance('isNumeric', [], 'Boolean', (v) => /^\d+$/.test(s(v))),
        instance('isAlpha', [], 'Boolean', (v) => /^[A-Za-z]+$/.test(s(v))),
        instance('isAlphanumeric', [], 'Boolean', (v) => /^[A-Za-z0-9]+$/.test(s(v))),
        instance('substringBefore', ['String'], 'String', (v, [x]) => {
            const i = s(v).indexOf(s(x));
            return i < 0 ? s(v) : s(v).slice(0, i);
        }),
        instance('substringAfter', ['String'], 'String', (v, [x]) => {
            const i = s(v).indexOf(s(x));
            return i < 0 ? '' : s(v).slice(i + s(x).length);
        }),
        instance('substringAfterLast', ['String'], 'String', (v, [x]) => {
            const i = s(v).lastIndexOf(s(x));
            return i < 0 || s(x) === '' ? '' : s(v).slice(i + s(x).length);
        }),
        instance('substringBeforeLast', ['String'], 'String', (v, [x]) => {
            const i = s(v).lastIndexOf(s(x));
            return i < 0 ? s(v) : s(v).slice(0, i);
        }),
        instance('substringBetween', ['String', 'String'], 'String', (v, [open, close]) => {
            const i = s(v).indexOf(s(open));
            if (i < 0) return null;
            const j = s(v).indexOf(s(close), i + s(open).length);
            return j < 0 ? null : s(v).slice(i + s(open).length, j);
        }),
        instance('hashCode', [], 'Integer', (v) => {
            let h = 0;
            for (let i = 0; i < s(v).length; i++) h = (Math.imul(31, h) + s(v).charCodeAt(i)) | 0;
            return h;
        })
    ]
};
