// In-memory state of the emulated Partner Center tenant, with an optional JSON snapshot file.

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

export type JsonObject = Record<string, unknown>;

/** A referral as served (camelCase JSON), plus the emulator's private bookkeeping. */
export interface StoredReferral {
    referral: JsonObject;
    /** Who owns it: the emulated partner, or the simulated Microsoft seller (related referral). */
    owner: 'partner' | 'microsoft';
}

export interface WebhookRegistration {
    subscriberId: string;
    webhookUrl: string;
    webhookEvents: string[];
    signatureTokenToMsSignatureHeader: boolean;
    properties: Record<string, string>;
    lastModifiedTimestamp: string;
}

export interface ValidationEventResult {
    responseCode: string;
    responseMessage: string;
    systemError: boolean;
    dateTimeUtc: string;
}

export interface ValidationEvent {
    correlationId: string;
    partnerId: string;
    status: 'queued' | 'completed' | 'failed';
    eventName: 'test-created';
    callbackUrl: string;
    createdAt: string;
    results: ValidationEventResult[];
}

export interface StoreSnapshot {
    version: 1;
    referrals: StoredReferral[];
    webhookRegistration: WebhookRegistration | null;
    validationEvents: ValidationEvent[];
}

export class EmulatorStore {
    private referrals = new Map<string, StoredReferral>();
    private registration: WebhookRegistration | null = null;
    private validationEvents = new Map<string, ValidationEvent>();
    private readonly listeners: Array<() => void> = [];

    /** Called after every change (the snapshot writer hooks in here). */
    onChange(listener: () => void): void {
        this.listeners.push(listener);
    }

    getReferral(id: string): StoredReferral | undefined {
        return this.referrals.get(id.toLowerCase());
    }

    /** All referrals in creation order. */
    allReferrals(): StoredReferral[] {
        return [...this.referrals.values()];
    }

    putReferral(entry: StoredReferral): void {
        this.referrals.set(String(entry.referral.id).toLowerCase(), entry);
        this.changed();
    }

    getRegistration(): WebhookRegistration | null {
        return this.registration;
    }

    setRegistration(registration: WebhookRegistration | null): void {
        this.registration = registration;
        this.changed();
    }

    getValidationEvent(correlationId: string): ValidationEvent | undefined {
        return this.validationEvents.get(correlationId.toLowerCase());
    }

    allValidationEvents(): ValidationEvent[] {
        return [...this.validationEvents.values()];
    }

    putValidationEvent(event: ValidationEvent): void {
        this.validationEvents.set(event.correlationId.toLowerCase(), event);
        this.changed();
    }

    snapshot(): StoreSnapshot {
        return structuredClone({
            version: 1,
            referrals: this.allReferrals(),
            webhookRegistration: this.registration,
            validationEvents: this.allValidationEvents()
        });
    }

    restore(snapshot: StoreSnapshot): void {
        if (snapshot.version !== 1)
            throw new Error(`Unsupported emulator snapshot version ${String(snapshot.version)}`);
        this.referrals = new Map(
            snapshot.referrals.map((r) => [String(r.referral.id).toLowerCase(), structuredClone(r)])
        );
        this.registration = structuredClone(snapshot.webhookRegistration);
        this.validationEvents = new Map(
            snapshot.validationEvents.map((e) => [e.correlationId.toLowerCase(), structuredClone(e)])
        );
        this.changed();
    }

    reset(): void {
        this.restore({ version: 1, referrals: [], webhookRegistration: null, validationEvents: [] });
    }

    private changed(): void {
        for (const listener of this.listeners) listener();
    }
}

/** Writes the store to `file` after every change (atomic rename) and loads it at start when present. */
export function attachSnapshotFile(store: EmulatorStore, file: string): void {
    if (existsSync(file)) store.restore(JSON.parse(readFileSync(file, 'utf8')) as StoreSnapshot);
    store.onChange(() => {
        const temporary = `${file}.tmp`;
        writeFileSync(temporary, JSON.stringify(store.snapshot(), null, 2));
        renameSync(temporary, file);
    });
}
