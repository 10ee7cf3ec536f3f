/**
 * Wires the data layer (tools/apexrt/data) into the interpreter: SObject types for the compiler, the native
 * libraries for SObjects, Schema and Database, and a DataLayer per run over a fresh in-memory org.
 *
 *   const data = dataRuntime(SchemaRegistry.fromSourceDir('force-app', { namespace: 'cosell' }), baseNatives);
 *   const program = buildProgram(files, { providers: data.providers, natives: data.natives });
 *   runTests(program, { dataLayer: () => data.newDataLayer(program) });
 */
import { ApexDatetime } from '../core/values';
import { createOrgData, SchemaRegistry } from '../data';
import { combineLibraries, NativeLibrary } from '../interpreter/native-library';
import { RunSemantics } from '../interpreter/semantics';
import type { LoadedProgram } from '../loader/program';
import type { TypeProviders } from '../types/registry';
import { aggregateNatives } from './aggregate-natives';
import { seedApexClasses } from './apex-class-rows';
import { databaseNatives } from './database-natives';
import { dmlResultFieldNatives } from './dml-result-fields';
import { OrgDataLayer, OrgDataLayerOptions, TriggerRunner } from './org-data-layer';
import { schemaNatives } from './schema-natives';
import { fieldSetNatives } from './field-set-natives';
import { orgNatives } from './org-natives';
import { PermissionSets, seedPermissionSets } from './permissions';
import { PermissionSetGroups, seedPermissionSetGroups } from './permission-set-groups';
import { permissionSetGroupNatives } from './permission-set-group-natives';
import { emptyOrgConfig, OrgConfig, seedOrgConfig } from './org-config';
import { securityNatives } from './security-natives';
import { sobjectNatives } from './sobject-natives';
import { leadConvertNatives } from './lead-convert';
import { sobjectTypeStatics } from './sobject-type-statics';

export { OrgDataLayer } from './org-data-layer';
export { readLabels } from './org-natives';
export { readPermissionSets } from './permissions';
export { readPermissionSetGroups } from './permission-set-groups';
export type { OrgDataLayerOptions, DmlOperation, TriggerRunner } from './org-data-layer';

export interface DataRuntime {
    schema: SchemaRegistry;
    providers: TypeProviders;
    /** The data natives combined with (in front of) the base libraries passed in. */
    natives: NativeLibrary;
    newDataLayer(program: LoadedProgram, options?: OrgDataLayerOptions): OrgDataLayer;
}

export function dataRuntime(
    schema: SchemaRegistry,
    base: NativeLibrary,
    options: {
        labels?: Map<string, string>;
        permissionSets?: PermissionSets;
        permissionSetGroups?: PermissionSetGroups;
        /** Named credentials and platform event trigger configurations (readOrgConfig). */
        orgConfig?: OrgConfig;
        /** The runner's `runTrigger`, handed to every data layer (see TriggerRunner). */
        runTrigger?: TriggerRunner;
    } = {}
): DataRuntime {
    // Field values inside `Account:{...}` render as String.valueOf would (the closure runs after `natives` exists).
    const semantics = new RunSemantics({
        callIfDeclared: () => ({ found: false }),
        formatPrimitive: (v, t) => natives.format?.(v, t)
    });
    const natives = combineLibraries([
        sobjectNatives((v) => semantics.format(v)),
        aggregateNatives((v) => semantics.format(v)),
        securityNatives(),
        permissionSetGroupNatives(),
        schemaNatives(schema),
        leadConvertNatives(),
        fieldSetNatives(schema),
        sobjectTypeStatics(schema, () => natives),
        databaseNatives(),
        dmlResultFieldNatives(databaseNatives()),
        orgNatives(options.labels ?? new Map(), options.permissionSets),
        base
    ]);
    const permissionSets = options.permissionSets ?? new Map();
    return {
        schema,
        providers: { sobjectType: (name) => schema.getObject(name)?.name },
        natives,
        newDataLayer: (program, layerOptions = {}) => {
            const now = layerOptions.now ?? (() => new ApexDatetime(Date.now()));
            // The running user is in GMT, as apexrt's Date/Datetime library assumes (stdlib/dates.ts).
            const org = createOrgData(schema, {
                now,
                timeZoneSidKey: 'GMT',
                organizationType: layerOptions.organizationType
            });
            seedPermissionSets(org, permissionSets);
            seedPermissionSetGroups(org, options.permissionSetGroups ?? new Map());
            seedOrgConfig(org, options.orgConfig ?? emptyOrgConfig());
            seedApexClasses(org, program);
            return new OrgDataLayer(program, org, { runTrigger: options.runTrigger, ...layerOptions, now });
        }
    };
}
