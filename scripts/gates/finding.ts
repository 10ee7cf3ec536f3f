/** One problem found by a quality gate, always naming the file (relative to the project) and, when known, the line. */
export interface Finding {
    gate: string;
    file: string;
    line?: number;
    column?: number;
    message: string;
}

export function formatFinding(f: Finding): string {
    const where = f.line ? `${f.file}:${f.line}${f.column ? `:${f.column}` : ''}` : f.file;
    return `${where}: [${f.gate}] ${f.message}`;
}

/** Prints the findings and returns the exit code for a gate's command line. */
export function reportFindings(title: string, findings: Finding[]): number {
    for (const f of findings) console.error(formatFinding(f));
    console.log(`${title}: ${findings.length === 0 ? 'clean' : `${findings.length} problem(s)`}`);
    return findings.length === 0 ? 0 : 1;
}
