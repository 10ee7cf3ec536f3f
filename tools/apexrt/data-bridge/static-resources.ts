/**
 * StaticResource rows from the project's `staticresources/` folders (Metadata API, "StaticResource": each resource
 * is `<Name>.resource-meta.xml` with contentType, cacheControl and description, beside its content: one file named
 * `<Name>.<any extension>`, or a folder `<Name>/` that the source format deploys as a zip archive).
 * Object Reference, "StaticResource": Body is the content and BodyLength its size in bytes. The archive the platform
 * builds from a folder is not reproducible byte for byte, so Body and BodyLength of such a row are loud.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { ApexBlob } from '../core/values';
import type { OrgData } from '../data';
import { UnmodelledValue } from '../data/schema/model';

export interface StaticResourceConfig {
    name: string;
    contentType: string | null;
    cacheControl: string | null;
    description: string | null;
    /** The file's bytes; null for a folder resource (deployed as an archive). */
    body: Buffer | null;
}

const META = '.resource-meta.xml';

export function readStaticResources(sourceDir: string, found: StaticResourceConfig[] = []): StaticResourceConfig[] {
    if (!fs.existsSync(sourceDir)) return found;
    const parser = new XMLParser();
    for (const entry of fs.readdirSync(sourceDir, { withFileTypes: true })) {
        const full = path.join(sourceDir, entry.name);
        if (entry.isDirectory()) {
            readStaticResources(full, found);
            continue;
        }
        if (!entry.name.endsWith(META)) continue;
        const name = entry.name.slice(0, -META.length);
        const doc = parser.parse(fs.readFileSync(full, 'utf8')) as {
            StaticResource?: { contentType?: unknown; cacheControl?: unknown; description?: unknown };
        };
        const meta = doc.StaticResource ?? {};
        const content = fs
            .readdirSync(sourceDir, { withFileTypes: true })
            .find((e) => e.name !== entry.name && (e.name === name || e.name.startsWith(`${name}.`)));
        if (!content) continue; // a resource without content does not deploy
        found.push({
            name,
            contentType: meta.contentType === undefined ? null : String(meta.contentType),
            cacheControl: meta.cacheControl === undefined ? null : String(meta.cacheControl),
            description: meta.description === undefined ? null : String(meta.description),
            body: content.isDirectory() ? null : fs.readFileSync(path.join(sourceDir, content.name))
        });
    }
    return found;
}

export function seedStaticResources(org: OrgData, resources: readonly StaticResourceConfig[]): void {
    if (!org.schema.getObject('StaticResource')) return;
    for (const r of resources) {
        const archive = new UnmodelledValue(
            `StaticResource.Body of the folder resource ${r.name} (the archive the platform builds from it)`
        );
        org.db.insertSystemRow('StaticResource', {
            Name: r.name,
            NamespacePrefix: org.schema.options.namespace ?? null,
            ContentType: r.contentType,
            CacheControl: r.cacheControl,
            Description: r.description,
            Body: r.body ? new ApexBlob(r.body) : archive,
            BodyLength: r.body ? r.body.length : archive
        });
    }
}
