/**
 * apexrt command line:
 *   tsx tools/apexrt/cli.ts test [--source-dir force-app] [--class A,B] [--method A.m,B.n] [--reporter console,junit,json] [--output-dir test-results] [--min-coverage N]
 *   tsx tools/apexrt/cli.ts run <file.apex> [--source-dir force-app]
 *   tsx tools/apexrt/cli.ts census [--source-dir force-app]
 * `test` exits 1 on any failing/unsupported test, on compile errors and when coverage is below --min-coverage.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApexUnsupported } from './core/values';
import { startModuleWorker } from './core/ts-worker';
import { abbreviateStack } from './reporters/console';
import {
    census,
    formatCensus,
    formatConsoleReport,
    formatJson,
    formatJUnit,
    loadProject,
    platformTestHooks,
    runAnonymous,
    runQueuedWork
} from './index';
import { RunContext } from './interpreter/context';
import { addAnonymous } from './loader/program';
import { PlatformState } from './platform/platform-state';
import { totalCoveragePercent } from './line-coverage/coverage';
import { ApexSyntaxErrors } from './parser/parse';
import { ApexCompileError } from './types/registry';
import { runTests } from './runner/test-runner';

interface Args {
    command: string;
    positional: string[];
    flags: Record<string, string>;
}

function parseArgs(argv: string[]): Args {
    const [command = 'help', ...rest] = argv;
    const positional: string[] = [];
    const flags: Record<string, string> = {};
    for (let i = 0; i < rest.length; i++) {
        const a = rest[i];
        if (a.startsWith('--')) {
            const [k, v] = a.slice(2).split('=');
            flags[k] = v ?? (rest[i + 1] && !rest[i + 1].startsWith('--') ? rest[++i] : 'true');
        } else positional.push(a);
    }
    return { command, positional, flags };
}

function testCommand(args: Args): number {
    const classes = args.flags.class?.split(',').map((s) => s.trim());
    const methods = args.flags.method?.split(',').map((s) => s.trim());
    // A class that does not load (something apexrt lacks, a compile error) is reported; the others run. With
    // --class/--method only the named classes and what they name are loaded up front.
    const only =
        classes || methods ? [...(classes ?? []), ...(methods ?? []).map((m) => m.replace(/\.[^.]*$/, ''))] : undefined;
    const program = loadProject({ sourceDir: args.flags['source-dir'], isolate: true, only });
    const result = runTests(program, {
        dataLayer: () => program.newDataLayer(),
        testHooks: platformTestHooks,
        classes,
        methods
    });
    // --reporter takes a comma-separated list. With --output-dir, json goes to <dir>/apex.json and junit to
    // <dir>/apex-junit.xml; a lone `--reporter json` without --output-dir prints the JSON (sf-like) on stdout.
    const reporters = (args.flags.reporter ?? 'console').split(',').map((r) => r.trim());
    const unknown = reporters.filter((r) => !['console', 'json', 'junit'].includes(r));
    if (unknown.length) throw new Error(`unknown reporter(s): ${unknown.join(', ')} (console, json, junit)`);
    const outputDir = args.flags['output-dir'] ?? 'test-results';
    const json = JSON.stringify({ status: 0, result: formatJson(result) }, null, 2) + '\n';
    if (reporters.includes('json')) {
        if (args.flags['output-dir'] === undefined && reporters.length === 1) process.stdout.write(json);
        else {
            fs.mkdirSync(outputDir, { recursive: true });
            fs.writeFileSync(path.join(outputDir, 'apex.json'), json);
        }
    }
    if (reporters.includes('junit')) {
        fs.mkdirSync(outputDir, { recursive: true });
        fs.writeFileSync(path.join(outputDir, 'apex-junit.xml'), formatJUnit(result));
    }
    if (reporters.includes('console') || (reporters.includes('junit') && !reporters.includes('json'))) {
        process.stdout.write(
            formatConsoleReport(result, {
                showCoverage: args.flags['min-coverage'] !== undefined || !!args.flags.coverage
            }) + '\n'
        );
    }
    const notLoaded = [...(program.notLoaded ?? [])];
    if (notLoaded.length) {
        process.stdout.write(`apex: ${notLoaded.length} class(es) not loaded:\n`);
        for (const [cls, reason] of notLoaded) process.stdout.write(`  ${cls.fullName}: not loaded: ${reason}\n`);
    }
    let failed = notLoaded.length > 0 || result.tests.some((t) => t.outcome !== 'Pass');
    if (args.flags['min-coverage'] !== undefined) {
        const min = Number(args.flags['min-coverage']);
        const pct = totalCoveragePercent(result.coverage);
        if (result.coverage.length && pct < min) {
            process.stderr.write(`apex coverage ${pct}% is below the minimum ${min}%\n`);
            failed = true;
        }
    }
    return failed ? 1 : 0;
}

/**
 * Executes an anonymous block against a fresh in-memory org of the project (schema, custom metadata, triggers),
 * then the asynchronous work it left (platform events, Queueables, @future), each in its own transaction.
 * Callouts have nowhere to go here and fail loudly; the local org (tools/local-org) routes them to the emulator.
 */
function runCommand(args: Args): number {
    const file = args.positional[0];
    if (!file) throw new Error('usage: apexrt run <file.apex>');
    const project = loadProject({ sourceDir: args.flags['source-dir'] });
    const { program } = addAnonymous(project, fs.readFileSync(file, 'utf8'));
    const run = new RunContext({ data: project.newDataLayer(), org: new PlatformState() });
    const result = runAnonymous(program, run);
    if (!result.exception) runQueuedWork(run);
    for (const l of run.debugLines) process.stdout.write(`${l}\n`);
    if (result.exception) {
        const stack = abbreviateStack(result.exception.stackTrace).join('\n');
        process.stdout.write(`EXCEPTION: ${result.exception.type}: ${result.exception.message}\n${stack}\n`);
        return 1;
    }
    return 0;
}

function censusCommand(args: Args): number {
    // With the data layer's types (SObjects, Schema, Database) so only truly unknown members are listed.
    const program = loadProject({ sourceDir: args.flags['source-dir'], skipChecks: true });
    process.stdout.write(formatCensus(census(program)) + '\n');
    return 0;
}

export function main(argv: string[]): number {
    const args = parseArgs(argv);
    try {
        switch (args.command) {
            case 'test':
                return testCommand(args);
            case 'run':
                return runCommand(args);
            case 'census':
                return censusCommand(args);
            default:
                process.stdout.write('usage: apexrt test|run <file.apex>|census [--source-dir dir]\n');
                return args.command === 'help' ? 0 : 2;
        }
    } catch (e) {
        if (e instanceof ApexSyntaxErrors || e instanceof ApexCompileError) {
            process.stderr.write(`${e.message}\n`);
            if (args.command === 'test') process.stdout.write('apex: compile errors, no tests ran\n');
            return 1;
        }
        if (e instanceof ApexUnsupported) {
            process.stderr.write(`${e.message}\n`);
            return 1;
        }
        throw e;
    }
}

/** Runs the CLI in a worker thread with a large stack (Apex recursion up to the platform's depth limit). */
function runInLargeStackWorker(argv: string[]): void {
    const worker = startModuleWorker(__filename, 'main', argv);
    worker.on('message', (exitCode: number) => (process.exitCode = exitCode));
    worker.on('error', (e) => {
        process.stderr.write(`${e.stack ?? String(e)}\n`);
        process.exitCode = 2;
    });
}

if (require.main === module) runInLargeStackWorker(process.argv.slice(2));
