/**
 * Packaging and deploying build the components first and stop on a bundle without its deployable .js (issue 23,
 * item 6); the package version is built in an org made from the project's definition file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { preflight, sfArguments } from './package-build';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function project(files: Record<string, string>, packageDirectory: Record<string, unknown>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'package-build-'));
    dirs.push(dir);
    const all = {
        'sfdx-project.json': JSON.stringify({ packageDirectories: [packageDirectory], sourceApiVersion: '65.0' }),
        ...files
    };
    for (const [name, text] of Object.entries(all)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
}

const BUNDLE = 'force-app/main/default/lwc/coSellPanel';
const PACKAGED = {
    path: 'force-app',
    default: true,
    package: 'Partner Center Co-Sell',
    definitionFile: 'config/project-scratch-def.json'
};

describe('package build preflight', () => {
    test('a bundle with only its TypeScript source fails, naming the bundle', () => {
        const dir = project(
            {
                [`${BUNDLE}/coSellPanel.ts`]: 'export default class {}\n',
                [`${BUNDLE}/coSellPanel.html`]: '<template></template>\n',
                [`${BUNDLE}/coSellPanel.js-meta.xml`]: '<LightningComponentBundle/>\n'
            },
            PACKAGED
        );
        expect(preflight(dir)).toEqual([
            expect.objectContaining({
                file: BUNDLE,
                message: 'LWC bundle without its deployable coSellPanel.js (run npm run build:lwc)'
            })
        ]);
    });

    test('a built bundle passes', () => {
        const dir = project(
            {
                [`${BUNDLE}/coSellPanel.ts`]: 'export default class {}\n',
                [`${BUNDLE}/coSellPanel.js`]: 'export default class {}\n',
                [`${BUNDLE}/coSellPanel.html`]: '<template></template>\n',
                [`${BUNDLE}/coSellPanel.js-meta.xml`]: '<LightningComponentBundle/>\n'
            },
            PACKAGED
        );
        expect(preflight(dir)).toEqual([]);
    });
});

describe('sf commands', () => {
    test('the package version is built in an org made from the definition file', () => {
        expect(sfArguments(project({}, PACKAGED), 'version', ['--target-dev-hub', 'hub'])).toEqual([
            'package',
            'version',
            'create',
            '--package',
            'Partner Center Co-Sell',
            '--definition-file',
            'config/project-scratch-def.json',
            '--code-coverage',
            '--installation-key-bypass',
            '--wait',
            '30',
            '--target-dev-hub',
            'hub'
        ]);
    });

    test('a deploy runs the local tests', () => {
        expect(sfArguments(project({}, PACKAGED), 'deploy', ['--target-org', 'cosell-dev'])).toEqual([
            'project',
            'deploy',
            'start',
            '--source-dir',
            'force-app',
            '--test-level',
            'RunLocalTests',
            '--target-org',
            'cosell-dev'
        ]);
    });

    test('a directory without a package cannot be packaged', () => {
        expect(() => sfArguments(project({}, { path: 'force-app', default: true }), 'version', [])).toThrow(
            'names no package'
        );
    });
});
