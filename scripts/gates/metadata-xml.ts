/** Metadata XML read into a small element tree that keeps each element's line (for file:line findings). */
import { XMLParser } from 'fast-xml-parser';

export interface XmlElement {
    name: string;
    attributes: Record<string, string>;
    children: XmlElement[];
    /** The element's own text (trimmed), '' when it has none. */
    text: string;
    line: number;
}

const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    captureMetaData: true
});
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

type Node = Record<string | symbol, unknown>;

/** The document element of well-formed XML (the gate checks well-formedness first), or undefined when none. */
export function parseXmlTree(xml: string): XmlElement | undefined {
    const newlines: number[] = [];
    for (let i = xml.indexOf('\n'); i >= 0; i = xml.indexOf('\n', i + 1)) newlines.push(i);
    const lineAt = (index: number): number => {
        let lo = 0;
        let hi = newlines.length;
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (newlines[mid] < index) lo = mid + 1;
            else hi = mid;
        }
        return lo + 1;
    };
    const convert = (node: Node): XmlElement | undefined => {
        const name = Object.keys(node).find((k) => k !== ':@' && k !== '#text');
        if (!name || name.startsWith('?')) return undefined;
        const content = (node[name] as Node[]) ?? [];
        const meta = node[META] as { startIndex?: number } | undefined;
        return {
            name,
            attributes: (node[':@'] as Record<string, string>) ?? {},
            children: content.map(convert).filter((e): e is XmlElement => e !== undefined),
            text: content
                .filter((c) => '#text' in c)
                .map((c) => String(c['#text']))
                .join('')
                .trim(),
            line: lineAt(meta?.startIndex ?? 0)
        };
    };
    for (const node of parser.parse(xml) as Node[]) {
        const element = convert(node);
        if (element) return element;
    }
    return undefined;
}

/** The first child named `name`. */
export function child(element: XmlElement, name: string): XmlElement | undefined {
    return element.children.find((c) => c.name === name);
}

/** The text of the first child named `name`, or undefined. */
export function childText(element: XmlElement, name: string): string | undefined {
    return child(element, name)?.text;
}

/** Every child named `name`. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
    return element.children.filter((c) => c.name === name);
}
