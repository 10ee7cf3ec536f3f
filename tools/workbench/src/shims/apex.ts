/**
 * Shim of `@salesforce/apex` and of every `@salesforce/apex/Class.method` import (the build generates
 * `export default apexMethod('Class.method')` for those). An Apex method is callable imperatively
 * (`method(params)` → Promise) and as a wire adapter (`@wire(method, config)` → `{ data, error }`), as on the
 * platform; the call goes to the local org's @AuraEnabled bridge (`POST /services/data/vXX.X/apex/<Class>/<method>`,
 * tools/local-org/aura-enabled.ts). `refreshApex(value)` re-runs the wire that provisioned `value`.
 */
import { API, orgFetch } from '../transport';

type Params = Record<string, unknown>;
type DataCallback = (value: { data?: unknown; error?: unknown }) => void;

/** Provisioned value → the wire adapter instance that produced it, for refreshApex. */
const provisioned = new WeakMap<object, ApexWire>();

class ApexWire {
    private config?: Params;
    private connected = false;

    constructor(
        private readonly method: string,
        private readonly callback: DataCallback
    ) {}

    update(config: Params): void {
        this.config = config;
        if (this.connected) void this.fetch();
    }

    connect(): void {
        this.connected = true;
        if (this.config) void this.fetch();
    }

    disconnect(): void {
        this.connected = false;
    }

    async fetch(): Promise<void> {
        const config = this.config ?? {};
        // Like the platform, a wire waits while a reactive parameter is still undefined.
        if (Object.values(config).some((v) => v === undefined)) return;
        let value: { data?: unknown; error?: unknown };
        try {
            value = { data: await call(this.method, config), error: undefined };
        } catch (error) {
            value = { data: undefined, error };
        }
        provisioned.set(value, this);
        if (this.connected) this.callback(value);
    }
}

function call(method: string, params: Params): Promise<unknown> {
    const [className, methodName] = method.split('.');
    return orgFetch('POST', `${API}/apex/${className}/${methodName}`, params ?? {}).then((r) => r ?? null);
}

export interface ApexMethod {
    (params?: Params): Promise<unknown>;
    adapter: new (callback: DataCallback) => ApexWire;
}

export function apexMethod(method: string): ApexMethod {
    const fn = ((params?: Params) => call(method, params ?? {})) as ApexMethod;
    fn.adapter = class extends ApexWire {
        constructor(callback: DataCallback) {
            super(method, callback);
        }
    };
    return fn;
}

export function refreshApex(value: unknown): Promise<void> {
    const wire = value && typeof value === 'object' ? provisioned.get(value) : undefined;
    return wire ? wire.fetch() : Promise.resolve();
}

export function getSObjectValue(record: Record<string, unknown>, field: string | { fieldApiName: string }): unknown {
    return record[typeof field === 'string' ? field : field.fieldApiName];
}
