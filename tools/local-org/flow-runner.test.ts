import * as path from 'node:path';
import { FlowInterview, readFlow, runQuickAction } from './flow-runner';
import { LocalOrg } from './local-org';

const FIXTURE = path.join(__dirname, 'fixtures', 'project');

function accountNames(org: LocalOrg): string[] {
    return org.data.org.db
        .rows(org.project.schema.getObject('Account')!)
        .map((r) => String(r.name))
        .sort();
}

function texts(interview: FlowInterview): Record<string, string> {
    return Object.fromEntries(interview.screen!.components.map((c) => [c.name, c.text]));
}

describe('the local flow runner', () => {
    let org: LocalOrg;
    beforeEach(() => {
        org = new LocalOrg({ root: FIXTURE });
    });
    afterEach(() => org.scheduler.stop());

    it('runs a flow quick action: the record Id in recordId, screens, the invocable action, the decision', () => {
        const interview = runQuickAction(org, 'Account.Greet', '001000000000001AAA');
        expect(interview.screen).toMatchObject({ name: 'Ask', hasNext: true });
        expect(interview.screen!.components).toEqual([
            { name: 'Who', type: 'LargeTextArea', text: 'Whom to greet?', required: true }
        ]);
        expect(() => interview.next({})).toThrow('Who is required: the screen stays until it is filled');
        expect(() => interview.next({ Who: 'Ana', Other: 'x' })).toThrow('screen Ask has no input Other');
        expect(accountNames(org)).toEqual([]);

        interview.next({ Who: 'Ana' });

        // The action's request: Who by reference, shout as a literal; its results assigned to the variables.
        expect(interview.value('greeting')).toBe('HELLO ANA');
        expect(interview.value('ok')).toBe(true);
        expect(interview.screen).toMatchObject({ name: 'Done', hasNext: false });
        expect(texts(interview)).toEqual({ Outcome: '<p>HELLO ANA from 001000000000001AAA</p>' });
        // Committed when the screen shows.
        expect(accountNames(org)).toEqual(['Greeted Ana']);
        interview.next();
        expect(interview.finished).toBe(true);
        expect(interview.screen).toBeNull();
        expect(() => interview.next()).toThrow(/has finished/);
    });

    it('takes the first outcome whose conditions hold (or logic), before a later one', () => {
        const interview = FlowInterview.start(org, 'Greet', { recordId: null });
        // ok is true (the second outcome holds) and the greeting is HELLO BOB (the first one's second condition).
        interview.next({ Who: 'Bob' });
        expect(interview.value('ok')).toBe(true);
        expect(interview.screen?.name).toBe('Failed');
        expect(texts(interview)).toEqual({ Sorry: 'No greeting' });
    });

    it('rolls the transaction back and ends with the error when the Apex action throws', () => {
        const interview = FlowInterview.start(org, 'Greet', {});
        expect(() => interview.next({ Who: 'boom' })).toThrow(
            'Greet failed at Say_Hello: System.DmlException: No greeting for boom'
        );
        expect(accountNames(org)).toEqual([]);
    });

    it('sets input variables only', () => {
        expect(() => FlowInterview.start(org, 'Greet', { greeting: 'x' })).toThrow(
            'Greet has no input variable greeting'
        );
    });

    it('refuses, loudly, the elements and quick actions it does not model', () => {
        expect(() => readFlow(FIXTURE, 'With_Assignment')).toThrow(
            'not supported by the local flow runner: <assignments> (flow With_Assignment)'
        );
        expect(() => runQuickAction(org, 'Account.Edit_Name', '001000000000001AAA')).toThrow(
            'not supported by the local flow runner: quick action Account.Edit_Name of type Update'
        );
    });
});
