/**
 * Resolving SOQL field paths (`Name`, `Account.Name`, `Owner.Profile.Name`, `Opportunity__r.Amount`) against the
 * schema, with the platform's QueryException messages for unknown names (the well-known texts of the API's
 * INVALID_FIELD / INVALID_TYPE faults, which Apex reports as System.QueryException; INFERRED that Apex shows the
 * same final sentence without the query excerpt the API prepends).
 */
import { ApexThrow, ApexUnsupported } from '../../core/values';
import { FieldSchema, ObjectSchema } from '../schema/model';
import { SchemaRegistry } from '../schema/registry';
import { FieldPath } from './ast';

export interface ResolvedPath {
    /** Reference fields followed, in order (parent hops). */
    hops: FieldSchema[];
    /** The object the final field belongs to. */
    object: ObjectSchema;
    field: FieldSchema;
}

export function queryException(message: string): ApexThrow {
    return new ApexThrow('System.QueryException', message);
}

/**
 * apexrt knows every custom object, field and relationship of the project (its metadata), but only some standard
 * ones (schema/standard-objects.ts). A name it does not know is the platform's error only when it is a custom name;
 * a standard name may well exist on the platform, so it fails as unsupported rather than as a platform error.
 */
const CUSTOM_OBJECT_SUFFIX = /__(c|mdt|e|x|b)$/i;

/**
 * Standard fields apexrt knows to be absent from the org it models (a new Developer Edition org: one currency, so
 * no CurrencyIsoCode — Object Reference, "CurrencyIsoCode" exists only with multiple currencies enabled).
 */
const ABSENT_STANDARD_FIELDS = new Set([
    'currencyisocode',
    // The header of Change Data Capture events (Change Data Capture Developer Guide, "Change Event Message
    // Structure"): a field of change event objects only, which apexrt models with it.
    'changeeventheader'
]);

/** True when an unknown field name may exist on the platform although apexrt's schema lacks it. */
export function mayBeUnmodelledField(name: string): boolean {
    return !/__c$/i.test(name) && !ABSENT_STANDARD_FIELDS.has(name.toLowerCase());
}

/**
 * Standard objects known to be absent from the org apexrt models: DatedConversionRate "is not available in
 * single-currency organizations" (Object Reference, "DatedConversionRate"); in a multi-currency org it depends on
 * advanced currency management, which apexrt does not model (loud).
 */
function knownAbsentObject(name: string, schema: SchemaRegistry | undefined): boolean {
    return !!schema && name.toLowerCase() === 'datedconversionrate' && !schema.options.multiCurrency;
}

/** A FROM object the org does not have: the platform's QueryException for custom and known-absent names. */
export function unknownObject(name: string, schema?: SchemaRegistry): ApexThrow {
    if (!CUSTOM_OBJECT_SUFFIX.test(name) && !knownAbsentObject(name, schema))
        throw new ApexUnsupported(`standard object ${name}, which apexrt does not model`);
    return queryException(
        `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`
    );
}

export function noSuchColumn(column: string, object: ObjectSchema): ApexThrow {
    if (mayBeUnmodelledField(column))
        throw new ApexUnsupported(`standard field ${object.name}.${column}, which apexrt does not model`);
    return queryException(
        `No such column '${column}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`
    );
}

export function unknownRelationship(name: string, where: 'field path' | 'FROM part of query call'): ApexThrow {
    if (!/__r$/i.test(name))
        throw new ApexUnsupported(`standard relationship ${name} in a SOQL ${where}, which apexrt does not model`);
    return queryException(
        `Didn't understand relationship '${name}' in ${where}. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`
    );
}

export function resolvePath(schema: SchemaRegistry, root: ObjectSchema, written: FieldPath): ResolvedPath {
    let path = written;
    // "SELECT Account.Name FROM Account": a leading object name is allowed.
    if (
        path.length > 1 &&
        schema.localName(path[0]).toLowerCase() === root.name.toLowerCase() &&
        !schema.parentRelationship(root, path[0])
    ) {
        path = path.slice(1);
    }
    let object = root;
    const hops: FieldSchema[] = [];
    for (const name of path.slice(0, -1)) {
        const ref = schema.parentRelationship(object, name);
        if (!ref && schema.unmodelledRelationship(object, name))
            throw new ApexUnsupported(`SOQL path through the metadata relationship ${object.name}.${name}`);
        if (!ref) throw unknownRelationship(name, 'field path');
        if (ref.referenceTo.length !== 1)
            throw new ApexUnsupported(`SOQL path through polymorphic relationship ${object.name}.${name}`);
        const next = schema.getObject(ref.referenceTo[0]);
        if (!next)
            throw new ApexUnsupported(
                `SOQL relationship ${object.name}.${name} to ${ref.referenceTo[0]}, which apexrt does not model`
            );
        hops.push(ref);
        object = next;
    }
    const last = path[path.length - 1];
    const field = schema.getField(object, last);
    if (!field) throw noSuchColumn(last, object);
    if (field.formula !== undefined) throw new ApexUnsupported(`formula field ${object.name}.${field.name} in SOQL`);
    if (field.summary) throw new ApexUnsupported(`roll-up summary field ${object.name}.${field.name} in SOQL`);
    if (field.unmodelled) throw new ApexUnsupported(`${object.name}.${field.name} (${field.unmodelled})`);
    return { hops, object, field };
}
