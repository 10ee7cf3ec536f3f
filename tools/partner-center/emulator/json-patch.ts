// Applies Partner Center JSON Patch documents (RFC 6902 subset): only `add` and `replace` are
// supported by the service (docs/reference/apex-semantics.md §2.4). Path segments are matched case-insensitively against
// existing keys because the service binds input case-insensitively; new keys keep the client's spelling
// and are normalised afterwards by the contract.

export interface PatchOperation {
    op: string;
    path: string;
    value?: unknown;
}

export class PatchError extends Error {
    constructor(
        message: string,
        readonly operationIndex: number
    ) {
        super(message);
        this.name = 'PatchError';
    }
}

export const SUPPORTED_PATCH_OPERATIONS: readonly string[] = ['add', 'replace'];

/** Parses an RFC 6901 JSON Pointer into unescaped segments. */
export function parsePointer(pointer: string): string[] {
    if (pointer === '') return [];
    if (!pointer.startsWith('/')) throw new Error(`JSON Pointer must start with '/': ${pointer}`);
    return pointer
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Reads the operations from an untyped body, tolerating `Op`/`Path`/`Value` casing. */
export function readPatchDocument(body: unknown): PatchOperation[] {
    if (!Array.isArray(body)) throw new PatchError('The PATCH body must be a JSON array of operations', -1);
    return body.map((raw, index) => {
        if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
            throw new PatchError(`Operation ${index} is not an object`, index);
        }
        const entries = Object.entries(raw as Record<string, unknown>);
        const field = (name: string): unknown => entries.find(([k]) => k.toLowerCase() === name)?.[1];
        const op = field('op');
        const path = field('path');
        if (typeof op !== 'string' || typeof path !== 'string') {
            throw new PatchError(`Operation ${index} needs string 'op' and 'path'`, index);
        }
        const hasValue = entries.some(([k]) => k.toLowerCase() === 'value');
        return hasValue ? { op: op.toLowerCase(), path, value: field('value') } : { op: op.toLowerCase(), path };
    });
}

/** Returns a patched deep copy; the input is left untouched (all-or-nothing). */
export function applyPatch<T>(document: T, operations: readonly PatchOperation[]): T {
    const result = structuredClone(document) as unknown;
    operations.forEach((operation, index) => {
        if (!SUPPORTED_PATCH_OPERATIONS.includes(operation.op)) {
            throw new PatchError(`Operation '${operation.op}' is not supported; use add or replace`, index);
        }
        if (!('value' in operation)) throw new PatchError(`Operation ${index} has no value`, index);
        let segments: string[];
        try {
            segments = parsePointer(operation.path);
        } catch (error) {
            throw new PatchError((error as Error).message, index);
        }
        if (segments.length === 0) throw new PatchError('Replacing the whole referral is not allowed', index);
        applyOne(result, segments, operation.op, structuredClone(operation.value), index);
    });
    return result as T;
}

function applyOne(root: unknown, segments: string[], op: string, value: unknown, index: number): void {
    let parent: unknown = root;
    for (let i = 0; i < segments.length - 1; i++) {
        const next = child(parent, segments[i]);
        if (next === undefined || next === null || typeof next !== 'object') {
            throw new PatchError(`Path '/${segments.slice(0, i + 1).join('/')}' does not exist`, index);
        }
        parent = next;
    }
    const last = segments[segments.length - 1];
    if (Array.isArray(parent)) {
        if (last === '-') {
            if (op !== 'add') throw new PatchError("'-' can only be used with add", index);
            parent.push(value);
            return;
        }
        const position = arrayIndex(last, parent.length + (op === 'add' ? 1 : 0), index);
        if (op === 'add') parent.splice(position, 0, value);
        else parent[position] = value;
        return;
    }
    if (parent === null || typeof parent !== 'object')
        throw new PatchError('Cannot patch inside a scalar value', index);
    const record = parent as Record<string, unknown>;
    // RFC 6902 says replace needs an existing member; the service binds to a typed model where every
    // known property "exists", so replace of an absent-but-known property is accepted. Unknown
    // properties are rejected afterwards by contract validation of the whole result.
    record[findKey(record, last) ?? last] = value;
}

function child(parent: unknown, segment: string): unknown {
    if (Array.isArray(parent)) return parent[Number(segment)];
    if (parent === null || typeof parent !== 'object') return undefined;
    const key = findKey(parent as Record<string, unknown>, segment);
    return key === undefined ? undefined : (parent as Record<string, unknown>)[key];
}

function findKey(record: Record<string, unknown>, name: string): string | undefined {
    if (Object.prototype.hasOwnProperty.call(record, name)) return name;
    return Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
}

function arrayIndex(segment: string, limit: number, index: number): number {
    if (!/^(0|[1-9]\d*)$/.test(segment) || Number(segment) >= limit) {
        throw new PatchError(`Array index '${segment}' is out of range`, index);
    }
    return Number(segment);
}
