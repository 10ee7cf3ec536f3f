import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import getSolutions from '@salesforce/apex/CoSellSolutionsController.getSolutions';
import searchCatalog from '@salesforce/apex/CoSellSolutionsController.searchCatalog';
import addSolution from '@salesforce/apex/CoSellSolutionsController.addSolution';
import removeSolution from '@salesforce/apex/CoSellSolutionsController.removeSolution';
import TITLE from '@salesforce/label/c.CoSell_Solutions_Title';
import RULE from '@salesforce/label/c.CoSell_Solutions_Rule';
import SEARCH from '@salesforce/label/c.CoSell_Solutions_Search';
import ADD from '@salesforce/label/c.CoSell_Solutions_Add';
import REMOVE from '@salesforce/label/c.CoSell_Solutions_Remove';
import NONE from '@salesforce/label/c.CoSell_Solutions_None';
import ERROR_TITLE from '@salesforce/label/c.CoSell_Error_Title';
import type { Solution } from 'c/coSellTypes';
import { errorMessage } from 'c/coSellTypes';

/** Milliseconds to wait after the last keystroke before searching the catalog. */
export const SEARCH_DELAY_MS = 300;

/** The "Microsoft Partner Center Solutions" of an opportunity: list, catalog search, add and remove. */
export default class CoSellSolutions extends LightningElement {
    @api recordId?: string;

    label = { TITLE, RULE, SEARCH, ADD, REMOVE, NONE };
    solutions: Solution[] = [];
    results: Solution[] = [];
    error?: string;
    private wired?: unknown;
    private searchTimer?: ReturnType<typeof setTimeout>;

    @wire(getSolutions, { opportunityId: '$recordId' })
    wiredSolutions(result: { data?: Solution[]; error?: unknown }): void {
        this.wired = result;
        if (result.data) {
            this.solutions = result.data;
            this.error = undefined;
        } else if (result.error) {
            this.error = errorMessage(result.error);
        }
    }

    get isEmpty(): boolean {
        return this.solutions.length === 0;
    }

    handleSearch(event: CustomEvent): void {
        const term = (event.target as HTMLInputElement).value;
        clearTimeout(this.searchTimer);
        // Debounce: search once typing pauses, not on every keystroke.
        // eslint-disable-next-line @lwc/lwc/no-async-operation
        this.searchTimer = setTimeout(() => {
            this.search(term).catch(() => undefined);
        }, SEARCH_DELAY_MS);
    }

    private async search(term: string): Promise<void> {
        if (term.trim().length < 2) {
            this.results = [];
            return;
        }
        try {
            const found = (await searchCatalog({ term })) as Solution[];
            const linked = new Set(this.solutions.map((s) => s.solutionId));
            this.results = found.filter((s) => !linked.has(s.solutionId));
        } catch (e) {
            this.toastError(e);
        }
    }

    async handleAdd(event: CustomEvent): Promise<void> {
        const catalogId = (event.currentTarget as HTMLElement).dataset.id;
        await this.change(() => addSolution({ opportunityId: this.recordId, catalogId }));
        this.results = this.results.filter((s) => s.id !== catalogId);
    }

    async handleRemove(event: CustomEvent): Promise<void> {
        const opportunitySolutionId = (event.currentTarget as HTMLElement).dataset.id;
        await this.change(() => removeSolution({ opportunitySolutionId }));
    }

    private async change(action: () => Promise<unknown>): Promise<void> {
        try {
            await action();
            await refreshApex(this.wired);
        } catch (e) {
            this.toastError(e);
        }
    }

    private toastError(e: unknown): void {
        this.dispatchEvent(new ShowToastEvent({ title: ERROR_TITLE, message: errorMessage(e), variant: 'error' }));
    }
}
