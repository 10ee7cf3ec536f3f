/** Proves the admin's setup page: webhook registration (asks before overwriting), checks, health, accessibility. */
import CoSellSetup from 'c/coSellSetup';
import testConnection from '@salesforce/apex/CoSellSetupController.testConnection';
import getWebhookRegistration from '@salesforce/apex/CoSellSetupController.getWebhookRegistration';
import registerWebhook from '@salesforce/apex/CoSellSetupController.registerWebhook';
import sendTestEvent from '@salesforce/apex/CoSellSetupController.sendTestEvent';
import checkSettings from '@salesforce/apex/CoSellSetupController.checkSettings';
import getHealth from '@salesforce/apex/CoSellSetupController.getHealth';
import runReconciliation from '@salesforce/apex/CoSellSetupController.runReconciliation';
import schedulePolling from '@salesforce/apex/CoSellSetupController.schedulePolling';
import runIntegrationCheck from '@salesforce/apex/CoSellSetupController.runIntegrationCheck';
import getIntegrationCheck from '@salesforce/apex/CoSellSetupController.getIntegrationCheck';
import LightningConfirm from 'lightning/confirm';
import { cleanup, flush as settle, mock, mount, q } from '../../../../../test/jest-utils/lwc';

jest.mock('@salesforce/apex/CoSellSetupController.testConnection', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/CoSellSetupController.getWebhookRegistration', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/CoSellSetupController.registerWebhook', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/CoSellSetupController.sendTestEvent', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/CoSellSetupController.checkSettings', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/CoSellSetupController.getHealth', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/CoSellSetupController.runReconciliation', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/CoSellSetupController.schedulePolling', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/CoSellSetupController.runIntegrationCheck', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/CoSellSetupController.getIntegrationCheck', () => ({ default: jest.fn() }), {
    virtual: true
});
/** Lets the chained Apex promises of an action settle (a few macrotask turns). */
const flush = (): Promise<void> => settle(4);
const ELSEWHERE = {
    registered: true,
    webhookUrl: 'https://flow.example/x',
    events: ['referral-created'],
    ownedByThisOrg: false
};

async function render(registration: unknown = ELSEWHERE): Promise<HTMLElement> {
    mock(getWebhookRegistration).mockResolvedValue(registration);
    mock(getHealth).mockResolvedValue({
        syncsLast24h: 12,
        failuresLast24h: 1,
        lastPollAt: null,
        pendingEvents: 0,
        pollingScheduledBy: 'Ada Admin'
    });
    const el = mount('c-co-sell-setup', CoSellSetup);
    await flush();
    return el;
}

const click = async (el: HTMLElement, selector: string): Promise<void> => {
    q(el, selector).click();
    await flush();
};
const status = (el: HTMLElement): string => q(el, '[role="status"]').textContent ?? '';

describe('c-co-sell-setup', () => {
    afterEach(cleanup);

    it('is accessible, registered elsewhere and not registered', async () => {
        await expect(await render()).toBeAccessible();
        cleanup();
        await expect(
            await render({ registered: false, webhookUrl: null, events: [], ownedByThisOrg: false })
        ).toBeAccessible();
    });

    it('shows that no integration check ran yet, starts one and shows its message verbatim', async () => {
        mock(getIntegrationCheck).mockResolvedValue(null);
        mock(runIntegrationCheck).mockResolvedValue({ ok: true, message: 'check started' });
        const el = await render();
        expect(el.shadowRoot!.querySelector('.integration-none')).not.toBeNull();
        await click(el, '.integration-check');
        expect(runIntegrationCheck).toHaveBeenCalled();
        expect(status(el)).toContain('check started');
        const platformMessage = 'Ran as autoproc@00d.example — Partner Center could not be reached: callout refused';
        mock(getIntegrationCheck).mockResolvedValue({
            checkedAt: '2026-12-05T20:00:00Z',
            ok: false,
            message: platformMessage
        });
        await click(el, '.integration-last');
        const result = el.shadowRoot!.querySelector('.integration-result')!;
        expect(result.textContent).toContain(platformMessage);
        expect(result.className).toContain('slds-text-color_error');
    });

    it('shows the current registration and health', async () => {
        const el = await render();
        expect(el.shadowRoot!.querySelector('.webhook-url')!.textContent).toBe('https://flow.example/x');
        expect(el.shadowRoot!.querySelector('.health')!.textContent).toContain('12');
        expect(el.shadowRoot!.querySelector('.scheduled-as')!.textContent).toBe('Ada Admin');
    });

    it('says when no webhook is registered and registers without asking', async () => {
        mock(registerWebhook).mockResolvedValue({ ok: true, message: 'registered' });
        const el = await render({ registered: false, webhookUrl: null, events: [], ownedByThisOrg: false });
        expect(el.shadowRoot!.querySelector('.not-registered')).not.toBeNull();
        await click(el, '.register');
        expect(LightningConfirm.open).not.toHaveBeenCalled();
        expect(registerWebhook).toHaveBeenCalledWith({ overwrite: false });
        expect(status(el)).toContain('registered');
    });

    it('asks before overwriting another tool and does nothing when declined', async () => {
        mock(LightningConfirm.open).mockResolvedValueOnce(false).mockResolvedValueOnce(true);
        mock(registerWebhook).mockResolvedValue({ ok: true, message: 'registered' });
        const el = await render();
        await click(el, '.register');
        expect(registerWebhook).not.toHaveBeenCalled();
        await click(el, '.register');
        expect(LightningConfirm.open).toHaveBeenCalledWith(
            expect.objectContaining({ message: 'c.CoSell_Setup_Overwrite_Confirm' })
        );
        expect(registerWebhook).toHaveBeenCalledWith({ overwrite: true });
    });

    it('runs the connection test, test event and reconciliation and shows their results', async () => {
        mock(testConnection).mockResolvedValue({ ok: false, message: 'Partner Center answered 401' });
        mock(sendTestEvent).mockResolvedValue({ ok: true, message: 'test event sent' });
        mock(runReconciliation).mockRejectedValue({ body: { message: 'no access' } });
        const el = await render();
        await click(el, '.test-connection');
        expect(status(el)).toContain('Partner Center answered 401');
        expect(el.shadowRoot!.querySelector('[role="status"] p')!.className).toContain('error');
        await click(el, '.test-event');
        expect(status(el)).toContain('test event sent');
        await click(el, '.reconcile');
        expect(status(el)).toContain('no access');
        mock(schedulePolling).mockResolvedValue({ ok: true, message: 'every 15 minutes' });
        await click(el, '.schedule-polling');
        expect(status(el)).toContain('every 15 minutes');
    });

    it('lists every setting with its state', async () => {
        mock(checkSettings).mockResolvedValue([
            { setting: 'Active stage name', value: 'Qualification', ok: true, message: 'OK' },
            {
                setting: 'On-hold stage name',
                value: 'Waiting',
                ok: false,
                message: 'There is no active opportunity stage named Waiting.'
            }
        ]);
        const el = await render();
        await click(el, '.check-settings');
        const items = el.shadowRoot!.querySelectorAll('.settings li');
        expect(items).toHaveLength(2);
        expect(items[1].textContent).toContain('There is no active opportunity stage named Waiting.');
    });

    it('shows why Partner Center refused to show the registration, and the rest of the page', async () => {
        const el = await render({
            registered: null,
            webhookUrl: null,
            events: [],
            ownedByThisOrg: false,
            ok: false,
            message: 'Partner Center answered 401 (unauthenticated): sign in again'
        });
        expect(status(el)).toContain('401 (unauthenticated)');
        expect(el.shadowRoot!.querySelector('.not-registered')).toBeNull();
        expect(el.shadowRoot!.querySelector('.scheduled-as')!.textContent).toBe('Ada Admin');
    });

    it('reports a refused page load and a refused settings check', async () => {
        mock(getWebhookRegistration).mockRejectedValue({ body: { message: 'You do not have access' } });
        mock(checkSettings).mockRejectedValue(new Error('offline'));
        const el = mount('c-co-sell-setup', CoSellSetup);
        await flush();
        expect(status(el)).toContain('You do not have access');
        await click(el, '.check-settings');
        expect(status(el)).toContain('offline');
    });
});
