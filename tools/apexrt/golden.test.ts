/**
 * Golden corpus runner. Each case is tools/apexrt/golden/<area>/<name>.apex (anonymous Apex) with <name>.expected
 * next to it: the expected System.debug messages one per line, and optionally a final line
 * `EXCEPTION: <Type>: <message>` when the snippet ends with an uncaught exception, or `UNSUPPORTED: <message>` when
 * apexrt refuses what the snippet does (a platform rule whose outcome is not documented: the loud failure is the
 * expected behaviour). Shared helper classes in
 * tools/apexrt/golden/classes/ and triggers in tools/apexrt/golden/schema/ are loaded for every case. Every case runs against a fresh in-memory org
 * whose schema is the standard objects plus the SFDX metadata in tools/apexrt/golden/schema/ (objects,
 * customMetadata), when present. Comparison is exact.
 *
 * An area may carry its own project in <area>/src/ (classes, triggers, objects): its cases then run against that
 * project alone (schema from its metadata) with the platform natives. A case whose first line is
 * `// golden: test` runs as a test method body would: in test context, with Test.startTest/stopTest running the
 * asynchronous work (platformTestHooks).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApexUnsupported } from './core/values';
import { SchemaRegistry } from './data';
import { dataRuntime, readPermissionSets } from './data-bridge';
import { readOrgConfig } from './data-bridge/org-config';
import { RunContext } from './interpreter/context';
import { buildProgram, UnitCache } from './loader/program';
import { findApexSources } from './loader/source-files';
import { defaultNatives } from './natives/default-natives';
import { runAnonymous } from './runner/execute';
import { platformTestHooks } from './platform/platform-natives';
import { HttpResponseValue } from './platform/http-values';
import { PlatformState } from './platform/platform-state';

const GOLDEN = path.join(__dirname, 'golden');

interface GoldenCase {
    area: string;
    name: string;
    apexFile: string;
    expectedFile: string;
}

function findCases(): GoldenCase[] {
    if (!fs.existsSync(GOLDEN)) return [];
    const cases: GoldenCase[] = [];
    for (const area of fs.readdirSync(GOLDEN, { withFileTypes: true })) {
        if (!area.isDirectory() || area.name === 'classes' || area.name === 'schema') continue;
        for (const f of fs.readdirSync(path.join(GOLDEN, area.name)).sort()) {
            if (f === 'src') continue;
            if (!f.endsWith('.apex')) continue;
            const apexFile = path.join(GOLDEN, area.name, f);
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
const data = dataRuntime(schema, defaultNatives());

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
                      data: dataRuntime(SchemaRegistry.fromSourceDir(src, { namespace: 'cosell' }), defaultNatives(), {
                          permissionSets: readPermissionSets(src),
                          orgConfig: readOrgConfig(src)
                      })
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

describe('golden corpus', () => {
    it('has a well-formed corpus (every .apex has an .expected)', () => {
        const missing = cases.filter((c) => !fs.existsSync(c.expectedFile)).map((c) => c.name);
        expect(missing).toEqual([]);
    });

    for (const c of cases) {
        it(c.name, () => {
            const own = areaProject(c.area);
            const caseData = own?.data ?? data;
            const source = fs.readFileSync(c.apexFile, 'utf8');
            const program = buildProgram(
                own?.classes ?? classes,
                { cache, namespace: 'cosell', natives: caseData.natives, providers: caseData.providers },
                source
            );
            const isTest = /^\/\/ golden: test\b/.test(source);
            const run = new RunContext({
                data: caseData.newDataLayer(program),
                isTest,
                testHooks: isTest ? platformTestHooks : undefined,
                // Outside tests an area's callouts reach a stub that answers 200 (the rules before the send are
                // what these cases show).
                org: own && !isTest ? new PlatformState(stubRouter) : undefined
            });
            let output: string[];
            try {
                const r = runAnonymous(program, run);
                output = renderGoldenOutput(r.debugLines, r.exception);
            } catch (e) {
                if (!(e instanceof ApexUnsupported)) throw e;
                output = [...run.debugLines, `UNSUPPORTED: ${e.message}`];
            }
            expect(output).toEqual(readExpected(c.expectedFile));
        });
    }
});
