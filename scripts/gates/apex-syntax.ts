/**
 * Apex syntax, checked twice: by @apexdevtools/apex-parser (which gives line and column) and by Salesforce's own
 * parser (jorje) through prettier-plugin-apex (the platform's grammar, but its messages carry no line). A file
 * either rejects is a finding.
 */
import fs from 'node:fs';
import { ApexErrorListener, ApexParserFactory } from '@apexdevtools/apex-parser';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Finding } from './finding';
import { relativeTo } from './project-files';

const GATE = 'apex-syntax';
const FORMAT_GATE = 'apex-format';

class CollectingListener extends ApexErrorListener {
    readonly errors: { line: number; column: number; message: string }[] = [];
    apexSyntaxError(line: number, column: number, message: string): void {
        this.errors.push({ line, column, message });
    }
}

/** ANTLR lists every token it would have accepted; a handful is enough to read the message. */
function shortenExpectedTokens(message: string): string {
    return message.replace(/expecting \{(.*)\}$/, (_all, list: string) => {
        const tokens = list.split(', ');
        return tokens.length <= 6 ? `expecting {${list}}` : `expecting one of {${tokens.slice(0, 6).join(', ')}, ...}`;
    });
}

export function parseWithApexParser(projectDir: string, file: string): Finding[] {
    const listener = new CollectingListener();
    const { parser } = ApexParserFactory.createLexerAndParser(fs.readFileSync(file, 'utf8'), listener);
    if (file.endsWith('.trigger')) parser.triggerUnit();
    else parser.compilationUnit();
    return listener.errors.map((e) => ({
        gate: GATE,
        file: relativeTo(projectDir, file),
        line: e.line,
        column: e.column + 1,
        message: shortenExpectedTokens(e.message)
    }));
}

/**
 * Runs prettier (with prettier-plugin-apex, i.e. jorje) over the files in one process; prettier reports files it
 * cannot parse as "[error] <file>: ...". With `format`, the same run is the project's Apex format check (format:check
 * leaves .cls/.trigger to it, so jorje reads each file once): prettier names a file whose text differs from its
 * formatted text as "[warn] <file>", and that is an `apex-format` finding.
 */
export function parseWithPlatformParser(projectDir: string, files: string[], format = false): Finding[] {
    if (files.length === 0) return [];
    const prettierBin = path.join(__dirname, '../../node_modules/.bin/prettier');
    const relative = files.map((f) => relativeTo(projectDir, f));
    // The plugin by its path: prettier resolves a plugin name from the project's prettier config file when it has one.
    const plugin = require.resolve('prettier-plugin-apex');
    // --no-color: prettier colours its "[warn]"/"[error]" tags whenever FORCE_COLOR is set, even to 0 (npm test sets it).
    const run = spawnSync(prettierBin, [`--plugin=${plugin}`, '--no-color', '--check', ...relative], {
        encoding: 'utf8',
        cwd: projectDir
    });
    const findings: Finding[] = [];
    let current: Finding | undefined;
    for (const line of run.stderr.split('\n')) {
        const unformatted = format && line.startsWith('[warn] ') ? line.slice('[warn] '.length) : undefined;
        if (unformatted !== undefined && relative.includes(unformatted)) {
            findings.push({
                gate: FORMAT_GATE,
                file: unformatted,
                message: 'not formatted as prettier (prettier-plugin-apex) formats it: run npm run format'
            });
            continue;
        }
        if (!line.startsWith('[error] ')) continue;
        const text = line.slice('[error] '.length);
        const file = relative.find((f) => text.startsWith(`${f}: `));
        if (file) {
            current = {
                gate: GATE,
                file,
                message: `Salesforce Apex parser: ${text
                    .slice(file.length + 2)
                    .replace(/\[error\]\s*$/, '')
                    .trim()}`
            };
            findings.push(current);
        } else if (current && /^\s+at /.test(text)) {
            current = undefined; // the stack trace of prettier itself follows the message
        } else if (current && text.trim()) {
            current.message += ` ${text.trim()}`;
        }
    }
    // Exit 1 is "some file is not formatted": without format that is expected, with it a finding must name the file.
    if (findings.length === 0 && (run.status === 2 || (format && run.status !== 0))) {
        findings.push({ gate: GATE, file: '.', message: `prettier failed: ${run.stderr.trim()}` });
    }
    return findings;
}

export function checkApexSyntax(projectDir: string, files: string[], format = false): Finding[] {
    const findings: Finding[] = [];
    for (const file of files.filter((f) => /\.(cls|trigger)$/.test(f))) {
        findings.push(...parseWithApexParser(projectDir, file));
    }
    // Ask the platform parser about the files the first parser accepted: for the others it would only repeat, without a line.
    const accepted = files.filter(
        (f) => /\.(cls|trigger)$/.test(f) && !findings.some((x) => x.file === relativeTo(projectDir, f))
    );
    return [...findings, ...parseWithPlatformParser(projectDir, accepted, format)];
}
