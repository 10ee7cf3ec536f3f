// Types of the Salesforce platform modules that the workbench's own components import; the build maps each
// specifier to the shim in src/shims (build.ts, SHIMS) or generates it (schema).
declare module '@salesforce/schema/*' {
    const field: { objectApiName: string; fieldApiName: string };
    export default field;
}
declare module 'lightning/uiRecordApi' {
    type FieldRef = string | { objectApiName?: string; fieldApiName: string };
    export interface RecordUi {
        id: string;
        apiName: string;
        fields: Record<string, { value: unknown }>;
    }
    export const getRecord: new (callback: (v: { data?: RecordUi; error?: unknown }) => void) => {
        update(config: { recordId?: string; fields?: FieldRef[]; optionalFields?: FieldRef[] }): void;
        connect(): void;
        disconnect(): void;
    };
    export function getFieldValue(record: RecordUi | undefined, field: FieldRef): unknown;
    export function updateRecord(input: { apiName?: string; fields: Record<string, unknown> }): Promise<{ id: string }>;
    export function notifyRecordUpdateAvailable(items: { recordId: string }[]): Promise<void>;
}
declare module 'lightning/platformShowToastEvent' {
    export class ShowToastEvent extends CustomEvent<{ title?: string; message?: string; variant?: string }> {
        constructor(detail: { title?: string; message?: string; variant?: string });
    }
}
