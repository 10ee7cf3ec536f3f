/**
 * Single email beyond the golden corpus (golden/platform-email): what a sendEmail call records for the local org and
 * bulk checks, and the per-transaction count of calls.
 */
import { emailSendsIn, sentEmails } from './email-messages';
import { LimitContext } from './limits';
import { goldenAreaOrg } from './testing/golden-area';

const setup = (): ReturnType<typeof goldenAreaOrg> => goldenAreaOrg('platform-notifications');

describe('Messaging.sendEmail', () => {
    it('records each email with its target, counting calls per transaction', () => {
        const { run, context } = setup();
        const result = run(`
            List<Messaging.SingleEmailMessage> mails = new List<Messaging.SingleEmailMessage>();
            for (Integer i = 0; i < 3; i++) {
                Messaging.SingleEmailMessage mail = new Messaging.SingleEmailMessage();
                mail.setTargetObjectId(UserInfo.getUserId());
                mail.setSaveAsActivity(false);
                mail.setSubject('Notice ' + i);
                mail.setPlainTextBody('Body ' + i);
                mails.add(mail);
            }
            Messaging.sendEmail(mails);
            System.debug(UserInfo.getUserId());
        `);
        expect(result.exception).toBeUndefined();
        const userId = result.debugLines[0];
        const sent = sentEmails(context);
        expect(sent.map((e) => e.subject)).toEqual(['Notice 0', 'Notice 1', 'Notice 2']);
        expect(sent[0]).toMatchObject({
            targetObjectId: userId,
            targetType: 'User',
            plainTextBody: 'Body 0',
            saveAsActivity: false,
            sentBy: userId
        });
        expect(emailSendsIn(context)).toBe(1);
        // A new transaction (limit context) starts counting from zero; the org keeps what was sent.
        context.limits = new LimitContext('sync');
        expect(emailSendsIn(context)).toBe(0);
        expect(sentEmails(context)).toHaveLength(3);
    });

    it('sends nothing of a call that refuses one of its emails', () => {
        const { run, context } = setup();
        expect(() =>
            run(`
                Messaging.SingleEmailMessage good = new Messaging.SingleEmailMessage();
                good.setTargetObjectId(UserInfo.getUserId());
                good.setSaveAsActivity(false);
                good.setPlainTextBody('Body');
                Messaging.SingleEmailMessage bad = new Messaging.SingleEmailMessage();
                bad.setTargetObjectId(UserInfo.getUserId());
                bad.setSaveAsActivity(false);
                Messaging.sendEmail(new List<Messaging.SingleEmailMessage>{ good, bad });
            `)
        ).toThrow(/without a body/);
        expect(sentEmails(context)).toHaveLength(0);
    });
});
