/**
 * Standard enums that apexrt models as real enums (EnumValue of a built-in enum class): `switch on`, `name()`,
 * `==`, `equals`, `hashCode` and Set/Map keys behave like user enums. `ordinal()` and `values()` are answered only
 * where the Apex Reference documents the order; elsewhere they fail loudly as unsupported.
 *
 * The constants are shared singletons, so every program and every native layer hands out the same values.
 */
import { EnumValue } from '../interpreter/runtime-values';
import { ClassInfo, newClassInfo } from './classes';

interface StandardEnumSpec {
    fullName: string;
    values: string[];
    /** True when the Reference documents the declaration order (ordinal()/values() answerable). */
    ordered: boolean;
}

const SPECS: StandardEnumSpec[] = [
    // Apex Reference, "TriggerOperation Enum": "listed by their ordinal value", 0 BEFORE_INSERT ... 6 AFTER_UNDELETE.
    {
        fullName: 'System.TriggerOperation',
        values: [
            'BEFORE_INSERT',
            'AFTER_INSERT',
            'BEFORE_UPDATE',
            'AFTER_UPDATE',
            'BEFORE_DELETE',
            'AFTER_DELETE',
            'AFTER_UNDELETE'
        ],
        ordered: true
    },
    // Apex Reference, "LoggingLevel Enum": "listed from the lowest to the highest levels" — the order, not ordinals.
    {
        fullName: 'System.LoggingLevel',
        values: ['NONE', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'FINE', 'FINER', 'FINEST'],
        ordered: false
    },
    // Apex Reference, "AccessLevel Class": USER_MODE, SYSTEM_MODE.
    { fullName: 'System.AccessLevel', values: ['USER_MODE', 'SYSTEM_MODE'], ordered: false },
    // Apex Reference, "AccessType Enum": CREATABLE, READABLE, UPDATABLE, UPSERTABLE (Security.stripInaccessible).
    { fullName: 'System.AccessType', values: ['CREATABLE', 'READABLE', 'UPDATABLE', 'UPSERTABLE'], ordered: false },
    // Apex Reference, "SObjectDescribeOptions Enum": DEFAULT, DEFERRED, FULL.
    { fullName: 'Schema.SObjectDescribeOptions', values: ['DEFAULT', 'DEFERRED', 'FULL'], ordered: false },
    // Apex Reference, "Rounding Mode" (System.RoundingMode, used by Decimal.setScale/round/divide): values as listed.
    {
        fullName: 'System.RoundingMode',
        values: ['CEILING', 'DOWN', 'FLOOR', 'HALF_DOWN', 'HALF_EVEN', 'HALF_UP', 'UNNECESSARY', 'UP'],
        ordered: false
    },
    // Apex Reference, "Quiddity Enum" (System.Request.getQuiddity): the values as listed, order not documented
    // (IOT is listed by earlier versions of the page and still compiles).
    {
        fullName: 'System.Quiddity',
        values: [
            'ANONYMOUS',
            'AURA',
            'BATCH_ACS',
            'BATCH_APEX',
            'BATCH_CHUNK_PARALLEL',
            'BATCH_CHUNK_SERIAL',
            'BULK_API',
            'COMMERCE_INTEGRATION',
            'DISCOVERABLE_LOGIN',
            'EXTERNAL_SERVICE_CALLBACK',
            'FUNCTION_CALLBACK',
            'FUTURE',
            'INBOUND_EMAIL_SERVICE',
            'INVOCABLE_ACTION',
            'IOT',
            'PLATFORM_EVENT_PUBLISH_CALLBACK',
            'POST_INSTALL_SCRIPT',
            'QUEUEABLE',
            'QUICK_ACTION',
            'REMOTE_ACTION',
            'REST',
            'RUNTEST_ASYNC',
            'RUNTEST_DEPLOY',
            'RUNTEST_SYNC',
            'SCHEDULED',
            'SOAP',
            'SYNCHRONOUS',
            'TRANSACTION_FINALIZER_QUEUEABLE',
            'VF'
        ],
        ordered: false
    },
    // Apex Reference, "FormulaReturnType Enum" and "FormulaGlobal Enum" (values listed, order not documented).
    {
        fullName: 'FormulaEval.FormulaReturnType',
        values: ['BOOLEAN', 'DATE', 'DATETIME', 'DECIMAL', 'DOUBLE', 'ID', 'INTEGER', 'LONG', 'STRING', 'TIME'],
        ordered: false
    },
    {
        fullName: 'FormulaEval.FormulaGlobal',
        values: [
            'CUSTOMMETADATA',
            'LABEL',
            'ORGANIZATION',
            'PERMISSION',
            'PROFILE',
            'SETUP',
            'SYSTEM',
            'USER',
            'USERROLE'
        ],
        ordered: false
    }
];

interface StandardEnum {
    cls: ClassInfo;
    ordered: boolean;
    constants: Map<string, EnumValue>;
}

const BY_CLASS = new Map<ClassInfo, StandardEnum>();
const BY_NAME = new Map<string, StandardEnum>();

for (const spec of SPECS) {
    const [ns, name] = spec.fullName.split('.');
    const cls = newClassInfo({
        fullName: spec.fullName,
        name,
        kind: 'enum',
        builtin: true,
        linked: true,
        enumValues: spec.values
    });
    const e: StandardEnum = {
        cls,
        ordered: spec.ordered,
        constants: new Map(spec.values.map((v, i) => [v.toLowerCase(), new EnumValue(cls, v, i)]))
    };
    BY_CLASS.set(cls, e);
    BY_NAME.set(name.toLowerCase(), e);
    BY_NAME.set(spec.fullName.toLowerCase(), e);
    void ns;
}

/** Registers every standard enum class under its simple and its namespace-qualified name. */
export function registerStandardEnums(register: (c: ClassInfo, aliases: string[]) => void): void {
    for (const { cls } of BY_CLASS.values()) register(cls, [cls.name, cls.fullName]);
}

/** The constant `value` of a standard enum (`standardEnumValue('TriggerOperation', 'BEFORE_INSERT')`). */
export function standardEnumValue(enumName: string, value: string): EnumValue {
    const e = BY_NAME.get(enumName.toLowerCase());
    const v = e?.constants.get(value.toLowerCase());
    if (!v) throw new Error(`apexrt: no standard enum constant ${enumName}.${value}`);
    return v;
}

/** The constants of a built-in enum class keyed by lower-case name, or undefined for other classes. */
export function standardEnumConstants(cls: ClassInfo): Map<string, EnumValue> | undefined {
    return BY_CLASS.get(cls)?.constants;
}

/** True when the built-in enum's declaration order is documented (ordinal()/values() answerable). */
export function standardEnumOrdered(cls: ClassInfo): boolean {
    return BY_CLASS.get(cls)?.ordered ?? true;
}

/** True when `v` is the named constant of a standard enum, whatever the casing of `name`. */
export function isStandardEnumValue(v: unknown, enumName: string, value: string): boolean {
    return v instanceof EnumValue && v === BY_NAME.get(enumName.toLowerCase())?.constants.get(value.toLowerCase());
}
