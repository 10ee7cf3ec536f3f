/**
 * Org Platform Cache (Apex Reference, Cache Namespace: Org Class, OrgPartition Class, Partition Class): the
 * partitions a project defines (`cachePartitions/<Name>.cachePartition-meta.xml`), `Cache.Org.getPartition(
 * 'namespace.Partition')` and, on the partition, `get(key)`, `put(key, value, ttlSecs)`, `contains(key)`,
 * `remove(key)`. Keys name values without the namespace.partition prefix ("Cache Key Format for Partition
 * Methods", Partition Class); "local" names the org's namespace (Store and Retrieve Values from the Org Cache).
 * Values live with the org across transactions (not rolled back with a transaction's DML: the cache is not part
 * of the database); put/get copy nothing because only immutable values (String, Blob, numbers, Boolean, Date,
 * Datetime) are modelled.
 * INFERRED: every test method starts with an empty org cache (test isolation of the cache is not documented).
 * Not modelled, so unsupported: the other put overloads (visibility, immutable), get with a CacheBuilder,
 * Cache.Org's static methods with fully qualified keys, Cache.Session, keys that are not alphanumeric (the
 * platform's Cache.InvalidParamException text is not documented), ttlSecs outside 300..172,800 (Partition Class,
 * put: "The maximum is 172,800 seconds (48 hours). The minimum value is 300 seconds"), values of other types,
 * partitions the project does not define, and running out of capacity.
 */
import * as fs from 'fs';
import * as path from 'path';
import Decimal from 'decimal.js';
import { ApexBlob, ApexDate, ApexDatetime, ApexUnsupported } from '../core/values';
import type { NativeLibrary, NativeCallResult } from '../interpreter/native-library';
import type { RunContext } from '../interpreter/context';
import type { OrgData } from '../data';
import { OrgDataLayer } from './org-data-layer';
import { CacheEntry, storeOf } from './platform-cache-store';

const MIN_TTL_SECONDS = 300;
const MAX_TTL_SECONDS = 172800;

export class OrgPartitionValue {
    constructor(readonly qualifiedName: string) {}
}

/** The partition names (`cachePartitions/*.cachePartition-meta.xml`) of a source dir, lower-cased. */
export function readCachePartitions(sourceDir: string): Set<string> {
    const names = new Set<string>();
    const walk = (dir: string): void => {
        if (!fs.existsSync(dir)) return;
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) walk(full);
            else if (entry.name.endsWith('.cachePartition-meta.xml'))
                names.add(entry.name.slice(0, -'.cachePartition-meta.xml'.length).toLowerCase());
        }
    };
    walk(sourceDir);
    return names;
}

function isModelledValue(value: unknown): boolean {
    return (
        value === null ||
        ['string', 'number', 'boolean', 'bigint'].includes(typeof value) ||
        value instanceof ApexBlob ||
        value instanceof ApexDate ||
        value instanceof ApexDatetime ||
        value instanceof Decimal
    );
}

function checkKey(key: unknown): string {
    if (typeof key !== 'string' || !/^[A-Za-z0-9]+$/.test(key))
        throw new ApexUnsupported(`Platform Cache key that is not alphanumeric: ${String(key)}`);
    return key;
}

function orgOf(run: RunContext): OrgData {
    if (!(run.data instanceof OrgDataLayer)) throw new ApexUnsupported('Platform Cache without the data layer');
    return run.data.org;
}

export function platformCacheNatives(partitions: Set<string>, namespace: string | undefined): NativeLibrary {
    const ok = (value: unknown): NativeCallResult => ({ value });
    const partition = (name: unknown): OrgPartitionValue => {
        const [prefix, partitionName, ...rest] = String(name).split('.');
        const ownNamespace = (namespace ?? '').toLowerCase();
        if (
            rest.length ||
            !partitionName ||
            !(prefix.toLowerCase() === 'local' || prefix.toLowerCase() === ownNamespace) ||
            !partitions.has(partitionName.toLowerCase())
        )
            throw new ApexUnsupported(`Cache.Org.getPartition of a partition the project does not define: ${name}`);
        return new OrgPartitionValue(`${ownNamespace}.${partitionName.toLowerCase()}`);
    };
    return {
        typeName: (name) => ['Cache.Org', 'Cache.OrgPartition'].find((n) => n.toLowerCase() === name.toLowerCase()),
        callStatic: (_run, typeName, method, args) => {
            const t = typeName.toLowerCase();
            if (t === 'cache.org' && method.toLowerCase() === 'getpartition' && args.length === 1)
                return ok(partition(args[0]));
            if (t === 'cache.org' || t === 'cache.orgpartition' || t === 'cache.session')
                throw new ApexUnsupported(`${typeName}.${method}`);
            return undefined;
        },
        callInstance: (run, _typeName, self, method, args) => {
            if (!(self instanceof OrgPartitionValue)) return undefined;
            const store = storeOf(orgOf(run));
            const m = method.toLowerCase();
            const key = `${self.qualifiedName}.${checkKey(args[0])}`;
            const live = (): CacheEntry | undefined => {
                const entry = store.get(key);
                if (entry && entry.expiresAt <= Date.now()) store.delete(key);
                return store.get(key);
            };
            if (m === 'get' && args.length === 1) return ok(live()?.value ?? null);
            if (m === 'contains' && args.length === 1) return ok(live() !== undefined);
            if (m === 'remove' && args.length === 1) return ok(store.delete(key));
            if (m === 'put' && args.length === 3) {
                const ttl = args[2];
                if (typeof ttl !== 'number' || ttl < MIN_TTL_SECONDS || ttl > MAX_TTL_SECONDS)
                    throw new ApexUnsupported(`Cache.OrgPartition.put with ttlSecs ${String(ttl)}`);
                if (!isModelledValue(args[1]))
                    throw new ApexUnsupported('Cache.OrgPartition.put of a value that is not a primitive');
                store.set(key, { value: args[1], expiresAt: Date.now() + ttl * 1000 });
                return ok(undefined);
            }
            throw new ApexUnsupported(`Cache.OrgPartition.${method} with ${args.length} argument(s)`);
        },
        isInstance: (v, typeName) =>
            v instanceof OrgPartitionValue ? typeName.toLowerCase() === 'cache.orgpartition' : undefined,
        runtimeTypeName: (v) => (v instanceof OrgPartitionValue ? 'Cache.OrgPartition' : undefined)
    };
}
