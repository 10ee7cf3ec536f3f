/**
 * The SObject schema model: objects and fields with everything the store, SOQL and describe need.
 * Field types use the REST describe type names (string, textarea, double, currency, reference ...), so describe
 * output needs no mapping.
 */

export type FieldType =
    | 'id'
    | 'string'
    | 'textarea'
    | 'email'
    | 'phone'
    | 'url'
    | 'picklist'
    | 'multipicklist'
    | 'combobox'
    | 'encryptedstring'
    | 'boolean'
    | 'int'
    | 'double'
    | 'currency'
    | 'percent'
    | 'date'
    | 'datetime'
    | 'time'
    | 'reference'
    | 'base64'
    | 'address'
    /** A structured value of an Apex type (`valueType`), e.g. a change event's ChangeEventHeader. */
    | 'complexvalue';

export type ObjectKind = 'standard' | 'custom' | 'platformEvent' | 'customMetadata' | 'customSetting';

export interface PicklistValue {
    value: string;
    label: string;
    default: boolean;
    active: boolean;
}

export interface FieldSchema {
    /** Canonical API name (without the package namespace). */
    name: string;
    label: string;
    type: FieldType;
    /** Max characters for text types (0 when not applicable). */
    length: number;
    precision: number;
    scale: number;
    /** Required on create: REQUIRED_FIELD_MISSING when null after the before triggers. */
    required: boolean;
    nillable: boolean;
    createable: boolean;
    updateable: boolean;
    unique: boolean;
    externalId: boolean;
    /** For unique/external Id text fields: whether matching is case-sensitive. */
    caseSensitive: boolean;
    /** Apex-level default applied on new records (already converted to a runtime value), or undefined. */
    defaultValue?: unknown;
    referenceTo: string[];
    relationshipName?: string;
    /** For custom lookups: the child relationship name on the parent, without __r (metadata <relationshipName>). */
    childRelationshipName?: string;
    /** Lookup behaviour when the parent is deleted (MasterDetail always cascades). */
    deleteConstraint?: 'SetNull' | 'Restrict' | 'Cascade';
    masterDetail: boolean;
    picklistValues: PicklistValue[];
    restrictedPicklist: boolean;
    /**
     * A custom metadata relationship to EntityDefinition: the value is the object's API name (text), and
     * `X__r` reaches the EntityDefinition row with that QualifiedApiName.
     */
    entityRelationship?: boolean;
    /** An address field of an org with State and Country/Territory Picklists (state-country-picklists.ts). */
    addressPart?: 'countryCode' | 'stateCode' | 'countryText' | 'stateText';
    /** A field the subscriber's org added (not the project's): its describe key carries no package namespace. */
    subscriberField?: boolean;
    /** Set for formula fields: they need an evaluator apexrt does not have. */
    formula?: string;
    /** Set for roll-up summary fields (not evaluated either). */
    summary?: boolean;
    /** Set for a standard field whose value apexrt does not compute: why (reading it is "not supported"). */
    unmodelled?: string;
    autoNumberFormat?: string;
    inlineHelpText?: string;
    custom: boolean;
    /** Calculated by the platform (Contact.Name, Opportunity.IsClosed ...): never writeable. */
    derived?: boolean;
    /** For a 'complexvalue' field: the Apex type of its value ('EventBus.ChangeEventHeader'). */
    valueType?: string;
}

export interface ChildRelationship {
    childSObject: string;
    field: string;
    relationshipName: string;
    cascadeDelete: boolean;
}

/**
 * A stored value apexrt cannot reproduce (e.g. the zip the platform makes of a folder static resource): a query
 * that selects it fails loudly with `what` instead of answering with something plausible.
 */
export class UnmodelledValue {
    constructor(readonly what: string) {}
}

export interface ObjectSchema {
    name: string;
    label: string;
    labelPlural: string;
    keyPrefix: string;
    kind: ObjectKind;
    custom: boolean;
    /** Lower-cased field name → field. */
    fields: Map<string, FieldSchema>;
    childRelationships: ChildRelationship[];
    /**
     * Platform events: PublishAfterCommit | PublishImmediately as the metadata declares it, undefined when it does not
     * (publishing then fails loudly); eventType HighVolume/StandardVolume.
     */
    publishBehavior?: string;
    eventType?: string;
    /** Custom settings: Hierarchy | List. */
    customSettingsType?: 'Hierarchy' | 'List';
    /** Automation found in the source dir on this object (validation rules, flows, workflow): DML fails loudly. */
    unsupportedAutomation: string[];
    /** Whether the object has OwnerId (owned objects; the detail side of a master-detail is not owned). */
    owned: boolean;
    /** Whether DML on the object is allowed at all (not for CMDT, Organization...). */
    dmlAllowed: boolean;
    /** What rows of the org apexrt does not hold for this object: querying it is unsupported. */
    unmodelledRows?: string;
    /** A custom object's org-wide default from its metadata (`<sharingModel>`: Private, Read, ReadWrite, ...). */
    sharingModel?: string;
    /** Set when only some of the object's fields are modelled: why another field name is not supported. */
    unmodelledFields?: string;
}

export function fieldOf(object: ObjectSchema, fieldName: string): FieldSchema | undefined {
    return object.fields.get(fieldName.toLowerCase());
}

/** A field definition with sensible defaults for the optional attributes. */
export function makeField(name: string, type: FieldType, attrs: Partial<FieldSchema> = {}): FieldSchema {
    const required = attrs.required ?? false;
    return {
        name,
        label: attrs.label ?? defaultLabel(name),
        type,
        length: attrs.length ?? defaultLength(type),
        precision: attrs.precision ?? 0,
        scale: attrs.scale ?? 0,
        required,
        nillable: attrs.nillable ?? (!required && type !== 'boolean'),
        createable: attrs.createable ?? true,
        updateable: attrs.updateable ?? true,
        unique: attrs.unique ?? false,
        externalId: attrs.externalId ?? false,
        caseSensitive: attrs.caseSensitive ?? false,
        defaultValue: attrs.defaultValue,
        referenceTo: attrs.referenceTo ?? [],
        relationshipName: attrs.relationshipName,
        deleteConstraint: attrs.deleteConstraint,
        masterDetail: attrs.masterDetail ?? false,
        picklistValues: attrs.picklistValues ?? [],
        restrictedPicklist: attrs.restrictedPicklist ?? false,
        formula: attrs.formula,
        summary: attrs.summary,
        unmodelled: attrs.unmodelled,
        subscriberField: attrs.subscriberField,
        autoNumberFormat: attrs.autoNumberFormat,
        inlineHelpText: attrs.inlineHelpText,
        addressPart: attrs.addressPart,
        custom: attrs.custom ?? name.endsWith('__c'),
        derived: attrs.derived,
        valueType: attrs.valueType
    };
}

function defaultLength(type: FieldType): number {
    switch (type) {
        case 'id':
        case 'reference':
            return 18;
        case 'string':
        case 'picklist':
        case 'combobox':
        case 'email':
        case 'phone':
            return 255;
        case 'textarea':
            return 255;
        case 'url':
            return 255;
        case 'multipicklist':
            return 4099;
        default:
            return 0;
    }
}

/** "BillingPostalCode" → "Billing Postal Code", "Sync_Status__c" → "Sync Status". */
function defaultLabel(name: string): string {
    return name
        .replace(/__c$/, '')
        .replace(/_/g, ' ')
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .trim();
}

/** Picklist values from plain strings (the first one is not the default unless said). */
export function picklist(values: readonly string[], defaultValue?: string): PicklistValue[] {
    return values.map((v) => ({ value: v, label: v, default: v === defaultValue, active: true }));
}
