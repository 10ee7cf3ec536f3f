/**
 * The package in an org whose sharing is private: Opportunity, Account and the package's own objects with the
 * org-wide default Private (a subscriber may choose it; tools/apexrt/platform/record-visibility.ts models what
 * with-sharing code then sees and may write). The suite runs in a new org's defaults; this runs every Apex test
 * class that acts as another user (System.runAs) again in the private shape, so both are proven.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadProject, platformTestHooks, runTests } from '../tools/apexrt';

const root = path.resolve(__dirname, '..');

/** The test classes that run code as another user. */
function runAsClasses(dir: string): string[] {
    const found: string[] = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) found.push(...runAsClasses(full));
        else if (entry.name.endsWith('.cls') && /System\.runAs\s*\(/.test(fs.readFileSync(full, 'utf8')))
            found.push(entry.name.replace(/\.cls$/, ''));
    }
    return found;
}

describe('the package in an org with private sharing', () => {
    it('passes the tests that run as a seller there too', () => {
        const project = loadProject({
            root,
            orgShape: {
                sharing: {
                    orgWideDefaults: {
                        Opportunity: 'Private',
                        Account: 'Private',
                        Opportunity_Solution__c: 'Private',
                        Referral_Contact__c: 'Private',
                        Sync_Log__c: 'Private'
                    }
                }
            }
        });
        // The share object of a custom object exists only when its default is Private or Public Read Only.
        expect(project.schema.getObject('Sync_Log__Share')).toBeDefined();
        const classes = runAsClasses(path.join(root, 'force-app'));
        expect(classes.length).toBeGreaterThanOrEqual(5);
        const result = runTests(project, {
            dataLayer: () => project.newDataLayer(),
            testHooks: platformTestHooks,
            classes
        });
        const failed = result.tests
            .filter((t) => t.outcome !== 'Pass')
            .map((t) => `${t.className}.${t.methodName}: ${t.message}`);
        expect(failed).toEqual([]);
        expect(result.tests.length).toBeGreaterThan(20);
    }, 120_000);
});
