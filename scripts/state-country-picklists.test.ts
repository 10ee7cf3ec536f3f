/**
 * The package in the other org shape: State and Country/Territory Picklists enabled (Account.BillingCountryCode /
 * BillingStateCode; apexrt's tools/apexrt/data/schema/state-country-picklists.ts). The package's suite runs in the
 * default shape; this runs the Apex tests that cover the customer's address again in an org with the picklists, so
 * both shapes are proven (StateCountryPicklistsTest asserts per shape; the outbound and inbound suites must hold
 * in both).
 */
import * as path from 'node:path';
import { loadProject, platformTestHooks, runTests } from '../tools/apexrt';

const root = path.resolve(__dirname, '..');

describe('the package in an org with State and Country/Territory Picklists', () => {
    it('passes the address tests there too', () => {
        const project = loadProject({ root, stateAndCountryPicklists: true });
        expect(project.schema.getObject('Account')?.fields.has('billingcountrycode')).toBe(true);
        const result = runTests(project, {
            dataLayer: () => project.newDataLayer(),
            testHooks: platformTestHooks,
            classes: ['StateCountryPicklistsTest', 'OutboundSyncTest']
        });
        const failed = result.tests
            .filter((t) => t.outcome !== 'Pass')
            .map((t) => `${t.className}.${t.methodName}: ${t.message}`);
        expect(failed).toEqual([]);
        expect(result.tests.filter((t) => t.className === 'StateCountryPicklistsTest')).toHaveLength(5);
    }, 120_000);
});
