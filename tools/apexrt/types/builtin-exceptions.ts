/**
 * The built-in exception classes: `Exception` and the System.* exception types. Their getTypeName() is their full
 * name ('System.NullPointerException'); user code may name them with or without the `System.` prefix.
 * Source: Apex Reference, "Exception Class and Built-In Exceptions".
 */
import { ClassInfo, newClassInfo } from './classes';

export const STANDARD_EXCEPTIONS = [
    'AssertException',
    'AuraHandledException',
    'AsyncException',
    'CalloutException',
    'DmlException',
    'EmailException',
    'FinalException',
    // Apex Reference, "FormulaBuilder Class": build() throws it when formula validation fails.
    'FormulaValidationException',
    'HandledException',
    'IllegalArgumentException',
    'InvalidParameterValueException',
    'JSONException',
    'LimitException',
    'ListException',
    'MathException',
    'NoAccessException',
    'NoDataFoundException',
    'NullPointerException',
    'QueryException',
    'RequiredFeatureMissingException',
    'SearchException',
    'SecurityException',
    'SerializationException',
    'SObjectException',
    'StringException',
    'TypeException',
    'UnexpectedException',
    // Thrown by ConnectApi methods in data-siloed tests (platform/connect-api.ts).
    'UnsupportedOperationException',
    'VisualforceException',
    'XmlException'
];

export function registerBuiltinExceptions(register: (c: ClassInfo, aliases: string[]) => void): void {
    const base = newClassInfo({
        fullName: 'Exception',
        name: 'Exception',
        kind: 'class',
        builtin: true,
        isException: true,
        linked: true,
        modifiers: ['virtual']
    });
    register(base, ['Exception', 'System.Exception']);
    for (const n of STANDARD_EXCEPTIONS) {
        const c = newClassInfo({
            fullName: `System.${n}`,
            name: n,
            kind: 'class',
            builtin: true,
            isException: true,
            linked: true,
            superclass: base
        });
        register(c, [n, `System.${n}`]);
    }
    // Apex Reference, "EventBus Namespace": thrown by a platform event trigger to have its batch delivered again.
    register(
        newClassInfo({
            fullName: 'EventBus.RetryableException',
            name: 'RetryableException',
            kind: 'class',
            builtin: true,
            isException: true,
            linked: true,
            superclass: base
        }),
        ['EventBus.RetryableException']
    );
}
