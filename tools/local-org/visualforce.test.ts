import * as path from 'node:path';
import { callStaticMethod, toId } from '../apexrt';
import { LocalOrg } from './local-org';
import { ListPageSession, readPage } from './visualforce';

const FIXTURE = path.join(__dirname, 'fixtures', 'project');

function sites(org: LocalOrg): Record<string, unknown> {
    const rows = org.data.org.db.rows(org.project.schema.getObject('Account')!);
    return Object.fromEntries(rows.map((r) => [r.name, r.site ?? null]));
}

function accounts(org: LocalOrg, names: string[]): string[] {
    org.executeAnonymous(`insert new List<Account>{ ${names.map((n) => `new Account(Name = '${n}')`).join(', ')} };`);
    const rows = org.data.org.db.rows(org.project.schema.getObject('Account')!);
    return names.map((n) => String(rows.find((r) => r.name === n)!.id));
}

describe('a Visualforce list button page on the local org', () => {
    let org: LocalOrg;
    beforeEach(() => {
        org = new LocalOrg({ root: FIXTURE });
    });
    afterEach(() => org.scheduler.stop());

    it("reads the page's controller, extensions, merge fields and button actions", () => {
        const page = readPage(FIXTURE, 'AccountMarkList');
        expect(page).toMatchObject({ standardController: 'Account', recordSetVar: 'accounts' });
        expect(page.extensions).toEqual(['AccountListExtension']);
        expect([...page.actions]).toEqual(['mark']);
        expect([...page.mergeNames].sort()).toEqual(['done', 'm', 'mark', 'marked', 'selectedcount']);
    });

    it('gives the extension the selection, writes nothing on opening, runs the action on the button', () => {
        const [a, b, c] = accounts(org, ['Alpha', 'Beta', 'Gamma']);
        const page = ListPageSession.open(org, 'AccountMarkList', [a, b, c], [a, c]);
        expect(page.value('selectedCount')).toBe(2);
        expect(page.value('done')).toBe(false);
        expect(sites(org)).toEqual({ Alpha: null, Beta: null, Gamma: null });
        expect(org.outbox.emails).toEqual([]);

        page.press('mark');

        expect(page.value('done')).toBe(true);
        expect(page.value('marked')).toEqual([a, c]);
        expect(sites(org)).toEqual({ Alpha: 'marked from the list', Beta: null, Gamma: 'marked from the list' });
        const user = org.data.org.setup.runningUserId;
        const address = org.data.org.db.getRow(user)!.row.email;
        expect(typeof address).toBe('string');
        expect(org.outbox.emails).toEqual([
            {
                to: user,
                toAddress: address,
                subject: 'Marked 2',
                body: `Marked: ${a}, ${c}`,
                whatId: null,
                sentBy: user
            }
        ]);
    });

    it('refuses what it does not model, loudly', () => {
        const [a, b] = accounts(org, ['Alpha', 'Beta']);
        expect(() => ListPageSession.open(org, 'AccountMarkList', [a], [a, b])).toThrow(
            /selected records not in the list view/
        );
        const page = ListPageSession.open(org, 'AccountMarkList', [a, b], [a]);
        expect(() => page.press('save')).toThrow(
            'not supported by the local Visualforce bridge: action save, which no button of AccountMarkList calls'
        );
        expect(() => page.value('controller')).toThrow(
            'not supported by the local Visualforce bridge: {!controller}, which AccountMarkList does not show'
        );
        expect(sites(org)).toEqual({ Alpha: null, Beta: null });
    });
});

describe("the local org's outbox", () => {
    let org: LocalOrg;
    beforeEach(() => {
        org = new LocalOrg({ root: FIXTURE });
    });
    afterEach(() => org.scheduler.stop());

    const send = (subject: string): string =>
        'Messaging.SingleEmailMessage m = new Messaging.SingleEmailMessage();\n' +
        'm.setTargetObjectId(UserInfo.getUserId());\nm.setSaveAsActivity(false);\n' +
        `m.setSubject('${subject}');\nm.setPlainTextBody('Body of ${subject}');\n` +
        'Messaging.sendEmail(new List<Messaging.Email>{ m });\n';

    it('keeps the emails of committed transactions, with the recipient and what they read', () => {
        expect(org.executeAnonymous(send('First')).success).toBe(true);
        expect(org.executeAnonymous(send('Second')).success).toBe(true);
        expect(org.outbox.emails.map((e) => [e.to, e.subject, e.body])).toEqual([
            [org.data.org.setup.runningUserId, 'First', 'Body of First'],
            [org.data.org.setup.runningUserId, 'Second', 'Body of Second']
        ]);
    });

    it('sends nothing for a transaction that rolls back (email goes out on commit only)', () => {
        const result = org.executeAnonymous(send('Never') + 'Integer i = null;\ni++;');
        expect(result.success).toBe(false);
        expect(org.outbox.emails).toEqual([]);
    });

    it("keeps a committed transaction's notifications; of a rolled-back one, logs what it did not record", () => {
        const lines: string[] = [];
        org.scheduler.stop();
        org = new LocalOrg({ root: FIXTURE, log: (line) => lines.push(line) });
        const [account] = accounts(org, ['Alpha']);
        const alert = (thenFail: boolean): unknown =>
            org.transaction((run) =>
                callStaticMethod(org.project, run, 'AlertSender', 'alert', [toId(account), thenFail])
            );
        alert(false);
        expect(() => alert(true)).toThrow();
        const user = org.data.org.setup.runningUserId;
        expect(org.outbox.notifications.map((n) => [n.type, n.title, n.targetId, n.recipients])).toEqual([
            ['Fixture_Alert', 'Look at this account', account, [user]]
        ]);
        expect(lines.filter((l) => l.startsWith('not supported by the local org'))).toEqual([
            'not supported by the local org: whether the 1 custom notification(s) sent in a rolled-back transaction ' +
                `are delivered (undocumented); not recorded: "Look at this account" to ${user}`
        ]);
    });
});
