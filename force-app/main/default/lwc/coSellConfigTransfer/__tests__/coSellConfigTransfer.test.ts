import { createElement } from '@lwc/engine-dom';
import CoSellConfigTransfer from 'c/coSellConfigTransfer';
import exportConfiguration from '@salesforce/apex/CoSellAdminController.exportConfiguration';
import diffConfiguration from '@salesforce/apex/CoSellAdminController.diffConfiguration';
import importConfiguration from '@salesforce/apex/CoSellAdminController.importConfiguration';
import getDeployState from '@salesforce/apex/CoSellAdminController.getDeployState';

jest.mock('@salesforce/apex/CoSellAdminController.exportConfiguration', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/CoSellAdminController.diffConfiguration', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/CoSellAdminController.importConfiguration', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/CoSellAdminController.getDeployState', () => ({ default: jest.fn() }), {
    virtual: true
});

const mock = (fn: unknown): jest.Mock => fn as jest.Mock;
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
const flush = (): Promise<void> => [1, 2, 3, 4, 5].reduce((p) => p.then(tick), tick());
const FILE = '{"format":"cosell-configuration/1","settings":{"Active_Stage__c":"Needs Analysis"},"fieldMaps":[]}';

async function withFile(text = FILE): Promise<HTMLElement> {
    const el = createElement('c-co-sell-config-transfer', { is: CoSellConfigTransfer }) as HTMLElement & {
        pollMs: number;
    };
    el.pollMs = 0;
    document.body.appendChild(el);
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('input.file')!;
    const file = { text: () => Promise.resolve(text) };
    Object.defineProperty(input, 'files', { value: [file] });
    input.dispatchEvent(new CustomEvent('change'));
    await flush();
    return el;
}

const button = (el: HTMLElement, selector: string): HTMLElement & { disabled: boolean } =>
    el.shadowRoot!.querySelector(selector) as HTMLElement & { disabled: boolean };

describe('c-co-sell-config-transfer', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        jest.resetAllMocks();
    });

    it('offers the export as a JSON file to download', async () => {
        mock(exportConfiguration).mockResolvedValue('{"format":"cosell-configuration/1"}');
        const el = createElement('c-co-sell-config-transfer', { is: CoSellConfigTransfer });
        document.body.appendChild(el);
        button(el, '.export').click();
        await flush();
        const link = el.shadowRoot!.querySelector<HTMLAnchorElement>('a.download')!;
        expect(link.getAttribute('download')).toBe('cosell-configuration.json');
        expect(decodeURIComponent(link.getAttribute('href')!)).toBe(
            'data:application/json;charset=utf-8,{"format":"cosell-configuration/1"}'
        );
    });

    it('shows the changes before anything is applied, then applies and follows the deployment', async () => {
        mock(diffConfiguration).mockResolvedValue({
            ok: true,
            message: null,
            problems: [],
            changes: [{ kind: 'Setting', name: 'Active stage name', before: 'Qualification', after: 'Needs Analysis' }]
        });
        mock(importConfiguration).mockResolvedValue({ ok: true, message: 'Saving' });
        mock(getDeployState).mockResolvedValue({
            jobId: '707',
            status: 'Succeeded',
            message: 'Saved',
            finishedAt: null
        });
        const el = await withFile();
        expect(button(el, '.apply').disabled).toBe(true);
        button(el, '.show-changes').click();
        await flush();
        expect(diffConfiguration).toHaveBeenCalledWith({ configurationJson: FILE });
        expect(importConfiguration).not.toHaveBeenCalled();
        expect(el.shadowRoot!.querySelector('table.changes td.before')!.textContent).toBe('Qualification');
        expect(el.shadowRoot!.querySelector('table.changes td.after')!.textContent).toBe('Needs Analysis');
        expect(button(el, '.apply').disabled).toBe(false);
        button(el, '.apply').click();
        await flush();
        expect(importConfiguration).toHaveBeenCalledWith({ configurationJson: FILE });
        expect(el.shadowRoot!.querySelector('.deploy-word')!.textContent).toBe('c.CoSell_Admin_Deploy_Done');
    });

    it('lists why a file cannot be applied and keeps Apply off', async () => {
        mock(diffConfiguration).mockResolvedValue({
            ok: false,
            message: 'Nothing was saved',
            problems: ['Won stage name: Prospecting is not a won stage.'],
            changes: [{ kind: 'Setting', name: 'Won stage name', before: 'Closed Won', after: 'Prospecting' }]
        });
        const el = await withFile();
        button(el, '.show-changes').click();
        await flush();
        expect(el.shadowRoot!.querySelector('ul.problems')!.textContent).toContain('not a won stage');
        expect(button(el, '.apply').disabled).toBe(true);
    });

    it('says so when the file matches this org', async () => {
        mock(diffConfiguration).mockResolvedValue({ ok: true, message: null, problems: [], changes: [] });
        const el = await withFile();
        button(el, '.show-changes').click();
        await flush();
        expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).toContain('c.CoSell_Admin_No_Changes');
        expect(button(el, '.apply').disabled).toBe(true);
    });
});
