/**
 * Golden corpus runner. Each case is tools/apexrt/golden/<area>/<name>.apex (anonymous Apex) with <name>.expected
 * next to it: the expected System.debug messages one per line, and optionally a final line
 * `EXCEPTION: <Type>: <message>` when the snippet ends with an uncaught exception, or `UNSUPPORTED: <message>` when
 * apexrt refuses what the snippet does (a platform rule whose outcome is not documented: the loud failure is the
 * expected behaviour), or only `COMPILE ERROR: <line>: <message>` lines when the snippet does not compile. Shared helper classes in
 * tools/apexrt/golden/classes/ and triggers in tools/apexrt/golden/schema/ are loaded for every case. Every case runs against a fresh in-memory org
 * whose schema is the standard objects plus the SFDX metadata in tools/apexrt/golden/schema/ (objects,
 * customMetadata), when present. Comparison is exact.
 *
 * An area may carry its own project in <area>/src/ (classes, triggers, objects, cachePartitions), and an org shape
 * in <area>/org-shape.json (multi-currency and its currencies): its cases then run against that project alone
 * (schema from its metadata) with the platform natives. A case whose first line is
 * `// golden: test` runs as a test method body would: in test context, with Test.startTest/stopTest running the
 * asynchronous work (platformTestHooks).
 *
 * Known gaps are run, not parked: tools/apexrt/golden-pending/<area>/ holds cases in the same format that
 * document platform behaviour apexrt does not reproduce yet. They run as declared expected failures (as
 * engine262's expected-failure list does): each must still fail — an error, or output other than its .expected —
 * and the suite fails when one starts passing, so that it is moved to golden/.
 *
 * A case whose first line is `// golden: async` runs outside tests and
 * then runs the asynchronous work it left, as the local org would after the commit (chained jobs included).
 * Every case runs in a Developer Edition org (Organization.OrganizationType, as apexrt's default org), where Queueable
 * chains end at depth 5; `// golden: async enterprise-edition` runs one in an Enterprise Edition org instead.
 * A case whose first line is `// golden: state-country-picklists` runs against the corpus schema of an org with
 * State and Country/Territory Picklists enabled.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApexUnsupported } from './core/values';
import { SchemaRegistry } from './data';
import { dataRuntime, readPermissionSetGroups, readPermissionSets } from './data-bridge';
import { readOrgConfig } from './data-bridge/org-config';
import { readOrgShape } from './index';
import { RunContext } from './interpreter/context';
import { buildProgram, UnitCache } from './loader/program';
import { findApexSources } from './loader/source-files';
import { defaultNatives } from './natives/default-natives';
import { runAnonymous, runTrigger } from './runner/execute';
import { platformTestHooks, runQueuedWork } from './platform/platform-natives';
import { HttpResponseValue } from './platform/http-values';
import { PlatformState } from './platform/platform-state';
import { ApexError } from './interpreter/runtime-values';
import { ApexCompileError, problemText } from './types/registry';
import { describeException } from './runner/execute';

const GOLDEN = path.join(__dirname, 'golden');
const PENDING = path.join(__dirname, 'golden-pending');

interface GoldenCase {
    area: string;
    name: string;
    apexFile: string;
    expectedFile: string;
}

function findCases(root = GOLDEN): GoldenCase[] {
    if (!fs.existsSync(root)) return [];
    const cases: GoldenCase[] = [];
    for (const area of fs.readdirSync(root, { withFileTypes: true })) {
        if (!area.isDirectory() || area.name === 'classes' || area.name === 'schema') continue;
        for (const f of fs.readdirSync(path.join(root, area.name)).sort()) {
            if (f === 'src') continue;
            if (!f.endsWith('.apex')) continue;
            const apexFile = path.join(root, area.name, f);
            cases.push({
                area: area.name,
                name: `${area.name}/${f.replace(/\.apex$/, '')}`,
                apexFile,
                expectedFile: apexFile.replace(/\.apex$/, '.expected')
            });
        }
    }
    return cases;
}

/** Renders a run the way .expected files are written. */
export function renderGoldenOutput(
    debugLines: string[],
    exception?: { type: string; message: string | null }
): string[] {
    const lines = [...debugLines];
    if (exception) lines.push(`EXCEPTION: ${exception.type}: ${exception.message ?? 'null'}`);
    return lines;
}

function readExpected(file: string): string[] {
    const text = fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    return lines;
}

const cases = findCases();
// Apex sources of the corpus: helper classes (classes/) and the triggers on the golden schema's objects (schema/).
const classes = ['classes', 'schema']
    .map((d) => path.join(GOLDEN, d))
    .filter((d) => fs.existsSync(d))
    .flatMap((d) => findApexSources(d, GOLDEN));
const cache = new UnitCache(path.join(__dirname, '..', '..', '.apexrt-cache'));
const schemaDir = path.join(GOLDEN, 'schema');
const schema = fs.existsSync(schemaDir)
    ? SchemaRegistry.fromSourceDir(schemaDir, { namespace: 'cosell' })
    : SchemaRegistry.standardOnly({ namespace: 'cosell' });
const data = dataRuntime(schema, defaultNatives(), { runTrigger });
/** The same corpus in an org with State and Country/Territory Picklists (built on first use). */
let picklistData: typeof data | undefined;
function statePicklistData(): typeof data {
    picklistData ??= dataRuntime(
        fs.existsSync(schemaDir)
            ? SchemaRegistry.fromSourceDir(schemaDir, { namespace: 'cosell', stateAndCountryPicklists: true })
            : SchemaRegistry.standardOnly({ namespace: 'cosell', stateAndCountryPicklists: true }),
        defaultNatives(),
        { runTrigger }
    );
    return picklistData;
}

/** An area's org shape (<area>/org-shape.json, e.g. multi-currency), or none. */
function areaOrgShape(area: string): ReturnType<typeof readOrgShape> | undefined {
    const file = path.join(GOLDEN, area, 'org-shape.json');
    return fs.existsSync(file) ? readOrgShape(file) : undefined;
}

/** An area's own project (<area>/src), loaded once per area. */
const areaProjects = new Map<string, { classes: typeof classes; data: typeof data } | null>();
function areaProject(area: string): { classes: typeof classes; data: typeof data } | null {
    if (!areaProjects.has(area)) {
        const src = path.join(GOLDEN, area, 'src');
        areaProjects.set(
            area,
            fs.existsSync(src)
                ? {
                      classes: findApexSources(src, GOLDEN),
                      data: dataRuntime(
                          SchemaRegistry.fromSourceDir(src, { namespace: 'cosell', ...areaOrgShape(area) }),
                          defaultNatives(),
                          {
                              permissionSets: readPermissionSets(src),
                              permissionSetGroups: readPermissionSetGroups(src),
                              orgConfig: readOrgConfig(src),
                              runTrigger
                          }
                      )
                  }
                : null
        );
    }
    return areaProjects.get(area)!;
}

function stubRouter(): HttpResponseValue {
    const response = new HttpResponseValue();
    response.statusCode = 200;
    return response;
}

/** Runs one case (a pending case against the main corpus's schema and classes) and renders its output. */
function runCase(c: GoldenCase, own = areaProject(c.area)): string[] {
    const source = fs.readFileSync(c.apexFile, 'utf8');
    const caseData = own?.data ?? (/^\/\/ golden: state-country-picklists\b/.test(source) ? statePicklistData() : data);
    let program: ReturnType<typeof buildProgram>;
    try {
        program = buildProgram(
            own?.classes ?? classes,
            { cache, namespace: 'cosell', natives: caseData.natives, providers: caseData.providers },
            source
        );
    } catch (e) {
        if (!(e instanceof ApexCompileError)) throw e;
        return e.problems.map((p) => `COMPILE ERROR: ${p.line}: ${problemText(p)}`);
    }
    const isTest = /^\/\/ golden: test\b/.test(source);
    const async = /^\/\/ golden: async\b/.exec(source);
    const edition = /^\/\/ golden: async enterprise-edition\b/.test(source) ? 'Enterprise Edition' : undefined;
    const run = new RunContext({
        data: caseData.newDataLayer(program, { organizationType: edition }),
        isTest,
        testHooks: isTest ? platformTestHooks : undefined,
        // Outside tests an area's callouts reach a stub that answers 200 (the rules before the send are what these
        // cases show).
        org: own && !isTest ? new PlatformState(stubRouter) : undefined
    });
    try {
        let r = runAnonymous(program, run);
        if (async && !r.exception) {
            try {
                runQueuedWork(run);
            } catch (e) {
                if (!(e instanceof ApexError)) throw e;
                r = { ...r, exception: describeException(e.obj) };
            }
        }
        return renderGoldenOutput(r.debugLines, r.exception);
    } catch (e) {
        if (!(e instanceof ApexUnsupported)) throw e;
        return [...run.debugLines, `UNSUPPORTED: ${e.message}`];
    }
}

describe('golden corpus', () => {
    it('has a well-formed corpus (every .apex has an .expected)', () => {
        const missing = cases.filter((c) => !fs.existsSync(c.expectedFile)).map((c) => c.name);
        expect(missing).toEqual([]);
    });

    for (const c of cases) {
        it(c.name, () => {
            expect(runCase(c)).toEqual(readExpected(c.expectedFile));
        });
    }
});

const pending = findCases(PENDING);

describe('golden-pending: declared expected failures', () => {
    it('declares each gap with its expected platform output', () => {
        expect(pending.length).toBeGreaterThan(0);
        expect(pending.filter((c) => !fs.existsSync(c.expectedFile)).map((c) => c.name)).toEqual([]);
    });

    for (const c of pending) {
        it(`${c.name} still fails`, () => {
            let actual: string[];
            try {
                actual = runCase(c, null);
            } catch (e) {
                // The gap shows as an error (not supported, compile error): still an expected failure.
                expect(e).toBeInstanceOf(Error);
                return;
            }
            if (JSON.stringify(actual) === JSON.stringify(readExpected(c.expectedFile)))
                throw new Error(
                    `${c.name} now passes: move it from tools/apexrt/golden-pending/ to tools/apexrt/golden/`
                );
        });
    }
});
