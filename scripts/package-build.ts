/**
 * npm run package:version [-- <sf flags>]   build, check, then `sf package version create`
 * npm run deploy -- --target-org <alias>    build, check, then `sf project deploy start --test-level RunLocalTests`
 *
 * The components' deployable JavaScript exists only after `npm run build:lwc` (it is generated from TypeScript and
 * not committed), so a deploy or package build straight from a checkout would ship LWC bundles without their .js.
 * Both commands therefore build the components first, stop at once when a bundle still lacks its .js (or a class
 * its -meta.xml), run the whole metadata gate, and only then call the sf CLI. `--dry-run` prints the sf command
 * instead of running it.
 */
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { checkCompanionFiles, checkMetadata } from './gates/metadata';
import { packageDirectories, listFiles } from './gates/project-files';
import { readPackageDirectories } from './gates/metadata-rules';
import { reportFindings, type Finding } from './gates/finding';

const root = path.resolve(__dirname, '..');
const bin = (name: string): string => path.join(root, 'node_modules/.bin', name);

export type Mode = 'version' | 'deploy';

/** Companion files a deploy needs (an LWC bundle's .js, a class's -meta.xml): checked before anything slow. */
export function preflight(projectDir: string): Finding[] {
    return packageDirectories(projectDir).flatMap((dir) => checkCompanionFiles(projectDir, listFiles(dir)));
}

/** The sf CLI arguments for a mode, from sfdx-project.json (package name and build org definition). */
export function sfArguments(projectDir: string, mode: Mode, extra: string[]): string[] {
    const directories = readPackageDirectories(projectDir);
    const target = directories.find((d) => d.isDefault) ?? directories[0];
    const sourceDir = path.relative(projectDir, target.path);
    if (mode === 'deploy') {
        return ['project', 'deploy', 'start', '--source-dir', sourceDir, '--test-level', 'RunLocalTests', ...extra];
    }
    if (!target.packageName) throw new Error(`package directory ${sourceDir} names no package in sfdx-project.json`);
    return [
        'package',
        'version',
        'create',
        '--package',
        target.packageName,
        // The build org needs what a scratch org has (Translation Workbench and end-user languages for translations).
        ...(target.definitionFile ? ['--definition-file', target.definitionFile] : []),
        '--code-coverage',
        '--installation-key-bypass',
        '--wait',
        '30',
        ...extra
    ];
}

function run(command: string, args: string[]): void {
    console.log(`$ ${path.basename(command)} ${args.join(' ')}`);
    const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) process.exit(result.status ?? 1);
}

async function main(): Promise<void> {
    const [mode, ...rest] = process.argv.slice(2);
    if (mode !== 'version' && mode !== 'deploy') {
        console.error('usage: package-build.ts version|deploy [--dry-run] [sf flags]');
        process.exit(2);
    }
    const dryRun = rest.includes('--dry-run');
    const extra = rest.filter((a) => a !== '--dry-run');
    run(bin('tsx'), [path.join(root, 'scripts/generate-lwc-paths.ts')]);
    run(bin('tsc'), ['-p', path.join(root, 'tsconfig.build.json')]);
    if (reportFindings('preflight', preflight(root)) !== 0) process.exit(1);
    const { findings } = await checkMetadata(root, { convert: true });
    if (reportFindings('check:metadata', findings) !== 0) process.exit(1);
    const args = sfArguments(root, mode, extra);
    if (dryRun) {
        console.log(`would run: sf ${args.join(' ')}`);
        return;
    }
    run(bin('sf'), args);
}

if (require.main === module) void main();
