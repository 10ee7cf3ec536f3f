/**
 * What a Metadata API deploy (or `sf package version create`) rejects and source-deploy-retrieve does not check:
 *  - schema: every metadata XML file against the Metadata API's own schema (./metadata-schema.ts): unknown
 *    elements, missing required elements, enumeration values that are not allowed, booleans and numbers that are not;
 *  - the documented cross-file rules, each citing its source next to the code.
 * Every finding names the file and line, and starts with the rule's name (`schema:`, `permission-dependency:` ...).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from './finding';
import { relativeTo } from './project-files';
import { loadMetadataSchema, resolve, type ElementType, type MetadataSchema } from './metadata-schema';
import { child, childText, childrenNamed, parseXmlTree, type XmlElement } from './metadata-xml';

const GATE = 'metadata';

export interface MetadataFile {
    file: string;
    root: XmlElement;
}

export interface PackageDirectory {
    /** Absolute path. */
    path: string;
    /** The `package` of sfdx-project.json: the directory is built with `sf package version create` (2GP). */
    packageName?: string;
    packaged: boolean;
    isDefault: boolean;
    /** The scratch org definition of the package build org, relative to the project. */
    definitionFile?: string;
}

export function readPackageDirectories(projectDir: string): PackageDirectory[] {
    const project = JSON.parse(fs.readFileSync(path.join(projectDir, 'sfdx-project.json'), 'utf8')) as {
        packageDirectories: { path: string; package?: string; default?: boolean; definitionFile?: string }[];
    };
    return project.packageDirectories.map((d) => ({
        path: path.join(projectDir, d.path),
        packageName: d.package,
        packaged: typeof d.package === 'string',
        isDefault: d.default === true,
        definitionFile: d.definitionFile
    }));
}

export function readMetadataFiles(files: string[]): MetadataFile[] {
    const out: MetadataFile[] = [];
    for (const file of files.filter((f) => f.endsWith('-meta.xml'))) {
        const root = parseXmlTree(fs.readFileSync(file, 'utf8'));
        if (root) out.push({ file, root });
    }
    return out;
}

function finding(projectDir: string, file: string, line: number | undefined, rule: string, message: string): Finding {
    return { gate: GATE, file: relativeTo(projectDir, file), line, message: `${rule}: ${message}` };
}

// ---------------------------------------------------------------------------------------------------------------
// schema

/**
 * The one place where the WSDL's type is not the file's form: LightningComponentBundle.targetConfigs is
 * xsd:base64Binary in the WSDL, but its file form is nested XML (<targetConfig targets="..."><objects>...), as the
 * Metadata API Developer Guide's LightningComponentBundle page shows. Its content is not checked against the WSDL.
 */
const OPAQUE_XML_ELEMENTS = new Set(['LightningComponentBundle.targetConfigs']);

export function checkSchema(projectDir: string, files: MetadataFile[], schema = loadMetadataSchema()): Finding[] {
    const version = schemaVersion(schema);
    const findings: Finding[] = [];
    for (const { file, root } of files) {
        const type = resolve(schema, { ref: root.name });
        if (type.kind !== 'complex') {
            findings.push(
                finding(projectDir, file, root.line, 'schema', `<${root.name}> is not a Metadata API type (${version})`)
            );
            continue;
        }
        const report = (element: XmlElement, message: string): void => {
            findings.push(finding(projectDir, file, element.line, 'schema', `${message} (${version})`));
        };
        checkComplex(schema, root, type, report);
    }
    return findings;
}

function checkComplex(
    schema: MetadataSchema,
    element: XmlElement,
    type: { name: string; elements: ReadonlyMap<string, ElementType>; required: ReadonlySet<string> },
    report: (element: XmlElement, message: string) => void
): void {
    const { name: typeName, elements } = type;
    if (element.text && element.children.length === 0 && elements.size > 0) {
        report(element, `<${element.name}> is a ${typeName} and holds elements, not text`);
        return;
    }
    const missing = [...type.required].filter((r) => !element.children.some((c) => c.name === r));
    if (missing.length > 0) {
        report(
            element,
            `<${element.name}> (${typeName}) lacks its required ${missing.map((m) => `<${m}>`).join(', ')}`
        );
    }
    for (const c of element.children) {
        const declared = elements.get(c.name);
        if (!declared) {
            report(c, `<${c.name}> is not an element of ${typeName}`);
            continue;
        }
        if (OPAQUE_XML_ELEMENTS.has(`${typeName}.${c.name}`)) continue;
        checkValue(schema, c, `${typeName}.${c.name}`, xsiType(c) ?? declared, report);
    }
}

/** An element's xsi:type (a derived type, or xsd:string ... in custom metadata records), mapped onto the schema. */
function xsiType(element: XmlElement): ElementType | undefined {
    const value = element.attributes['xsi:type'];
    if (!value) return undefined;
    const [prefix, local] = value.includes(':') ? value.split(':') : ['', value];
    if (prefix === 'xsd') {
        if (local === 'boolean') return 'boolean';
        if (['int', 'long', 'double', 'decimal'].includes(local)) return 'number';
        return 'string';
    }
    return { ref: local };
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

function checkValue(
    schema: MetadataSchema,
    element: XmlElement,
    where: string,
    declared: ElementType,
    report: (element: XmlElement, message: string) => void
): void {
    const type = resolve(schema, declared);
    const hasChildren = element.children.length > 0;
    if (type.kind === 'complex') {
        checkComplex(schema, element, type, report);
        return;
    }
    if (type.kind === 'unknown' || (type.kind === 'scalar' && type.scalar === 'any')) return;
    if (hasChildren) {
        report(element, `<${element.name}> (${where}) holds a value, not elements`);
        return;
    }
    if (element.attributes['xsi:nil'] === 'true') return;
    const text = element.text;
    if (type.kind === 'enum') {
        if (!type.values.has(text)) {
            report(
                element,
                `'${text}' is not a value of ${type.name} (${where}); allowed: ${[...type.values].join(', ')}`
            );
        }
    } else if (type.scalar === 'boolean' && text !== 'true' && text !== 'false') {
        report(element, `'${text}' is not a boolean (${where})`);
    } else if (type.scalar === 'number' && !NUMBER.test(text)) {
        report(element, `'${text}' is not a number (${where})`);
    }
}

function schemaVersion(schema: MetadataSchema): string {
    try {
        const pkg = path.join(path.dirname(schema.source), '..', 'package.json');
        const { name, version } = JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name: string; version: string };
        return `Metadata API WSDL, ${name} ${version}`;
    } catch {
        return `Metadata API WSDL, ${schema.source}`;
    }
}

/**
 * Scratch org definition `settings`: each key is a Metadata API Settings type in camelCase (`languageSettings` →
 * LanguageSettings, "Scratch Org Definition Configuration Values", Salesforce DX Developer Guide), so its fields
 * are checked against the same schema.
 */
export function checkScratchDefinitionSettings(
    projectDir: string,
    definitionFile: string,
    schema = loadMetadataSchema()
): Finding[] {
    const findings: Finding[] = [];
    const text = fs.readFileSync(definitionFile, 'utf8');
    const definition = JSON.parse(text) as { settings?: Record<string, Record<string, unknown>> };
    const lineOf = (key: string): number | undefined => {
        const index = text.indexOf(`"${key}"`);
        return index < 0 ? undefined : text.slice(0, index).split('\n').length;
    };
    for (const [key, values] of Object.entries(definition.settings ?? {})) {
        const typeName = key.charAt(0).toUpperCase() + key.slice(1);
        const type = resolve(schema, { ref: typeName });
        if (type.kind !== 'complex') {
            findings.push(
                finding(projectDir, definitionFile, lineOf(key), 'schema', `${key}: no Metadata API type ${typeName}`)
            );
            continue;
        }
        for (const [field, value] of Object.entries(values ?? {})) {
            const declared = type.elements.get(field);
            const resolved = declared ? resolve(schema, declared) : undefined;
            if (!resolved) {
                findings.push(
                    finding(
                        projectDir,
                        definitionFile,
                        lineOf(field),
                        'schema',
                        `${field} is not a field of ${typeName}`
                    )
                );
            } else if (resolved.kind === 'scalar' && resolved.scalar === 'boolean' && typeof value !== 'boolean') {
                findings.push(
                    finding(projectDir, definitionFile, lineOf(field), 'schema', `${typeName}.${field} is a boolean`)
                );
            }
        }
    }
    return findings;
}

// ---------------------------------------------------------------------------------------------------------------
// permission sets

interface ObjectPermission {
    object: string;
    element: XmlElement;
    read: boolean;
    create: boolean;
    edit: boolean;
    delete: boolean;
    viewAll: boolean;
    modifyAll: boolean;
}

function objectPermissions(root: XmlElement): ObjectPermission[] {
    const flag = (e: XmlElement, name: string): boolean => childText(e, name) === 'true';
    return childrenNamed(root, 'objectPermissions').map((e) => ({
        object: childText(e, 'object') ?? '',
        element: e,
        read: flag(e, 'allowRead'),
        create: flag(e, 'allowCreate'),
        edit: flag(e, 'allowEdit'),
        delete: flag(e, 'allowDelete'),
        viewAll: flag(e, 'viewAllRecords'),
        modifyAll: flag(e, 'modifyAllRecords')
    }));
}

/**
 * Object Reference, ObjectPermissions (fields PermissionsCreate/Edit/Delete/ViewAllRecords/ModifyAllRecords):
 * Create and Edit require Read; Delete requires Read and Edit; View All requires Read; Modify All requires Read,
 * Edit, Delete and View All — "for the same object to be true". A deploy rejects the set with
 * "Permission X depends on permission(s): Y".
 */
const PERMISSION_DEPENDENCIES: [keyof ObjectPermission, string, (keyof ObjectPermission)[]][] = [
    ['create', 'Create', ['read']],
    ['edit', 'Edit', ['read']],
    ['delete', 'Delete', ['read', 'edit']],
    ['viewAll', 'View All', ['read']],
    ['modifyAll', 'Modify All', ['read', 'edit', 'delete', 'viewAll']]
];
const PERMISSION_LABEL: Partial<Record<keyof ObjectPermission, string>> = {
    read: 'Read',
    edit: 'Edit',
    delete: 'Delete',
    viewAll: 'View All'
};

function isStandardObject(name: string): boolean {
    return !/__[a-z]+$/i.test(name);
}

/** detail object → its master objects, from the package's MasterDetail fields. */
function masterDetailMasters(files: MetadataFile[]): Map<string, { master: string; file: string }[]> {
    const out = new Map<string, { master: string; file: string }[]>();
    for (const { file, root } of files) {
        const m = /\/objects\/([^/]+)\/fields\/[^/]+\.field-meta\.xml$/.exec(file);
        if (!m || root.name !== 'CustomField' || childText(root, 'type') !== 'MasterDetail') continue;
        const master = childText(root, 'referenceTo');
        if (master) out.set(m[1], [...(out.get(m[1]) ?? []), { master, file }]);
    }
    return out;
}

export function checkPermissionSets(
    projectDir: string,
    files: MetadataFile[],
    packageDirs: PackageDirectory[]
): Finding[] {
    const findings: Finding[] = [];
    const masters = masterDetailMasters(files);
    for (const { file, root } of files) {
        if (root.name !== 'PermissionSet' && root.name !== 'Profile') continue;
        const packaged = root.name === 'PermissionSet' && packageDirs.some((d) => d.packaged && isInside(d.path, file));
        const permissions = objectPermissions(root);
        const byObject = new Map(permissions.map((p) => [p.object, p]));
        for (const p of permissions) {
            for (const [flag, label, requires] of PERMISSION_DEPENDENCIES) {
                const missing = requires.filter((r) => p[flag] && !p[r]);
                if (missing.length > 0) {
                    findings.push(
                        finding(
                            projectDir,
                            file,
                            p.element.line,
                            'permission-dependency',
                            `${label} on ${p.object} requires ${missing.map((r) => PERMISSION_LABEL[r]).join(' and ')} ` +
                                `on ${p.object} (Object Reference, ObjectPermissions)`
                        )
                    );
                }
            }
            const grants = p.read || p.create || p.edit || p.delete || p.viewAll || p.modifyAll;
            for (const { master } of masters.get(p.object) ?? []) {
                if (!grants) continue;
                if (packaged && isStandardObject(master)) {
                    // Second-Generation Managed Packaging Developer Guide, "Permission Sets and Profile Settings in
                    // Packages": "you can't include object permissions for a custom object in a master-detail
                    // relationship where the master is a standard object."
                    findings.push(
                        finding(
                            projectDir,
                            file,
                            p.element.line,
                            'packaged-master-detail',
                            `a packaged permission set cannot carry object permissions for ${p.object}, the detail ` +
                                `of a master-detail relationship to the standard object ${master} (2GP Developer ` +
                                `Guide, Permission Sets and Profile Settings in Packages)`
                        )
                    );
                    continue;
                }
                // A detail object's permissions depend on its master's: the platform reports e.g. "Permission Read
                // All <detail> depends on permission(s): Read All <master>" (ObjectPermissions dependency errors;
                // a detail record is reached through its master).
                const m = byObject.get(master);
                const needs: string[] = [];
                if (!m?.read) needs.push('Read');
                if (p.viewAll && !m?.viewAll) needs.push('View All');
                if (needs.length > 0) {
                    findings.push(
                        finding(
                            projectDir,
                            file,
                            p.element.line,
                            'master-detail-permission',
                            `${p.object} is the detail of ${master}: its permissions require ${needs.join(' and ')} ` +
                                `on ${master} (Object Reference, ObjectPermissions dependencies)`
                        )
                    );
                }
            }
        }
    }
    return findings;
}

function isInside(dir: string, file: string): boolean {
    return !path.relative(dir, file).startsWith('..');
}

// ---------------------------------------------------------------------------------------------------------------
// labels

/**
 * Custom object Label and Plural Label, and field labels, are at most 40 characters (Salesforce Help, "Character
 * limit for field names and labels", article 000381913); translations of them are labels too: the Metadata API's
 * CustomFieldTranslation.label is "Maximum of 40 characters", and an object's translated name (CustomObjectTranslation
 * caseValues) replaces the object's label.
 */
const LABEL_LIMIT = 40;
const HELP_LABELS = 'Salesforce Help 000381913';

export function checkLabelLengths(projectDir: string, files: MetadataFile[]): Finding[] {
    const findings: Finding[] = [];
    const check = (file: string, element: XmlElement | undefined, what: string, source: string): void => {
        if (!element) return;
        const length = [...element.text].length;
        if (length > LABEL_LIMIT) {
            findings.push(
                finding(
                    projectDir,
                    file,
                    element.line,
                    'label-length',
                    `${what} '${element.text}' is ${length} characters; the limit is ${LABEL_LIMIT} (${source})`
                )
            );
        }
    };
    for (const { file, root } of files) {
        if (root.name === 'CustomObject') {
            check(file, child(root, 'label'), 'object label', HELP_LABELS);
            check(file, child(root, 'pluralLabel'), 'object plural label', HELP_LABELS);
            const nameField = child(root, 'nameField');
            if (nameField) check(file, child(nameField, 'label'), 'name field label', HELP_LABELS);
        } else if (root.name === 'CustomField') {
            check(file, child(root, 'label'), 'field label', HELP_LABELS);
        } else if (root.name === 'CustomObjectTranslation') {
            for (const caseValue of childrenNamed(root, 'caseValues')) {
                check(
                    file,
                    child(caseValue, 'value'),
                    'translated object name',
                    `the object label's limit, ${HELP_LABELS}`
                );
            }
        } else if (root.name === 'CustomFieldTranslation') {
            check(file, child(root, 'label'), 'translated field label', 'Metadata API, CustomFieldTranslation label');
        }
    }
    return findings;
}

// ---------------------------------------------------------------------------------------------------------------
// reports on custom report types

/**
 * Metadata API Developer Guide, Report ("Declarative Metadata Sample Definition"): a report on a custom report type
 * names each column, filter column, grouping and the time-frame date column as `<table>$<field>` (e.g.
 * `CRT_Object__c$CreatedDate`), and a custom report type exposes only the columns its `sections` list (Metadata API,
 * ReportType: ReportTypeColumn field/table).
 */
const REPORT_COLUMN_PATHS: string[][] = [
    ['columns', 'field'],
    ['filter', 'criteriaItems', 'column'],
    ['groupingsDown', 'field'],
    ['groupingsAcross', 'field'],
    ['timeFrameFilter', 'dateColumn'],
    ['sortColumn']
];

export function checkReports(projectDir: string, files: MetadataFile[]): Finding[] {
    const reportTypes = new Map<string, Set<string>>();
    for (const { file, root } of files) {
        if (root.name !== 'ReportType') continue;
        const columns = new Set<string>();
        for (const section of childrenNamed(root, 'sections')) {
            for (const column of childrenNamed(section, 'columns')) {
                columns.add(`${childText(column, 'table')}$${childText(column, 'field')}`);
            }
        }
        reportTypes.set(`${path.basename(file).replace(/\.reportType-meta\.xml$/, '')}__c`, columns);
    }
    const findings: Finding[] = [];
    for (const { file, root } of files) {
        if (root.name !== 'Report') continue;
        const reportType = childText(root, 'reportType') ?? '';
        const columns = reportTypes.get(reportType);
        if (!columns) continue;
        for (const element of collect(root, REPORT_COLUMN_PATHS)) {
            const name = element.text;
            const message = !name.includes('$')
                ? `'${name}' is not a column of custom report type ${reportType}: on a custom report type a column ` +
                  `is named <table>$<field> (Metadata API, Report)`
                : !columns.has(name)
                  ? `custom report type ${reportType} has no column '${name}' (its sections list ` +
                    `${[...columns].join(', ')}) (Metadata API, Report / ReportType)`
                  : undefined;
            if (message) findings.push(finding(projectDir, file, element.line, 'report-column', message));
        }
    }
    return findings;
}

// ---------------------------------------------------------------------------------------------------------------
// dashboards name reports that exist

/**
 * Metadata API Developer Guide, Dashboard / DashboardComponent: a component's `report` is the report's full name,
 * `<folder>/<report developer name>`; a report's full name is its folder and file name
 * (`reports/<folder>/<name>.report-meta.xml`). A dashboard of the package that names a report the package does not
 * hold cannot deploy, so it fails here first.
 */
export function checkDashboardReports(projectDir: string, files: MetadataFile[]): Finding[] {
    const reports = new Set<string>();
    for (const { file, root } of files) {
        if (root.name !== 'Report') continue;
        const name = path.basename(file).replace(/\.report-meta\.xml$/, '');
        reports.add(`${path.basename(path.dirname(file))}/${name}`.toLowerCase());
    }
    const findings: Finding[] = [];
    const walk = (element: XmlElement, file: string): void => {
        for (const child of element.children) {
            if (child.name === 'report' && element.name === 'components' && !reports.has(child.text.toLowerCase()))
                findings.push(
                    finding(
                        projectDir,
                        file,
                        child.line,
                        'dashboard-report',
                        `the dashboard component names report '${child.text}', which is not in the package ` +
                            `(expected reports/<folder>/<name>.report-meta.xml) (Metadata API, DashboardComponent)`
                    )
                );
            walk(child, file);
        }
    };
    for (const { file, root } of files) if (root.name === 'Dashboard') walk(root, file);
    return findings;
}

function collect(root: XmlElement, paths: string[][]): XmlElement[] {
    const out: XmlElement[] = [];
    const walk = (element: XmlElement, rest: string[]): void => {
        if (rest.length === 0) {
            out.push(element);
            return;
        }
        childrenNamed(element, rest[0]).forEach((c) => walk(c, rest.slice(1)));
    };
    paths.forEach((p) => walk(root, p));
    return out.sort((a, b) => a.line - b.line);
}

// ---------------------------------------------------------------------------------------------------------------
// list buttons and their Visualforce pages

/** The attributes of a page's <apex:page> tag (names lower-cased). */
function pageAttributes(source: string): Map<string, { value: string; line: number }> {
    const out = new Map<string, { value: string; line: number }>();
    const start = source.search(/<apex:page\b/i);
    if (start < 0) return out;
    const end = source.indexOf('>', start);
    const tag = source.slice(start, end < 0 ? undefined : end);
    const line = source.slice(0, start).split('\n').length;
    for (const m of tag.matchAll(/([A-Za-z]+)\s*=\s*"([^"]*)"/g)) {
        const offset = source.slice(start, start + (m.index ?? 0)).split('\n').length - 1;
        out.set(m[1].toLowerCase(), { value: m[2], line: line + offset });
    }
    return out;
}

/**
 * Visualforce pages and the list buttons that open them:
 * - a WebLink whose linkType is page names a page of the package (Metadata API, WebLink: page);
 * - a list button (displayType massActionButton) opens a page of the object's standard list controller: the page's
 *   standardController is the button's object and it sets recordSetVar (Visualforce Developer Guide, "Mass Updating
 *   Records with a Custom List Controller" and "Associating a Standard List Controller with a Visualforce Page");
 * - a page does not set both standardController and controller (same page, note);
 * - every class named in a page's controller or extensions is in the package.
 */
export function checkListButtonPages(projectDir: string, files: MetadataFile[], allFiles: string[]): Finding[] {
    const findings: Finding[] = [];
    const pages = new Map<string, { file: string; attributes: ReturnType<typeof pageAttributes> }>();
    const classes = new Set(
        allFiles.filter((f) => f.endsWith('.cls')).map((f) => path.basename(f, '.cls').toLowerCase())
    );
    for (const file of allFiles.filter((f) => f.endsWith('.page'))) {
        const attributes = pageAttributes(fs.readFileSync(file, 'utf8'));
        pages.set(path.basename(file, '.page').toLowerCase(), { file, attributes });
        const standard = attributes.get('standardcontroller');
        const controller = attributes.get('controller');
        if (standard && controller)
            findings.push(
                finding(
                    projectDir,
                    file,
                    controller.line,
                    'visualforce-page',
                    'the page sets both standardController and controller (Visualforce Developer Guide, "Associating a Standard List Controller with a Visualforce Page")'
                )
            );
        for (const key of ['controller', 'extensions']) {
            const named = attributes.get(key);
            for (const name of (named?.value ?? '')
                .split(',')
                .map((n) => n.trim())
                .filter(Boolean))
                if (!classes.has(name.replace(/^\w+\./, '').toLowerCase()))
                    findings.push(
                        finding(
                            projectDir,
                            file,
                            named?.line,
                            'visualforce-page',
                            `the page's ${key} names class '${name}', which is not in the package`
                        )
                    );
        }
    }
    for (const { file, root } of files) {
        if (root.name !== 'WebLink' || childText(root, 'linkType') !== 'page') continue;
        const pageName = childText(root, 'page') ?? '';
        const page = pages.get(pageName.toLowerCase());
        const line = child(root, 'page')?.line;
        const fail = (message: string): number =>
            findings.push(finding(projectDir, file, line, 'list-button-page', message));
        if (!page) {
            fail(`the link opens page '${pageName}', which is not in the package (expected pages/${pageName}.page)`);
            continue;
        }
        if (childText(root, 'displayType') !== 'massActionButton') continue;
        const object = path.basename(path.dirname(path.dirname(file)));
        const standard = page.attributes.get('standardcontroller')?.value ?? '';
        if (standard.toLowerCase() !== object.toLowerCase() || !page.attributes.has('recordsetvar'))
            fail(
                `a list button of ${object} opens page '${pageName}', which does not use the ${object} standard list controller ` +
                    `(standardController="${object}" and recordSetVar) (Visualforce Developer Guide, "Mass Updating Records with a Custom List Controller")`
            );
    }
    return findings;
}

/**
 * Flow quick actions and the Apex their flows call:
 * - a QuickAction of type Flow names a flow of the package in flowDefinition (Metadata API, QuickAction:
 *   flowDefinition, "the API name of the flow that the action invokes");
 * - a flow's action call of actionType apex names a class of the package with an @InvocableMethod (Metadata API,
 *   Flow, FlowActionCall: actionName; Apex Developer Guide, "InvocableMethod Annotation": a flow calls a class's
 *   one invocable method by the class name).
 */
export function checkFlowActions(projectDir: string, files: MetadataFile[], allFiles: string[]): Finding[] {
    const findings: Finding[] = [];
    const flows = new Set(
        files.filter((m) => m.root.name === 'Flow').map((m) => path.basename(m.file, '.flow-meta.xml').toLowerCase())
    );
    const invocable = new Set(
        allFiles
            .filter((f) => f.endsWith('.cls') && /@InvocableMethod\b/i.test(fs.readFileSync(f, 'utf8')))
            .map((f) => path.basename(f, '.cls').toLowerCase())
    );
    for (const { file, root } of files) {
        if (root.name === 'QuickAction' && childText(root, 'type') === 'Flow') {
            const flow = childText(root, 'flowDefinition') ?? '';
            if (!flows.has(flow.toLowerCase()))
                findings.push(
                    finding(
                        projectDir,
                        file,
                        child(root, 'flowDefinition')?.line ?? root.line,
                        'flow-action',
                        `the quick action runs flow '${flow}', which is not in the package`
                    )
                );
        }
        if (root.name !== 'Flow') continue;
        for (const call of childrenNamed(root, 'actionCalls')) {
            if (childText(call, 'actionType') !== 'apex') continue;
            const name = childText(call, 'actionName') ?? '';
            if (!invocable.has(name.toLowerCase()))
                findings.push(
                    finding(
                        projectDir,
                        file,
                        child(call, 'actionName')?.line,
                        'flow-action',
                        `the flow calls Apex action '${name}', which is no class of the package with an @InvocableMethod`
                    )
                );
        }
    }
    return findings;
}

// ---------------------------------------------------------------------------------------------------------------
// tab motifs

/**
 * CustomTab.motif is an xsd:string in the WSDL; its valid values are listed in the Metadata API Developer Guide,
 * CustomTab ("motif ... Valid values for this field are: Custom1:Heart, ..."), the same list the Salesforce CLI's
 * `sf schema generate tab` offers. Number → name.
 */
const TAB_MOTIFS: Record<number, string> = {
    1: 'Heart',
    2: 'Fan',
    3: 'Sun',
    4: 'Hexagon',
    5: 'Leaf',
    6: 'Triangle',
    7: 'Square',
    8: 'Diamond',
    9: 'Lightning',
    10: 'Moon',
    11: 'Star',
    12: 'Circle',
    13: 'Box',
    14: 'Hands',
    15: 'People',
    16: 'Bank',
    17: 'Sack',
    18: 'Form',
    19: 'Wrench',
    20: 'Airplane',
    21: 'Computer',
    22: 'Telephone',
    23: 'Envelope',
    24: 'Building',
    25: 'Alarm clock',
    26: 'Flag',
    27: 'Laptop',
    28: 'Cell phone',
    29: 'PDA',
    30: 'Radar dish',
    31: 'Car',
    32: 'Factory',
    33: 'Desk',
    34: 'Insect',
    35: 'Microphone',
    36: 'Train',
    37: 'Bridge',
    38: 'Camera',
    39: 'Telescope',
    40: 'Credit card',
    41: 'Cash',
    42: 'Treasure chest',
    43: 'Jewel',
    44: 'Hammer',
    45: 'Ticket',
    46: 'Stamp',
    47: 'Knight',
    48: 'Trophy',
    49: 'CD',
    50: 'Big top',
    51: 'Apple',
    52: 'Balls',
    53: 'Bell',
    54: 'Boat',
    55: 'Books',
    56: 'Bottle',
    57: 'Building Block',
    58: 'Caduceus',
    59: 'Can',
    60: 'Umbrella',
    61: 'Castle',
    62: 'Chalkboard',
    63: 'Chip',
    64: 'Compass',
    65: 'Cup',
    66: 'Dice',
    67: 'Gears',
    68: 'Globe',
    69: 'Guitar',
    70: 'Handsaw',
    71: 'Headset',
    72: 'Helicopter',
    73: 'Highway Sign',
    74: 'Hot Air Balloon',
    75: 'IP Phone',
    76: 'Keys',
    77: 'Locked',
    78: 'Map',
    79: 'Measuring Tape',
    80: 'Motorcycle',
    81: 'Musical Note',
    82: 'Whistle',
    83: 'Pencil',
    84: 'Presenter',
    85: 'Real Estate Sign',
    86: 'Red Cross',
    87: 'Safe',
    88: 'Sailboat',
    89: 'Saxophone',
    90: 'Scales',
    91: 'Shield',
    92: 'Ship',
    93: 'Shopping Cart',
    94: 'Stethoscope',
    95: 'Stopwatch',
    96: 'Street Sign',
    97: 'Thermometer',
    98: 'Truck',
    99: 'TV CRT',
    100: 'TV Widescreen'
};

export function checkTabMotifs(projectDir: string, files: MetadataFile[]): Finding[] {
    const findings: Finding[] = [];
    for (const { file, root } of files) {
        const motif = root.name === 'CustomTab' ? child(root, 'motif') : undefined;
        if (!motif) continue;
        const m = /^Custom(\d+):\s*(.+)$/.exec(motif.text);
        const expected = m ? TAB_MOTIFS[Number(m[1])] : undefined;
        if (!m || !expected || expected.toLowerCase() !== m[2].trim().toLowerCase()) {
            findings.push(
                finding(
                    projectDir,
                    file,
                    motif.line,
                    'tab-motif',
                    `'${motif.text}' is not in the documented motif list` +
                        (expected ? ` (Custom${m?.[1]} is '${expected}')` : '') +
                        ` (Metadata API, CustomTab motif)`
                )
            );
        }
    }
    return findings;
}

// ---------------------------------------------------------------------------------------------------------------
// translations

/**
 * Fully supported languages (Salesforce Help, "Supported Languages"); any other language is an end-user (or
 * platform-only) language that must be enabled before its translations deploy.
 */
const FULLY_SUPPORTED_LANGUAGES = new Set([
    'zh_CN',
    'zh_TW',
    'da',
    'nl_NL',
    'en_US',
    'fi',
    'fr',
    'de',
    'it',
    'ja',
    'ko',
    'no',
    'pt_BR',
    'ru',
    'es',
    'es_MX',
    'sv',
    'th'
]);

/**
 * Translations deploy only into an org with Translation Workbench on (LanguageSettings.enableTranslationWorkbench)
 * and, for an end-user language, end-user languages on (LanguageSettings.enableEndUserLanguages) — Metadata API,
 * LanguageSettings and Translations. `sf package version create` builds in a scratch org made from the package
 * directory's `definitionFile` (Salesforce DX Developer Guide, "Create a Package Version"), and a developer's scratch
 * org from config/project-scratch-def.json: both must enable them.
 */
export function checkTranslationSettings(
    projectDir: string,
    files: MetadataFile[],
    packageDirs: PackageDirectory[]
): Finding[] {
    const languages = new Map<string, string>();
    for (const { file, root } of files) {
        if (root.name === 'Translations') {
            languages.set(path.basename(file).replace(/\.translation-meta\.xml$/, ''), file);
        } else if (root.name === 'CustomObjectTranslation') {
            const m = /-([A-Za-z_]+)\.objectTranslation-meta\.xml$/.exec(file);
            if (m && !languages.has(m[1])) languages.set(m[1], file);
        }
    }
    if (languages.size === 0) return [];
    const findings: Finding[] = [];
    const needsEndUser = [...languages.keys()].filter((l) => !FULLY_SUPPORTED_LANGUAGES.has(l));
    const definitions = new Map<string, string>(); // definition file → who needs it
    const projectScratch = path.join(projectDir, 'config', 'project-scratch-def.json');
    if (fs.existsSync(projectScratch)) definitions.set(projectScratch, 'the project scratch org definition');
    for (const dir of packageDirs.filter((d) => d.packaged)) {
        const translation = [...languages.values()].find((f) => isInside(dir.path, f));
        if (!translation) continue;
        if (!dir.definitionFile) {
            findings.push(
                finding(
                    projectDir,
                    path.join(projectDir, 'sfdx-project.json'),
                    undefined,
                    'translation-settings',
                    `package directory ${relativeTo(projectDir, dir.path)} has translations ` +
                        `(${relativeTo(projectDir, translation)}) but no definitionFile: the package build org ` +
                        `would not have Translation Workbench (Salesforce DX Developer Guide, Create a Package Version)`
                )
            );
        } else {
            definitions.set(path.join(projectDir, dir.definitionFile), 'the package build org definition');
        }
    }
    for (const [definitionFile, role] of definitions) {
        if (!fs.existsSync(definitionFile)) {
            findings.push(
                finding(projectDir, definitionFile, undefined, 'translation-settings', `${role} does not exist`)
            );
            continue;
        }
        const text = fs.readFileSync(definitionFile, 'utf8');
        const definition = JSON.parse(text) as { settings?: { languageSettings?: Record<string, unknown> } };
        const settings = definition.settings?.languageSettings ?? {};
        const missing: string[] = [];
        if (settings.enableTranslationWorkbench !== true) missing.push('enableTranslationWorkbench');
        if (needsEndUser.length > 0 && settings.enableEndUserLanguages !== true) missing.push('enableEndUserLanguages');
        if (missing.length > 0) {
            const index = text.indexOf('"languageSettings"');
            findings.push(
                finding(
                    projectDir,
                    definitionFile,
                    index < 0 ? 1 : text.slice(0, index).split('\n').length,
                    'translation-settings',
                    `${role} needs settings.languageSettings ${missing.map((m) => `${m}: true`).join(', ')} for the ` +
                        `translations (${[...languages.keys()].join(', ')}` +
                        (needsEndUser.length > 0 ? `; end-user language: ${needsEndUser.join(', ')}` : '') +
                        `) (Metadata API, LanguageSettings / Translations)`
                )
            );
        }
    }
    return findings;
}

/** Every rule of this file over one project's package directories. */
export function checkMetadataRules(projectDir: string, files: string[]): Finding[] {
    const packageDirs = readPackageDirectories(projectDir);
    const metadata = readMetadataFiles(files);
    const definitionFiles = new Set(
        packageDirs.filter((d) => d.definitionFile).map((d) => path.join(projectDir, d.definitionFile as string))
    );
    const projectScratch = path.join(projectDir, 'config', 'project-scratch-def.json');
    if (fs.existsSync(projectScratch)) definitionFiles.add(projectScratch);
    return [
        ...checkSchema(projectDir, metadata),
        ...[...definitionFiles]
            .filter((f) => fs.existsSync(f))
            .flatMap((f) => checkScratchDefinitionSettings(projectDir, f)),
        ...checkPermissionSets(projectDir, metadata, packageDirs),
        ...checkLabelLengths(projectDir, metadata),
        ...checkReports(projectDir, metadata),
        ...checkDashboardReports(projectDir, metadata),
        ...checkListButtonPages(projectDir, metadata, files),
        ...checkFlowActions(projectDir, metadata, files),
        ...checkTabMotifs(projectDir, metadata),
        ...checkTranslationSettings(projectDir, metadata, packageDirs)
    ];
}
