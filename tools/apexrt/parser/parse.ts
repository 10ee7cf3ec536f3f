/**
 * Front end: apex-parser 5.2.0 → CST → (lower/) our AST, with syntax errors as file:line:col and an on-disk cache of
 * the lowered AST keyed by content hash + parser version + lowering version (a cold ANTLR parse costs ~0.5 s).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApexErrorListener, ApexParserFactory } from '@apexdevtools/apex-parser';
import type { CompilationUnit } from '../ast/nodes';
import { lowerAnonymousUnit, lowerCompilationUnit, lowerTriggerUnit, LOWERING_VERSION } from '../lower/lower';

export const PARSER_VERSION = '@apexdevtools/apex-parser@5.2.0';

export type UnitKind = 'class' | 'trigger' | 'anonymous';

export interface SyntaxProblem {
    file: string;
    line: number;
    col: number;
    message: string;
}

/** Raised when a source file does not parse; carries every syntax error found. */
export class ApexSyntaxErrors extends Error {
    constructor(readonly problems: SyntaxProblem[]) {
        super(problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`).join('\n'));
    }
}

class CollectingListener extends ApexErrorListener {
    readonly problems: SyntaxProblem[] = [];
    constructor(private readonly file: string) {
        super();
    }
    apexSyntaxError(line: number, column: number, msg: string): void {
        // ANTLR lists every acceptable token after "expecting"; keep messages readable.
        const message = msg.replace(/expecting \{([^}]*)\}/, (all, list: string) =>
            list.split(',').length > 8 ? 'expecting an expression or statement' : all
        );
        this.problems.push({ file: this.file, line, col: column + 1, message });
    }
}

export interface ParseOptions {
    /** Directory for the lowered-AST cache; undefined disables the cache. */
    cacheDir?: string;
}

export const DEFAULT_CACHE_DIR = '.apexrt-cache';

/** Parses and lowers one unit; `file` is used in error messages only. */
export function parseApex(source: string, kind: UnitKind, file: string, options: ParseOptions = {}): CompilationUnit {
    const cacheFile = options.cacheDir ? cachePath(options.cacheDir, source, kind) : undefined;
    if (cacheFile && fs.existsSync(cacheFile)) {
        try {
            return JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as CompilationUnit;
        } catch {
            // A corrupt cache entry is simply re-parsed below.
        }
    }
    const listener = new CollectingListener(file);
    const { parser } = ApexParserFactory.createLexerAndParser(source, listener);
    let unit: CompilationUnit;
    if (kind === 'class') {
        const cst = parser.compilationUnit();
        if (listener.problems.length) throw new ApexSyntaxErrors(listener.problems);
        unit = lowerCompilationUnit(cst, source);
    } else if (kind === 'trigger') {
        const cst = parser.triggerUnit();
        if (listener.problems.length) throw new ApexSyntaxErrors(listener.problems);
        unit = lowerTriggerUnit(cst, source);
    } else {
        const cst = parser.anonymousUnit();
        if (listener.problems.length) throw new ApexSyntaxErrors(listener.problems);
        unit = lowerAnonymousUnit(cst, source);
    }
    if (cacheFile) {
        fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
        fs.writeFileSync(cacheFile, JSON.stringify(unit));
    }
    return unit;
}

function cachePath(cacheDir: string, source: string, kind: UnitKind): string {
    const hash = createHash('sha256')
        .update(`${PARSER_VERSION}\0${LOWERING_VERSION}\0${kind}\0`)
        .update(source)
        .digest('hex');
    return path.join(cacheDir, `${hash.slice(0, 40)}.json`);
}
