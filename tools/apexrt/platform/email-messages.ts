/**
 * Outbound single email from Apex: `Messaging.SingleEmailMessage`, `Messaging.sendEmail` and the
 * `Messaging.SendEmailResult` it returns.
 * Facts (Apex Reference, "SingleEmailMessage Class" and "Email Class (Base Email Methods)",
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_classes_email_outbound_single.htm,
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_classes_email_outbound_base.htm):
 * - one constructor without arguments; every property has a setter and a getter (setSubject/getSubject ...).
 * - every email needs a recipient: toAddresses, ccAddresses, bccAddresses or targetObjectId (the Id of a contact,
 *   lead or user). Without one the platform refuses the email; its error is not documented here, so unsupported.
 * - saveAsActivity defaults to true and applies to targetObjectId; with a user as targetObjectId it must be false
 *   (the platform refuses the email otherwise; the exact error is not documented: unsupported).
 * - a body is the plain text body, the HTML body or a template; templates (setTemplateId) are not modelled.
 * Messaging Class, "sendEmail(emails, allOrNone)" (Apex Reference, "Messaging Class",
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_methods_system_messaging.htm):
 * returns one SendEmailResult per email (isSuccess(), getErrors()). Apex Developer Guide, "Outbound Email" and
 * "Execution Governors and Limits": at most 10 sendEmail calls per transaction (Limits.getEmailInvocations();
 * the 11th throws System.LimitException "Too many Email Invocations: 11" — wording INFERRED from the
 * "Too many <what>" form of the other limits); email is sent only when the transaction commits. Emails to users
 * through setTargetObjectId do not count against the org's daily single-email limit (Salesforce Help article
 * 000384947 "Limits for single emails sent using Apex or API"); addresses do, and that daily limit and
 * `Messaging.reserveSingleEmailCapacity` are not modelled: an email with addresses is unsupported.
 * The org's email deliverability setting (Setup → Deliverability) is not modelled: apexrt's org sends all email.
 *
 * Emails are recorded, never delivered: `sentEmails(run)` lists them, `emailSendsIn(run)` counts the sendEmail
 * calls of the running transaction (bulk checks read Limits.getEmailInvocations() from Apex too).
 */
import { ApexList } from '../collections/collections';
import { ApexUnsupported } from '../core/values';
import type { RunContext } from '../interpreter/context';
import type { NativeCallResult, NativeLibrary } from '../interpreter/native-library';
import { keyPrefixOf } from '../data/ids';
import { layerOf } from './job-user';
import type { LimitContext } from './limits';
import { platformOf, PlatformState } from './platform-state';

const SINGLE = 'Messaging.SingleEmailMessage';
const EMAIL = 'Messaging.Email';
const RESULT = 'Messaging.SendEmailResult';
const ERROR = 'Messaging.SendEmailError';
const MESSAGING = 'Messaging';

/** Key prefixes a targetObjectId may have ("SingleEmailMessage Class", setTargetObjectId): contact, lead, user. */
const TARGET_PREFIXES: Record<string, string> = { '003': 'Contact', '00Q': 'Lead', '005': 'User' };

type Scalar = 'targetObjectId' | 'whatId' | 'subject' | 'plainTextBody' | 'htmlBody' | 'senderDisplayName' | 'replyTo';
type Addresses = 'toAddresses' | 'ccAddresses' | 'bccAddresses';

export class SingleEmailValue {
    targetObjectId: string | null = null;
    whatId: string | null = null;
    subject: string | null = null;
    plainTextBody: string | null = null;
    htmlBody: string | null = null;
    senderDisplayName: string | null = null;
    replyTo: string | null = null;
    toAddresses: string[] | null = null;
    ccAddresses: string[] | null = null;
    bccAddresses: string[] | null = null;
    saveAsActivity = true;
}

class SendEmailResultValue {
    constructor(readonly success: boolean) {}
}

export interface SentEmail {
    targetObjectId: string | null;
    /** Object of the target ('User', 'Contact', 'Lead'). */
    targetType: string | null;
    whatId: string | null;
    subject: string | null;
    plainTextBody: string | null;
    htmlBody: string | null;
    saveAsActivity: boolean;
    /** The running user who called sendEmail. */
    sentBy: string;
}

interface Sent {
    email: SentEmail;
    limits: LimitContext;
    call: number;
}

/** Kept per org (PlatformState), newest last, with the number of sendEmail calls so far. */
const SENT = new WeakMap<PlatformState, { emails: Sent[]; calls: number }>();
const MAX_KEPT = 1000;

function stateOf(platform: PlatformState): { emails: Sent[]; calls: number } {
    let state = SENT.get(platform);
    if (!state) SENT.set(platform, (state = { emails: [], calls: 0 }));
    return state;
}

function sentOf(platform: PlatformState): Sent[] {
    return stateOf(platform).emails;
}

/** The emails sent so far in this org, oldest first. */
export function sentEmails(run: RunContext): SentEmail[] {
    return sentOf(platformOf(run)).map((s) => s.email);
}

/** sendEmail calls in the running transaction (the current limit context) that sent at least one email. */
export function emailSendsIn(run: RunContext): number {
    return new Set(
        sentOf(platformOf(run))
            .filter((s) => s.limits === run.limits)
            .map((s) => s.call)
    ).size;
}

const SCALARS: Record<string, Scalar> = {
    targetobjectid: 'targetObjectId',
    whatid: 'whatId',
    subject: 'subject',
    plaintextbody: 'plainTextBody',
    htmlbody: 'htmlBody',
    senderdisplayname: 'senderDisplayName',
    replyto: 'replyTo'
};
const ADDRESSES: Record<string, Addresses> = {
    toaddresses: 'toAddresses',
    ccaddresses: 'ccAddresses',
    bccaddresses: 'bccAddresses'
};

function stringOrNull(v: unknown, what: string): string | null {
    if (v === null || v === undefined) return null;
    if (typeof v !== 'string') throw new ApexUnsupported(`${SINGLE}.${what} with a ${typeof v}`);
    return v;
}

function stringsOrNull(v: unknown, what: string): string[] | null {
    if (v === null || v === undefined) return null;
    if (!(v instanceof ApexList)) throw new ApexUnsupported(`${SINGLE}.${what} without a List<String>`);
    return v.items.map((s) => {
        if (typeof s !== 'string') throw new ApexUnsupported(`${SINGLE}.${what} with a null address`);
        return s;
    });
}

/** Checks one email as the Reference states its rules; returns the target's object name. */
function checkEmail(run: RunContext, e: SingleEmailValue): string | null {
    const addresses = [...(e.toAddresses ?? []), ...(e.ccAddresses ?? []), ...(e.bccAddresses ?? [])];
    if (addresses.length)
        throw new ApexUnsupported(
            `Messaging.sendEmail to email addresses (they count against the org's daily single-email limit, which apexrt does not model)`
        );
    if (e.targetObjectId === null)
        throw new ApexUnsupported(
            'Messaging.sendEmail of an email without recipient (the platform refuses it; its error is not documented)'
        );
    const targetType = TARGET_PREFIXES[keyPrefixOf(e.targetObjectId)];
    if (!targetType)
        throw new ApexUnsupported(
            `Messaging.sendEmail to a targetObjectId with key prefix ${keyPrefixOf(e.targetObjectId)}: not a contact, lead or user`
        );
    if (!layerOf(run).org.db.getRow(e.targetObjectId))
        throw new ApexUnsupported(
            `Messaging.sendEmail to ${e.targetObjectId}, which is no ${targetType} of this org (error undocumented)`
        );
    if (targetType === 'User' && e.saveAsActivity)
        throw new ApexUnsupported(
            'Messaging.sendEmail to a user with saveAsActivity true (the platform refuses it; its error is not documented)'
        );
    if (e.plainTextBody === null && e.htmlBody === null)
        throw new ApexUnsupported(
            'Messaging.sendEmail of an email without a body (templates are not modelled; the error is not documented)'
        );
    return targetType;
}

function sendEmail(run: RunContext, emails: unknown, allOrNone: unknown): ApexList {
    if (!(emails instanceof ApexList)) throw new ApexUnsupported('Messaging.sendEmail without a List<Messaging.Email>');
    if (allOrNone !== undefined && typeof allOrNone !== 'boolean')
        throw new ApexUnsupported('Messaging.sendEmail with a null allOrNone');
    // "Execution Governors and Limits": 10 sendEmail methods per transaction, counted before anything is sent.
    run.limits.consume('emailInvocations');
    const checked = emails.items.map((e) => {
        if (!(e instanceof SingleEmailValue))
            throw new ApexUnsupported('Messaging.sendEmail of a null email or a MassEmailMessage');
        return { e, targetType: checkEmail(run, e) };
    });
    const platform = platformOf(run);
    const org = layerOf(run).org;
    const sent = sentOf(platform);
    const call = ++stateOf(platform).calls;
    for (const { e, targetType } of checked) {
        sent.push({
            email: {
                targetObjectId: e.targetObjectId,
                targetType,
                whatId: e.whatId,
                subject: e.subject,
                plainTextBody: e.plainTextBody,
                htmlBody: e.htmlBody,
                saveAsActivity: e.saveAsActivity,
                sentBy: org.db.runningUserId ?? org.setup.runningUserId
            },
            limits: run.limits,
            call
        });
    }
    if (sent.length > MAX_KEPT) sent.splice(0, sent.length - MAX_KEPT);
    return new ApexList(
        { name: RESULT, args: [] },
        checked.map(() => new SendEmailResultValue(true))
    );
}

export function emailNatives(): NativeLibrary {
    const ok = (value: unknown): NativeCallResult => ({ value });
    const types = [SINGLE, EMAIL, RESULT, ERROR];
    return {
        typeName: (name) => types.find((n) => n.toLowerCase() === name.toLowerCase()),
        callStatic: (run, typeName, method, args) => {
            const t = typeName.toLowerCase();
            const m = method.toLowerCase();
            if (t === SINGLE.toLowerCase() && m === '<new>') {
                if (args.length)
                    throw new ApexUnsupported(`new ${SINGLE} with arguments (the Reference documents none)`);
                return ok(new SingleEmailValue());
            }
            if (t !== MESSAGING.toLowerCase()) return undefined;
            if (m === 'sendemail') {
                if (args.length < 1 || args.length > 2)
                    throw new ApexUnsupported(`Messaging.sendEmail with ${args.length} arguments`);
                return ok(sendEmail(run, args[0], args[1]));
            }
            if (m === 'reservesingleemailcapacity' || m === 'reservemassemailcapacity')
                throw new ApexUnsupported(`Messaging.${method} (the org's daily email limits are not modelled)`);
            return undefined;
        },
        callInstance: (_run, _typeName, self, method, args) => {
            const m = method.toLowerCase();
            if (self instanceof SendEmailResultValue) {
                if (m === 'issuccess') return ok(self.success);
                if (m === 'geterrors') return ok(new ApexList({ name: ERROR, args: [] }, []));
                throw new ApexUnsupported(`${RESULT}.${method}`);
            }
            if (!(self instanceof SingleEmailValue)) return undefined;
            const kind = m.slice(0, 3);
            const prop = m.slice(3);
            if (kind === 'set' && SCALARS[prop]) {
                self[SCALARS[prop]] = stringOrNull(args[0], method);
                return ok(undefined);
            }
            if (kind === 'set' && ADDRESSES[prop]) {
                self[ADDRESSES[prop]] = stringsOrNull(args[0], method);
                return ok(undefined);
            }
            if (m === 'setsaveasactivity') {
                if (typeof args[0] !== 'boolean') throw new ApexUnsupported(`${SINGLE}.setSaveAsActivity(null)`);
                self.saveAsActivity = args[0];
                return ok(undefined);
            }
            if (kind === 'get' && SCALARS[prop]) return ok(self[SCALARS[prop]]);
            if (kind === 'get' && ADDRESSES[prop]) {
                const list = self[ADDRESSES[prop]];
                return ok(list === null ? null : new ApexList({ name: 'String', args: [] }, [...list]));
            }
            if (m === 'getsaveasactivity') return ok(self.saveAsActivity);
            throw new ApexUnsupported(`${SINGLE}.${method}`);
        },
        knowsMember: (typeName, method) => {
            const t = typeName.toLowerCase();
            const m = method.toLowerCase();
            if (t === MESSAGING.toLowerCase()) return m === 'sendemail' ? true : undefined;
            if (t === RESULT.toLowerCase()) return m === 'issuccess' || m === 'geterrors';
            if (t !== SINGLE.toLowerCase()) return undefined;
            const prop = m.slice(3);
            return (
                (['set', 'get'].includes(m.slice(0, 3)) && (prop in SCALARS || prop in ADDRESSES)) ||
                prop === 'saveasactivity'
            );
        },
        isInstance: (v, typeName) => {
            const t = typeName.toLowerCase();
            if (v instanceof SingleEmailValue) return t === SINGLE.toLowerCase() || t === EMAIL.toLowerCase();
            if (v instanceof SendEmailResultValue) return t === RESULT.toLowerCase();
            return undefined;
        },
        runtimeTypeName: (v) => {
            if (v instanceof SingleEmailValue) return SINGLE;
            if (v instanceof SendEmailResultValue) return RESULT;
            return undefined;
        }
    };
}
