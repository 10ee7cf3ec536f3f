// Webhook registration API (host api.partnercenter.microsoft.com in reality, §7.1):
//   GET/POST/PUT/DELETE /webhooks/v1/registration, GET /webhooks/v1/registration/events,
//   POST /webhooks/v1/registration/validationEvents, GET /webhooks/v1/registration/validationEvents/{id}
// One registration per partner tenant: POST when one exists → 409, PUT replaces (or creates).

import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Clock } from '../clock';
import type { ContractRules } from '../contract-rules';
import { HttpError, parseJsonBody, readBody, sendEmpty, sendJson } from '../http-io';
import type { IdFactory } from '../ids';
import type { EmulatorStore, ValidationEvent, WebhookRegistration } from '../store';
import { formatTicks } from '../timestamps';
import type { WebhookDispatcher } from './delivery';

export const WEBHOOK_REGISTRATION_RESOURCE = 'WebhookRegistration';
const REGISTRATION_PATH = '/webhooks/v1/registration';
const EVENTS_PATH = '/webhooks/v1/registration/events';
const VALIDATION_PATH = '/webhooks/v1/registration/validationevents';
const VALIDATION_ITEM = /^\/webhooks\/v1\/registration\/validationevents\/([^/]+)$/i;
/** Test events are throttled to 2 per minute (§2.9). */
const VALIDATION_EVENTS_PER_MINUTE = 2;
export const TEST_EVENT = 'test-created';

export function isWebhookRoute(pathname: string): boolean {
    return pathname.toLowerCase().startsWith(REGISTRATION_PATH);
}

export interface WebhookRouteContext {
    store: EmulatorStore;
    rules: ContractRules;
    ids: IdFactory;
    clock: Clock;
    dispatcher: WebhookDispatcher;
    partnerId: string;
    /** Base of ResourceUris for test events, e.g. http://127.0.0.1:4010. */
    linkBaseUrl: string;
}

export async function handleWebhookRoute(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    context: WebhookRouteContext
): Promise<void> {
    const method = request.method ?? 'GET';
    const path = url.pathname.toLowerCase().replace(/\/$/, '');
    if (path === REGISTRATION_PATH) {
        const current = context.store.getRegistration();
        switch (method) {
            case 'GET':
                if (!current) throw notFound('No webhook registration exists'); // 404 when none: UNCONFIRMED
                return sendJson(response, 200, current);
            case 'POST':
            case 'PUT': {
                const input = readRegistration(parseJsonBody(await readBody(request), 'registration'), context.rules);
                if (method === 'POST' && current) {
                    throw new HttpError(
                        409,
                        'conflict',
                        'Registration already exists, use the PUT method',
                        {},
                        'registration'
                    );
                }
                const registration: WebhookRegistration = {
                    subscriberId: current?.subscriberId ?? context.ids.guid(),
                    ...input,
                    lastModifiedTimestamp: formatTicks(context.clock.now(), 0)
                };
                context.store.setRegistration(registration);
                return sendJson(response, 200, registration);
            }
            case 'DELETE': // not documented (UNCONFIRMED); offered for tests and demos
                if (!current) throw notFound('No webhook registration exists');
                context.store.setRegistration(null);
                return sendEmpty(response, 204);
            default:
                throw methodNotAllowed(method);
        }
    }
    if (path === EVENTS_PATH) {
        if (method !== 'GET') throw methodNotAllowed(method);
        return sendJson(response, 200, [...context.rules.supportedWebhookEvents]);
    }
    if (path === VALIDATION_PATH) {
        if (method !== 'POST') throw methodNotAllowed(method);
        return sendJson(response, 200, { correlationId: sendValidationEvent(context) });
    }
    const item = VALIDATION_ITEM.exec(url.pathname);
    if (item) {
        if (method !== 'GET') throw methodNotAllowed(method);
        const event = context.store.getValidationEvent(decodeURIComponent(item[1]));
        if (!event) throw notFound(`Validation event '${item[1]}' was not found`);
        return sendJson(response, 200, event);
    }
    throw notFound(`No webhook route ${url.pathname}`);
}

function readRegistration(
    body: unknown,
    rules: ContractRules
): Omit<WebhookRegistration, 'subscriberId' | 'lastModifiedTimestamp'> {
    if (body === null || typeof body !== 'object' || Array.isArray(body))
        throw invalid('The body must be a JSON object');
    const input = rules.normalizeKeys(WEBHOOK_REGISTRATION_RESOURCE, body) as Record<string, unknown>;
    const problems = rules.validate(WEBHOOK_REGISTRATION_RESOURCE, input, 'create');
    if (problems.length) throw invalid(problems.join('; '));
    const webhookUrl = input.webhookUrl;
    if (typeof webhookUrl !== 'string' || !/^https?:\/\//i.test(webhookUrl) || !URL.canParse(webhookUrl)) {
        throw invalid('webhookUrl must be an absolute http(s) URL');
    }
    const events = input.webhookEvents;
    if (!Array.isArray(events) || events.length === 0 || events.some((e) => typeof e !== 'string')) {
        throw invalid('webhookEvents must be a non-empty array of event names');
    }
    const supported = new Map(rules.supportedWebhookEvents.map((e) => [e.toLowerCase(), e]));
    const unknown = (events as string[]).filter((e) => !supported.has(e.toLowerCase()));
    if (unknown.length) throw invalid(`Unsupported webhook events: ${unknown.join(', ')}`);
    const flag = input.signatureTokenToMsSignatureHeader;
    if (flag !== undefined && flag !== null && typeof flag !== 'boolean')
        throw invalid('signatureTokenToMsSignatureHeader must be a boolean');
    return {
        webhookUrl,
        webhookEvents: (events as string[]).map((e) => supported.get(e.toLowerCase()) as string),
        signatureTokenToMsSignatureHeader: flag === true,
        properties: (input.properties as Record<string, string> | undefined) ?? {}
    };
}

function sendValidationEvent(context: WebhookRouteContext): string {
    const registration = context.store.getRegistration();
    if (!registration) throw notFound('No webhook registration exists');
    if (!registration.webhookEvents.some((e) => e.toLowerCase() === TEST_EVENT)) {
        throw invalid(`The registration must include '${TEST_EVENT}' to receive validation events`);
    }
    const minuteAgo = context.clock.now() - 60_000;
    const recent = context.store.allValidationEvents().filter((e) => Date.parse(e.createdAt) > minuteAgo);
    if (recent.length >= VALIDATION_EVENTS_PER_MINUTE) {
        throw new HttpError(429, 'throttled', 'Only 2 validation events per minute are allowed', {
            'Retry-After': '60'
        });
    }
    const correlationId = context.ids.guid();
    const event: ValidationEvent = {
        correlationId,
        partnerId: context.partnerId,
        status: 'queued',
        eventName: TEST_EVENT,
        callbackUrl: registration.webhookUrl,
        createdAt: new Date(context.clock.now()).toISOString(),
        results: []
    };
    context.store.putValidationEvent(event);
    context.dispatcher.publish({
        eventName: TEST_EVENT,
        resourceName: 'test',
        resourceUri: `${context.linkBaseUrl}/webhooks/v1/registration/validationEvents/${correlationId}`,
        onAttempt: (attempt, record) => {
            const stored = context.store.getValidationEvent(correlationId);
            if (!stored) return;
            stored.results.push({
                responseCode: attempt.statusCode
                    ? (STATUS_CODES[attempt.statusCode] ?? String(attempt.statusCode)).replace(/[^A-Za-z]/g, '')
                    : 'None',
                responseMessage: attempt.error ?? '',
                systemError: attempt.statusCode === undefined,
                dateTimeUtc: attempt.at
            });
            if (record.state === 'delivered') stored.status = 'completed';
            else if (record.state === 'failed') stored.status = 'failed';
            context.store.putValidationEvent(stored);
        }
    });
    return correlationId;
}

function invalid(message: string): HttpError {
    return new HttpError(400, 'invalidRequest', message, {}, 'registration');
}

function notFound(message: string): HttpError {
    return new HttpError(404, 'itemNotFound', message, {}, 'registration');
}

function methodNotAllowed(method: string): HttpError {
    return new HttpError(405, 'invalidRequest', `Method ${method} is not supported here`, {}, 'registration');
}
