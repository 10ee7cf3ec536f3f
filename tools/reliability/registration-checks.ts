/**
 * The webhook registration overwritten by another tool and restored by the admin while Partner Center refuses
 * the sign-in (issue 24, item 3), on the local world: the soak's harness crashed when two stacked 401/403 faults
 * and a 503 outlasted its ten quick tries of the restore. The admin now tries again as long as it takes
 * (admin-retry.ts), and the package must say how the registration stands on the health card at every moment:
 * the reason while the restore is refused, "Ours" once restored.
 */
import { untilAccepted } from './admin-retry';
import { SoakWorld } from './soak-world';
import { WEBHOOK_EVENTS } from '../local-org/local-world';

/** The address another tool registers for the partner's webhook events (the emulator answers it). */
export const ANOTHER_TOOL = '/_emulator/another-tool';

export interface RestoreReport {
    /** What the health card showed after each refused try, in order. */
    shownWhileRefused: string[];
    /** What it showed once the restore went through. */
    shownAfter: string | null;
    /** The health card wrong about the registration (each one fails the suite). */
    problems: string[];
}

/** What the health card shows of the webhook registration (the hourly check's or the last action's finding). */
export async function registrationShown(world: SoakWorld): Promise<string | null> {
    const [state] = await world.query<{ Webhook_Check_Result__c: string | null }>(
        'SELECT Webhook_Check_Result__c FROM Co_Sell_State__c'
    );
    return state?.Webhook_Check_Result__c ?? null;
}

/** Another tool registers its own address for the partner's webhook events (Partner Center keeps one). */
export async function overwriteRegistration(world: SoakWorld): Promise<void> {
    await untilAccepted('another tool registers its webhook', () =>
        world.pc('PUT', '/webhooks/v1/registration', {
            WebhookUrl: `${world.world.emulatorUrl}${ANOTHER_TOOL}`,
            WebhookEvents: WEBHOOK_EVENTS
        })
    );
}

/**
 * The admin restores the org's webhook registration from the setup page, as long as it takes; after each
 * refusal the health card must not claim the registration is the org's while another tool's is registered, and
 * once restored it must say so.
 */
export async function restoreRegistration(world: SoakWorld): Promise<RestoreReport> {
    const report: RestoreReport = { shownWhileRefused: [], shownAfter: null, problems: [] };
    await untilAccepted(
        'the admin restores the webhook registration',
        () => world.aura('CoSellSetupController', 'registerWebhook', { overwrite: true }),
        {
            maxWaitMs: 500, // the soak's clock runs fast: its jobs' minutes are tenths of a second
            onRefused: async (answer) => {
                const shown = await registrationShown(world);
                report.shownWhileRefused.push(shown ?? '(nothing)');
                const registered = (
                    await world.control<{ webhookRegistration: { webhookUrl?: string } | null }>('GET', '/state')
                ).body.webhookRegistration?.webhookUrl;
                if (shown === 'Ours' && registered?.includes(ANOTHER_TOOL))
                    report.problems.push(
                        `the restore was refused (${answer.status}) and the health card shows the registration as the org's`
                    );
            }
        }
    );
    report.shownAfter = await registrationShown(world);
    if (report.shownAfter !== 'Ours')
        report.problems.push(`the registration was restored and the health card shows ${report.shownAfter}`);
    return report;
}

export interface RegistrationCheckReport extends RestoreReport {
    /** What the hourly check showed after the overwrite. */
    shownAfterOverwrite: string | null;
    /** The address Partner Center holds at the end. */
    registeredAtEnd: string | undefined;
}

/**
 * Another tool overwrites the registration, the hourly check shows it, then the admin restores it while
 * Partner Center refuses the registration requests: 401 (sign-in expired) to five tries, 403 (role removed) to
 * five — the reads fail — then one 503 on the PUT. Eleven refused tries, one more than the old harness made. A
 * 401 makes the org's named credential sign in again and send once more (callout-router.ts), so each of the five
 * tries meets two 401s.
 */
export async function runRegistrationChecks(world: SoakWorld): Promise<RegistrationCheckReport> {
    await world.control('DELETE', '/faults');
    await world.settle();
    await overwriteRegistration(world);
    world.apex('System.enqueueJob(new WebhookRegistrationMonitor());');
    await world.settle();
    const shownAfterOverwrite = await registrationShown(world);
    const path = '/webhooks/v1/registration';
    for (const fault of [
        { status: 401, count: 10 },
        { status: 403, count: 5 },
        { status: 503, count: 1, method: 'PUT' }
    ])
        await world.control('POST', '/faults', { kind: 'status', path, ...fault });
    const restore = await restoreRegistration(world);
    await world.control('DELETE', '/faults');
    const registeredAtEnd = (
        await world.control<{ webhookRegistration: { webhookUrl?: string } | null }>('GET', '/state')
    ).body.webhookRegistration?.webhookUrl;
    return { ...restore, shownAfterOverwrite, registeredAtEnd };
}
