/**
 * The Partner Center Referrals and webhook-registration API, written once as data: resources with their exact
 * JSON property names, enumerations, the status transition table and the endpoints. The emulator validates
 * requests with it (validate.ts) and the Apex models and client are generated from it (generate.ts).
 * Facts and their sources: docs/reference/partner-center-api.md (section numbers below). Enumerations
 * marked `open` are UNCONFIRMED there: input outside the list is accepted, not rejected.
 */

export type PropertyType =
    | 'string'
    | 'number'
    | 'boolean'
    | 'datetime'
    | 'object'
    /** Any JSON value (a JSON Patch operation's value). */
    | 'any'
    | { resource: string }
    | { arrayOf: PropertyType };

export interface Property {
    type: PropertyType;
    required?: boolean;
    /** Name of an enumeration in ENUMS. */
    enum?: string;
    /** Set by Partner Center; clients may not send it. */
    serverManaged?: boolean;
}

export interface Resource {
    description: string;
    properties: Record<string, Property>;
}

export interface Enumeration {
    values: readonly string[];
    /** UNCONFIRMED lists: values outside are tolerated. */
    open?: boolean;
}

const s = (extra: Omit<Property, 'type'> = {}): Property => ({ type: 'string', ...extra });
const ref = (resource: string, extra: Omit<Property, 'type'> = {}): Property => ({ type: { resource }, ...extra });
const list = (of: PropertyType): Property => ({ type: { arrayOf: of } });

export const ENUMS: Record<string, Enumeration> = {
    // §3.9.1
    ReferralStatus: { values: ['None', 'New', 'Active', 'Closed'] },
    ReferralSubstatus: { values: ['None', 'Pending', 'Received', 'Accepted', 'Won', 'Lost', 'Declined', 'Expired'] },
    // §3.9.2–3.9.5
    ReferralType: { values: ['Independent', 'Shared'] },
    ReferralQualification: { values: ['None', 'Direct', 'MarketingQualified', 'SalesQualified'] },
    ReferralDirection: { values: ['Incoming', 'Outgoing'] },
    // §3.6
    AssistanceRequestCode: {
        values: [
            'Unknown',
            'GeneralOrOther',
            'CustomerTechnicalArchitecture',
            'ProofOfConceptOrDemo',
            'QuotesOrLicensing',
            'PostSalesCustomerSuccess',
            'WorkloadSpecificValueProposition'
        ]
    },
    // §3.9.9 (empty string also observed)
    CustomerSize: {
        values: [
            '',
            '1to50employees',
            '51to500employees',
            'Morethan500employees',
            '1to9employees',
            '10to50employees',
            '51to250employees',
            '251to1000employees',
            '1001to5000employees',
            '5001to10000employees',
            '10001to20000employees',
            'Morethan20000employees'
        ],
        open: true
    },
    // CustomerMarketplaceIntent ("the customer's intent to transact on Microsoft marketplace"): the Referral
    // resources table (https://learn.microsoft.com/en-us/partner-center/developer/referral-resources) and the
    // create example's attribute id HaveNotDecided (https://learn.microsoft.com/en-us/partner-center/developer/create-a-referral);
    // Yes / No are the UI and bulk-upload values (https://learn.microsoft.com/en-us/partner-center/bulk-operations),
    // their API ids UNCONFIRMED.
    CustomerMarketplaceIntent: { values: ['Yes', 'No', 'HaveNotDecided'], open: true },
    // §3.9.8
    SolutionTagType: { values: ['None', 'Category', 'Name'] },
    // §3.7
    ReferralTargetType: { values: ['None', 'BusinessProfileLocation', 'SolutionProfile'] },
    // §3.2
    CustomerIdType: { values: ['Duns', 'External'], open: true },
    // §2.4: only add and replace
    PatchOperation: { values: ['add', 'replace'] },
    // §7.2
    WebhookEvent: {
        values: [
            'referral-created',
            'referral-updated',
            'related-referral-created',
            'related-referral-updated',
            'test-created'
        ]
    }
};

/** §3.9.1: the substatuses each status allows, and the statuses each status may move to. */
export const SUBSTATUSES: Record<string, readonly string[]> = {
    New: ['Pending', 'Received'],
    Active: ['Accepted'],
    Closed: ['Won', 'Lost', 'Declined', 'Expired']
};
export const TRANSITIONS: Record<string, readonly string[]> = {
    New: ['New', 'Active', 'Closed'],
    Active: ['Active', 'Closed'],
    Closed: []
};

export const RESOURCES: Record<string, Resource> = {
    Referral: {
        description: 'A co-sell referral (§3.1).',
        properties: {
            id: s({ serverManaged: true }),
            engagementId: s({ serverManaged: true }),
            name: s(),
            organizationId: s({ serverManaged: true }),
            organizationName: s({ serverManaged: true }),
            externalReferenceId: s(),
            createdDateTime: { type: 'datetime', serverManaged: true },
            updatedDateTime: { type: 'datetime', serverManaged: true },
            expirationDateTime: { type: 'datetime', serverManaged: true },
            acceptedDateTime: { type: 'datetime', serverManaged: true },
            closedDateTime: { type: 'datetime', serverManaged: true },
            status: s({ enum: 'ReferralStatus' }),
            substatus: s({ enum: 'ReferralSubstatus' }),
            statusReason: s(),
            qualification: s({ enum: 'ReferralQualification' }),
            type: s({ required: true, enum: 'ReferralType' }),
            direction: s({ enum: 'ReferralDirection', serverManaged: true }),
            customerProfile: ref('CustomerProfile', { required: true }),
            consent: ref('Consent', { required: true }),
            details: ref('ReferralDetails', { required: true }),
            team: list({ resource: 'Member' }),
            inviteContext: ref('InviteContext'),
            target: list({ resource: 'ReferralTarget' }),
            links: ref('Links', { serverManaged: true }),
            eTag: s({ serverManaged: true }),
            trackingInfo: ref('TrackingInfo'),
            salesStage: s(),
            tags: list('string')
        }
    },
    CustomerProfile: {
        description: 'The customer (§3.2).',
        properties: {
            name: s(),
            size: s({ enum: 'CustomerSize' }),
            address: ref('Address'),
            team: list({ resource: 'Member' }),
            ids: list({ resource: 'CustomerId' })
        }
    },
    CustomerId: {
        description: 'A customer identifier (§3.2).',
        properties: { profileType: s({ enum: 'CustomerIdType' }), id: s() }
    },
    Address: {
        description: 'Postal address; country is ISO 3166-1 alpha-2 (§3.2).',
        properties: {
            addressLine1: s(),
            addressLine2: s(),
            city: s(),
            state: s(),
            postalCode: s(),
            country: s(),
            region: s()
        }
    },
    Member: {
        description: 'A team member (§3.3).',
        properties: {
            firstName: s(),
            lastName: s(),
            phoneNumber: s(),
            email: s(),
            title: s(),
            contactPreference: { type: 'object' }
        }
    },
    Consent: {
        description: 'Consents; note the real spelling consentToToShareInfoWithOthers (§3.4).',
        properties: {
            consentToToShareInfoWithOthers: { type: 'boolean' },
            consentToContact: { type: 'boolean' },
            consentToShareReferralWithMicrosoftSellers: { type: 'boolean' },
            consentToMicrosoftToContactSpecificPartners: { type: 'boolean' }
        }
    },
    ReferralDetails: {
        description: 'Deal details (§3.5).',
        properties: {
            notes: s(),
            dealValue: { type: 'number' },
            currency: s(),
            closingDateTime: { type: 'datetime' },
            customerRequestedContact: { type: 'boolean' },
            customerAction: s(),
            incentiveLevel: s(),
            requirements: ref('Requirements')
        }
    },
    Requirements: {
        description: 'Requirements and solution tags (§3.5).',
        properties: {
            industries: list('object'),
            products: list('object'),
            services: list('object'),
            solutions: list({ resource: 'SolutionTag' }),
            offers: list('object'),
            salesPlays: list('object'),
            additionalRequirements: ref('AdditionalRequirements')
        }
    },
    AdditionalRequirements: {
        description:
            'Further requirements: IoT details and typed attributes, e.g. {type: CustomerMarketplaceIntent, id: HaveNotDecided} (create-a-referral example).',
        properties: {
            iot: { type: 'object' },
            attributes: list({ resource: 'RequirementAttribute' })
        }
    },
    RequirementAttribute: {
        description: 'A typed attribute of a referral (type CustomerMarketplaceIntent: id from that enumeration).',
        properties: { type: s(), id: s() }
    },
    SolutionTag: {
        description: 'A co-sell solution (§3.5).',
        properties: {
            id: s(),
            name: s(),
            type: s({ enum: 'SolutionTagType' }),
            price: { type: 'number' },
            quantity: { type: 'number' },
            currency: s(),
            publisherName: s(),
            solutionType: s(),
            closingDateTime: { type: 'datetime' }
        }
    },
    InviteContext: {
        description: 'The co-sell request (§3.6).',
        properties: {
            notes: s(),
            assistanceRequestCode: s({ enum: 'AssistanceRequestCode' }),
            invitedMpnId: s(),
            invitedBy: ref('InvitedBy')
        }
    },
    InvitedBy: { description: 'Who invited (§3.6).', properties: { organizationId: s(), organizationName: s() } },
    ReferralTarget: {
        description: 'A target (§3.7).',
        properties: { type: s({ enum: 'ReferralTargetType' }), id: s() }
    },
    Links: { description: 'Links (§3.8).', properties: { self: ref('Link'), relatedReferrals: ref('Link') } },
    Link: { description: 'A link (§3.8).', properties: { uri: s(), method: s() } },
    TrackingInfo: {
        description: 'Microsoft tracking ids; microsoftMsxId is Microsoft\u2019s CRM id (§3.1).',
        properties: {
            microsoftMsxId: s(),
            microsoftUSFedOpportunityId: s(),
            microsoftUSFedLeadId: s(),
            migratedPSCDealId: s(),
            migratedPSCPartnerDealId: s()
        }
    },
    PatchOperation: {
        description: 'One JSON Patch operation (§2.4).',
        properties: {
            op: s({ required: true, enum: 'PatchOperation' }),
            path: s({ required: true }),
            value: { type: 'any' }
        }
    },
    WebhookRegistration: {
        description: 'The partner\u2019s webhook registration (§7).',
        properties: {
            webhookUrl: s({ required: true }),
            webhookEvents: list('string'),
            signatureTokenToMsSignatureHeader: { type: 'boolean' }
        }
    },
    WebhookEventPayload: {
        description: 'A webhook call body; PascalCase in the docs, read case-insensitively (§7.3).',
        properties: {
            eventName: s({ required: true, enum: 'WebhookEvent' }),
            resourceUri: s({ required: true }),
            resourceName: s(),
            auditUri: s(),
            resourceChangeUtcDate: s()
        }
    },
    ReferralPage: {
        description: 'One page of a referral list: OData envelope, more pages behind @odata.nextLink (§2.3).',
        properties: {
            '@odata.context': s(),
            '@odata.count': { type: 'number' },
            value: list({ resource: 'Referral' }),
            '@odata.nextLink': s()
        }
    },
    ValidationEvent: {
        description: 'The answer to a test-event request (§7.1).',
        properties: { correlationId: s() }
    },
    ErrorBody: { description: 'Error response (§2.8).', properties: { error: ref('ErrorDetail') } },
    ErrorDetail: {
        description: 'Error detail (§2.8).',
        properties: { code: s(), message: s(), target: s(), innerError: { type: 'object' } }
    }
};

export type Credential = 'referrals' | 'webhooks';

export interface Endpoint {
    description: string;
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    /** Path below the credential's host; {name} parameters are URL-encoded path segments. */
    path: string;
    credential: Credential;
    /** Optional OData query parameters the request builder takes. */
    query?: readonly string[];
    /** Request headers beyond Accept, Content-Type and client-request-id. */
    headers?: readonly string[];
    /** Header values the typed client method always sends (the request builder takes them as parameters). */
    headerValues?: Readonly<Record<string, string>>;
    request?: string;
    /** The request body is a JSON array of `request` (JSON Patch). */
    requestIsList?: boolean;
    /** A resource with `value` and `@odata.nextLink` means the endpoint is paged. */
    response?: string;
    successCodes: readonly number[];
}

/** §2 and §7: every endpoint the connector calls. Hosts come from the named credentials (§1). */
export const ENDPOINTS: Record<string, Endpoint> = {
    createReferral: {
        description: 'Create a referral (POST; 200 or 201 UNCONFIRMED, any 2xx accepted).',
        method: 'POST',
        path: '/v1.0/engagements/referrals',
        credential: 'referrals',
        request: 'Referral',
        response: 'Referral',
        successCodes: [200, 201]
    },
    getReferral: {
        description: 'Read one referral.',
        method: 'GET',
        path: '/v1.0/engagements/referrals/{referralId}',
        credential: 'referrals',
        response: 'Referral',
        successCodes: [200]
    },
    listReferrals: {
        description: 'List referrals with OData options; follow @odata.nextLink for more pages.',
        method: 'GET',
        path: '/v1.0/engagements/referrals',
        credential: 'referrals',
        query: ['$filter', '$orderby', '$top', '$select'],
        response: 'ReferralPage',
        successCodes: [200]
    },
    patchReferral: {
        description:
            'Update with JSON Patch (add/replace only); If-Match for concurrency; Prefer returns the referral.',
        method: 'PATCH',
        path: '/v1.0/engagements/referrals/{referralId}',
        credential: 'referrals',
        headers: ['If-Match', 'Prefer'],
        headerValues: { Prefer: 'return=representation' },
        request: 'PatchOperation',
        requestIsList: true,
        response: 'Referral',
        successCodes: [200, 204]
    },
    getWebhookRegistration: {
        description: 'Read the webhook registration (404 when none).',
        method: 'GET',
        path: '/webhooks/v1/registration',
        credential: 'webhooks',
        response: 'WebhookRegistration',
        successCodes: [200]
    },
    createWebhookRegistration: {
        description: 'Register a webhook (409 when one exists).',
        method: 'POST',
        path: '/webhooks/v1/registration',
        credential: 'webhooks',
        request: 'WebhookRegistration',
        response: 'WebhookRegistration',
        successCodes: [200, 201]
    },
    updateWebhookRegistration: {
        description: 'Replace the webhook registration.',
        method: 'PUT',
        path: '/webhooks/v1/registration',
        credential: 'webhooks',
        request: 'WebhookRegistration',
        response: 'WebhookRegistration',
        successCodes: [200]
    },
    createValidationEvent: {
        description: 'Ask Partner Center to send a test event.',
        method: 'POST',
        path: '/webhooks/v1/registration/validationEvents',
        credential: 'webhooks',
        response: 'ValidationEvent',
        successCodes: [200, 201, 202]
    }
};
