/**
 * A minimal runner of screen flows on the local org: exactly the elements the package's flow quick actions
 * (CoSell_Accept_Referral_Mobile, CoSell_Decline_Referral_Mobile) use; everything else fails with
 * `not supported by the local flow runner: <what>`. It reads the flow's metadata as deployed
 * (`flows/<Name>.flow-meta.xml`, Metadata API Developer Guide, "Flow": the element lists actionCalls, decisions,
 * screens, variables and the start element) and runs one interview the way the platform does:
 *
 * - Launch. A quick action of type Flow (Metadata API "QuickAction": type Flow, flowDefinition) starts the flow
 *   on the record page and passes the record's Id into the flow's text input variable named `recordId`
 *   (case-sensitive; Salesforce Help, "Create Actions to Show" for flows launched from a record, and the flow quick
 *   action's documented recordId behaviour). Only variables marked isInput may be set by the launcher.
 * - Start → the element its connector names; each element then follows its connector.
 * - actionCalls of actionType apex: the class's @InvocableMethod is called with a list of one request (one
 *   interview); each inputParameter sets the @InvocableVariable of that name from a literal (stringValue,
 *   booleanValue) or an elementReference (a variable or a screen component's value); each outputParameter assigns
 *   the result's @InvocableVariable of that name to its variable (Apex Developer Guide, "InvocableMethod
 *   Annotation" and "InvocableVariable Annotation": one result per request, in order). flowTransactionModel
 *   CurrentTransaction only (the default).
 * - decisions: outcomes (rules) are tried in order and the first whose conditions hold is taken, else the default
 *   connector (Salesforce Help, "Flow Element: Decision"); conditionLogic `and` or `or`; operator EqualTo with a
 *   leftValueReference and a literal rightValue.
 * - screens: the interview stops and shows the screen; display text merges `{!name}` with the variable's value
 *   (Salesforce Help, "Screen Component: Display Text"); an input component (a Long Text Area) holds what the user
 *   typed under its API name, and a required one must be filled before the user can go on ("Screen Component:
 *   Long Text Area"). Next follows the connector; a screen without one finishes the interview (Finish).
 * - Transactions: the interview's work up to a screen is one transaction, committed when the screen shows
 *   (Salesforce Help, "Flow Lightning Runtime Considerations": transactions complete when the interview finishes
 *   or executes a Screen, Local Action or Wait element); the user's Next starts the next transaction. An Apex
 *   action that throws rolls its transaction back and ends the interview with the error (these flows have no
 *   fault connectors; fault paths are not modelled).
 * - Run mode: the flows declare none (Default: a screen flow runs in the user's context); the invocable Apex runs
 *   with its own sharing declaration, as apexrt runs any Apex. A runInMode is refused.
 */
import * as fs from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { ApexError, ApexList, ApexObject, callStaticMethod, newObject, toId, type ClassInfo } from '../apexrt';
import type { LocalOrg } from './local-org';
import { findSourceFile } from './source-files';

export class FlowUnsupported extends Error {
    constructor(what: string) {
        super(`not supported by the local flow runner: ${what}`);
    }
}

type Xml = Record<string, unknown>;

/** The Flow type's top-level elements this runner knows (the rest of the Metadata API's Flow fields: refused). */
const FLOW_KEYS = new Set([
    'actionCalls',
    'apiVersion',
    'decisions',
    'description',
    'environments',
    'interviewLabel',
    'label',
    'processType',
    'screens',
    'start',
    'status',
    'variables'
]);
const LAYOUT = ['locationX', 'locationY'];
const ELEMENT_KEYS: Record<string, Set<string>> = {
    actionCalls: new Set([
        'name',
        'label',
        ...LAYOUT,
        'actionName',
        'actionType',
        'connector',
        'flowTransactionModel',
        'inputParameters',
        'outputParameters'
    ]),
    decisions: new Set(['name', 'label', ...LAYOUT, 'defaultConnector', 'defaultConnectorLabel', 'rules']),
    screens: new Set([
        'name',
        'label',
        ...LAYOUT,
        'allowBack',
        'allowFinish',
        'allowPause',
        'connector',
        'fields',
        'showFooter',
        'showHeader'
    ]),
    variables: new Set(['name', 'dataType', 'isCollection', 'isInput', 'isOutput']),
    start: new Set([...LAYOUT, 'connector'])
};
const LISTS = new Set([
    'actionCalls',
    'decisions',
    'screens',
    'variables',
    'inputParameters',
    'outputParameters',
    'rules',
    'conditions',
    'fields'
]);

function checkKeys(kind: string, element: Xml, allowed: Set<string>): void {
    for (const key of Object.keys(element))
        if (!allowed.has(key)) throw new FlowUnsupported(`${kind} ${String(element.name ?? '')} with <${key}>`);
}

function list(v: unknown): Xml[] {
    return (v as Xml[] | undefined) ?? [];
}

function target(connector: unknown): string | null {
    return ((connector as Xml | undefined)?.targetReference as string | undefined) ?? null;
}

function readXml(file: string): Xml {
    return new XMLParser({ isArray: (name) => LISTS.has(name), parseTagValue: false, trimValues: true }).parse(
        fs.readFileSync(file, 'utf8')
    ) as Xml;
}

/** A flow as the runner reads it, checked against what the runner supports. */
export interface FlowDefinition {
    name: string;
    label: string;
    start: string | null;
    elements: Map<string, { kind: 'actionCalls' | 'decisions' | 'screens'; element: Xml }>;
    variables: Map<string, { dataType: string; isInput: boolean }>;
}

export function readFlow(root: string, name: string): FlowDefinition {
    const flow = readXml(findSourceFile(root, `${name}.flow-meta.xml`)).Flow as Xml;
    for (const key of Object.keys(flow)) if (!FLOW_KEYS.has(key)) throw new FlowUnsupported(`<${key}> (flow ${name})`);
    if (flow.processType !== 'Flow')
        throw new FlowUnsupported(`processType ${String(flow.processType)} (only screen flows, processType Flow)`);
    if (flow.status !== 'Active')
        throw new FlowUnsupported(`a flow that is not Active (${name}: ${String(flow.status)})`);
    const start = (flow.start as Xml | undefined) ?? {};
    checkKeys('start', start, ELEMENT_KEYS.start);
    const elements: FlowDefinition['elements'] = new Map();
    for (const kind of ['actionCalls', 'decisions', 'screens'] as const)
        for (const element of list(flow[kind])) {
            checkKeys(kind, element, ELEMENT_KEYS[kind]);
            elements.set(String(element.name), { kind, element });
        }
    const variables: FlowDefinition['variables'] = new Map();
    for (const v of list(flow.variables)) {
        checkKeys('variable', v, ELEMENT_KEYS.variables);
        if (v.isCollection === 'true') throw new FlowUnsupported(`collection variable ${String(v.name)}`);
        if (!['String', 'Boolean'].includes(String(v.dataType)))
            throw new FlowUnsupported(`variable ${String(v.name)} of dataType ${String(v.dataType)}`);
        variables.set(String(v.name), { dataType: String(v.dataType), isInput: v.isInput === 'true' });
    }
    return { name, label: String(flow.label), start: target(start.connector), elements, variables };
}

/** One component of the screen the user sees. */
export interface ScreenComponent {
    name: string;
    type: 'DisplayText' | 'LargeTextArea';
    /** Display text with its merge fields resolved, or an input's label. */
    text: string;
    required: boolean;
}

export interface Screen {
    name: string;
    label: string;
    components: ScreenComponent[];
    /** Next goes on to another element; otherwise the button finishes the interview. */
    hasNext: boolean;
}

/** A flow interview: shows a screen at a time; `next` submits the screen's inputs and goes on. */
export class FlowInterview {
    private readonly values = new Map<string, unknown>();
    /** The screen shown now; null once the interview finished. */
    screen: Screen | null = null;
    private at: string | null;

    private constructor(
        private readonly org: LocalOrg,
        readonly flow: FlowDefinition
    ) {
        this.at = flow.start;
        for (const [name, v] of flow.variables) this.values.set(name, v.dataType === 'Boolean' ? false : null);
    }

    /** Starts an interview with the launcher's input values (input variables only) and runs it to its first screen. */
    static start(org: LocalOrg, flowName: string, inputs: Record<string, string | boolean | null>): FlowInterview {
        const interview = new FlowInterview(org, readFlow(org.root, flowName));
        for (const [name, value] of Object.entries(inputs)) {
            const variable = interview.flow.variables.get(name);
            if (!variable?.isInput) throw new Error(`${flowName} has no input variable ${name}`);
            interview.values.set(name, value);
        }
        interview.runToScreen();
        return interview;
    }

    get finished(): boolean {
        return this.screen === null && this.at === null;
    }

    /** A variable's value (or a screen input's, by its API name). */
    value(name: string): unknown {
        return this.values.get(name) ?? null;
    }

    /** The user fills the screen's inputs and presses Next (or Finish on a screen without a connector). */
    next(inputs: Record<string, string> = {}): void {
        const shown = this.screen;
        if (!shown) throw new Error(`${this.flow.name} has finished: no screen to go on from`);
        for (const component of shown.components) {
            if (component.type !== 'LargeTextArea') continue;
            const typed = inputs[component.name] ?? null;
            if (component.required && (typed === null || typed.trim() === ''))
                throw new Error(`${component.name} is required: the screen stays until it is filled`);
            this.values.set(component.name, typed);
        }
        const unknown = Object.keys(inputs).filter(
            (k) => !shown.components.some((c) => c.name === k && c.type === 'LargeTextArea')
        );
        if (unknown.length) throw new Error(`screen ${shown.name} has no input ${unknown.join(', ')}`);
        const { element } = this.flow.elements.get(shown.name)!;
        this.screen = null;
        this.at = target(element.connector);
        if (this.at) this.runToScreen();
    }

    /** Runs elements in one transaction until a screen shows or the interview ends. */
    private runToScreen(): void {
        this.org.transaction((run) => {
            for (let steps = 0; this.at; steps++) {
                if (steps > 2000)
                    throw new FlowUnsupported('a flow that runs more than 2,000 elements without a screen');
                const found = this.flow.elements.get(this.at);
                if (!found) throw new Error(`${this.flow.name}: no element ${this.at}`);
                const { kind, element } = found;
                if (kind === 'screens') {
                    this.screen = this.show(element);
                    return;
                }
                this.at = kind === 'decisions' ? this.decide(element) : this.callApex(element, run);
            }
        });
    }

    private resolve(value: Xml | undefined, where: string): unknown {
        if (!value) return null;
        const keys = Object.keys(value);
        if (keys.length !== 1) throw new FlowUnsupported(`a value with ${keys.join(', ')} (${where})`);
        if ('stringValue' in value) return String(value.stringValue ?? '');
        if ('booleanValue' in value) return value.booleanValue === 'true';
        if ('elementReference' in value) return this.reference(String(value.elementReference), where);
        throw new FlowUnsupported(`a ${keys[0]} (${where})`);
    }

    private reference(name: string, where: string): unknown {
        if (name.includes('.') || name.startsWith('$')) throw new FlowUnsupported(`reference ${name} (${where})`);
        if (!this.values.has(name) && !this.isScreenInput(name))
            throw new Error(`${this.flow.name}: ${where} names ${name}, which is no variable or screen input`);
        return this.values.get(name) ?? null;
    }

    private isScreenInput(name: string): boolean {
        return [...this.flow.elements.values()].some(
            (e) => e.kind === 'screens' && list(e.element.fields).some((f) => f.name === name)
        );
    }

    private decide(decision: Xml): string | null {
        for (const rule of list(decision.rules)) {
            const logic = String(rule.conditionLogic ?? 'and');
            if (logic !== 'and' && logic !== 'or')
                throw new FlowUnsupported(`custom condition logic "${logic}" (decision ${String(decision.name)})`);
            const results = list(rule.conditions).map((c) => {
                if (c.operator !== 'EqualTo')
                    throw new FlowUnsupported(`operator ${String(c.operator)} (decision ${String(decision.name)})`);
                const where = `decision ${String(decision.name)}`;
                return (
                    this.reference(String(c.leftValueReference), where) ===
                    this.resolve(c.rightValue as Xml | undefined, where)
                );
            });
            if (logic === 'and' ? results.every(Boolean) : results.some(Boolean)) return target(rule.connector);
        }
        return target(decision.defaultConnector);
    }

    private callApex(action: Xml, run: Parameters<Parameters<LocalOrg['transaction']>[0]>[0]): string | null {
        const name = String(action.name);
        if (action.actionType !== 'apex')
            throw new FlowUnsupported(`actionType ${String(action.actionType)} (${name})`);
        if ((action.flowTransactionModel ?? 'CurrentTransaction') !== 'CurrentTransaction')
            throw new FlowUnsupported(`flowTransactionModel ${String(action.flowTransactionModel)} (${name})`);
        const cls = this.org.project.registry.lookupClass(String(action.actionName).split('.'));
        if (!cls) throw new Error(`${this.flow.name}: no Apex class ${String(action.actionName)}`);
        const method = [...cls.methods.values()]
            .flat()
            .find((m) => m.isStatic && m.annotations.some((a) => a.name.toLowerCase() === 'invocablemethod'));
        if (!method || method.params.length !== 1)
            throw new FlowUnsupported(`${cls.fullName} without an @InvocableMethod taking one list`);
        const listType = method.params[0].type;
        const requestClass = this.org.project.registry.lookupClass(listType.args[0]?.name.split('.') ?? [], cls);
        if (listType.name !== 'List' || !requestClass)
            throw new FlowUnsupported(`an invocable method whose parameter is ${listType.name} of primitives`);
        const request = newObject(this.org.project, run, requestClass);
        for (const p of list(action.inputParameters)) {
            const field = invocableVariable(requestClass, String(p.name));
            const value = this.resolve(p.value as Xml | undefined, `${name} input ${String(p.name)}`);
            request.fields.set(
                field.name.toLowerCase(),
                field.type === 'Id' && value !== null ? toId(String(value)) : value
            );
        }
        let results: unknown;
        try {
            results = callStaticMethod(this.org.project, run, cls.fullName, method.name, [
                new ApexList(listType.args[0], [request])
            ]);
        } catch (e) {
            if (!(e instanceof ApexError)) throw e;
            const ex = e.obj.exception;
            throw new Error(`${this.flow.name} failed at ${name}: ${e.obj.cls.fullName}: ${ex?.message ?? ''}`);
        }
        const result = results instanceof ApexList ? results.items[0] : undefined;
        if (!(result instanceof ApexObject)) throw new FlowUnsupported(`${cls.fullName} without a result object`);
        for (const p of list(action.outputParameters)) {
            const field = invocableVariable(result.cls, String(p.name));
            const variable = String(p.assignToReference);
            if (!this.flow.variables.has(variable))
                throw new Error(`${this.flow.name}: ${name} assigns ${variable}, which is no variable`);
            this.values.set(variable, result.fields.get(field.name.toLowerCase()) ?? null);
        }
        return target(action.connector);
    }

    private show(screen: Xml): Screen {
        const components = list(screen.fields).map((f): ScreenComponent => {
            const type = String(f.fieldType);
            const known = new Set(['name', 'fieldText', 'fieldType', 'isRequired']);
            checkKeys('screen field', f, known);
            if (type === 'DisplayText')
                return {
                    name: String(f.name),
                    type,
                    text: String(f.fieldText ?? '').replace(/\{!\s*([A-Za-z_]\w*)\s*\}/g, (_, v: string) =>
                        String(this.reference(v, `screen ${String(screen.name)}`) ?? '')
                    ),
                    required: false
                };
            if (type === 'LargeTextArea')
                return {
                    name: String(f.name),
                    type,
                    text: String(f.fieldText ?? ''),
                    required: f.isRequired === 'true'
                };
            throw new FlowUnsupported(`screen component ${type} (${String(f.name)})`);
        });
        return {
            name: String(screen.name),
            label: String(screen.label),
            components,
            hasNext: target(screen.connector) !== null
        };
    }
}

/** The @InvocableVariable field `name` of an invocable request or result class, with its type. */
function invocableVariable(cls: ClassInfo, name: string): { name: string; type: string } {
    const field = cls.fields.get(name.toLowerCase());
    const annotated = (cls.decl?.members ?? []).some(
        (member) =>
            member.k === 'field' &&
            member.decls.some((d) => d.name.toLowerCase() === name.toLowerCase()) &&
            member.annotations.some((a) => a.name.toLowerCase() === 'invocablevariable')
    );
    if (!field || field.isStatic || !annotated) throw new Error(`${cls.fullName} has no @InvocableVariable ${name}`);
    return { name: field.name, type: field.type.name };
}

/**
 * A user runs the quick action `Object.Name` on the record `recordId`: a flow quick action starts its flow with the
 * record's Id in `recordId`.
 */
export function runQuickAction(org: LocalOrg, action: string, recordId: string): FlowInterview {
    const quickAction = readXml(findSourceFile(org.root, `${action}.quickAction-meta.xml`)).QuickAction as Xml;
    if (quickAction.type !== 'Flow')
        throw new FlowUnsupported(`quick action ${action} of type ${String(quickAction.type)}`);
    return FlowInterview.start(org, String(quickAction.flowDefinition), { recordId });
}
