/**
 * Browser test of the admin console on the workbench's Co-Sell Setup page (Playwright in Debian's Chromium):
 *   the org's admin creates a field of their own, Opportunity.Pilot_Notes__c (not in the package; Tooling API) →
 *   Microsoft sends a referral (it lands on hold) → the seller writes pilot notes on the opportunity → the admin
 *   adds a field mapping Opportunity.Pilot_Notes__c ↔ /details/notes with "Only when blank" → previews the
 *   opportunity and sees the JSON Patch operation that would carry the notes (nothing sent) → previews a second
 *   referral (its webhook lost) by its id and sees the deal the sync would create (nothing written) → saves the
 *   mapping (a metadata deployment, whose callback the card waits for) → the seller accepts the referral by moving
 *   the stage, and the sync that follows carries the pilot notes as the referral's notes in Partner Center (the
 *   emulator's state).
 * The export then carries the saved mapping. Screenshots of the console's cards go to test-results/ (with
 * --docs-screenshot also docs/images/, used by docs/admin-guide.md).
 * Usage: tsx scripts/browser/admin-console.browser.ts [--chromium /usr/bin/chromium] [--headed] [--docs-screenshot]
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Locator, type Page } from 'playwright-core';
import { fetchOrgToken } from '../../tools/local-org/server';
import { start } from '../start';
import { CHROMIUM } from './workbench.browser';

const root = path.resolve(__dirname, '..', '..');
const RESULTS = path.join(root, 'test-results');
const DOCS_IMAGES = path.join(root, 'docs/images');
const REFERRAL = 'Fabrikam Foods – data platform modernisation';
const NOTES = 'Pilot in the Prague plant in May';
/** The subscriber's own field (created by the test, not part of the package). */
const FIELD = 'Pilot_Notes__c';
const FIELD_LABEL = 'Pilot notes';
/** A second referral, whose webhook is lost: the admin previews it before any sync has seen it. */
const SECOND = 'Woodgrove Bank – analytics rollout';
const ACCEPT_STAGE = 'Qualification';
/** A REST call the test makes to the org answers within this, or the step fails (the page's waits have 30 s). */
const STEP_DEADLINE_MS = 30_000;

function check(condition: boolean, message: string): void {
    if (!condition) throw new Error(`check failed: ${message}`);
}

/** Picks an option of a lightning-combobox by its visible label. */
async function choose(page: Page, combobox: Locator, option: string): Promise<void> {
    await combobox.locator('[role="combobox"]').click();
    await page.getByRole('option', { name: option, exact: true }).click();
}

async function run(executablePath: string, headed: boolean, docsScreenshot: boolean): Promise<void> {
    const began = Date.now();
    const step = (text: string): void => console.log(`[${((Date.now() - began) / 1000).toFixed(1)} s] ${text}`);
    const started = await start({ port: 0, emulatorPort: 0, workbenchPort: 0, once: false, log: step });
    const browser = await chromium.launch({
        executablePath,
        headless: !headed,
        args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync'
        ]
    });
    const pageErrors: string[] = [];
    // The workbench's settle has a deadline (SETTLE_DEADLINE_MS) and then answers with the work still pending.
    const settle = async (): Promise<void> => {
        const response = await fetch(`${started.workbenchUrl}/_workbench/settle`, { method: 'POST' });
        if (!response.ok) throw new Error(`settle failed: ${response.status} ${await response.text()}`);
    };
    const token = await fetchOrgToken(started.orgUrl);
    const rest = async (pathAndQuery: string, init: RequestInit = {}): Promise<unknown> => {
        const response = await fetch(`${started.orgUrl}/services/data/v65.0${pathAndQuery}`, {
            ...init,
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            signal: AbortSignal.timeout(STEP_DEADLINE_MS)
        });
        if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${pathAndQuery}: ${response.status}`);
        return response.status === 204 ? null : response.json();
    };
    const shot = async (locator: Locator, name: string): Promise<void> => {
        fs.mkdirSync(RESULTS, { recursive: true });
        const file = path.join(RESULTS, name);
        await locator.screenshot({ path: file });
        if (docsScreenshot) fs.copyFileSync(file, path.join(DOCS_IMAGES, name));
    };
    try {
        step(`the org's admin creates Opportunity.${FIELD}, a field of their own (Tooling API)`);
        await rest('/tooling/sobjects/CustomField', {
            method: 'POST',
            body: JSON.stringify({
                FullName: `Opportunity.${FIELD}`,
                Metadata: { label: FIELD_LABEL, type: 'Text', length: 255 }
            })
        });

        step('Microsoft sends a referral; it lands on hold');
        const sent = await fetch(`${started.emulatorUrl}/_emulator/microsoft/referrals`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ name: REFERRAL })
        });
        check(sent.ok, `the emulator took the referral (${sent.status})`);
        await settle();
        const query = encodeURIComponent(
            `SELECT Id, StageName FROM Opportunity WHERE Referral_Id__c != null AND Name LIKE 'Fabrikam Foods%'`
        );
        const found = (await rest(`/query?q=${query}`)) as { records: { Id: string; StageName: string }[] };
        check(found.records.length === 1, `the referral became one opportunity (${found.records.length})`);
        const opportunityId = found.records[0].Id;

        step(`the seller writes the pilot notes "${NOTES}"`);
        await rest(`/sobjects/Opportunity/${opportunityId}`, {
            method: 'PATCH',
            body: JSON.stringify({ [FIELD]: NOTES })
        });
        await settle();

        const page: Page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
        page.setDefaultTimeout(30_000);
        page.on('pageerror', (e) => pageErrors.push(e.message));
        step('the admin opens Co-Sell Setup');
        await page.goto(`${started.workbenchUrl}/#/setup`);
        const settings = page.locator('c-co-sell-admin-settings');
        await settings.locator('tr[data-field="Active_Stage__c"] .state-word').waitFor();
        await shot(settings, 'admin-settings.png');
        const health = page.locator('c-co-sell-health');
        await health.locator('table.counts tbody tr').first().waitFor();
        await health.locator('.webhook-text').waitFor();
        await shot(health, 'admin-health.png');

        step(`the admin maps Opportunity.${FIELD} to /details/notes, only when blank`);
        const mapping = page.locator('c-co-sell-field-mapping');
        await mapping.locator('lightning-button.add button').click();
        const row = mapping.locator('tr.map-row').last();
        await choose(page, row.locator('lightning-combobox.path'), '/details/notes (string)');
        await choose(page, row.locator('lightning-combobox.field'), `${FIELD_LABEL} (${FIELD})`);
        await choose(page, row.locator('lightning-combobox.policy'), 'Only when blank');

        step('the admin previews the opportunity: the operation that would be sent, nothing sent');
        const before = (await (await fetch(`${started.emulatorUrl}/_emulator/state`)).json()) as {
            referrals: unknown[];
        };
        await mapping.locator('lightning-input.opportunity-id input').fill(opportunityId);
        await mapping.locator('lightning-button.run-preview button').click();
        const body = mapping.locator('pre.body');
        await body.waitFor();
        const previewText = (await body.textContent()) ?? '';
        check(previewText.includes('"/details/notes"'), `the preview patches /details/notes (${previewText})`);
        check(previewText.includes(NOTES), `the preview carries the pilot notes (${previewText})`);
        const after = (await (await fetch(`${started.emulatorUrl}/_emulator/state`)).json()) as typeof before;
        check(JSON.stringify(after) === JSON.stringify(before), 'the preview sent nothing to Partner Center');
        await shot(mapping, 'admin-field-mapping.png');

        step(`Microsoft sends "${SECOND}"; its webhook is lost, so Salesforce has not seen it yet`);
        const drop = await fetch(`${started.emulatorUrl}/_emulator/faults`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            // Both of its events: the partner's referral-created and Microsoft's related-referral-created.
            body: JSON.stringify({ kind: 'webhook-drop', count: 2 })
        });
        check(drop.ok, `the emulator took the fault (${drop.status})`);
        const second = await fetch(`${started.emulatorUrl}/_emulator/microsoft/referrals`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ name: SECOND })
        });
        const secondId = ((await second.json()) as { referral: { id: string } }).referral.id;
        await settle();

        step('the admin previews that referral by its id: the deal the sync would create, nothing written');
        await mapping.locator('lightning-input.referral-id input').fill(secondId);
        await mapping.locator('lightning-button.run-referral-preview button').click();
        const referralResult = mapping.locator('.referral-result');
        await referralResult.locator('.outcomes li').first().waitFor();
        const outcomes = (await referralResult.locator('.outcomes').textContent()) ?? '';
        check(outcomes.includes('Create opportunity: Success'), `the preview would create the deal (${outcomes})`);
        const titles = await referralResult.locator('.record-write .record').allTextContents();
        check(
            titles.some((t) => t.startsWith('Opportunity') && t.includes(SECOND)),
            `the preview lists the new opportunity (${titles.join(' | ')})`
        );
        const created = (await rest(
            `/query?q=${encodeURIComponent(`SELECT COUNT() FROM Opportunity WHERE Referral_Id__c = '${secondId}'`)}`
        )) as { totalSize: number };
        check(created.totalSize === 0, 'the referral preview wrote nothing');
        await shot(mapping.locator('c-co-sell-preview'), 'admin-preview.png');

        step('the admin saves the mapping (deployment, then its callback)');
        await mapping.locator('lightning-button.save-maps button').click();
        await mapping.locator('.deploy-word', { hasText: 'Deployed' }).waitFor();
        const deployMessage = (await mapping.locator('.deploy-message').textContent()) ?? '';
        check(deployMessage.includes('1 configuration records'), `the callback reported (${deployMessage})`);

        step('the admin exports the configuration: the file carries the new mapping');
        const transfer = page.locator('c-co-sell-config-transfer');
        await transfer.locator('lightning-button.export button').click();
        const href = (await transfer.locator('a.download').getAttribute('href')) ?? '';
        const exported = JSON.parse(decodeURIComponent(href.slice(href.indexOf(',') + 1))) as {
            fieldMaps: { field: string; path: string; policy: string }[];
        };
        check(
            exported.fieldMaps.some(
                (m) => m.field === FIELD && m.path === '/details/notes' && m.policy === 'When_Blank'
            ),
            `the export carries the saved mapping (${JSON.stringify(exported.fieldMaps)})`
        );
        await shot(transfer, 'admin-transfer.png');

        step(`the seller accepts the referral (stage ${ACCEPT_STAGE}); the sync runs`);
        await rest(`/sobjects/Opportunity/${opportunityId}`, {
            method: 'PATCH',
            body: JSON.stringify({ StageName: ACCEPT_STAGE })
        });
        await settle();
        const state = (await (await fetch(`${started.emulatorUrl}/_emulator/state`)).json()) as {
            referrals: {
                owner: string;
                referral: { name: string; status: string; details?: { notes?: string } };
            }[];
        };
        const referral = state.referrals.find(
            (r) => r.owner === 'partner' && r.referral.name.startsWith('Fabrikam Foods')
        )?.referral;
        check(referral !== undefined, 'the partner referral is in Partner Center');
        check(referral!.status === 'Active', `the referral was accepted (${referral!.status})`);
        check(
            referral!.details?.notes === NOTES,
            `the sync carried the mapping: notes = ${JSON.stringify(referral!.details?.notes)}`
        );
        check(pageErrors.length === 0, `no script errors in the page (${pageErrors.join('; ')})`);
        step(`referral notes in Partner Center: "${referral!.details?.notes}"`);
    } catch (e) {
        // A step that failed on a deadline: what the world was still doing.
        for (const line of await started.describePending()) step(`pending: ${line}`);
        throw e;
    } finally {
        await browser.close();
        await started.stop();
    }
}

if (require.main === module) {
    const argv = process.argv.slice(2);
    const i = argv.indexOf('--chromium');
    const executablePath = i >= 0 ? argv[i + 1] : CHROMIUM;
    const began = Date.now();
    run(executablePath, argv.includes('--headed'), argv.includes('--docs-screenshot')).then(
        () => {
            console.log(`admin console browser test passed in ${((Date.now() - began) / 1000).toFixed(1)} s`);
            console.log('browser: 1 passed, 0 failed');
        },
        (e: unknown) => {
            console.error(e instanceof Error ? (e.stack ?? e.message) : e);
            console.log('browser: 0 passed, 1 failed');
            process.exit(1);
        }
    );
}
