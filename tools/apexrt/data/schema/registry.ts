/**
 * The schema registry: hand-written standard objects merged with the objects, fields and custom metadata records
 * found in an SFDX source dir. Name lookups are case-insensitive and accept the package namespace prefix
 * (`cosell__Field__c` and `Field__c` are the same field inside the package).
 */
import { ApexDate, ApexDatetime, Decimal } from '../../core/values';
import { STANDARD_KEY_PREFIXES, assignCustomKeyPrefixes } from '../ids';
import {
    ChildRelationship,
    FieldSchema,
    FieldType,
    ObjectKind,
    ObjectSchema,
    PicklistValue,
    makeField,
    picklist
} from './model';
import {
    RawCustomMetadataRecord,
    RawField,
    RawFieldSet,
    RawObject,
    SourceMetadata,
    readSourceMetadata
} from './metadata-reader';
import { CurrencySpec, DEFAULT_CURRENCIES, STANDARD_OBJECTS, currencyTypeSpec } from './standard-objects';
import { addStateCountryPicklists } from './state-country-picklists';
import { changeEventObjectOf, changeEventParentName } from './change-events';
import { SETUP_KEY_PREFIXES, SETUP_OBJECTS } from './setup-objects';

export interface SchemaOptions {
    /** Package namespace (sfdx-project.json "namespace"), stripped from names on lookup. */
    namespace?: string;
    /** Multi-currency orgs have CurrencyIsoCode on every object; off by default (like a new org). */
    multiCurrency?: boolean;
    /** The currencies of a multi-currency org (CurrencyType rows); DEFAULT_CURRENCIES when not given. */
    currencies?: readonly CurrencySpec[];
    /** State and Country/Territory Picklists enabled (Account's *CountryCode / *StateCode); off by default. */
    stateAndCountryPicklists?: boolean;
    /** The org's sharing settings beyond the metadata (platform/record-visibility.ts); a new org's when absent. */
    sharing?: SharingShape;
}

/** Org-wide defaults and hierarchy settings an admin sets under Setup → Sharing Settings. */
export interface SharingShape {
    /** Object API name → default internal access (Private, Read, ReadWrite, ControlledByParent ...). */
    orgWideDefaults?: Record<string, string>;
    /** Custom objects whose "Grant Access Using Hierarchies" is turned off. */
    noHierarchyAccess?: string[];
}

export interface CustomMetadataRecord {
    type: string;
    developerName: string;
    label: string;
    /** Lower-cased field name → runtime value. */
    values: Map<string, unknown>;
}

export interface RecordTypeInfo {
    sobjectType: string;
    developerName: string;
    name: string;
    active: boolean;
    description?: string;
}

/** Standard child relationship names: "<child object>.<field>" → name on the parent (Object Reference). */
const STANDARD_CHILD_RELATIONSHIPS: Record<string, string> = {
    'Contact.AccountId': 'Contacts',
    'Opportunity.AccountId': 'Opportunities',
    'Account.ParentId': 'ChildAccounts',
    'Contact.ReportsToId': 'ReportsTo',
    'OpportunityContactRole.OpportunityId': 'OpportunityContactRoles',
    'OpportunityContactRole.ContactId': 'OpportunityContactRoles',
    'OpportunityTeamMember.OpportunityId': 'OpportunityTeamMembers',
    'Note.ParentId': 'Notes',
    'ContentDocumentLink.LinkedEntityId': 'ContentDocumentLinks',
    'ContentDocumentLink.ContentDocumentId': 'ContentDocumentLinks',
    'User.ProfileId': 'Users',
    'OpportunityLineItem.OpportunityId': 'OpportunityLineItems',
    'OpportunityLineItem.PricebookEntryId': 'OpportunityLineItems',
    'PricebookEntry.Pricebook2Id': 'PricebookEntries',
    'PricebookEntry.Product2Id': 'PricebookEntries'
};

export class SchemaRegistry {
    private readonly objects = new Map<string, ObjectSchema>();
    private readonly changeEvents = new Map<string, ObjectSchema | undefined>();
    private readonly byPrefix = new Map<string, ObjectSchema>();
    private readonly cmdtRecords = new Map<string, CustomMetadataRecord[]>();
    readonly recordTypes: RecordTypeInfo[] = [];
    /** Field sets from the source metadata, by lower-cased object name (Metadata API "FieldSet"). */
    readonly fieldSets = new Map<string, RawFieldSet[]>();
    /** Metadata that could not be read or understood. */
    readonly issues: string[] = [];
    private readonly namespacePrefix?: string;

    constructor(
        source: SourceMetadata | undefined,
        readonly options: SchemaOptions = {}
    ) {
        this.namespacePrefix = options.namespace ? `${options.namespace.toLowerCase()}__` : undefined;
        const specs = options.multiCurrency
            ? [...STANDARD_OBJECTS, ...SETUP_OBJECTS, currencyTypeSpec(options.currencies ?? DEFAULT_CURRENCIES)]
            : [...STANDARD_OBJECTS, ...SETUP_OBJECTS];
        for (const spec of specs) {
            this.add({
                name: spec.name,
                label: spec.label,
                labelPlural: spec.labelPlural,
                keyPrefix: STANDARD_KEY_PREFIXES[spec.name] ?? SETUP_KEY_PREFIXES[spec.name],
                kind: 'standard',
                custom: false,
                fields: new Map(spec.fields.map((f) => [f.name.toLowerCase(), { ...f }])),
                childRelationships: [],
                unsupportedAutomation: spec.dmlNotModelled ? [spec.dmlNotModelled] : [],
                owned: spec.owned,
                dmlAllowed: spec.dmlAllowed,
                unmodelledRows: spec.unmodelledRows
            });
        }
        if (source) this.loadSource(source);
        this.addCustomShareObjects();
        const account = this.objects.get('account');
        if (options.stateAndCountryPicklists && account) addStateCountryPicklists(account);
        const isoCodes = options.multiCurrency
            ? (options.currencies ?? DEFAULT_CURRENCIES).filter((c) => c.active).map((c) => c.isoCode)
            : undefined;
        const corporate = (options.currencies ?? DEFAULT_CURRENCIES).find((c) => c.corporate)?.isoCode;
        for (const object of this.objects.values()) addSystemFields(object, isoCodes, corporate);
        this.linkRelationships();
        for (const object of this.objects.values()) this.byPrefix.set(object.keyPrefix, object);
    }

    /** Loads `sourceDir` (default force-app) and builds the registry. */
    static fromSourceDir(sourceDir = 'force-app', options: SchemaOptions = {}): SchemaRegistry {
        return new SchemaRegistry(readSourceMetadata(sourceDir), options);
    }

    /** Only the standard objects (for tests that need no metadata). */
    static standardOnly(options: SchemaOptions = {}): SchemaRegistry {
        return new SchemaRegistry(undefined, options);
    }

    private add(object: ObjectSchema): void {
        this.objects.set(object.name.toLowerCase(), object);
    }

    /** Strips the package namespace from an object or field name. */
    localName(name: string): string {
        const lower = name.toLowerCase();
        if (this.namespacePrefix && lower.startsWith(this.namespacePrefix) && /__(c|r|e|mdt)$/i.test(lower)) {
            return name.slice(this.namespacePrefix.length);
        }
        return name;
    }

    getObject(name: string): ObjectSchema | undefined {
        return this.objects.get(this.localName(name).toLowerCase()) ?? this.changeEventObject(name);
    }

    /**
     * A change event object (change-events.ts), made on first use: not one of the org's objects in global describe,
     * EntityDefinition or SOQL.
     */
    private changeEventObject(name: string): ObjectSchema | undefined {
        const parentName = changeEventParentName(name);
        const parent =
            parentName === undefined ? undefined : this.objects.get(this.localName(parentName).toLowerCase());
        if (!parent) return undefined;
        const key = `${parent.name.toLowerCase()}:changeevent`;
        if (!this.changeEvents.has(key)) this.changeEvents.set(key, changeEventObjectOf(parent));
        const object = this.changeEvents.get(key);
        return object?.name.toLowerCase() === this.localName(name).toLowerCase() ? object : undefined;
    }

    getField(object: ObjectSchema, fieldName: string): FieldSchema | undefined {
        return object.fields.get(this.localName(fieldName).toLowerCase());
    }

    /**
     * `X__r` of a custom metadata relationship field `X__c` (kept as its text value, not as a reference): apexrt
     * does not model following it, so callers fail with "not supported" instead of an unknown-name error.
     */
    unmodelledRelationship(object: ObjectSchema, name: string): FieldSchema | undefined {
        if (!/__r$/i.test(name)) return undefined;
        const field = this.getField(object, name.replace(/__r$/i, '__c'));
        return field && field.type !== 'reference' && field.referenceTo.length ? field : undefined;
    }

    /** The object whose key prefix starts `id`. */
    objectForId(id: string): ObjectSchema | undefined {
        return this.byPrefix.get(id.slice(0, 3));
    }

    /** All object names in canonical case (global describe). */
    objectNames(): string[] {
        return [...this.objects.values()].map((o) => o.name).sort();
    }

    allObjects(): ObjectSchema[] {
        return [...this.objects.values()];
    }

    customMetadataRecords(type: string): CustomMetadataRecord[] {
        return this.cmdtRecords.get(this.localName(type).toLowerCase()) ?? [];
    }

    /**
     * A record created by a metadata deployment (Metadata.Operations.enqueueDeployment): the same system fields as
     * a record read from customMetadata/, with the deployed values (lower-cased field name → runtime value).
     */
    addDeployedCustomMetadataRecord(
        type: string,
        developerName: string,
        label: string,
        values: Map<string, unknown>
    ): CustomMetadataRecord {
        const object = this.getObject(type);
        if (!object || object.kind !== 'customMetadata') throw new Error(`${type} is not a custom metadata type`);
        const all = new Map<string, unknown>([
            ['developername', developerName],
            ['masterlabel', label],
            ['label', label],
            ['language', 'en_US'],
            ['namespaceprefix', this.options.namespace ?? null],
            ['qualifiedapiname', this.options.namespace ? `${this.options.namespace}__${developerName}` : developerName]
        ]);
        for (const [k, v] of values) all.set(k, v);
        const record = { type: object.name, developerName, label, values: all };
        const list = this.cmdtRecords.get(object.name.toLowerCase()) ?? [];
        list.push(record);
        this.cmdtRecords.set(object.name.toLowerCase(), list);
        return record;
    }

    /** The reference field on `object` whose parent relationship name is `relationshipName` (Account, Owner, X__r). */
    parentRelationship(object: ObjectSchema, relationshipName: string): FieldSchema | undefined {
        const wanted = this.localName(relationshipName).toLowerCase();
        for (const f of object.fields.values()) {
            if ((f.type === 'reference' || f.entityRelationship) && f.relationshipName?.toLowerCase() === wanted)
                return f;
        }
        return undefined;
    }

    childRelationship(object: ObjectSchema, relationshipName: string): ChildRelationship | undefined {
        const wanted = this.localName(relationshipName).toLowerCase();
        return object.childRelationships.find((c) => c.relationshipName.toLowerCase() === wanted);
    }

    // ----- loading -----

    private loadSource(source: SourceMetadata): void {
        this.issues.push(...source.issues);
        const customNames = source.objects.map((o) => o.name).filter((n) => /__(c|e|mdt)$/i.test(n));
        const prefixes = assignCustomKeyPrefixes(customNames, [
            ...Object.values(STANDARD_KEY_PREFIXES),
            ...Object.values(SETUP_KEY_PREFIXES)
        ]);
        for (const raw of source.objects) {
            const existing = this.objects.get(raw.name.toLowerCase());
            if (existing) {
                this.mergeFields(existing, raw, source);
                continue;
            }
            const prefix = prefixes.get(raw.name);
            if (!prefix) {
                // A standard object apexrt has no hand-written schema for: keep its custom fields, note the gap.
                this.issues.push(
                    `standard object ${raw.name} is not modelled by apexrt; only its custom fields are known`
                );
                this.add(this.newObject(raw, 'standard', '0' + String(this.objects.size).padStart(2, '0')));
            } else {
                this.add(this.newObject(raw, objectKind(raw), prefix));
            }
            this.mergeFields(this.objects.get(raw.name.toLowerCase())!, raw, source);
        }
        for (const [objectName, automation] of source.automation) {
            const object = this.objects.get(objectName);
            if (object) object.unsupportedAutomation.push(...automation);
            else this.issues.push(`automation on unknown object ${objectName}: ${automation.join(', ')}`);
        }
        for (const raw of source.objects) {
            const object = this.objects.get(raw.name.toLowerCase())!;
            object.unsupportedAutomation.push(...raw.validationRules.map((r) => `validation rule ${r}`));
            if (raw.fieldSets.length > 0) this.fieldSets.set(object.name.toLowerCase(), raw.fieldSets);
            for (const rt of raw.recordTypes) {
                this.recordTypes.push({
                    sobjectType: object.name,
                    developerName: rt.fullName,
                    name: rt.label ?? rt.fullName,
                    active: rt.active !== 'false',
                    description: rt.description
                });
            }
            if (raw.recordTypes.length > 0 && !object.fields.has('recordtypeid')) {
                object.fields.set(
                    'recordtypeid',
                    makeField('RecordTypeId', 'reference', {
                        referenceTo: ['RecordType'],
                        relationshipName: 'RecordType'
                    })
                );
            }
        }
        for (const record of source.customMetadataRecords) this.addCustomMetadataRecord(record);
    }

    private newObject(raw: RawObject, kind: ObjectKind, keyPrefix: string): ObjectSchema {
        const fields = new Map<string, FieldSchema>();
        const isDetail = raw.fields.some((f) => f.type === 'MasterDetail');
        if (kind === 'custom' || kind === 'customSetting') {
            const nameType = raw.nameField?.type ?? 'Text';
            fields.set(
                'name',
                makeField('Name', 'string', {
                    length: kind === 'customSetting' ? 38 : 80,
                    label: raw.nameField?.label ?? 'Name',
                    // Custom object names are optional on insert (the Id is shown instead); AutoNumber is generated.
                    required: kind === 'customSetting' && raw.customSettingsType === 'List',
                    unique: kind === 'customSetting' && raw.customSettingsType === 'List',
                    createable: nameType !== 'AutoNumber',
                    updateable: nameType !== 'AutoNumber',
                    autoNumberFormat: nameType === 'AutoNumber' ? (raw.nameField?.displayFormat ?? '{0}') : undefined,
                    custom: false
                })
            );
        }
        if (kind === 'customSetting' && raw.customSettingsType === 'Hierarchy') {
            fields.set(
                'setupownerid',
                makeField('SetupOwnerId', 'reference', {
                    referenceTo: ['Organization', 'Profile', 'User'],
                    relationshipName: 'SetupOwner',
                    // One row per owner (org, profile or user).
                    unique: true,
                    custom: false
                })
            );
        }
        if (kind === 'customMetadata') {
            for (const [name, length] of [
                ['DeveloperName', 40],
                ['MasterLabel', 40],
                ['Label', 40],
                ['Language', 40],
                ['NamespacePrefix', 15],
                ['QualifiedApiName', 70]
            ] as const) {
                fields.set(name.toLowerCase(), makeField(name, 'string', { length, custom: false }));
            }
        }
        if (kind === 'platformEvent') {
            fields.set(
                'replayid',
                makeField('ReplayId', 'string', { createable: false, updateable: false, custom: false })
            );
            fields.set(
                'eventuuid',
                makeField('EventUuid', 'string', { length: 36, createable: false, updateable: false, custom: false })
            );
        }
        return {
            name: raw.name,
            label: raw.label ?? raw.name,
            labelPlural: raw.pluralLabel ?? raw.label ?? raw.name,
            keyPrefix,
            kind,
            custom: kind !== 'standard',
            fields,
            childRelationships: [],
            // As the metadata declares it; publishing an event without one fails loudly (event-delivery.ts).
            publishBehavior: kind === 'platformEvent' ? raw.publishBehavior : undefined,
            eventType: raw.eventType,
            customSettingsType: raw.customSettingsType as ObjectSchema['customSettingsType'],
            sharingModel: kind === 'custom' ? raw.sharingModel : undefined,
            unsupportedAutomation: [],
            owned: kind === 'custom' && !isDetail,
            // Platform events are "inserted" through EventBus.publish, not stored; CMDT is read-only.
            dmlAllowed: kind === 'custom' || kind === 'customSetting' || kind === 'standard'
        };
    }

    /**
     * `<Object>__Share` for each custom object whose org-wide default is Private or Public Read Only (Apex Developer
     * Guide, "Sharing a Record Using Apex": ParentId, UserOrGroupId, AccessLevel, RowCause; a detail of a
     * master-detail has none; the share object exists only when the default is not Public Read/Write).
     */
    private addCustomShareObjects(): void {
        const owds = this.options.sharing?.orgWideDefaults ?? {};
        const shared = [...this.objects.values()].filter((o) => {
            if (o.kind !== 'custom' || !o.owned) return false;
            const owd = Object.entries(owds).find(([k]) => k.toLowerCase() === o.name.toLowerCase())?.[1];
            return ['Private', 'Read'].includes(owd ?? o.sharingModel ?? 'ReadWrite');
        });
        const names = shared.map((o) => o.name.replace(/__c$/i, '__Share'));
        const prefixes = assignCustomKeyPrefixes(
            names,
            [...this.objects.values()].map((o) => o.keyPrefix)
        );
        shared.forEach((o, i) => {
            const fields = [
                makeField('ParentId', 'reference', {
                    referenceTo: [o.name],
                    relationshipName: 'Parent',
                    required: true,
                    updateable: false,
                    deleteConstraint: 'Cascade'
                }),
                makeField('UserOrGroupId', 'reference', {
                    referenceTo: ['User', 'Group'],
                    relationshipName: 'UserOrGroup',
                    required: true,
                    updateable: false
                }),
                makeField('AccessLevel', 'picklist', {
                    picklistValues: picklist(['Read', 'Edit', 'All']),
                    restrictedPicklist: true,
                    required: true
                }),
                makeField('RowCause', 'picklist', { picklistValues: picklist(['Manual', 'Owner'], 'Manual') })
            ];
            this.add({
                name: names[i],
                label: `${o.label} Share`,
                labelPlural: `${o.label} Share`,
                keyPrefix: prefixes.get(names[i])!,
                kind: 'standard',
                custom: false,
                fields: new Map(fields.map((f) => [f.name.toLowerCase(), f])),
                childRelationships: [],
                unsupportedAutomation: [],
                owned: false,
                dmlAllowed: true
            });
        });
    }

    private mergeFields(object: ObjectSchema, raw: RawObject, source: SourceMetadata): void {
        for (const rawField of raw.fields) {
            // A standard field's source file (e.g. fields/Industry.field-meta.xml) only customises tracking, help text or
            // values: the hand-written definition stands.
            if (!object.custom && !/__c$/i.test(rawField.fullName)) {
                if (!object.fields.has(rawField.fullName.toLowerCase())) {
                    this.issues.push(`standard field ${raw.name}.${rawField.fullName} is not modelled by apexrt`);
                }
                continue;
            }
            try {
                const field = convertField(rawField, source.globalValueSets);
                object.fields.set(field.name.toLowerCase(), field);
            } catch (e) {
                this.issues.push(`${raw.name}.${rawField.fullName}: ${(e as Error).message}`);
            }
        }
    }

    private addCustomMetadataRecord(raw: RawCustomMetadataRecord): void {
        const object = this.objects.get(raw.type.toLowerCase());
        if (!object) {
            this.issues.push(`${raw.file}: custom metadata type ${raw.type} not found in objects/`);
            return;
        }
        const values = new Map<string, unknown>();
        values.set('developername', raw.developerName);
        values.set('masterlabel', raw.label);
        values.set('label', raw.label);
        values.set('language', 'en_US');
        values.set('namespaceprefix', this.options.namespace ?? null);
        // Records of a namespaced package carry the prefix in QualifiedApiName (INFERRED from the Metadata API full names).
        values.set(
            'qualifiedapiname',
            this.options.namespace ? `${this.options.namespace}__${raw.developerName}` : raw.developerName
        );
        for (const v of raw.values) {
            const field = object.fields.get(v.field.toLowerCase());
            if (!field) {
                this.issues.push(`${raw.file}: field ${v.field} not found on ${object.name}`);
                continue;
            }
            try {
                // A metadata relationship names the target record by DeveloperName; the Database turns it into
                // that record's Id.
                const text = field.type === 'reference' ? v.text : undefined;
                values.set(field.name.toLowerCase(), v.nil ? null : (text ?? metadataTextToValue(field, v.text)));
            } catch (e) {
                this.issues.push(`${raw.file}: ${v.field}: ${(e as Error).message}`);
            }
        }
        const list = this.cmdtRecords.get(object.name.toLowerCase()) ?? [];
        list.push({ type: object.name, developerName: raw.developerName, label: raw.label, values });
        this.cmdtRecords.set(object.name.toLowerCase(), list);
    }

    private linkRelationships(): void {
        const customObjects = [...this.objects.values()].filter((o) => o.kind === 'custom').map((o) => o.name);
        const note = this.objects.get('note')?.fields.get('parentid');
        if (note) note.referenceTo = [...note.referenceTo, ...customObjects];
        const firstPublished = this.objects.get('contentversion')?.fields.get('firstpublishlocationid');
        if (firstPublished) firstPublished.referenceTo = [...firstPublished.referenceTo, ...customObjects];
        for (const child of this.objects.values()) {
            for (const field of child.fields.values()) {
                if (field.type !== 'reference' || !field.relationshipName) continue;
                const childName =
                    field.custom && field.childRelationshipName
                        ? `${field.childRelationshipName}__r`
                        : STANDARD_CHILD_RELATIONSHIPS[`${child.name}.${field.name}`];
                if (!childName) continue;
                for (const parentName of field.referenceTo) {
                    const parent = this.objects.get(parentName.toLowerCase());
                    if (!parent) continue;
                    parent.childRelationships.push({
                        childSObject: child.name,
                        field: field.name,
                        relationshipName: childName,
                        cascadeDelete: field.masterDetail || field.deleteConstraint === 'Cascade'
                    });
                }
            }
        }
    }
}

function objectKind(raw: RawObject): ObjectKind {
    const lower = raw.name.toLowerCase();
    if (lower.endsWith('__e')) return 'platformEvent';
    if (lower.endsWith('__mdt')) return 'customMetadata';
    if (raw.customSettingsType) return 'customSetting';
    return 'custom';
}

const METADATA_TYPES: Record<string, FieldType> = {
    Text: 'string',
    TextArea: 'textarea',
    LongTextArea: 'textarea',
    Html: 'textarea',
    EncryptedText: 'encryptedstring',
    Number: 'double',
    Currency: 'currency',
    Percent: 'percent',
    Checkbox: 'boolean',
    Date: 'date',
    DateTime: 'datetime',
    Time: 'time',
    Email: 'email',
    Phone: 'phone',
    Url: 'url',
    Picklist: 'picklist',
    MultiselectPicklist: 'multipicklist',
    Lookup: 'reference',
    MasterDetail: 'reference',
    MetadataRelationship: 'string',
    AutoNumber: 'string'
};

function convertField(
    raw: RawField,
    globalValueSets: Map<string, { fullName: string; label?: string; default?: string }[]>
): FieldSchema {
    const mdType = raw.type ?? (raw.formula ? 'Text' : undefined);
    if (!mdType) throw new Error('field has no <type>');
    let type: FieldType | undefined;
    if (mdType === 'Summary') type = raw.summaryOperation === 'count' ? 'double' : 'currency';
    // A metadata relationship to another custom metadata type is a lookup to its records (Apex Developer Guide,
    // "Custom Metadata Types" relationships: X__r traverses to the related record); one to EntityDefinition or
    // FieldDefinition keeps the written name (those objects are not modelled).
    else if (mdType === 'MetadataRelationship' && /__mdt$/i.test(raw.referenceTo ?? '')) type = 'reference';
    else type = METADATA_TYPES[mdType];
    if (!type) throw new Error(`field type ${mdType} is not supported by apexrt`);
    const masterDetail = mdType === 'MasterDetail';
    const isFormula = raw.formula !== undefined && mdType !== 'Summary';
    const computed = isFormula || mdType === 'Summary' || mdType === 'AutoNumber';
    let picklistValues: PicklistValue[] = [];
    if (raw.valueSet?.valueSetName) {
        const global = globalValueSets.get(raw.valueSet.valueSetName);
        if (!global) throw new Error(`global value set ${raw.valueSet.valueSetName} not found`);
        picklistValues = global.map((v) => ({
            value: v.fullName,
            label: v.label ?? v.fullName,
            default: v.default === 'true',
            active: true
        }));
    } else if (raw.valueSet?.valueSetDefinition?.value) {
        picklistValues = raw.valueSet.valueSetDefinition.value.map((v) => ({
            value: String(v.fullName),
            label: v.label ?? String(v.fullName),
            default: v.default === 'true',
            active: true
        }));
    }
    const field = makeField(raw.fullName, type, {
        label: raw.label,
        length: raw.length ? Number(raw.length) : type === 'textarea' && mdType === 'TextArea' ? 255 : undefined,
        precision: raw.precision ? Number(raw.precision) : undefined,
        scale: raw.scale ? Number(raw.scale) : undefined,
        // Master-detail fields are always required; Checkbox fields are never null.
        required: masterDetail || raw.required === 'true',
        nillable: !(masterDetail || raw.required === 'true' || type === 'boolean'),
        createable: !computed,
        // Metadata API, CustomField reparentableMasterDetail: a detail record can be moved to another master only
        // when it is true (default false); DescribeFieldResult.isUpdateable reports that.
        updateable: !computed && !(masterDetail && raw.reparentableMasterDetail !== 'true'),
        unique: raw.unique === 'true',
        externalId: raw.externalId === 'true',
        caseSensitive: raw.caseSensitive === 'true',
        referenceTo: raw.referenceTo ? [raw.referenceTo] : [],
        relationshipName: type === 'reference' ? raw.fullName.replace(/__c$/i, '__r') : undefined,
        deleteConstraint: masterDetail
            ? 'Cascade'
            : ((raw.deleteConstraint as FieldSchema['deleteConstraint']) ??
              (type === 'reference' ? 'SetNull' : undefined)),
        masterDetail,
        picklistValues,
        restrictedPicklist: raw.valueSet?.restricted === 'true' || raw.valueSet?.valueSetName !== undefined,
        formula: isFormula ? raw.formula : undefined,
        summary: mdType === 'Summary' ? true : undefined,
        autoNumberFormat: mdType === 'AutoNumber' ? (raw.displayFormat ?? '{0}') : undefined,
        inlineHelpText: raw.inlineHelpText,
        custom: true
    });
    if (raw.defaultValue !== undefined && raw.defaultValue !== '') {
        field.defaultValue = parseDefaultValue(field, raw.defaultValue);
    } else if (type === 'boolean') {
        field.defaultValue = false;
    } else {
        const pickDefault = picklistValues.find((p) => p.default);
        if (pickDefault) field.defaultValue = pickDefault.value;
    }
    field.childRelationshipName = type === 'reference' ? raw.relationshipName : undefined;
    if (mdType === 'MetadataRelationship' && raw.referenceTo === 'EntityDefinition') {
        field.entityRelationship = true;
        field.relationshipName = raw.fullName.replace(/__c$/i, '__r');
    }
    return field;
}

/** A field default that is not a plain literal needs the formula evaluator apexrt does not have. */
export class UnsupportedDefault {
    constructor(readonly formula: string) {}
}

function parseDefaultValue(field: FieldSchema, text: string): unknown {
    const t = text.trim();
    if (field.type === 'boolean' && /^(true|false)$/i.test(t)) return t.toLowerCase() === 'true';
    if (/^"(?:[^"\\]|\\.)*"$/.test(t) || /^'(?:[^'\\]|\\.)*'$/.test(t)) return t.slice(1, -1);
    if (/^-?\d+(\.\d+)?$/.test(t) && ['double', 'currency', 'percent', 'int'].includes(field.type))
        return new Decimal(t);
    if (/^null$/i.test(t)) return undefined;
    return new UnsupportedDefault(t);
}

/** Converts the text of a custom metadata <value> to the runtime value for the field's type. */
export function metadataTextToValue(field: FieldSchema, text: string): unknown {
    switch (field.type) {
        case 'boolean':
            return text === 'true';
        case 'double':
        case 'currency':
        case 'percent':
            return new Decimal(text);
        case 'int':
            return Number.parseInt(text, 10);
        case 'date': {
            const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
            if (!m) throw new Error(`bad date ${text}`);
            return new ApexDate(Number(m[1]), Number(m[2]), Number(m[3]));
        }
        case 'datetime': {
            const ms = Date.parse(text);
            if (Number.isNaN(ms)) throw new Error(`bad datetime ${text}`);
            return new ApexDatetime(ms);
        }
        default:
            return text;
    }
}

const AUDIT_FIELDS = (): FieldSchema[] => [
    makeField('Id', 'id', { createable: false, updateable: false, nillable: false, label: 'Record ID' }),
    makeField('IsDeleted', 'boolean', { createable: false, updateable: false, label: 'Deleted' }),
    makeField('CreatedDate', 'datetime', { createable: false, updateable: false }),
    makeField('CreatedById', 'reference', {
        createable: false,
        updateable: false,
        referenceTo: ['User'],
        relationshipName: 'CreatedBy'
    }),
    makeField('LastModifiedDate', 'datetime', { createable: false, updateable: false }),
    makeField('LastModifiedById', 'reference', {
        createable: false,
        updateable: false,
        referenceTo: ['User'],
        relationshipName: 'LastModifiedBy'
    }),
    makeField('SystemModstamp', 'datetime', { createable: false, updateable: false })
];

/** `isoCodes`: the active currencies of a multi-currency org, undefined in a single-currency org. */
function addSystemFields(object: ObjectSchema, isoCodes: string[] | undefined, corporate: string | undefined): void {
    const add = (f: FieldSchema) => {
        if (!object.fields.has(f.name.toLowerCase())) object.fields.set(f.name.toLowerCase(), { ...f, custom: false });
    };
    if (object.kind === 'platformEvent') {
        add(makeField('Id', 'id', { createable: false, updateable: false }));
        add(makeField('CreatedDate', 'datetime', { createable: false, updateable: false }));
        add(
            makeField('CreatedById', 'reference', {
                createable: false,
                updateable: false,
                referenceTo: ['User'],
                relationshipName: 'CreatedBy'
            })
        );
    } else if (object.kind === 'customMetadata') {
        add(makeField('Id', 'id', { createable: false, updateable: false }));
    } else {
        for (const f of AUDIT_FIELDS()) add(f);
    }
    if (object.owned) {
        add(
            makeField('OwnerId', 'reference', {
                referenceTo: ['User'],
                relationshipName: 'Owner',
                label: 'Owner ID',
                // Defaults to the running user on insert, so not required from the caller.
                nillable: false
            })
        );
    }
    // "Inactive currency types do not appear in picklists" (Object Reference, CurrencyType.IsActive).
    if (isoCodes && object.kind !== 'customMetadata' && object.name !== 'CurrencyType') {
        add(
            makeField('CurrencyIsoCode', 'picklist', {
                length: 3,
                picklistValues: picklist(isoCodes, corporate),
                restrictedPicklist: true
            })
        );
    }
}
