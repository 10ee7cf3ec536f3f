/**
 * Custom settings access (Apex Reference, "Custom Settings Methods"), over rows stored by ordinary DML:
 * - Hierarchy: one row per SetupOwnerId (the Organization, a Profile or a User).
 *   getOrgDefaults(): the org-level row, or an empty record when there is none.
 *   getInstance(userOrProfileId = running user): the lowest-level row, with its null fields filled from higher levels
 *   (user → profile → org); when the user (or profile) has no row, a new record with Id null and the merged fields.
 *   getValues(userOrProfileId): that owner's own row without merging, or null.
 * - List: getAll() (Name → record), getInstance(name) / getValues(name) → record or null.
 * Returned records are copies: changing them does not change the stored data (DML does).
 */
import { ApexThrow, ApexUnsupported } from '../core/values';
import { Database, Row } from './database';
import { tryNormalizeId } from './ids';
import { ObjectSchema } from './schema/model';
import { SObject } from './sobject';

export class CustomSettings {
    constructor(
        private readonly db: Database,
        /** The running user's Id, read at each call (System.runAs changes it). */
        private readonly runningUserId: () => string
    ) {}

    private object(settingName: string, kind: 'Hierarchy' | 'List'): ObjectSchema {
        const object = this.db.schema.getObject(settingName);
        if (!object || object.kind !== 'customSetting') throw new Error(`${settingName} is not a custom setting`);
        if (object.customSettingsType !== kind) {
            // The platform's compiler rejects a method of the other kind; apexrt's does not check it, so say so.
            throw new ApexUnsupported(
                `${object.name} is a ${object.customSettingsType} custom setting; this ${kind} custom setting method does not compile on the platform`
            );
        }
        return object;
    }

    private organizationId(): string {
        const org = this.db.rows(this.db.schema.getObject('Organization')!)[0];
        if (!org) throw new Error('no Organization row: seed the setup data first');
        return org.id as string;
    }

    private rowFor(object: ObjectSchema, ownerId: string): Row | undefined {
        return this.db.rows(object).find((r) => r.setupownerid === ownerId);
    }

    getOrgDefaults(settingName: string): SObject {
        const object = this.object(settingName, 'Hierarchy');
        const row = this.rowFor(object, this.organizationId());
        return row ? this.db.toSObject(object, row) : new SObject(this.db.schema, object);
    }

    getInstance(settingName: string, userOrProfileId?: string): SObject {
        const object = this.object(settingName, 'Hierarchy');
        const chain = this.ownerChain(userOrProfileId ?? this.runningUserId());
        const rows = chain.map((owner) => this.rowFor(object, owner));
        const own = rows[0];
        const merged = new SObject(this.db.schema, object);
        for (const field of object.fields.values()) {
            if (!field.custom) continue;
            const key = field.name.toLowerCase();
            const source = rows.find((r) => r !== undefined && r[key] !== null && r[key] !== undefined);
            if (source) merged.setRaw(field.name, source[key]);
        }
        if (own) {
            for (const [k, v] of Object.entries(own))
                if (!object.fields.get(k)!.custom) merged.setRaw(object.fields.get(k)!.name, v);
        } else {
            merged.setRaw('SetupOwnerId', chain[0]);
        }
        return merged;
    }

    getValues(settingName: string, userOrProfileId: string): SObject | null {
        const object = this.object(settingName, 'Hierarchy');
        const row = this.rowFor(object, tryNormalizeId(userOrProfileId) ?? userOrProfileId);
        return row ? this.db.toSObject(object, row) : null;
    }

    /** List custom setting: Name → record. */
    getAll(settingName: string): Map<string, SObject> {
        const object = this.object(settingName, 'List');
        return new Map(this.db.rows(object).map((r) => [r.name as string, this.db.toSObject(object, r)]));
    }

    getListInstance(settingName: string, name: string): SObject | null {
        const object = this.object(settingName, 'List');
        const row = this.db.rows(object).find((r) => r.name === name);
        return row ? this.db.toSObject(object, row) : null;
    }

    /** [user, profile, org] for a user Id; [profile, org] for a profile Id. */
    private ownerChain(userOrProfileId: string): string[] {
        const id = tryNormalizeId(userOrProfileId);
        if (!id) throw new ApexThrow('System.StringException', `Invalid id: ${userOrProfileId}`);
        const found = this.db.getRow(id);
        const org = this.organizationId();
        if (found?.object.name === 'User') return [id, found.row.profileid as string, org];
        if (found?.object.name === 'Profile') return [id, org];
        throw new ApexThrow('System.TypeException', `${id} is not a User or Profile Id`);
    }
}
