/** Proves the opportunity's sync audit trail: entries, retry of failed ones only, errors, accessibility. */
import CoSellSyncHistory from 'c/coSellSyncHistory';
import getHistory from '@salesforce/apex/CoSellSyncHistoryController.getHistory';
import retry from '@salesforce/apex/CoSellSyncHistoryController.retry';
import { cleanup, flush, mock, mount, q, toasts, wire } from '../../../../../test/jest-utils/lwc';

jest.mock(
    '@salesforce/apex/CoSellSyncHistoryController.getHistory',
    () =>
        jest
            .requireActual<typeof import('../../../../../test/jest-utils/lwc')>('../../../../../test/jest-utils/lwc')
            .mockApexWire(),
    { virtual: true }
);
jest.mock('@salesforce/apex/CoSellSyncHistoryController.retry', () => ({ default: jest.fn() }), { virtual: true });

const FAILED = {
    id: 'a2Y1',
    createdDate: '2026-11-24T10:00:00Z',
    direction: 'Outbound',
    operation: 'Update referral',
    outcome: 'Failed',
    httpStatus: 500,
    message: 'Partner Center answered 500',
    canRetry: true
};
const OK = { ...FAILED, id: 'a2Y2', outcome: 'Success', message: null, canRetry: false };
async function render(): Promise<HTMLElement> {
    const el = mount('c-co-sell-sync-history', CoSellSyncHistory, { recordId: '006000000000001AAA' });
    wire(getHistory).emit([FAILED, OK]);
    await flush();
    return el;
}

const rowAction = (el: HTMLElement, name: string, row: unknown): void => {
    q(el, 'lightning-datatable').dispatchEvent(new CustomEvent('rowaction', { detail: { action: { name }, row } }));
};

describe('c-co-sell-sync-history', () => {
    afterEach(cleanup);

    it('shows the audit trail with a retry action only on failed entries', async () => {
        const el = await render();
        const table = q(el, 'lightning-datatable') as unknown as {
            data: unknown[];
            columns: Array<{ label?: string }>;
        };
        expect(table.data).toHaveLength(2);
        expect(table.columns.map((c) => c.label)).toContain('c.CoSell_History_Outcome');
        expect(CoSellSyncHistory.actionsFor(FAILED)).toEqual([{ label: 'c.CoSell_History_Retry', name: 'retry' }]);
        expect(CoSellSyncHistory.actionsFor(OK)).toEqual([]);
    });

    it('retries a failed entry and reports errors', async () => {
        mock(retry)
            .mockResolvedValueOnce(undefined)
            .mockRejectedValueOnce({ body: { message: 'Only a failed sync can be retried.' } });
        const el = await render();
        const shown = toasts(el);
        rowAction(el, 'retry', FAILED);
        await flush();
        rowAction(el, 'retry', FAILED);
        await flush();
        rowAction(el, 'other', FAILED);
        await flush();
        expect(retry).toHaveBeenCalledWith({ syncLogId: 'a2Y1' });
        expect(retry).toHaveBeenCalledTimes(2);
        expect(shown.map((t) => t.variant)).toEqual(['success', 'error']);
    });

    it('is accessible', async () => {
        await expect(await render()).toBeAccessible();
    });

    it('shows a wire error', async () => {
        const el = mount('c-co-sell-sync-history', CoSellSyncHistory);
        wire(getHistory).error({ message: 'No access' });
        await flush();
        expect(q(el, '[role="alert"]').textContent).toBe('No access');
    });
});
