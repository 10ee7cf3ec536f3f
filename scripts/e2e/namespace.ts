/**
 * The package's API names in the scenarios are the ones of its metadata, without namespace (`Referral_Id__c`),
 * as the generated classes and the Apex use them. In an org where the managed package is installed they are
 * `cosell__Referral_Id__c`: this transport layer adds the namespace to the package's names in what ts-force
 * sends (URL paths, SOQL outside string literals, JSON keys and `attributes.type`) and removes it from what
 * comes back, so the same generated classes work in both kinds of org. Standard names and names that already
 * carry a namespace are left alone.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Rest } from 'ts-force';

const CUSTOM_NAME = /\b[A-Za-z][A-Za-z0-9_]*__(?:c|r|mdt|e)\b/g;

/** Names of the package's objects, custom fields and lookup relationships, read from its source. */
export function packageNames(objectsDir: string): Set<string> {
    const names = new Set<string>();
    for (const object of fs.readdirSync(objectsDir)) {
        if (/__(c|mdt|e)$/.test(object)) names.add(object);
        const fieldsDir = path.join(objectsDir, object, 'fields');
        if (!fs.existsSync(fieldsDir)) continue;
        for (const file of fs.readdirSync(fieldsDir)) {
            const field = file.replace(/\.field-meta\.xml$/, '');
            if (!field.endsWith('__c')) continue;
            names.add(field);
            names.add(field.replace(/__c$/, '__r'));
            const xml = fs.readFileSync(path.join(fieldsDir, file), 'utf8');
            const child = /<relationshipName>([^<]+)<\/relationshipName>/.exec(xml);
            if (child) names.add(`${child[1]}__r`);
        }
    }
    return names;
}

export class NamespaceTranslator {
    private readonly prefix: string;

    constructor(
        namespace: string,
        private readonly names: Set<string>
    ) {
        this.prefix = `${namespace}__`;
    }

    /** `Referral_Id__c` → `cosell__Referral_Id__c` when it is one of the package's names. */
    qualify(name: string): string {
        const unqualified = name.split('__').length === 2;
        return unqualified && this.names.has(name) ? this.prefix + name : name;
    }

    unqualify(name: string): string {
        return name.startsWith(this.prefix) && name.split('__').length === 3 ? name.slice(this.prefix.length) : name;
    }

    /** SOQL with the package's names qualified; string literals are left as they are. */
    soql(query: string): string {
        return query
            .split(/('(?:\\.|[^'\\])*')/)
            .map((part, i) => (i % 2 === 1 ? part : part.replace(CUSTOM_NAME, (n) => this.qualify(n))))
            .join('');
    }

    /** A request path with query string: path segments and the `q` parameter. */
    url(url: string): string {
        const [pathPart, query] = url.split(/\?(.*)/s, 2);
        const qualifiedPath = pathPart
            .split('/')
            .map((segment) => this.qualify(segment))
            .join('/');
        if (query === undefined) return qualifiedPath;
        const params = query.split('&').map((param) => {
            const [key, value] = param.split(/=(.*)/s, 2);
            if (key !== 'q' || value === undefined) return param;
            return `q=${encodeURIComponent(this.soql(decodeURIComponent(value.replace(/\+/g, ' '))))}`;
        });
        return `${qualifiedPath}?${params.join('&')}`;
    }

    /** A JSON value going out: keys and `attributes.type` qualified. */
    outgoing(value: unknown): unknown {
        return this.walk(value, (n) => this.qualify(n));
    }

    /** A JSON value coming back: keys and `attributes.type` unqualified. */
    incoming(value: unknown): unknown {
        return this.walk(value, (n) => this.unqualify(n));
    }

    private walk(value: unknown, rename: (name: string) => string): unknown {
        if (Array.isArray(value)) return value.map((v) => this.walk(v, rename));
        if (!value || typeof value !== 'object' || value.constructor !== Object) return value;
        const out: Record<string, unknown> = {};
        for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
            if (key === 'attributes' && v && typeof v === 'object') {
                const attributes = { ...(v as Record<string, unknown>) };
                if (typeof attributes.type === 'string') attributes.type = rename(attributes.type);
                if (typeof attributes.url === 'string')
                    attributes.url = attributes.url
                        .split('/')
                        .map((s) => rename(s))
                        .join('/');
                out[key] = attributes;
            } else {
                out[rename(key)] = this.walk(v, rename);
            }
        }
        return out;
    }
}

/** Makes a ts-force client speak to an org where the package's names carry `namespace`. */
export function useNamespace(rest: Rest, translator: NamespaceTranslator): void {
    rest.request.interceptors.request.use((config) => {
        if (config.url) config.url = translator.url(config.url);
        if (config.data !== undefined) config.data = translator.outgoing(config.data);
        return config;
    });
    rest.request.interceptors.response.use((response) => {
        response.data = translator.incoming(response.data);
        return response;
    });
}
