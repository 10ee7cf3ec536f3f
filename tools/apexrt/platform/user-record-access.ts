/**
 * UserRecordAccess: a user's access to records, as far as apexrt knows it without a record sharing model.
 * Facts (Object Reference, "UserRecordAccess",
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_userrecordaccess.htm):
 * - read-only fields RecordId, UserId, HasReadAccess, HasEditAccess, HasDeleteAccess, HasTransferAccess,
 *   HasAllAccess and MaxAccessLevel (None, Read, Edit, Delete, Transfer, All);
 * - a query names one user (`UserId = `) and the records (`RecordId = ` one Id, or `RecordId IN` up to 200 Ids);
 *   other query shapes are not modelled (unsupported).
 * Who has which access (Apex Developer Guide, "Understanding Sharing"; Salesforce Help, "Modify All Data" and object
 * "Modify All"): the record's owner has full access (read, edit, delete, transfer, share); a user with Modify All
 * Data (the System Administrator profile) or the object's Modify All permission has full access to every record.
 * Only the running user's own access is modelled (the package asks about the running user); any other user's
 * access depends on the org's sharing (org-wide defaults, role hierarchy, share rows, sharing
 * rules), which this module does not model: such a row is unsupported rather than guessed. Whether the flags also
 * reflect a missing object permission (an owner without Edit on the object) is not documented: unsupported too.
 */
import { ApexUnsupported } from '../core/values';
import type { OrgData } from '../data';
import type { Database } from '../data/database';
import type { ObjectSchema } from '../data/schema/model';
import { USER_RECORD_ACCESS } from '../data/schema/setup-objects';
import type { BindReference, Condition, Operand, SoqlQuery } from '../data/soql/ast';
import { tryNormalizeId } from '../data/ids';
import { canAccessObject } from '../data-bridge/permissions';

/** "a query can list up to 200 records" (same page). */
const MAX_RECORDS = 200;

type Resolve = (bind: BindReference) => unknown;

function ids(operand: Operand, resolve: Resolve): unknown[] {
    if (operand.kind === 'bind') {
        const v = resolve(operand);
        return v !== null && typeof v === 'object' && Symbol.iterator in v ? [...(v as Iterable<unknown>)] : [v];
    }
    if (operand.kind === 'string') return [operand.value];
    if (operand.kind === 'list') return operand.items.flatMap((i) => ids(i, resolve));
    throw new ApexUnsupported('a UserRecordAccess query with a RecordId or UserId that is no Id');
}

/** The user and the records a query asks about: `UserId = x AND RecordId (= | IN) y`, in either order. */
function askedFor(query: SoqlQuery, resolve: Resolve): { userId: string; recordIds: string[] } {
    const shape = 'UserRecordAccess queried other than WHERE UserId = <user> AND RecordId = / IN <records>';
    const where: Condition | undefined = query.where;
    if (!where || where.kind !== 'and' || where.items.length !== 2) throw new ApexUnsupported(shape);
    let userId: string | undefined;
    let recordIds: string[] | undefined;
    for (const c of where.items) {
        if (c.kind !== 'compare' || c.path.length !== 1) throw new ApexUnsupported(shape);
        const field = c.path[0].toLowerCase();
        const values = ids(c.value, resolve).map((v) => (typeof v === 'string' ? tryNormalizeId(v) : undefined));
        if (values.some((v) => !v)) throw new ApexUnsupported(`${shape}: a value that is no Id`);
        if (field === 'userid' && c.op === '=' && values.length === 1) userId = values[0];
        else if (field === 'recordid' && (c.op === '=' || c.op === 'IN')) recordIds = values as string[];
        else throw new ApexUnsupported(shape);
    }
    if (!userId || !recordIds) throw new ApexUnsupported(shape);
    if (recordIds.length > MAX_RECORDS)
        throw new ApexUnsupported(
            `a UserRecordAccess query of ${recordIds.length} records (at most 200; the platform error is not documented)`
        );
    return { userId, recordIds };
}

/**
 * Full access, or unsupported: the owner, Modify All Data. Only the running user's own access is modelled (object
 * permissions are known for the running user alone: data-bridge/permissions.ts).
 */
function fullAccess(org: OrgData, userId: string, object: ObjectSchema, row: Record<string, unknown>): boolean {
    const runningUser = org.db.runningUserId ?? org.setup.runningUserId;
    if (userId !== runningUser)
        throw new ApexUnsupported(
            'UserRecordAccess of another user than the running one (their permissions are not modelled)'
        );
    if (org.db.getRow(userId)?.row.profileid === org.setup.adminProfileId) return true;
    if (object.owned && row.ownerid === userId) {
        const may = (op: 'read' | 'edit' | 'delete'): boolean =>
            canAccessObject(org, object.name, op, 'UserRecordAccess');
        if (!may('read') || !may('edit') || !may('delete'))
            throw new ApexUnsupported(
                `UserRecordAccess of an owner without Read, Edit and Delete on ${object.name} (whether the flags reflect object permissions is not documented)`
            );
        return true;
    }
    throw new ApexUnsupported(
        `UserRecordAccess of ${/^[AEIOU]/i.test(object.name) ? 'an' : 'a'} ${object.name} the user neither owns nor administers: record sharing (org-wide defaults, roles, shares, Modify All) is not modelled here`
    );
}

function accessRow(org: OrgData, userId: string, recordId: string): Record<string, unknown> | undefined {
    const found = org.db.getRow(recordId);
    if (!found) return undefined;
    const all = fullAccess(org, userId, found.object, found.row);
    return {
        recordid: recordId,
        userid: userId,
        hasreadaccess: all,
        haseditaccess: all,
        hasdeleteaccess: all,
        hastransferaccess: all,
        hasallaccess: all,
        maxaccesslevel: all ? 'All' : 'None'
    };
}

/** The database a UserRecordAccess query reads: the store, with the rows of the user and records asked about. */
export function userRecordAccessView(org: OrgData, query: SoqlQuery, resolve: Resolve): Database {
    const { userId, recordIds } = askedFor(query, resolve);
    const rows = recordIds
        .map((id) => accessRow(org, userId, id))
        .filter((r): r is Record<string, unknown> => r !== undefined);
    const db = org.db;
    return Object.create(db, {
        rows: {
            value: (object: ObjectSchema) => (object.name === USER_RECORD_ACCESS.name ? rows : db.rows(object))
        },
        deletedRows: {
            value: (object: ObjectSchema) => (object.name === USER_RECORD_ACCESS.name ? [] : db.deletedRows(object))
        }
    }) as Database;
}
