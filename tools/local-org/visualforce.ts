/**
 * A Visualforce list button page as the platform runs it, without rendering: what the local org needs to run the
 * package's "Share with Microsoft" list button (CoSellShareWithMicrosoft) for the end-to-end scenarios.
 *
 * The platform (Visualforce Developer Guide, "Standard List Controllers" and "Mass Updating Records with a Custom
 * List Controller"; Apex Reference, "StandardSetController Class"): a custom list button opens a page whose
 * `<apex:page>` names `standardController` and `recordSetVar`; the page's standard set controller holds the list
 * view's records and, as its selection (getSelected()), the records the user ticked. Each class in `extensions`
 * is constructed with that controller ("Building a Controller Extension": an extension of a standard list
 * controller takes an ApexPages.StandardSetController). A command button's `action="{!name}"` calls the action
 * method `name` on a later request (a postback) of the same page, whose controller state comes back from the
 * view state; merge fields `{!name}` read a property or its getter method `getName()` ("Controller Methods").
 *
 * Here: loading the page is one transaction (the selection read with SOQL, the extensions constructed), each
 * button press another; between them the extension objects are kept as they are, as the view state keeps them
 * (the view state's serialisation is not modelled: a `transient` member is refused). What is not modelled fails
 * with `not supported by the local Visualforce bridge: …`: a custom `controller`, a page `action`, a button action
 * or merge field the page does not name, a PageReference to follow, a property with a getter body, the standard
 * controller's own actions (save, cancel, paging).
 */
import * as fs from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import {
    ApexList,
    ApexMap,
    ApexObject,
    ApexSet,
    callInstanceMethod,
    newObject,
    parseSoql,
    SObject,
    StandardSetControllerValue,
    toId,
    type ClassInfo
} from '../apexrt';
import { toJson } from './aura-enabled';
import type { LocalOrg } from './local-org';
import { findSourceFile } from './source-files';

export class VisualforceUnsupported extends Error {
    constructor(what: string) {
        super(`not supported by the local Visualforce bridge: ${what}`);
    }
}

/** A page's `<apex:page>` attributes and the merge fields and actions its markup names. */
export interface PageMarkup {
    name: string;
    standardController?: string;
    recordSetVar?: string;
    extensions: string[];
    /** Names in `{!name}` and `{!name.x}` merge expressions (first segment), e.g. rows, done, selectedCount. */
    mergeNames: Set<string>;
    /** Action method names of `action="{!name}"` attributes. */
    actions: Set<string>;
}

export function readPage(root: string, name: string): PageMarkup {
    const text = fs.readFileSync(findSourceFile(root, `${name}.page`), 'utf8');
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(text) as Record<
        string,
        Record<string, string>
    >;
    const page = doc['apex:page'];
    if (!page) throw new Error(`${name}.page has no <apex:page>`);
    if (page.controller) throw new VisualforceUnsupported(`a custom controller (${name}: ${page.controller})`);
    if (page.action) throw new VisualforceUnsupported(`a page action on load (${name}: ${page.action})`);
    const mergeNames = new Set<string>();
    for (const m of text.matchAll(/\{!\s*([A-Za-z_]\w*)/g)) mergeNames.add(m[1].toLowerCase());
    const actions = new Set<string>();
    for (const m of text.matchAll(/\baction="\{!\s*([A-Za-z_]\w*)\s*\}"/g)) actions.add(m[1].toLowerCase());
    return {
        name,
        standardController: page.standardController,
        recordSetVar: page.recordSetVar,
        extensions: (page.extensions ?? '')
            .split(',')
            .map((e) => e.trim())
            .filter(Boolean),
        mergeNames,
        actions
    };
}

/** A plain JSON view of what a merge field reads: Apex objects as their public properties and fields. */
function plain(v: unknown): unknown {
    if (v instanceof ApexList) return v.items.map(plain);
    if (v instanceof ApexSet || v instanceof ApexMap || v instanceof SObject) return toJson(v);
    if (v instanceof ApexObject) {
        const out: Record<string, unknown> = {};
        for (let c: ClassInfo | undefined = v.cls; c; c = c.superclass) {
            for (const member of c.decl?.members ?? []) {
                if (member.k !== 'field' && member.k !== 'prop') continue;
                if (!member.modifiers.some((m) => m === 'public' || m === 'global')) continue;
                if (member.modifiers.includes('static')) continue;
                const names = member.k === 'field' ? member.decls.map((d) => d.name) : [member.name];
                for (const name of names) out[name] = plain(v.fields.get(name.toLowerCase()) ?? null);
            }
        }
        return out;
    }
    return toJson(v);
}

/** The list page open in the user's browser: its extensions live on between requests (the view state). */
export class ListPageSession {
    private constructor(
        private readonly org: LocalOrg,
        readonly markup: PageMarkup,
        private readonly extensions: ApexObject[]
    ) {}

    /**
     * The user ticks `selected` among the list view's records `inView` and presses the list button: the page loads
     * (one transaction). Throws when a selected record is not in the view.
     */
    static open(org: LocalOrg, pageName: string, inView: string[], selected: string[]): ListPageSession {
        const markup = readPage(org.root, pageName);
        if (!markup.standardController || !markup.recordSetVar)
            throw new VisualforceUnsupported(`a page without standardController and recordSetVar (${pageName})`);
        const outside = selected.filter((id) => !inView.includes(id));
        if (outside.length) throw new Error(`selected records not in the list view: ${outside.join(', ')}`);
        const object = markup.standardController;
        const ids = inView.map((id) => String(toId(id)));
        return org.transaction((run) => {
            // The list view's records as the set controller loads them (Id only: the page merges no field of them).
            // The list view shows the records the user can see: the set controller reads in the user's access.
            const soql = `SELECT Id FROM ${object} WHERE Id IN (${ids.map((id) => `'${id}'`).join(', ')}) WITH USER_MODE`;
            const result = org.data.runParsed(
                parseSoql(soql),
                () => {
                    throw new Error('no bind variables here');
                },
                run
            );
            const byId = new Map(result.records.map((r: SObject) => [String(r.get('Id')), r]));
            const records = ids.map((id) => byId.get(id)).filter((r): r is SObject => r !== undefined);
            const controller = new StandardSetControllerValue(records);
            const picked = new Set(selected.map((id) => String(toId(id))));
            controller.selected = records.filter((r) => picked.has(String(r.get('Id'))));
            const extensions = markup.extensions.map((name) => {
                const cls = org.project.registry.lookupClass(name.split('.'));
                if (!cls) throw new Error(`no class ${name} (extension of ${pageName})`);
                for (const member of cls.decl?.members ?? [])
                    if ((member.k === 'field' || member.k === 'prop') && member.modifiers.includes('transient'))
                        throw new VisualforceUnsupported(`a transient member of ${name} (the view state)`);
                return newObject(org.project, run, cls, [controller]);
            });
            return new ListPageSession(org, markup, extensions);
        });
    }

    /** The user presses a button whose action is `{!action}`: one transaction; the page shows itself again. */
    press(action: string): void {
        if (!this.markup.actions.has(action.toLowerCase()))
            throw new VisualforceUnsupported(`action ${action}, which no button of ${this.markup.name} calls`);
        const target = this.extensions.find((e) => hasMethod(e.cls, action, 0));
        if (!target) throw new VisualforceUnsupported(`the standard controller's action ${action}`);
        const next = this.org.transaction((run) => callInstanceMethod(this.org.project, run, target, action, []));
        if (next !== null && next !== undefined)
            throw new VisualforceUnsupported(`following the PageReference ${action} returned`);
    }

    /** What the merge field `{!name}` shows now, as plain JSON (property, else getter method getName()). */
    value(name: string): unknown {
        if (!this.markup.mergeNames.has(name.toLowerCase()))
            throw new VisualforceUnsupported(`{!${name}}, which ${this.markup.name} does not show`);
        for (const ext of this.extensions) {
            const prop = findProp(ext.cls, name);
            if (prop) {
                if (!prop.modifiers.some((m) => m === 'public' || m === 'global'))
                    throw new VisualforceUnsupported(`{!${name}} of a member that is not public`);
                if (prop.k === 'prop' && prop.getter?.body)
                    throw new VisualforceUnsupported(`property ${name} with a getter body`);
                return plain(ext.fields.get(name.toLowerCase()) ?? null);
            }
            const getter = `get${name}`;
            if (hasMethod(ext.cls, getter, 0))
                return plain(this.org.transaction((run) => callInstanceMethod(this.org.project, run, ext, getter, [])));
        }
        throw new VisualforceUnsupported(`{!${name}} from the standard controller or the page's variables`);
    }
}

type Member = Extract<NonNullable<ClassInfo['decl']>['members'][number], { k: 'prop' | 'field' }>;

/** The instance property or field `name` the merge field reads (public or global, as Visualforce requires). */
function findProp(cls: ClassInfo, name: string): Member | undefined {
    const n = name.toLowerCase();
    for (let c: ClassInfo | undefined = cls; c; c = c.superclass)
        for (const member of c.decl?.members ?? []) {
            if (member.k !== 'prop' && member.k !== 'field') continue;
            const named =
                member.k === 'prop'
                    ? member.name.toLowerCase() === n
                    : member.decls.some((d) => d.name.toLowerCase() === n);
            if (named && !member.modifiers.includes('static')) return member;
        }
    return undefined;
}

function hasMethod(cls: ClassInfo, name: string, arity: number): boolean {
    for (let c: ClassInfo | undefined = cls; c; c = c.superclass)
        if ((c.methods.get(name.toLowerCase()) ?? []).some((m) => !m.isStatic && m.params.length === arity))
            return true;
    return false;
}
