// Property lookup shared by $filter, $orderby and $select. Names are matched case-insensitively
// because the service binds JSON case-insensitively (docs/reference/apex-semantics.md §2.2); an exact match wins.

export function getProperty(target: unknown, name: string): unknown {
    if (target === null || typeof target !== 'object' || Array.isArray(target)) return undefined;
    const record = target as Record<string, unknown>;
    if (Object.prototype.hasOwnProperty.call(record, name)) return record[name];
    const lower = name.toLowerCase();
    const key = Object.keys(record).find((k) => k.toLowerCase() === lower);
    return key === undefined ? undefined : record[key];
}

export function getPath(target: unknown, segments: readonly string[]): unknown {
    let current = target;
    for (const segment of segments) current = getProperty(current, segment);
    return current;
}
