/**
 * The repository stands on its own: no tracked file points outside the clone. Architecture and facts live in
 * docs/ (docs/architecture.md, docs/reference/); a path into the folder kept beside the repository, or an
 * absolute path of one machine, works for whoever wrote it and for nobody who clones the repository.
 *
 * One exception, by design: apexrt's peer runner may read the peer projects from the sibling folder's
 * `peer-apex` directory by default (overridable by an environment variable; its npm test step is skipped, with the
 * reason, where the folder is absent). Exactly that path is allowed; nothing else under the sibling folder is.
 * System tool locations such as /usr/bin/chromium are not machine paths and are allowed.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
// Built from parts so that this file does not name what it forbids.
const SIBLING = ['..', 'shared'].join('/');
const ALLOWED_SIBLING = `${SIBLING}/peer-apex`;
const SIBLING_PATTERN = new RegExp(`${SIBLING.replace(/\./g, '\\.')}(?!/peer-apex(?![\\w.-]))`, 'g');
/** Home, work and temporary folders of a machine, POSIX or Windows (not /usr, /etc, /dev: system locations). */
const MACHINE_PATH =
    /(?:^|[^\w.~-])(\/(?:work|home|Users|root|mnt|tmp|private|var\/folders)\/[\w.-]+|[A-Za-z]:\\(?:Users|work)\\)/g;

/** The offending paths in one text, with their 1-based line numbers. */
export function outsidePaths(text: string): { line: number; path: string }[] {
    const found: { line: number; path: string }[] = [];
    text.split('\n').forEach((line, i) => {
        for (const m of line.matchAll(SIBLING_PATTERN))
            found.push({ line: i + 1, path: line.slice(m.index ?? 0, (m.index ?? 0) + 40).split(/[\s`)'"]/)[0] });
        for (const m of line.matchAll(MACHINE_PATH)) found.push({ line: i + 1, path: m[1] });
    });
    return found;
}

function repositoryFiles(): string[] {
    const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
        cwd: ROOT,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024
    });
    return out.split('\0').filter((f) => f && fs.existsSync(path.join(ROOT, f)));
}

describe('paths outside the repository', () => {
    it('are recognised: the sibling folder, home/work/temp folders; not the peer runner default or system tools', () => {
        expect(outsidePaths(`see ${SIBLING}/DESIGN.md`)).toEqual([{ line: 1, path: `${SIBLING}/DESIGN.md` }]);
        const workFolder = ['', 'work', 'shared'].join('/');
        expect(outsidePaths(`x\nread ${workFolder}/reference/a.md`)).toEqual([{ line: 2, path: workFolder }]);
        expect(outsidePaths(`cwd: ${['', 'home', 'dev', 'repo'].join('/')}`)).toHaveLength(1);
        expect(outsidePaths(`C:\\Users\\dev\\repo`)).toHaveLength(1);
        expect(outsidePaths(`${ALLOWED_SIBLING}x`)).toHaveLength(1);
        expect(outsidePaths(`process.env.APEXRT_PEER_DIR ?? '${ALLOWED_SIBLING}'`)).toEqual([]);
        expect(outsidePaths("executablePath: '/usr/bin/chromium'; import x from './work/y'")).toEqual([]);
    });

    it('are named by no file of the repository', () => {
        const files = repositoryFiles();
        expect(files.length).toBeGreaterThan(100);
        const offences: string[] = [];
        for (const file of files) {
            const bytes = fs.readFileSync(path.join(ROOT, file));
            if (bytes.includes(0)) continue; // binary (images, certificates in DER)
            for (const hit of outsidePaths(bytes.toString('utf8'))) offences.push(`${file}:${hit.line}: ${hit.path}`);
        }
        expect(offences).toEqual([]);
    });
});
