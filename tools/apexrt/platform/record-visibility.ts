/**
 * Record visibility of code that runs with sharing (docs/reference/apex-semantics.md §3.13): which records a
 * query returns and which records DML may write, for the running user. Sources, by rule:
 *
 * - [keywords] Apex Developer Guide, "Using the with sharing, without sharing, and inherited sharing Keywords"
 *   (apex_classes_keywords_sharing.htm): with sharing enforces the running user's record access on SOQL and DML;
 *   without sharing (system context) does not. [user-mode] "Enforce User Mode for Database Operations": user mode
 *   enforces the user's sharing whatever the class declares.
 * - [understanding] Apex Developer Guide, "Understanding Sharing" (apex_bulk_sharing_understanding.htm): the owner
 *   has full access (read, edit, delete, share); users above another user in the role hierarchy get the same
 *   access to records owned by or shared with users below; for custom objects this can be turned off ("Grant
 *   Access Using Hierarchies"); queues own records and give their members access.
 * - [owd] Salesforce Help, "Organization-Wide Default Access Settings" (sharing_model_fields.htm): Private — owner
 *   and users above; Public Read Only — everyone reads, owner and users above edit; Public Read/Write — everyone
 *   reads and edits; Controlled by Parent — the action is allowed when it is allowed on the master record.
 *   "Default Organization-Wide Sharing Settings": a new org has Account Public Read/Write, Opportunity Public Read
 *   Only, Contact Controlled by Parent, Lead and Case Public Read/Write/Transfer, Campaign Public Full Access, custom
 *   objects Public Read/Write.
 * - [share] Object Reference, "OpportunityShare", "AccountShare", Apex Developer Guide "Sharing a Record Using
 *   Apex": share rows give a user or group Read or Edit; AccountShare.OpportunityAccessLevel gives access to the
 *   account's opportunities; a share row's level must be higher than the org-wide default, only RowCause Manual
 *   may be written on standard objects, and "All" is not valid on create.
 * - [role] Object Reference, "UserRole": OpportunityAccessForAccountOwner — what an account owner in the role gets
 *   on the account's opportunities owned by others.
 * - [implicit] Record Access Under the Hood, "Implicit Sharing" (draes_object_relationships_implicit_sharing.htm):
 *   a user with access to an account's child opportunity, case or contact reads the account (implicit parent), and
 *   the account owner gets the children's access the owner's role gives (implicit child); neither applies when the
 *   child's sharing is controlled by its parent.
 * - [admin] Salesforce Help, "View All Data" / "Modify All Data" (System Administrator) and object permissions
 *   "View All" / "Modify All": record sharing is bypassed.
 *
 * Not modelled, and loud when a with-sharing query or DML would depend on it: sharing rules (owner- and
 * criteria-based), territories, teams (account/opportunity/case teams), sharing sets and portal users, role and
 * territory groups as share targets, activities, notes and files, the Automated Process user's access, objects
 * whose sharing apexrt does not know, relationship fields reaching a record the user cannot read, and DML that
 * references a record the user cannot read.
 */
import { ApexUnsupported } from '../core/values';
import type { OrgData } from '../data';
import type { ObjectSchema } from '../data/schema/model';
import type { BindReference, Condition, Operand, SoqlQuery } from '../data/soql/ast';
import { bindItems } from '../data/soql/filter';
import { toId } from '../data/ids';
import type { RunContext } from '../interpreter/context';
import { hasObjectPermissionFromSets } from '../data-bridge/permissions';
import { effectiveSharing } from './sharing';
import { platformOf } from './platform-state';

type Row = Readonly<Record<string, unknown>>;

/** None < Read < Edit < All (owner: edit, delete, share). */
const Access = { None: 0, Read: 1, Edit: 2, All: 3 } as const;
type Access = number;

/** [owd] The defaults of a new org for the standard objects apexrt models. */
const NEW_ORG_DEFAULTS: Record<string, string> = {
    account: 'ReadWrite',
    opportunity: 'Read',
    contact: 'ControlledByParent',
    lead: 'ReadWriteTransfer',
    case: 'ReadWriteTransfer',
    campaign: 'FullAccess'
};

/**
 * Standard objects whose access is the access to a parent record. Object Reference, "OpportunityContactRole": "The
 * API applies user access rights to the associated Opportunity for this object, but not to the associated Contact".
 */
const ACCESS_OF_PARENT: Record<string, string> = { opportunitycontactrole: 'OpportunityId' };

/** [implicit] The account's child objects whose access and the account's relate (implicit parent and child). */
const ACCOUNT_CHILDREN = ['Opportunity', 'Case', 'Contact'];

/** [owd] What every internal user gets from each org-wide default. */
const BASELINE: Record<string, Access> = {
    private: Access.None,
    read: Access.Read,
    readwrite: Access.Edit,
    readwritetransfer: Access.Edit,
    fullaccess: Access.All
};

/**
 * Setup objects without record-level sharing (Object Reference: profiles, permission sets, groups, roles, record
 * types, org settings): readable by every user whatever the sharing mode. Users: a new org's default for users is
 * Public Read Only [owd].
 */
const NO_RECORD_SHARING = new Set(
    [
        'User',
        'Profile',
        'UserRole',
        'Group',
        'GroupMember',
        'Organization',
        'RecordType',
        'PermissionSet',
        'PermissionSetAssignment',
        'PermissionSetGroup',
        'PermissionSetGroupComponent',
        'ObjectPermissions',
        'FieldPermissions',
        'OpportunityStage',
        'LeadStatus',
        'EntityDefinition',
        'CustomNotificationType',
        'CurrencyType',
        'ApexClass',
        'PlatformCachePartition',
        'UserRecordAccess'
    ].map((n) => n.toLowerCase())
);

/** The share object of an object and the names of its parent and access fields. */
interface ShareShape {
    object: string;
    parentField: string;
    accessField: string;
}

function shareShape(org: OrgData, object: ObjectSchema): ShareShape | undefined {
    if (object.kind === 'custom') {
        const name = object.name.replace(/__c$/i, '__Share');
        return org.schema.getObject(name)
            ? { object: name, parentField: 'parentid', accessField: 'accesslevel' }
            : undefined;
    }
    const known: Record<string, ShareShape> = {
        opportunity: {
            object: 'OpportunityShare',
            parentField: 'opportunityid',
            accessField: 'opportunityaccesslevel'
        },
        account: { object: 'AccountShare', parentField: 'accountid', accessField: 'accountaccesslevel' }
    };
    return known[object.name.toLowerCase()];
}

const LEVEL: Record<string, Access> = { none: Access.None, read: Access.Read, edit: Access.Edit, all: Access.All };

function level(value: unknown): Access {
    return LEVEL[String(value ?? 'none').toLowerCase()] ?? Access.None;
}

/** The org-wide default of an object: the org shape's, else the object's metadata, else a new org's. */
export function orgWideDefault(org: OrgData, object: ObjectSchema): string | undefined {
    const shape = org.schema.options.sharing?.orgWideDefaults ?? {};
    const configured = Object.entries(shape).find(([k]) => org.schema.getObject(k) === object)?.[1];
    if (configured) return configured;
    if (object.kind === 'custom') return object.sharingModel ?? 'ReadWrite';
    if (ACCESS_OF_PARENT[object.name.toLowerCase()]) return 'ControlledByParent';
    return NEW_ORG_DEFAULTS[object.name.toLowerCase()];
}

function runningUserId(org: OrgData): string {
    return org.db.runningUserId ?? org.setup.runningUserId;
}

function userRow(org: OrgData, id: string): Row | undefined {
    return org.db.getRow(id)?.row;
}

/** The modelling of one user's access: computed lazily, per query or DML statement. */
class UserAccess {
    private subordinates?: Set<string>;
    private readonly groupsOf = new Map<string, boolean>();

    constructor(
        readonly org: OrgData,
        readonly userId: string
    ) {}

    /** [admin] View All Data / Modify All Data: the System Administrator profile. */
    get seesEverything(): boolean {
        return userRow(this.org, this.userId)?.profileid === this.org.setup.adminProfileId;
    }

    /** [understanding] The user and every user whose role is below the user's role. */
    principals(hierarchy: boolean): Set<string> {
        if (!hierarchy) return new Set([this.userId]);
        if (this.subordinates) return this.subordinates;
        const users = this.org.db.rows(this.org.schema.getObject('User')!);
        const roles = this.org.db.rows(this.org.schema.getObject('UserRole')!);
        const children = new Map<unknown, unknown[]>();
        for (const r of roles) children.set(r.parentroleid, [...(children.get(r.parentroleid) ?? []), r.id]);
        const below = new Set<unknown>();
        const walk = (role: unknown): void => {
            for (const c of children.get(role) ?? []) {
                if (below.has(c)) continue;
                below.add(c);
                walk(c);
            }
        };
        const own = userRow(this.org, this.userId)?.userroleid;
        if (own) walk(own);
        this.subordinates = new Set([
            this.userId,
            ...users.filter((u) => u.userroleid && below.has(u.userroleid)).map((u) => u.id as string)
        ]);
        return this.subordinates;
    }

    /** Whether a user or group Id (a share's UserOrGroupId, a record's owner) includes one of the principals. */
    includes(userOrGroupId: unknown, principals: Set<string>): boolean {
        if (typeof userOrGroupId !== 'string') return false;
        if (principals.has(userOrGroupId)) return true;
        if (!userOrGroupId.startsWith('00G')) return false;
        const key = `${userOrGroupId}|${[...principals].join(',')}`;
        const known = this.groupsOf.get(key);
        if (known !== undefined) return known;
        const result = this.groupIncludes(userOrGroupId, principals, new Set());
        this.groupsOf.set(key, result);
        return result;
    }

    /**
     * Members of a public group or queue, nested groups included. [understanding] Queue members (and users above
     * them) have access to the queue's records; a public group's managers only when it grants access using
     * hierarchies (Group.DoesIncludeBosses).
     */
    private groupIncludes(groupId: string, principals: Set<string>, seen: Set<string>): boolean {
        if (seen.has(groupId)) return false;
        seen.add(groupId);
        const group = userRow(this.org, groupId);
        if (!group) return false;
        const type = String(group.type ?? 'Regular');
        if (type !== 'Regular' && type !== 'Queue')
            throw new ApexUnsupported(`record sharing to a group of type ${type} (role and territory groups)`);
        const counted = type === 'Queue' || group.doesincludebosses === true ? principals : new Set([this.userId]);
        for (const m of this.org.db.rows(this.org.schema.getObject('GroupMember')!)) {
            if (m.groupid !== groupId) continue;
            const member = m.userorgroupid as string;
            if (counted.has(member)) return true;
            if (member.startsWith('00G') && this.groupIncludes(member, counted, seen)) return true;
        }
        return false;
    }

    /** The user's access to one record of `object`. */
    access(object: ObjectSchema, row: Row): Access {
        if (this.seesEverything) return Access.All;
        if (NO_RECORD_SHARING.has(object.name.toLowerCase())) return Access.Read;
        if (hasObjectPermissionFromSets(this.org, this.userId, object.name, 'modifyAll')) return Access.All;
        const viewAll = hasObjectPermissionFromSets(this.org, this.userId, object.name, 'viewAll');
        const owd = orgWideDefault(this.org, object);
        if (owd === undefined)
            throw new ApexUnsupported(
                `record sharing of ${object.name} (with sharing as a user without View All Data)`
            );
        if (owd === 'ControlledByParent') return Math.max(this.parentAccess(object, row), viewAll ? 1 : 0);
        const baseline = BASELINE[owd.toLowerCase()];
        if (baseline === undefined) throw new ApexUnsupported(`the org-wide default ${owd} of ${object.name}`);
        let access: Access = Math.max(baseline, viewAll ? Access.Read : Access.None);
        if (access === Access.All) return access;
        const hierarchy = !(this.org.schema.options.sharing?.noHierarchyAccess ?? []).some(
            (n) => this.org.schema.getObject(n) === object
        );
        const principals = this.principals(object.kind !== 'custom' || hierarchy);
        if (this.includes(row.ownerid, principals)) return Access.All;
        const shape = shareShape(this.org, object);
        if (shape) {
            for (const s of this.org.db.rows(this.org.schema.getObject(shape.object)!)) {
                if (s[shape.parentField] !== row.id || !this.includes(s.userorgroupid, principals)) continue;
                access = Math.max(access, level(s[shape.accessField]));
            }
        }
        if (ACCOUNT_CHILDREN.includes(object.name) && access < Access.Edit && row.accountid)
            access = Math.max(access, this.childFromAccount(object.name, row.accountid as string, principals));
        if (object.name === 'Account' && access === Access.None && this.readsAChild(row.id as string))
            access = Access.Read;
        return access;
    }

    /**
     * [share][role][implicit] An opportunity's, case's or contact's access through its account (implicit child):
     * the account shares' OpportunityAccessLevel / CaseAccessLevel / ContactAccessLevel and the account owner's
     * role (OpportunityAccessForAccountOwner / CaseAccessForAccountOwner / ContactAccessForAccountOwner).
     */
    private childFromAccount(child: string, accountId: string, principals: Set<string>): Access {
        const shareField = `${child.toLowerCase()}accesslevel`;
        const roleField = `${child.toLowerCase()}accessforaccountowner`;
        let access: Access = Access.None;
        for (const s of this.org.db.rows(this.org.schema.getObject('AccountShare')!)) {
            if (s.accountid === accountId && this.includes(s.userorgroupid, principals))
                access = Math.max(access, level(s[shareField]));
        }
        const account = userRow(this.org, accountId);
        if (account && principals.has(account.ownerid as string)) {
            const role = userRow(this.org, userRow(this.org, account.ownerid as string)?.userroleid as string);
            if (!role)
                throw new ApexUnsupported(
                    "an account owner's access to the account's opportunities when the owner has no role"
                );
            access = Math.max(access, level(role[roleField]));
        }
        return access;
    }

    /**
     * [implicit] Whether the user reads one of the account's opportunities, cases or contacts (implicit parent
     * access, read only); "not used when sharing on the child is controlled by its parent".
     */
    private readsAChild(accountId: string): boolean {
        return ACCOUNT_CHILDREN.some((name) => {
            const child = this.org.schema.getObject(name);
            if (!child || orgWideDefault(this.org, child) === 'ControlledByParent') return false;
            return this.org.db
                .rows(child)
                .some((o) => o.accountid === accountId && this.access(child, o) >= Access.Read);
        });
    }

    /** [owd] Controlled by Parent: the access to the master record (the least of several masters). */
    private parentAccess(object: ObjectSchema, row: Row): Access {
        const parentField = object.name === 'Contact' ? 'AccountId' : ACCESS_OF_PARENT[object.name.toLowerCase()];
        const masters = [...object.fields.values()].filter((f) => f.masterDetail || f.name === parentField);
        if (!masters.length) throw new ApexUnsupported(`Controlled by Parent on ${object.name} without a master`);
        let access: Access = Access.All;
        for (const f of masters) {
            const parent = row[f.name.toLowerCase()];
            const master = typeof parent === 'string' ? this.org.db.getRow(parent) : undefined;
            if (!master)
                throw new ApexUnsupported(`the sharing of a ${object.name} without its ${f.name} (private records)`);
            access = Math.min(access, this.access(master.object, master.row));
        }
        return access;
    }
}

/**
 * Whether the code running now enforces the running user's record access, and for which user: undefined when it
 * does not (without sharing, a System Administrator, an object without record sharing).
 */
function enforcing(run: RunContext, org: OrgData, userMode: boolean): UserAccess | undefined {
    if (!userMode && effectiveSharing(run, platformOf(run).entryDepth).mode === 'without') return undefined;
    const user = new UserAccess(org, runningUserId(org));
    // The Automated Process user (platform event triggers and what they enqueue) is not an ordinary user: which
    // records it sees with sharing is not documented.
    if (userRow(org, user.userId)?.usertype === 'AutomatedProcess')
        throw new ApexUnsupported(
            `record access of the Automated Process user with sharing (${sharingReason(run, userMode)}; not documented)`
        );
    return user.seesEverything ? undefined : user;
}

function sharingReason(run: RunContext, userMode: boolean): string {
    return userMode ? 'user mode' : effectiveSharing(run, platformOf(run).entryDepth).because;
}

function hasRecordSharing(object: ObjectSchema): boolean {
    return !['customMetadata', 'customSetting', 'platformEvent'].includes(object.kind);
}

/** Whether a user can read a record (for a query's rows), or undefined when the query is not filtered. */
export type RowVisibility = (object: ObjectSchema, row: Row) => boolean;

/**
 * The row filter of a query (main rows and subquery rows); a relationship field reaching a record the user cannot
 * read is refused (whether the platform blanks it is not documented).
 */
export function queryVisibility(
    run: RunContext,
    org: OrgData,
    object: ObjectSchema,
    userMode: boolean
): RowVisibility | undefined {
    if (!hasRecordSharing(object)) return undefined;
    const user = enforcing(run, org, userMode);
    if (!user) return undefined;
    return (o, row) => !hasRecordSharing(o) || user.access(o, row) >= Access.Read;
}

/** A DML row error: the record's Id (or index) and the error the platform reports. */
export interface SharingRefusal {
    statusCode: string;
    message: string;
    fields: string[];
}

/**
 * [keywords] The records of a with-sharing DML statement the running user may not write: update needs Edit,
 * delete needs full access (owner, above the owner, Modify All); undelete with sharing is refused loudly (which
 * deleted records a user may restore is not modelled). Error: INSUFFICIENT_ACCESS_OR_READONLY
 * (Apex Reference, "StatusCode Enum"); the message is the widely reported "insufficient access rights on object id"
 * (INFERRED). A new record is the running user's unless OwnerId says otherwise; a reference to a record the user
 * cannot read is refused loudly (the platform's check is not documented).
 */
export function dmlRefusals(
    run: RunContext,
    org: OrgData,
    op: 'insert' | 'update' | 'upsert' | 'delete' | 'undelete',
    records: Array<{ id: string | null; fields?: Map<string, unknown> }>,
    object: ObjectSchema | undefined,
    userMode: boolean
): Map<number, SharingRefusal> {
    const refused = new Map<number, SharingRefusal>();
    if (!object || !hasRecordSharing(object)) return refused;
    // The running user's record access, asked only where a record needs it: a new record with no reference to
    // a record under sharing is the running user's whatever they can see, so inserting it needs no access.
    let user: UserAccess | undefined | null = null;
    const access = (): UserAccess | undefined => (user === null ? (user = enforcing(run, org, userMode)) : user);
    if (op !== 'insert' && !access()) return refused;
    if (op === 'undelete') throw new ApexUnsupported(`undelete of ${object.name} with sharing as a non-administrator`);
    records.forEach((r, i) => {
        const existing = r.id ? org.db.getRow(r.id) : undefined;
        if (existing && op !== 'insert') {
            const needed = op === 'update' || op === 'upsert' ? Access.Edit : Access.All;
            if (access()!.access(existing.object, existing.row) < needed)
                refused.set(i, {
                    statusCode: 'INSUFFICIENT_ACCESS_OR_READONLY',
                    message: 'insufficient access rights on object id',
                    fields: []
                });
            return;
        }
        for (const [field, value] of r.fields ?? []) {
            const schema = object.fields.get(field);
            if (schema?.type !== 'reference' || typeof value !== 'string' || field === 'ownerid') continue;
            const target = org.db.getRow(value);
            if (!target || !hasRecordSharing(target.object)) continue;
            const reader = access();
            if (reader && reader.access(target.object, target.row) < Access.Read)
                throw new ApexUnsupported(
                    `${op} of ${object.name} with sharing referencing a ${target.object.name} the running user cannot read`
                );
        }
    });
    return refused;
}

/**
 * [share] Checks a share row written by Apex (any sharing mode): RowCause other than Manual on a standard share
 * object, "All", and a level not above the org-wide default are refused by the platform with errors the docs do not
 * give, so apexrt refuses them loudly.
 */
export function checkShareRows(org: OrgData, object: ObjectSchema, rows: Array<Map<string, unknown>>): void {
    const parent = [...org.schema.allObjects()].find((o) => shareShape(org, o)?.object === object.name);
    if (!parent) return;
    const shape = shareShape(org, parent)!;
    const owd = BASELINE[(orgWideDefault(org, parent) ?? '').toLowerCase()] ?? Access.None;
    for (const values of rows) {
        const cause = String(values.get('rowcause') ?? 'Manual');
        if (object.kind === 'standard' && parent.kind !== 'custom' && cause !== 'Manual')
            throw new ApexUnsupported(`${object.name} with RowCause ${cause} (only Manual may be written)`);
        if (parent.kind === 'custom' && !['Manual', 'Owner'].includes(cause))
            throw new ApexUnsupported(`${object.name} with the Apex sharing reason ${cause} (not modelled)`);
        const access = level(values.get(shape.accessField));
        if (access === Access.All) throw new ApexUnsupported(`${object.name} with access level All`);
        if (access <= owd)
            throw new ApexUnsupported(`${object.name} with an access level not above the org-wide default`);
    }
}

/** The values an operand of `UserId = …` / `RecordId = … | IN (…)` names. */
function operandValues(operand: Operand, resolveBind: (bind: BindReference) => unknown): unknown[] {
    switch (operand.kind) {
        case 'literal':
        case 'string':
            return [operand.value];
        case 'list':
            return operand.items.flatMap((item) => operandValues(item, resolveBind));
        case 'bind':
            return bindItems(resolveBind(operand));
        default:
            throw new ApexUnsupported('UserRecordAccess filtered by a date literal or a subquery');
    }
}

/**
 * The rows of a UserRecordAccess query (Object Reference, "UserRecordAccess": read only, queried for one user and
 * up to 200 record Ids): one per queried record, with the queried user's access as the rest of this module
 * computes it. apexrt takes both from the top level of WHERE (`UserId = x AND RecordId = y` or `RecordId IN
 * (...)`); any other shape, more than 200 records, or a record of an object whose sharing apexrt does not model is
 * refused loudly. Delete access is full access; transfer access is not modelled (MaxAccessLevel: None, Read, Edit
 * or All).
 */
export function userRecordAccessRows(
    org: OrgData,
    query: SoqlQuery,
    resolveBind: (bind: BindReference) => unknown
): Row[] {
    const items: Condition[] = query.where?.kind === 'and' ? query.where.items : query.where ? [query.where] : [];
    const find = (field: string, ops: string[]) => {
        const c = items.find((i) => i.kind === 'compare' && i.path.length === 1 && i.path[0].toLowerCase() === field);
        return c?.kind === 'compare' && ops.includes(c.op) ? operandValues(c.value, resolveBind) : undefined;
    };
    const users = find('userid', ['=']);
    const records = find('recordid', ['=', 'IN']);
    if (!users || users.length !== 1 || !records)
        throw new ApexUnsupported('a UserRecordAccess query not of the form UserId = x AND RecordId = y / IN (...)');
    if (records.length > 200) throw new ApexUnsupported('UserRecordAccess for more than 200 records');
    const user = new UserAccess(org, String(users[0]));
    return records.map((recordId, i) => {
        const record = org.db.getRow(String(recordId));
        if (!record) throw new ApexUnsupported(`UserRecordAccess of ${String(recordId)}, which is no record`);
        const access = user.access(record.object, record.row);
        const names = ['None', 'Read', 'Edit', 'All'];
        return Object.freeze({
            id: toId(`0uR${String(i + 1).padStart(12, '0')}`),
            userid: user.userId,
            recordid: record.row.id,
            hasreadaccess: access >= Access.Read,
            haseditaccess: access >= Access.Edit,
            hasdeleteaccess: access >= Access.All,
            hasallaccess: access >= Access.All,
            maxaccesslevel: names[access]
        });
    });
}
