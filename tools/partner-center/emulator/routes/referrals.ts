// HTTP surface of the Referrals API: /v1.0/engagements/referrals[/{id}] (and the webhook ResourceUri
// form /engagements/v1/referrals/{id} for GET, so a client may GET a ResourceUri verbatim).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { header, HttpError, parseJsonBody, readBody, sendEmpty, sendJson } from '../http-io';
import { applySelect, encodeSkipToken, parseCollectionQuery, QueryOptionError } from '../odata/query-options';
import { ReferralService } from '../referral-service';
import type { JsonObject } from '../store';

export const REFERRALS_COLLECTION_PATH = '/v1.0/engagements/referrals';
const ITEM_PATH = /^\/v1\.0\/engagements\/referrals\/([^/]+)$/i;
const RESOURCE_URI_PATH = /^\/engagements\/v1\/referrals\/([^/]+)$/i;

export function isReferralsRoute(pathname: string): boolean {
    return (
        pathname.toLowerCase() === REFERRALS_COLLECTION_PATH ||
        ITEM_PATH.test(pathname) ||
        RESOURCE_URI_PATH.test(pathname)
    );
}

export interface ReferralRouteContext {
    service: ReferralService;
    /** Base used in links and nextLink, e.g. http://127.0.0.1:4010 (or https://api.partner.microsoft.com). */
    linkBaseUrl: string;
}

export async function handleReferralsRoute(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    context: ReferralRouteContext
): Promise<void> {
    const method = request.method ?? 'GET';
    const { service } = context;
    if (url.pathname.toLowerCase() === REFERRALS_COLLECTION_PATH) {
        if (method === 'GET') return listReferrals(response, url, context);
        if (method === 'POST') {
            const created = service.createFromPartner(parseJsonBody(await readBody(request), 'referral'));
            // 200 vs 201 is UNCONFIRMED (§2.1); 201 "Resource created" chosen, clients accept any 2xx.
            return sendJson(response, 201, entity(created, context), entityHeaders(created));
        }
        throw methodNotAllowed(method);
    }
    const id = decodeURIComponent(
        (ITEM_PATH.exec(url.pathname) ?? RESOURCE_URI_PATH.exec(url.pathname) ?? [])[1] ?? ''
    );
    if (method === 'GET') {
        const referral = service.get(id).referral;
        return sendJson(response, 200, entity(referral, context), entityHeaders(referral));
    }
    if (RESOURCE_URI_PATH.test(url.pathname)) throw methodNotAllowed(method);
    if (method === 'PATCH') {
        const updated = service.patch(
            id,
            parseJsonBody(await readBody(request), 'referral'),
            header(request, 'if-match')
        );
        const wantsRepresentation = /return\s*=\s*representation/i.test(header(request, 'prefer') ?? '');
        if (wantsRepresentation) return sendJson(response, 200, entity(updated, context), entityHeaders(updated));
        return sendEmpty(response, 204, entityHeaders(updated));
    }
    if (method === 'PUT') {
        const updated = service.replace(
            id,
            parseJsonBody(await readBody(request), 'referral'),
            header(request, 'if-match')
        );
        return sendJson(response, 200, entity(updated, context), entityHeaders(updated));
    }
    throw methodNotAllowed(method);
}

function listReferrals(response: ServerResponse, url: URL, context: ReferralRouteContext): void {
    let query;
    try {
        query = parseCollectionQuery(url.searchParams);
    } catch (error) {
        if (error instanceof QueryOptionError)
            throw new HttpError(400, 'invalidRequest', error.message, {}, 'referral');
        throw error;
    }
    const filterText = [...url.searchParams].find(([k]) => k.toLowerCase().replace(/^\$/, '') === 'filter')?.[1];
    const page = context.service.list(query, filterText);
    const body: Record<string, unknown> = {
        '@odata.context': `${context.linkBaseUrl}/v1.0/$metadata#Referrals`,
        '@odata.count': page.total,
        value: page.items.map((r) => applySelect(withLinks(r, context), query.select))
    };
    if (page.nextOffset !== undefined) {
        // Built by hand so that option names keep their `$` (URLSearchParams would write %24).
        const options = [...url.searchParams]
            .filter(([key]) => key.toLowerCase() !== '$skiptoken')
            .map(([key, value]) => `${key}=${encodeURIComponent(value)}`);
        options.push(`$skiptoken=${encodeSkipToken(page.nextOffset)}`);
        body['@odata.nextLink'] = `${context.linkBaseUrl}${REFERRALS_COLLECTION_PATH}?${options.join('&')}`;
    }
    sendJson(response, 200, body);
}

function entity(referral: JsonObject, context: ReferralRouteContext): JsonObject {
    return {
        '@odata.context': `${context.linkBaseUrl}/v1.0/engagements/referrals/$metadata#Referrals/$entity`,
        ...withLinks(referral, context)
    };
}

/** Links are computed on output so that they follow the emulator's current address. */
export function withLinks(referral: JsonObject, context: ReferralRouteContext): JsonObject {
    const base = `${context.linkBaseUrl}${REFERRALS_COLLECTION_PATH}`;
    return {
        ...referral,
        links: {
            relatedReferrals: {
                uri: `${base}?$filter=engagementId eq ${String(referral.engagementId)}`,
                method: 'GET'
            },
            self: { uri: `${base}/${String(referral.id)}`, method: 'GET' }
        }
    };
}

// Whether the service sends an HTTP ETag header is UNCONFIRMED; sending it is harmless.
function entityHeaders(referral: JsonObject): Record<string, string> {
    return { ETag: String(referral.eTag) };
}

function methodNotAllowed(method: string): HttpError {
    return new HttpError(405, 'invalidRequest', `Method ${method} is not supported here`, {}, 'referral');
}
