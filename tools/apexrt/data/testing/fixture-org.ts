/** Test helper: a store over the fixture metadata with setup data and a fixed clock. */
import path from 'node:path';
import { ApexDatetime } from '../../core/values';
import { Database } from '../database';
import { SchemaRegistry } from '../schema/registry';
import { SetupData, seedSetupData } from '../setup-data';

export const FIXTURE_SOURCE_DIR = path.join(__dirname, '..', 'fixtures', 'force-app');

/** 2026-03-15T18:30:00Z: a Sunday afternoon in Los Angeles (11:30 PDT). */
export const FIXED_NOW = new ApexDatetime(Date.UTC(2026, 2, 15, 18, 30, 0));

let cachedSchema: SchemaRegistry | undefined;

export function fixtureSchema(): SchemaRegistry {
    cachedSchema ??= SchemaRegistry.fromSourceDir(FIXTURE_SOURCE_DIR, { namespace: 'cosell' });
    return cachedSchema;
}

export function fixtureOrg(): { schema: SchemaRegistry; db: Database; setup: SetupData } {
    const schema = fixtureSchema();
    const db = new Database(schema, { now: () => FIXED_NOW });
    const setup = seedSetupData(db, { namespacePrefix: 'cosell' });
    return { schema, db, setup };
}
