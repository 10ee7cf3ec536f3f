/**
 * Subtype relations between standard (native) types that are not classes of the registry, for the static layer:
 * a value of the key type may be assigned or passed where one of the listed types is declared.
 */
const SUPERTYPES: Record<string, string[]> = {
    // Apex Reference, "OrgPartition Class" / "SessionPartition Class": both extend Cache.Partition.
    'cache.orgpartition': ['cache.partition'],
    'cache.sessionpartition': ['cache.partition'],
    // Apex Developer Guide, "Working with SOQL Aggregate Functions": AggregateResult is an SObject type.
    aggregateresult: ['sobject']
};

export function isStandardSubtype(sub: string, sup: string): boolean {
    return SUPERTYPES[sub.toLowerCase()]?.includes(sup.toLowerCase()) ?? false;
}
