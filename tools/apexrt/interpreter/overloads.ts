/**
 * Overload resolution (Java-like "most specific"): per argument, exact match beats numeric widening
 * (Integer → Long → Double/Decimal) beats subclass → superclass / null → any object beats Object.
 * The argument types are static types where the static layer knows them, else the runtime types.
 */
import { implementsStandard, isSubclassOf, ParamInfo } from '../types/classes';
import { isNumeric, NUMERIC_RANK, sameType, TypeRef } from '../types/typeref';
import type { ClassRegistry } from '../types/registry';
import { isStandardSubtype } from '../types/standard-subtypes';

/** What overload resolution needs: the classes, to tell subclasses and interfaces. */
type Classes = { readonly registry: ClassRegistry };

/** Cost of passing an argument of type `arg` to a parameter of type `param`; undefined when not assignable. */
export function conversionCost(ip: Classes, param: TypeRef, arg: TypeRef): number | undefined {
    if (arg.name === '?') return 5;
    if (sameType(param, arg)) return 0;
    if (arg.name === 'null') return isNumeric(param) || param.name === 'Boolean' ? 3 : 2;
    if (param.name === 'Object' || param.name === '?') return 4;
    if (isNumeric(param) && isNumeric(arg)) {
        const d = NUMERIC_RANK[param.name] - NUMERIC_RANK[arg.name];
        if (d > 0) return 1 + d / 10;
        // `Double d = 3.14;` is ordinary Apex although a literal with a point is a Decimal: Decimal → Double is implicit.
        if (param.name === 'Double' && arg.name === 'Decimal') return 1.5;
        return undefined;
    }
    if (param.name === 'SObject' && isSObjectType(ip, arg)) return 2;
    // [DOC Rules of Conversion] "IDs can always be assigned to Strings. Strings can be assigned to IDs."
    if (param.name === 'Id' && arg.name === 'String') return 2;
    if (param.name === 'String' && arg.name === 'Id') return 2;
    // A Date where a Datetime is expected compiles (Date → Datetime at midnight GMT): not in the Apex Developer
    // Guide, widely reported (salesforce.stackexchange.com/questions/281180); the value: coerceToType.
    if (param.name === 'Datetime' && arg.name === 'Date') return 2;
    if ((param.name === 'List' || param.name === 'Set' || param.name === 'Map') && param.name === arg.name)
        return param.args.every((p, i) => !arg.args[i] || elementFits(ip, p, arg.args[i])) ? 1 : undefined;
    // List and Set are Iterable ([DOC Custom Iterators]: Iterable<T>; a for loop takes a list or set).
    if (param.name === 'Iterable' && (arg.name === 'List' || arg.name === 'Set'))
        return !param.args[0] || !arg.args[0] || elementFits(ip, param.args[0], arg.args[0]) ? 1.5 : undefined;
    if (subclassOk(ip, param, arg)) return 2;
    if (isStandardSubtype(arg.name, param.name)) return 2;
    return undefined;
}

function isSObjectType(ip: Classes, t: TypeRef): boolean {
    return t.name !== 'SObject' && !!ip.registry.providers.sobjectType?.(t.name);
}

/**
 * Element types of collections: the same type, a subclass, Object, or — collections of SObjects are covariant
 * both ways at compile time ([DOC Lists of sObjects], [DOC sObject Types]: the generic sObject type stands for any
 * object; a List<SObject> passed where a List<Account> is declared compiles and is checked at run time) — and
 * Id/String element-wise ([DOC Rules of Conversion]).
 */
function elementFits(ip: Classes, p: TypeRef, a: TypeRef): boolean {
    if (p.name === 'Object' || a.name === '?' || p.name === '?' || sameType(p, a) || subclassOk(ip, p, a)) return true;
    if (p.name === 'SObject' && isSObjectType(ip, a)) return true;
    if (a.name === 'SObject' && isSObjectType(ip, p)) return true;
    // Nested collections fit element-wise: a List<List<Contact>> is a List<List<SObject>> (type-checks.ts holds the
    // same covariance at run time).
    if ((p.name === 'List' || p.name === 'Set' || p.name === 'Map') && p.name === a.name)
        return p.args.every((x, i) => !a.args[i] || elementFits(ip, x, a.args[i]));
    return (p.name === 'Id' && a.name === 'String') || (p.name === 'String' && a.name === 'Id');
}

function subclassOk(ip: Classes, param: TypeRef, arg: TypeRef): boolean {
    const p = ip.registry.classOf(param);
    const a = ip.registry.classOf(arg);
    if (a && !p) return implementsStandard(a, param.name);
    return !!p && !!a && isSubclassOf(a, p);
}

export function selectOverload<M extends { params: ParamInfo[] }>(
    ip: Classes,
    cands: M[],
    argTypes: TypeRef[]
): M | undefined {
    let best: M | undefined;
    let bestCost = Infinity;
    for (const c of cands) {
        if (c.params.length !== argTypes.length) continue;
        let total = 0;
        let ok = true;
        for (let i = 0; i < argTypes.length; i++) {
            const cost = conversionCost(ip, c.params[i].type, argTypes[i]);
            if (cost === undefined) {
                ok = false;
                break;
            }
            total += cost;
        }
        if (ok && total < bestCost) {
            best = c;
            bestCost = total;
        }
    }
    return best;
}
