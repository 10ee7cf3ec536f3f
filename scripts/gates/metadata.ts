/**
 * The metadata gate. `sf project convert source` does not validate (malformed XML passes, a class without its
 * -meta.xml is silently dropped), so this gate checks what a deploy would reject or lose:
 *  - every XML file is well-formed;
 *  - every Apex class/trigger has its -meta.xml, every LWC bundle its .js-meta.xml and its compiled .js;
 *  - every file resolves to a component through source-deploy-retrieve (the library the sf CLI deploys with), and
 *    no file outside .forceignore is left unclaimed by a component;
 *  - the deployable LWC (.js + .html) compiles with the LWC compiler;
 *  - every metadata XML file is valid against the Metadata API's own schema (derived from the WSDL-generated
 *    @salesforce/types), and the documented cross-file rules hold (./metadata-rules.ts);
 *  - optionally, `sf project convert source` writes a package.xml listing every component.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { XMLValidator } from 'fast-xml-parser';
import { ComponentSet } from '@salesforce/source-deploy-retrieve';
import { transformSync } from '@lwc/compiler';
import type { Finding } from './finding';
import { packageDirectories, listFiles, relativeTo } from './project-files';
import { checkMetadataRules } from './metadata-rules';

const GATE = 'metadata';

export function checkXmlWellFormed(projectDir: string, files: string[]): Finding[] {
    const findings: Finding[] = [];
    for (const file of files.filter((f) => f.endsWith('.xml'))) {
        const result = XMLValidator.validate(fs.readFileSync(file, 'utf8'));
        if (result !== true) {
            findings.push({
                gate: GATE,
                file: relativeTo(projectDir, file),
                line: result.err.line,
                column: result.err.col,
                message: `malformed XML: ${result.err.msg}`
            });
        }
    }
    return findings;
}

export function checkCompanionFiles(projectDir: string, files: string[]): Finding[] {
    const findings: Finding[] = [];
    const present = new Set(files);
    for (const file of files) {
        if (/\.(cls|trigger)$/.test(file) && !present.has(`${file}-meta.xml`)) {
            findings.push({
                gate: GATE,
                file: relativeTo(projectDir, file),
                line: 1,
                message: `missing ${path.basename(file)}-meta.xml: the class would be silently left out of the package`
            });
        }
    }
    for (const bundle of lwcBundles(files)) {
        const name = path.basename(bundle);
        const meta = path.join(bundle, `${name}.js-meta.xml`);
        if (!present.has(meta)) {
            findings.push({
                gate: GATE,
                file: relativeTo(projectDir, bundle),
                message: `LWC bundle without ${name}.js-meta.xml`
            });
        }
        const js = path.join(bundle, `${name}.js`);
        if (!present.has(js)) {
            findings.push({
                gate: GATE,
                file: relativeTo(projectDir, bundle),
                message: `LWC bundle without its deployable ${name}.js (run npm run build:lwc)`
            });
        }
    }
    return findings;
}

function lwcBundles(files: string[]): string[] {
    const bundles = new Set<string>();
    for (const file of files) {
        const m = /^(.*\/lwc\/[^/]+)\/[^/]+$/.exec(file);
        if (m && !path.basename(m[1]).startsWith('_') && !file.includes('/__tests__/')) bundles.add(m[1]);
    }
    return [...bundles].sort();
}

export function checkComponentsResolve(projectDir: string, packageDir: string, files: string[]): Finding[] {
    let components;
    try {
        components = ComponentSet.fromSource(packageDir).getSourceComponents().toArray();
    } catch (e) {
        const message = (e as Error).message;
        const named = files.find((f) => message.includes(f) || message.includes(path.basename(f)));
        return [
            { gate: GATE, file: named ? relativeTo(projectDir, named) : relativeTo(projectDir, packageDir), message }
        ];
    }
    const claimed = new Set<string>();
    const claim = (c: (typeof components)[number]): void => {
        if (c.xml) claimed.add(c.xml);
        if (c.content) {
            if (fs.statSync(c.content).isDirectory()) c.walkContent().forEach((f) => claimed.add(f));
            else claimed.add(c.content);
        }
        c.getChildren().forEach(claim);
    };
    components.forEach(claim);
    const forceIgnore = components[0]?.getForceIgnore();
    return files
        .filter((f) => !claimed.has(f) && !(forceIgnore?.denies(f) ?? false))
        .map((f) => ({
            gate: GATE,
            file: relativeTo(projectDir, f),
            message: 'file belongs to no metadata component: it would not be deployed'
        }));
}

export function checkLwcCompiles(projectDir: string, files: string[]): Finding[] {
    const findings: Finding[] = [];
    for (const bundle of lwcBundles(files)) {
        const name = path.basename(bundle);
        for (const file of files.filter((f) => path.dirname(f) === bundle && /\.(js|html)$/.test(f))) {
            try {
                transformSync(fs.readFileSync(file, 'utf8'), path.basename(file), { name, namespace: 'c' });
            } catch (e) {
                const err = e as { message: string; location?: { line: number; column: number } };
                findings.push({
                    gate: GATE,
                    file: relativeTo(projectDir, file),
                    line: err.location?.line,
                    column: err.location?.column,
                    message: `LWC compiler: ${err.message}`
                });
            }
        }
    }
    return findings;
}

/** Runs the real `sf project convert source` and checks that package.xml lists every component. */
export function checkConvert(projectDir: string, packageDir: string): Finding[] {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'convert-'));
    try {
        const sf = path.join(__dirname, '../../node_modules/.bin/sf');
        execFileSync(
            sf,
            [
                'project',
                'convert',
                'source',
                '--root-dir',
                packageDir,
                '--output-dir',
                path.join(out, 'mdapi'),
                '--json'
            ],
            {
                cwd: projectDir,
                env: { ...process.env, SF_DISABLE_TELEMETRY: 'true', SF_AUTOUPDATE_DISABLE: 'true' },
                stdio: 'pipe'
            }
        );
        const packageXml = fs.readFileSync(path.join(out, 'mdapi', 'package.xml'), 'utf8');
        const expected = ComponentSet.fromSource(packageDir)
            .getSourceComponents()
            .toArray()
            .map((c) => `${c.type.name}:${c.fullName}`);
        // Folders (ReportFolder, DashboardFolder ...) are listed as `<members>Folder/</members>` of their content type.
        const listed = (name: string): boolean =>
            packageXml.includes(`<members>${name}</members>`) || packageXml.includes(`<members>${name}/</members>`);
        const missing = expected.filter((key) => !listed(key.split(':')[1]));
        return missing.map((key) => ({
            gate: GATE,
            file: relativeTo(projectDir, packageDir),
            message: `sf project convert source left out ${key}`
        }));
    } catch (e) {
        const err = e as { stdout?: Buffer; message: string };
        return [
            {
                gate: GATE,
                file: relativeTo(projectDir, packageDir),
                message: `sf project convert source failed: ${err.stdout?.toString() || err.message}`
            }
        ];
    } finally {
        fs.rmSync(out, { recursive: true, force: true });
    }
}

export async function checkMetadata(
    projectDir: string,
    options: { convert: boolean }
): Promise<{ findings: Finding[]; components: number }> {
    const findings: Finding[] = [];
    let components = 0;
    const wellFormedFiles: string[] = [];
    for (const packageDir of packageDirectories(projectDir)) {
        if (!fs.existsSync(packageDir)) {
            findings.push({
                gate: GATE,
                file: relativeTo(projectDir, packageDir),
                message: 'package directory named in sfdx-project.json does not exist'
            });
            continue;
        }
        const files = listFiles(packageDir);
        const wellFormed = checkXmlWellFormed(projectDir, files);
        findings.push(...wellFormed, ...checkCompanionFiles(projectDir, files));
        if (wellFormed.length > 0) continue; // SDR cannot read malformed XML; the finding above already names it
        wellFormedFiles.push(...files);
        findings.push(...checkComponentsResolve(projectDir, packageDir, files));
        findings.push(...checkLwcCompiles(projectDir, files));
        components += ComponentSet.fromSource(packageDir).getSourceComponents().toArray().length;
        if (options.convert && findings.length === 0) findings.push(...checkConvert(projectDir, packageDir));
    }
    findings.push(...checkMetadataRules(projectDir, wellFormedFiles));
    return { findings, components };
}
