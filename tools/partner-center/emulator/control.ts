// The emulator's control surface, shared by the library API (tests, local org, e2e scenarios) and the
// HTTP control routes under /_emulator (used by cli.ts and curl).

import { Clock, isManualClock } from './clock';
import type { FaultInjector } from './faults';
import type { MicrosoftSide } from './microsoft-side';
import type { ReferralService } from './referral-service';
import type { EmulatorStore, JsonObject, StoreSnapshot } from './store';
import type { TokenService } from './tokens';
import type { DeliveryRecord, WebhookDispatcher } from './webhooks/delivery';

export class EmulatorControl {
    constructor(
        readonly microsoft: MicrosoftSide,
        readonly faults: FaultInjector,
        private readonly clock: Clock,
        private readonly tokens: TokenService,
        private readonly dispatcher: WebhookDispatcher,
        private readonly store: EmulatorStore,
        private readonly referrals: ReferralService
    ) {}

    /** A valid delegated (App+User) access token, as if obtained from the token endpoint. */
    issueToken(options: { appOnly?: boolean; lifetimeSeconds?: number } = {}): string {
        return this.tokens.issue(options).accessToken;
    }

    now(): string {
        return new Date(this.clock.now()).toISOString();
    }

    /** Moves a manual clock forward, running due retries and expiries. */
    advanceClock(ms: number): void {
        if (!isManualClock(this.clock))
            throw new Error(
                'The clock can only be advanced when the emulator runs on a manual clock (seed or --manual-clock)'
            );
        this.clock.advance(ms);
    }

    deliveries(): DeliveryRecord[] {
        return this.dispatcher.deliveries();
    }

    /** Sends the webhook deliveries a hold fault kept back; returns how many. */
    releaseWebhooks(): number {
        return this.dispatcher.release();
    }

    /** Waits until no webhook attempt is in flight. */
    whenWebhooksIdle(): Promise<void> {
        return this.dispatcher.whenIdle();
    }

    snapshot(): StoreSnapshot {
        return this.store.snapshot();
    }

    /** One referral as stored, read as Microsoft's side sees it: no injected fault, no token (404 when none). */
    referral(id: string): JsonObject {
        return this.referrals.get(id).referral;
    }

    /**
     * Microsoft's seller edits a referral (in Microsoft's own tools, not with the partner's credentials): the same
     * JSON Patch, If-Match check, eTag, updatedDateTime and webhook as the API's PATCH, without its faults.
     */
    patchReferral(id: string, operations: unknown, ifMatch: string | undefined): JsonObject {
        return this.referrals.patch(id, operations, ifMatch);
    }

    reset(): void {
        this.referrals.stop();
        this.faults.clear();
        this.store.reset();
    }
}
