// The referral rules of the emulated service: create with defaults, read, list, PATCH, PUT,
// transitions, eTags and timestamps. HTTP concerns live in routes/referrals.ts.

import type { Clock, ScheduledTask } from './clock';
import type { ContractRules, ReferralState } from './contract-rules';
import { HttpError } from './http-io';
import { eTagMatches, IdFactory } from './ids';
import { applyPatch, PatchError, parsePointer, readPatchDocument } from './json-patch';
import { CollectionPage, CollectionQuery, runCollectionQuery } from './odata/query-options';
import type { EmulatorStore, JsonObject, StoredReferral } from './store';
import { MonotonicTimestamps, parseTimestamp } from './timestamps';

export const REFERRAL_RESOURCE = 'Referral';
const ERROR_TARGET = 'referral';

export interface PartnerIdentity {
    organizationId: string;
    organizationName: string;
    mpnId: string;
}

export type ReferralChange = 'created' | 'updated';

export interface ReferralServiceOptions {
    /** How long inbound (and Microsoft's related) referrals stay New before they expire. Default 14 days. */
    inboundExpiryMs?: number;
}

export const DEFAULT_INBOUND_EXPIRY_MS = 14 * 24 * 60 * 60 * 1000;

export class ReferralService {
    private readonly expiryTasks = new Map<string, ScheduledTask>();
    private readonly inboundExpiryMs: number;

    constructor(
        private readonly store: EmulatorStore,
        private readonly rules: ContractRules,
        private readonly ids: IdFactory,
        private readonly clock: Clock,
        private readonly timestamps: MonotonicTimestamps,
        readonly partner: PartnerIdentity,
        private readonly onChange: (change: ReferralChange, entry: StoredReferral) => void,
        options: ReferralServiceOptions = {}
    ) {
        this.inboundExpiryMs = options.inboundExpiryMs ?? DEFAULT_INBOUND_EXPIRY_MS;
    }

    get expiryMs(): number {
        return this.inboundExpiryMs;
    }

    /** POST: the partner creates a referral. */
    createFromPartner(body: unknown): JsonObject {
        const input = this.readReferralBody(body, 'create');
        const defaults = this.defaults('partner');
        const referral = { ...defaults, ...input } as JsonObject;
        const state = stateOf(referral);
        if (!this.rules.isConsistentState(state)) {
            throw invalid(`status '${state.status}' does not allow substatus '${state.substatus}'`);
        }
        if (this.rules.isTerminal(state)) throw invalid('A referral cannot be created in a closed state');
        // A partner's shared referral is answered Active/Accepted (with acceptedDateTime), whatever open state the
        // request named: Microsoft's "Create a referral" example sends New/Pending and gets Active/Accepted back
        // (https://learn.microsoft.com/en-us/partner-center/developer/create-a-referral). An independent (private)
        // one keeps the client's open starting state (§4.2).
        if (String(referral.type).toLowerCase() === 'shared') {
            referral.status = 'Active';
            referral.substatus = 'Accepted';
        }
        return this.insert(referral, 'partner');
    }

    /** Creates a referral on behalf of the simulated Microsoft side (inbound or related referral). */
    createInternal(fields: JsonObject, owner: StoredReferral['owner']): JsonObject {
        const referral = {
            ...this.defaults(owner),
            ...(this.rules.normalizeKeys(REFERRAL_RESOURCE, fields) as JsonObject)
        };
        const problems = this.rules.validate(REFERRAL_RESOURCE, withoutServerFields(referral, this.rules), 'create');
        if (problems.length) throw new Error(`Emulator built an invalid referral: ${problems.join('; ')}`);
        // Referrals waiting for an answer (inbound to the partner, or Microsoft's join request) expire (§2.3).
        if (referral.status === 'New' && !referral.expirationDateTime) {
            referral.expirationDateTime = isoInstant(this.clock.now() + this.inboundExpiryMs);
        }
        return this.insert(referral, owner);
    }

    get(id: string): StoredReferral {
        const entry = this.store.getReferral(id);
        if (!entry) throw new HttpError(404, 'itemNotFound', `Referral '${id}' was not found`, {}, ERROR_TARGET);
        return entry;
    }

    /**
     * List. Microsoft's related referrals are only listed when the filter mentions engagementId
     * (the `links.relatedReferrals` query); a plain list shows the partner's own referrals. INFERRED.
     */
    list(query: CollectionQuery, filterText: string | undefined): CollectionPage<JsonObject> {
        const includeRelated = /engagementid/i.test(filterText ?? '');
        const visible = this.store
            .allReferrals()
            .filter((e) => e.owner === 'partner' || includeRelated)
            .map((e) => e.referral);
        return runCollectionQuery(visible, query);
    }

    /** PATCH with a JSON Patch document (add/replace only). */
    patch(id: string, body: unknown, ifMatch: string | undefined): JsonObject {
        const entry = this.get(id);
        this.checkIfMatch(entry, ifMatch, false);
        const patchProblems = this.rules.validatePatch(body);
        if (patchProblems.length) throw invalid(patchProblems.join('; '));
        let patched: JsonObject;
        try {
            const operations = readPatchDocument(body);
            operations.forEach((operation) => {
                const [top] = parsePointer(operation.path);
                if (top && this.isServerManaged(top)) throw new PatchError(`'${operation.path}' is read-only`, 0);
            });
            patched = applyPatch(entry.referral, operations);
        } catch (error) {
            if (error instanceof PatchError) throw invalid(error.message);
            throw error;
        }
        const normalized = this.rules.normalizeKeys(REFERRAL_RESOURCE, patched) as JsonObject;
        this.checkValid(withoutServerFields(normalized, this.rules), 'update');
        return this.write(entry, normalized);
    }

    /** Obsolete PUT: full object, If-Match required. Server-managed fields in the body are ignored. */
    replace(id: string, body: unknown, ifMatch: string | undefined): JsonObject {
        const entry = this.get(id);
        this.checkIfMatch(entry, ifMatch, true);
        const input = this.readReferralBody(body, 'replace');
        const bodyId = (this.rules.normalizeKeys(REFERRAL_RESOURCE, body) as JsonObject).id;
        if (typeof bodyId === 'string' && bodyId.toLowerCase() !== String(entry.referral.id).toLowerCase()) {
            throw invalid(`The body id '${bodyId}' does not match the URL id`);
        }
        const base = this.defaults(entry.owner);
        for (const field of this.rules.serverManagedReferralFields) delete base[field];
        return this.write(entry, { ...base, ...input });
    }

    /**
     * Applies a change made by the simulated Microsoft side or the expiry timer, with the same
     * transition rules as client writes.
     */
    updateInternal(id: string, change: (referral: JsonObject) => void): JsonObject {
        const entry = this.get(id);
        const next = structuredClone(entry.referral);
        change(next);
        return this.write(entry, next);
    }

    /** Re-arms expiry timers after a snapshot restore. */
    rescheduleExpiries(): void {
        for (const task of this.expiryTasks.values()) task.cancel();
        this.expiryTasks.clear();
        for (const entry of this.store.allReferrals()) this.scheduleExpiry(entry.referral);
    }

    stop(): void {
        for (const task of this.expiryTasks.values()) task.cancel();
        this.expiryTasks.clear();
    }

    private readReferralBody(body: unknown, mode: 'create' | 'replace'): JsonObject {
        if (body === null || typeof body !== 'object' || Array.isArray(body))
            throw invalid('The body must be a JSON object');
        const normalized = this.rules.normalizeKeys(REFERRAL_RESOURCE, body) as JsonObject;
        const input = withoutServerFields(normalized, this.rules);
        // engagementId may be given on create: the 2-step "connected referral for Microsoft" (§4.2).
        if (mode === 'create' && typeof normalized.engagementId === 'string')
            input.engagementId = normalized.engagementId;
        this.checkValid(input, mode);
        return input;
    }

    private checkValid(json: JsonObject, mode: 'create' | 'update' | 'replace'): void {
        const problems = this.rules.validate(REFERRAL_RESOURCE, json, mode);
        if (problems.length) throw invalid(problems.join('; '));
    }

    private checkIfMatch(entry: StoredReferral, ifMatch: string | undefined, required: boolean): void {
        if (ifMatch === undefined || ifMatch.trim() === '') {
            // PATCH: optional (§2.4). PUT: "be sure to set If-Match" (§2.5); the exact code is UNCONFIRMED, 428 chosen.
            if (required)
                throw new HttpError(
                    428,
                    'preconditionFailed',
                    'The If-Match header is required for PUT',
                    {},
                    ERROR_TARGET
                );
            return;
        }
        if (!eTagMatches(ifMatch, String(entry.referral.eTag))) {
            throw new HttpError(
                412,
                'preconditionFailed',
                'The If-Match eTag does not match the current referral',
                {},
                ERROR_TARGET
            );
        }
    }

    private write(entry: StoredReferral, next: JsonObject): JsonObject {
        const before = stateOf(entry.referral);
        const after = stateOf(next);
        if (this.rules.isTerminal(before)) {
            // The exact code is UNCONFIRMED (400 or 409); 409 chosen to tell "closed" apart from "invalid".
            throw new HttpError(
                409,
                'invalidRequest',
                `The referral is ${before.status}/${before.substatus} and can no longer be updated`,
                {},
                ERROR_TARGET
            );
        }
        if (
            (before.status !== after.status || before.substatus !== after.substatus) &&
            !this.rules.isAllowedTransition(before, after)
        ) {
            throw invalid(
                `Transition from ${before.status}/${before.substatus} to ${after.status}/${after.substatus} is not allowed`
            );
        }
        const now = this.timestamps.next();
        // Server-managed values always come from the stored referral, never from the client.
        for (const field of this.rules.serverManagedReferralFields) {
            if (field in entry.referral) next[field] = entry.referral[field];
            else delete next[field];
        }
        next.updatedDateTime = now;
        next.eTag = this.ids.eTag();
        if (before.status !== after.status) this.stampStatusChange(next, after, now);
        const updated: StoredReferral = { referral: next, owner: entry.owner };
        this.store.putReferral(updated);
        this.scheduleExpiry(next);
        this.onChange('updated', updated);
        return next;
    }

    private insert(referral: JsonObject, owner: StoredReferral['owner']): JsonObject {
        const now = this.timestamps.next();
        referral.id = this.ids.guid();
        if (typeof referral.engagementId !== 'string' || !referral.engagementId)
            referral.engagementId = this.ids.guid();
        referral.createdDateTime = now;
        referral.updatedDateTime = now;
        referral.eTag = this.ids.eTag();
        this.stampStatusChange(referral, stateOf(referral), now);
        const ordered: JsonObject = { id: referral.id, engagementId: referral.engagementId, ...referral };
        const entry: StoredReferral = { referral: ordered, owner };
        this.store.putReferral(entry);
        this.scheduleExpiry(ordered);
        this.onChange('created', entry);
        return ordered;
    }

    private stampStatusChange(referral: JsonObject, state: ReferralState, now: string): void {
        if (state.status === 'Active' && !referral.acceptedDateTime) referral.acceptedDateTime = now;
        if (this.rules.isTerminal(state) && !referral.closedDateTime) referral.closedDateTime = now;
        if (state.status !== 'New') referral.expirationDateTime = referral.expirationDateTime ?? null;
    }

    private scheduleExpiry(referral: JsonObject): void {
        const id = String(referral.id).toLowerCase();
        this.expiryTasks.get(id)?.cancel();
        this.expiryTasks.delete(id);
        if (referral.status !== 'New' || typeof referral.expirationDateTime !== 'string') return;
        const due = parseTimestamp(referral.expirationDateTime);
        if (Number.isNaN(due)) return;
        const task = this.clock.schedule(due - this.clock.now(), () => {
            this.expiryTasks.delete(id);
            this.expire(id);
        });
        this.expiryTasks.set(id, task);
    }

    private expire(id: string): void {
        const entry = this.store.getReferral(id);
        if (!entry || entry.referral.status !== 'New') return;
        this.updateInternal(id, (r) => {
            r.status = 'Closed';
            r.substatus = 'Expired';
            r.statusReason = r.statusReason ?? 'No response within the response window';
        });
    }

    private isServerManaged(property: string): boolean {
        return this.rules.serverManagedReferralFields.some((f) => f.toLowerCase() === property.toLowerCase());
    }

    private defaults(owner: StoredReferral['owner']): JsonObject {
        const microsoft = owner === 'microsoft';
        return {
            name: '',
            organizationId: microsoft ? MICROSOFT_ORGANIZATION.organizationId : this.partner.organizationId,
            organizationName: microsoft ? MICROSOFT_ORGANIZATION.organizationName : this.partner.organizationName,
            externalReferenceId: null,
            expirationDateTime: null,
            acceptedDateTime: null,
            closedDateTime: null,
            status: 'Active',
            substatus: 'Accepted',
            statusReason: null,
            qualification: 'SalesQualified',
            type: 'Independent',
            direction: 'Outgoing',
            referralSource: null,
            callToAction: null,
            favorite: false,
            campaignId: null,
            salesStage: null,
            quality: 'Unknown',
            isSpam: false,
            mpnId: microsoft ? null : this.partner.mpnId,
            referralProgram: null,
            dealSensitivity: 'None',
            createdVia: null,
            lastModifiedVia: null,
            lastRunId: null,
            tags: [],
            registrationStatus: 'None',
            target: [],
            team: [],
            trackingInfo: {
                microsoftMsxId: null,
                microsoftUSFedOpportunityId: null,
                microsoftUSFedLeadId: null,
                migratedPSCDealId: null,
                migratedPSCPartnerDealId: null
            },
            registrations: []
        };
    }
}

/** The simulated Microsoft organisation (`invitedBy.organizationId` is "msft" in real payloads). */
export const MICROSOFT_ORGANIZATION = { organizationId: 'msft', organizationName: 'Microsoft' } as const;

export function stateOf(referral: JsonObject): ReferralState {
    return { status: String(referral.status ?? ''), substatus: String(referral.substatus ?? '') };
}

function withoutServerFields(json: JsonObject, rules: ContractRules): JsonObject {
    const copy = { ...json };
    for (const field of rules.serverManagedReferralFields) delete copy[field];
    delete copy['@odata.context'];
    delete copy['@odata.etag'];
    return copy;
}

function invalid(message: string): HttpError {
    return new HttpError(400, 'invalidRequest', message, {}, ERROR_TARGET);
}

function isoInstant(ms: number): string {
    return `${new Date(ms).toISOString().slice(0, -1)}0000Z`;
}
