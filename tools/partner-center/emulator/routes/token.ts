// Stand-in for the Entra ID token endpoints (v1 `resource=` and v2 `scope=` forms) and a trivial
// authorize endpoint, so an OAuth client (e.g. a Salesforce Auth. Provider in the local org) can run
// its authorization-code flow against the emulator.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, readBody, sendJson } from '../http-io';
import { TOKEN_LIFETIME_SECONDS, TokenService } from '../tokens';

const TOKEN_PATH = /^\/[^/]+\/oauth2\/(?:v2\.0\/)?token$/;
const AUTHORIZE_PATH = /^\/[^/]+\/oauth2\/(?:v2\.0\/)?authorize$/;

export function isTokenRoute(pathname: string): boolean {
    return TOKEN_PATH.test(pathname) || AUTHORIZE_PATH.test(pathname);
}

export async function handleTokenRoute(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    tokens: TokenService
): Promise<void> {
    try {
        await handle(request, response, url, tokens);
    } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        // Entra ID answers with the OAuth 2.0 error shape, not the Partner API one.
        sendJson(response, error.status, { error: error.code, error_description: error.message });
    }
}

async function handle(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    tokens: TokenService
): Promise<void> {
    if (AUTHORIZE_PATH.test(url.pathname) && request.method === 'GET') {
        const redirect = url.searchParams.get('redirect_uri');
        if (!redirect) throw new HttpError(400, 'invalid_request', 'redirect_uri is required');
        const target = new URL(redirect);
        target.searchParams.set('code', tokens.newAuthorizationCode());
        const state = url.searchParams.get('state');
        if (state !== null) target.searchParams.set('state', state);
        response.writeHead(302, { Location: target.toString(), 'Content-Length': '0' });
        response.end();
        return;
    }
    if (!TOKEN_PATH.test(url.pathname) || request.method !== 'POST') {
        throw new HttpError(405, 'invalid_request', 'Use POST for the token endpoint');
    }
    const form = new URLSearchParams((await readBody(request)).toString('utf8'));
    const grantType = form.get('grant_type');
    const oauthError = (description: string): never => {
        throw new HttpError(400, 'invalid_grant', description);
    };
    switch (grantType) {
        case 'password':
        case 'refresh_token':
        case 'client_credentials':
            break;
        case 'authorization_code':
            if (!tokens.redeemAuthorizationCode(form.get('code') ?? ''))
                oauthError('Unknown or used authorization code');
            break;
        default:
            throw new HttpError(400, 'unsupported_grant_type', `grant_type '${grantType ?? ''}' is not supported`);
    }
    const scope = form.get('scope') ?? '';
    const audience =
        form.get('resource') ??
        (scope
            .split(' ')
            .find((s) => s.startsWith('https://'))
            ?.replace(/\/\.default$/, '') ||
            'https://api.partner.microsoft.com');
    const issued = tokens.issue({ appOnly: grantType === 'client_credentials', audience });
    const body: Record<string, unknown> = {
        token_type: 'Bearer',
        expires_in: String(TOKEN_LIFETIME_SECONDS),
        ext_expires_in: String(TOKEN_LIFETIME_SECONDS),
        resource: audience,
        access_token: issued.accessToken
    };
    if (grantType !== 'client_credentials') body.refresh_token = issued.refreshToken;
    if (scope) body.scope = scope;
    sendJson(response, 200, body, { 'Cache-Control': 'no-store' });
}
