/**
 * The import-cycle gate: each case plants modules in a temporary project with the tools' module settings and runs
 * the real gate on it (the same scope as the repository: tools/ and scripts/, fixtures not checked).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { findImportCycles, importsOf, projectScope } from './import-cycles';

const TSCONFIG = JSON.stringify({
    compilerOptions: { module: 'node16', moduleResolution: 'node16', strict: true, noEmit: true },
    include: ['tools/**/*.ts', 'scripts/**/*.ts']
});

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function plant(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-cycles-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries({ 'tsconfig.tools.json': TSCONFIG, ...files })) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
}

const cycles = (dir: string): ReturnType<typeof findImportCycles> => findImportCycles(projectScope(dir));

describe('import-cycle gate', () => {
    it('passes an acyclic graph, type-only imports back included', () => {
        const dir = plant({
            'tools/a.ts':
                "import { b } from './b';\nexport const a = (): number => b() + 1;\nexport type A = number;\n",
            'tools/b.ts': "import { c } from './lib/c';\nexport const b = (): number => c;\n",
            'tools/lib/c.ts':
                "import type { A } from '../a';\nimport { type A as B } from '../a';\nexport const c: A | B = 1;\n",
            'scripts/run.ts': "import { a } from '../tools/a';\nimport fs from 'node:fs';\nconsole.log(a(), fs);\n"
        });
        expect(cycles(dir)).toEqual([]);
    });

    it('fails a two-file cycle and names both files', () => {
        const dir = plant({
            'tools/a.ts': "import { b } from './b';\nexport const a = 1 + b;\n",
            'tools/b.ts':
                "export const b = 2;\nexport const twice = async (): Promise<number> => (await import('./a')).a * 2;\n"
        });
        const found = cycles(dir);
        expect(found).toHaveLength(1);
        expect(found[0]).toMatchObject({ gate: 'import-cycle', file: 'tools/a.ts', line: 1 });
        expect(found[0].message).toBe(
            'import cycle: tools/a.ts:1 → tools/b.ts:2 → tools/a.ts (files in the cycle: tools/a.ts, tools/b.ts)'
        );
    });

    it('fails a three-file cycle and names the three files', () => {
        const dir = plant({
            'scripts/one.ts': "import { two } from './two';\nexport const one = two;\n",
            'scripts/two.ts': "import { three } from '../tools/three';\nexport const two = three;\n",
            'tools/three.ts': "\nimport '../scripts/one';\nexport const three = 3;\n"
        });
        const found = cycles(dir);
        expect(found.map((f) => f.message)).toEqual([
            'import cycle: scripts/one.ts:1 → scripts/two.ts:1 → tools/three.ts:2 → scripts/one.ts ' +
                '(files in the cycle: scripts/one.ts, scripts/two.ts, tools/three.ts)'
        ]);
    });

    it('follows a folder import through its index and a re-export', () => {
        const dir = plant({
            'tools/app.ts': "import { helper } from './lib';\nexport const name = 'app';\nexport const run = helper;\n",
            'tools/lib/index.ts': "export { helper } from './helper';\nexport * from './other';\n",
            'tools/lib/other.ts': 'export const other = 1;\n',
            'tools/lib/helper.ts': "import { name } from '../app';\nexport const helper = (): string => name;\n"
        });
        const found = cycles(dir);
        expect(found).toHaveLength(1);
        expect(found[0].message).toBe(
            'import cycle: tools/app.ts:1 → tools/lib/index.ts:1 → tools/lib/helper.ts:1 → tools/app.ts ' +
                '(files in the cycle: tools/app.ts, tools/lib/helper.ts, tools/lib/index.ts)'
        );
    });

    it('counts a cycle that passes through an unchecked file, not one among unchecked files only', () => {
        const dir = plant({
            'tools/a.ts': "import { f } from './fixtures/f';\nexport const a = f;\n",
            'tools/fixtures/f.ts':
                "import { a } from '../a';\nexport const f = 1;\nexport const back = (): number => a;\n",
            'tools/fixtures/g.ts': "import { h } from './h';\nexport const g = h;\n",
            'tools/fixtures/h.ts':
                "import { g } from './g';\nexport const h = 1;\nexport const back = (): number => g;\n"
        });
        expect(cycles(dir).map((f) => f.file)).toEqual(['tools/a.ts']);
    });

    it('reads which imports carry code', () => {
        const text = [
            "import type { A } from './a';",
            "import { type B, type C } from './b';",
            "import { type D, e } from './d';",
            "import def, { type F } from './f';",
            "import './side-effect';",
            "export type * from './types';",
            "export type { G } from './g';",
            "export * as ns from './ns';",
            'const later = () => import("./later");',
            "const notAnEdge = require('./required');"
        ].join('\n');
        expect(importsOf('x.ts', text)).toEqual([
            { specifier: './a', line: 1, typeOnly: true },
            { specifier: './b', line: 2, typeOnly: true },
            { specifier: './d', line: 3, typeOnly: false },
            { specifier: './f', line: 4, typeOnly: false },
            { specifier: './side-effect', line: 5, typeOnly: false },
            { specifier: './types', line: 6, typeOnly: true },
            { specifier: './g', line: 7, typeOnly: false },
            { specifier: './ns', line: 8, typeOnly: false },
            { specifier: './later', line: 9, typeOnly: false }
        ]);
    });

    it('fails the command with the cycle on stderr', () => {
        const dir = plant({
            'tools/a.ts': "import { b } from './b';\nexport const a = b;\n",
            'tools/b.ts': "import { a } from './a';\nexport const b = 1;\nexport const back = (): number => a;\n"
        });
        const tsx = path.join(__dirname, '../../node_modules/.bin/tsx');
        const run = spawnSync(tsx, [path.join(__dirname, '../check-import-cycles.ts'), '--project', dir], {
            encoding: 'utf8'
        });
        expect(run.status).toBe(1);
        expect(run.stderr).toContain(
            'tools/a.ts:1: [import-cycle] import cycle: tools/a.ts:1 → tools/b.ts:1 → tools/a.ts'
        );
        expect(run.stdout).toContain('check:import-cycles: 1 problem(s)');
    });
});
