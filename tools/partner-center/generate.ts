// `npm run generate` — writes the Apex generated from the Partner Center contract (PartnerCenterApi.cls).
//   --check   exit 1 and name the file when the checked-in Apex differs from what the contract generates.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GENERATED_CLASS, renderApex } from './generator/apex-request-builders';

const root = path.resolve(__dirname, '..', '..');
const classesDir = path.join(root, 'force-app', 'main', 'default', 'classes');
const META = `<?xml version="1.0" encoding="UTF-8" ?>
<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">
    <apiVersion>65.0</apiVersion>
    <status>Active</status>
</ApexClass>
`;

/** The generated files (name → content), formatted as the project formats Apex. */
export function generatedFiles(): Record<string, string> {
    const raw = renderApex();
    const prettier = path.join(root, 'node_modules', '.bin', 'prettier');
    const formatted = spawnSync(prettier, ['--stdin-filepath', `${GENERATED_CLASS}.cls`], {
        cwd: root,
        input: raw,
        encoding: 'utf8'
    });
    if (formatted.status !== 0) throw new Error(`prettier could not format the generated Apex: ${formatted.stderr}`);
    return { [`${GENERATED_CLASS}.cls`]: formatted.stdout, [`${GENERATED_CLASS}.cls-meta.xml`]: META };
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
    for (const [name, content] of Object.entries(generatedFiles()))
        fs.writeFileSync(path.join(classesDir, name), content);
    console.log(`wrote ${GENERATED_CLASS}.cls`);
}

if (require.main === module) main();
