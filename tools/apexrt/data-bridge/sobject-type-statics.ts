/**
 * `Account.getSObjectType()`: the SObject type's token, as `Account.SObjectType` gives it (Apex Developer Guide,
 * "Understanding Apex Describe Information": the token of an sObject type; the static method form is INFERRED from
 * public code that compiles and passes on orgs).
 */
import type { NativeLibrary } from '../interpreter/native-library';
import type { SchemaRegistry } from '../data';

export function sobjectTypeStatics(schema: SchemaRegistry, all: () => NativeLibrary): NativeLibrary {
    return {
        typeName: () => undefined,
        callStatic: (run, typeName, method, args, argTypes) => {
            if (method.toLowerCase() !== 'getsobjecttype' || args.length) return undefined;
            const object = schema.getObject(typeName.replace(/^schema\./i, ''));
            if (!object) return undefined;
            return all().callStatic(run, object.name, '<get>SObjectType', [], argTypes);
        },
        callInstance: () => undefined
    };
}
