/**
 * Renders PartnerCenterModels.cls from the contract: the API's enumerations as constants, and one DTO class per
 * resource with
 * - a field per property (Apex name from fieldName: reserved words get a suffix, the JSON name stays exact),
 * - `static X fromMap(Map<String, Object>)`: keys are matched case-insensitively (the docs mix PascalCase and
 *   camelCase), unknown keys are ignored, values of an unexpected JSON type become null instead of failing
 *   (numbers sent as strings are read as numbers) — the API has many UNCONFIRMED details,
 * - `static Map<String, Object> canonical(Map<String, Object>)`: the same JSON with the contract's names for the keys
 *   it knows (case-insensitive, nested resources too), nulls and unknown keys kept — how the sync reads a referral,
 * - `Map<String, Object> toMap()`: the contract's JSON names, null fields left out,
 * - `fromList` / `toMaps` for arrays of the resource.
 * Input goes through JSON.deserializeUntyped, output through JSON.serialize of the maps: no typed JSON binding.
 */
import { ENUMS, Property, PropertyType, RESOURCES, Resource } from '../contract';
import { apexString, apexType, banner, constantName, docComment, fieldName } from './apex-source';

export const MODELS_CLASS = 'PartnerCenterModels';
const Q = `${MODELS_CLASS}.`;

/** How a value read from the case-insensitive map `m` becomes the field's type. */
function readExpression(type: PropertyType, raw: string): string {
    if (type === 'string' || type === 'datetime') return `${Q}stringOf(${raw})`;
    if (type === 'number') return `${Q}decimalOf(${raw})`;
    if (type === 'boolean') return `${Q}booleanOf(${raw})`;
    if (type === 'object') return `${Q}objectOf(${raw})`;
    if (type === 'any') return raw;
    if ('resource' in type) return `${type.resource}.fromMap(${Q}objectOf(${raw}))`;
    const item = type.arrayOf;
    if (item === 'string' || item === 'datetime') return `${Q}stringsOf(${raw})`;
    if (item === 'number') return `${Q}decimalsOf(${raw})`;
    if (item === 'object') return `${Q}objectsOf(${raw})`;
    if (item === 'boolean' || item === 'any') return `${Q}listOf(${raw})`;
    if (typeof item === 'object' && 'resource' in item) return `${item.resource}.fromList(${raw})`;
    throw new Error(`no reader for ${JSON.stringify(type)}`);
}

/** How a field becomes a JSON value. */
function writeExpression(type: PropertyType, field: string): string {
    if (typeof type === 'object' && 'resource' in type) return `${field}?.toMap()`;
    if (typeof type === 'object' && 'arrayOf' in type && typeof type.arrayOf === 'object' && 'resource' in type.arrayOf)
        return `${type.arrayOf.resource}.toMaps(${field})`;
    return field;
}

/** A value with its object keys renamed to the contract's names (canonical), where the type is a resource. */
function canonicalExpression(type: PropertyType, raw: string): string {
    if (typeof type === 'object' && 'resource' in type)
        return `${raw} instanceof Map<String, Object> ? ${type.resource}.canonical((Map<String, Object>) ${raw}) : ${raw}`;
    if (typeof type === 'object' && 'arrayOf' in type && typeof type.arrayOf === 'object' && 'resource' in type.arrayOf)
        return `${type.arrayOf.resource}.canonicalList(${raw})`;
    return raw;
}

function propertyComment(name: string, property: Property): string[] {
    const notes: string[] = [];
    if (fieldName(name) !== name) notes.push(`JSON \`${name}\``);
    if (property.type === 'datetime') notes.push('ISO 8601 UTC text, kept as sent');
    if (property.enum)
        notes.push(`${ENUMS[property.enum].open ? 'usually one of' : 'one of'} ${constantName(property.enum)}`);
    if (property.required) notes.push('required');
    if (property.serverManaged) notes.push('set by Partner Center');
    return notes.length ? docComment(`${notes.join('; ')}.`, '        ') : [];
}

function resourceClass(name: string, resource: Resource): string[] {
    const entries = Object.entries(resource.properties);
    const out = [...docComment(resource.description, '    '), `    public class ${name} {`];
    for (const [json, property] of entries) {
        out.push(...propertyComment(json, property));
        out.push(`        public ${apexType(property.type)} ${fieldName(json)};`);
    }
    out.push(
        '',
        `        /** Reads JSON (deserializeUntyped): keys case-insensitively, unknown keys ignored; null for null. */`,
        `        public static ${name} fromMap(Map<String, Object> source) {`,
        '            if (source == null) {',
        '                return null;',
        '            }',
        `            Map<String, Object> m = ${Q}keyed(source);`,
        `            ${name} item = new ${name}();`
    );
    for (const [json, property] of entries)
        out.push(
            `            item.${fieldName(json)} = ${readExpression(property.type, `m.get(${apexString(json.toLowerCase())})`)};`
        );
    out.push(
        '            return item;',
        '        }',
        '',
        `        /** Reads a JSON array of ${name}; items that are not objects are skipped, null for a non-array. */`,
        `        public static List<${name}> fromList(Object source) {`,
        `            List<Map<String, Object>> maps = ${Q}objectsOf(source);`,
        '            if (maps == null) {',
        '                return null;',
        '            }',
        `            List<${name}> items = new List<${name}>();`,
        '            for (Map<String, Object> m : maps) {',
        '                items.add(fromMap(m));',
        '            }',
        '            return items;',
        '        }',
        '',
        '        /**',
        "         * The same JSON object with the contract's names for the keys it knows (matched case-insensitively, nested",
        '         * resources too); values, nulls and unknown keys are kept as they are. Null for null.',
        '         */',
        '        public static Map<String, Object> canonical(Map<String, Object> source) {',
        '            if (source == null) {',
        '                return null;',
        '            }',
        '            Map<String, Object> m = new Map<String, Object>();',
        '            for (String key : source.keySet()) {',
        '                Object value = source.get(key);',
        '                switch on key.toLowerCase() {',
        ...entries.flatMap(([json, property]) => [
            `                    when ${apexString(json.toLowerCase())} {`,
            `                        m.put(${apexString(json)}, ${canonicalExpression(property.type, 'value')});`,
            '                    }'
        ]),
        '                    when else {',
        '                        m.put(key, value);',
        '                    }',
        '                }',
        '            }',
        '            return m;',
        '        }',
        '',
        `        /** A JSON array with canonical(...) applied to its objects; other values as they are. */`,
        '        public static Object canonicalList(Object source) {',
        '            if (!(source instanceof List<Object>)) {',
        '                return source;',
        '            }',
        '            List<Object> items = new List<Object>();',
        '            for (Object item : (List<Object>) source) {',
        '                items.add(item instanceof Map<String, Object> ? canonical((Map<String, Object>) item) : item);',
        '            }',
        '            return items;',
        '        }',
        '',
        '        /** The JSON object with the names of the contract; null fields are left out. */',
        '        public Map<String, Object> toMap() {',
        '            Map<String, Object> m = new Map<String, Object>();'
    );
    for (const [json, property] of entries)
        out.push(`            ${Q}put(m, ${apexString(json)}, ${writeExpression(property.type, fieldName(json))});`);
    out.push(
        '            return m;',
        '        }',
        '',
        `        /** A JSON array of ${name} objects; null for null. */`,
        `        public static List<Object> toMaps(List<${name}> items) {`,
        '            if (items == null) {',
        '                return null;',
        '            }',
        '            List<Object> maps = new List<Object>();',
        `            for (${name} item : items) {`,
        '                maps.add(item?.toMap());',
        '            }',
        '            return maps;',
        '        }',
        '    }',
        ''
    );
    return out;
}

const HELPERS = `
    /** The object with lower-case keys: JSON input is matched case-insensitively. */
    public static Map<String, Object> keyed(Map<String, Object> source) {
        Map<String, Object> keyed = new Map<String, Object>();
        for (String key : source.keySet()) {
            keyed.put(key.toLowerCase(), source.get(key));
        }
        return keyed;
    }

    /** Puts a value unless it is null: output leaves absent values out. */
    public static void put(Map<String, Object> target, String name, Object value) {
        if (value != null) {
            target.put(name, value);
        }
    }

    /** Text; a number or boolean where text is documented is kept as its text. */
    public static String stringOf(Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof Map<String, Object> || value instanceof List<Object>) {
            return null;
        }
        return String.valueOf(value);
    }

    /** A number; numeric text (the docs send dealValue as "10000") is read as a number, other text as null. */
    public static Decimal decimalOf(Object value) {
        if (value instanceof Integer) {
            return (Integer) value;
        }
        if (value instanceof Long) {
            return (Long) value;
        }
        if (value instanceof Decimal) {
            return (Decimal) value;
        }
        if (value instanceof Double) {
            return Decimal.valueOf((Double) value);
        }
        if (value instanceof String) {
            return decimalOfText(((String) value).trim());
        }
        return null;
    }

    private static Decimal decimalOfText(String text) {
        try {
            return String.isBlank(text) ? null : Decimal.valueOf(text);
        } catch (TypeException notANumber) {
            return null;
        }
    }

    /** A boolean; the text "true" / "false" (any case) too. */
    public static Boolean booleanOf(Object value) {
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        if (value instanceof String && (((String) value).equalsIgnoreCase('true') || ((String) value).equalsIgnoreCase('false'))) {
            return ((String) value).equalsIgnoreCase('true');
        }
        return null;
    }

    /** A JSON object, or null for anything else. */
    public static Map<String, Object> objectOf(Object value) {
        return value instanceof Map<String, Object> ? (Map<String, Object>) value : null;
    }

    /** A JSON array, or null for anything else. */
    public static List<Object> listOf(Object value) {
        return value instanceof List<Object> ? (List<Object>) value : null;
    }

    /** The objects of a JSON array (other items skipped), or null for a non-array. */
    public static List<Map<String, Object>> objectsOf(Object value) {
        List<Object> items = listOf(value);
        if (items == null) {
            return null;
        }
        List<Map<String, Object>> objects = new List<Map<String, Object>>();
        for (Object item : items) {
            if (item instanceof Map<String, Object>) {
                objects.add((Map<String, Object>) item);
            }
        }
        return objects;
    }

    /** The texts of a JSON array, or null for a non-array. */
    public static List<String> stringsOf(Object value) {
        List<Object> items = listOf(value);
        if (items == null) {
            return null;
        }
        List<String> texts = new List<String>();
        for (Object item : items) {
            texts.add(stringOf(item));
        }
        return texts;
    }

    /** The numbers of a JSON array, or null for a non-array. */
    public static List<Decimal> decimalsOf(Object value) {
        List<Object> items = listOf(value);
        if (items == null) {
            return null;
        }
        List<Decimal> numbers = new List<Decimal>();
        for (Object item : items) {
            numbers.add(decimalOf(item));
        }
        return numbers;
    }
`;

export function renderModels(): string {
    const out: string[] = [
        ...banner(
            'The Partner Center resources as DTOs (fromMap / toMap over JSON.deserializeUntyped and JSON.serialize)\n' +
                'and the API enumerations. Apex fields whose JSON name is an Apex reserved word end in _x.\n' +
                '(Some enumeration values, e.g. 251to1000employees, have the shape of a record Id; they are not Ids.)'
        ),
        "@SuppressWarnings('PMD.AvoidHardcodingId')",
        `public inherited sharing class ${MODELS_CLASS} {`
    ];
    for (const [name, e] of Object.entries(ENUMS)) {
        out.push(
            `    /** ${name}${e.open ? ' (UNCONFIRMED list: other values are tolerated)' : ''}. */`,
            `    public static final List<String> ${constantName(name)} = new List<String>{ ${e.values.map(apexString).join(', ')} };`
        );
    }
    out.push('');
    for (const [name, resource] of Object.entries(RESOURCES)) out.push(...resourceClass(name, resource));
    out.push(HELPERS.replace(/^\n/, ''), '}', '');
    return out.join('\n');
}
