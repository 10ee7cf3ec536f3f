import { LightningElement, api } from 'lwc';
import getSettings from '@salesforce/apex/CoSellAdminController.getSettings';
import saveSettings from '@salesforce/apex/CoSellAdminController.saveSettings';
import getDeployState from '@salesforce/apex/CoSellAdminController.getDeployState';
import getBypassHolders from '@salesforce/apex/CoSellAdminController.getBypassHolders';
import TITLE from '@salesforce/label/c.CoSell_Admin_Settings_Title';
import SAVE from '@salesforce/label/c.CoSell_Admin_Save';
import USABLE from '@salesforce/label/c.CoSell_Admin_Usable';
import NOT_USABLE from '@salesforce/label/c.CoSell_Admin_Not_Usable';
import SETTING from '@salesforce/label/c.CoSell_Admin_Setting';
import VALUE from '@salesforce/label/c.CoSell_Admin_Value';
import STATE from '@salesforce/label/c.CoSell_Admin_State';
import DEPLOY_PENDING from '@salesforce/label/c.CoSell_Admin_Deploy_Pending';
import DEPLOY_DONE from '@salesforce/label/c.CoSell_Admin_Deploy_Done';
import DEPLOY_ERROR from '@salesforce/label/c.CoSell_Admin_Deploy_Error';
import BYPASS_WARNING from '@salesforce/label/c.CoSell_Admin_Bypass_Warning';
import type { DeployState } from 'c/coSellTypes';
import { deployBadge, errorMessage, followDeployment } from 'c/coSellTypes';

export interface Setting {
    field: string;
    label: string;
    meaning: string | null;
    kind: 'text' | 'number' | 'checkbox' | 'stage' | 'url';
    value: string;
    ok: boolean;
    message: string;
    options: string[];
}

interface SaveResult {
    ok: boolean;
    message: string;
    jobId: string | null;
    settings: Setting[] | null;
}

interface Row extends Setting {
    isStage: boolean;
    isCheckbox: boolean;
    isInput: boolean;
    inputType: string;
    checked: boolean;
    stateIcon: string;
    stateWord: string;
    stateClass: string;
    showMessage: boolean;
    stageOptions: Array<{ label: string; value: string }>;
}

/**
 * Every package setting with what it means and whether it is usable, edited in place; Save sends the values to
 * Apex, which refuses unusable ones with the reason or deploys them (Metadata API), and the card follows the
 * deployment until its callback reports the result.
 */
export default class CoSellAdminSettings extends LightningElement {
    label = { TITLE, SAVE, SETTING, VALUE, STATE, BYPASS_WARNING };
    /** Users holding "Bypass co-sell sync" (empty: nobody). */
    bypassHolders: string[] = [];
    rows: Row[] = [];
    edited: Record<string, string> = {};
    message?: string;
    messageOk = true;
    deploy?: DeployState;
    busy = false;
    /** Milliseconds between reads of the deployment's state. */
    @api pollMs = 1000;

    connectedCallback(): void {
        this.load().catch(() => undefined); // load reports its own errors
    }

    get hasBypass(): boolean {
        return this.bypassHolders.length > 0;
    }

    get bypassNames(): string {
        return this.bypassHolders.join(', ');
    }

    get messageClass(): string {
        return this.messageOk ? 'slds-text-color_success' : 'slds-text-color_error';
    }

    get deployIcon(): string {
        return deployBadge(this.deploy?.status ?? null).icon;
    }

    get deployVariant(): string {
        return deployBadge(this.deploy?.status ?? null).variant;
    }

    get deployWord(): string {
        const status = this.deploy?.status;
        return status === 'Succeeded' ? DEPLOY_DONE : status === 'Failed' ? DEPLOY_ERROR : DEPLOY_PENDING;
    }

    private async load(): Promise<void> {
        try {
            this.show((await getSettings()) as Setting[]);
            this.bypassHolders = ((await getBypassHolders()) as { names: string[] }).names;
        } catch (e) {
            this.message = errorMessage(e);
            this.messageOk = false;
        }
    }

    private show(settings: Setting[]): void {
        this.rows = settings.map((s) => {
            const value = this.edited[s.field] ?? s.value;
            return {
                ...s,
                value,
                isStage: s.kind === 'stage',
                isCheckbox: s.kind === 'checkbox',
                isInput: s.kind !== 'stage' && s.kind !== 'checkbox',
                inputType: s.kind === 'number' ? 'number' : s.kind === 'url' ? 'url' : 'text',
                checked: value === 'true',
                stateIcon: s.ok ? 'utility:success' : 'utility:error',
                stateWord: s.ok ? USABLE : NOT_USABLE,
                stateClass: s.ok ? 'state slds-text-color_success' : 'state slds-text-color_error',
                showMessage: !s.ok,
                stageOptions: s.options.map((o) => ({ label: o, value: o }))
            };
        });
    }

    handleChange(event: Event): void {
        const target = event.target as HTMLInputElement & { dataset: { field: string } };
        const detail = (event as CustomEvent<{ value?: string; checked?: boolean }>).detail;
        const value =
            target.type === 'checkbox' ? String(detail?.checked ?? target.checked) : (detail?.value ?? target.value);
        this.edited = { ...this.edited, [target.dataset.field]: value };
    }

    async handleSave(): Promise<void> {
        this.busy = true;
        this.deploy = undefined;
        try {
            const result = (await saveSettings({ valuesJson: JSON.stringify(this.edited) })) as SaveResult;
            if (result.settings) this.show(result.settings);
            this.message = result.message;
            this.messageOk = result.ok;
            if (result.ok) {
                const final = await followDeployment(
                    () => getDeployState() as Promise<DeployState>,
                    (state) => (this.deploy = state),
                    this.pollMs
                );
                if (final?.status === 'Succeeded') {
                    this.edited = {};
                    await this.load();
                }
            }
        } catch (e) {
            this.message = errorMessage(e);
            this.messageOk = false;
        } finally {
            this.busy = false;
        }
    }
}
