/**
 * Finds the Apex sources of a project: every `.cls` and `.trigger` under a source directory (default force-app),
 * with the apiVersion of its `-meta.xml`, and the package namespace from sfdx-project.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ApexSourceFile {
    /** Path as given to error messages (relative to the project root when possible). */
    file: string;
    source: string;
    kind: 'class' | 'trigger';
    /** Class or trigger name from the file name. */
    name: string;
    apiVersion?: string;
}

function walk(dir: string, out: string[]): void {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(full, out);
        } else if (/\.(cls|trigger)$/.test(entry.name)) {
            out.push(full);
        }
    }
}

function apiVersionOf(file: string): string | undefined {
    const meta = `${file}-meta.xml`;
    if (!fs.existsSync(meta)) return undefined;
    const m = /<apiVersion>\s*([\d.]+)\s*<\/apiVersion>/.exec(fs.readFileSync(meta, 'utf8'));
    return m?.[1];
}

export function findApexSources(sourceDir: string, root = process.cwd()): ApexSourceFile[] {
    const files: string[] = [];
    walk(path.resolve(root, sourceDir), files);
    files.sort();
    return files.map((full) => {
        const kind = full.endsWith('.cls') ? 'class' : 'trigger';
        return {
            file: path.relative(root, full) || full,
            source: fs.readFileSync(full, 'utf8'),
            kind,
            name: path.basename(full).replace(/\.(cls|trigger)$/, ''),
            apiVersion: apiVersionOf(full)
        };
    });
}

/** The package namespace from sfdx-project.json (undefined when none). */
/**
 * The folder of the SFDX project a source dir belongs to: the nearest folder at or above it holding an
 * sfdx-project.json (undefined when there is none), so that another project's source dir is read with that
 * project's namespace, not the namespace of the folder apexrt was started in.
 */
export function projectRootOf(sourceDir: string): string | undefined {
    for (let dir = path.resolve(sourceDir); ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, 'sfdx-project.json'))) return dir;
        if (path.dirname(dir) === dir) return undefined;
    }
}

export function readNamespace(root = process.cwd()): string | undefined {
    const p = path.join(root, 'sfdx-project.json');
    if (!fs.existsSync(p)) return undefined;
    const ns = (JSON.parse(fs.readFileSync(p, 'utf8')) as { namespace?: string }).namespace;
    return ns || undefined;
}
