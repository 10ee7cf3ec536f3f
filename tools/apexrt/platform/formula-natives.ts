/**
 * The FormulaEval namespace (Apex Reference, "FormulaEval Namespace"; "FormulaBuilder Class"; "FormulaInstance
 * Class") and `System.Formula.builder()`: apexrt knows the types, so code that declares them, catches
 * `System.FormulaValidationException` (types/builtin-exceptions.ts) or uses the FormulaReturnType / FormulaGlobal
 * enums (types/standard-enums.ts) loads and runs; evaluating a formula needs the formula language, which apexrt
 * does not have: every method of these types is `not supported by apexrt: method ...`.
 */
import type { NativeLibrary } from '../interpreter/native-library';

const TYPES = new Map(
    [
        ['FormulaEval.FormulaBuilder', ['formulaeval.formulabuilder']],
        ['FormulaEval.FormulaInstance', ['formulaeval.formulainstance']],
        ['System.Formula', ['formula', 'system.formula']]
    ].flatMap(([name, aliases]) => (aliases as string[]).map((a) => [a, name as string]))
);

export function formulaNatives(): NativeLibrary {
    return {
        typeName: (name) => TYPES.get(name.toLowerCase()),
        // No method is implemented: the interpreter reports each call as not supported.
        callStatic: () => undefined,
        callInstance: () => undefined,
        knowsMember: (typeName) => (TYPES.has(typeName.toLowerCase()) ? false : undefined)
    };
}
