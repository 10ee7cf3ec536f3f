import { configureIntegrationUser, INTEGRATION_USERNAME } from './integration-user';
import { LocalOrg } from './local-org';

/** The package on the local org: the sync's trigger runs as the integration user once it is configured. */
describe('the integration user of the local org', () => {
    let org: LocalOrg;
    beforeEach(() => {
        org = new LocalOrg();
    });
    afterEach(() => org.scheduler.stop());

    const rejectedWebhook =
        "EventBus.publish(new Referral_Sync__e(Direction__c = 'Webhook', Event_Name__c = 'webhook-rejected', Referral_Id__c = 'check'));";
    const logOwner = (): string | undefined => {
        const rows = org.data.org.db.rows(org.project.schema.getObject('Sync_Log__c')!);
        return rows[rows.length - 1]?.ownerid as string | undefined;
    };

    it('without configuration the event trigger writes as the Automated Process user', async () => {
        expect(org.executeAnonymous(rejectedWebhook).success).toBe(true);
        await org.async.idle();
        expect(logOwner()).toBe(org.data.org.setup.automatedProcessUserId);
    });

    it('configured, the event trigger runs as the integration user holding CoSell_Integration', async () => {
        const userId = configureIntegrationUser(org);
        const db = org.data.org.db;
        expect(db.getRow(userId)?.row).toMatchObject({
            username: INTEGRATION_USERNAME,
            profileid: org.data.org.setup.minimumAccessProfileId
        });
        const sets = new Map(db.rows(org.project.schema.getObject('PermissionSet')!).map((r) => [r.id, r.name]));
        const assigned = db
            .rows(org.project.schema.getObject('PermissionSetAssignment')!)
            .filter((a) => a.assigneeid === userId)
            .map((a) => sets.get(a.permissionsetid));
        expect(assigned).toEqual(['CoSell_Integration']);
        expect(org.executeAnonymous(rejectedWebhook).success).toBe(true);
        await org.async.idle();
        expect(logOwner()).toBe(userId);
    });
});
