/**
 * Shim of `lightning/navigation`: `NavigationMixin` whose Navigate/GenerateUrl map a page reference to the
 * workbench's hash routes (#/opportunity/<id>, #/opportunities, #/setup), and `CurrentPageReference` as a wire
 * adapter that follows the hash.
 */
import type { LightningElement } from 'lwc';

export interface PageReference {
    type: string;
    attributes?: Record<string, string | undefined>;
    state?: Record<string, string>;
}

export function urlOf(ref: PageReference): string {
    const a = ref.attributes ?? {};
    if (ref.type === 'standard__recordPage' && a.recordId) return `#/opportunity/${a.recordId}`;
    if (ref.type === 'standard__objectPage') return '#/opportunities';
    if (ref.type === 'standard__navItemPage' || ref.type === 'standard__component') return '#/setup';
    if (ref.type === 'standard__webPage' && a.url) return a.url;
    return '#/';
}

export function currentPageReference(): PageReference {
    const [, page, id] = location.hash.split('/');
    if (page === 'opportunity' && id)
        return {
            type: 'standard__recordPage',
            attributes: { recordId: id, objectApiName: 'Opportunity', actionName: 'view' }
        };
    if (page === 'setup') return { type: 'standard__navItemPage', attributes: { apiName: 'CoSell_Setup' } };
    return { type: 'standard__objectPage', attributes: { objectApiName: 'Opportunity', actionName: 'list' } };
}

const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

type Constructor<T> = new (...args: any[]) => T;

function mixin<T extends Constructor<LightningElement>>(Base: T) {
    return class extends Base {
        [Navigate](ref: PageReference, replace = false): void {
            const url = urlOf(ref);
            if (url.startsWith('#')) {
                if (replace) location.replace(url);
                else location.hash = url;
            } else window.open(url, '_blank');
        }

        [GenerateUrl](ref: PageReference): Promise<string> {
            return Promise.resolve(urlOf(ref));
        }
    };
}

export const NavigationMixin = Object.assign(mixin, { Navigate, GenerateUrl });

export class CurrentPageReference {
    private readonly listener = (): void => this.callback(currentPageReference());

    constructor(private readonly callback: (ref: PageReference) => void) {}

    connect(): void {
        window.addEventListener('hashchange', this.listener);
        this.listener();
    }

    update(): void {}

    disconnect(): void {
        window.removeEventListener('hashchange', this.listener);
    }
}
