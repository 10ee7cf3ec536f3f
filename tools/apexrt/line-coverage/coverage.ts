/**
 * Line coverage per class. Executable lines: the first line of every statement (blocks excluded) in method,
 * constructor, accessor and initializer bodies, plus field declarators with an initializer. Declarations,
 * signatures, braces and comments are not executable. [INFERRED] The platform's exact rules are undocumented
 * (docs/reference/apex-semantics.md §6 risk 5), so treat the percentage as a trend.
 */
import type * as A from '../ast/nodes';
import type { CoverageHits } from '../interpreter/context';

export interface ClassCoverage {
    name: string;
    file: string;
    totalLines: number;
    /** line → 1 when executed at least once, else 0 */
    lines: Record<number, 0 | 1>;
    coveredLines: number;
    coveredPercent: number;
}

export function executableLines(decl: A.TypeDecl): Set<number> {
    const lines = new Set<number>();
    const stmt = (s: A.Stmt | undefined): void => {
        if (!s) return;
        if (s.k !== 'block') lines.add(s.line);
        switch (s.k) {
            case 'block':
                s.stmts.forEach(stmt);
                break;
            case 'if':
                stmt(s.then);
                stmt(s.else);
                break;
            case 'while':
            case 'doWhile':
            case 'for':
            case 'forEach':
                stmt(s.body);
                break;
            case 'try':
                stmt(s.body);
                s.catches.forEach((c) => stmt(c.body));
                stmt(s.finally);
                break;
            case 'switch':
                s.whens.forEach((w) => stmt(w.body));
                break;
            case 'runAs':
                stmt(s.body);
                break;
            default:
                break;
        }
    };
    for (const m of decl.members) {
        switch (m.k) {
            case 'field':
                for (const d of m.decls) if (d.init) lines.add(d.line);
                break;
            case 'method':
                stmt(m.body);
                break;
            case 'ctor':
                stmt(m.body);
                break;
            case 'prop':
                stmt(m.getter?.body);
                stmt(m.setter?.body);
                break;
            case 'init':
                stmt(m.body);
                break;
            case 'type':
                for (const l of executableLines(m.decl)) lines.add(l);
                break;
        }
    }
    return lines;
}

/** A trigger's executable lines: the statements of its body. */
export function triggerExecutableLines(trigger: A.TriggerUnit): Set<number> {
    const asDecl: A.TypeDecl = {
        kind: 'class',
        name: trigger.name,
        modifiers: [],
        annotations: [],
        implements: [],
        enumValues: [],
        line: trigger.line,
        col: 1,
        members: [{ k: 'init', isStatic: false, body: trigger.body, line: trigger.line, col: 1 }]
    };
    return executableLines(asDecl);
}

export function classCoverage(
    name: string,
    file: string,
    decl: A.TypeDecl | A.TriggerUnit,
    hits: CoverageHits
): ClassCoverage {
    const lineSet =
        'kind' in decl && decl.kind === 'trigger' ? triggerExecutableLines(decl) : executableLines(decl as A.TypeDecl);
    const executable = [...lineSet].sort((a, b) => a - b);
    const hit = hits.hits.get(file) ?? new Set<number>();
    const lines: Record<number, 0 | 1> = {};
    let covered = 0;
    for (const l of executable) {
        const h = hit.has(l) ? 1 : 0;
        lines[l] = h;
        covered += h;
    }
    const pct = executable.length ? Math.round((covered / executable.length) * 10000) / 100 : 100;
    return { name, file, totalLines: executable.length, lines, coveredLines: covered, coveredPercent: pct };
}

/** Overall percentage across classes (covered lines / executable lines). */
export function totalCoveragePercent(classes: ClassCoverage[]): number {
    const total = classes.reduce((n, c) => n + c.totalLines, 0);
    const covered = classes.reduce((n, c) => n + c.coveredLines, 0);
    return total ? Math.round((covered / total) * 10000) / 100 : 100;
}
