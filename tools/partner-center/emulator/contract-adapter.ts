// PROVISIONAL. tools/partner-center/contract.ts and validate.ts had not landed when this was written
// (checked until 20:41 UTC). When they land, replace the body of createContractRules() with calls to
// normalizeKeys(), validateResource(name, json, { mode }), validatePatch(ops) and
// isAllowedTransition(from, to) from the contract, and delete the two PROVISIONAL_* tables below:
// the emulator must not own the enum lists or the transition table. Nothing else needs to change —
// this file is the only place the emulator touches the contract (see contract-rules.ts).
// Limitation until then: key folding only lower-cases the first letter (PascalCase → camelCase).

import type { ContractRules, ReferralState, ValidationMode } from './contract-rules';

const PROVISIONAL_NEXT: Record<string, string[]> = {
    New: ['New', 'Active', 'Closed'],
    Active: ['Active', 'Closed'],
    Closed: ['Closed']
};
const PROVISIONAL_SUBSTATUS: Record<string, string[]> = {
    New: ['Pending', 'Received'],
    Active: ['Accepted'],
    Closed: ['Won', 'Lost', 'Declined', 'Expired']
};

function camel(json: unknown): unknown {
    if (Array.isArray(json)) return json.map(camel);
    if (json === null || typeof json !== 'object') return json;
    return Object.fromEntries(Object.entries(json).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), camel(v)]));
}

export function createContractRules(): ContractRules {
    return {
        normalizeKeys: (_resource: string, json: unknown) => camel(json),
        validate: (resource: string, json: unknown, mode: ValidationMode) => {
            if (resource !== 'Referral' || mode === 'update') return [];
            const record = json as Record<string, unknown>;
            return ['type', 'customerProfile', 'consent', 'details']
                .filter((k) => record[k] === undefined)
                .map((k) => `${k} is required`);
        },
        validatePatch: () => [],
        isConsistentState: (s: ReferralState) => (PROVISIONAL_SUBSTATUS[s.status] ?? []).includes(s.substatus),
        isAllowedTransition: (from: ReferralState, to: ReferralState) =>
            (PROVISIONAL_NEXT[from.status] ?? []).includes(to.status) &&
            (PROVISIONAL_SUBSTATUS[to.status] ?? []).includes(to.substatus),
        isTerminal: (s: ReferralState) => s.status === 'Closed',
        serverManagedReferralFields: [
            'id',
            'engagementId',
            'eTag',
            'createdDateTime',
            'updatedDateTime',
            'organizationId',
            'organizationName',
            'links',
            'direction',
            'acceptedDateTime',
            'closedDateTime',
            'expirationDateTime',
            'mpnId'
        ],
        supportedWebhookEvents: [
            'referral-created',
            'referral-updated',
            'related-referral-created',
            'related-referral-updated',
            'test-created'
        ]
    };
}
