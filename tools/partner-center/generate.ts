// `npm run generate` — writes the Apex generated from the Partner Center contract: PartnerCenterModels.cls,
// PartnerCenterClient.cls, PartnerCenterClientTest.cls and PartnerCenterFields.cls (each with its -meta.xml).
//   --check   exit 1 and name the files when the checked-in Apex differs from what the contract generates.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLIENT_CLASS, renderClient } from './generator/apex-client';
import { CLIENT_TEST_CLASS, renderClientTest } from './generator/apex-client-test';
import { FIELDS_CLASS, renderFields } from './generator/apex-fields';
import { MODELS_CLASS, renderModels } from './generator/apex-models';

const root = path.resolve(__dirname, '..', '..');
/** The generated client, models and client test live with the gateway in the package's Partner Center API folder. */
const classesDir = path.join(root, 'force-app', 'main', 'default', 'classes', 'partner-center-api');
const META = `<?xml version="1.0" encoding="UTF-8" ?>
<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">
    <apiVersion>65.0</apiVersion>
    <status>Active</status>
</ApexClass>
`;

/** Each generated class and the function rendering its (unformatted) source. */
export const GENERATED_CLASSES: Record<string, () => string> = {
    [MODELS_CLASS]: renderModels,
    [CLIENT_CLASS]: renderClient,
    [CLIENT_TEST_CLASS]: renderClientTest,
    [FIELDS_CLASS]: renderFields
};

/** Apex formatted as the project formats it (prettier-plugin-apex, .prettierrc). */
function formatApex(name: string, source: string): string {
    const prettier = path.join(root, 'node_modules', '.bin', 'prettier');
    const formatted = spawnSync(prettier, ['--stdin-filepath', `${name}.cls`], {
        cwd: root,
        input: source,
        encoding: 'utf8'
    });
    if (formatted.status !== 0) throw new Error(`prettier could not format ${name}.cls: ${formatted.stderr}`);
    return formatted.stdout;
}

/** The generated files (name → content). */
export function generatedFiles(): Record<string, string> {
    const files: Record<string, string> = {};
    for (const [name, render] of Object.entries(GENERATED_CLASSES)) {
        files[`${name}.cls`] = formatApex(name, render());
        files[`${name}.cls-meta.xml`] = META;
    }
    return files;
}

/** Files whose checked-in content differs from the generated one. */
export function staleFiles(dir = classesDir): string[] {
    return Object.entries(generatedFiles())
        .filter(
            ([name, content]) =>
                !fs.existsSync(path.join(dir, name)) || fs.readFileSync(path.join(dir, name), 'utf8') !== content
        )
        .map(([name]) => path.relative(root, path.join(dir, name)));
}

function main(): void {
    if (process.argv.includes('--check')) {
        const stale = staleFiles();
        if (stale.length) {
            console.error(`generated Apex is stale (run npm run generate): ${stale.join(', ')}`);
            process.exit(1);
        }
        console.log('generated Apex is current');
        return;
    }
    const files = generatedFiles();
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(classesDir, name), content);
    console.log(`wrote ${Object.keys(files).join(', ')}`);
}

if (require.main === module) main();
