/**
 * Apex REST URL mapping: which `@RestResource(urlMapping=...)` class serves a request path.
 *
 * Source: Apex Developer Guide, "RestResource Annotation" (API 238-264): the mapping is relative to
 * /services/apexrest/, case-sensitive, must begin with "/", is at most 255 characters, and a "*" must be preceded
 * by "/" and, unless it is the last character, followed by "/". An exact match always wins; otherwise the longest
 * matching wildcard pattern (by string length); otherwise 404. A namespaced class is reached at
 * /services/apexrest/<namespace>/<mapping>.
 * INFERRED: "*" matches any sequence of characters including "/" and the empty string ("/hook/*" serves "/hook/"
 * but not "/hook"); the docs do not say.
 */

export interface RestResourceClass {
    className: string;
    urlMapping: string;
    /** Namespace of the package that owns the class, if any. */
    namespace?: string;
}

/** Returns why a urlMapping is invalid, or undefined when it is valid. */
export function urlMappingProblem(mapping: string): string | undefined {
    if (!mapping.startsWith('/')) return 'the URL mapping must begin with a forward slash (/)';
    if (mapping.length > 255) return 'the URL mapping can be up to 255 characters long';
    for (let i = mapping.indexOf('*'); i >= 0; i = mapping.indexOf('*', i + 1)) {
        if (mapping[i - 1] !== '/') return 'a wildcard (*) must be preceded by a forward slash (/)';
        if (i < mapping.length - 1 && mapping[i + 1] !== '/')
            return 'a wildcard (*) that is not last must be followed by a forward slash (/)';
    }
    return undefined;
}

function wildcardMatches(pattern: string, path: string): boolean {
    const source = pattern
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*');
    return new RegExp(`^${source}$`).test(path);
}

/**
 * Finds the class serving `requestPath` (the part after /services/apexrest, e.g. "/cosell/webhook/abc").
 * Returns undefined for "404 Not Found".
 */
export function resolveRestResource(classes: RestResourceClass[], requestPath: string): RestResourceClass | undefined {
    const candidates = classes.map((c) => ({ c, full: c.namespace ? `/${c.namespace}${c.urlMapping}` : c.urlMapping }));
    const exact = candidates.filter(({ full }) => !full.includes('*') && full === requestPath);
    if (exact.length > 0) return exact[0].c;
    const wildcard = candidates.filter(({ full }) => full.includes('*') && wildcardMatches(full, requestPath));
    if (wildcard.length === 0) return undefined;
    // Longest pattern wins; on a tie of length the namespaced class is used (the docs: "the namespaced class is always used").
    wildcard.sort(
        (a, b) =>
            b.c.urlMapping.length - a.c.urlMapping.length ||
            Number(Boolean(b.c.namespace)) - Number(Boolean(a.c.namespace))
    );
    return wildcard[0].c;
}
