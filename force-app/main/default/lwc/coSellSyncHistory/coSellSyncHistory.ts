import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import getHistory from '@salesforce/apex/CoSellSyncHistoryController.getHistory';
import retry from '@salesforce/apex/CoSellSyncHistoryController.retry';
import TITLE from '@salesforce/label/c.CoSell_History_Title';
import RETRY from '@salesforce/label/c.CoSell_History_Retry';
import RETRIED from '@salesforce/label/c.CoSell_History_Retried';
import TIME from '@salesforce/label/c.CoSell_History_Time';
import DIRECTION from '@salesforce/label/c.CoSell_History_Direction';
import OPERATION from '@salesforce/label/c.CoSell_History_Operation';
import OUTCOME from '@salesforce/label/c.CoSell_History_Outcome';
import MESSAGE from '@salesforce/label/c.CoSell_History_Message';
import ERROR_TITLE from '@salesforce/label/c.CoSell_Error_Title';
import type { HistoryEntry } from 'c/coSellTypes';
import { errorMessage } from 'c/coSellTypes';

/** The opportunity's sync audit trail, newest first, with retry on failed entries. */
export default class CoSellSyncHistory extends LightningElement {
    @api recordId?: string;

    label = { TITLE };
    entries: HistoryEntry[] = [];
    error?: string;
    columns = [
        {
            label: TIME,
            fieldName: 'createdDate',
            type: 'date',
            typeAttributes: { year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit' }
        },
        { label: DIRECTION, fieldName: 'direction' },
        { label: OPERATION, fieldName: 'operation' },
        { label: OUTCOME, fieldName: 'outcome' },
        { label: MESSAGE, fieldName: 'message', wrapText: true },
        {
            type: 'action',
            typeAttributes: {
                rowActions: (row: HistoryEntry, done: (actions: unknown[]) => void) =>
                    done(CoSellSyncHistory.actionsFor(row))
            }
        }
    ];
    private wired?: unknown;

    static actionsFor(row: HistoryEntry): unknown[] {
        return row.canRetry ? [{ label: RETRY, name: 'retry' }] : [];
    }

    @wire(getHistory, { opportunityId: '$recordId' })
    wiredHistory(result: { data?: HistoryEntry[]; error?: unknown }): void {
        this.wired = result;
        if (result.data) {
            this.entries = result.data;
            this.error = undefined;
        } else if (result.error) {
            this.error = errorMessage(result.error);
        }
    }

    async handleRowAction(event: CustomEvent<{ action: { name: string }; row: HistoryEntry }>): Promise<void> {
        if (event.detail.action.name !== 'retry') return;
        try {
            await retry({ syncLogId: event.detail.row.id });
            this.dispatchEvent(new ShowToastEvent({ title: RETRIED, message: '', variant: 'success' }));
            await refreshApex(this.wired);
        } catch (e) {
            this.dispatchEvent(new ShowToastEvent({ title: ERROR_TITLE, message: errorMessage(e), variant: 'error' }));
        }
    }
}
