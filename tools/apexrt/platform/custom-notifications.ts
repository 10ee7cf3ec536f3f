/**
 * Custom notifications from Apex: `Messaging.CustomNotification` and the `CustomNotificationType` records it names.
 * Facts (Apex Reference, "CustomNotification Class",
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_class_Messaging_CustomNotification.htm):
 * - two constructors: the default one, then the setters (setNotificationTypeId, setSenderId, setTitle, setBody,
 *   setTargetId, setTargetPageRef); or the parameterized one taking (typeId, sender, title, body, targetId,
 *   targetPageRef) in that order. `send(Set<String> users)` sends the notification to the recipients.
 * - a target is required: targetId or targetPageRef; when both are missing send() throws an exception. Its type
 *   and message are not documented, so apexrt refuses (unsupported) instead of inventing one.
 * - Apex in system mode needs no user permission to send; Apex running in a user context (anonymous Apex) is checked
 *   for the Send Custom Notifications permission. apexrt does not model that permission: a send from anonymous Apex
 *   outside tests is unsupported.
 * Recipients (Actions Developer Guide, "Custom Notification Actions", recipientIds): user, account (account team),
 * opportunity (opportunity team), group and queue Ids. Any other kind of Id, an unknown record, an empty set, a
 * missing or unknown notification type: the platform's outcome is not documented, so each is unsupported.
 * The types are org setup records (Object Reference, "CustomNotificationType": CustomNotifTypeName, DeveloperName,
 * MasterLabel, Description, Desktop, Mobile, NamespacePrefix; key prefix 0ML as in the Apex Reference's
 * "ActionableNotification Class" example), read from the project's `notificationtypes/*.notiftype-meta.xml`
 * (Metadata API, "CustomNotificationType": customNotifTypeName, description, desktop, masterLabel, mobile) and
 * seeded into every org like RecordType rows, so tests see them without SeeAllData. [INFERRED: the Developer Guide
 * page "Isolation of Test Data from Organization Data in Unit Tests" lists setup objects such as User, Profile and
 * RecordType; CustomNotificationType is setup data of the same kind.]
 *
 * What is sent is recorded, never delivered: `sentNotifications(run)` lists them (the local org shows them),
 * `notificationSendsIn(run)` counts the send() calls of the running transaction (benchmarks and bulk checks).
 * No governor limit on send() calls is documented in the Apex Reference, so none is enforced.
 */
import { ApexSet } from '../collections/collections';
import { ApexUnsupported } from '../core/values';
import type { OrgData } from '../data';
import { keyPrefixOf } from '../data/ids';
import { ANONYMOUS_CLASS } from '../loader/program';
import type { RunContext } from '../interpreter/context';
import type { NativeCallResult, NativeLibrary } from '../interpreter/native-library';
import type { LimitContext } from './limits';
import { layerOf } from './job-user';
import { platformOf, PlatformState } from './platform-state';

const TYPE = 'Messaging.CustomNotification';

/** Key prefixes of the recipients "Custom Notification Actions" documents: User, Account, Opportunity, Group/Queue. */
const RECIPIENT_PREFIXES: Record<string, string> = {
    '005': 'User',
    '001': 'Account',
    '006': 'Opportunity',
    '00G': 'Group'
};

export class CustomNotificationValue {
    notificationTypeId: string | null = null;
    senderId: string | null = null;
    title: string | null = null;
    body: string | null = null;
    targetId: string | null = null;
    targetPageRef: string | null = null;
}

export interface SentNotification {
    notificationTypeId: string;
    /** DeveloperName of the notification type. */
    type: string;
    senderId: string | null;
    title: string | null;
    body: string | null;
    targetId: string | null;
    targetPageRef: string | null;
    recipients: string[];
    /** The running user who sent it. */
    sentBy: string;
}

interface Sent {
    notification: SentNotification;
    limits: LimitContext;
}

/** Kept per org (PlatformState), newest last; a long-lived local org keeps the latest MAX_KEPT. */
const SENT = new WeakMap<PlatformState, Sent[]>();
const MAX_KEPT = 1000;

function sentOf(platform: PlatformState): Sent[] {
    let sent = SENT.get(platform);
    if (!sent) SENT.set(platform, (sent = []));
    return sent;
}

/** The notifications sent so far in this org, oldest first. */
export function sentNotifications(run: RunContext): SentNotification[] {
    return sentOf(platformOf(run)).map((s) => s.notification);
}

/** send() calls in the running transaction (the current limit context). */
export function notificationSendsIn(run: RunContext): number {
    return sentOf(platformOf(run)).filter((s) => s.limits === run.limits).length;
}

function stringOrNull(v: unknown, what: string): string | null {
    if (v === null || v === undefined) return null;
    if (typeof v !== 'string') throw new ApexUnsupported(`${TYPE}.${what} with a ${typeof v}`);
    return v;
}

function notificationType(org: OrgData, id: string): string {
    const row = org.db.getRow(id);
    if (!row || row.object.name !== 'CustomNotificationType')
        throw new ApexUnsupported(
            `${TYPE}.send() with a notification type Id that is no CustomNotificationType (${id}): the platform error is not documented`
        );
    return String(row.row.developername);
}

function send(run: RunContext, n: CustomNotificationValue, users: unknown): void {
    const platform = platformOf(run);
    // "Execution Context and Notification Permissions": only user-context Apex is checked for the permission.
    const entry = run.callClasses[platform.entryDepth];
    if (!run.isTest && !platform.asyncContext && entry?.fullName === ANONYMOUS_CLASS)
        throw new ApexUnsupported(
            `${TYPE}.send() from anonymous Apex (user context: the Send Custom Notifications permission is checked, not modelled)`
        );
    if (n.targetId === null && n.targetPageRef === null)
        throw new ApexUnsupported(
            `${TYPE}.send() without targetId or targetPageRef (the platform throws; its exception is not documented)`
        );
    if (n.notificationTypeId === null)
        throw new ApexUnsupported(`${TYPE}.send() without a notification type (the platform error is not documented)`);
    if (!(users instanceof ApexSet)) throw new ApexUnsupported(`${TYPE}.send() without a Set<String> of recipients`);
    const org = layerOf(run).org;
    const type = notificationType(org, n.notificationTypeId);
    const recipients = users.values().map((u) => {
        if (typeof u !== 'string') throw new ApexUnsupported(`${TYPE}.send() with a null recipient`);
        const kind = RECIPIENT_PREFIXES[keyPrefixOf(u)];
        if (!kind)
            throw new ApexUnsupported(
                `${TYPE}.send() to an Id with key prefix ${keyPrefixOf(u)}: not a user, account, opportunity, group or queue`
            );
        if (u.length < 15 || !org.db.getRow(u))
            throw new ApexUnsupported(`${TYPE}.send() to ${u}, which is no ${kind} of this org (error undocumented)`);
        return u;
    });
    if (!recipients.length)
        throw new ApexUnsupported(`${TYPE}.send() to no recipient (the platform error is not documented)`);
    const sent = sentOf(platform);
    sent.push({
        notification: {
            notificationTypeId: n.notificationTypeId,
            type,
            senderId: n.senderId,
            title: n.title,
            body: n.body,
            targetId: n.targetId,
            targetPageRef: n.targetPageRef,
            recipients,
            sentBy: org.db.runningUserId ?? org.setup.runningUserId
        },
        limits: run.limits
    });
    if (sent.length > MAX_KEPT) sent.splice(0, sent.length - MAX_KEPT);
}

const SETTERS: Record<string, keyof CustomNotificationValue> = {
    setnotificationtypeid: 'notificationTypeId',
    setsenderid: 'senderId',
    settitle: 'title',
    setbody: 'body',
    settargetid: 'targetId',
    settargetpageref: 'targetPageRef'
};

export function customNotificationNatives(): NativeLibrary {
    const ok = (value: unknown): NativeCallResult => ({ value });
    return {
        typeName: (name) => (name.toLowerCase() === TYPE.toLowerCase() ? TYPE : undefined),
        callStatic: (_run, typeName, method, args) => {
            if (typeName.toLowerCase() !== TYPE.toLowerCase() || method !== '<new>') return undefined;
            const n = new CustomNotificationValue();
            if (args.length === 0) return ok(n);
            if (args.length !== 6)
                throw new ApexUnsupported(`new ${TYPE} with ${args.length} arguments (the Reference documents 0 or 6)`);
            const fields: (keyof CustomNotificationValue)[] = [
                'notificationTypeId',
                'senderId',
                'title',
                'body',
                'targetId',
                'targetPageRef'
            ];
            fields.forEach((f, i) => (n[f] = stringOrNull(args[i], `<new>`)));
            return ok(n);
        },
        callInstance: (run, _typeName, self, method, args) => {
            if (!(self instanceof CustomNotificationValue)) return undefined;
            const m = method.toLowerCase();
            const field = SETTERS[m];
            if (field) {
                self[field] = stringOrNull(args[0], method);
                return ok(undefined);
            }
            if (m === 'send') {
                send(run, self, args[0]);
                return ok(undefined);
            }
            throw new ApexUnsupported(`${TYPE}.${method}`);
        },
        knowsMember: (typeName, method) =>
            typeName.toLowerCase() === TYPE.toLowerCase()
                ? method.toLowerCase() in SETTERS || method.toLowerCase() === 'send'
                : undefined,
        isInstance: (v, typeName) =>
            v instanceof CustomNotificationValue ? typeName.toLowerCase() === TYPE.toLowerCase() : undefined,
        runtimeTypeName: (v) => (v instanceof CustomNotificationValue ? TYPE : undefined)
    };
}
