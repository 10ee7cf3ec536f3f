// Ambient types for the platform modules a TypeScript LWC imports that @salesforce/lightning-types does not cover.
// The VS Code language server writes similar files to .sfdx/typings; CI has no such folder, so they live here.

declare module '@salesforce/apex/*' {
    import type { WireAdapterConstructor } from 'lwc';
    /** An @AuraEnabled Apex method, called imperatively with its named parameters or used with @wire. */
    const apexMethod: ((params?: Record<string, unknown>) => Promise<any>) & WireAdapterConstructor<any, any, any>;
    export default apexMethod;
}

declare module 'lightning/confirm' {
    export default class LightningConfirm {
        static open(config: {
            message: string;
            label?: string;
            variant?: 'header' | 'headerless';
            theme?: string;
        }): Promise<boolean>;
    }
}

declare module '@salesforce/apex' {
    export function refreshApex(wiredValue: unknown): Promise<void>;
    export function getSObjectValue(record: unknown, field: unknown): unknown;
}

declare module '@salesforce/schema/*' {
    const field: { fieldApiName: string; objectApiName: string };
    export default field;
}

declare module '@salesforce/label/*' {
    const label: string;
    export default label;
}

declare module '@salesforce/resourceUrl/*' {
    const url: string;
    export default url;
}

declare module 'lightning/uiRecordApi' {
    export interface RecordField {
        value: unknown;
        displayValue?: string | null;
    }
    export interface RecordRepresentation {
        id: string;
        apiName: string;
        fields: Record<string, RecordField>;
    }
    export function getRecord(config: unknown): unknown;
    export function getFieldValue(record: unknown, field: unknown): unknown;
    export function getFieldDisplayValue(record: unknown, field: unknown): unknown;
    export function updateRecord(input: { fields: Record<string, unknown> }): Promise<RecordRepresentation>;
    export function notifyRecordUpdateAvailable(items: { recordId: string }[]): Promise<void>;
}

declare module 'lightning/platformShowToastEvent' {
    export class ShowToastEvent extends CustomEvent<unknown> {
        constructor(init: {
            title: string;
            message?: string;
            variant?: 'info' | 'success' | 'warning' | 'error';
            mode?: string;
        });
    }
}

declare module 'lightning/actions' {
    /** Closes the modal of a screen quick action (LWC Developer Guide, "Create Screen Quick Actions"). */
    export class CloseActionScreenEvent extends CustomEvent<null> {
        constructor();
    }
}

declare module 'lightning/navigation' {
    export const NavigationMixin: (<T>(base: T) => T) & { Navigate: symbol; GenerateUrl: symbol };
    export const CurrentPageReference: unknown;
}
