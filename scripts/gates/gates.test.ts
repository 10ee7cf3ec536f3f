/**
 * Each quality gate must be able to fail, and must name the file and line of what it found. Every case builds a
 * small SFDX project in a temporary folder, plants one fault and runs the real gate on it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkApex } from '../check-apex';
import { checkApexSyntax } from './apex-syntax';
import { checkMetadata } from './metadata';
import { formatFinding, type Finding } from './finding';

jest.setTimeout(120_000);

const CLASS_META = `<?xml version="1.0" encoding="UTF-8"?>
<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">
    <apiVersion>65.0</apiVersion>
    <status>Active</status>
</ApexClass>
`;

const FIELD = `<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>Region__c</fullName>
    <label>Region</label>
    <type>Text</type>
    <length>40</length>
</CustomField>
`;

// The repository's prettier options (.prettierrc without its plugin list: the Apex gate names its plugin itself).
const PRETTIERRC = JSON.stringify({ printWidth: 120, tabWidth: 4, singleQuote: true, trailingComma: 'none' });

const GOOD_CLASS = `public with sharing class RegionService {
    public static Account withRegion(String region) {
        return new Account(Name = 'Acme', Region__c = region);
    }
}
`;

function project(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gate-'));
    const all: Record<string, string> = {
        'sfdx-project.json': JSON.stringify({
            packageDirectories: [{ path: 'force-app', default: true }],
            sourceApiVersion: '65.0'
        }),
        'force-app/main/default/objects/Account/fields/Region__c.field-meta.xml': FIELD,
        'force-app/main/default/classes/RegionService.cls': GOOD_CLASS,
        'force-app/main/default/classes/RegionService.cls-meta.xml': CLASS_META,
        ...files
    };
    for (const [name, text] of Object.entries(all)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
function plant(files: Record<string, string>): string {
    const dir = project(files);
    dirs.push(dir);
    return dir;
}

function summary(findings: Finding[]): string[] {
    return findings.map(formatFinding);
}

describe('check:apex', () => {
    test('a clean project passes all Apex gates', async () => {
        expect(summary(await checkApex(plant({})))).toEqual([]);
    });

    test('a planted syntax error fails with file and line', async () => {
        const findings = await checkApex(
            plant({
                'force-app/main/default/classes/Broken.cls':
                    'public class Broken {\n    public void run( {\n    }\n}\n',
                'force-app/main/default/classes/Broken.cls-meta.xml': CLASS_META
            })
        );
        expect(findings.length).toBeGreaterThan(0);
        expect(findings[0]).toMatchObject({
            gate: 'apex-syntax',
            file: 'force-app/main/default/classes/Broken.cls',
            line: 2
        });
    });

    test('with format, Apex that prettier would reformat fails and formatted Apex passes', () => {
        const classFile = (dir: string): string => path.join(dir, 'force-app/main/default/classes/RegionService.cls');
        const formatted = plant({ '.prettierrc': PRETTIERRC });
        expect(summary(checkApexSyntax(formatted, [classFile(formatted)], true))).toEqual([]);
        const unformatted = plant({
            '.prettierrc': PRETTIERRC,
            'force-app/main/default/classes/RegionService.cls': GOOD_CLASS.replace(
                '    public static',
                'public  static'
            )
        });
        expect(summary(checkApexSyntax(unformatted, [classFile(unformatted)], true))).toEqual([
            'force-app/main/default/classes/RegionService.cls: [apex-format] not formatted as prettier ' +
                '(prettier-plugin-apex) formats it: run npm run format'
        ]);
        // Without format (another project's style), the same file passes.
        expect(summary(checkApexSyntax(unformatted, [classFile(unformatted)]))).toEqual([]);
    });

    test('a reference to a missing custom field fails with file and line', async () => {
        const findings = await checkApex(
            plant({
                'force-app/main/default/classes/RegionService.cls': GOOD_CLASS.replace(
                    'Region__c = region',
                    'Territory__c = region'
                )
            })
        );
        expect(findings).toContainEqual(
            expect.objectContaining({
                gate: 'apex-ls',
                file: 'force-app/main/default/classes/RegionService.cls',
                line: 3,
                message: expect.stringContaining('Territory__c')
            })
        );
    });

    test('a SOQL injection fails with file and line', async () => {
        const injectable = `public with sharing class Finder {
    public static List<Account> byName(String name) {
        return Database.query('SELECT Id FROM Account WHERE Name = \\'' + name + '\\' WITH USER_MODE');
    }
}
`;
        // Unformatted too: a formatting finding does not stop the semantic and PMD checks.
        const findings = await checkApex(
            plant({
                '.prettierrc': PRETTIERRC,
                'force-app/main/default/classes/Finder.cls': injectable.replace('    public static', 'public  static'),
                'force-app/main/default/classes/Finder.cls-meta.xml': CLASS_META
            }),
            { format: true }
        );
        expect(findings).toContainEqual(
            expect.objectContaining({ gate: 'apex-format', file: 'force-app/main/default/classes/Finder.cls' })
        );
        expect(findings).toContainEqual(
            expect.objectContaining({
                gate: 'pmd',
                file: 'force-app/main/default/classes/Finder.cls',
                line: 3,
                message: expect.stringContaining('ApexSOQLInjection')
            })
        );
    });
});

describe('check:metadata', () => {
    test('a clean project passes and lists its components', async () => {
        const { findings, components } = await checkMetadata(plant({}), { convert: true });
        expect(summary(findings)).toEqual([]);
        expect(components).toBe(2);
    });

    test('malformed metadata XML fails with file and line', async () => {
        const broken = FIELD.replace('<label>Region</label>', '<label>Region</lable>');
        const { findings } = await checkMetadata(
            plant({ 'force-app/main/default/objects/Account/fields/Region__c.field-meta.xml': broken }),
            { convert: false }
        );
        expect(findings).toEqual([
            expect.objectContaining({
                gate: 'metadata',
                file: 'force-app/main/default/objects/Account/fields/Region__c.field-meta.xml',
                line: 4
            })
        ]);
    });

    test('a class without -meta.xml fails, naming the class file', async () => {
        const { findings } = await checkMetadata(
            plant({ 'force-app/main/default/classes/Orphan.cls': 'public class Orphan {}\n' }),
            { convert: false }
        );
        expect(findings).toContainEqual(
            expect.objectContaining({
                gate: 'metadata',
                file: 'force-app/main/default/classes/Orphan.cls',
                line: 1,
                message: expect.stringContaining('-meta.xml')
            })
        );
    });

    test('a file that belongs to no component fails', async () => {
        const { findings } = await checkMetadata(plant({ 'force-app/main/default/classes/notes.txt': 'stray' }), {
            convert: false
        });
        expect(findings).toContainEqual(expect.objectContaining({ file: 'force-app/main/default/classes/notes.txt' }));
    });
});
