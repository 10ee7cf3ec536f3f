import { createElement } from '@lwc/engine-dom';
import CoSellPanel from 'c/coSellPanel';
import getPanelState from '@salesforce/apex/CoSellPanelController.getPanelState';
import saveSharing from '@salesforce/apex/CoSellPanelController.saveSharing';
import acceptReferral from '@salesforce/apex/CoSellPanelController.acceptReferral';
import declineReferral from '@salesforce/apex/CoSellPanelController.declineReferral';
import syncNow from '@salesforce/apex/CoSellPanelController.syncNow';
import LightningConfirm from 'lightning/confirm';
// The toast event the sfdx-lwc-jest stub of lightning/platformShowToastEvent dispatches.
const ShowToastEventName = 'lightning__showtoast';

jest.mock(
    '@salesforce/apex/CoSellPanelController.getPanelState',
    () => ({
        default: (
            jest.requireActual('@salesforce/sfdx-lwc-jest') as { createApexTestWireAdapter(fn: unknown): unknown }
        ).createApexTestWireAdapter(jest.fn())
    }),
    { virtual: true }
);
jest.mock('@salesforce/apex/CoSellPanelController.saveSharing', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/CoSellPanelController.acceptReferral', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/CoSellPanelController.declineReferral', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/CoSellPanelController.syncNow', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), { virtual: true });
jest.mock('lightning/confirm', () => ({ __esModule: true, default: { open: jest.fn() } }), { virtual: true });

const ID = '006000000000001AAA';
const STATE = {
    syncEnabled: false,
    syncStatus: 'Failed',
    lastSyncError: 'Set the customer country to a two-letter ISO code',
    lastSyncedAt: null,
    referralId: 'ref-1',
    referralLink: 'https://partner.microsoft.com/x/ref-1',
    referralStatus: 'New',
    referralSubstatus: 'Received',
    microsoftReferralStatus: null,
    microsoftHelp: null,
    microsoftHelpNotes: null,
    visibleToMicrosoft: false,
    isOnHold: true,
    canEdit: true,
    helpOptions: [{ label: 'Proof of concept / demo', value: 'ProofOfConceptOrDemo' }],
    microsoftSellers: [{ name: 'Mia Seller', email: 'mia@microsoft.example', phone: null, role: 'Microsoft seller' }]
};

const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
const emit = (data: unknown): void => (getPanelState as unknown as { emit(d: unknown): void }).emit(data);
const mock = (fn: unknown): jest.Mock => fn as jest.Mock;

async function render(state: unknown = STATE): Promise<HTMLElement & { recordId?: string }> {
    const el = createElement('c-co-sell-panel', { is: CoSellPanel }) as HTMLElement & { recordId?: string };
    el.recordId = ID;
    document.body.appendChild(el);
    emit(state);
    await flush();
    return el;
}

const q = <T extends Element = HTMLElement>(el: HTMLElement, selector: string): T =>
    el.shadowRoot!.querySelector<T>(selector)!;
const click = async (el: HTMLElement, selector: string): Promise<void> => {
    q(el, selector).click();
    await flush();
    await flush();
};
const change = (el: HTMLElement, selector: string, props: Record<string, unknown>): void => {
    const input = q(el, selector);
    Object.assign(input, props);
    input.dispatchEvent(new CustomEvent('change', { detail: props }));
};

describe('c-co-sell-panel', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        jest.clearAllMocks();
    });

    it('shows the sync state, the error in the seller words, statuses and Microsoft sellers', async () => {
        const el = await render();
        const status = q(el, '[role="status"]');
        expect(status.textContent).toContain('c.CoSell_Status_Failed');
        expect(q(el, '.sync-error').textContent).toBe(STATE.lastSyncError);
        expect(q(el, '.referral-status').textContent).toContain('New Received');
        expect(q(el, '.sellers').textContent).toContain('Mia Seller');
        expect(
            q<HTMLElement & { label: string }>(el, 'lightning-card').getAttribute('title') ??
                (q(el, 'lightning-card') as unknown as { title: string }).title
        ).toBe('c.CoSell_Panel_Title');
    });

    it('shows a wire error', async () => {
        const el = createElement('c-co-sell-panel', { is: CoSellPanel });
        document.body.appendChild(el);
        (getPanelState as unknown as { error(b: unknown): void }).error({ message: 'No access' });
        await flush();
        expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).toBe('No access');
    });

    it('saves sharing with the draft values after confirming visibility, then refreshes', async () => {
        mock(LightningConfirm.open).mockResolvedValue(true);
        mock(saveSharing).mockResolvedValue(undefined);
        const el = await render();
        const toasts: string[] = [];
        el.addEventListener(ShowToastEventName, (e) =>
            toasts.push((e as CustomEvent<{ variant: string }>).detail.variant)
        );
        change(el, '.sync-toggle', { checked: true });
        change(el, '.help', { value: 'ProofOfConceptOrDemo' });
        change(el, '.help-notes', { value: 'POC please' });
        change(el, '.visible', { checked: true });
        await flush();
        await click(el, '.save');
        expect(LightningConfirm.open).toHaveBeenCalledWith(
            expect.objectContaining({ message: 'c.CoSell_Visible_Confirm' })
        );
        expect(saveSharing).toHaveBeenCalledWith({
            opportunityId: ID,
            syncEnabled: true,
            microsoftHelp: 'ProofOfConceptOrDemo',
            microsoftHelpNotes: 'POC please',
            visibleToMicrosoft: true
        });
        expect(toasts).toEqual(['success']);
    });

    it('does not save when the visibility confirmation is cancelled', async () => {
        mock(LightningConfirm.open).mockResolvedValue(false);
        const el = await render();
        change(el, '.visible', { checked: true });
        await flush();
        await click(el, '.save');
        expect(saveSharing).not.toHaveBeenCalled();
    });

    it('locks visibility once it is on', async () => {
        const el = await render({ ...STATE, visibleToMicrosoft: true });
        expect((q(el, '.visible') as unknown as { disabled: boolean }).disabled).toBe(true);
    });

    it('accepts a referral on hold and shows server errors as toasts', async () => {
        mock(acceptReferral).mockRejectedValue({ body: { message: 'Referral is closed' } });
        const el = await render();
        const messages: string[] = [];
        el.addEventListener(ShowToastEventName, (e) =>
            messages.push((e as CustomEvent<{ message: string }>).detail.message)
        );
        await click(el, '.accept');
        expect(acceptReferral).toHaveBeenCalledWith({ opportunityId: ID });
        expect(messages).toEqual(['Referral is closed']);
    });

    it('declines only with a reason', async () => {
        mock(declineReferral).mockResolvedValue(undefined);
        const el = await render();
        await click(el, '.decline');
        await click(el, '.decline-confirm');
        expect(declineReferral).not.toHaveBeenCalled();
        change(el, '.decline-reason', { value: 'Customer chose another vendor' });
        await flush();
        await click(el, '.decline-confirm');
        expect(declineReferral).toHaveBeenCalledWith({ opportunityId: ID, reason: 'Customer chose another vendor' });
        expect(el.shadowRoot!.querySelector('.decline-reason')).toBeNull();
    });

    it('queues a sync now', async () => {
        mock(syncNow).mockResolvedValue(undefined);
        const el = await render({ ...STATE, syncStatus: 'Synced', isOnHold: false, microsoftSellers: [] });
        expect(q(el, '[role="status"]').textContent).toContain('c.CoSell_Status_Synced');
        q(el, 'lightning-button[slot="actions"]').click();
        await flush();
        expect(syncNow).toHaveBeenCalledWith({ opportunityId: ID });
        expect(el.shadowRoot!.querySelector('.sellers')).toBeNull();
    });

    it('shows a notice instead of the Microsoft sellers to a user who may not read them', async () => {
        const notice = 'You do not have access to the Microsoft sellers of this referral.';
        const el = await render({ ...STATE, microsoftSellers: [], sellersNotice: notice });
        expect(el.shadowRoot!.querySelector('.sellers')).toBeNull();
        expect(q(el, '.sellers-notice').textContent).toBe(notice);
        expect(q(el, '.sync-toggle')).not.toBeNull();
    });
});
