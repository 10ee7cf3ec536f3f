/** Metadata files of the org's project beyond Apex (Visualforce pages, flows, quick actions), found by file name. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The path of `file` (e.g. `Greet.flow-meta.xml`) under the project's package directory force-app. */
export function findSourceFile(root: string, file: string): string {
    const stack = [path.join(root, 'force-app')];
    while (stack.length) {
        const dir = stack.pop()!;
        if (!fs.existsSync(dir)) continue;
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) stack.push(full);
            else if (entry.name === file) return full;
        }
    }
    throw new Error(`no ${file} in ${root}`);
}
