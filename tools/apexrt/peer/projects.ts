/**
 * Where the peer projects are: SFDX project folders (with sfdx-project.json) and their package directories.
 * Kept free of the runtime so that `npm test` can ask whether there are any without loading apexrt.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** The folder of peer projects: $APEXRT_PEER_DIR, else the shared peer-apex folder beside the repository. */
export function defaultPeerDir(): string {
    return process.env.APEXRT_PEER_DIR ?? path.resolve(REPO_ROOT, '..', 'shared', 'peer-apex');
}

/** The SFDX project folders (with sfdx-project.json) directly in `dir`, sorted. */
export function projectFolders(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'sfdx-project.json')))
        .map((e) => path.join(dir, e.name))
        .sort();
}

/** The package directories of an SFDX project (sfdx-project.json packageDirectories[].path). */
export function packageDirectories(project: string): string[] {
    const config = JSON.parse(fs.readFileSync(path.join(project, 'sfdx-project.json'), 'utf8')) as {
        packageDirectories?: Array<{ path: string }>;
    };
    const dirs = (config.packageDirectories ?? []).map((d) => d.path);
    if (!dirs.length) throw new Error(`${project}/sfdx-project.json has no packageDirectories`);
    return dirs;
}
