/**
 * Proves the "Decline referral" quick action: a reason is required, then it declines and closes — on an opportunity
 * through CoSellPanelController, on a lead through CoSellLeadController.
 */
import CoSellDeclineReferral from 'c/coSellDeclineReferral';
import getPanelState from '@salesforce/apex/CoSellPanelController.getPanelState';
import declineReferral from '@salesforce/apex/CoSellPanelController.declineReferral';
import declineLeadReferral from '@salesforce/apex/CoSellLeadController.declineReferral';
import { change, cleanup, click, flush, mock, mount, q, toasts, wire } from '../../../../../test/jest-utils/lwc';

jest.mock(
    '@salesforce/apex/CoSellPanelController.getPanelState',
    () =>
        jest
            .requireActual<typeof import('../../../../../test/jest-utils/lwc')>('../../../../../test/jest-utils/lwc')
            .mockApexWire(),
    { virtual: true }
);
jest.mock('@salesforce/apex/CoSellPanelController.declineReferral', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/CoSellLeadController.declineReferral', () => ({ default: jest.fn() }), {
    virtual: true
});

const ID = '006000000000001AAA';
const LEAD_ID = '00Q000000000001AAA';
const ON_HOLD = { isOnHold: true, canEdit: true };

/** Opens the action on a record: an opportunity gets the panel's state; a lead (no state) asks for none. */
async function render(state?: unknown, recordId = ID): Promise<{ el: HTMLElement; closed: string[] }> {
    const el = mount('c-co-sell-decline-referral', CoSellDeclineReferral, { recordId });
    const closed: string[] = [];
    el.addEventListener('closeactionscreen', (e) => closed.push(e.type));
    if (state !== undefined) wire(getPanelState).emit(state);
    await flush();
    return { el, closed };
}

describe('c-co-sell-decline-referral', () => {
    afterEach(cleanup);

    it('declines only with a reason, then closes', async () => {
        mock(declineReferral).mockResolvedValue(undefined);
        const { el, closed } = await render(ON_HOLD);
        await expect(el).toBeAccessible();
        const reason = q(el, 'lightning-textarea.reason') as unknown as { reportValidity: jest.Mock };
        reason.reportValidity = jest.fn();
        await click(el, '.decline');
        expect(declineReferral).not.toHaveBeenCalled();
        expect(reason.reportValidity).toHaveBeenCalled();
        const shown = toasts(el);
        change(el, 'lightning-textarea.reason', { value: 'Customer chose another partner' });
        await flush();
        await click(el, '.decline');
        expect(declineReferral).toHaveBeenCalledWith({ opportunityId: ID, reason: 'Customer chose another partner' });
        expect(shown.map((t) => t.variant)).toEqual(['success']);
        expect(closed).toEqual(['closeactionscreen']);
    });

    it('shows the server error and stays open', async () => {
        mock(declineReferral).mockRejectedValue({ body: { message: 'Insufficient access' } });
        const { el, closed } = await render(ON_HOLD);
        change(el, 'lightning-textarea.reason', { value: 'No capacity' });
        await flush();
        await click(el, '.decline');
        expect(q(el, '[role="alert"]').textContent).toBe('Insufficient access');
        expect(closed).toEqual([]);
    });

    it('says so when nothing waits on hold', async () => {
        const { el } = await render({ isOnHold: false, canEdit: true });
        expect(q(el, '.not-on-hold').textContent).toBe('c.CoSell_Not_On_Hold');
        expect(el.shadowRoot!.querySelector('lightning-textarea.reason')).toBeNull();
        expect((q(el, '.decline') as unknown as { disabled: boolean }).disabled).toBe(true);
    });

    describe('on a lead', () => {
        it('declines the lead referral only with a reason, then closes', async () => {
            mock(declineLeadReferral).mockResolvedValue(undefined);
            const { el, closed } = await render(undefined, LEAD_ID);
            await expect(el).toBeAccessible();
            const last = (getPanelState as unknown as { getLastConfig(): { opportunityId?: string } }).getLastConfig();
            expect(last?.opportunityId).toBeUndefined();
            const reason = q(el, 'lightning-textarea.reason') as unknown as { reportValidity: jest.Mock };
            reason.reportValidity = jest.fn();
            await click(el, '.decline');
            expect(declineLeadReferral).not.toHaveBeenCalled();
            expect(reason.reportValidity).toHaveBeenCalled();
            const shown = toasts(el);
            change(el, 'lightning-textarea.reason', { value: 'Not our region' });
            await flush();
            await click(el, '.decline');
            expect(declineLeadReferral).toHaveBeenCalledWith({ leadId: LEAD_ID, reason: 'Not our region' });
            expect(declineReferral).not.toHaveBeenCalled();
            expect(shown.map((t) => t.variant)).toEqual(['success']);
            expect(closed).toEqual(['closeactionscreen']);
        });

        it('shows why the lead cannot be declined and stays open', async () => {
            mock(declineLeadReferral).mockRejectedValue({
                body: { message: 'This lead has no Partner Center referral waiting for an answer.' }
            });
            const { el, closed } = await render(undefined, LEAD_ID);
            const shown = toasts(el);
            change(el, 'lightning-textarea.reason', { value: 'No capacity' });
            await flush();
            await click(el, '.decline');
            expect(shown.map((t) => t.variant)).toEqual(['error']);
            expect(q(el, '[role="alert"]').textContent).toBe(
                'This lead has no Partner Center referral waiting for an answer.'
            );
            expect(closed).toEqual([]);
        });
    });
});
