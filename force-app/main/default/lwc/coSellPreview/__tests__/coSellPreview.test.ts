import { createElement } from '@lwc/engine-dom';
import CoSellPreview from 'c/coSellPreview';
import previewOpportunity from '@salesforce/apex/CoSellAdminController.previewOpportunity';

jest.mock('@salesforce/apex/CoSellAdminController.previewOpportunity', () => ({ default: jest.fn() }), {
    virtual: true
});

const mock = (fn: unknown): jest.Mock => fn as jest.Mock;
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
const flush = (): Promise<void> => tick().then(tick).then(tick);

async function previewOf(maps?: string): Promise<HTMLElement> {
    const el = createElement('c-co-sell-preview', { is: CoSellPreview }) as HTMLElement & { maps?: string };
    el.maps = maps;
    document.body.appendChild(el);
    await flush();
    el.shadowRoot!.querySelector('.opportunity-id')!.dispatchEvent(
        new CustomEvent('change', { detail: { value: ' 006000000000001AAA ' } })
    );
    el.shadowRoot!.querySelector<HTMLElement>('.run-preview')!.click();
    await flush();
    return el;
}

describe('c-co-sell-preview', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        jest.resetAllMocks();
    });

    it('shows the body a new referral would be created with, and no problems', async () => {
        mock(previewOpportunity).mockResolvedValue({
            mode: 'create',
            body: '{\n  "details" : {\n    "notes" : "Pilot in May"\n  }\n}',
            problems: []
        });
        const el = await previewOf('[{"path":"/details/notes"}]');
        expect(previewOpportunity).toHaveBeenCalledWith({
            opportunityId: '006000000000001AAA',
            mapsJson: '[{"path":"/details/notes"}]'
        });
        expect(el.shadowRoot!.querySelector('.sentence')!.textContent).toBe('c.CoSell_Admin_Preview_Create');
        expect(el.shadowRoot!.querySelector('.body')!.textContent).toContain('"notes" : "Pilot in May"');
        expect(el.shadowRoot!.querySelector('.no-problems')!.textContent).toContain('No_Problems');
        expect(el.shadowRoot!.querySelector('.problems')).toBeNull();
    });

    it('lists the rule problems with a warning icon and words', async () => {
        mock(previewOpportunity).mockResolvedValue({
            mode: 'update',
            body: '[ ]',
            problems: ['Enter the customer country.', 'Add a solution.']
        });
        const el = await previewOf();
        expect(previewOpportunity).toHaveBeenCalledWith({ opportunityId: '006000000000001AAA', mapsJson: null });
        expect(el.shadowRoot!.querySelector('.sentence')!.textContent).toBe('c.CoSell_Admin_Preview_Update');
        const items = [...el.shadowRoot!.querySelectorAll('.problems li')].map((li) => li.textContent);
        expect(items).toEqual(['Enter the customer country.', 'Add a solution.']);
        const icon = el.shadowRoot!.querySelector('.problems-title lightning-icon') as unknown as { iconName: string };
        expect(icon.iconName).toBe('utility:warning');
    });

    it('shows an Apex error instead of a preview', async () => {
        mock(previewOpportunity).mockRejectedValue({ body: { message: 'No access' } });
        const el = await previewOf();
        expect(el.shadowRoot!.querySelector('.error')!.textContent).toBe('No access');
        expect(el.shadowRoot!.querySelector('.body')).toBeNull();
    });
});
