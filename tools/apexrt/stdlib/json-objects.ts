/**
 * JSON.serialize of instances of project classes (Apex Developer Guide, "JSON Support"; docs/reference/apex-semantics.md §3.7).
 * - Instance fields and properties are written under their declared names, in declaration order [INFERRED: the
 *   platform's output follows the class source; e.g. the "Roundtrip Serialization" guide examples].
 * - Private members are written too; `transient` members are not (SE answer on "JSONGenerator writeObject()
 *   generates private properties": serialization is symmetrical, transient excludes a member). Static members
 *   belong to the class, not the instance, and are not written.
 * - suppressApexObjectNulls leaves out members whose value is null ([DOC JSON.serialize]).
 * Fails loudly where the platform's behaviour is not documented:
 * - a subtype instance in a slot declared as a parent class or interface: [DOC JSON Support] says
 *   subtype-specific fields can be lost, without saying which;
 * - inherited members (their position relative to the class's own members is not documented);
 * - properties with a getter body (whether the getter runs is not documented);
 * - exception objects.
 */
import { ApexUnsupported } from '../core/values';
import type { ApexObject } from '../interpreter/runtime-values';
import type { ClassInfo } from '../types/classes';
import { TypeRef, typeToString } from '../types/typeref';
import type { SerializeState } from './json';
import { Plain, PlainObject } from './json-writer';

type ToPlain = (v: unknown, state: SerializeState, declared?: TypeRef) => Plain;

/** True when the declared type names exactly this class (a namespace prefix may precede the name). */
export function namesClass(t: TypeRef, cls: ClassInfo): boolean {
    const declared = t.name.toLowerCase();
    const own = cls.fullName.toLowerCase();
    return declared === own || declared.endsWith(`.${own}`);
}

/** Instance members (fields and properties) declared by a class, in source order. */
export function hasInstanceMembers(cls: ClassInfo): boolean {
    return [...cls.fields.values()].some((f) => !f.isStatic) || [...cls.props.values()].some((p) => !p.isStatic);
}

export function apexObjectToPlain(
    obj: ApexObject,
    state: SerializeState,
    declared: TypeRef | undefined,
    toPlain: ToPlain
): PlainObject {
    const cls = obj.cls;
    if (obj.exception || cls.isException) throw new ApexUnsupported(`JSON.serialize of the exception ${cls.fullName}`);
    // A slot typed Object (Map<String, Object> payloads, List<Object>) writes the instance's own members
    // [INFERRED: common practice; the documented loss concerns slots typed as a parent class].
    if (declared && declared.name !== 'Object' && !namesClass(declared, cls)) {
        throw new ApexUnsupported(
            `JSON.serialize of a ${cls.fullName} held as ${typeToString(declared)} (the platform may drop subtype fields)`
        );
    }
    for (let sup = cls.superclass; sup && !sup.builtin; sup = sup.superclass) {
        if (hasInstanceMembers(sup))
            throw new ApexUnsupported(`JSON.serialize of ${cls.fullName} with members inherited from ${sup.fullName}`);
    }
    const out: Array<[string, Plain]> = [];
    const put = (name: string, type: TypeRef): void => {
        const value = obj.fields.get(name.toLowerCase()) ?? null;
        if (value === null && state.suppressNulls) return;
        out.push([name, toPlain(value, state, type)]);
    };
    for (const m of cls.decl?.members ?? []) {
        if (m.k !== 'field' && m.k !== 'prop') continue;
        if (m.modifiers.includes('static') || m.modifiers.includes('transient')) continue;
        if (m.k === 'field') {
            for (const d of m.decls) put(d.name, cls.fields.get(d.name.toLowerCase())!.type);
        } else {
            if (m.getter?.body)
                throw new ApexUnsupported(`JSON.serialize of ${cls.fullName}.${m.name}, a property with a getter body`);
            put(m.name, cls.props.get(m.name.toLowerCase())!.type);
        }
    }
    return new PlainObject(out);
}
