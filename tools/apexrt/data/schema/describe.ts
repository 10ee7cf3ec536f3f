/**
 * Describe results shaped like the REST API's `/sobjects` (global) and `/sobjects/<Obj>/describe` JSON, as far as
 * tools like ts-force-gen read them, and usable by Apex `Schema.describeSObjects` / `DescribeFieldResult`.
 * Field-level security is not modelled: every field is accessible (the running user is a System Administrator).
 */
import { FieldSchema, ObjectSchema } from './model';
import { SchemaRegistry } from './registry';

export interface DescribeGlobalSObject {
    name: string;
    label: string;
    labelPlural: string;
    keyPrefix: string;
    custom: boolean;
    customSetting: boolean;
    createable: boolean;
    updateable: boolean;
    deletable: boolean;
    queryable: boolean;
}

export interface DescribeField {
    name: string;
    label: string;
    type: string;
    length: number;
    precision: number;
    scale: number;
    nillable: boolean;
    accessible: boolean;
    createable: boolean;
    updateable: boolean;
    unique: boolean;
    externalId: boolean;
    caseSensitive: boolean;
    idLookup: boolean;
    calculated: boolean;
    calculatedFormula: string | null;
    autoNumber: boolean;
    custom: boolean;
    defaultedOnCreate: boolean;
    picklistValues: { value: string; label: string; active: boolean; defaultValue: boolean }[];
    restrictedPicklist: boolean;
    referenceTo: string[];
    relationshipName: string | null;
    cascadeDelete: boolean;
    inlineHelpText: string | null;
}

export interface DescribeSObject extends DescribeGlobalSObject {
    fields: DescribeField[];
    childRelationships: { childSObject: string; field: string; relationshipName: string; cascadeDelete: boolean }[];
    recordTypeInfos: { name: string; developerName: string; active: boolean }[];
}

export function describeGlobal(schema: SchemaRegistry): { sobjects: DescribeGlobalSObject[] } {
    return { sobjects: schema.allObjects().sort(byName).map(globalEntry) };
}

export function describeSObject(schema: SchemaRegistry, objectName: string): DescribeSObject | undefined {
    const object = schema.getObject(objectName);
    if (!object) return undefined;
    return {
        ...globalEntry(object),
        fields: [...object.fields.values()].map(describeField),
        childRelationships: object.childRelationships.map((c) => ({ ...c })),
        recordTypeInfos: schema.recordTypes
            .filter((rt) => rt.sobjectType === object.name)
            .map((rt) => ({ name: rt.name, developerName: rt.developerName, active: rt.active }))
    };
}

function byName(a: ObjectSchema, b: ObjectSchema): number {
    return a.name.localeCompare(b.name);
}

function globalEntry(o: ObjectSchema): DescribeGlobalSObject {
    const writable = o.dmlAllowed;
    return {
        name: o.name,
        label: o.label,
        labelPlural: o.labelPlural,
        keyPrefix: o.keyPrefix,
        custom: o.custom,
        customSetting: o.kind === 'customSetting',
        createable: writable || o.kind === 'platformEvent',
        updateable: writable,
        deletable: writable,
        queryable: o.kind !== 'platformEvent'
    };
}

export function describeField(f: FieldSchema): DescribeField {
    const calculated = f.formula !== undefined || f.summary === true || f.derived === true;
    return {
        name: f.name,
        label: f.label,
        type: f.type,
        length: f.length,
        precision: f.precision,
        scale: f.scale,
        nillable: f.nillable,
        accessible: true,
        createable: f.createable,
        updateable: f.updateable,
        unique: f.unique,
        externalId: f.externalId,
        caseSensitive: f.caseSensitive,
        idLookup: f.type === 'id' || f.externalId,
        calculated,
        calculatedFormula: f.formula ?? null,
        autoNumber: f.autoNumberFormat !== undefined,
        custom: f.custom,
        defaultedOnCreate: f.defaultValue !== undefined || f.name === 'OwnerId' || f.type === 'boolean',
        picklistValues: f.picklistValues.map((p) => ({
            value: p.value,
            label: p.label,
            active: p.active,
            defaultValue: p.default
        })),
        restrictedPicklist: f.restrictedPicklist,
        referenceTo: [...f.referenceTo],
        relationshipName: f.relationshipName ?? null,
        cascadeDelete: f.masterDetail,
        inlineHelpText: f.inlineHelpText ?? null
    };
}
