/**
 * The Platform Cache's contents (platform/platform-cache.ts holds the natives), apart from them so that the data
 * layer can empty the cache between test methods without importing the natives: each test method starts with an
 * empty cache (INFERRED: tests do not see values cached by other tests or by the org).
 */
import type { OrgData } from '../data';

/** Per org: `<kind>:<partition>` → that partition's entries. */
const stores = new WeakMap<OrgData, Map<string, Map<string, unknown>>>();

/** The org's partitions' stores, created on first use. */
export function partitionStoresOf(org: OrgData): Map<string, Map<string, unknown>> {
    let store = stores.get(org);
    if (!store) {
        store = new Map();
        stores.set(org, store);
    }
    return store;
}

/** Empties the org's cache (test isolation). */
export function clearPlatformCache(org: OrgData): void {
    stores.delete(org);
}
