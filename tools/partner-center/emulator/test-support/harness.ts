// Test harness: a seeded emulator on 127.0.0.1 with a manual clock, and a tiny HTTP client.

import { ManualClock } from '../clock';
import { EmulatorOptions, RunningEmulator, startEmulator } from '../server';

export interface ApiResponse {
    status: number;
    headers: Headers;
    body: any;
    text: string;
}

export interface TestEmulator {
    emulator: RunningEmulator;
    clock: ManualClock;
    token: string;
    api(
        method: string,
        path: string,
        options?: { body?: unknown; headers?: Record<string, string>; token?: string | null }
    ): Promise<ApiResponse>;
}

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
    const clock = new ManualClock('2025-03-01T08:00:00.000Z');
    const emulator = await startEmulator({ seed: 'test', clock, ...options });
    // Long-lived so that tests can move the manual clock by days.
    const token = emulator.control.issueToken({ lifetimeSeconds: 10 * 365 * 86_400 });
    const api: TestEmulator['api'] = async (method, path, opts = {}) => {
        const headers: Record<string, string> = { ...(opts.headers ?? {}) };
        const bearer = opts.token === undefined ? token : opts.token;
        if (bearer !== null) headers.Authorization = `Bearer ${bearer}`;
        let body: string | undefined;
        if (opts.body !== undefined) {
            body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
            headers['Content-Type'] = headers['Content-Type'] ?? 'application/json';
        }
        const url = path.startsWith('http') ? path : `${emulator.url}${path}`;
        const response = await fetch(url, { method, headers, body });
        const text = await response.text();
        let parsed: unknown = undefined;
        try {
            parsed = text ? JSON.parse(text) : undefined;
        } catch {
            parsed = undefined;
        }
        return { status: response.status, headers: response.headers, body: parsed, text };
    };
    return { emulator, clock, token, api };
}

/** A minimal valid co-sell referral body (what a client would POST). */
export function coSellReferralBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        name: 'Contoso – Azure migration',
        externalReferenceId: '0065g00000AbCdEFGH',
        type: 'Shared',
        qualification: 'SalesQualified',
        customerProfile: {
            name: 'Contoso Ltd',
            size: '251to1000employees',
            address: { addressLine1: '1 Main St', city: 'Bellevue', state: 'WA', postalCode: '98004', country: 'US' },
            team: [{ firstName: 'Ana', lastName: 'Lee', phoneNumber: '4255550100', email: 'ana.lee@contoso.example' }]
        },
        consent: {
            consentToToShareInfoWithOthers: true,
            consentToContact: true,
            consentToShareReferralWithMicrosoftSellers: true
        },
        details: { notes: 'POC needed', dealValue: 120000, currency: 'USD', closingDateTime: '2025-06-30T00:00:00Z' },
        team: [{ firstName: 'Kyle', lastName: 'Todd', phoneNumber: '2065550100', email: 'kyle.todd@fabrikam.example' }],
        inviteContext: { notes: 'Need a POC', assistanceRequestCode: 'ProofOfConceptOrDemo' },
        target: [{ type: 'SolutionProfile', id: 'SOL-6115380-IPC' }],
        ...overrides
    };
}

/** A private deal: not shared with Microsoft, no help asked. */
export function privateReferralBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return coSellReferralBody({
        type: 'Independent',
        consent: {
            consentToToShareInfoWithOthers: true,
            consentToContact: true,
            consentToShareReferralWithMicrosoftSellers: false
        },
        inviteContext: { assistanceRequestCode: 'Unknown' },
        target: [],
        ...overrides
    });
}
