// HTTP control API under /_emulator (no token, no faults; loopback only like the rest of the emulator):
//   GET  /_emulator/state                      snapshot of referrals, registration, validation events
//   POST /_emulator/reset                      empty state, no faults
//   GET  /_emulator/clock                      current emulator time
//   POST /_emulator/clock/advance              {"ms":…} | {"seconds":…} | {"minutes":…} | {"hours":…} | {"days":…} (manual clock)
//   POST /_emulator/tokens                     {"appOnly":false} → {"access_token":…}
//   POST /_emulator/microsoft/referrals        InboundReferralInput → the partner's new inbound referral
//   POST /_emulator/microsoft/referrals/{id}/join     {"msxId","sellers":[…]} (id = partner referral)
//   POST /_emulator/microsoft/referrals/{id}/decline  {"reason"}
//   GET|POST|DELETE /_emulator/faults[/{id}]   fault rules (see faults.ts)
//   GET  /_emulator/webhooks/deliveries        delivery log; POST /_emulator/webhooks/idle waits for in-flight attempts
//   POST /_emulator/webhooks/release           sends the deliveries a webhook-hold fault kept back → {"released":n}
//   GET  /_emulator/certificates/pcnotifications-dispatch.cer|.pem   the TEST signing certificate
//   GET  /_emulator/certificates/pcnotifications-dispatch-rotated.cer  the rotated TEST signing certificate
//   POST /_emulator/certificates/rotate       {"certificateUrl"?} sign with the rotated pair and send that URL;
//                                              again: back to the original (→ {"certificateUrl"} in force)

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorControl } from '../control';
import type { FaultRuleInput } from '../faults';
import { header, HttpError, parseJsonBody, readBody, sendEmpty, sendJson } from '../http-io';
import type { InboundReferralInput, JoinInput } from '../microsoft-side';
import {
    CERTIFICATE_PATH_DER,
    CERTIFICATE_PATH_PEM,
    ROTATED_CERTIFICATE_PATH_DER,
    SigningState
} from '../webhooks/signing';

export const CONTROL_PREFIX = '/_emulator';

const UNIT_MS: Record<string, number> = { ms: 1, seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

export async function handleControlRoute(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    control: EmulatorControl,
    signing: SigningState
): Promise<void> {
    const method = request.method ?? 'GET';
    const path = url.pathname.replace(/\/$/, '');
    const body = async (): Promise<Record<string, unknown>> => {
        const raw = (await readBody(request)).toString('utf8').trim();
        if (!raw) return {};
        try {
            const parsed = JSON.parse(raw) as unknown;
            if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
                return parsed as Record<string, unknown>;
        } catch {
            // reported below
        }
        throw new HttpError(400, 'invalidRequest', 'Control requests take a JSON object body');
    };
    const route = `${method} ${path}`;

    if (route === `GET ${CERTIFICATE_PATH_DER}` || route === `GET ${ROTATED_CERTIFICATE_PATH_DER}`) {
        const der = (path === ROTATED_CERTIFICATE_PATH_DER ? signing.rotated : signing.original).certificate.raw;
        response.writeHead(200, { 'Content-Type': 'application/pkix-cert', 'Content-Length': String(der.length) });
        return void response.end(der);
    }
    if (route === `GET ${CERTIFICATE_PATH_PEM}`) {
        response.writeHead(200, { 'Content-Type': 'application/x-pem-file' });
        return void response.end(signing.original.certificatePem);
    }
    if (route === `POST ${CONTROL_PREFIX}/certificates/rotate`) {
        const input = await body();
        const url =
            typeof input.certificateUrl === 'string'
                ? input.certificateUrl
                : `http://${request.headers.host ?? '127.0.0.1'}${ROTATED_CERTIFICATE_PATH_DER}`;
        return sendJson(response, 200, { certificateUrl: signing.rotate(url) });
    }
    if (route === `GET ${CONTROL_PREFIX}/state`) return sendJson(response, 200, control.snapshot());
    if (route === `POST ${CONTROL_PREFIX}/reset`) {
        control.reset();
        return sendEmpty(response, 204);
    }
    if (route === `GET ${CONTROL_PREFIX}/clock`) return sendJson(response, 200, { now: control.now() });
    if (route === `POST ${CONTROL_PREFIX}/clock/advance`) {
        const input = await body();
        const ms = Object.entries(UNIT_MS).reduce((sum, [unit, factor]) => sum + Number(input[unit] ?? 0) * factor, 0);
        if (!Number.isFinite(ms) || ms < 0)
            throw new HttpError(400, 'invalidRequest', 'Give a non-negative ms/seconds/minutes/hours/days');
        try {
            control.advanceClock(ms);
        } catch (error) {
            throw new HttpError(409, 'invalidRequest', (error as Error).message);
        }
        return sendJson(response, 200, { now: control.now() });
    }
    if (route === `POST ${CONTROL_PREFIX}/tokens`) {
        const input = await body();
        return sendJson(response, 200, {
            token_type: 'Bearer',
            access_token: control.issueToken({ appOnly: input.appOnly === true })
        });
    }
    const stored = /^\/_emulator\/referrals\/([^/]+)$/.exec(path);
    if (stored && method === 'GET') return sendJson(response, 200, control.referral(decodeURIComponent(stored[1])));
    if (stored && method === 'PATCH') {
        const operations = parseJsonBody(await readBody(request), 'referral');
        const patched = control.patchReferral(decodeURIComponent(stored[1]), operations, header(request, 'if-match'));
        return sendJson(response, 200, patched);
    }
    if (route === `POST ${CONTROL_PREFIX}/microsoft/referrals`) {
        return sendJson(response, 201, control.microsoft.sendReferral((await body()) as InboundReferralInput));
    }
    const action = /^\/_emulator\/microsoft\/referrals\/([^/]+)\/(join|decline)$/.exec(path);
    if (action && method === 'POST') {
        const input = await body();
        const id = decodeURIComponent(action[1]);
        const result =
            action[2] === 'join'
                ? control.microsoft.join(id, input as JoinInput)
                : control.microsoft.decline(id, typeof input.reason === 'string' ? input.reason : undefined);
        return sendJson(response, 200, result);
    }
    if (path === `${CONTROL_PREFIX}/faults`) {
        if (method === 'GET') return sendJson(response, 200, control.faults.list());
        if (method === 'DELETE') {
            control.faults.clear();
            return sendEmpty(response, 204);
        }
        if (method === 'POST') {
            try {
                return sendJson(response, 201, control.faults.add((await body()) as unknown as FaultRuleInput));
            } catch (error) {
                if (error instanceof HttpError) throw error;
                throw new HttpError(400, 'invalidRequest', (error as Error).message);
            }
        }
    }
    const fault = /^\/_emulator\/faults\/([^/]+)$/.exec(path);
    if (fault && method === 'DELETE') {
        if (!control.faults.remove(decodeURIComponent(fault[1])))
            throw new HttpError(404, 'itemNotFound', 'No such fault rule');
        return sendEmpty(response, 204);
    }
    if (route === `GET ${CONTROL_PREFIX}/webhooks/deliveries`) return sendJson(response, 200, control.deliveries());
    if (route === `POST ${CONTROL_PREFIX}/webhooks/release`)
        return sendJson(response, 200, { released: control.releaseWebhooks() });
    if (route === `POST ${CONTROL_PREFIX}/webhooks/idle`) {
        await control.whenWebhooksIdle();
        return sendEmpty(response, 204);
    }
    throw new HttpError(404, 'itemNotFound', `No control route ${method} ${url.pathname}`);
}
