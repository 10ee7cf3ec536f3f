/**
 * Hostile traffic against the package's webhook (PartnerCenterWebhook, Apex REST) on apexrt: generated requests
 * of every kind an attacker or a broken sender produces — malformed JSON, huge bodies, wrong types, unknown
 * events, forged, missing or misplaced signatures, certificate URLs on other hosts, wrong path tokens, replays —
 * plus genuine signed events. Counts what must never happen: unhandled exceptions, records written by the
 * guest request, answers other than the documented 200/400/401. Seeded and reproducible.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import {
    SObject,
    loadProject,
    LoadedProject,
    OrgDataLayer,
    RunContext,
    HttpResponseValue,
    PlatformState,
    invokeRestResource
} from '../apexrt';
import { loadTestSigningMaterial, signBody } from '../partner-center/emulator/webhooks/signing';
import { CERTIFICATE_HOST_URL } from '../local-org/callout-router';

export interface FuzzReport {
    requests: number;
    byKind: Record<string, number>;
    byStatus: Record<string, number>;
    unhandledExceptions: number;
    guestWrites: number;
    undocumentedStatuses: number;
    acceptedGenuine: number;
    acceptedForged: number;
    millis: number;
}

const TOKEN = 'fuzz0token000000000000000000000000000000';
const DOCUMENTED = new Set([200, 400, 401]);

/** A small deterministic PRNG (mulberry32), so a seed reproduces a run. */
export function seededRandom(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

interface FuzzCase {
    kind: string;
    path: string;
    headers: Record<string, string>;
    body: string;
    genuine: boolean;
}

function totalRows(data: OrgDataLayer): number {
    return data.org.schema
        .allObjects()
        .filter((o) => o.kind !== 'platformEvent')
        .reduce((n, o) => n + data.org.db.rows(o).length, 0);
}

export function runWebhookFuzz(count: number, seed = 1, project?: LoadedProject): FuzzReport {
    const began = Date.now();
    const rnd = seededRandom(seed);
    const pick = <T>(items: T[]): T => items[Math.floor(rnd() * items.length)];
    const loaded = project ?? loadProject({ root: path.resolve(__dirname, '..', '..') });
    const data = loaded.newDataLayer();
    const setup = new RunContext({ data, org: new PlatformState() });
    data.throwOnFailure(
        'insert',
        data.execute(
            'insert',
            [
                SObject.create(loaded.schema, 'Co_Sell_State__c', {
                    SetupOwnerId: data.org.setup.organizationId,
                    Webhook_Path_Secret__c: TOKEN
                })
            ],
            true,
            setup
        )
    );
    const material = loadTestSigningMaterial();
    const certificate = Buffer.from(material.certificate.raw);
    // The certificate host answers with the signing certificate; every other host is unreachable.
    const router = (request: { endpoint: string | null }): HttpResponseValue => {
        const response = new HttpResponseValue();
        response.statusCode = request.endpoint === CERTIFICATE_HOST_URL ? 200 : 404;
        response.body = request.endpoint === CERTIFICATE_HOST_URL ? certificate : Buffer.alloc(0);
        return response;
    };
    const event = (name: string, id: string): string =>
        JSON.stringify({
            EventName: name,
            ResourceUri: `https://api.partnercenter.microsoft.com/engagements/v1/referrals/${id}`,
            ResourceName: 'referral',
            AuditUri: null,
            ResourceChangeUtcDate: '2026-11-24T10:00:00.0000000+00:00'
        });
    const signed = (body: string, header = 'Authorization'): Record<string, string> => ({
        [header]: `Signature ${signBody(Buffer.from(body), material)}`,
        'X-MS-Certificate-Url': CERTIFICATE_HOST_URL,
        'X-MS-Signature-Algorithm': 'rsa-sha256'
    });
    const replay = event('referral-updated', 'replayed-referral');
    const generators: Array<() => FuzzCase> = [
        () => ({ kind: 'genuine', path: TOKEN, body: replay, headers: signed(replay), genuine: true }),
        () => {
            const body = event(pick(['referral-created', 'related-referral-updated']), `r${Math.floor(rnd() * 1e6)}`);
            return {
                kind: 'genuine x-ms-signature',
                path: TOKEN,
                body,
                headers: signed(body, 'x-ms-signature'),
                genuine: true
            };
        },
        () => ({
            kind: 'malformed JSON',
            path: TOKEN,
            body: pick(['{', '{"EventName":', 'null', '[]', '"x"', '{}}', '\u0000\u0001']),
            headers: signed('{}'),
            genuine: false
        }),
        () => ({
            kind: 'huge body',
            path: TOKEN,
            body: `{"EventName":"${'x'.repeat(70_000 + Math.floor(rnd() * 10_000))}"}`,
            headers: {},
            genuine: false
        }),
        () => {
            const body = JSON.stringify({
                EventName: pick([42, true, null, ['referral-created'], { a: 1 }]),
                ResourceUri: pick([7, null, ''])
            });
            return { kind: 'wrong types', path: TOKEN, body, headers: signed(body), genuine: false };
        },
        () => {
            const body = event(pick(['invoice-ready', 'subscription-updated', 'Referral-Created', '']), 'r1');
            return { kind: 'unknown event', path: TOKEN, body, headers: signed(body), genuine: false };
        },
        () => {
            const body = event('referral-updated', 'r2');
            const forged = createHash('sha256').update(String(rnd())).digest('base64');
            return {
                kind: 'forged signature',
                path: TOKEN,
                body,
                headers: { ...signed(body), Authorization: `Signature ${forged}` },
                genuine: false
            };
        },
        () => {
            const body = event('referral-updated', 'r3');
            return {
                kind: 'tampered body',
                path: TOKEN,
                body: body.replace('r3', 'r4'),
                headers: signed(body),
                genuine: false
            };
        },
        () => ({
            kind: 'missing signature',
            path: TOKEN,
            body: event('referral-created', 'r5'),
            headers: {},
            genuine: false
        }),
        () => {
            const body = event('referral-created', 'r6');
            return {
                kind: 'certificate on another host',
                path: TOKEN,
                body,
                headers: {
                    ...signed(body),
                    'X-MS-Certificate-Url': pick([
                        'https://evil.example/cert.cer',
                        'http://3psostorageacct.blob.core.windows.net/cert/x.cer',
                        'not a url',
                        'https://3psostorageacct.blob.core.windows.net.evil.example/c'
                    ])
                },
                genuine: false
            };
        },
        () => {
            const body = event('referral-created', 'r7');
            return {
                kind: 'wrong path token',
                path: pick(['', 'x', TOKEN.slice(1), `${TOKEN}0`, TOKEN.toUpperCase()]),
                body,
                headers: signed(body),
                genuine: false
            };
        },
        () => {
            const body = event('referral-created', pick(['../../etc', 'a b', "'; DELETE", 'x'.repeat(200)]));
            // Signed with the real key: only Partner Center could send it; the id must still be checked.
            return { kind: 'hostile referral id', path: TOKEN, body, headers: signed(body), genuine: true };
        }
    ];
    const report: FuzzReport = {
        requests: 0,
        byKind: {},
        byStatus: {},
        unhandledExceptions: 0,
        guestWrites: 0,
        undocumentedStatuses: 0,
        acceptedGenuine: 0,
        acceptedForged: 0,
        millis: 0
    };
    for (let i = 0; i < count; i++) {
        const c = pick(generators)();
        report.requests++;
        report.byKind[c.kind] = (report.byKind[c.kind] ?? 0) + 1;
        const before = totalRows(data);
        const run = new RunContext({ data, org: new PlatformState(router) });
        let status: number;
        try {
            status = invokeRestResource(loaded, run, {
                method: 'POST',
                path: `/cosell/partnercenter/webhook/${c.path}`,
                headers: c.headers,
                body: c.body
            }).statusCode;
        } catch {
            report.unhandledExceptions++;
            continue;
        }
        if (totalRows(data) !== before) report.guestWrites++;
        report.byStatus[status] = (report.byStatus[status] ?? 0) + 1;
        if (!DOCUMENTED.has(status)) report.undocumentedStatuses++;
        const accepted =
            status === 200 && (run.org as PlatformState).pendingEvents.some((e) => e.get('Direction__c') === 'Inbound');
        if (accepted && c.genuine) report.acceptedGenuine++;
        if (accepted && !c.genuine) report.acceptedForged++;
    }
    report.millis = Date.now() - began;
    return report;
}

if (require.main === module) {
    const count = Number(process.argv[2] ?? 10_000);
    const report = runWebhookFuzz(count, Number(process.argv[3] ?? 1));
    console.log(JSON.stringify(report, null, 2));
    const bad = report.unhandledExceptions + report.guestWrites + report.undocumentedStatuses + report.acceptedForged;
    process.exit(bad === 0 ? 0 : 1);
}
