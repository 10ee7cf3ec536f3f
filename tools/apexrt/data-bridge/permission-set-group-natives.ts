/**
 * `Test.calculatePermissionSetGroup(Id)` and `(List<Id>)` (Apex Reference, "Test Class"; Apex Developer Guide,
 * "Permission Set Groups"): forces the calculation of the groups' aggregate permissions (permission-set-groups.ts).
 */
import { ApexList } from '../collections/collections';
import { ApexUnsupported } from '../core/values';
import { toId } from '../data/ids';
import type { RunContext } from '../interpreter/context';
import type { NativeLibrary } from '../interpreter/native-library';
import { OrgDataLayer } from './org-data-layer';
import { calculatePermissionSetGroup } from './permission-set-groups';

/** [testing] Test.calculatePermissionSetGroup(Id) / (List<Id>): the groups' aggregate permissions now, Updated. */
function calculate(run: RunContext, arg: unknown): void {
    if (!(run.data instanceof OrgDataLayer))
        throw new ApexUnsupported('Test.calculatePermissionSetGroup without the data layer');
    if (!run.isTest) throw new ApexUnsupported('Test.calculatePermissionSetGroup outside a test run');
    const org = run.data.org;
    const ids = arg instanceof ApexList ? arg.items : [arg];
    for (const raw of ids) {
        if (raw === null) throw new ApexUnsupported('Test.calculatePermissionSetGroup with a null Id');
        calculatePermissionSetGroup(org, toId(String(raw)));
    }
}

export function permissionSetGroupNatives(): NativeLibrary {
    return {
        typeName: () => undefined,
        callStatic: (run, typeName, method, args) => {
            if (typeName.toLowerCase().replace(/^system\./, '') !== 'test') return undefined;
            if (method.toLowerCase() !== 'calculatepermissionsetgroup' || args.length !== 1) return undefined;
            calculate(run, args[0]);
            return { value: undefined };
        },
        callInstance: () => undefined,
        knowsMember: (typeName, method, isStatic) =>
            isStatic && /^(system\.)?test$/i.test(typeName) && method.toLowerCase() === 'calculatepermissionsetgroup'
                ? true
                : undefined,
        returnType: (typeName, method, isStatic) =>
            isStatic && /^(system\.)?test$/i.test(typeName) && method.toLowerCase() === 'calculatepermissionsetgroup'
                ? { name: 'void', args: [] }
                : undefined
    };
}
