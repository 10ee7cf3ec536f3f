/**
 * Reads SFDX source-format metadata from a source dir (e.g. force-app): objects with their fields, record types,
 * validation rules, custom metadata records, global value sets, and record-triggered automation (flows, workflow).
 * Output is raw but typed; the registry turns it into ObjectSchema. Anything it cannot read is reported in `issues`
 * (never silently dropped).
 */
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';

export interface RawPicklistValue {
    fullName: string;
    label?: string;
    default?: string;
}

export interface RawField {
    fullName: string;
    label?: string;
    type?: string;
    length?: string;
    precision?: string;
    scale?: string;
    required?: string;
    unique?: string;
    externalId?: string;
    caseSensitive?: string;
    defaultValue?: string;
    referenceTo?: string;
    relationshipName?: string;
    relationshipLabel?: string;
    deleteConstraint?: string;
    reparentableMasterDetail?: string;
    formula?: string;
    summaryOperation?: string;
    displayFormat?: string;
    inlineHelpText?: string;
    valueSet?: {
        restricted?: string;
        valueSetName?: string;
        valueSetDefinition?: { value?: RawPicklistValue[] };
    };
}

export interface RawObject {
    name: string;
    file: string;
    label?: string;
    pluralLabel?: string;
    nameField?: { label?: string; type?: string; displayFormat?: string };
    sharingModel?: string;
    eventType?: string;
    publishBehavior?: string;
    customSettingsType?: string;
    fields: RawField[];
    recordTypes: { fullName: string; label?: string; active?: string; description?: string }[];
    validationRules: string[];
    fieldSets: RawFieldSet[];
}

/** A field set (`objects/<Object>/fieldSets/<name>.fieldSet-meta.xml`, Metadata API "FieldSet"). */
export interface RawFieldSet {
    fullName: string;
    label?: string;
    description?: string;
    /** The fields shown by the field set, in order (`displayedFields`). */
    displayedFields: { field: string; isRequired?: string }[];
}

export interface RawCustomMetadataRecord {
    type: string;
    developerName: string;
    label: string;
    protected: boolean;
    file: string;
    values: { field: string; xsiType?: string; nil: boolean; text: string }[];
}

export interface SourceMetadata {
    objects: RawObject[];
    customMetadataRecords: RawCustomMetadataRecord[];
    globalValueSets: Map<string, RawPicklistValue[]>;
    /** Object name → kinds of automation found (e.g. "record-triggered flow Foo"). */
    automation: Map<string, string[]>;
    issues: string[];
}

const ARRAY_TAGS = new Set([
    'fields',
    'values',
    'value',
    'recordTypes',
    'validationRules',
    'customValue',
    'rules',
    'displayedFields'
]);

const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (name) => ARRAY_TAGS.has(name)
});

function readXml(file: string): Record<string, unknown> {
    return parser.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function listDir(dir: string): string[] {
    try {
        return fs.readdirSync(dir).sort();
    } catch {
        return [];
    }
}

/** Every `main/default`-style folder under the source dir that has metadata folders (objects, customMetadata ...). */
function metadataRoots(sourceDir: string): string[] {
    const roots: string[] = [];
    const walk = (dir: string, depth: number) => {
        const entries = listDir(dir);
        if (entries.some((e) => ['objects', 'customMetadata', 'flows', 'workflows', 'globalValueSets'].includes(e))) {
            roots.push(dir);
        }
        if (depth >= 3) return;
        for (const e of entries) {
            if (['objects', 'classes', 'lwc', 'aura', 'node_modules', 'triggers'].includes(e)) continue;
            const full = path.join(dir, e);
            if (fs.statSync(full).isDirectory()) walk(full, depth + 1);
        }
    };
    walk(sourceDir, 0);
    return roots;
}

export function readSourceMetadata(sourceDir: string): SourceMetadata {
    const result: SourceMetadata = {
        objects: [],
        customMetadataRecords: [],
        globalValueSets: new Map(),
        automation: new Map(),
        issues: []
    };
    if (!fs.existsSync(sourceDir)) {
        result.issues.push(`source dir not found: ${sourceDir}`);
        return result;
    }
    for (const root of metadataRoots(sourceDir)) {
        for (const objectName of listDir(path.join(root, 'objects'))) {
            const raw = readObject(path.join(root, 'objects', objectName), objectName, result.issues);
            if (raw) result.objects.push(raw);
        }
        readCustomMetadata(path.join(root, 'customMetadata'), result);
        readGlobalValueSets(path.join(root, 'globalValueSets'), result);
        readFlows(path.join(root, 'flows'), result);
        readWorkflows(path.join(root, 'workflows'), result);
    }
    return result;
}

function readObject(dir: string, name: string, issues: string[]): RawObject | undefined {
    const file = path.join(dir, `${name}.object-meta.xml`);
    let doc: Record<string, unknown> = {};
    if (fs.existsSync(file)) {
        try {
            doc = (readXml(file).CustomObject as Record<string, unknown>) ?? {};
        } catch (e) {
            issues.push(`${file}: ${(e as Error).message}`);
            return undefined;
        }
    } else if (!fs.existsSync(path.join(dir, 'fields'))) {
        issues.push(`${dir}: no ${name}.object-meta.xml and no fields/`);
        return undefined;
    }
    const raw: RawObject = {
        name,
        file,
        label: str(doc.label),
        pluralLabel: str(doc.pluralLabel),
        nameField: doc.nameField as RawObject['nameField'],
        sharingModel: str(doc.sharingModel),
        eventType: str(doc.eventType),
        publishBehavior: str(doc.publishBehavior),
        customSettingsType: str(doc.customSettingsType),
        fields: ((doc.fields as RawField[] | undefined) ?? []).slice(),
        recordTypes: [],
        fieldSets: [],
        validationRules: ((doc.validationRules as { fullName: string }[] | undefined) ?? []).map((r) => r.fullName)
    };
    for (const f of listDir(path.join(dir, 'fields'))) {
        if (!f.endsWith('.field-meta.xml')) continue;
        const fieldFile = path.join(dir, 'fields', f);
        try {
            const field = readXml(fieldFile).CustomField as RawField | undefined;
            if (!field) {
                issues.push(`${fieldFile}: no <CustomField> root`);
                continue;
            }
            field.fullName = field.fullName ?? f.replace(/\.field-meta\.xml$/, '');
            raw.fields.push(field);
        } catch (e) {
            issues.push(`${fieldFile}: ${(e as Error).message}`);
        }
    }
    for (const f of listDir(path.join(dir, 'recordTypes'))) {
        if (!f.endsWith('.recordType-meta.xml')) continue;
        try {
            const rt = readXml(path.join(dir, 'recordTypes', f)).RecordType as Record<string, string>;
            raw.recordTypes.push({
                fullName: rt.fullName ?? f.replace(/\.recordType-meta\.xml$/, ''),
                label: rt.label,
                active: rt.active,
                description: rt.description
            });
        } catch (e) {
            issues.push(`${path.join(dir, 'recordTypes', f)}: ${(e as Error).message}`);
        }
    }
    for (const f of listDir(path.join(dir, 'fieldSets'))) {
        if (!f.endsWith('.fieldSet-meta.xml')) continue;
        try {
            const fs = readXml(path.join(dir, 'fieldSets', f)).FieldSet as Record<string, unknown>;
            raw.fieldSets.push({
                fullName: str(fs.fullName) ?? f.replace(/\.fieldSet-meta\.xml$/, ''),
                label: str(fs.label),
                description: str(fs.description),
                displayedFields: ((fs.displayedFields as RawFieldSet['displayedFields'] | undefined) ?? []).map(
                    (d) => ({ field: String(d.field), isRequired: d.isRequired })
                )
            });
        } catch (e) {
            issues.push(`${path.join(dir, 'fieldSets', f)}: ${(e as Error).message}`);
        }
    }
    for (const f of listDir(path.join(dir, 'validationRules'))) {
        if (f.endsWith('.validationRule-meta.xml'))
            raw.validationRules.push(f.replace(/\.validationRule-meta\.xml$/, ''));
    }
    return raw;
}

function readCustomMetadata(dir: string, out: SourceMetadata): void {
    for (const f of listDir(dir)) {
        const m = /^([^.]+)\.(.+)\.md-meta\.xml$/.exec(f);
        if (!m) {
            out.issues.push(`${path.join(dir, f)}: not a <Type>.<Record>.md-meta.xml file`);
            continue;
        }
        const file = path.join(dir, f);
        try {
            const doc = readXml(file).CustomMetadata as Record<string, unknown> | undefined;
            if (!doc) throw new Error('no <CustomMetadata> root');
            const values = ((doc.values as Record<string, unknown>[] | undefined) ?? []).map((v) => {
                // <value> is parsed as an array (picklist values share the tag name); a record has one per field.
                const values = v.value as unknown[] | undefined;
                if (values && values.length > 1) throw new Error(`field ${String(v.field)} has several <value>`);
                const value = values?.[0];
                let xsiType: string | undefined;
                let nil = false;
                let text = '';
                if (value === undefined) {
                    nil = true;
                } else if (typeof value === 'object' && value !== null) {
                    const obj = value as Record<string, string>;
                    xsiType = obj['@_xsi:type'];
                    nil = obj['@_xsi:nil'] === 'true';
                    text = obj['#text'] ?? '';
                } else {
                    text = String(value);
                }
                return { field: String(v.field), xsiType, nil, text };
            });
            out.customMetadataRecords.push({
                type: `${m[1]}__mdt`,
                developerName: m[2],
                label: str(doc.label) ?? m[2],
                protected: str(doc.protected) === 'true',
                file,
                values
            });
        } catch (e) {
            out.issues.push(`${file}: ${(e as Error).message}`);
        }
    }
}

function readGlobalValueSets(dir: string, out: SourceMetadata): void {
    for (const f of listDir(dir)) {
        if (!f.endsWith('.globalValueSet-meta.xml')) continue;
        try {
            const doc = readXml(path.join(dir, f)).GlobalValueSet as Record<string, unknown>;
            const values = (doc.customValue as RawPicklistValue[] | undefined) ?? [];
            out.globalValueSets.set(f.replace(/\.globalValueSet-meta\.xml$/, ''), values);
        } catch (e) {
            out.issues.push(`${path.join(dir, f)}: ${(e as Error).message}`);
        }
    }
}

function addAutomation(out: SourceMetadata, objectName: string, what: string): void {
    const list = out.automation.get(objectName.toLowerCase()) ?? [];
    list.push(what);
    out.automation.set(objectName.toLowerCase(), list);
}

/** Record-triggered flows name their object in <start><object>. Other flows do not run on DML. */
function readFlows(dir: string, out: SourceMetadata): void {
    for (const f of listDir(dir)) {
        if (!f.endsWith('.flow-meta.xml')) continue;
        try {
            const doc = readXml(path.join(dir, f)).Flow as Record<string, unknown>;
            const start = doc.start as Record<string, unknown> | undefined;
            const object = str(start?.object);
            if (object && str(start?.recordTriggerType)) {
                addAutomation(out, object, `record-triggered flow ${f.replace(/\.flow-meta\.xml$/, '')}`);
            }
        } catch (e) {
            out.issues.push(`${path.join(dir, f)}: ${(e as Error).message}`);
        }
    }
}

function readWorkflows(dir: string, out: SourceMetadata): void {
    for (const f of listDir(dir)) {
        if (!f.endsWith('.workflow-meta.xml')) continue;
        try {
            const doc = readXml(path.join(dir, f)).Workflow as Record<string, unknown>;
            const rules = (doc?.rules as { fullName: string }[] | undefined) ?? [];
            const object = f.replace(/\.workflow-meta\.xml$/, '');
            for (const r of rules) addAutomation(out, object, `workflow rule ${r.fullName}`);
        } catch (e) {
            out.issues.push(`${path.join(dir, f)}: ${(e as Error).message}`);
        }
    }
}

function str(v: unknown): string | undefined {
    return v === undefined || v === null ? undefined : String(v);
}
