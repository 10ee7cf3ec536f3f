// The emulator's view of the shared API contract (tools/partner-center/contract.ts + validate.ts): the only
// place the emulator touches it, so the enumerations and the transition table live in the contract alone.

import { ENUMS } from '../contract';
import {
    isAllowedTransition,
    isConsistentState,
    normalizeKeys,
    serverManagedProperties,
    validatePatch,
    validateResource
} from '../validate';
import type { ContractRules, ReferralState, ValidationMode } from './contract-rules';

export function createContractRules(): ContractRules {
    return {
        normalizeKeys: (resource: string, json: unknown) => normalizeKeys(resource, json),
        validate: (resource: string, json: unknown, mode: ValidationMode) => validateResource(resource, json, mode),
        validatePatch: (operations: unknown) => validatePatch(operations),
        isConsistentState: (s: ReferralState) => isConsistentState(s.status, s.substatus),
        isAllowedTransition: (from: ReferralState, to: ReferralState) => isAllowedTransition(from, to),
        isTerminal: (s: ReferralState) => s.status === 'Closed',
        serverManagedReferralFields: serverManagedProperties('Referral').concat(['mpnId']),
        supportedWebhookEvents: ENUMS.WebhookEvent.values
    };
}
