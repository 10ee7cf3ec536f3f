import { createElement } from '@lwc/engine-dom';
import CoSellPreview from 'c/coSellPreview';
import previewOpportunity from '@salesforce/apex/CoSellAdminController.previewOpportunity';
import previewReferral from '@salesforce/apex/CoSellAdminController.previewReferral';

jest.mock('@salesforce/apex/CoSellAdminController.previewOpportunity', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/CoSellAdminController.previewReferral', () => ({ default: jest.fn() }), {
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

    describe('by referral id', () => {
        async function referralPreviewOf(): Promise<HTMLElement> {
            const el = createElement('c-co-sell-preview', { is: CoSellPreview }) as HTMLElement;
            document.body.appendChild(el);
            await flush();
            el.shadowRoot!.querySelector('.referral-id')!.dispatchEvent(
                new CustomEvent('change', { detail: { value: ' ref-1 ' } })
            );
            el.shadowRoot!.querySelector<HTMLElement>('.run-referral-preview')!.click();
            await flush();
            return el;
        }

        const cells = (row: Element): Array<string | null> =>
            [...row.querySelectorAll('th, td')].map((cell) => cell.textContent);

        it('shows each record the sync would write, new ones with their values and updates with before and after', async () => {
            mock(previewReferral).mockResolvedValue({
                referralId: 'ref-1',
                outcomes: ['Create opportunity: Success'],
                writes: [
                    {
                        operation: 'create',
                        objectName: 'Opportunity',
                        objectLabel: 'Opportunity',
                        recordId: null,
                        recordName: 'Contoso migration',
                        fields: [
                            { field: 'StageName', label: 'Stage', before: null, after: 'Prospecting', changed: true },
                            {
                                field: 'AccountId',
                                label: 'Account ID',
                                before: null,
                                after: 'new Account Contoso Ltd',
                                changed: true
                            }
                        ]
                    },
                    {
                        operation: 'update',
                        objectName: 'Contact',
                        objectLabel: 'Contact',
                        recordId: '003000000000001AAA',
                        recordName: 'Ana Lee',
                        fields: [{ field: 'Title', label: 'Title', before: 'CTO', after: 'CIO', changed: true }]
                    }
                ],
                problems: []
            });
            const el = await referralPreviewOf();
            expect(previewReferral).toHaveBeenCalledWith({ referralId: 'ref-1' });
            expect(previewOpportunity).not.toHaveBeenCalled();
            const root = el.shadowRoot!;
            expect([...root.querySelectorAll('.outcomes li')].map((li) => li.textContent)).toEqual([
                'Create opportunity: Success'
            ]);
            expect(root.querySelector('.referral-intro')!.textContent).toBe('c.CoSell_Admin_Preview_Referral_Intro');
            const writes = [...root.querySelectorAll('.record-write')];
            expect(writes).toHaveLength(2);
            expect(writes[0].querySelector('.operation')!.textContent).toBe('c.CoSell_Admin_Preview_Op_Create');
            expect(writes[0].querySelector('.record')!.textContent).toBe('Opportunity Contoso migration');
            const icon = writes[0].querySelector('lightning-icon') as unknown as { iconName: string };
            expect(icon.iconName).toBe('utility:new');
            expect([...writes[0].querySelectorAll('.field-row')].map(cells)).toEqual([
                ['Stage', 'Prospecting'],
                ['Account ID', 'new Account Contoso Ltd']
            ]);
            expect(writes[1].querySelector('.operation')!.textContent).toBe('c.CoSell_Admin_Preview_Op_Update');
            expect(writes[1].querySelector('.record')!.textContent).toBe('Contact Ana Lee (003000000000001AAA)');
            expect([...writes[1].querySelectorAll('.field-row')].map(cells)).toEqual([['Title', 'CTO', 'CIO']]);
            expect(root.querySelector('.referral-problems')).toBeNull();
        });

        it('says when nothing would be written, and lists the problems with a warning icon', async () => {
            mock(previewReferral).mockResolvedValue({
                referralId: 'ref-1',
                outcomes: ['Create opportunity: Skipped — Leads are not synced.'],
                writes: [],
                problems: ['On-hold stage name: Choose an opportunity stage.']
            });
            const el = await referralPreviewOf();
            const root = el.shadowRoot!;
            expect(root.querySelector('.referral-nothing')!.textContent).toBe(
                'c.CoSell_Admin_Preview_Referral_Nothing'
            );
            expect(root.querySelector('.record-write')).toBeNull();
            expect([...root.querySelectorAll('.referral-problems li')].map((li) => li.textContent)).toEqual([
                'On-hold stage name: Choose an opportunity stage.'
            ]);
            const icon = root.querySelector('.referral-problems-title lightning-icon') as unknown as {
                iconName: string;
            };
            expect(icon.iconName).toBe('utility:warning');
            expect(root.querySelector('.referral-problems-title')!.textContent).toContain(
                'CoSell_Admin_Preview_Referral_Problems'
            );
        });

        it('shows an Apex error instead of a preview', async () => {
            mock(previewReferral).mockRejectedValue({ body: { message: 'Enter a referral id.' } });
            const el = await referralPreviewOf();
            expect(el.shadowRoot!.querySelector('.referral-error')!.textContent).toBe('Enter a referral id.');
            expect(el.shadowRoot!.querySelector('.record-write')).toBeNull();
        });
    });
});
