/**
 * The Metadata API's own schema, read at gate time from `@salesforce/types` (Salesforce's TypeScript types generated
 * from the Metadata API WSDL, repository forcedotcom/wsdl): every metadata type with its element names and value
 * types, and every enumeration with its allowed values. Nothing here is written by hand, so a new WSDL (a new
 * version of the package) changes the gate without touching this file.
 *
 * The .d.ts is parsed with the TypeScript compiler API (syntax only, no type checker):
 *   export type X = 'A' | 'B';                 an enumeration (xsd:restriction with xsd:enumeration)
 *   export type X = { a?: T; b: U[] };         a complex type, its elements (an array: maxOccurs > 1)
 *   export type X = Base & { ... };            a complex type extending Base (xsd:extension)
 *   export type X = Base;                      an alias (e.g. ReportFolder = Folder)
 *   export type X = string | unknown | any;    any text / any content
 * Scalar element types are `string` (xsd:string, base64Binary, dateTime ...), `number` (int, double) and `boolean`.
 */
import fs from 'node:fs';
import ts from 'typescript';

export type ElementType = 'string' | 'number' | 'boolean' | 'any' | { ref: string };

export interface SchemaEnum {
    kind: 'enum';
    values: ReadonlySet<string>;
}
export interface SchemaComplex {
    kind: 'complex';
    bases: string[];
    elements: ReadonlyMap<string, ElementType>;
    /** Elements that must appear (minOccurs 1): not optional (`?`) and not a list. */
    required: ReadonlySet<string>;
}
export interface SchemaAlias {
    kind: 'alias';
    target: ElementType;
}
export type SchemaType = SchemaEnum | SchemaComplex | SchemaAlias;

export interface MetadataSchema {
    /** Where the schema was read from (for messages). */
    source: string;
    types: ReadonlyMap<string, SchemaType>;
}

/** The metadata .d.ts of the installed @salesforce/types (its `./metadata` export, .js → .d.ts). */
export function metadataTypesFile(): string {
    return require.resolve('@salesforce/types/metadata').replace(/\.js$/, '.d.ts');
}

let cached: MetadataSchema | undefined;

export function loadMetadataSchema(file = metadataTypesFile()): MetadataSchema {
    if (cached && cached.source === file) return cached;
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
    const types = new Map<string, SchemaType>();
    for (const statement of source.statements) {
        if (!ts.isTypeAliasDeclaration(statement)) continue;
        const parsed = parseTypeNode(statement.type);
        if (parsed) types.set(statement.name.text, parsed);
    }
    cached = { source: file, types };
    return cached;
}

function parseTypeNode(node: ts.TypeNode): SchemaType | undefined {
    if (ts.isUnionTypeNode(node) && node.types.every((t) => ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal))) {
        return {
            kind: 'enum',
            values: new Set(node.types.map((t) => ((t as ts.LiteralTypeNode).literal as ts.StringLiteral).text))
        };
    }
    if (ts.isTypeLiteralNode(node)) return { kind: 'complex', bases: [], ...members(node) };
    if (ts.isIntersectionTypeNode(node)) {
        const bases: string[] = [];
        const elements = new Map<string, ElementType>();
        const required = new Set<string>();
        for (const part of node.types) {
            if (ts.isTypeReferenceNode(part)) bases.push(refName(part));
            else if (ts.isTypeLiteralNode(part)) {
                const own = members(part);
                own.elements.forEach((v, k) => elements.set(k, v));
                own.required.forEach((k) => required.add(k));
            }
        }
        return { kind: 'complex', bases, elements, required };
    }
    const target = elementType(node);
    return target ? { kind: 'alias', target } : undefined;
}

function members(node: ts.TypeLiteralNode): { elements: Map<string, ElementType>; required: Set<string> } {
    const elements = new Map<string, ElementType>();
    const required = new Set<string>();
    for (const member of node.members) {
        if (!ts.isPropertySignature(member) || !member.type) continue;
        const name = ts.isIdentifier(member.name) || ts.isStringLiteral(member.name) ? member.name.text : undefined;
        const list = ts.isArrayTypeNode(member.type);
        const type = elementType(list ? (member.type as ts.ArrayTypeNode).elementType : member.type);
        if (!name || !type) continue;
        elements.set(name, type);
        if (!member.questionToken && !list) required.add(name);
    }
    return { elements, required };
}

function elementType(node: ts.TypeNode): ElementType | undefined {
    switch (node.kind) {
        case ts.SyntaxKind.StringKeyword:
            return 'string';
        case ts.SyntaxKind.NumberKeyword:
            return 'number';
        case ts.SyntaxKind.BooleanKeyword:
            return 'boolean';
        case ts.SyntaxKind.AnyKeyword:
        case ts.SyntaxKind.UnknownKeyword:
            return 'any';
    }
    if (ts.isTypeReferenceNode(node)) return { ref: refName(node) };
    return undefined;
}

function refName(node: ts.TypeReferenceNode): string {
    return ts.isIdentifier(node.typeName) ? node.typeName.text : node.typeName.right.text;
}

/** A resolved view of a type: follows aliases; for a complex type, its own and inherited elements. */
export type Resolved =
    | { kind: 'scalar'; scalar: 'string' | 'number' | 'boolean' | 'any' }
    | { kind: 'enum'; name: string; values: ReadonlySet<string> }
    | { kind: 'complex'; name: string; elements: ReadonlyMap<string, ElementType>; required: ReadonlySet<string> }
    | { kind: 'unknown'; name: string };

export function resolve(schema: MetadataSchema, type: ElementType): Resolved {
    for (let hops = 0; hops < 20; hops++) {
        if (typeof type === 'string') return { kind: 'scalar', scalar: type };
        const named = schema.types.get(type.ref);
        if (!named) return { kind: 'unknown', name: type.ref };
        if (named.kind === 'alias') {
            type = named.target;
            continue;
        }
        if (named.kind === 'enum') return { kind: 'enum', name: type.ref, values: named.values };
        const { elements, required } = allElements(schema, type.ref);
        return { kind: 'complex', name: type.ref, elements, required };
    }
    return { kind: 'unknown', name: typeof type === 'string' ? type : type.ref };
}

function allElements(
    schema: MetadataSchema,
    name: string,
    seen = new Set<string>()
): { elements: Map<string, ElementType>; required: Set<string> } {
    const out = { elements: new Map<string, ElementType>(), required: new Set<string>() };
    const named = schema.types.get(name);
    if (!named || seen.has(name)) return out;
    seen.add(name);
    if (named.kind === 'alias' && typeof named.target !== 'string') {
        return allElements(schema, named.target.ref, seen);
    }
    if (named.kind !== 'complex') return out;
    for (const base of named.bases) {
        const inherited = allElements(schema, base, seen);
        inherited.elements.forEach((v, k) => out.elements.set(k, v));
        inherited.required.forEach((k) => out.required.add(k));
    }
    named.elements.forEach((v, k) => out.elements.set(k, v));
    named.required.forEach((k) => out.required.add(k));
    return out;
}
