/**
 * ApexClass rows of an org: one per top-level class of the program (Object Reference, "ApexClass": Name, Body,
 * ApiVersion, Status, IsValid, NamespacePrefix). The org holds exactly the project's classes; inner classes are not
 * rows of their own. The anonymous block is not a class of the org.
 */
import type { OrgData } from '../data';
import { ANONYMOUS_FILE, type LoadedProgram } from '../loader/program';
import { parseDecimal } from '../stdlib/numbers';

export function seedApexClasses(org: OrgData, program: LoadedProgram): void {
    if (!org.schema.getObject('ApexClass')) return;
    const namespace = program.registry.namespace ?? null;
    for (const c of program.classes) {
        if (c.file === ANONYMOUS_FILE || c.info.outer) continue;
        org.db.insertSystemRow('ApexClass', {
            Name: c.info.name,
            NamespacePrefix: namespace,
            ApiVersion: c.info.apiVersion ? parseDecimal(c.info.apiVersion) : null,
            Status: 'Active',
            IsValid: true,
            Body: c.source
        });
    }
}
