// Bearer tokens issued by the emulator's stand-in for login.microsoftonline.com. Any credentials are
// accepted; what matters is that the client runs its real auth path and sends the token it got.

import type { Clock } from './clock';
import type { IdFactory } from './ids';

export const TOKEN_LIFETIME_SECONDS = 3600;

export interface IssuedToken {
    accessToken: string;
    refreshToken: string;
    /** App-only (client_credentials) tokens are refused by the referral routes: App+User only (§6). */
    appOnly: boolean;
    audience: string;
    expiresAt: number;
}

export type TokenCheck = { ok: true; token: IssuedToken } | { ok: false; reason: 'missing' | 'unknown' | 'expired' };

export class TokenService {
    private readonly byAccessToken = new Map<string, IssuedToken>();
    private readonly authorizationCodes = new Set<string>();

    constructor(
        private readonly clock: Clock,
        private readonly ids: IdFactory
    ) {}

    issue(options: { appOnly?: boolean; audience?: string; lifetimeSeconds?: number } = {}): IssuedToken {
        const token: IssuedToken = {
            accessToken: `pcemu.${this.ids.token()}`,
            refreshToken: `pcemu-refresh.${this.ids.token()}`,
            appOnly: options.appOnly ?? false,
            audience: options.audience ?? 'https://api.partner.microsoft.com',
            expiresAt: this.clock.now() + (options.lifetimeSeconds ?? TOKEN_LIFETIME_SECONDS) * 1000
        };
        this.byAccessToken.set(token.accessToken, token);
        return token;
    }

    newAuthorizationCode(): string {
        const code = `pcemu-code.${this.ids.token(16)}`;
        this.authorizationCodes.add(code);
        return code;
    }

    /** Authorization codes are single use. */
    redeemAuthorizationCode(code: string): boolean {
        return this.authorizationCodes.delete(code);
    }

    /** Checks an `Authorization` header value. */
    check(authorization: string | undefined): TokenCheck {
        const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
        if (!match) return { ok: false, reason: 'missing' };
        const token = this.byAccessToken.get(match[1]);
        if (!token) return { ok: false, reason: 'unknown' };
        if (token.expiresAt <= this.clock.now()) return { ok: false, reason: 'expired' };
        return { ok: true, token };
    }
}
