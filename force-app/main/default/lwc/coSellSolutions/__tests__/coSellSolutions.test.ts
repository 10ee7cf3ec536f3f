/** Proves the opportunity's Partner Center solutions: list, debounced catalog search, add, remove, accessibility. */
import CoSellSolutions from 'c/coSellSolutions';
import getSolutions from '@salesforce/apex/CoSellSolutionsController.getSolutions';
import searchCatalog from '@salesforce/apex/CoSellSolutionsController.searchCatalog';
import addSolution from '@salesforce/apex/CoSellSolutionsController.addSolution';
import removeSolution from '@salesforce/apex/CoSellSolutionsController.removeSolution';
import { refreshApex } from '@salesforce/apex';
import { cleanup, flush, mock, mount, q, toasts, wire } from '../../../../../test/jest-utils/lwc';

jest.mock(
    '@salesforce/apex/CoSellSolutionsController.getSolutions',
    () =>
        jest
            .requireActual<typeof import('../../../../../test/jest-utils/lwc')>('../../../../../test/jest-utils/lwc')
            .mockApexWire(),
    { virtual: true }
);
jest.mock('@salesforce/apex/CoSellSolutionsController.searchCatalog', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/CoSellSolutionsController.addSolution', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/CoSellSolutionsController.removeSolution', () => ({ default: jest.fn() }), {
    virtual: true
});

const ID = '006000000000001AAA';
const LINKED = [{ id: 'a0L1', solutionId: 'SOL-1', name: 'Migration Factory', publisher: 'Fabrikam' }];
async function render(data: unknown = LINKED): Promise<HTMLElement> {
    const el = mount('c-co-sell-solutions', CoSellSolutions, { recordId: ID });
    wire(getSolutions).emit(data);
    await flush();
    return el;
}

async function typeSearch(el: HTMLElement, value: string): Promise<void> {
    const input = q<HTMLElement & { value: string }>(el, '.search');
    input.value = value;
    input.dispatchEvent(new CustomEvent('change'));
    jest.advanceTimersByTime(300);
    jest.useRealTimers();
    await flush();
    await flush();
}

describe('c-co-sell-solutions', () => {
    afterEach(() => {
        cleanup();
        jest.useRealTimers();
    });

    it('is accessible, with solutions and without', async () => {
        await expect(await render()).toBeAccessible();
        cleanup();
        await expect(await render([])).toBeAccessible();
    });

    it('lists the linked solutions and explains the sharing rule', async () => {
        const el = await render();
        expect(el.shadowRoot!.querySelector('.linked')!.textContent).toContain('Migration Factory');
        expect(el.shadowRoot!.querySelector('.rule')!.textContent).toBe('c.CoSell_Solutions_Rule');
        expect(el.shadowRoot!.querySelector('.none')).toBeNull();
    });

    it('says when there is none, and shows a wire error', async () => {
        const el = await render([]);
        expect(el.shadowRoot!.querySelector('.none')).not.toBeNull();
        wire(getSolutions).error({ message: 'No access' });
        await flush();
        expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).toBe('No access');
    });

    it('searches after typing stops, hides solutions already linked, and adds one', async () => {
        mock(searchCatalog).mockResolvedValue([
            ...LINKED,
            { id: 'a0L2', solutionId: 'SOL-2', name: 'Zero Trust', publisher: 'Fabrikam' }
        ]);
        mock(addSolution).mockResolvedValue(undefined);
        const el = await render();
        jest.useFakeTimers();
        await typeSearch(el, 'zero');
        expect(searchCatalog).toHaveBeenCalledTimes(1);
        expect(searchCatalog).toHaveBeenCalledWith({ term: 'zero' });
        const buttons = el.shadowRoot!.querySelectorAll<HTMLElement>('.add');
        expect(buttons).toHaveLength(1);
        buttons[0].click();
        await flush();
        expect(addSolution).toHaveBeenCalledWith({ opportunityId: ID, catalogId: 'a0L2' });
        expect(refreshApex).toHaveBeenCalled();
    });

    it('does not search for one letter', async () => {
        const el = await render();
        jest.useFakeTimers();
        await typeSearch(el, 'z');
        expect(searchCatalog).not.toHaveBeenCalled();
    });

    it('removes a solution and reports a refusal', async () => {
        mock(removeSolution).mockRejectedValue({ body: { message: 'insufficient access' } });
        const el = await render();
        const shown = toasts(el);
        q(el, '.remove').click();
        await flush();
        expect(removeSolution).toHaveBeenCalledWith({ opportunitySolutionId: 'a0L1' });
        expect(shown.map((t) => t.message)).toEqual(['insufficient access']);
    });
});
