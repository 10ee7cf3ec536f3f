/**
 * What the local org sent to people: the emails of `Messaging.sendEmail` and the custom notifications (bell and
 * mobile) of `Messaging.CustomNotification.send`, as apexrt records them in each transaction
 * (tools/apexrt/platform/email-messages.ts, custom-notifications.ts), kept per org once the transaction commits.
 *
 * Emails: "email is sent only when the transaction commits" (Apex Developer Guide, "Outbound Email"): a transaction
 * that rolls back sends none, so the outbox takes a transaction's emails after its commit only. A user as
 * `targetObjectId` receives the email at the address of their User record ("SingleEmailMessage Class",
 * setTargetObjectId); the outbox shows that address next to the user's Id. Nothing is delivered anywhere.
 * Custom notifications: whether one sent in a transaction that then rolls back still reaches the bell is not
 * documented; the local org records the notifications of committed transactions only and logs, for a rolled-back
 * one, `not supported by the local org: …` with what it did not record (never a guess).
 */
import { sentEmails, sentNotifications, type RunContext, type SentNotification } from '../apexrt';

/** One email as the recipient gets it. */
export interface OutboxEmail {
    /** The recipient's record Id (a user, contact or lead as targetObjectId). */
    to: string;
    /** The email address of that record when it has one (User.Email, Contact.Email, Lead.Email). */
    toAddress: string | null;
    subject: string | null;
    /** The plain text body, else the HTML body. */
    body: string | null;
    /** The record the email is about (whatId), when set. */
    whatId: string | null;
    /** The user whose transaction sent it. */
    sentBy: string;
}

/** Bounded: a long-lived local org keeps the latest MAX_KEPT of each. */
const MAX_KEPT = 1000;

export class Outbox {
    readonly emails: OutboxEmail[] = [];
    readonly notifications: SentNotification[] = [];

    constructor(private readonly log: (line: string) => void = () => undefined) {}

    /** Takes the emails and notifications of a transaction that committed. */
    committed(run: RunContext, emailAddress: (recordId: string) => string | null): void {
        for (const e of sentEmails(run)) {
            if (!e.targetObjectId) continue;
            this.emails.push({
                to: e.targetObjectId,
                toAddress: emailAddress(e.targetObjectId),
                subject: e.subject,
                body: e.plainTextBody ?? e.htmlBody,
                whatId: e.whatId,
                sentBy: e.sentBy
            });
        }
        this.notifications.push(...sentNotifications(run));
        for (const list of [this.emails, this.notifications])
            if (list.length > MAX_KEPT) list.splice(0, list.length - MAX_KEPT);
    }

    /** A transaction rolled back: its emails are not sent; its notifications' fate is not modelled (logged). */
    rolledBack(run: RunContext): void {
        const notifications = sentNotifications(run);
        if (notifications.length)
            this.log(
                `not supported by the local org: whether the ${notifications.length} custom notification(s) sent in a ` +
                    `rolled-back transaction are delivered (undocumented); not recorded: ` +
                    notifications.map((n) => `"${n.title ?? ''}" to ${n.recipients.join(', ')}`).join('; ')
            );
    }
}
