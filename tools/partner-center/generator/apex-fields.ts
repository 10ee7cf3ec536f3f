/**
 * Renders PartnerCenterFields.cls from the contract: every scalar JSON Pointer path of a referral (arrays and
 * free-form objects left out) with its type, its allowed values (an enumeration's list) and whether Partner Center
 * sets it (server-managed: Salesforce may read it, never send it); and the scalar paths of a team member (Member),
 * relative to the member, which Contact field maps use for each customer contact of `/customerProfile/team`. The
 * admin console's field mapping offers these paths, and the mapping check refuses a path that is not one of them.
 */
import { ENUMS, PropertyType, RESOURCES } from '../contract';
import { apexString, banner } from './apex-source';

export const FIELDS_CLASS = 'PartnerCenterFields';
/** The resource of each customer contact (`/customerProfile/team` items): Contact field maps use its paths. */
export const MEMBER_RESOURCE = 'Member';

export interface ContractPath {
    path: string;
    type: 'string' | 'number' | 'boolean' | 'datetime';
    allowedValues: readonly string[] | null;
    readOnly: boolean;
}

/** The scalar paths under a resource, depth first in the contract's order. */
export function contractPaths(resource = 'Referral', prefix = '', readOnly = false): ContractPath[] {
    const out: ContractPath[] = [];
    for (const [name, property] of Object.entries(RESOURCES[resource].properties)) {
        const type: PropertyType = property.type;
        const path = `${prefix}/${name}`;
        const managed = readOnly || property.serverManaged === true;
        if (typeof type === 'object' && 'resource' in type) out.push(...contractPaths(type.resource, path, managed));
        else if (type === 'string' || type === 'number' || type === 'boolean' || type === 'datetime')
            out.push({
                path,
                type,
                allowedValues: property.enum && !ENUMS[property.enum].open ? ENUMS[property.enum].values : null,
                readOnly: managed
            });
    }
    return out;
}

export function renderFields(): string {
    const lines = [
        ...banner(
            'The referral fields a field map may use: JSON Pointer path, type, allowed values, read-only (set by\nPartner Center).'
        ),
        `public inherited sharing class ${FIELDS_CLASS} {`,
        '    public class Field {',
        '        @AuraEnabled',
        '        public String path;',
        '        @AuraEnabled',
        '        public String type;',
        '        @AuraEnabled',
        '        public List<String> allowedValues;',
        '        @AuraEnabled',
        '        public Boolean readOnly;',
        '        Field(String path, String type, List<String> allowedValues, Boolean readOnly) {',
        '            this.path = path;',
        '            this.type = type;',
        '            this.allowedValues = allowedValues;',
        '            this.readOnly = readOnly;',
        '        }',
        '    }',
        '',
        '    /** Every mappable path, in the contract order. */',
        '    public static List<Field> all() {',
        '        return new List<Field>{'
    ];
    const field = (p: ContractPath): string => {
        const values = p.allowedValues
            ? `new List<String>{ ${p.allowedValues.map(apexString).join(', ')} }`
            : 'new List<String>()';
        return `            new Field(${apexString(p.path)}, ${apexString(p.type)}, ${values}, ${p.readOnly})`;
    };
    lines.push(contractPaths().map(field).join(',\n'), '        };', '    }', '');
    lines.push(
        '    /** The paths of a customer contact (a `/customerProfile/team` member), relative to the member. */',
        '    public static List<Field> member() {',
        '        return new List<Field>{'
    );
    lines.push(contractPaths(MEMBER_RESOURCE).map(field).join(',\n'), '        };', '    }', '');
    lines.push(
        '    /** The field of a path, or null. */',
        '    public static Field byPath(String path) {',
        '        return find(all(), path);',
        '    }',
        '',
        '    /** The field of a path relative to a team member, or null. */',
        '    public static Field memberByPath(String path) {',
        '        return find(member(), path);',
        '    }',
        '',
        '    private static Field find(List<Field> fields, String path) {',
        '        for (Field f : fields) {',
        '            if (f.path == path) {',
        '                return f;',
        '            }',
        '        }',
        '        return null;',
        '    }',
        '}',
        ''
    );
    return lines.join('\n');
}
