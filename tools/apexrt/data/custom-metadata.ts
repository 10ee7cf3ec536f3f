/**
 * Custom metadata access for `X__mdt.getAll()` / `X__mdt.getInstance(...)` (Apex Reference, custom metadata type
 * methods). Records come from customMetadata/*.md-meta.xml and are read-only.
 * - getAll(): DeveloperName → record (INFERRED key: the DeveloperName, which is what the platform examples key on).
 * - getInstance(developerNameOrId): the record by DeveloperName, QualifiedApiName or Id, or null.
 * Records are fresh copies each call, with every field populated (no queried-field restriction).
 */
import { Database, Row } from './database';
import { tryNormalizeId } from './ids';
import { ObjectSchema } from './schema/model';
import { SObject } from './sobject';

export class CustomMetadata {
    constructor(private readonly db: Database) {}

    private object(typeName: string): ObjectSchema {
        const object = this.db.schema.getObject(typeName);
        if (!object || object.kind !== 'customMetadata') throw new Error(`${typeName} is not a custom metadata type`);
        return object;
    }

    getAll(typeName: string): Map<string, SObject> {
        const object = this.object(typeName);
        return new Map(this.db.rows(object).map((r: Row) => [r.developername as string, this.db.toSObject(object, r)]));
    }

    getInstance(typeName: string, developerNameOrId: string): SObject | null {
        const object = this.object(typeName);
        const id = developerNameOrId.length >= 15 ? tryNormalizeId(developerNameOrId) : undefined;
        // Exact, case-sensitive match (INFERRED: like the Map keys of getAll()).
        const wanted = developerNameOrId;
        const row = this.db
            .rows(object)
            .find(
                (r) => (id !== undefined && r.id === id) || r.developername === wanted || r.qualifiedapiname === wanted
            );
        return row ? this.db.toSObject(object, row) : null;
    }
}
