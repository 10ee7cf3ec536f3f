import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { loadProject } from '../index';
import { formatConsoleReport, summaryLine } from '../reporters/console';
import { formatJson } from '../reporters/json';
import { formatJUnit } from '../reporters/junit';
import { ApexCompileError } from '../types/registry';
import { ApexSyntaxErrors } from '../parser/parse';
import { runTests, TestRunResult } from './test-runner';
import { main } from '../cli';

const FIXTURES = path.join(__dirname, '..', 'fixtures');

function runFixture(name: string): TestRunResult {
    const program = loadProject({
        sourceDir: path.join(FIXTURES, name),
        root: FIXTURES,
        diskCache: false,
        namespace: 'cosell'
    });
    return runTests(program);
}

describe('load isolation', () => {
    const load = (only?: string[]) =>
        loadProject({
            sourceDir: path.join(FIXTURES, 'isolation'),
            root: FIXTURES,
            diskCache: false,
            isolate: true,
            only
        });
    const outcomes = (only?: string[]) => {
        const program = load(only);
        const result = runTests(program, { classes: only });
        return {
            program,
            tests: Object.fromEntries(
                result.tests.map((t) => [`${t.className}.${t.methodName}`, `${t.outcome}: ${t.message ?? ''}`])
            )
        };
    };

    it('runs what loads; a class using something apexrt lacks, or with a compile error, does not load, loudly', () => {
        const { program, tests } = outcomes();
        expect(Object.fromEntries([...program.notLoaded!].map(([c, r]) => [c.fullName, r]))).toEqual({
            Lacking: 'type Unknown.Thing (isolation/classes/Lacking.cls:2)',
            LackingTest: 'type Unknown.Thing (isolation/classes/LackingTest.cls:5)',
            Miswritten: 'compile error: Illegal assignment from String to Integer (isolation/classes/Miswritten.cls:3)'
        });
        expect(tests).toEqual({
            'GoodTest.two': 'Pass: ',
            'LackingTest.one': 'Unsupported: not loaded: type Unknown.Thing (isolation/classes/LackingTest.cls:5)',
            'MixedTest.usesGood': 'Pass: ',
            'MixedTest.usesLacking':
                'Unsupported: not supported by apexrt: class Lacking not loaded: type Unknown.Thing (isolation/classes/Lacking.cls:2) (isolation/classes/MixedTest.cls:9)'
        });
    });

    it('with --class, checks only the class and what it names', () => {
        const { program, tests } = outcomes(['GoodTest']);
        expect(program.notLoaded!.size).toBe(0);
        expect(tests).toEqual({ 'GoodTest.two': 'Pass: ' });
    });
});

describe('test runner on the basic fixture project', () => {
    const result = runFixture('basic-project');
    const byName = Object.fromEntries(result.tests.map((t) => [t.methodName, t]));

    it('discovers @IsTest methods and testMethod methods, alphabetically, but not @TestSetup', () => {
        expect(result.tests.map((t) => t.methodName)).toEqual([
            'addsNumbers',
            'customExceptionIsCaught',
            'failingAssertion',
            'startStopTwice',
            'uncaughtException',
            'unsupportedConstruct'
        ]);
    });

    it('passes tests and resets statics per method after @TestSetup', () => {
        expect(byName.addsNumbers.outcome).toBe('Pass');
        expect(byName.customExceptionIsCaught.outcome).toBe('Pass');
    });

    it('reports a failing assertion with its message and Apex line', () => {
        expect(byName.failingAssertion).toMatchObject({
            outcome: 'Fail',
            message: 'System.AssertException: Assertion Failed: Expected: 6, Actual: 5',
            stackTrace: 'Class.CalculatorTest.failingAssertion: line 18, column 1'
        });
    });

    it('reports an uncaught exception with the full Apex stack', () => {
        expect(byName.uncaughtException).toMatchObject({
            outcome: 'Fail',
            message: 'System.MathException: Divide by 0',
            stackTrace:
                'Class.Calculator.divide: line 18, column 1\nClass.CalculatorTest.uncaughtException: line 24, column 1'
        });
    });

    it('reports unsupported constructs separately, naming construct and line', () => {
        expect(byName.unsupportedConstruct.outcome).toBe('Unsupported');
        expect(byName.unsupportedConstruct.message).toMatch(
            /not supported by apexrt: System\.runAs without the data layer \(.*CalculatorTest\.cls:40\)/
        );
    });

    it('Test.stopTest twice is an error', () => {
        expect(byName.startStopTwice).toMatchObject({
            outcome: 'Fail',
            message: 'System.FinalException: Testing already stopped'
        });
    });

    it('measures line coverage of non-test classes', () => {
        expect(result.coverage.map((c) => c.name)).toEqual(['Calculator']);
        const cov = result.coverage[0];
        // neverCalled() (line 29) never runs; add() (line 13) and the static initialiser (line 2) do
        expect(cov.lines[29]).toBe(0);
        expect(cov.lines[13]).toBe(1);
        expect(cov.lines[2]).toBe(1);
        expect(cov.totalLines).toBe(10);
        expect(cov.coveredPercent).toBe(80);
    });

    it('console reporter ends with the exact summary line', () => {
        const text = formatConsoleReport(result);
        const lines = text.split('\n');
        expect(lines[lines.length - 1]).toBe('apex: 2 passed, 4 failed');
        expect(text).toContain(
            'FAIL CalculatorTest.failingAssertion: System.AssertException: Assertion Failed: Expected: 6, Actual: 5'
        );
        expect(text).toContain('    Class.CalculatorTest.failingAssertion: line 18, column 1');
        expect(text).toContain('UNSUPPORTED CalculatorTest.unsupportedConstruct');
        expect(summaryLine({ tests: [], coverage: [], runTimeMs: 0 })).toBe('apex: 0 passed, 0 failed');
    });

    it('JUnit reporter writes well-formed XML with failures', () => {
        const xml = new XMLParser({ ignoreAttributes: false }).parse(formatJUnit(result));
        expect(xml.testsuites['@_tests']).toBe('6');
        expect(xml.testsuites['@_failures']).toBe('4');
        const cases = xml.testsuites.testsuite.testcase;
        const failing = cases.find((c: { '@_name': string }) => c['@_name'] === 'failingAssertion');
        expect(failing.failure['@_type']).toBe('System.AssertException');
    });

    it('JSON reporter has the sf apex run test shape', () => {
        const json = formatJson(result) as {
            summary: Record<string, unknown>;
            tests: Array<Record<string, unknown>>;
            coverage: { coverage: Array<Record<string, unknown>> };
        };
        expect(json.summary).toMatchObject({ outcome: 'Failed', testsRan: 6, passing: 2, failing: 4 });
        expect(json.tests[0]).toMatchObject({ FullName: 'CalculatorTest.addsNumbers', Outcome: 'Pass', Message: null });
        expect(json.coverage.coverage[0]).toMatchObject({ name: 'Calculator', totalLines: 10, coveredPercent: 80 });
    });
});

describe('a realistic project (inner classes, interfaces, Type.forName, custom exceptions, enums)', () => {
    it('passes its own tests with coverage', () => {
        const result = runFixture('realistic-project');
        expect(result.tests.map((t) => `${t.methodName}:${t.outcome}:${t.message ?? ''}`)).toEqual([
            'extensionLoadedByName:Pass:',
            'mapsKnownStatus:Pass:',
            'unknownStatusThrows:Pass:'
        ]);
        expect(result.coverage.map((c) => [c.name, c.coveredLines, c.totalLines])).toEqual([
            ['ReferralMapper', 30, 34]
        ]);
    });
});

describe('compile and syntax errors', () => {
    it('reports compile errors with file and line before running', () => {
        expect(() => runFixture('compile-error')).toThrow(ApexCompileError);
        try {
            runFixture('compile-error');
        } catch (e) {
            const msgs = (e as ApexCompileError).problems.map(
                (p) => `${path.basename(p.file)}:${p.line}: ${p.message}`
            );
            expect(msgs).toEqual([
                'Broken.cls:4: Variable does not exist: missingVariable',
                'Broken.cls:8: Missing return statement required return type: Integer',
                'Broken.cls:15: Illegal assignment from Integer to String',
                'Broken.cls:16: Method does not exist or incorrect signature: unknownMethod() from the type Helper'
            ]);
        }
    });

    it('reports syntax errors with file:line:col', () => {
        expect(() => runFixture('syntax-error')).toThrow(ApexSyntaxErrors);
        expect(() => runFixture('syntax-error')).toThrow(/Bad\.cls:3:21: mismatched input ';'/);
    });
});

describe('cli', () => {
    function capture(argv: string[]): { code: number; out: string } {
        const chunks: string[] = [];
        const spyOut = jest
            .spyOn(process.stdout, 'write')
            .mockImplementation((c: string | Uint8Array) => (chunks.push(String(c)), true));
        const spyErr = jest
            .spyOn(process.stderr, 'write')
            .mockImplementation((c: string | Uint8Array) => (chunks.push(String(c)), true));
        const cwd = process.cwd();
        try {
            process.chdir(FIXTURES);
            return { code: main(argv), out: chunks.join('') };
        } finally {
            process.chdir(cwd);
            spyOut.mockRestore();
            spyErr.mockRestore();
        }
    }

    it('test exits 1 on failures and prints the summary line', () => {
        const r = capture(['test', '--source-dir', 'basic-project']);
        expect(r.code).toBe(1);
        expect(r.out.trimEnd().split('\n').pop()).toBe('apex: 2 passed, 4 failed');
    });

    it('test with zero test classes prints 0/0 and exits 0', () => {
        const r = capture(['test', '--source-dir', 'no-such-dir']);
        expect(r).toEqual({ code: 0, out: 'apex: 0 passed, 0 failed\n' });
    });

    it('--class filters and --min-coverage gates', () => {
        const r = capture([
            'test',
            '--source-dir',
            'basic-project',
            '--class',
            'CalculatorTest',
            '--min-coverage',
            '90'
        ]);
        expect(r.code).toBe(1);
        expect(r.out).toContain('apex coverage 80% is below the minimum 90%');
    });

    it('--method runs single test methods', () => {
        const r = capture([
            'test',
            '--source-dir',
            'basic-project',
            '--method',
            'CalculatorTest.addsNumbers,calculatortest.FAILINGASSERTION'
        ]);
        expect(r.out.trimEnd().split('\n').pop()).toBe('apex: 1 passed, 1 failed');
    });

    it('--reporter console,json,junit with --output-dir writes both result files', () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), 'apexrt-cli-'));
        const r = capture([
            'test',
            '--source-dir',
            'basic-project',
            '--reporter',
            'console,json,junit',
            '--output-dir',
            out
        ]);
        expect(r.out.trimEnd().split('\n').pop()).toBe('apex: 2 passed, 4 failed');
        const json = JSON.parse(fs.readFileSync(path.join(out, 'apex.json'), 'utf8'));
        expect(json.result.summary).toMatchObject({ passing: 2, failing: 4 });
        const junit = fs.readFileSync(path.join(out, 'apex-junit.xml'), 'utf8');
        expect(junit).toMatch(/<testsuite[^>]*tests="6"[^>]*failures="4"/);
    });

    it('census lists only what apexrt lacks, with counts', () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apexrt-census-'));
        fs.writeFileSync(
            path.join(dir, 'Uses.cls'),
            `public class Uses implements Queueable, System.Finalizer {
                public static void m() {
                    Account a = new Account(Name = 'x');
                    Blob b = Blob.valueOf('x');
                    System.enqueueJob(null);
                    Auth.JWT jwt = null;
                    auth.jwt other = null;
                    Id i = a.Id;
                    System.debug(i.getSObjectType());
                    System.debug(i.getSobjectType());
                    System.debug(new List<Account>().getSObjectType());
                    System.debug(Request.getCurrent().getQuiddity());
                    List<Metadata.Metadata> components = null;
                    System.debug(new List<Integer>().iterator());
                    System.debug(JSON.createParser('{}'));
                }
                public void execute(QueueableContext c) {}
                public void execute(FinalizerContext c) {}
            }`
        );
        const r = capture(['census', '--source-dir', dir]);
        expect(r.code).toBe(0);
        // Implemented: SObjects, Blob, enqueueJob, Id/List.getSObjectType, Request, List.iterator, the job interfaces.
        // Lacking: Auth.JWT (two spellings, one construct) and JSON.createParser.
        expect(r.out).toBe(
            '    2  type Auth.JWT\n    1  JSON.createParser\ncensus: 2 constructs apexrt lacks (3 uses)\n'
        );
    });
});
