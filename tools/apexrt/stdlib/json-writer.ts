/**
 * JSON text from the serializer's plain shape. Objects keep their key order (a JS object would move integer-like
 * keys first). Numbers are written from their exact text (Decimal scale, Longs beyond 2^53).
 *
 * Pretty printing follows Jackson's default pretty printer, which Apex's serializePretty output shows
 * (e.g. `"entities" : [ {` in a debug log on the Salesforce developer forums) [INFERRED]:
 * objects break lines and indent two spaces per object level, `"key" : value`; arrays stay on the line,
 * `[ 1, 2 ]`, and do not add an indentation level; empty containers are `{ }` and `[ ]`.
 */

export class RawNumber {
    constructor(readonly text: string) {}
}

export class PlainObject {
    constructor(readonly entries: Array<[string, Plain]>) {}
}

export type Plain = null | boolean | string | RawNumber | Plain[] | PlainObject;

export function writeJson(p: Plain, pretty: boolean): string {
    const out: string[] = [];
    const write = (v: Plain, level: number): void => {
        if (v === null || typeof v === 'boolean') out.push(String(v));
        else if (typeof v === 'string') out.push(JSON.stringify(v));
        else if (v instanceof RawNumber) out.push(v.text);
        else if (Array.isArray(v)) {
            if (!pretty) {
                out.push('[');
                v.forEach((x, i) => {
                    if (i) out.push(',');
                    write(x, level);
                });
                out.push(']');
            } else if (v.length === 0) out.push('[ ]');
            else {
                out.push('[ ');
                v.forEach((x, i) => {
                    if (i) out.push(', ');
                    write(x, level);
                });
                out.push(' ]');
            }
        } else {
            const entries = v.entries;
            if (!pretty) {
                out.push('{');
                entries.forEach(([k, x], i) => {
                    if (i) out.push(',');
                    out.push(JSON.stringify(k), ':');
                    write(x, level);
                });
                out.push('}');
            } else if (entries.length === 0) out.push('{ }');
            else {
                const inner = '\n' + '  '.repeat(level + 1);
                out.push('{');
                entries.forEach(([k, x], i) => {
                    out.push(i ? `,${inner}` : inner, JSON.stringify(k), ' : ');
                    write(x, level + 1);
                });
                out.push('\n' + '  '.repeat(level), '}');
            }
        }
    };
    write(p, 0);
    return out.join('');
}
