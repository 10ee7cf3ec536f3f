import { LightningElement } from 'lwc';
import { TOAST_EVENT, type ToastDetail } from '../../../shims/platformShowToastEvent';

interface Toast extends ToastDetail {
    key: number;
    cssClass: string;
    icon: string;
}

/**
 * The workbench shell: a Lightning-like header with navigation, the page of the current hash route
 * (#/opportunities, #/opportunity/<id>, #/setup) and the toasts that components raise with ShowToastEvent.
 */
export default class App extends LightningElement {
    route = 'list';
    recordId?: string;
    toasts: Toast[] = [];
    private nextToast = 1;
    private readonly onHash = (): void => this.readRoute();
    private readonly onToast = (event: Event): void => this.showToast((event as CustomEvent<ToastDetail>).detail);

    connectedCallback(): void {
        window.addEventListener('hashchange', this.onHash);
        window.addEventListener(TOAST_EVENT, this.onToast);
        this.readRoute();
    }

    disconnectedCallback(): void {
        window.removeEventListener('hashchange', this.onHash);
        window.removeEventListener(TOAST_EVENT, this.onToast);
    }

    get isList(): boolean {
        return this.route === 'list';
    }

    get isRecord(): boolean {
        return this.route === 'record';
    }

    get isSetup(): boolean {
        return this.route === 'setup';
    }

    get listTabClass(): string {
        return `slds-context-bar__item ${this.route !== 'setup' ? 'slds-is-active' : ''}`;
    }

    get setupTabClass(): string {
        return `slds-context-bar__item ${this.route === 'setup' ? 'slds-is-active' : ''}`;
    }

    private readRoute(): void {
        const [, page, id] = location.hash.split('/');
        this.route = page === 'opportunity' && id ? 'record' : page === 'setup' ? 'setup' : 'list';
        this.recordId = this.route === 'record' ? id : undefined;
    }

    private showToast(detail: ToastDetail): void {
        const variant = detail.variant ?? 'info';
        const toast: Toast = {
            ...detail,
            key: this.nextToast++,
            cssClass: `slds-notify slds-notify_toast slds-theme_${variant}`,
            icon: `utility:${variant}`
        };
        this.toasts = [...this.toasts, toast];
        const ms = variant === 'error' ? 8000 : 4000;
        setTimeout(() => (this.toasts = this.toasts.filter((t) => t.key !== toast.key)), ms);
    }

    handleCloseToast(event: Event): void {
        const key = Number((event.currentTarget as HTMLElement).dataset.key);
        this.toasts = this.toasts.filter((t) => t.key !== key);
    }
}
