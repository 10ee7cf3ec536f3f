/**
 * The scenarios' small harness: what a scenario needs from the world, waiting for a change to travel (and timing
 * it), and running the list with a printed verdict per scenario, latencies per direction and the closing
 * `N passed, N failed, N skipped` line.
 */
import type { E2eWorld } from './world';

export type Direction = 'webhook → opportunity' | 'opportunity → referral';

/** What a scenario cannot run without, and why it is missing in a world that lacks it. */
export type Need = 'microsoft' | 'partnerCenter' | 'localOrg' | 'shareWithMicrosoft';

export interface OrgSettings {
    activeStage: string;
    onHoldStage: string;
    wonStage: string;
    lostStage: string;
}

export interface Context {
    world: E2eWorld;
    settings: OrgSettings;
    /** Unique per run, in every record name a scenario creates. */
    runId: string;
    /** Two co-sell solution ids the scenarios attach (a real tenant needs the partner's own: E2E_SOLUTION_IDS). */
    solutionIds: [string, string];
    /** Waits until `probe` returns a value (not undefined/false); the time taken is recorded for `direction`. */
    waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, direction?: Direction): Promise<T>;
    note(line: string): void;
    /** Records the scenario created, deleted after the run in a real org. */
    created: { delete(): Promise<unknown> }[];
}

export interface Scenario {
    name: string;
    needs: Need[];
    run(ctx: Context): Promise<void>;
}

export const NEED_REASONS: Record<Need, string> = {
    microsoft:
        "needs Microsoft's side (a Microsoft seller sending or joining referrals, fault injection, dropped webhooks), " +
        'which only the Partner Center emulator can play',
    partnerCenter: 'needs to read Partner Center: set PC_ACCESS_TOKEN (and PC_API_URL if not the production API)',
    localOrg: 'needs the local org (it triggers the setup page action through the local @AuraEnabled bridge)',
    shareWithMicrosoft:
        "makes a referral visible to Microsoft's sellers: set E2E_SHARE_WITH_MICROSOFT=yes to run it in a real org"
};

export interface ScenarioResult {
    name: string;
    outcome: 'passed' | 'failed' | 'skipped';
    seconds: number;
    detail?: string;
    notes: string[];
}

export interface RunReport {
    passed: number;
    failed: number;
    skipped: number;
    world: string;
    scenarios: ScenarioResult[];
    latencies: Record<Direction, { samples: number[]; median: number | null; p95: number | null }>;
}

export function missingNeed(world: E2eWorld, needs: Need[]): Need | undefined {
    return needs.find(
        (n) =>
            (n === 'microsoft' && !world.microsoft) ||
            (n === 'partnerCenter' && !world.partnerCenter) ||
            (n === 'localOrg' && world.kind !== 'local') ||
            (n === 'shareWithMicrosoft' && !world.mayShareWithMicrosoft)
    );
}

/** Nearest-rank percentile of samples (ms). */
export function percentile(samples: number[], p: number): number | null {
    if (samples.length === 0) return null;
    const sorted = [...samples].sort((a, b) => a - b);
    return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function runScenarios(
    world: E2eWorld,
    settings: OrgSettings,
    solutionIds: [string, string],
    scenarios: Scenario[],
    print: (line: string) => void
): Promise<RunReport> {
    const runId = Date.now().toString(36).slice(-6);
    const samples: Record<Direction, number[]> = { 'webhook → opportunity': [], 'opportunity → referral': [] };
    const results: ScenarioResult[] = [];
    for (const scenario of scenarios) {
        const lacking = missingNeed(world, scenario.needs);
        if (lacking) {
            results.push({
                name: scenario.name,
                outcome: 'skipped',
                seconds: 0,
                detail: NEED_REASONS[lacking],
                notes: []
            });
            print(`  skipped  ${scenario.name} — ${NEED_REASONS[lacking]}`);
            continue;
        }
        const notes: string[] = [];
        const created: Context['created'] = [];
        const ctx: Context = {
            world,
            settings,
            runId,
            solutionIds,
            created,
            note: (line) => notes.push(line),
            waitFor: async (what, probe, direction) => {
                const started = Date.now();
                let last: unknown;
                for (;;) {
                    try {
                        const value = await probe();
                        if (value !== undefined && value !== false) {
                            const ms = Date.now() - started;
                            if (direction) {
                                samples[direction].push(ms);
                                notes.push(`${direction}: ${ms} ms (${what})`);
                            }
                            return value;
                        }
                        last = value;
                    } catch (e) {
                        last = e instanceof Error ? e.message : e;
                    }
                    if (Date.now() - started > world.waitMs)
                        throw new Error(
                            `timed out after ${world.waitMs} ms waiting for ${what} (last: ${String(last)})`
                        );
                    await sleep(world.pollMs);
                }
            }
        };
        const started = Date.now();
        const errorsBefore = world.asyncErrors?.().length ?? 0;
        let result: ScenarioResult;
        try {
            await scenario.run(ctx);
            const asyncErrors = world.asyncErrors?.().slice(errorsBefore) ?? [];
            if (asyncErrors.length) throw new Error(`the org's async work failed:\n${asyncErrors.join('\n')}`);
            result = { name: scenario.name, outcome: 'passed', seconds: (Date.now() - started) / 1000, notes };
        } catch (e) {
            const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
            result = { name: scenario.name, outcome: 'failed', seconds: (Date.now() - started) / 1000, detail, notes };
        }
        if (world.kind === 'sandbox') {
            for (const record of created.reverse()) await record.delete().catch(() => undefined);
        }
        results.push(result);
        const mark = result.outcome === 'passed' ? '  ok      ' : '  FAILED  ';
        print(`${mark}${scenario.name} (${result.seconds.toFixed(1)} s)`);
        for (const n of notes) print(`             ${n}`);
        if (result.detail) print(result.detail.replace(/^/gm, '             '));
    }
    const latencies = Object.fromEntries(
        (Object.keys(samples) as Direction[]).map((d) => [
            d,
            { samples: samples[d], median: percentile(samples[d], 50), p95: percentile(samples[d], 95) }
        ])
    ) as RunReport['latencies'];
    const count = (o: ScenarioResult['outcome']): number => results.filter((r) => r.outcome === o).length;
    return {
        passed: count('passed'),
        failed: count('failed'),
        skipped: count('skipped'),
        world: world.description,
        scenarios: results,
        latencies
    };
}
