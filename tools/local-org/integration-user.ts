/**
 * What an admin sets up after installing the package (docs/admin-guide.md), done on the local org: an integration
 * user (Minimum Access - Salesforce profile) holding the packaged CoSell_Integration permission set (principal
 * access to both external credentials), and the platform event trigger configuration that makes the sync's event
 * trigger — and the jobs it queues — run as that user with batches of 200 instead of as the Automated Process user.
 */
import { SObject } from '../apexrt/data';
import { setSubscriberConfig } from '../apexrt/data-bridge/org-config';
import type { LocalOrg } from './local-org';

export const INTEGRATION_USERNAME = 'cosell.integration@local.org';
export const SYNC_TRIGGER = 'ReferralSyncTrigger';
export const SYNC_TRIGGER_BATCH_SIZE = 200;

/** Assigns a packaged permission set to a user, in one transaction. */
export function assignPermissionSet(org: LocalOrg, userId: string, permissionSet: string): void {
    org.transaction((run) => {
        const schema = org.project.schema;
        const set = org.data.org.db.rows(schema.getObject('PermissionSet')!).find((r) => r.name === permissionSet);
        if (!set) throw new Error(`permission set ${permissionSet} is missing`);
        const assignment = SObject.create(schema, 'PermissionSetAssignment', {
            AssigneeId: userId,
            PermissionSetId: set.id
        });
        org.data.throwOnFailure('insert', org.data.execute('insert', [assignment], true, run));
    });
}

/** Creates the integration user, gives it CoSell_Integration and configures the sync trigger to run as it. */
export function configureIntegrationUser(org: LocalOrg): string {
    const db = org.data.org.db;
    const setup = org.data.org.setup;
    let userId = '';
    org.transaction((run) => {
        const user = SObject.create(org.project.schema, 'User', {
            LastName: 'Co-Sell Integration',
            Username: INTEGRATION_USERNAME,
            Email: INTEGRATION_USERNAME,
            Alias: 'cosellin',
            ProfileId: setup.minimumAccessProfileId,
            TimeZoneSidKey: 'GMT',
            LocaleSidKey: 'en_US',
            LanguageLocaleKey: 'en_US',
            EmailEncodingKey: 'UTF-8'
        });
        const outcome = org.data.execute('insert', [user], true, run);
        org.data.throwOnFailure('insert', outcome);
        userId = user.id!;
    });
    if (!db.getRow(userId)) throw new Error('the integration user was not created');
    assignPermissionSet(org, userId, 'CoSell_Integration');
    setSubscriberConfig(org.data.org, {
        trigger: SYNC_TRIGGER,
        username: INTEGRATION_USERNAME,
        batchSize: SYNC_TRIGGER_BATCH_SIZE
    });
    return userId;
}
