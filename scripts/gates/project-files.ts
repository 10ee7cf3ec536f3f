import fs from 'node:fs';
import path from 'node:path';

/** The package directories of an SFDX project (from sfdx-project.json), as absolute paths. */
export function packageDirectories(projectDir: string): string[] {
    const project = JSON.parse(fs.readFileSync(path.join(projectDir, 'sfdx-project.json'), 'utf8'));
    return (project.packageDirectories as { path: string }[]).map((d) => path.join(projectDir, d.path));
}

/** Every file under dir (recursively), skipping node_modules and dot folders. */
export function listFiles(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    const out: string[] = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) out.push(...listFiles(full));
        else out.push(full);
    }
    return out.sort();
}

/** Every file of the project's package directories. */
export function projectFiles(projectDir: string): string[] {
    return packageDirectories(projectDir).flatMap(listFiles);
}

export function relativeTo(projectDir: string, file: string): string {
    return path.relative(projectDir, file);
}
