import { LightningElement } from 'lwc';
import LightningConfirm from 'lightning/confirm';
import testConnection from '@salesforce/apex/CoSellSetupController.testConnection';
import getWebhookRegistration from '@salesforce/apex/CoSellSetupController.getWebhookRegistration';
import registerWebhook from '@salesforce/apex/CoSellSetupController.registerWebhook';
import sendTestEvent from '@salesforce/apex/CoSellSetupController.sendTestEvent';
import checkSettings from '@salesforce/apex/CoSellSetupController.checkSettings';
import getHealth from '@salesforce/apex/CoSellSetupController.getHealth';
import runReconciliation from '@salesforce/apex/CoSellSetupController.runReconciliation';
import schedulePolling from '@salesforce/apex/CoSellSetupController.schedulePolling';
import runIntegrationCheck from '@salesforce/apex/CoSellSetupController.runIntegrationCheck';
import getIntegrationCheck from '@salesforce/apex/CoSellSetupController.getIntegrationCheck';
import TITLE from '@salesforce/label/c.CoSell_Setup_Title';
import TEST_CONNECTION from '@salesforce/label/c.CoSell_Setup_Test_Connection';
import WEBHOOK from '@salesforce/label/c.CoSell_Setup_Webhook';
import REGISTER from '@salesforce/label/c.CoSell_Setup_Register';
import OVERWRITE_CONFIRM from '@salesforce/label/c.CoSell_Setup_Overwrite_Confirm';
import TEST_EVENT from '@salesforce/label/c.CoSell_Setup_Test_Event';
import CHECK_SETTINGS from '@salesforce/label/c.CoSell_Setup_Check_Settings';
import HEALTH from '@salesforce/label/c.CoSell_Setup_Health';
import SCHEDULED_AS from '@salesforce/label/c.CoSell_Setup_Scheduled_As';
import RECONCILE from '@salesforce/label/c.CoSell_Setup_Reconcile';
import NOT_REGISTERED from '@salesforce/label/c.CoSell_Setup_Not_Registered';
import SCHEDULE_POLLING from '@salesforce/label/c.CoSell_Setup_Schedule_Polling';
import INTEGRATION from '@salesforce/label/c.CoSell_Setup_Integration';
import INTEGRATION_CHECK from '@salesforce/label/c.CoSell_Setup_Integration_Check';
import INTEGRATION_LAST from '@salesforce/label/c.CoSell_Setup_Integration_Last';
import INTEGRATION_NONE from '@salesforce/label/c.CoSell_Setup_Integration_None';
import type { ActionResult } from 'c/coSellTypes';
import { errorMessage } from 'c/coSellTypes';

/** ok false: Partner Center refused to show it (401, 403, 5xx), `message` says why; nothing else is known. */
interface Registration {
    registered: boolean | null;
    webhookUrl: string | null;
    events: string[];
    ownedByThisOrg: boolean;
    ok: boolean;
    message: string | null;
}

interface SettingCheck {
    setting: string;
    value: string;
    ok: boolean;
    message: string;
}

/** The last integration check: who the sync ran as and what the callout returned, verbatim. */
interface IntegrationCheck {
    checkedAt: string;
    ok: boolean;
    message: string;
}

interface Health {
    syncsLast24h: number;
    failuresLast24h: number;
    lastPollAt: string | null;
    pendingEvents: number;
    /** Scheduled Apex runs as the user who scheduled it: the poller stops if that user loses access. */
    pollingScheduledBy: string | null;
}

/** The admin's one setup page: connection, webhook registration, settings check, health, reconciliation. */
export default class CoSellSetup extends LightningElement {
    label = {
        TITLE,
        TEST_CONNECTION,
        WEBHOOK,
        REGISTER,
        TEST_EVENT,
        CHECK_SETTINGS,
        HEALTH,
        SCHEDULED_AS,
        RECONCILE,
        NOT_REGISTERED,
        SCHEDULE_POLLING,
        INTEGRATION,
        INTEGRATION_CHECK,
        INTEGRATION_LAST,
        INTEGRATION_NONE
    };
    registration?: Registration;
    settings: Array<SettingCheck & { icon: string }> = [];
    health?: Health;
    integrationCheck?: IntegrationCheck | null;
    message?: string;
    messageOk = true;
    busy = false;

    connectedCallback(): void {
        this.refresh().catch(() => undefined); // refresh reports its own errors
    }

    get messageClass(): string {
        return this.messageOk ? 'slds-text-color_success' : 'slds-text-color_error';
    }

    get integrationCheckClass(): string {
        return this.integrationCheck?.ok
            ? 'integration-result slds-text-color_success'
            : 'integration-result slds-text-color_error';
    }

    get eventsText(): string {
        return this.registration?.events.join(', ') ?? '';
    }

    private async refresh(): Promise<void> {
        try {
            const registration = (await getWebhookRegistration()) as Registration;
            // A refused read is not "not registered": the page shows the reason instead of the registration.
            this.registration = registration.ok === false ? undefined : registration;
            if (registration.ok === false) this.show({ ok: false, message: registration.message ?? '' });
            this.health = (await getHealth()) as Health;
            this.integrationCheck = (await getIntegrationCheck()) as IntegrationCheck | null;
        } catch (e) {
            this.show({ ok: false, message: errorMessage(e) });
        }
    }

    handleTestConnection(): Promise<void> {
        return this.act(() => testConnection());
    }

    async handleRegister(): Promise<void> {
        const overwrite = this.registration?.registered === true && !this.registration.ownedByThisOrg;
        if (
            overwrite &&
            !(await LightningConfirm.open({ message: OVERWRITE_CONFIRM, label: REGISTER, variant: 'header' }))
        )
            return;
        await this.act(() => registerWebhook({ overwrite }));
        await this.refresh();
    }

    handleTestEvent(): Promise<void> {
        return this.act(() => sendTestEvent());
    }

    /** Runs the check as the sync runs (asynchronously); "Show last check" reads its result. */
    handleIntegrationCheck(): Promise<void> {
        return this.act(() => runIntegrationCheck());
    }

    async handleShowIntegrationCheck(): Promise<void> {
        try {
            this.integrationCheck = (await getIntegrationCheck()) as IntegrationCheck | null;
        } catch (e) {
            this.show({ ok: false, message: errorMessage(e) });
        }
    }

    handleSchedulePolling(): Promise<void> {
        return this.act(() => schedulePolling());
    }

    handleReconcile(): Promise<void> {
        return this.act(() => runReconciliation());
    }

    async handleCheckSettings(): Promise<void> {
        try {
            const checks = (await checkSettings()) as SettingCheck[];
            this.settings = checks.map((c) => ({ ...c, icon: c.ok ? 'utility:success' : 'utility:error' }));
        } catch (e) {
            this.show({ ok: false, message: errorMessage(e) });
        }
    }

    private async act(action: () => Promise<unknown>): Promise<void> {
        this.busy = true;
        try {
            this.show((await action()) as ActionResult);
        } catch (e) {
            this.show({ ok: false, message: errorMessage(e) });
        } finally {
            this.busy = false;
        }
    }

    private show(result: ActionResult): void {
        this.message = result.message;
        this.messageOk = result.ok;
    }
}
