/**
 * npm run e2e — the end-to-end scenarios, in the local world by default or in a real org when SF_INSTANCE_URL and
 * SF_ACCESS_TOKEN are set (docs/developer-guide.md, "End-to-end scenarios"). Prints one line per scenario, the
 * latencies per direction, and `N passed, N failed, N skipped`; writes test-results/e2e.json (read by npm test).
 *
 *   npx tsx --tsconfig scripts/e2e/tsconfig.json scripts/e2e/run.ts [name filter]   (= npm run e2e -- [filter])
 */
import './legacy-decorators';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readSettings } from './deals';
import { Direction, runScenarios } from './harness';
import { SCENARIOS } from './scenarios';
import { startWorld } from './world';

const ROOT = path.resolve(__dirname, '..', '..');

async function main(): Promise<number> {
    const filter = process.argv[2];
    const scenarios = filter ? SCENARIOS.filter((s) => s.name.includes(filter)) : SCENARIOS;
    const orgLog: string[] = [];
    const started = Date.now();
    const world = await startWorld(process.env, (line) => orgLog.push(line));
    let report;
    try {
        console.log(`end-to-end scenarios in the ${world.description}`);
        const settings = await readSettings();
        const [first, second] = (process.env.E2E_SOLUTION_IDS ?? 'SOL-E2E-MIGRATE,SOL-E2E-SECURE').split(',');
        if (!first || !second) throw new Error('E2E_SOLUTION_IDS needs two solution ids, comma-separated');
        report = await runScenarios(world, settings, [first.trim(), second.trim()], scenarios, (line) =>
            console.log(line)
        );
    } finally {
        await world.stop();
    }
    const failures = orgLog.filter((l) => /async work failed/.test(l));
    if (failures.length) console.log(`\norg log, async failures:\n${failures.map((l) => `  ${l}`).join('\n')}`);
    console.log('\nend-to-end latencies (ms, measured by the scenarios from the change to its observation):');
    for (const [direction, l] of Object.entries(report.latencies) as [
        Direction,
        (typeof report.latencies)[Direction]
    ][]) {
        console.log(
            l.samples.length
                ? `  ${direction}: median ${l.median}, p95 ${l.p95} over ${l.samples.length} changes`
                : `  ${direction}: no samples`
        );
    }
    fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'test-results', 'e2e.json'), JSON.stringify(report, null, 2));
    console.log(`\ne2e took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(`${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped`);
    return report.failed === 0 ? 0 : 1;
}

main().then(
    (code) => {
        process.exitCode = code;
    },
    (e: unknown) => {
        console.error(e instanceof Error ? (e.stack ?? e.message) : e);
        process.exitCode = 1;
    }
);
