import { createElement } from '@lwc/engine-dom';
import CoSellAdminSettings from 'c/coSellAdminSettings';
import getSettings from '@salesforce/apex/CoSellAdminController.getSettings';
import saveSettings from '@salesforce/apex/CoSellAdminController.saveSettings';
import getDeployState from '@salesforce/apex/CoSellAdminController.getDeployState';
import getBypassHolders from '@salesforce/apex/CoSellAdminController.getBypassHolders';

jest.mock('@salesforce/apex/CoSellAdminController.getSettings', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/CoSellAdminController.saveSettings', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/CoSellAdminController.getDeployState', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/CoSellAdminController.getBypassHolders', () => ({ default: jest.fn() }), {
    virtual: true
});

const mock = (fn: unknown): jest.Mock => fn as jest.Mock;
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
/** Lets the chained Apex promises and the deployment polling settle (a few macrotask turns). */
const flush = (): Promise<void> => [1, 2, 3, 4, 5, 6, 7].reduce((p) => p.then(tick), tick());

const setting = (field: string, kind: string, value: string, ok = true, message = 'OK') => ({
    field,
    label: field.replace(/__c$/, '').replace(/_/g, ' '),
    meaning: `What ${field} does`,
    kind,
    value,
    ok,
    message,
    options: kind === 'stage' ? ['Prospecting', 'Qualification', 'Closed Won', 'Closed Lost'] : []
});
const SETTINGS = [
    setting('Active_Stage__c', 'stage', 'Qualification'),
    setting('Polling_Interval_Minutes__c', 'number', '10'),
    setting('Show_Status_In_Name__c', 'checkbox', 'true'),
    setting('Webhook_Site_Url__c', 'url', '', false, 'Enter the https address of the Salesforce Site.')
];

async function render(holders: string[] = []): Promise<HTMLElement & { pollMs: number }> {
    mock(getSettings).mockResolvedValue(SETTINGS);
    mock(getBypassHolders).mockResolvedValue({ count: holders.length, names: holders });
    const el = createElement('c-co-sell-admin-settings', { is: CoSellAdminSettings }) as HTMLElement & {
        pollMs: number;
    };
    el.pollMs = 0;
    document.body.appendChild(el);
    await flush();
    return el;
}

const row = (el: HTMLElement, field: string): HTMLElement =>
    el.shadowRoot!.querySelector<HTMLElement>(`tr[data-field="${field}"]`)!;
const change = (el: HTMLElement, selector: string, detail: Record<string, unknown>): void => {
    const input = el.shadowRoot!.querySelector(selector)!;
    input.dispatchEvent(new CustomEvent('change', { detail }));
};

describe('c-co-sell-admin-settings', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        jest.resetAllMocks();
    });

    it('shows every setting with its meaning and its state in words and an icon', async () => {
        const el = await render();
        expect(el.shadowRoot!.querySelectorAll('tbody tr')).toHaveLength(4);
        const active = row(el, 'Active_Stage__c');
        expect(active.querySelector('.meaning')!.textContent).toBe('What Active_Stage__c does');
        expect(active.querySelector('.state-word')!.textContent).toBe('c.CoSell_Admin_Usable');
        expect((active.querySelector('lightning-icon') as unknown as { iconName: string }).iconName).toBe(
            'utility:success'
        );
        const url = row(el, 'Webhook_Site_Url__c');
        expect(url.querySelector('.state-word')!.textContent).toBe('c.CoSell_Admin_Not_Usable');
        expect(url.querySelector('.state-message')!.textContent).toContain('https address');
        const icon = url.querySelector('lightning-icon') as unknown as { iconName: string; alternativeText: string };
        expect(icon.iconName).toBe('utility:error');
        expect(icon.alternativeText).toBe('c.CoSell_Admin_Not_Usable');
        expect(row(el, 'Active_Stage__c').querySelector('lightning-combobox')).not.toBeNull();
        const checkbox = row(el, 'Show_Status_In_Name__c').querySelector('lightning-input') as unknown as {
            type: string;
            checked: boolean;
        };
        expect(checkbox.type).toBe('checkbox');
        expect(checkbox.checked).toBe(true);
    });

    it('shows the reasons and deploys nothing when Apex refuses the values', async () => {
        mock(saveSettings).mockResolvedValue({
            ok: false,
            message: 'Nothing was saved: fix the values marked below first.',
            jobId: null,
            settings: [setting('Active_Stage__c', 'stage', 'Closed Lost', false, 'Closed Lost is a closed stage.')]
        });
        const el = await render();
        change(el, 'lightning-combobox[data-field="Active_Stage__c"]', { value: 'Closed Lost' });
        el.shadowRoot!.querySelector<HTMLElement>('.save')!.click();
        await flush();
        expect(saveSettings).toHaveBeenCalledWith({ valuesJson: JSON.stringify({ Active_Stage__c: 'Closed Lost' }) });
        expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).toContain('Nothing was saved');
        expect(row(el, 'Active_Stage__c').querySelector('.state-message')!.textContent).toContain('closed stage');
        expect(getDeployState).not.toHaveBeenCalled();
        expect(el.shadowRoot!.querySelector('.deploy')).toBeNull();
    });

    it('follows the deployment until the callback reports the result, then reloads', async () => {
        mock(saveSettings).mockResolvedValue({ ok: true, message: 'Saving', jobId: '707x', settings: SETTINGS });
        mock(getDeployState)
            .mockResolvedValueOnce({ jobId: '707x', status: 'Pending', message: 'queued', finishedAt: null })
            .mockResolvedValueOnce({
                jobId: '707x',
                status: 'Succeeded',
                message: 'Saved: 1 configuration records deployed.',
                finishedAt: '2026-12-05T20:00:00Z'
            });
        const el = await render();
        change(el, 'lightning-input[data-field="Polling_Interval_Minutes__c"]', { value: '15' });
        change(el, 'lightning-input[data-field="Show_Status_In_Name__c"]', { checked: false });
        el.shadowRoot!.querySelector<HTMLElement>('.save')!.click();
        await flush();
        expect(saveSettings).toHaveBeenCalledWith({
            valuesJson: JSON.stringify({ Polling_Interval_Minutes__c: '15', Show_Status_In_Name__c: 'false' })
        });
        expect(getDeployState).toHaveBeenCalledTimes(2);
        expect(el.shadowRoot!.querySelector('.deploy-word')!.textContent).toBe('c.CoSell_Admin_Deploy_Done');
        expect(el.shadowRoot!.querySelector('.deploy-message')!.textContent).toContain('1 configuration records');
        const icon = el.shadowRoot!.querySelector('.deploy lightning-icon') as unknown as { iconName: string };
        expect(icon.iconName).toBe('utility:success');
        expect(getSettings).toHaveBeenCalledTimes(2);
    });

    it('says so in words when the deployment failed', async () => {
        mock(saveSettings).mockResolvedValue({ ok: true, message: 'Saving', jobId: '707x', settings: SETTINGS });
        mock(getDeployState).mockResolvedValue({
            jobId: '707x',
            status: 'Failed',
            message: 'The deployment ended as Failed: no access',
            finishedAt: null
        });
        const el = await render();
        el.shadowRoot!.querySelector<HTMLElement>('.save')!.click();
        await flush();
        expect(el.shadowRoot!.querySelector('.deploy-word')!.textContent).toBe('c.CoSell_Admin_Deploy_Error');
        expect(getSettings).toHaveBeenCalledTimes(1);
    });

    it('warns in words, with an icon, while anybody holds "Bypass co-sell sync"', async () => {
        const quiet = await render();
        expect(quiet.shadowRoot!.querySelector('.bypass')).toBeNull();
        document.body.removeChild(quiet);
        const el = await render(['Data Loader', 'Ana Lee']);
        const alert = el.shadowRoot!.querySelector('.bypass')!;
        expect(alert.getAttribute('role')).toBe('alert');
        expect(alert.textContent).toContain('c.CoSell_Admin_Bypass_Warning');
        expect(alert.querySelector('.bypass-names')!.textContent).toBe('Data Loader, Ana Lee');
        expect((alert.querySelector('lightning-icon') as unknown as { iconName: string }).iconName).toBe(
            'utility:warning'
        );
    });

    it('shows an Apex error', async () => {
        mock(getSettings).mockRejectedValue({ body: { message: 'You do not have access to the co-sell setup.' } });
        const el = createElement('c-co-sell-admin-settings', { is: CoSellAdminSettings });
        document.body.appendChild(el);
        await flush();
        expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).toContain('do not have access');
    });
});
