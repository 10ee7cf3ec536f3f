/**
 * Calls the package's @AuraEnabled methods the way Lightning does, for the local workbench and the end-to-end
 * scenarios: JSON parameters are converted to the method's declared parameter types by name; the result is
 * serialised as Lightning serialises it — only members annotated @AuraEnabled of Apex objects, SObjects as
 * plain field maps, dates as ISO strings. An AuraHandledException reaches the caller as its message.
 * Source: LWC Developer Guide, "Call Apex Methods" (parameter and return value conversion).
 */
import {
    ApexList,
    ApexMap,
    ApexSet,
    ApexDate,
    ApexDatetime,
    Decimal,
    SObject,
    toId,
    ApexError,
    ApexObject,
    callStaticMethod,
    hasAnnotation,
    type ClassInfo,
    type MethodInfo,
    type TypeRef
} from '../apexrt';
import { LocalOrg } from './local-org';
import { valueJson } from './record-json';

export class AuraCallError extends Error {
    constructor(
        message: string,
        readonly status: number,
        readonly exceptionType?: string
    ) {
        super(message);
    }
}

function auraMethod(cls: ClassInfo, name: string): MethodInfo {
    const m = (cls.methods.get(name.toLowerCase()) ?? []).find((x) => x.isStatic && hasAnnotation(x, 'AuraEnabled'));
    if (!m) throw new AuraCallError(`No @AuraEnabled method ${cls.fullName}.${name}`, 404);
    return m;
}

/** A JSON parameter as the Apex value of its declared type. */
function toApex(value: unknown, type: TypeRef): unknown {
    if (value === null || value === undefined) return null;
    switch (type.name) {
        case 'Id':
            return toId(String(value));
        case 'String':
            return String(value);
        case 'Boolean':
            return value === true;
        case 'Integer':
            return Number(value) | 0;
        case 'Decimal':
            return new Decimal(value as number);
        case 'Date': {
            const [y, m, d] = String(value).split('-').map(Number);
            return new ApexDate(y, m, d);
        }
        case 'List':
            return new ApexList(
                type.args[0],
                (value as unknown[]).map((v) => toApex(v, type.args[0]))
            );
        default:
            throw new AuraCallError(`Parameter type ${type.name} is not supported by the local Lightning bridge`, 400);
    }
}

/** Lightning's serialisation of a return value. */
export function toJson(v: unknown): unknown {
    if (v instanceof SObject) {
        const out: Record<string, unknown> = {};
        for (const [name, value] of v.populatedFields()) out[name] = valueJson(value);
        for (const [name, parent] of v.populatedParents()) out[name] = parent ? toJson(parent) : null;
        return out;
    }
    if (v instanceof ApexList) return v.items.map(toJson);
    if (v instanceof ApexSet) return v.values().map(toJson);
    if (v instanceof ApexMap) {
        const out: Record<string, unknown> = {};
        for (const [k, value] of v.entries()) out[String(k)] = toJson(value);
        return out;
    }
    if (v instanceof ApexObject) {
        const out: Record<string, unknown> = {};
        for (let c: ClassInfo | undefined = v.cls; c; c = c.superclass) {
            for (const member of c.decl?.members ?? []) {
                if (!('annotations' in member) || !hasAnnotation(member, 'AuraEnabled')) continue;
                const names =
                    member.k === 'field' ? member.decls.map((d) => d.name) : member.k === 'prop' ? [member.name] : [];
                for (const name of names) out[name] = toJson(v.fields.get(name.toLowerCase()) ?? null);
            }
        }
        return out;
    }
    if (v instanceof ApexDate || v instanceof ApexDatetime || v instanceof Decimal) return valueJson(v);
    return v === undefined ? null : v;
}

export function invokeAuraEnabled(
    org: LocalOrg,
    className: string,
    methodName: string,
    params: Record<string, unknown>
): unknown {
    const cls = org.project.registry.lookupClass(className.split('.'));
    if (!cls) throw new AuraCallError(`No class ${className}`, 404);
    const method = auraMethod(cls, methodName);
    const args = method.params.map((p) => toApex(params[p.name], p.type));
    try {
        return toJson(org.transaction((run) => callStaticMethod(org.project, run, cls.fullName, method.name, args)));
    } catch (e) {
        if (e instanceof ApexError) {
            const ex = e.obj.exception!;
            throw new AuraCallError(ex.message ?? e.obj.cls.fullName, 400, e.obj.cls.fullName);
        }
        throw e;
    }
}
