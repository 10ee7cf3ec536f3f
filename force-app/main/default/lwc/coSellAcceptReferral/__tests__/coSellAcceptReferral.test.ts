/**
 * Proves the "Accept referral" quick action: on an opportunity it accepts a referral on hold, closes, and refuses
 * anything else; on a lead it accepts through CoSellLeadController and shows the lead's refusal.
 */
import CoSellAcceptReferral from 'c/coSellAcceptReferral';
import getPanelState from '@salesforce/apex/CoSellPanelController.getPanelState';
import acceptReferral from '@salesforce/apex/CoSellPanelController.acceptReferral';
import acceptLeadReferral from '@salesforce/apex/CoSellLeadController.acceptReferral';
import { cleanup, click, flush, mock, mount, q, toasts, wire } from '../../../../../test/jest-utils/lwc';

jest.mock(
    '@salesforce/apex/CoSellPanelController.getPanelState',
    () =>
        jest
            .requireActual<typeof import('../../../../../test/jest-utils/lwc')>('../../../../../test/jest-utils/lwc')
            .mockApexWire(),
    { virtual: true }
);
jest.mock('@salesforce/apex/CoSellPanelController.acceptReferral', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/CoSellLeadController.acceptReferral', () => ({ default: jest.fn() }), { virtual: true });

const ID = '006000000000001AAA';
const LEAD_ID = '00Q000000000001AAA';
const ON_HOLD = { isOnHold: true, canEdit: true };

/** Opens the action on a record: an opportunity gets the panel's state; a lead (no state) asks for none. */
async function render(state?: unknown, recordId = ID): Promise<{ el: HTMLElement; closed: string[] }> {
    const el = mount('c-co-sell-accept-referral', CoSellAcceptReferral, { recordId });
    const closed: string[] = [];
    el.addEventListener('closeactionscreen', (e) => closed.push(e.type));
    if (state !== undefined) wire(getPanelState).emit(state);
    await flush();
    return { el, closed };
}

describe('c-co-sell-accept-referral', () => {
    afterEach(cleanup);

    it('asks to confirm, accepts the referral and closes', async () => {
        mock(acceptReferral).mockResolvedValue(undefined);
        const { el, closed } = await render(ON_HOLD);
        await expect(el).toBeAccessible();
        expect(q(el, '.confirm').textContent).toBe('c.CoSell_Accept_Confirm');
        const shown = toasts(el);
        await click(el, '.accept');
        expect(acceptReferral).toHaveBeenCalledWith({ opportunityId: ID });
        expect(shown.map((t) => t.variant)).toEqual(['success']);
        expect(closed).toEqual(['closeactionscreen']);
    });

    it('shows the server error and stays open', async () => {
        mock(acceptReferral).mockRejectedValue({ body: { message: 'Choose the active stage in the settings.' } });
        const { el, closed } = await render(ON_HOLD);
        const shown = toasts(el);
        await click(el, '.accept');
        expect(shown.map((t) => t.variant)).toEqual(['error']);
        expect(q(el, '[role="alert"]').textContent).toBe('Choose the active stage in the settings.');
        expect(closed).toEqual([]);
    });

    it.each([
        ['nothing waits on hold', { isOnHold: false, canEdit: true }],
        ['the user may not edit', { isOnHold: true, canEdit: false }]
    ])('says so and cannot accept when %s', async (_why, state) => {
        const { el } = await render(state);
        expect(q(el, '.not-on-hold').textContent).toBe('c.CoSell_Not_On_Hold');
        expect((q(el, '.accept') as unknown as { disabled: boolean }).disabled).toBe(true);
    });

    it('closes on cancel without accepting', async () => {
        const { el, closed } = await render(ON_HOLD);
        await click(el, '.cancel');
        expect(acceptReferral).not.toHaveBeenCalled();
        expect(closed).toEqual(['closeactionscreen']);
    });

    describe('on a lead', () => {
        it('asks to confirm, accepts the lead referral and closes, never asking for the opportunity panel', async () => {
            mock(acceptLeadReferral).mockResolvedValue(undefined);
            const { el, closed } = await render(undefined, LEAD_ID);
            await expect(el).toBeAccessible();
            expect(q(el, '.confirm').textContent).toBe('c.CoSell_Lead_Accept_Confirm');
            expect(el.shadowRoot!.querySelector('.not-on-hold')).toBeNull();
            const last = (getPanelState as unknown as { getLastConfig(): { opportunityId?: string } }).getLastConfig();
            expect(last?.opportunityId).toBeUndefined();
            const shown = toasts(el);
            await click(el, '.accept');
            expect(acceptLeadReferral).toHaveBeenCalledWith({ leadId: LEAD_ID });
            expect(acceptReferral).not.toHaveBeenCalled();
            expect(shown.map((t) => t.variant)).toEqual(['success']);
            expect(closed).toEqual(['closeactionscreen']);
        });

        it('shows why the lead cannot be accepted and stays open', async () => {
            mock(acceptLeadReferral).mockRejectedValue({
                body: { message: 'This lead has no Partner Center referral waiting for an answer.' }
            });
            const { el, closed } = await render(undefined, LEAD_ID);
            const shown = toasts(el);
            await click(el, '.accept');
            expect(shown.map((t) => t.variant)).toEqual(['error']);
            expect(q(el, '[role="alert"]').textContent).toBe(
                'This lead has no Partner Center referral waiting for an answer.'
            );
            expect(closed).toEqual([]);
        });
    });
});
