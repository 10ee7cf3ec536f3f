/** Proves the seller's Microsoft panel: state, sharing with confirmation, accept/decline, sync now, accessibility. */
import CoSellPanel from 'c/coSellPanel';
import getPanelState from '@salesforce/apex/CoSellPanelController.getPanelState';
import saveSharing from '@salesforce/apex/CoSellPanelController.saveSharing';
import acceptReferral from '@salesforce/apex/CoSellPanelController.acceptReferral';
import declineReferral from '@salesforce/apex/CoSellPanelController.declineReferral';
import syncNow from '@salesforce/apex/CoSellPanelController.syncNow';
import linkReferral from '@salesforce/apex/CoSellPanelController.linkReferral';
import keepAsNewOpportunity from '@salesforce/apex/CoSellPanelController.keepAsNewOpportunity';
import saveEmailChoice from '@salesforce/apex/CoSellPanelController.saveEmailChoice';
import LightningConfirm from 'lightning/confirm';
import { change, cleanup, click, flush, mock, mount, q, toasts, wire } from '../../../../../test/jest-utils/lwc';

jest.mock(
    '@salesforce/apex/CoSellPanelController.getPanelState',
    () =>
        jest
            .requireActual<typeof import('../../../../../test/jest-utils/lwc')>('../../../../../test/jest-utils/lwc')
            .mockApexWire(),
    { virtual: true }
);
jest.mock('@salesforce/apex/CoSellPanelController.saveSharing', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/CoSellPanelController.acceptReferral', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/CoSellPanelController.declineReferral', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/CoSellPanelController.syncNow', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/CoSellPanelController.linkReferral', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/CoSellPanelController.saveEmailChoice', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/CoSellPanelController.keepAsNewOpportunity', () => ({ default: jest.fn() }), {
    virtual: true
});

const ID = '006000000000001AAA';
const STATE = {
    syncEnabled: false,
    syncStatus: 'Failed',
    lastSyncError: 'Set the customer country to a two-letter ISO code',
    currencyWarning: null,
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

async function render(state: unknown = STATE): Promise<HTMLElement> {
    const el = mount('c-co-sell-panel', CoSellPanel, { recordId: ID });
    wire(getPanelState).emit(state);
    await flush();
    return el;
}

describe('c-co-sell-panel', () => {
    afterEach(cleanup);

    it('is accessible, on hold with Microsoft sellers and once synced', async () => {
        await expect(await render()).toBeAccessible();
        cleanup();
        await expect(
            await render({ ...STATE, syncStatus: 'Synced', isOnHold: false, visibleToMicrosoft: true })
        ).toBeAccessible();
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

    it('warns when the deal value is in a currency the org cannot hold, and only then', async () => {
        const warning = 'Partner Center gives this deal value in INR, a currency this org cannot hold';
        const el = await render({ ...STATE, currencyWarning: warning });
        expect(q(el, '.currency-warning').textContent).toBe(warning);
        const plain = await render();
        expect(plain.shadowRoot!.querySelector('.currency-warning')).toBeNull();
    });

    it('shows a wire error', async () => {
        const el = mount('c-co-sell-panel', CoSellPanel);
        wire(getPanelState).error({ message: 'No access' });
        await flush();
        expect(q(el, '[role="alert"]').textContent).toBe('No access');
    });

    it('saves sharing with the draft values after confirming visibility, then refreshes', async () => {
        mock(LightningConfirm.open).mockResolvedValue(true);
        mock(saveSharing).mockResolvedValue(undefined);
        const el = await render();
        const shown = toasts(el);
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
        expect(shown.map((t) => t.variant)).toEqual(['success']);
    });

    it("shows the seller's email choice and saves a change of it at once", async () => {
        mock(saveEmailChoice).mockResolvedValue(undefined);
        const el = await render({ ...STATE, emailNotifications: true });
        const toggle = q<HTMLInputElement>(el, '.email-notifications');
        expect(toggle.checked).toBe(true);
        const shown = toasts(el);
        change(el, '.email-notifications', { checked: false });
        await flush();
        expect(saveEmailChoice).toHaveBeenCalledWith({ emailNotifications: false });
        expect(saveSharing).not.toHaveBeenCalled();
        expect(shown.map((t) => t.variant)).toEqual(['success']);
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
        const shown = toasts(el);
        await click(el, '.accept');
        expect(acceptReferral).toHaveBeenCalledWith({ opportunityId: ID });
        expect(shown.map((t) => t.message)).toEqual(['Referral is closed']);
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

    describe('a referral that looks like an existing deal', () => {
        const MATCHED = {
            ...STATE,
            matchedOpportunityId: '006000000000002AAA',
            matchedOpportunityName: 'Contoso cloud move'
        };

        it('shows no match notice without a match', async () => {
            const el = await render();
            expect(el.shadowRoot!.querySelector('.match')).toBeNull();
        });

        it('asks to link or keep, naming the existing deal, accessibly', async () => {
            const el = await render(MATCHED);
            const url = q(el, '.match-notice lightning-formatted-url') as unknown as { label: string; value: string };
            expect(url.label).toBe('c.CoSell_Match_Notice'); // the label mock has no {0} to fill
            expect(url.value).toBe('/lightning/r/Opportunity/006000000000002AAA/view');
            await expect(el).toBeAccessible();
        });

        it('links the referral and then points to the deal that carries it', async () => {
            mock(linkReferral).mockResolvedValue('006000000000002AAA');
            const el = await render(MATCHED);
            const shown = toasts(el);
            await click(el, '.link-match');
            expect(linkReferral).toHaveBeenCalledWith({ opportunityId: ID });
            expect(shown.map((t) => t.variant)).toEqual(['success']);
            expect(el.shadowRoot!.querySelector('.match')).toBeNull();
            const linked = q(el, '.linked lightning-formatted-url') as unknown as { value: string };
            expect(linked.value).toBe('/lightning/r/Opportunity/006000000000002AAA/view');
        });

        it('shows the reason when linking fails and keeps the choice', async () => {
            mock(linkReferral).mockRejectedValue({ body: { message: 'That opportunity already has a referral.' } });
            const el = await render(MATCHED);
            const shown = toasts(el);
            await click(el, '.link-match');
            expect(shown.map((t) => [t.variant, t.message])).toEqual([
                ['error', 'That opportunity already has a referral.']
            ]);
            expect(el.shadowRoot!.querySelector('.match')).not.toBeNull();
        });

        it('keeps the new opportunity', async () => {
            mock(keepAsNewOpportunity).mockResolvedValue(undefined);
            const el = await render(MATCHED);
            await click(el, '.keep-new');
            expect(keepAsNewOpportunity).toHaveBeenCalledWith({ opportunityId: ID });
        });
    });
});
