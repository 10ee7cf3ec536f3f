/**
 * Request checks derived from the contract (contract.ts), used by the emulator: case-insensitive key folding to
 * the contract's spelling, required properties, primitive types, closed enumerations, JSON Patch documents and
 * the status transition table.
 */
import { ENUMS, Property, PropertyType, RESOURCES, SUBSTATUSES, TRANSITIONS } from './contract';

export type ValidationMode = 'create' | 'update' | 'replace';

function propertyNamed(resource: string, key: string): [string, Property] | undefined {
    const props = RESOURCES[resource]?.properties ?? {};
    const name = Object.keys(props).find((p) => p.toLowerCase() === key.toLowerCase());
    return name ? [name, props[name]] : undefined;
}

function foldValue(type: PropertyType, value: unknown): unknown {
    if (typeof type === 'object' && 'resource' in type) return normalizeKeys(type.resource, value);
    if (typeof type === 'object' && 'arrayOf' in type && Array.isArray(value))
        return value.map((v) => foldValue(type.arrayOf, v));
    return value;
}

/** Rewrites keys to the contract's spelling at every level it knows; unknown keys stay as they are. */
export function normalizeKeys(resource: string, json: unknown): unknown {
    if (json === null || typeof json !== 'object' || Array.isArray(json)) return json;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(json)) {
        const found = propertyNamed(resource, key);
        out[found ? found[0] : key] = found ? foldValue(found[1].type, value) : value;
    }
    return out;
}

function typeProblem(path: string, type: PropertyType, value: unknown, mode: ValidationMode): string[] {
    if (value === null || value === undefined || type === 'any') return [];
    if (type === 'string' || type === 'datetime') return typeof value === 'string' ? [] : [`${path} must be a string`];
    if (type === 'number')
        return typeof value === 'number' ||
            (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))
            ? []
            : [`${path} must be a number`];
    if (type === 'boolean') return typeof value === 'boolean' ? [] : [`${path} must be true or false`];
    if (type === 'object') return typeof value === 'object' ? [] : [`${path} must be an object`];
    if ('arrayOf' in type) {
        if (!Array.isArray(value)) return [`${path} must be an array`];
        return value.flatMap((v, i) => typeProblem(`${path}[${i}]`, type.arrayOf, v, mode));
    }
    return validateResource(type.resource, value, mode, path);
}

/** Problems of `json` as a `resource`, in words; empty when valid. */
export function validateResource(resource: string, json: unknown, mode: ValidationMode, at = ''): string[] {
    const definition = RESOURCES[resource];
    if (!definition) throw new Error(`unknown resource ${resource}`);
    if (json === null || typeof json !== 'object' || Array.isArray(json))
        return [`${at || resource} must be an object`];
    const record = json as Record<string, unknown>;
    const problems: string[] = [];
    for (const [name, property] of Object.entries(definition.properties)) {
        const path = at ? `${at}.${name}` : name;
        const value = record[name];
        if (property.required && mode !== 'update' && (value === undefined || value === null)) {
            problems.push(`${path} is required`);
            continue;
        }
        problems.push(...typeProblem(path, property.type, value, mode));
        const enumeration = property.enum ? ENUMS[property.enum] : undefined;
        if (enumeration && !enumeration.open && typeof value === 'string' && !enumeration.values.includes(value))
            problems.push(`${path} must be one of ${enumeration.values.join(', ')}`);
    }
    return problems;
}

/** Problems of a JSON Patch document for a referral: an array of add/replace operations on known paths. */
export function validatePatch(operations: unknown): string[] {
    if (!Array.isArray(operations) || operations.length === 0) return ['the body must be a non-empty JSON Patch array'];
    return operations.flatMap((op, i) => {
        const problems = validateResource('PatchOperation', op, 'create', `[${i}]`);
        const path = (op as { path?: unknown }).path;
        if (typeof path === 'string') {
            const top = path.split('/')[1] ?? '';
            if (!path.startsWith('/') || !propertyNamed('Referral', top))
                problems.push(`[${i}].path ${path} is not a referral property`);
        }
        return problems;
    });
}

/** §3.9.1: whether the substatus belongs to the status. */
export function isConsistentState(status: string, substatus: string): boolean {
    return (SUBSTATUSES[status] ?? []).includes(substatus);
}

/** §3.9.1: whether a referral may move from one status/substatus to another. */
export function isAllowedTransition(
    from: { status: string; substatus: string },
    to: { status: string; substatus: string }
): boolean {
    return (TRANSITIONS[from.status] ?? []).includes(to.status) && isConsistentState(to.status, to.substatus);
}

/** Referral properties clients may not set. */
export function serverManagedProperties(resource = 'Referral'): string[] {
    return Object.entries(RESOURCES[resource].properties)
        .filter(([, p]) => p.serverManaged)
        .map(([name]) => name);
}
