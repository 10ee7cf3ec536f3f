/**
 * Overload resolution (Java-like "most specific"): per argument, exact match beats numeric widening
 * (Integer → Long → Double/Decimal) beats subclass → superclass / null → any object beats Object.
 * The argument types are static types where the static layer knows them, else the runtime types.
 */
import { implementsStandard, isSubclassOf, ParamInfo } from '../types/classes';
import { isNumeric, NUMERIC_RANK, sameType, TypeRef } from '../types/typeref';
import type { ClassRegistry } from '../types/registry';

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
    if (param.name === 'SObject' && ip.registry.providers.sobjectType?.(arg.name)) return 2;
    if (param.name === 'Id' && arg.name === 'String') return 2;
    if (param.name === 'String' && arg.name === 'Id') return 2;
    if ((param.name === 'List' || param.name === 'Set' || param.name === 'Map') && param.name === arg.name) {
        const ok = param.args.every(
            (p, i) =>
                !arg.args[i] ||
                p.name === 'Object' ||
                arg.args[i].name === '?' ||
                sameType(p, arg.args[i]) ||
                subclassOk(ip, p, arg.args[i])
        );
        return ok ? 1 : undefined;
    }
    if (subclassOk(ip, param, arg)) return 2;
    return undefined;
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
