// The simulated Microsoft side of co-sell: a Microsoft seller sends referrals to the partner, and
// joins or declines the partner's co-sell deals through Microsoft's own referral in the same
// engagement (the "related referral"). Behaviour marked INFERRED in the reference is chosen here:
// - a partner referral that asks Microsoft for help (shared with Microsoft sellers and an
//   assistanceRequestCode other than Unknown) gets a Microsoft referral in New/Pending;
// - joining sets Microsoft's referral Active/Accepted with the seller contacts and an MSX id, and
//   also copies the MSX id into the partner referral's trackingInfo.microsoftMsxId;
// - declining closes Microsoft's referral as Closed/Declined with the reason.

import { HttpError } from './http-io';
import type { IdFactory } from './ids';
import { MICROSOFT_ORGANIZATION, ReferralService } from './referral-service';
import type { EmulatorStore, JsonObject, StoredReferral } from './store';

export interface SellerContact {
    firstName: string;
    lastName: string;
    email: string;
    phoneNumber?: string;
    title?: string;
}

export interface InboundReferralInput {
    name?: string;
    customerName?: string;
    country?: string;
    dealValue?: number;
    currency?: string;
    notes?: string;
    /** Shared co-sell (default) or Independent (a qualified lead). */
    type?: 'Shared' | 'Independent';
    qualification?: string;
    sellers?: SellerContact[];
    /** Raw referral fields merged over the generated ones. */
    overrides?: JsonObject;
}

export interface JoinInput {
    msxId?: string;
    sellers?: SellerContact[];
    notes?: string;
}

export interface MicrosoftSideOptions {
    /** Create Microsoft's related referral when the partner asks for help. Default true. */
    autoCreateRelatedReferral?: boolean;
}

const DEFAULT_SELLER: SellerContact = {
    firstName: 'Alex',
    lastName: 'Seller',
    email: 'alex.seller@microsoft.com',
    phoneNumber: '+1 425 555 0100',
    title: 'Microsoft Account Executive'
};

export class MicrosoftSide {
    private readonly autoCreate: boolean;

    constructor(
        private readonly service: ReferralService,
        private readonly store: EmulatorStore,
        private readonly ids: IdFactory,
        options: MicrosoftSideOptions = {}
    ) {
        this.autoCreate = options.autoCreateRelatedReferral ?? true;
    }

    /** A Microsoft seller sends a new referral to the partner (arrives New/Pending, expires if ignored). */
    sendReferral(input: InboundReferralInput = {}): { referral: JsonObject; microsoftReferral: JsonObject } {
        const sellers = input.sellers?.length ? input.sellers : [DEFAULT_SELLER];
        const customerName = input.customerName ?? 'Contoso Ltd';
        const base: JsonObject = {
            name: input.name ?? `${customerName} – opportunity from Microsoft`,
            status: 'New',
            substatus: 'Pending',
            type: input.type ?? 'Shared',
            qualification: input.qualification ?? 'SalesQualified',
            direction: 'Incoming',
            customerProfile: {
                name: customerName,
                size: '251to1000employees',
                address: {
                    addressLine1: '1 Main St',
                    city: 'Bellevue',
                    state: 'WA',
                    postalCode: '98004',
                    country: input.country ?? 'US'
                },
                team: [
                    { firstName: 'Ana', lastName: 'Lee', phoneNumber: '4255550100', email: 'ana.lee@contoso.example' }
                ]
            },
            consent: {
                consentToToShareInfoWithOthers: true,
                consentToContact: true,
                consentToShareReferralWithMicrosoftSellers: true
            },
            details: {
                notes: input.notes ?? 'Customer asked Microsoft for a partner.',
                dealValue: input.dealValue ?? 50000,
                currency: input.currency ?? 'USD',
                requirements: { industries: [], products: [], services: [], solutions: [] }
            },
            team: [],
            inviteContext: {
                notes: input.notes ?? null,
                assistanceRequestCode: 'Unknown',
                invitedBy: { ...MICROSOFT_ORGANIZATION }
            },
            target: [],
            ...(input.overrides ?? {})
        };
        const referral = this.service.createInternal(base, 'partner');
        const microsoftReferral = this.service.createInternal(
            {
                ...structuredClone(base),
                engagementId: referral.engagementId,
                status: 'Active',
                substatus: 'Accepted',
                direction: 'Outgoing',
                team: sellers.map(toMember),
                trackingInfo: { microsoftMsxId: this.msxId() }
            },
            'microsoft'
        );
        return { referral, microsoftReferral };
    }

    /** Hook for partner writes: creates Microsoft's related referral when the partner asks for help. */
    onPartnerReferralChanged(entry: StoredReferral): void {
        if (!this.autoCreate || entry.owner !== 'partner') return;
        const referral = entry.referral;
        if (referral.direction === 'Incoming' || !asksMicrosoftForHelp(referral)) return;
        if (this.microsoftReferralIn(String(referral.engagementId))) return;
        this.service.createInternal(
            {
                name: referral.name,
                engagementId: referral.engagementId,
                status: 'New',
                substatus: 'Pending',
                type: 'Shared',
                qualification: referral.qualification,
                direction: 'Incoming',
                customerProfile: structuredClone(referral.customerProfile),
                consent: structuredClone(referral.consent),
                details: structuredClone(referral.details),
                inviteContext: structuredClone(referral.inviteContext),
                team: []
            },
            'microsoft'
        );
    }

    /** The Microsoft seller joins the co-sell deal that `partnerReferralId` belongs to. */
    join(partnerReferralId: string, input: JoinInput = {}): JsonObject {
        const partnerReferral = this.service.get(partnerReferralId).referral;
        const microsoft = this.requireMicrosoftReferral(partnerReferral);
        const msxId = input.msxId ?? this.msxId();
        const sellers = (input.sellers?.length ? input.sellers : [DEFAULT_SELLER]).map(toMember);
        const joined = this.service.updateInternal(String(microsoft.id), (r) => {
            r.status = 'Active';
            r.substatus = 'Accepted';
            r.team = [...((r.team as unknown[]) ?? []), ...sellers];
            r.trackingInfo = { ...((r.trackingInfo as JsonObject) ?? {}), microsoftMsxId: msxId };
            if (input.notes) r.statusReason = input.notes;
        });
        const current = this.service.get(partnerReferralId).referral;
        if (current.status !== 'Closed') {
            this.service.updateInternal(partnerReferralId, (r) => {
                r.trackingInfo = { ...((r.trackingInfo as JsonObject) ?? {}), microsoftMsxId: msxId };
            });
        }
        return joined;
    }

    /** The Microsoft seller declines to co-sell. */
    decline(partnerReferralId: string, reason = 'Microsoft seller declined to co-sell'): JsonObject {
        const partnerReferral = this.service.get(partnerReferralId).referral;
        const microsoft = this.requireMicrosoftReferral(partnerReferral);
        return this.service.updateInternal(String(microsoft.id), (r) => {
            r.status = 'Closed';
            r.substatus = 'Declined';
            r.statusReason = reason;
        });
    }

    microsoftReferralIn(engagementId: string): JsonObject | undefined {
        return this.store
            .allReferrals()
            .find(
                (e) =>
                    e.owner === 'microsoft' &&
                    String(e.referral.engagementId).toLowerCase() === engagementId.toLowerCase()
            )?.referral;
    }

    private requireMicrosoftReferral(partnerReferral: JsonObject): JsonObject {
        const found = this.microsoftReferralIn(String(partnerReferral.engagementId));
        if (!found) {
            throw new HttpError(
                409,
                'invalidRequest',
                'Microsoft has no referral in this engagement: the partner did not ask for help (co-sell)'
            );
        }
        return found;
    }

    private msxId(): string {
        return `7-${this.ids
            .token(12)
            .replace(/[^A-Za-z0-9]/g, '')
            .toUpperCase()
            .slice(0, 10)
            .padEnd(10, '0')}`;
    }
}

export function asksMicrosoftForHelp(referral: JsonObject): boolean {
    const consent = (referral.consent ?? {}) as JsonObject;
    const invite = (referral.inviteContext ?? {}) as JsonObject;
    const code = invite.assistanceRequestCode;
    return (
        consent.consentToShareReferralWithMicrosoftSellers === true &&
        typeof code === 'string' &&
        code !== '' &&
        code !== 'Unknown'
    );
}

function toMember(seller: SellerContact): JsonObject {
    return {
        firstName: seller.firstName,
        lastName: seller.lastName,
        email: seller.email,
        phoneNumber: seller.phoneNumber ?? null,
        title: seller.title ?? null
    };
}
