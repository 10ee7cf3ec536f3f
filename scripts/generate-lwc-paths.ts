/**
 * Writes the `c/<component>` path mappings of every Lightning Web Component into tsconfig.json, so that `tsc`
 * resolves `import x from 'c/other'` the way the platform does. TypeScript allows one `*` per mapping, and a
 * component lives in `lwc/<name>/<name>`, so each component needs its own entry (the VS Code extension does the same).
 * Usage: tsx scripts/generate-lwc-paths.ts [--check]
 */
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const lwcDir = path.join(root, 'force-app/main/default/lwc');
const tsconfigPath = path.join(root, 'tsconfig.json');

export function lwcPathMappings(dir: string): Record<string, string[]> {
    if (!fs.existsSync(dir)) return {};
    const names = fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory() && !e.name.startsWith('_'))
        .map((e) => e.name)
        .sort();
    const paths: Record<string, string[]> = {};
    for (const name of names) paths[`c/${name}`] = [`./force-app/main/default/lwc/${name}/${name}`];
    return paths;
}

function main(): void {
    const tsconfig = JSON.parse(fs.readFileSync(tsconfigPath, 'utf8'));
    const wanted = lwcPathMappings(lwcDir);
    const current = JSON.stringify(tsconfig.compilerOptions.paths ?? {});
    if (current === JSON.stringify(wanted)) return;
    if (process.argv.includes('--check')) {
        console.error('tsconfig.json: the c/* paths are stale; run npm run typecheck to regenerate them');
        process.exit(1);
    }
    tsconfig.compilerOptions.paths = wanted;
    fs.writeFileSync(tsconfigPath, JSON.stringify(tsconfig, null, 2) + '\n');
    console.log(`tsconfig.json: ${Object.keys(wanted).length} LWC path mapping(s) written`);
}

if (require.main === module) main();
