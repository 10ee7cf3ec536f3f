/**
 * Apex semantic check with apex-ls (the jar shipped inside @salesforce/code-analyzer-pmd-engine runs on Java 17):
 * unknown types, methods and custom fields, incompatible assignments. Exit code 0 = clean, 4 = issues found.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Finding } from './finding';
import { relativeTo } from './project-files';

const GATE = 'apex-ls';
const JAVA_LIB = path.join(__dirname, '../../node_modules/@salesforce/code-analyzer-pmd-engine/dist/java-lib/*');
/** `java` with the flags for a short run (see the script): the Apex gates' JVMs start through it. */
export const GATE_JAVA = path.join(__dirname, 'java-short-run');

interface ApexLsReport {
    files: {
        path: string;
        messages: { start: { line: number; offset: number }; category: string; message: string }[];
    }[];
}

export function checkApexSemantics(projectDir: string): Finding[] {
    const run = spawnSync(
        GATE_JAVA,
        ['-cp', JAVA_LIB, 'io.github.apexdevtools.apexls.CheckForIssues', '-w', projectDir, '-n', '-f', 'json'],
        {
            encoding: 'utf8',
            maxBuffer: 64 * 1024 * 1024
        }
    );
    if (run.error) return [{ gate: GATE, file: '.', message: `cannot run java: ${run.error.message}` }];
    if (run.status === 0) return [];
    const start = run.stdout.indexOf('{');
    if (run.status !== 4 || start < 0) {
        return [{ gate: GATE, file: '.', message: `apex-ls failed (exit ${run.status}): ${run.stderr || run.stdout}` }];
    }
    const report = JSON.parse(run.stdout.slice(start)) as ApexLsReport;
    return report.files.flatMap((f) =>
        f.messages.map((m) => ({
            gate: GATE,
            file: relativeTo(projectDir, f.path),
            line: m.start.line,
            column: m.start.offset + 1,
            message: `${m.category}: ${m.message}`
        }))
    );
}
