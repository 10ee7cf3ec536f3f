import { LightningElement } from 'lwc';
import getHealth from '@salesforce/apex/CoSellHealthController.getHealth';
import getWebhookRegistration from '@salesforce/apex/CoSellSetupController.getWebhookRegistration';
import registerWebhook from '@salesforce/apex/CoSellSetupController.registerWebhook';
import scheduleRegistrationCheck from '@salesforce/apex/CoSellHealthController.scheduleRegistrationCheck';
import retryReferralFailure from '@salesforce/apex/CoSellHealthController.retryReferralFailure';
import TITLE from '@salesforce/label/c.CoSell_Health_Title';
import PERIOD from '@salesforce/label/c.CoSell_Health_Period';
import SYNCED from '@salesforce/label/c.CoSell_Health_Synced';
import PENDING from '@salesforce/label/c.CoSell_Health_Pending';
import FAILED from '@salesforce/label/c.CoSell_Health_Failed';
import LAST_WEBHOOK from '@salesforce/label/c.CoSell_Health_Last_Webhook';
import LAST_POLL from '@salesforce/label/c.CoSell_Health_Last_Poll';
import NEVER from '@salesforce/label/c.CoSell_Health_Never';
import CREDENTIALS from '@salesforce/label/c.CoSell_Health_Credentials';
import WEBHOOK_OURS from '@salesforce/label/c.CoSell_Health_Webhook_Ours';
import WEBHOOK_MISSING from '@salesforce/label/c.CoSell_Health_Webhook_Missing';
import WEBHOOK_OVERWRITTEN from '@salesforce/label/c.CoSell_Health_Webhook_Overwritten';
import REGISTER_AGAIN from '@salesforce/label/c.CoSell_Health_Register_Again';
import SCHEDULE_CHECK from '@salesforce/label/c.CoSell_Health_Schedule_Check';
import SCHEDULED_CHECK from '@salesforce/label/c.CoSell_Health_Scheduled_Check';
import NOT_SCHEDULED from '@salesforce/label/c.CoSell_Health_Not_Scheduled';
import POLLING_STOPPED from '@salesforce/label/c.CoSell_Health_Polling_Stopped';
import POLLING_RESTARTS from '@salesforce/label/c.CoSell_Health_Polling_Restarts';
import POLLING_NOT_SCHEDULED from '@salesforce/label/c.CoSell_Health_Polling_Not_Scheduled';
import REFERRAL_FAILURES from '@salesforce/label/c.CoSell_Health_Referral_Failures';
import REFERRAL_FAILURES_HELP from '@salesforce/label/c.CoSell_Health_Referral_Failures_Help';
import RETRY from '@salesforce/label/c.CoSell_History_Retry';
import type { ActionResult } from 'c/coSellTypes';
import { errorMessage } from 'c/coSellTypes';

interface Window {
    label: string;
    synced: number;
    pending: number;
    failed: number;
}

/** A Failed log of a referral with no opportunity: no Sync history shows it, the card does. */
interface ReferralFailure {
    id: string;
    referralId: string;
    createdDate: string;
    operation: string;
    message: string | null;
}

interface Health {
    windows: Window[];
    referralFailures?: ReferralFailure[];
    lastWebhookAt: string | null;
    lastPollAt: string | null;
    credentialStatus: number | null;
    credentialAt: string | null;
    credentialAdvice: string | null;
    webhookCheckResult: string | null;
    webhookCheckedAt: string | null;
    webhookCheckScheduled: boolean;
    /** The live poll chain is alive (a poll ran or was queued within the watchdog's staleness window). */
    pollingRunning: boolean;
    /** Running, Restarts (the watchdog starts the chain at pollingRestartsAt), Stopped, NotScheduled. */
    pollingStatus: string;
    pollingRestartsAt: string | null;
}

/** ok false: Partner Center refused to show it (401, 403, 5xx), `message` says why; nothing else is known. */
interface Registration {
    registered: boolean | null;
    webhookUrl: string | null;
    ownedByThisOrg: boolean;
    ok: boolean;
    message: string | null;
}

/**
 * Sync health in words: synced, pending and failed counts over 24 hours and 7 days, the last webhook event and
 * poll, Partner Center refusing the connection (401/403) as an alert with what to do, and the webhook
 * registration — when another tool has overwritten it, it says so and offers to register again — and the failed
 * referrals that have no opportunity (so no Sync history), each with its referral id and a retry.
 */
export default class CoSellHealth extends LightningElement {
    label = {
        TITLE,
        PERIOD,
        SYNCED,
        PENDING,
        FAILED,
        LAST_WEBHOOK,
        LAST_POLL,
        CREDENTIALS,
        REGISTER_AGAIN,
        SCHEDULE_CHECK,
        SCHEDULED_CHECK,
        NOT_SCHEDULED,
        REFERRAL_FAILURES,
        REFERRAL_FAILURES_HELP,
        RETRY
    };
    health?: Health;
    registration?: Registration;
    message?: string;
    messageOk = true;
    busy = false;

    connectedCallback(): void {
        this.refresh().catch(() => undefined); // refresh reports its own errors
    }

    get windows(): Window[] {
        return this.health?.windows ?? [];
    }

    get referralFailures(): ReferralFailure[] {
        return this.health?.referralFailures ?? [];
    }

    get hasReferralFailures(): boolean {
        return this.referralFailures.length > 0;
    }

    get lastWebhook(): string {
        return this.health?.lastWebhookAt ?? NEVER;
    }

    get lastPoll(): string {
        return this.health?.lastPollAt ?? NEVER;
    }

    get hasCredentialProblem(): boolean {
        return !!this.health?.credentialStatus;
    }

    get credentialStatusText(): string {
        return `HTTP ${this.health?.credentialStatus ?? ''}`;
    }

    get overwritten(): boolean {
        return this.registration?.registered === true && !this.registration.ownedByThisOrg;
    }

    get webhookText(): string {
        if (!this.registration) return '';
        if (!this.registration.registered) return WEBHOOK_MISSING;
        return this.registration.ownedByThisOrg ? WEBHOOK_OURS : WEBHOOK_OVERWRITTEN;
    }

    get webhookIcon(): string {
        if (this.registration?.registered && this.registration.ownedByThisOrg) return 'utility:success';
        return this.overwritten ? 'utility:error' : 'utility:warning';
    }

    get webhookVariant(): string {
        if (this.registration?.registered && this.registration.ownedByThisOrg) return 'success';
        return this.overwritten ? 'error' : 'warning';
    }

    /** The scheduled check's finding in words (the stored result is Ours, Missing, Overwritten: … or Error: …). */
    get scheduledCheckText(): string {
        const result = this.health?.webhookCheckResult ?? '';
        if (result === 'Ours') return WEBHOOK_OURS;
        if (result === 'Missing') return WEBHOOK_MISSING;
        if (result.startsWith('Overwritten')) return `${WEBHOOK_OVERWRITTEN} (${result.substring(13)})`;
        return result;
    }

    get scheduledCheckIcon(): string {
        const result = this.health?.webhookCheckResult ?? '';
        if (result === 'Ours') return 'utility:success';
        return result.startsWith('Overwritten') || result.startsWith('Error') ? 'utility:error' : 'utility:warning';
    }

    get hasScheduledResult(): boolean {
        return !!this.health?.webhookCheckResult;
    }

    /** Why referrals whose webhook was lost are not polled now, and what starts polling again ('' while it runs). */
    get pollingNotice(): string {
        if (!this.health || this.health.pollingRunning) return '';
        if (this.health.pollingStatus === 'Restarts') return POLLING_RESTARTS;
        if (this.health.pollingStatus === 'NotScheduled') return POLLING_NOT_SCHEDULED;
        return POLLING_STOPPED;
    }

    /** The watchdog restarts the chain by itself: a warning; nothing in the org restarts it: an error. */
    get pollingRestarts(): boolean {
        return this.health?.pollingStatus === 'Restarts';
    }

    get pollingClass(): string {
        return this.pollingRestarts ? 'polling-stopped slds-text-color_weak' : 'polling-stopped slds-text-color_error';
    }

    get pollingIcon(): string {
        return this.pollingRestarts ? 'utility:warning' : 'utility:error';
    }

    get pollingVariant(): string {
        return this.pollingRestarts ? 'warning' : 'error';
    }

    get notScheduled(): boolean {
        return this.health?.webhookCheckScheduled === false;
    }

    get messageClass(): string {
        return this.messageOk ? 'slds-text-color_success' : 'slds-text-color_error';
    }

    private async refresh(): Promise<void> {
        try {
            this.health = (await getHealth()) as Health;
            const registration = (await getWebhookRegistration()) as Registration;
            // A refused read is neither "Missing" nor "Ours": the card shows the reason instead.
            this.registration = registration.ok === false ? undefined : registration;
            if (registration.ok === false) {
                this.messageOk = false;
                this.message = registration.message ?? '';
            }
        } catch (e) {
            this.messageOk = false;
            this.message = errorMessage(e);
        }
    }

    async handleScheduleCheck(): Promise<void> {
        await this.act(() => scheduleRegistrationCheck());
    }

    /** Retries one failed referral (the Sync history's retry: the referral is read again), then refreshes. */
    async handleRetryReferral(event: Event): Promise<void> {
        const syncLogId = (event.currentTarget as HTMLElement).dataset.id;
        await this.act(() => retryReferralFailure({ syncLogId }));
    }

    async handleRegisterAgain(): Promise<void> {
        await this.act(() => registerWebhook({ overwrite: true }));
    }

    /** Runs an admin action, shows its message (or its error) and refreshes the card; the buttons wait meanwhile. */
    private async act(action: () => Promise<unknown>): Promise<void> {
        this.busy = true;
        try {
            const result = (await action()) as ActionResult;
            this.messageOk = result.ok;
            this.message = result.message;
            await this.refresh();
        } catch (e) {
            this.messageOk = false;
            this.message = errorMessage(e);
        } finally {
            this.busy = false;
        }
    }
}
