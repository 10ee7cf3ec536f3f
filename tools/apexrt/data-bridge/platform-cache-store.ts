/**
 * The org Platform Cache's contents, apart from its natives (platform-cache.ts) so that the data layer can empty
 * it between tests without importing the natives. Keys are partition-qualified.
 */
import type { OrgData } from '../data';

export interface CacheEntry {
    value: unknown;
    expiresAt: number;
}

const stores = new WeakMap<OrgData, Map<string, CacheEntry>>();

/** The org's cache (partition-qualified keys). */
export function storeOf(org: OrgData): Map<string, CacheEntry> {
    let store = stores.get(org);
    if (!store) {
        store = new Map();
        stores.set(org, store);
    }
    return store;
}

/** Empties the org's cache (test isolation, see platform-cache.ts, INFERRED). */
export function clearPlatformCache(org: OrgData): void {
    stores.get(org)?.clear();
}
