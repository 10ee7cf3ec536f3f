/**
 * Shim of `lightning/uiRecordApi` over the local org's REST API: the `getRecord` wire adapter (and
 * `getFieldValue`) reads `GET /sobjects/<type>/<id>?fields=…`; `updateRecord({ fields: { Id, … } })` is a PATCH;
 * `createRecord`/`deleteRecord` POST and DELETE. Record values are returned in the UI API's shape
 * (`{ id, apiName, fields: { Name: { value } } }`); the UI API's layouts, display values and cache are not modelled.
 * After an update every connected getRecord of that record is provisioned again, as the Lightning Data Service does.
 */
import { API, orgFetch } from '../transport';

type FieldRef = string | { objectApiName?: string; fieldApiName: string };
interface RecordUi {
    id: string;
    apiName: string;
    fields: Record<string, { value: unknown; displayValue: null }>;
}

const fieldName = (f: FieldRef): string => {
    const name = typeof f === 'string' ? f : f.fieldApiName;
    return name.includes('.') && typeof f === 'string' ? name.slice(name.indexOf('.') + 1) : name;
};
const objectOf = (fields: FieldRef[]): string | undefined =>
    fields.map((f) => (typeof f === 'string' ? f.split('.')[0] : f.objectApiName)).find(Boolean);

const live = new Set<getRecord>();

async function read(recordId: string, fields: FieldRef[]): Promise<RecordUi> {
    const names = [...new Set(fields.map(fieldName))];
    const type = objectOf(fields) ?? 'Opportunity';
    const row = (await orgFetch('GET', `${API}/sobjects/${type}/${recordId}?fields=${names.join(',')}`)) as Record<
        string,
        unknown
    >;
    return {
        id: recordId,
        apiName: type,
        fields: Object.fromEntries(names.map((n) => [n, { value: row[n] ?? null, displayValue: null }]))
    };
}

export class getRecord {
    private config?: { recordId?: string; fields?: FieldRef[]; optionalFields?: FieldRef[] };

    constructor(private readonly callback: (value: { data?: RecordUi; error?: unknown }) => void) {}

    update(config: { recordId?: string; fields?: FieldRef[]; optionalFields?: FieldRef[] }): void {
        this.config = config;
        void this.refresh();
    }

    connect(): void {
        live.add(this);
    }

    disconnect(): void {
        live.delete(this);
    }

    get recordId(): string | undefined {
        return this.config?.recordId;
    }

    async refresh(): Promise<void> {
        const { recordId, fields = [], optionalFields = [] } = this.config ?? {};
        if (!recordId) return;
        try {
            this.callback({ data: await read(recordId, [...fields, ...optionalFields]), error: undefined });
        } catch (error) {
            this.callback({ data: undefined, error });
        }
    }
}

export function getFieldValue(record: RecordUi | undefined, field: FieldRef): unknown {
    return record?.fields[fieldName(field)]?.value;
}

/** Re-provisions the getRecord wires of a record (Lightning Data Service's notifyRecordUpdateAvailable). */
export async function notifyRecordUpdateAvailable(items: { recordId: string }[]): Promise<void> {
    const ids = new Set(items.map((i) => i.recordId));
    await Promise.all([...live].filter((w) => w.recordId && ids.has(w.recordId)).map((w) => w.refresh()));
}

export async function updateRecord(input: {
    apiName?: string;
    fields: Record<string, unknown> & { Id: string };
}): Promise<{ id: string }> {
    const { Id, ...values } = input.fields;
    await orgFetch('PATCH', `${API}/sobjects/${input.apiName ?? 'Opportunity'}/${Id}`, values);
    await notifyRecordUpdateAvailable([{ recordId: Id }]);
    return { id: Id };
}

export async function createRecord(input: {
    apiName: string;
    fields: Record<string, unknown>;
}): Promise<{ id: string }> {
    const r = (await orgFetch('POST', `${API}/sobjects/${input.apiName}`, input.fields)) as { id: string };
    return { id: r.id };
}

export async function deleteRecord(recordId: string): Promise<void> {
    await orgFetch('DELETE', `${API}/sobjects/Opportunity/${recordId}`);
}
