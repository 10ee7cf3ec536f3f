/**
 * `ApexPages.StandardSetController` as far as a list-button page extension and its tests use it.
 * Facts (Apex Reference, "StandardSetController Class",
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_pages_standardsetcontroller.htm):
 * - instantiated from a list of sObjects or from a query locator; a list of more than 10,000 records is truncated
 *   to 10,000 without an exception (a query locator over 10,000 throws a LimitException: query locators are not
 *   modelled here, so that constructor is unsupported).
 * - getSelected() returns the records the user selected (on a list view, before pressing the list button);
 *   setSelected(records) replaces the selection (tests use it to stand in for the user's selection);
 *   getResultSize() is the number of records in the set.
 * Visualforce Developer Guide, "Mass Updating Records with a Custom List Controller": a list button on a list view
 * opens a page with `standardController` and `recordSetVar`, whose extension receives the controller and reads the
 * selection with getSelected(). apexrt runs no Visualforce: the page's controller is what tests construct.
 * Every other method (paging, filters, save, the prototype record) is unsupported.
 */
import { ApexList } from '../collections/collections';
import { ApexUnsupported } from '../core/values';
import { SObject } from '../data';
import type { NativeCallResult, NativeLibrary } from '../interpreter/native-library';

const TYPE = 'ApexPages.StandardSetController';
/** "StandardSetController Class": the maximum record limit. */
const MAX_RECORDS = 10_000;

export class StandardSetControllerValue {
    selected: SObject[] = [];
    constructor(readonly records: SObject[]) {}
}

function records(v: unknown, what: string): SObject[] {
    if (!(v instanceof ApexList))
        throw new ApexUnsupported(`${what} without a List<SObject> (query locators are not modelled)`);
    return v.items.map((r) => {
        if (!(r instanceof SObject)) throw new ApexUnsupported(`${what} with a null record`);
        return r;
    });
}

const SOBJECT_LIST = { name: 'SObject', args: [] };

export function standardSetControllerNatives(): NativeLibrary {
    const ok = (value: unknown): NativeCallResult => ({ value });
    const METHODS = ['getselected', 'setselected', 'getresultsize'];
    return {
        typeName: (name) => (name.toLowerCase() === TYPE.toLowerCase() ? TYPE : undefined),
        callStatic: (_run, typeName, method, args) => {
            if (typeName.toLowerCase() !== TYPE.toLowerCase() || method !== '<new>') return undefined;
            if (args.length !== 1) throw new ApexUnsupported(`new ${TYPE} with ${args.length} arguments`);
            return ok(new StandardSetControllerValue(records(args[0], `new ${TYPE}`).slice(0, MAX_RECORDS)));
        },
        callInstance: (_run, _typeName, self, method, args) => {
            if (!(self instanceof StandardSetControllerValue)) return undefined;
            const m = method.toLowerCase();
            if (m === 'getselected') return ok(new ApexList(SOBJECT_LIST, [...self.selected]));
            if (m === 'setselected') {
                self.selected = records(args[0], `${TYPE}.setSelected`);
                return ok(undefined);
            }
            if (m === 'getresultsize') return ok(self.records.length);
            throw new ApexUnsupported(`${TYPE}.${method}`);
        },
        knowsMember: (typeName, method) =>
            typeName.toLowerCase() === TYPE.toLowerCase() ? METHODS.includes(method.toLowerCase()) : undefined,
        isInstance: (v, typeName) =>
            v instanceof StandardSetControllerValue ? typeName.toLowerCase() === TYPE.toLowerCase() : undefined,
        runtimeTypeName: (v) => (v instanceof StandardSetControllerValue ? TYPE : undefined)
    };
}
