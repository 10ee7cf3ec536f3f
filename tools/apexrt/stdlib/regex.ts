/**
 * Pattern and Matcher (Apex Reference, "Pattern Class", "Matcher Class"): Java regular expressions over the
 * constructs JavaScript shares (javaRegex rejects the others loudly). A Matcher keeps its position between find()
 * calls, as Java's does. Reading a group without a current match throws System.StringException (the type public
 * code catches; the message "No match found" is Java's, INFERRED).
 */
import { ApexList } from '../collections/collections';
import { ApexThrow, ApexUnsupported } from '../core/values';
import type { NativeTypeSpec } from '../natives/registry-adapter';
import { T } from '../types/typeref';
import { instance, statik } from './spec';
import { javaRegex, javaSplit } from './strings';

export class PatternValue {
    constructor(readonly source: string) {}
}

export class MatcherValue {
    /** Index where the next find() starts. */
    private next = 0;
    private current: RegExpExecArray | null = null;
    constructor(
        readonly pattern: PatternValue,
        private text: string
    ) {}

    /** find(): the next match from the current position. */
    find(from?: number): boolean {
        if (from !== undefined) {
            if (from < 0 || from > this.text.length)
                throw new ApexThrow('System.StringException', `Illegal start index`);
            this.next = from;
        }
        if (this.next > this.text.length) return this.miss();
        const re = javaRegex(this.pattern.source, 'g');
        re.lastIndex = this.next;
        const m = re.exec(this.text);
        if (!m) return this.miss();
        this.current = m;
        // An empty match moves on by one character, as Java's Matcher does.
        this.next = m.index + m[0].length + (m[0].length === 0 ? 1 : 0);
        return true;
    }

    /** matches() / lookingAt(): the whole text, or a prefix of it. */
    anchored(whole: boolean): boolean {
        const re = javaRegex(whole ? `^(?:${this.pattern.source})$` : `^(?:${this.pattern.source})`);
        const m = re.exec(this.text);
        this.current = m;
        if (m) this.next = m[0].length;
        return m !== null;
    }

    private miss(): false {
        this.current = null;
        return false;
    }

    private match(): RegExpExecArray {
        if (!this.current) throw new ApexThrow('System.StringException', 'No match found');
        return this.current;
    }

    group(i = 0): string | null {
        const m = this.match();
        if (i < 0 || i >= m.length) throw new ApexThrow('System.StringException', `No group ${i}`);
        return m[i] ?? null;
    }

    groupCount(): number {
        return new RegExp(`${javaRegex(this.pattern.source).source}|`).exec('')!.length - 1;
    }

    start(i = 0): number {
        const m = this.match();
        if (i !== 0) throw new ApexUnsupported('Matcher.start(group)');
        return m.index;
    }

    end(i = 0): number {
        const m = this.match();
        if (i !== 0) throw new ApexUnsupported('Matcher.end(group)');
        return m.index + m[0].length;
    }

    reset(text?: string): MatcherValue {
        if (text !== undefined) this.text = text;
        this.next = 0;
        this.current = null;
        return this;
    }

    replace(replacement: string, all: boolean): string {
        if (/[$\\]/.test(replacement)) throw new ApexUnsupported('Matcher.replace with $ or \\ in the replacement');
        this.reset();
        return this.text.replace(javaRegex(this.pattern.source, all ? 'g' : ''), () => replacement);
    }
}

const m = (v: unknown): MatcherValue => v as MatcherValue;
const p = (v: unknown): PatternValue => v as PatternValue;
const str = (v: unknown, what: string): string => {
    if (v === null) throw new ApexThrow('System.NullPointerException', `Argument cannot be null: ${what}`);
    return String(v);
};

export const REGEX_TYPES: NativeTypeSpec[] = [
    {
        name: 'Pattern',
        methods: [
            statik(
                'matches',
                ['String', 'String'],
                'Boolean',
                (_, [re, s]) => s !== null && javaRegex(`^(?:${String(re)})$`).test(String(s))
            ),
            statik('compile', ['String'], 'Pattern', (_, [re]) => {
                const source = str(re, 'regex');
                javaRegex(source);
                return new PatternValue(source);
            }),
            instance('matcher', ['String'], 'Matcher', (self, [s]) => new MatcherValue(p(self), str(s, 'input'))),
            instance('pattern', [], 'String', (self) => p(self).source),
            instance(
                'split',
                ['String'],
                'List<String>',
                (self, [s]) => new ApexList(T.String, javaSplit(str(s, 'input'), p(self).source))
            )
        ]
    },
    {
        name: 'Matcher',
        methods: [
            instance('find', [], 'Boolean', (self) => m(self).find()),
            instance('find', ['Integer'], 'Boolean', (self, [i]) => m(self).find(Number(i))),
            instance('matches', [], 'Boolean', (self) => m(self).anchored(true)),
            instance('lookingAt', [], 'Boolean', (self) => m(self).anchored(false)),
            instance('group', [], 'String', (self) => m(self).group()),
            instance('group', ['Integer'], 'String', (self, [i]) => m(self).group(Number(i))),
            instance('groupCount', [], 'Integer', (self) => m(self).groupCount()),
            instance('start', [], 'Integer', (self) => m(self).start()),
            instance('start', ['Integer'], 'Integer', (self, [i]) => m(self).start(Number(i))),
            instance('end', [], 'Integer', (self) => m(self).end()),
            instance('end', ['Integer'], 'Integer', (self, [i]) => m(self).end(Number(i))),
            instance('reset', [], 'Matcher', (self) => m(self).reset()),
            instance('reset', ['String'], 'Matcher', (self, [s]) => m(self).reset(str(s, 'input'))),
            instance('pattern', [], 'Pattern', (self) => m(self).pattern),
            instance('replaceAll', ['String'], 'String', (self, [r]) => m(self).replace(str(r, 'replacement'), true)),
            instance('replaceFirst', ['String'], 'String', (self, [r]) => m(self).replace(str(r, 'replacement'), false))
        ]
    }
];
