/**
 * The compile-time rules of @future methods (Apex Developer Guide, "Future Annotation"): the method must be
 * static and return void; parameters must be primitives, arrays or collections of primitives ("can't take
 * sObjects or objects as arguments"). The checker runs them; running a future is platform/future.ts.
 */
import type * as A from '../ast/nodes';
import { PRIMITIVE_NAMES, TypeRef, typeToString } from './typeref';

const COLLECTIONS = ['List', 'Set', 'Map'];
/** Apex primitive types: the runtime's value types other than Object, collections, Type and SObject. */
const PRIMITIVES = Object.values(PRIMITIVE_NAMES).filter(
    (n) => ![...COLLECTIONS, 'Object', 'Type', 'SObject'].includes(n)
);

export function futureAnnotation(annotations: A.Annotation[]): A.Annotation | undefined {
    return annotations.find((a) => a.name.toLowerCase() === 'future');
}

/**
 * Whether a resolved parameter type may be passed to a future method: a primitive, or a List/Set/Map (arrays are
 * Lists) whose type arguments are allowed themselves. Nested collections of primitives are accepted (INFERRED:
 * the documentation only says "collections of primitive data types").
 */
function allowedParameter(t: TypeRef): boolean {
    const canonical = PRIMITIVE_NAMES[t.name.toLowerCase()];
    if (canonical && PRIMITIVES.includes(canonical)) return t.args.length === 0;
    if (canonical && COLLECTIONS.includes(canonical)) return t.args.length > 0 && t.args.every(allowedParameter);
    return false;
}

/**
 * Compile problems of an @future method. Message texts are apexrt's (the platform's compiler wording is not
 * documented); the rules are the documented ones.
 */
export function futureSignatureProblems(
    method: A.MethodMember,
    paramTypes: TypeRef[]
): Array<{ at: A.Pos; message: string }> {
    const problems: Array<{ at: A.Pos; message: string }> = [];
    if (!method.modifiers.includes('static'))
        problems.push({ at: method, message: `Future methods must be static: ${method.name}` });
    if (method.returnType !== 'void')
        problems.push({ at: method, message: `Future methods must return void: ${method.name}` });
    method.params.forEach((p, i) => {
        const t = paramTypes[i];
        if (t && t.name !== '?' && !allowedParameter(t))
            problems.push({ at: p, message: `Unsupported parameter type ${typeToString(t)}` });
    });
    return problems;
}
