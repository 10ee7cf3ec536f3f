/**
 * Shim of `lightning/platformShowToastEvent`: the event a component dispatches to show a toast. On the platform
 * the Lightning container listens for it; here the workbench shell (wb-app) does, on the document.
 */
export interface ToastDetail {
    title?: string;
    message?: string;
    variant?: 'info' | 'success' | 'warning' | 'error';
    mode?: 'dismissible' | 'pester' | 'sticky';
}

export const TOAST_EVENT = 'lightning__showtoast';

export class ShowToastEvent extends CustomEvent<ToastDetail> {
    constructor(detail: ToastDetail) {
        super(TOAST_EVENT, { detail, bubbles: true, composed: true });
    }
}
