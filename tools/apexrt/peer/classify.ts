/**
 * Verdicts of the peer runner. Every peer test passes on the platform (its project's own CI runs it on real orgs),
 * so a test that does not pass here is apexrt's: a loud gap ("unsupported", "not loaded") or a defect ("wrong",
 * "crashed").
 */
import type { TestResult } from '../runner/test-runner';

export type Verdict = 'passed' | 'wrong' | 'unsupported' | 'crashed' | 'notLoaded';

export const VERDICTS: Verdict[] = ['passed', 'wrong', 'unsupported', 'crashed', 'notLoaded'];

const INTERNAL_ERROR = 'apexrt internal error';

/**
 * passed: the test passed. notLoaded: its class did not load. crashed: an internal error of apexrt (or, decided by
 * the runner, a hang). unsupported: it stopped at something apexrt does not model. wrong: it failed with an
 * assertion or an exception — the platform passes it, so apexrt answered differently.
 */
export function classify(t: Pick<TestResult, 'outcome' | 'message' | 'notLoaded'>): Verdict {
    if (t.outcome === 'Pass') return 'passed';
    if (t.notLoaded) return 'notLoaded';
    const message = t.message ?? '';
    if (message.includes(INTERNAL_ERROR)) return 'crashed';
    if (t.outcome === 'Unsupported') return 'unsupported';
    return 'wrong';
}

/**
 * The construct a "not supported"/"not loaded" message names, without file and line, so that the same gap counts
 * once across classes: `not supported by apexrt: type FieldSet (x.cls:3)` → `type FieldSet`.
 */
export function unsupportedConstruct(message: string): string {
    let m = message.split('\n')[0];
    for (;;) {
        const next = m
            .replace(/^@TestSetup failed: /, '')
            .replace(/^not supported by apexrt: /, '')
            .replace(/^not loaded: /, '')
            .replace(/^class \S+ not loaded: /, '');
        if (next === m) break;
        m = next;
    }
    const where = /\s+\((?:[^()]*:\d+|line \d+)\)$/;
    while (where.test(m)) m = m.replace(where, '');
    return m.trim();
}

export interface ProjectTally {
    counts: Record<Verdict, number>;
    total: number;
    /** Constructs of unsupported and not-loaded tests, most frequent first. */
    topUnsupported: Array<{ construct: string; tests: number }>;
}

export function tally(results: Array<Pick<TestResult, 'outcome' | 'message' | 'notLoaded'>>): ProjectTally {
    const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
    const constructs = new Map<string, number>();
    for (const r of results) {
        const v = classify(r);
        counts[v]++;
        if (v === 'unsupported' || v === 'notLoaded') {
            const c = unsupportedConstruct(r.message ?? '');
            constructs.set(c, (constructs.get(c) ?? 0) + 1);
        }
    }
    const topUnsupported = [...constructs]
        .map(([construct, tests]) => ({ construct, tests }))
        .sort((a, b) => b.tests - a.tests || a.construct.localeCompare(b.construct));
    return { counts, total: results.length, topUnsupported };
}

/** The one line per project, exactly as the issue asks for it. */
export function summaryLine(name: string, t: ProjectTally): string {
    const c = t.counts;
    return (
        `peer ${name}: ${c.passed} passed, ${c.wrong} wrong, ${c.unsupported} unsupported, ` +
        `${c.crashed} crashed, ${c.notLoaded} not loaded of ${t.total}`
    );
}
