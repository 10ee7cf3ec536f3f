/**
 * `npm run reliability [-- --seed N --operations N --fuzz N]`: the reliability and security suite with one seed —
 * hostile webhook traffic (webhook-fuzz.ts), the fault-injection soak (fault-soak.ts), the echo and loop checks
 * (echo-checks.ts), the concurrency checks (concurrency-checks.ts) and the security checks (security-checks.ts) —
 * printing every figure. Exits non-zero when any
 * check fails.
 *
 * `npm run reliability -- --long [--seed N --seeds 5 --operations 10000]`: the soak over several seeds (N, N+1, ...),
 * each on a fresh local world, with a summary per seed and the worst case; the other checks run once.
 */
import { formatConcurrency, runConcurrencyChecks } from './concurrency-checks';
import { formatEcho, runEchoChecks } from './echo-checks';
import { formatSeedSummary, formatSoak, runFaultSoak, SoakReport } from './fault-soak';
import {
    controllerAccessFindings,
    guestPermissionFindings,
    pmdViolations,
    scanForSecrets,
    setupActionsWithoutPermission,
    webhookSecret
} from './security-checks';
import { SoakWorld } from './soak-world';
import { runWebhookFuzz } from './webhook-fuzz';

function argument(name: string, fallback: number): number {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<number> {
    const long = process.argv.includes('--long');
    const seed = argument('seed', 42);
    const seedCount = argument('seeds', long ? 5 : 1);
    const operations = argument('operations', long ? 10_000 : 1000);
    const fuzzCount = argument('fuzz', 10_000);
    const printed: string[] = [];
    const print = (text: string): void => {
        printed.push(...text.split('\n'));
        console.log(text);
    };
    let failures = 0;
    const began = Date.now();
    print(`reliability suite, seed ${seed}`);

    const fuzz = runWebhookFuzz(fuzzCount, seed);
    const fuzzBad = fuzz.unhandledExceptions + fuzz.guestWrites + fuzz.undocumentedStatuses + fuzz.acceptedForged;
    failures += fuzzBad;
    print(
        `webhook fuzz (seed ${seed}): ${fuzz.requests} requests of ${Object.keys(fuzz.byKind).length} kinds in ${(fuzz.millis / 1000).toFixed(1)} s; ` +
            `statuses ${JSON.stringify(fuzz.byStatus)}; unhandled exceptions ${fuzz.unhandledExceptions}, guest writes ${fuzz.guestWrites}, ` +
            `undocumented statuses ${fuzz.undocumentedStatuses}, forged accepted ${fuzz.acceptedForged}, genuine accepted ${fuzz.acceptedGenuine}`
    );

    const soaks: SoakReport[] = [];
    let world: SoakWorld | undefined;
    try {
        const soakBegan = Date.now();
        for (let i = 0; i < seedCount; i++) {
            // Every seed on a fresh world: one seed's leftovers never hide or cause another's problem.
            if (world) await world.stop();
            world = undefined;
            world = await SoakWorld.start();
            const soak = await runFaultSoak({
                seed: seed + i,
                operations,
                world,
                log: long || process.env.SOAK_TRACE ? (line) => console.log(`  [seed ${seed + i}] ${line}`) : undefined
            });
            soaks.push(soak);
            print(formatSoak(soak));
            failures += soakFailures(soak);
        }
        if (seedCount > 1) print(formatSeedSummary(soaks, Date.now() - soakBegan));
        if (!world) throw new Error('no soak ran (--seeds must be at least 1)');

        const echo = await runEchoChecks(world);
        print(formatEcho(echo));

        const concurrency = await runConcurrencyChecks(world);
        print(formatConcurrency(concurrency));
        failures += concurrency.problems.length + (concurrency.scenarios - concurrency.interleaved);
        failures += echo.outboundWritesAfterInbound + echo.problems.length;

        const pmd = await pmdViolations();
        print(`PMD security rules over force-app: ${pmd.length} violations`);
        pmd.forEach((v) => print(`    ${v}`));
        failures += pmd.length;

        const guest = guestPermissionFindings();
        print(
            `guest permission set (CoSell_Webhook_Guest): ${guest.length} object/field/class grants beyond the webhook`
        );
        guest.forEach((v) => print(`    ${v}`));
        failures += guest.length;

        const controllers = controllerAccessFindings();
        print(
            `CRUD/FLS in controllers: ${controllers.controllers.length} controllers, ${controllers.auraMethods} @AuraEnabled methods, ${controllers.findings.length} findings`
        );
        controllers.findings.forEach((v) => print(`    ${v}`));
        failures += controllers.findings.length;

        const noAccess = setupActionsWithoutPermission(world.org);
        print(
            `without the package permission set: ${noAccess.refusedClearly}/${noAccess.methods} setup actions refused with the "no access" message, data unchanged`
        );
        noAccess.problems.forEach((v) => print(`    ${v}`));
        failures += noAccess.problems.length;

        const secrets = scanForSecrets(
            world.org,
            [...world.tokens(), webhookSecret(world.org)],
            [...world.logLines, ...printed]
        );
        print(
            `secrets: ${secrets.secrets} known secrets and token/signature shapes looked for in ${secrets.recordsScanned} records and ${secrets.textsScanned} output lines: ${secrets.leaks.length} found`
        );
        secrets.leaks.slice(0, 20).forEach((v) => print(`    ${v}`));
        failures += secrets.leaks.length;
    } finally {
        await world?.stop();
    }
    print(
        `reliability suite: ${failures === 0 ? 'passed' : `${failures} failures`} in ${((Date.now() - began) / 1000).toFixed(1)} s (seed ${seed})`
    );
    return failures === 0 ? 0 : 1;
}

/**
 * What fails the suite in one soak: disagreement, lost changes, async errors, a retry that did not converge,
 * polling that stopped without the health card saying so, a health card wrong about the webhook registration.
 */
function soakFailures(soak: SoakReport): number {
    return (
        soak.mismatches.length +
        soak.lostChanges.length +
        soak.asyncErrors.length +
        (soak.retriesConverged === soak.retriedThroughHistory ? 0 : 1) +
        (soak.pollerAlive || soak.pollerStopShown ? 0 : 1) +
        soak.webhooksRefused +
        soak.retryRefusals.length +
        soak.healthCardProblems.length
    );
}

if (require.main === module) {
    void main().then(
        (code) => process.exit(code),
        (error: unknown) => {
            console.error(error);
            process.exit(1);
        }
    );
}
