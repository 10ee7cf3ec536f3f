// What the emulator needs from the shared API contract (tools/partner-center/contract.ts + validate.ts).
// contract-adapter.ts implements this interface on top of the contract; nothing else in the emulator
// imports the contract directly, so enum lists and the transition table live only there.

export interface ReferralState {
    status: string;
    substatus: string;
}

export type ValidationMode = 'create' | 'update' | 'replace';

export interface ContractRules {
    /** Rewrites keys to the contract's camelCase spelling (input binding is case-insensitive). */
    normalizeKeys(resourceName: string, json: unknown): unknown;
    /** Problems found in `json` as readable messages; empty when valid. */
    validate(resourceName: string, json: unknown, mode: ValidationMode): string[];
    /** Problems in a JSON Patch document (operation kinds, paths); empty when valid. */
    validatePatch(operations: unknown): string[];
    isAllowedTransition(from: ReferralState, to: ReferralState): boolean;
    /** Terminal states (Closed/*) accept no further updates. */
    isTerminal(state: ReferralState): boolean;
    /** Whether `substatus` belongs to `status` (e.g. New/Pending yes, Active/Pending no). */
    isConsistentState(state: ReferralState): boolean;
    /** Top-level referral properties clients may not set (id, eTag, timestamps, …). */
    serverManagedReferralFields: readonly string[];
    /** Webhook events the registration API accepts and lists. */
    supportedWebhookEvents: readonly string[];
}
