/**
 * Org configuration the platform layer needs beside the data: which external credential each named credential
 * authenticates with (namedCredentials/*.namedCredential-meta.xml, the `Authentication` parameter), and the
 * platform event trigger configurations (platformEventSubscriberConfigs/*.platformEventSubscriberConfig-meta.xml:
 * platformEventConsumer, user, batchSize — Platform Events Developer Guide, "Configure the User and Batch Size for
 * Your Platform Event Trigger",
 * https://developer.salesforce.com/docs/atlas.en-us.platform_events.meta/platform_events/platform_events_trigger_config.htm).
 * A subscriber org creates its trigger configuration after install (its `user` is a user of that org): the local org
 * sets it at run time with `setSubscriberConfig`, as an admin does through Setup or the Tooling/Metadata API.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { OrgData } from '../data';
import { ApexUnsupported } from '../core/values';
import { readStaticResources, seedStaticResources, type StaticResourceConfig } from './static-resources';

export interface SubscriberConfig {
    /** The platform event trigger's name. */
    trigger: string;
    /** Username of the running user; null: the Automated Process user. */
    username: string | null;
    /** Events per trigger invocation; null: the default 2,000. */
    batchSize: number | null;
}

export interface OrgConfig {
    /** Lower-cased named credential name → its external credential. */
    namedCredentials: Map<string, string>;
    /** Lower-cased trigger name → its configuration. */
    subscriberConfigs: Map<string, SubscriberConfig>;
    /** Custom notification types (notificationtypes/*.notiftype-meta.xml), seeded as CustomNotificationType rows. */
    notificationTypes?: NotificationTypeConfig[];
    /**
     * Lower-cased Platform Cache partition name → its capacity (MB) per cache type (cachePartitions/
     * *.cachePartition-meta.xml, platformCachePartitionTypes: cacheType Organization | Session, allocatedCapacity).
     */
    cachePartitions?: Map<string, CachePartitionConfig>;
    /** Static resources (staticresources/), seeded as StaticResource rows. */
    staticResources?: StaticResourceConfig[];
    /** Lower-cased API names of the project's flows (flows/<Name>.flow-meta.xml), for Invocable.Action. */
    flows?: Set<string>;
}

/** Metadata API, "CustomNotificationType": customNotifTypeName, description, desktop, masterLabel, mobile. */
export interface NotificationTypeConfig {
    developerName: string;
    customNotifTypeName: string;
    masterLabel: string;
    description: string | null;
    desktop: boolean;
    mobile: boolean;
}

const CONFIGS = new WeakMap<OrgData, OrgConfig>();

export function emptyOrgConfig(): OrgConfig {
    return {
        namedCredentials: new Map(),
        subscriberConfigs: new Map(),
        notificationTypes: [],
        cachePartitions: new Map(),
        staticResources: [],
        flows: new Set()
    };
}

/** The files under `dir` (recursively) whose names end with `suffix`. */
export function filesEndingWith(dir: string, suffix: string, found: string[] = []): string[] {
    if (!fs.existsSync(dir)) return found;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) filesEndingWith(full, suffix, found);
        else if (entry.name.endsWith(suffix)) found.push(full);
    }
    return found;
}

/** Reads the named credentials and trigger configurations of a source dir. */
export function readOrgConfig(sourceDir: string): OrgConfig {
    const config = emptyOrgConfig();
    const parser = new XMLParser({ isArray: (name) => name === 'namedCredentialParameters' });
    for (const file of filesEndingWith(sourceDir, '.namedCredential-meta.xml')) {
        const doc = parser.parse(fs.readFileSync(file, 'utf8')) as {
            NamedCredential?: {
                namedCredentialParameters?: Array<{ parameterType?: string; externalCredential?: string }>;
            };
        };
        const auth = doc.NamedCredential?.namedCredentialParameters?.find((p) => p.parameterType === 'Authentication');
        if (auth?.externalCredential)
            config.namedCredentials.set(
                path.basename(file).replace('.namedCredential-meta.xml', '').toLowerCase(),
                auth.externalCredential
            );
    }
    for (const file of filesEndingWith(sourceDir, '.platformEventSubscriberConfig-meta.xml')) {
        const doc = parser.parse(fs.readFileSync(file, 'utf8')) as {
            PlatformEventSubscriberConfig?: { platformEventConsumer?: string; user?: string; batchSize?: number };
        };
        const c = doc.PlatformEventSubscriberConfig;
        if (!c?.platformEventConsumer) continue;
        setConfig(config, {
            trigger: c.platformEventConsumer,
            username: c.user ?? null,
            batchSize: c.batchSize ?? null
        });
    }
    for (const file of filesEndingWith(sourceDir, '.notiftype-meta.xml')) {
        const doc = parser.parse(fs.readFileSync(file, 'utf8')) as {
            CustomNotificationType?: {
                customNotifTypeName?: string;
                masterLabel?: string;
                description?: string;
                desktop?: boolean;
                mobile?: boolean;
            };
        };
        const t = doc.CustomNotificationType;
        const developerName = path.basename(file).replace('.notiftype-meta.xml', '');
        // Both are required (Metadata API, CustomNotificationType): a file without them would not deploy, so it
        // adds no type (a query then finds none) rather than stopping the whole project from loading.
        if (!t?.customNotifTypeName || !t.masterLabel) continue;
        (config.notificationTypes ??= []).push({
            developerName,
            customNotifTypeName: String(t.customNotifTypeName),
            masterLabel: String(t.masterLabel),
            description: t.description === undefined ? null : String(t.description),
            desktop: t.desktop === true,
            mobile: t.mobile === true
        });
    }
    readCachePartitions(sourceDir, config);
    config.staticResources = readStaticResources(sourceDir);
    for (const file of filesEndingWith(sourceDir, '.flow-meta.xml'))
        config.flows!.add(path.basename(file).replace('.flow-meta.xml', '').toLowerCase());
    return config;
}

/** A partition of the metadata: its capacity (MB) per cache type and the fields of its PlatformCachePartition row. */
export interface CachePartitionConfig {
    org: number;
    session: number;
    developerName?: string;
    masterLabel?: string;
    isDefault?: boolean;
    description?: string;
}

function readCachePartitions(sourceDir: string, config: OrgConfig): void {
    const parser = new XMLParser({ isArray: (name) => name === 'platformCachePartitionTypes' });
    for (const file of filesEndingWith(sourceDir, '.cachePartition-meta.xml')) {
        const doc = parser.parse(fs.readFileSync(file, 'utf8')) as {
            PlatformCachePartition?: {
                platformCachePartitionTypes?: Array<{ cacheType?: string; allocatedCapacity?: number }>;
                masterLabel?: unknown;
                isDefaultPartition?: unknown;
                description?: unknown;
            };
        };
        const meta = doc.PlatformCachePartition;
        const developerName = path.basename(file).replace('.cachePartition-meta.xml', '');
        const capacity: CachePartitionConfig = {
            org: 0,
            session: 0,
            developerName,
            masterLabel: meta?.masterLabel === undefined ? developerName : String(meta.masterLabel),
            isDefault: meta?.isDefaultPartition === true || meta?.isDefaultPartition === 'true',
            description: meta?.description === undefined ? undefined : String(meta.description)
        };
        for (const t of doc.PlatformCachePartition?.platformCachePartitionTypes ?? []) {
            const mb = Number(t.allocatedCapacity ?? 0);
            if (t.cacheType === 'Organization') capacity.org = mb;
            if (t.cacheType === 'Session') capacity.session = mb;
        }
        config.cachePartitions!.set(
            path.basename(file).replace('.cachePartition-meta.xml', '').toLowerCase(),
            capacity
        );
    }
}

/** The named credentials and trigger configurations of several source dirs together. */
export function readOrgConfigs(sourceDirs: string[]): OrgConfig {
    const config = emptyOrgConfig();
    for (const one of sourceDirs.map(readOrgConfig)) {
        for (const [k, v] of one.namedCredentials) config.namedCredentials.set(k, v);
        for (const [k, v] of one.subscriberConfigs) config.subscriberConfigs.set(k, v);
        (config.notificationTypes ??= []).push(...(one.notificationTypes ?? []));
        for (const [k, v] of one.cachePartitions ?? []) config.cachePartitions!.set(k, v);
        (config.staticResources ??= []).push(...(one.staticResources ?? []));
        for (const f of one.flows ?? []) config.flows!.add(f);
    }
    return config;
}

function setConfig(config: OrgConfig, subscriber: SubscriberConfig): void {
    // The configuration page above allows batch sizes from 1 to 2,000.
    if (subscriber.batchSize !== null && !(subscriber.batchSize >= 1 && subscriber.batchSize <= 2000))
        throw new Error(`PlatformEventSubscriberConfig ${subscriber.trigger}: batchSize must be 1..2000`);
    config.subscriberConfigs.set(subscriber.trigger.toLowerCase(), subscriber);
}

/** Gives an org its own copy of the project's configuration. */
export function seedOrgConfig(org: OrgData, config: OrgConfig): void {
    CONFIGS.set(org, {
        namedCredentials: new Map(config.namedCredentials),
        subscriberConfigs: new Map(config.subscriberConfigs),
        notificationTypes: [...(config.notificationTypes ?? [])],
        cachePartitions: new Map(config.cachePartitions),
        staticResources: [...(config.staticResources ?? [])],
        flows: new Set(config.flows)
    });
    seedStaticResources(org, config.staticResources ?? []);
    const namespacePrefix = org.schema.options.namespace ?? null;
    for (const t of config.notificationTypes ?? [])
        org.db.insertSystemRow('CustomNotificationType', {
            DeveloperName: t.developerName,
            CustomNotifTypeName: t.customNotifTypeName,
            MasterLabel: t.masterLabel,
            Description: t.description,
            Desktop: t.desktop,
            Mobile: t.mobile,
            NamespacePrefix: namespacePrefix
        });
    if (org.schema.getObject('PlatformCachePartition'))
        for (const p of config.cachePartitions?.values() ?? [])
            if (p.developerName)
                org.db.insertSystemRow('PlatformCachePartition', {
                    DeveloperName: p.developerName,
                    MasterLabel: p.masterLabel ?? p.developerName,
                    NamespacePrefix: namespacePrefix,
                    IsDefaultPartition: p.isDefault ?? false,
                    Description: p.description ?? null
                });
}

export function orgConfigOf(org: OrgData): OrgConfig {
    let config = CONFIGS.get(org);
    if (!config) CONFIGS.set(org, (config = emptyOrgConfig()));
    return config;
}

/**
 * An admin's allocation of Platform Cache capacity (MB) to a partition the metadata defines (Setup → Platform Cache;
 * a packaged partition ships with none). Apex Developer Guide, "Platform Cache Partitions": allocations are 0 or at
 * least 5 MB (older versions of the page; INFERRED to still hold).
 */
export function allocateCachePartition(
    org: OrgData,
    partition: string,
    capacity: { org: number; session: number }
): void {
    const partitions = orgConfigOf(org).cachePartitions;
    if (!partitions?.has(partition.toLowerCase()))
        throw new ApexUnsupported(
            `allocating capacity to cache partition ${partition}, which the metadata does not define`
        );
    for (const mb of [capacity.org, capacity.session])
        if (!Number.isInteger(mb) || (mb !== 0 && mb < 5))
            throw new ApexUnsupported(`a cache allocation of ${mb} MB (0 or at least 5)`);
    partitions.set(partition.toLowerCase(), capacity);
}

/** Creates or replaces a trigger's configuration (an admin's PlatformEventSubscriberConfig). */
export function setSubscriberConfig(org: OrgData, subscriber: SubscriberConfig): void {
    setConfig(orgConfigOf(org), subscriber);
}
