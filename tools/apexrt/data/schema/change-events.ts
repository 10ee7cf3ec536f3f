/**
 * Change Data Capture event objects (Change Data Capture Developer Guide, "Change Event Object Support" and
 * "Change Event Message Structure"; Object Reference, "StandardObjectNameChangeEvent"): `<Standard>ChangeEvent`
 * for the standard objects that support change events and `<Name>__ChangeEvent` for every custom object. apexrt
 * models what Apex tests build by hand: the object type and its `ChangeEventHeader` field (an
 * EventBus.ChangeEventHeader). The record fields a change event carries (those of its parent, with exceptions the
 * guide lists), queries (a change event "doesn't support CRUD operations or queries") and publishing through DML or
 * Test.enableChangeDataCapture are not modelled: they fail loudly.
 */
import { makeField, ObjectSchema } from './model';

/**
 * Standard objects with change events that apexrt's schema models. Named by the Trailhead module "Change Data
 * Capture Basics" ("Account, Contact, Lead, User, Order, OrderItem, Product2, and others"); another standard
 * object's change event stays unknown (loud) until its support is checked in the Object Reference.
 */
const STANDARD_WITH_CHANGE_EVENTS = new Set(['account', 'contact', 'lead', 'user', 'product2']);

const UNMODELLED = 'apexrt models only the ChangeEventHeader of change events';

/** The change event object of `parent`, or undefined when it has none that apexrt knows. */
export function changeEventObjectOf(parent: ObjectSchema): ObjectSchema | undefined {
    let name: string;
    if (parent.kind === 'custom' && /__c$/i.test(parent.name)) name = parent.name.replace(/__c$/i, '__ChangeEvent');
    else if (parent.kind === 'standard' && STANDARD_WITH_CHANGE_EVENTS.has(parent.name.toLowerCase()))
        name = `${parent.name}ChangeEvent`;
    else return undefined;
    const header = makeField('ChangeEventHeader', 'complexvalue', {
        valueType: 'EventBus.ChangeEventHeader',
        label: 'Change Event Header'
    });
    return {
        name,
        label: `${parent.label} Change Event`,
        labelPlural: `${parent.label} Change Events`,
        // The key prefix of change events is not documented: describe's getKeyPrefix() is loud (schema-tokens.ts).
        keyPrefix: '',
        kind: 'standard',
        custom: false,
        fields: new Map([[header.name.toLowerCase(), header]]),
        childRelationships: [],
        unsupportedAutomation: ['change events are published by the platform (Change Data Capture), not by DML'],
        owned: false,
        dmlAllowed: false,
        unmodelledRows: 'change events are not queryable records',
        unmodelledFields: UNMODELLED
    };
}

/** The parent object name a change event name points at (`AccountChangeEvent` → Account, `X__ChangeEvent` → X__c). */
export function changeEventParentName(name: string): string | undefined {
    if (/__ChangeEvent$/i.test(name)) return name.replace(/__ChangeEvent$/i, '__c');
    if (/.ChangeEvent$/i.test(name)) return name.slice(0, -'ChangeEvent'.length);
    return undefined;
}
