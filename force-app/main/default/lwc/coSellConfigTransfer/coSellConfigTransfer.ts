import { LightningElement, api } from 'lwc';
import exportConfiguration from '@salesforce/apex/CoSellAdminController.exportConfiguration';
import diffConfiguration from '@salesforce/apex/CoSellAdminController.diffConfiguration';
import importConfiguration from '@salesforce/apex/CoSellAdminController.importConfiguration';
import getDeployState from '@salesforce/apex/CoSellAdminController.getDeployState';
import TITLE from '@salesforce/label/c.CoSell_Admin_Transfer_Title';
import EXPORT from '@salesforce/label/c.CoSell_Admin_Export';
import FILE from '@salesforce/label/c.CoSell_Admin_Import_File';
import SHOW_CHANGES from '@salesforce/label/c.CoSell_Admin_Show_Changes';
import APPLY from '@salesforce/label/c.CoSell_Admin_Apply';
import NO_CHANGES from '@salesforce/label/c.CoSell_Admin_No_Changes';
import KIND from '@salesforce/label/c.CoSell_Admin_Change_Kind';
import NAME from '@salesforce/label/c.CoSell_Admin_Change_Name';
import BEFORE from '@salesforce/label/c.CoSell_Admin_Change_Before';
import AFTER from '@salesforce/label/c.CoSell_Admin_Change_After';
import DEPLOY_PENDING from '@salesforce/label/c.CoSell_Admin_Deploy_Pending';
import DEPLOY_DONE from '@salesforce/label/c.CoSell_Admin_Deploy_Done';
import DEPLOY_ERROR from '@salesforce/label/c.CoSell_Admin_Deploy_Error';
import type { DeployState } from 'c/coSellTypes';
import { deployBadge, errorMessage, followDeployment } from 'c/coSellTypes';

interface Change {
    kind: string;
    name: string;
    before: string;
    after: string;
}

interface ImportDiff {
    ok: boolean;
    message: string | null;
    changes: Change[];
    problems: string[];
}

/**
 * Carries the configuration between orgs (sandbox → production): Export downloads the settings and field maps as
 * one JSON file; a file chosen for import is first compared with this org (every change listed, and the reasons it
 * cannot be applied), and only Apply deploys it.
 */
export default class CoSellConfigTransfer extends LightningElement {
    label = { TITLE, EXPORT, FILE, SHOW_CHANGES, APPLY, NO_CHANGES, KIND, NAME, BEFORE, AFTER };
    /** Milliseconds between reads of the deployment's state. */
    @api pollMs = 1000;
    exportHref?: string;
    fileText = '';
    diff?: ImportDiff;
    message?: string;
    messageOk = true;
    deploy?: DeployState;
    busy = false;

    get changes(): Array<Change & { key: string }> {
        return (this.diff?.changes ?? []).map((c) => ({ ...c, key: `${c.kind}:${c.name}` }));
    }

    get hasChanges(): boolean {
        return this.changes.length > 0;
    }

    get hasProblems(): boolean {
        return (this.diff?.problems.length ?? 0) > 0;
    }

    get cannotApply(): boolean {
        return this.busy || !this.diff?.ok || !this.hasChanges;
    }

    get noFile(): boolean {
        return this.busy || this.fileText === '';
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

    async handleExport(): Promise<void> {
        try {
            const json = (await exportConfiguration()) as string;
            this.exportHref = `data:application/json;charset=utf-8,${encodeURIComponent(json)}`;
        } catch (e) {
            this.show(false, errorMessage(e));
        }
    }

    handleFile(event: Event): void {
        const file = (event.target as HTMLInputElement).files?.[0];
        if (!file) return;
        this.diff = undefined;
        file.text().then(
            (text) => (this.fileText = text),
            (e: unknown) => this.show(false, errorMessage(e))
        );
    }

    async handleShowChanges(): Promise<void> {
        this.busy = true;
        try {
            this.diff = (await diffConfiguration({ configurationJson: this.fileText })) as ImportDiff;
            this.message = this.diff.message ?? (this.hasChanges ? undefined : NO_CHANGES);
            this.messageOk = this.diff.ok;
        } catch (e) {
            this.show(false, errorMessage(e));
        } finally {
            this.busy = false;
        }
    }

    async handleApply(): Promise<void> {
        this.busy = true;
        this.deploy = undefined;
        try {
            const result = (await importConfiguration({ configurationJson: this.fileText })) as {
                ok: boolean;
                message: string;
            };
            this.show(result.ok, result.message);
            if (result.ok) {
                await followDeployment(
                    () => getDeployState() as Promise<DeployState>,
                    (state) => (this.deploy = state),
                    this.pollMs
                );
            }
        } catch (e) {
            this.show(false, errorMessage(e));
        } finally {
            this.busy = false;
        }
    }

    private show(ok: boolean, message: string): void {
        this.messageOk = ok;
        this.message = message;
    }
}
