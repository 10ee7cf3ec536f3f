/**
 * Custom notifications beyond the golden corpus (golden/platform-notifications): what a send records, and the
 * per-transaction count that bulk checks and benchmarks read.
 */
import { notificationSendsIn, sentNotifications } from './custom-notifications';
import { LimitContext } from './limits';
import { goldenAreaOrg } from './testing/golden-area';

const setup = (): ReturnType<typeof goldenAreaOrg> => goldenAreaOrg('platform-notifications');

describe('Messaging.CustomNotification', () => {
    it('records each send with its type, target and recipients, counted per transaction', () => {
        const { run, context } = setup();
        const result = run(`
            Account a = new Account(Name = 'Contoso');
            insert a;
            GoldenNotifier.notifyOwnerOf(a.Id, UserInfo.getUserId());
            GoldenNotifier.notifyOwnerOf(a.Id, UserInfo.getUserId());
            System.debug(a.Id);
        `);
        expect(result.exception).toBeUndefined();
        const accountId = result.debugLines[0];
        const sent = sentNotifications(context);
        expect(sent).toHaveLength(2);
        expect(sent[0]).toMatchObject({
            type: 'Golden_Alert',
            title: 'Updated',
            body: 'A record changed',
            targetId: accountId,
            targetPageRef: null
        });
        expect(sent[0].notificationTypeId.startsWith('0ML')).toBe(true);
        expect(sent[0].recipients).toEqual([sent[0].sentBy]);
        expect(notificationSendsIn(context)).toBe(2);
        // A new transaction (limit context) starts counting from zero; the org keeps what was sent.
        context.limits = new LimitContext('sync');
        expect(notificationSendsIn(context)).toBe(0);
        expect(sentNotifications(context)).toHaveLength(2);
    });

    it('sends one notification to several recipients in one call', () => {
        const { run, context } = setup();
        const result = run(`
            Account a = new Account(Name = 'Contoso');
            insert a;
            Group g = new Group(Name = 'DACH', Type = 'Queue');
            insert g;
            Messaging.CustomNotification n = new Messaging.CustomNotification();
            n.setNotificationTypeId([SELECT Id FROM CustomNotificationType].Id);
            n.setTargetId(a.Id);
            n.send(new Set<String>{ UserInfo.getUserId(), g.Id, a.Id });
        `);
        expect(result.exception).toBeUndefined();
        expect(notificationSendsIn(context)).toBe(1);
        expect(sentNotifications(context)[0].recipients).toHaveLength(3);
    });

    it('refuses an empty recipient set and an unknown notification type', () => {
        const { run } = setup();
        expect(() =>
            run(`
                Messaging.CustomNotification n = new Messaging.CustomNotification();
                n.setNotificationTypeId([SELECT Id FROM CustomNotificationType].Id);
                n.setTargetId(UserInfo.getUserId());
                n.send(new Set<String>());
            `)
        ).toThrow(/to no recipient/);
        expect(() =>
            run(`
                Messaging.CustomNotification n = new Messaging.CustomNotification();
                n.setNotificationTypeId(UserInfo.getUserId());
                n.setTargetId(UserInfo.getUserId());
                n.send(new Set<String>{ UserInfo.getUserId() });
            `)
        ).toThrow(/no CustomNotificationType/);
    });
});
