import { createElement } from '@lwc/engine-dom';
import CoSellSyncHistory from 'c/coSellSyncHistory';
import getHistory from '@salesforce/apex/CoSellSyncHistoryController.getHistory';
import retry from '@salesforce/apex/CoSellSyncHistoryController.retry';

jest.mock(
    '@salesforce/apex/CoSellSyncHistoryController.getHistory',
    () => ({
        default: (
            jest.requireActual('@salesforce/sfdx-lwc-jest') as { createApexTestWireAdapter(fn: unknown): unknown }
        ).createApexTestWireAdapter(jest.fn())
    }),
    { virtual: true }
);
jest.mock('@salesforce/apex/CoSellSyncHistoryController.retry', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), { virtual: true });

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
const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

async function render(): Promise<HTMLElement> {
    const el = createElement('c-co-sell-sync-history', { is: CoSellSyncHistory }) as HTMLElement & {
        recordId?: string;
    };
    el.recordId = '006000000000001AAA';
    document.body.appendChild(el);
    (getHistory as unknown as { emit(d: unknown): void }).emit([FAILED, OK]);
    await flush();
    return el;
}

const rowAction = (el: HTMLElement, name: string, row: unknown): void => {
    el.shadowRoot!.querySelector('lightning-datatable')!.dispatchEvent(
        new CustomEvent('rowaction', { detail: { action: { name }, row } })
    );
};

describe('c-co-sell-sync-history', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        jest.clearAllMocks();
    });

    it('shows the audit trail with a retry action only on failed entries', async () => {
        const el = await render();
        const table = el.shadowRoot!.querySelector('lightning-datatable') as unknown as {
            data: unknown[];
            columns: Array<{ label?: string }>;
        };
        expect(table.data).toHaveLength(2);
        expect(table.columns.map((c) => c.label)).toContain('c.CoSell_History_Outcome');
        expect(CoSellSyncHistory.actionsFor(FAILED)).toEqual([{ label: 'c.CoSell_History_Retry', name: 'retry' }]);
        expect(CoSellSyncHistory.actionsFor(OK)).toEqual([]);
    });

    it('retries a failed entry and reports errors', async () => {
        (retry as jest.Mock)
            .mockResolvedValueOnce(undefined)
            .mockRejectedValueOnce({ body: { message: 'Only a failed sync can be retried.' } });
        const el = await render();
        const toasts: string[] = [];
        el.addEventListener('lightning__showtoast', (e) =>
            toasts.push((e as CustomEvent<{ variant: string }>).detail.variant)
        );
        rowAction(el, 'retry', FAILED);
        await flush();
        rowAction(el, 'retry', FAILED);
        await flush();
        rowAction(el, 'other', FAILED);
        await flush();
        expect(retry).toHaveBeenCalledWith({ syncLogId: 'a2Y1' });
        expect(retry).toHaveBeenCalledTimes(2);
        expect(toasts).toEqual(['success', 'error']);
    });

    it('shows a wire error', async () => {
        const el = createElement('c-co-sell-sync-history', { is: CoSellSyncHistory });
        document.body.appendChild(el);
        (getHistory as unknown as { error(b: unknown): void }).error({ message: 'No access' });
        await flush();
        expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).toBe('No access');
    });
});
