/**
 * The FormulaEval namespace (Apex Reference, "FormulaEval Namespace"; "FormulaBuilder Class"; "FormulaInstance
 * Class") and `System.Formula.builder()`.
 *
 * - `Formula.builder()` / `FormulaEval.FormulaBuilder.builder()` make a builder; withFormula, withReturnType and
 *   withType are required, withGlobalVariables and treatNumericNullAsZero optional; build() validates and returns
 *   a FormulaInstance whose evaluate(contextObject) computes the formula for an instance of the withType class.
 * - "The context type ... must be a global, user-defined Apex class. Any fields or properties that the formula
 *   references must also be global." A formula may also use an SObject type as context (the namespace page's
 *   example). Field references walk the context's global members, then SObject fields.
 * - The formula language apexrt has is in formula-eval.ts (a few operators and functions). Return types BOOLEAN and
 *   STRING are modelled.
 * - build() throws FormulaValidationException when validation fails ("field references, functions, or syntax"): a
 *   context class or referenced member that is not global, a member or custom field that does not exist, a
 *   definite syntax error. Its message is not documented: reading it is loud (core/undocumented-message.ts).
 *   parseAsTemplate(true), getReferencedFields() (its name format), a result of another type than the return
 *   type and other return types are loud.
 */
import { ApexList } from '../collections/collections';
import { UndocumentedMessage } from '../core/undocumented-message';
import { ApexThrow, ApexUnsupported } from '../core/values';
import { SObject } from '../data';
import type { FieldSchema } from '../data/schema/model';
import type { RunContext } from '../interpreter/context';
import { Interpreter } from '../interpreter/interpreter';
import type { NativeLibrary } from '../interpreter/native-library';
import { ApexObject, EnumValue, TypeValue } from '../interpreter/runtime-values';
import { ClassInfo, FieldInfo, findField, findProp, hasModifier, isSubclassOf, PropInfo } from '../types/classes';
import { T, TypeRef, typeToString } from '../types/typeref';
import { checkFunctions, evaluateFormula, FormulaNode, formulaPaths, parseFormula } from './formula-eval';
import { layerOf } from './job-user';

const BUILDER = 'FormulaEval.FormulaBuilder';
const INSTANCE = 'FormulaEval.FormulaInstance';
const FORMULA = 'System.Formula';
const BUILDER_TYPE: TypeRef = { name: BUILDER, args: [] };
const INSTANCE_TYPE: TypeRef = { name: INSTANCE, args: [] };

const TYPES = new Map(
    [
        [BUILDER, ['formulaeval.formulabuilder']],
        [INSTANCE, ['formulaeval.formulainstance']],
        [FORMULA, ['formula', 'system.formula']]
    ].flatMap(([name, aliases]) => (aliases as string[]).map((a) => [a, name as string]))
);

/** The context a formula reads: an Apex class or an SObject type. */
type Context = { kind: 'class'; cls: ClassInfo } | { kind: 'sobject'; name: string };

export class FormulaBuilderValue {
    formula: string | null = null;
    returnType: string | null = null;
    context: Context | null = null;
    numericNullAsZero = false;
}

export class FormulaInstanceValue {
    constructor(
        readonly tree: FormulaNode,
        readonly returnType: string,
        readonly context: Context
    ) {}
}

/** FormulaValidationException, whose message is not documented (core/undocumented-message.ts). */
const validation = (why: string): ApexThrow =>
    new ApexThrow('System.FormulaValidationException', '', new UndocumentedMessage(why));

/** The declared modifiers of a field (FieldInfo keeps none): from its declaration in the owner's source. */
function fieldModifiers(cls: ClassInfo, name: string): string[] {
    for (const m of cls.decl?.members ?? [])
        if (m.k === 'field' && m.decls.some((d) => d.name.toLowerCase() === name.toLowerCase())) return m.modifiers;
    return [];
}

/** What a path leads to, for validation and for whether the value is text. */
type Slot = { kind: 'type'; type: TypeRef } | { kind: 'field'; field: FieldSchema };

function resolvePath(run: RunContext, context: Context, parts: string[]): Slot {
    const schema = layerOf(run).org.schema;
    const registry = layerOf(run).program.registry;
    let current: Context | { kind: 'value'; type: TypeRef } = context;
    let slot: Slot | undefined;
    for (const part of parts) {
        if (current.kind === 'class') {
            const f = findField(current.cls, part);
            const p: PropInfo | undefined = f ? undefined : findProp(current.cls, part);
            const member: FieldInfo | PropInfo | undefined = f ?? p;
            if (member?.isStatic) throw new ApexUnsupported(`a formula reference to the static ${member.name}`);
            if (!member) throw validation(`no member ${part} on ${current.cls.fullName}`);
            const modifiers = f ? fieldModifiers(f.owner, f.name) : p!.member.modifiers;
            if (!modifiers.includes('global'))
                throw validation(`${member.owner.fullName}.${member.name} is not global`);
            slot = { kind: 'type', type: member.type };
        } else if (current.kind === 'sobject') {
            const object = schema.getObject(current.name);
            const field = object && schema.getField(object, part);
            // A standard field apexrt's schema lacks may exist on the platform (loud); a custom one does not.
            if (!field && !/__c$/i.test(part))
                throw new ApexUnsupported(`standard field ${current.name}.${part}, which apexrt does not model`);
            if (!field) throw validation(`no field ${part} on ${current.name}`);
            if (field.type === 'reference' || field.type === 'complexvalue' || field.type === 'address')
                throw new ApexUnsupported(
                    `a formula reference to the ${field.type} field ${current.name}.${field.name}`
                );
            slot = { kind: 'field', field };
        } else {
            throw validation(`${part} on a value of type ${typeToString(current.type)}`);
        }
        if (slot.kind === 'field') current = { kind: 'value', type: T.Object };
        else {
            const cls = registry.classOf(slot.type);
            const sobject: string | undefined = cls ? undefined : registry.providers.sobjectType?.(slot.type.name);
            current = cls
                ? { kind: 'class', cls }
                : sobject
                  ? { kind: 'sobject', name: sobject }
                  : { kind: 'value', type: slot.type };
        }
    }
    if (!slot) throw validation('an empty field reference');
    if (slot.kind === 'type' && (registry.classOf(slot.type) || registry.providers.sobjectType?.(slot.type.name)))
        throw new ApexUnsupported(`a formula that uses the object ${parts.join('.')} as a value`);
    return slot;
}

const isTextSlot = (s: Slot): boolean =>
    s.kind === 'type'
        ? ['string', 'id'].includes(s.type.name.toLowerCase())
        : ['string', 'textarea', 'email', 'phone', 'url', 'picklist', 'id'].includes(s.field.type);

const isBooleanSlot = (s: Slot): boolean =>
    s.kind === 'type' ? s.type.name.toLowerCase() === 'boolean' : s.field.type === 'boolean';

/** The static kind of a formula: 'boolean', 'text' or 'other'. */
function kindOf(n: FormulaNode, slotOf: (parts: string[]) => Slot): 'boolean' | 'text' | 'other' {
    switch (n.k) {
        case 'lit':
            return n.type === 'boolean' ? 'boolean' : n.type === 'text' ? 'text' : 'other';
        case 'path': {
            const s = slotOf(n.parts);
            return isBooleanSlot(s) ? 'boolean' : isTextSlot(s) ? 'text' : 'other';
        }
        case 'bin':
            return n.op === '&' ? 'text' : 'boolean';
        case 'call':
            return n.name === 'IF' ? kindOf(n.args[1], slotOf) : 'boolean';
    }
}

function contextOf(run: RunContext, t: unknown): Context {
    if (!(t instanceof TypeValue)) throw new ApexUnsupported('FormulaBuilder.withType without a Type');
    const registry = layerOf(run).program.registry;
    const cls = registry.classOf(t.type);
    if (cls && !cls.builtin && cls.kind === 'class') return { kind: 'class', cls };
    const sobject = cls ? undefined : registry.providers.sobjectType?.(t.type.name);
    if (sobject) return { kind: 'sobject', name: sobject };
    throw new ApexUnsupported(`FormulaBuilder.withType(${typeToString(t.type)})`);
}

function build(run: RunContext, b: FormulaBuilderValue): FormulaInstanceValue {
    if (b.formula === null || b.returnType === null || b.context === null)
        throw new ApexUnsupported('FormulaBuilder.build without withFormula, withReturnType and withType');
    if (b.returnType !== 'BOOLEAN' && b.returnType !== 'STRING')
        throw new ApexUnsupported(`a formula of return type ${b.returnType}`);
    const context = b.context;
    if (context.kind === 'class' && !hasModifier(context.cls, 'global'))
        throw validation(`the context type ${context.cls.fullName} is not global`);
    const tree = parseFormula(b.formula);
    checkFunctions(tree);
    const slots = new Map<string, Slot>();
    for (const parts of formulaPaths(tree)) slots.set(parts.join('.').toLowerCase(), resolvePath(run, context, parts));
    const kind = kindOf(tree, (parts) => slots.get(parts.join('.').toLowerCase())!);
    if ((b.returnType === 'BOOLEAN' && kind !== 'boolean') || (b.returnType === 'STRING' && kind !== 'text'))
        throw new ApexUnsupported(
            `a formula that does not give a ${b.returnType} (the platform's answer is not documented)`
        );
    return new FormulaInstanceValue(tree, b.returnType, context);
}

function readPath(ip: Interpreter, run: RunContext, start: unknown, context: Context, parts: string[]) {
    const slot = resolvePath(run, context, parts);
    let value: unknown = start;
    for (const part of parts) {
        if (value === null) throw new ApexUnsupported(`a formula reference ${parts.join('.')} through a null value`);
        if (value instanceof SObject) value = value.get(part);
        else if (value instanceof ApexObject) {
            const f = findField(value.cls, part);
            value = f ? ip.calls.fieldRef(f, value).get() : ip.calls.propRef(findProp(value.cls, part)!, value).get();
        } else throw new ApexUnsupported(`a formula reference ${parts.join('.')}`);
    }
    return { value, text: isTextSlot(slot) };
}

function evaluate(run: RunContext, fx: FormulaInstanceValue, target: unknown): unknown {
    const ctx = fx.context;
    const fits =
        ctx.kind === 'class'
            ? target instanceof ApexObject && isSubclassOf(target.cls, ctx.cls)
            : target instanceof SObject && target.schema.name.toLowerCase() === ctx.name.toLowerCase();
    if (!fits) throw new ApexUnsupported('FormulaInstance.evaluate of an object that is not of the withType type');
    const ip = new Interpreter(layerOf(run).program, run);
    const value = evaluateFormula(fx.tree, (parts) => readPath(ip, run, target, ctx, parts));
    if (fx.returnType === 'BOOLEAN' && typeof value !== 'boolean')
        throw new ApexUnsupported(`a BOOLEAN formula that gives ${String(value)}`);
    return value;
}

function builderMethod(run: RunContext, b: FormulaBuilderValue, method: string, args: unknown[]) {
    const self = { value: b, returnType: BUILDER_TYPE };
    switch (`${method.toLowerCase()}/${args.length}`) {
        case 'withformula/1':
            if (typeof args[0] !== 'string') throw new ApexUnsupported('FormulaBuilder.withFormula(null)');
            b.formula = args[0];
            return self;
        case 'withreturntype/1': {
            const t = args[0];
            if (!(t instanceof EnumValue)) throw new ApexUnsupported('FormulaBuilder.withReturnType(null)');
            b.returnType = t.name;
            return self;
        }
        case 'withtype/1':
            b.context = contextOf(run, args[0]);
            return self;
        case 'withglobalvariables/1':
            // Global variables ($User ...) are loud where the formula uses them (formula-eval.ts).
            if (!(args[0] instanceof ApexList)) throw new ApexUnsupported('FormulaBuilder.withGlobalVariables(null)');
            return self;
        case 'treatnumericnullaszero/1':
            // Null numbers are loud in formula-eval.ts either way.
            b.numericNullAsZero = args[0] === true;
            return self;
        case 'parseastemplate/1':
            if (args[0] === true) throw new ApexUnsupported('FormulaBuilder.parseAsTemplate(true)');
            return self;
        case 'build/0':
            return { value: build(run, b), returnType: INSTANCE_TYPE };
    }
    throw new ApexUnsupported(`FormulaBuilder.${method}`);
}

const RETURN_TYPES: Record<string, TypeRef> = {
    builder: BUILDER_TYPE,
    withformula: BUILDER_TYPE,
    withreturntype: BUILDER_TYPE,
    withtype: BUILDER_TYPE,
    withglobalvariables: BUILDER_TYPE,
    treatnumericnullaszero: BUILDER_TYPE,
    parseastemplate: BUILDER_TYPE,
    build: INSTANCE_TYPE,
    evaluate: T.Object
};

export function formulaNatives(): NativeLibrary {
    return {
        typeName: (name) => TYPES.get(name.toLowerCase()),
        callStatic: (_run, typeName, method, args) => {
            const t = TYPES.get(typeName.toLowerCase());
            if (!t) return undefined;
            if ((t === FORMULA || t === BUILDER) && method.toLowerCase() === 'builder' && args.length === 0)
                return { value: new FormulaBuilderValue(), returnType: BUILDER_TYPE };
            throw new ApexUnsupported(`${t}.${method}`);
        },
        callInstance: (run, _typeName, self, method, args) => {
            if (self instanceof FormulaBuilderValue) return builderMethod(run, self, method, args);
            if (self instanceof FormulaInstanceValue) {
                if (method.toLowerCase() === 'evaluate' && args.length === 1)
                    return { value: evaluate(run, self, args[0]), returnType: T.Object };
                throw new ApexUnsupported(`FormulaInstance.${method}`);
            }
            return undefined;
        },
        knowsMember: (typeName, method) => {
            if (!TYPES.has(typeName.toLowerCase())) return undefined;
            return method.toLowerCase() in RETURN_TYPES;
        },
        returnType: (typeName, method) =>
            TYPES.has(typeName.toLowerCase()) ? RETURN_TYPES[method.toLowerCase()] : undefined,
        isInstance: (v, typeName) => {
            const t = TYPES.get(typeName.toLowerCase());
            if (t === BUILDER) return v instanceof FormulaBuilderValue;
            if (t === INSTANCE) return v instanceof FormulaInstanceValue;
            return undefined;
        },
        runtimeTypeName: (v) =>
            v instanceof FormulaBuilderValue ? BUILDER : v instanceof FormulaInstanceValue ? INSTANCE : undefined
    };
}
