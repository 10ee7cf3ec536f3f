import { createElement } from '@lwc/engine-dom';
import CoSellHealth from 'c/coSellHealth';
import getHealth from '@salesforce/apex/CoSellHealthController.getHealth';
import getWebhookRegistration from '@salesforce/apex/CoSellSetupController.getWebhookRegistration';
import registerWebhook from '@salesforce/apex/CoSellSetupController.registerWebhook';
import scheduleRegistrationCheck from '@salesforce/apex/CoSellHealthController.scheduleRegistrationCheck';
import retryReferralFailure from '@salesforce/apex/CoSellHealthController.retryReferralFailure';

jest.mock('@salesforce/apex/CoSellHealthController.getHealth', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/CoSellSetupController.getWebhookRegistration', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/CoSellSetupController.registerWebhook', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/CoSellHealthController.scheduleRegistrationCheck', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/CoSellHealthController.retryReferralFailure', () => ({ default: jest.fn() }), {
    virtual: true
});

const mock = (fn: unknown): jest.Mock => fn as jest.Mock;
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
const flush = (): Promise<void> => [1, 2, 3, 4].reduce((p) => p.then(tick), tick());

const HEALTH = {
    windows: [
        { label: 'Last 24 hours', synced: 12, pending: 1, failed: 2 },
        { label: 'Last 7 days', synced: 80, pending: 1, failed: 5 }
    ],
    lastWebhookAt: null,
    lastPollAt: '2026-12-05T20:00:00.000Z',
    credentialStatus: null,
    credentialAt: null,
    credentialAdvice: null,
    webhookCheckResult: 'Ours',
    webhookCheckedAt: '2026-12-05T19:30:00.000Z',
    webhookCheckScheduled: true,
    pollingRunning: true,
    pollingStatus: 'Running',
    pollingRestartsAt: null
};
const OURS = { registered: true, webhookUrl: 'https://acme.example/webhook', ownedByThisOrg: true };

async function render(health: unknown = HEALTH, registration: unknown = OURS): Promise<HTMLElement> {
    mock(getHealth).mockResolvedValue(health);
    mock(getWebhookRegistration).mockResolvedValue(registration);
    const el = createElement('c-co-sell-health', { is: CoSellHealth });
    document.body.appendChild(el);
    await flush();
    return el;
}

const text = (el: HTMLElement, selector: string): string =>
    el.shadowRoot!.querySelector(selector)?.textContent?.trim() ?? '';

describe('c-co-sell-health', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        jest.resetAllMocks();
    });

    it('labels every count and every time in words', async () => {
        const el = await render();
        const headers = [...el.shadowRoot!.querySelectorAll('table.counts thead th')].map((th) => th.textContent);
        expect(headers).toEqual([
            'c.CoSell_Health_Period',
            'c.CoSell_Health_Synced',
            'c.CoSell_Health_Pending',
            'c.CoSell_Health_Failed'
        ]);
        const rows = [...el.shadowRoot!.querySelectorAll('table.counts tbody tr')].map((tr) =>
            [...tr.children].map((c) => c.textContent)
        );
        expect(rows).toEqual([
            ['Last 24 hours', '12', '1', '2'],
            ['Last 7 days', '80', '1', '5']
        ]);
        expect(text(el, '.last-webhook')).toBe('c.CoSell_Health_Never');
        expect(el.shadowRoot!.querySelector('.last-poll lightning-formatted-date-time')).not.toBeNull();
        expect(text(el, '.webhook-text')).toBe('c.CoSell_Health_Webhook_Ours');
        expect(el.shadowRoot!.querySelector('.credentials')).toBeNull();
        expect(el.shadowRoot!.querySelector('.register-again')).toBeNull();
    });

    it('shows a 401 from Partner Center as an alert with what to do', async () => {
        const el = await render({
            ...HEALTH,
            credentialStatus: 401,
            credentialAt: '2026-12-05T19:00:00.000Z',
            credentialAdvice: 'Sign in again as a Referrals admin.'
        });
        const alert = el.shadowRoot!.querySelector('.credentials')!;
        expect(alert.getAttribute('role')).toBe('alert');
        expect(text(el, '.credential-status')).toBe('HTTP 401');
        expect(text(el, '.credential-advice')).toBe('Sign in again as a Referrals admin.');
    });

    it('says in words when another tool overwrote the registration, and registers again', async () => {
        mock(registerWebhook).mockResolvedValue({ ok: true, message: 'Registered' });
        const el = await render(HEALTH, {
            registered: true,
            webhookUrl: 'https://other-tool.example/hook',
            ownedByThisOrg: false
        });
        expect(text(el, '.webhook-text')).toBe('c.CoSell_Health_Webhook_Overwritten');
        const icon = el.shadowRoot!.querySelector('.webhook lightning-icon') as unknown as { iconName: string };
        expect(icon.iconName).toBe('utility:error');
        mock(getWebhookRegistration).mockResolvedValue(OURS);
        el.shadowRoot!.querySelector<HTMLElement>('.register-again')!.click();
        await flush();
        expect(registerWebhook).toHaveBeenCalledWith({ overwrite: true });
        expect(text(el, '.webhook-text')).toBe('c.CoSell_Health_Webhook_Ours');
        expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).toContain('Registered');
    });

    it('says when no webhook is registered', async () => {
        const el = await render(HEALTH, { registered: false, webhookUrl: null, ownedByThisOrg: false });
        expect(text(el, '.webhook-text')).toBe('c.CoSell_Health_Webhook_Missing');
        expect(el.shadowRoot!.querySelector('.register-again')).toBeNull();
    });

    it('shows why Partner Center refused to show the registration, not "Missing"', async () => {
        const el = await render(HEALTH, {
            registered: null,
            webhookUrl: null,
            ownedByThisOrg: false,
            ok: false,
            message: 'Partner Center answered 403 (forbidden): role removed'
        });
        expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).toContain('403 (forbidden)');
        expect(text(el, '.webhook-text')).toBe('');
        expect(el.shadowRoot!.querySelector('.register-again')).toBeNull();
    });

    it('shows what the scheduled check found, in words', async () => {
        const el = await render({
            ...HEALTH,
            webhookCheckResult: 'Overwritten: https://other-tool.example/hook'
        });
        expect(text(el, '.scheduled-text')).toBe(
            'c.CoSell_Health_Webhook_Overwritten (https://other-tool.example/hook)'
        );
        const icon = el.shadowRoot!.querySelector('.scheduled-result lightning-icon') as unknown as {
            iconName: string;
        };
        expect(icon.iconName).toBe('utility:error');
        expect(el.shadowRoot!.querySelector('.schedule-check')).toBeNull();
    });

    it('offers to schedule the check when it is not scheduled', async () => {
        mock(scheduleRegistrationCheck).mockResolvedValue({ ok: true, message: 'Checked every hour' });
        const el = await render({ ...HEALTH, webhookCheckResult: null, webhookCheckScheduled: false });
        expect(el.shadowRoot!.querySelector('.not-scheduled')!.textContent).toContain('Not_Scheduled');
        mock(getHealth).mockResolvedValue(HEALTH);
        el.shadowRoot!.querySelector<HTMLElement>('.schedule-check')!.click();
        await flush();
        expect(scheduleRegistrationCheck).toHaveBeenCalled();
        expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).toContain('Checked every hour');
        expect(el.shadowRoot!.querySelector('.not-scheduled')).toBeNull();
    });

    it('says so when polling stopped and its scheduled jobs are gone', async () => {
        const running = await render(HEALTH);
        expect(running.shadowRoot!.querySelector('.polling-stopped')).toBeNull();
        const stopped = await render({ ...HEALTH, pollingRunning: false, pollingStatus: 'Stopped' });
        const alert = stopped.shadowRoot!.querySelector('.polling-stopped')!;
        expect(alert.getAttribute('role')).toBe('alert');
        expect(alert.textContent).toContain('Polling_Stopped');
        expect(stopped.shadowRoot!.querySelector('.polling-restarts-at')).toBeNull();
    });

    it('says when the watchdog restarts a chain that stopped, although the watchdog is scheduled', async () => {
        const el = await render({
            ...HEALTH,
            pollingRunning: false,
            pollingStatus: 'Restarts',
            pollingRestartsAt: '2026-12-05T21:00:00.000Z'
        });
        expect(text(el, '.polling-notice')).toBe('c.CoSell_Health_Polling_Restarts');
        const at = el.shadowRoot!.querySelector('.polling-restarts-at') as unknown as { value: string };
        expect(at.value).toBe('2026-12-05T21:00:00.000Z');
        const icon = el.shadowRoot!.querySelector('.polling-stopped lightning-icon') as unknown as {
            iconName: string;
        };
        expect(icon.iconName).toBe('utility:warning');
    });

    it('says when polling was never scheduled', async () => {
        const el = await render({ ...HEALTH, pollingRunning: false, pollingStatus: 'NotScheduled' });
        expect(text(el, '.polling-notice')).toBe('c.CoSell_Health_Polling_Not_Scheduled');
    });
    it('lists failed referrals without an opportunity with their referral id, and retries one', async () => {
        const none = await render();
        expect(none.shadowRoot!.querySelector('.referral-failures')).toBeNull();
        const failure = {
            id: 'a01000000000001AAA',
            referralId: 'ref-lost',
            createdDate: '2026-12-05T20:00:00.000Z',
            operation: 'Queue sync',
            message: 'The sync could not be queued: AsyncApexExecutions Limit exceeded.'
        };
        mock(retryReferralFailure).mockResolvedValue({ ok: true, message: 'c.CoSell_History_Retried' });
        const el = await render({ ...HEALTH, referralFailures: [failure] });
        expect(text(el, '.referral-failures .referral-id')).toBe('ref-lost');
        expect(text(el, '.referral-failures .referral-message')).toBe(`Queue sync: ${failure.message}`);
        mock(getHealth).mockResolvedValue({ ...HEALTH, referralFailures: [] });
        el.shadowRoot!.querySelector<HTMLElement>('.retry-referral')!.click();
        await flush();
        expect(retryReferralFailure).toHaveBeenCalledWith({ syncLogId: failure.id });
        expect(el.shadowRoot!.querySelector('.referral-failures')).toBeNull();
        expect(el.shadowRoot!.textContent).toContain('c.CoSell_History_Retried');
    });
});
