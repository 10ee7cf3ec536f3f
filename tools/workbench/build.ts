/**
 * Builds the workbench page: the package's real Lightning Web Components (force-app/main/default/lwc, compiled from
 * their TypeScript sources), the workbench's own components (tools/workbench/src/modules/wb) and the open-source
 * `lightning-base-components`, compiled by the LWC OSS compiler through `@lwc/rollup-plugin` into one script.
 * The platform modules that exist only inside Salesforce are replaced by the small shims in src/shims (see the
 * README beside this file): `@salesforce/apex/*`, `@salesforce/label/c.*` (read from force-app's CustomLabels),
 * `@salesforce/schema/*`, `lightning/uiRecordApi`, `lightning/platformShowToastEvent`, `lightning/navigation`.
 * Runs offline, after `npm ci`; `npm start` calls it. Usage alone: tsx tools/workbench/build.ts
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import lwc from '@lwc/rollup-plugin';
import { XMLParser } from 'fast-xml-parser';
import { rollup, type Plugin } from 'rollup';
import ts from 'typescript';

const root = path.resolve(__dirname, '..', '..');
const lwcDir = path.join(root, 'force-app/main/default/lwc');
const src = path.join(__dirname, 'src');
/** Build output, under node_modules/.cache: outside what eslint, prettier and jest look at; `npm ci` clears it. */
export const WORKBENCH_OUT = path.join(root, 'node_modules', '.cache', 'cosell-workbench');

/** Module specifiers replaced by a shim file (one small module each, in src/shims). */
const SHIMS: Record<string, string> = {
    '@salesforce/apex': 'apex.ts',
    'lightning/uiRecordApi': 'uiRecordApi.ts',
    'lightning/platformShowToastEvent': 'platformShowToastEvent.ts',
    'lightning/navigation': 'navigation.ts'
};

/** The custom labels of the package, name → value, from CustomLabels.labels-meta.xml. */
export function readLabels(): Record<string, string> {
    const file = path.join(root, 'force-app/main/default/labels/CustomLabels.labels-meta.xml');
    const xml = new XMLParser({ isArray: (name) => name === 'labels' }).parse(fs.readFileSync(file, 'utf8')) as {
        CustomLabels: { labels: { fullName: string; value: string }[] };
    };
    return Object.fromEntries(xml.CustomLabels.labels.map((l) => [l.fullName, String(l.value)]));
}

/** `c/<name>` of every package component, to its TypeScript source (the compiled .js may be stale or absent). */
function packageComponents(): { name: string; path: string }[] {
    return fs
        .readdirSync(lwcDir, { withFileTypes: true })
        .filter((e) => e.isDirectory() && fs.existsSync(path.join(lwcDir, e.name, `${e.name}.ts`)))
        .map((e) => ({ name: `c/${e.name}`, path: path.join(lwcDir, e.name, `${e.name}.ts`) }));
}

const VIRTUAL = '\0workbench:';

/**
 * Feature gates of lightning-base-components that this page closes (the package maps every gate to an open stub):
 * the combobox's ElementInternals need native shadow, and the page runs in synthetic shadow, as Lightning does.
 */
const CLOSED_GATES = new Set(['@salesforce/gate/bc.260.enableComboboxElementInternals']);

/** Salesforce-only imports: shims, generated label/schema/Apex-method modules; TypeScript stripped of its types. */
export function salesforcePlatform(labels: Record<string, string>): Plugin {
    return {
        name: 'workbench-salesforce-platform',
        resolveId(id) {
            if (SHIMS[id]) return path.join(src, 'shims', SHIMS[id]);
            if (CLOSED_GATES.has(id)) return VIRTUAL + id;
            if (/^@salesforce\/(apex\/[\w.]+|label\/c\.\w+|schema\/[\w.]+)$/.test(id)) return VIRTUAL + id;
            return null;
        },
        load(id) {
            if (!id.startsWith(VIRTUAL)) return null;
            const spec = id.slice(VIRTUAL.length);
            if (CLOSED_GATES.has(spec)) return 'export default { isOpen: () => false };';
            const [, kind, name] = /^@salesforce\/(\w+)\/(.+)$/.exec(spec)!;
            if (kind === 'apex')
                return `import { apexMethod } from '@salesforce/apex';\nexport default apexMethod(${JSON.stringify(name)});`;
            if (kind === 'label') {
                const label = name.slice('c.'.length);
                if (!(label in labels)) this.error(`${spec}: no custom label ${label} in CustomLabels.labels-meta.xml`);
                return `export default ${JSON.stringify(labels[label])};`;
            }
            const [objectApiName, ...field] = name.split('.');
            return `export default ${JSON.stringify(field.length ? { objectApiName, fieldApiName: field.join('.') } : { objectApiName })};`;
        },
        transform(code, id) {
            const file = id.split('?')[0];
            if (!file.endsWith('.ts') || file.endsWith('.d.ts')) return null;
            // Standard decorators stay as written (target ESNext), as the LWC compiler expects them.
            const out = ts.transpileModule(code, {
                fileName: file,
                compilerOptions: {
                    target: ts.ScriptTarget.ESNext,
                    module: ts.ModuleKind.ESNext,
                    useDefineForClassFields: true,
                    verbatimModuleSyntax: false,
                    sourceMap: false
                }
            });
            return { code: out.outputText, map: null };
        }
    };
}

/** Build-time constants of the engine and base components: `process.env.NODE_ENV`, `import.meta.env.SSR`. */
function buildConstants(): Plugin {
    return {
        name: 'workbench-build-constants',
        transform(code) {
            if (!code.includes('process.env.NODE_ENV') && !code.includes('import.meta.env')) return null;
            const out = code
                .replace(/process\.env\.NODE_ENV/g, '"production"')
                .replace(/import\.meta\.env\.SSR/g, 'false')
                .replace(/import\.meta\.env\.MODE/g, '"production"');
            return { code: out, map: null };
        }
    };
}

export interface BuildResult {
    outDir: string;
    bytes: number;
    millis: number;
    /** True when the previous build was still current (same sources, same lock file). */
    cached: boolean;
}

function filesUnder(dir: string): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true, recursive: true })
        .filter((e) => e.isFile() && !e.name.endsWith('.js') && !e.parentPath.includes('__tests__'))
        .map((e) => path.join(e.parentPath, e.name))
        .sort();
}

/** What the build depends on: the components' sources, the labels, the workbench, the installed packages. */
export function sourceFingerprint(): string {
    const hash = createHash('sha256');
    const files = [
        ...filesUnder(lwcDir),
        ...filesUnder(src),
        path.join(root, 'force-app/main/default/labels/CustomLabels.labels-meta.xml'),
        __filename,
        path.join(root, 'package-lock.json')
    ];
    for (const file of files) hash.update(path.relative(root, file)).update('\0').update(fs.readFileSync(file));
    return hash.digest('hex');
}

/** Type-checks the page's browser code (tools/workbench/tsconfig.json); throws with tsc's messages. */
export function typecheckWorkbench(): void {
    const configFile = path.join(__dirname, 'tsconfig.json');
    const config = ts.getParsedCommandLineOfConfigFile(
        configFile,
        {},
        {
            ...ts.sys,
            onUnRecoverableConfigFileDiagnostic: (d) => {
                throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
            }
        }
    )!;
    const program = ts.createProgram(config.fileNames, config.options);
    const diagnostics = ts.getPreEmitDiagnostics(program);
    if (diagnostics.length > 0)
        throw new Error(
            ts.formatDiagnostics(diagnostics, {
                getCanonicalFileName: (f) => f,
                getCurrentDirectory: () => root,
                getNewLine: () => '\n'
            })
        );
}

export async function buildWorkbench(outDir = WORKBENCH_OUT): Promise<BuildResult> {
    const began = Date.now();
    const fingerprint = sourceFingerprint();
    const stamp = path.join(outDir, 'fingerprint');
    const app = path.join(outDir, 'app.js');
    if (fs.existsSync(app) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === fingerprint)
        return { outDir, bytes: fs.statSync(app).size, millis: Date.now() - began, cached: true };
    typecheckWorkbench();
    const bundle = await rollup({
        input: path.join(src, 'main.ts'),
        plugins: [
            salesforcePlatform(readLabels()),
            lwc({
                rootDir: src,
                modules: [
                    { dir: path.join(src, 'modules') },
                    ...packageComponents(),
                    { npm: 'lightning-base-components' }
                ],
                include: ['**/*.ts', '**/*.js', '**/*.html', '**/*.css'],
                // lightning-base-components use lwc:is (datatable cells, icons).
                enableDynamicComponents: true
            }),
            buildConstants()
        ],
        onwarn(warning, warn) {
            if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'THIS_IS_UNDEFINED') return;
            // The base components' own template warnings (duplicate slots, keys) are theirs, not ours.
            if (`${warning.id ?? ''} ${warning.message}`.includes('lightning-base-components')) return;
            warn(warning);
        }
    });
    fs.rmSync(outDir, { recursive: true, force: true });
    // ES modules: the base components load some parts with import() (code splitting).
    const { output } = await bundle.write({
        dir: outDir,
        format: 'es',
        entryFileNames: 'app.js',
        chunkFileNames: 'chunks/[name]-[hash].js'
    });
    await bundle.close();
    fs.copyFileSync(path.join(src, 'index.html'), path.join(outDir, 'index.html'));
    const bytes = output.reduce((n, o) => n + (o.type === 'chunk' ? Buffer.byteLength(o.code) : 0), 0);
    fs.writeFileSync(stamp, fingerprint);
    return { outDir, bytes, millis: Date.now() - began, cached: false };
}

if (require.main === module) {
    buildWorkbench().then(
        (r) =>
            console.log(
                `workbench: ${r.outDir}/app.js (${Math.round(r.bytes / 1024)} KiB) ${r.cached ? 'up to date' : `built in ${r.millis} ms`}`
            ),
        (e: unknown) => {
            console.error(e instanceof Error ? e.message : e);
            process.exit(1);
        }
    );
}
