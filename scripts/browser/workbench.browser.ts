/**
 * Browser test of the workbench (tools/workbench) driven by Playwright in Debian's Chromium: the whole product as a
 * seller sees it. `npm start`'s own start() brings up the emulator, the local org and the page; then
 *   Microsoft sends a referral (the page's Microsoft-side button) → the seller opens the new opportunity →
 *   accepts it by moving the stage out of the on-hold stage → adds a solution in coSellSolutions →
 *   sees ✔ in coSellPanel;
 * and the emulator's state shows the referral Active/Accepted with the solution. Saves a screenshot of the record
 * page in test-results/workbench.png (with --docs-screenshot also docs/images/workbench.png, the README's picture).
 * Usage: tsx scripts/browser/workbench.browser.ts [--chromium /usr/bin/chromium] [--headed] [--docs-screenshot]
 * Exit code 0 when every check held.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import type { DeliveryRecord } from '../../tools/partner-center/emulator/webhooks/delivery';
import { start } from '../start';

export const CHROMIUM = '/usr/bin/chromium';
const root = path.resolve(__dirname, '..', '..');
const SCREENSHOT = path.join(root, 'test-results/workbench.png');
const DOCS_SCREENSHOT = path.join(root, 'docs/images/workbench.png');
const REFERRAL = 'Woodgrove Bank – Azure OpenAI pilot';
const SOLUTION = 'Zero Trust Assessment';
const SOLUTION_ID = 'SOL-6115380-SEC';
const NEW_STAGE = 'Qualification';

interface EmulatorReferral {
    id: string;
    name: string;
    status: string;
    substatus: string;
    details?: { requirements?: { solutions?: { id: string; name?: string }[] } };
}

function check(condition: boolean, message: string): void {
    if (!condition) throw new Error(`check failed: ${message}`);
}

/**
 * Types a term in coSellSolutions' search until the catalog entry shows. The workbench remounts the package components
 * when the record changes underneath (as a reload would), and the sync that follows the accept may change it after
 * the panel already shows Active Accepted: a remount empties the search box, and a seller would simply type again.
 */
async function searchCatalog(page: Page, term: string, expected: string): Promise<void> {
    const solutions = page.locator('c-co-sell-solutions');
    const result = solutions.locator('ul.results li', { hasText: expected });
    for (let attempt = 1; ; attempt++) {
        await solutions.locator('lightning-input.search input').fill(term);
        try {
            await result.waitFor({ timeout: 10_000 });
            return;
        } catch (e) {
            if (attempt === 3) throw e;
            console.log(`search for "${term}" showed no "${expected}" yet (attempt ${attempt}); typing again`);
        }
    }
}

async function run(executablePath: string, headed: boolean, docsScreenshot: boolean): Promise<void> {
    const began = Date.now();
    const step = (text: string): void => console.log(`[${((Date.now() - began) / 1000).toFixed(1)} s] ${text}`);
    const started = await start({ port: 0, emulatorPort: 0, workbenchPort: 0, once: false, log: step });
    const browser = await chromium.launch({
        executablePath,
        headless: !headed,
        // As root, without Chromium's sandbox; no background connections (the machine has no outside network).
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
    try {
        const page: Page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
        page.setDefaultTimeout(30_000);
        page.on('pageerror', (e) => pageErrors.push(e.message));

        step('seller opens the Opportunities tab');
        await page.goto(`${started.workbenchUrl}/#/opportunities`);
        await page.locator('a.opportunity-link').first().waitFor();

        step('Microsoft sends a referral (Microsoft-side button)');
        await page.locator('lightning-input[data-field="name"] input').fill(REFERRAL);
        await page.getByRole('button', { name: 'Microsoft: send a referral' }).click();
        const link = page.locator('a.opportunity-link', { hasText: REFERRAL });
        await link.waitFor();

        step('seller opens the new opportunity');
        await link.click();
        await page.locator('h1.record-name', { hasText: REFERRAL }).waitFor();
        const panel = page.locator('c-co-sell-panel');
        await panel.locator('dd.referral-status', { hasText: 'New' }).waitFor();
        check(await panel.locator('lightning-button.accept').isVisible(), 'an incoming referral offers Accept');

        step(`seller accepts by moving the stage to ${NEW_STAGE} and saving`);
        await page.locator('lightning-combobox.stage [role="combobox"]').click();
        await page.getByRole('option', { name: NEW_STAGE }).click();
        await page.locator('lightning-button.save-record button').click();
        await panel.locator('dd.referral-status', { hasText: 'Active Accepted' }).waitFor();

        step(`seller adds the solution "${SOLUTION}" in coSellSolutions`);
        const solutions = page.locator('c-co-sell-solutions');
        await searchCatalog(page, 'Zero', SOLUTION);
        await solutions.locator('ul.results li', { hasText: SOLUTION }).locator('button').click();
        await solutions.locator('ul.linked li', { hasText: SOLUTION }).waitFor();

        const referralId = (await page.locator('dd.referral-id').textContent())?.trim() ?? '';
        check(referralId !== '', 'the opportunity shows its referral id');

        step('seller sees ✔ in the co-sell panel');
        await panel.locator('p', { hasText: '✔' }).waitFor();
        check(pageErrors.length === 0, `no script errors in the page (${pageErrors.join('; ')})`);
        fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
        await page.screenshot({ path: SCREENSHOT, fullPage: true });
        if (docsScreenshot) fs.copyFileSync(SCREENSHOT, DOCS_SCREENSHOT);
        step(`screenshot: ${path.relative(root, docsScreenshot ? DOCS_SCREENSHOT : SCREENSHOT)}`);

        step("the emulator's state");
        const state = (await (await fetch(`${started.emulatorUrl}/_emulator/state`)).json()) as {
            referrals: { referral: EmulatorReferral; owner: 'partner' | 'microsoft' }[];
        };
        const referral = state.referrals.find((r) => r.owner === 'partner' && r.referral.id === referralId)?.referral;
        check(referral !== undefined, `the partner's referral ${referralId} is in Partner Center`);
        check(referral!.name.startsWith(REFERRAL), `it is the referral Microsoft sent (${referral!.name})`);
        check(
            `${referral!.status}/${referral!.substatus}` === 'Active/Accepted',
            `referral is Active/Accepted (${referral!.status}/${referral!.substatus})`
        );
        const tags = referral!.details?.requirements?.solutions ?? [];
        check(
            tags.some((t) => t.id === SOLUTION_ID),
            `the referral carries the solution ${SOLUTION_ID} (${JSON.stringify(tags)})`
        );
        step(`referral ${referral!.id}: Active/Accepted with solution ${SOLUTION_ID}`);
    } catch (e) {
        // What a failure needs to be understood: webhook deliveries that did not reach the org, and when.
        const deliveries = (await (
            await fetch(`${started.emulatorUrl}/_emulator/webhooks/deliveries`)
        ).json()) as DeliveryRecord[];
        for (const d of deliveries.filter((d) => d.state !== 'delivered' || d.attempts.length > 1))
            step(`webhook delivery ${d.state}: ${JSON.stringify(d.attempts)}`);
        // ...and what the page told the seller (toasts carry the errors of actions that failed).
        for (const open of browser.contexts().flatMap((c) => c.pages()))
            for (const toast of await open.locator('[role="status"]').allTextContents())
                step(`toast on the page: ${toast.replace(/\s+/g, ' ').trim()}`);
        // ...and the work the world had not finished (queued and running jobs, callouts, webhooks).
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
            console.log(`workbench browser test passed in ${((Date.now() - began) / 1000).toFixed(1)} s`);
            console.log('browser: 1 passed, 0 failed');
        },
        (e: unknown) => {
            console.error(e instanceof Error ? (e.stack ?? e.message) : e);
            console.log('browser: 0 passed, 1 failed');
            process.exit(1);
        }
    );
}
