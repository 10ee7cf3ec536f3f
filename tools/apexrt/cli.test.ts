import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from './cli';

const FIXTURE = path.relative(process.cwd(), path.join(__dirname, 'fixtures', 'async-pipeline'));

/** Runs `apexrt run` on an anonymous block and returns its exit code and output. */
function run(source: string): { code: number; stdout: string; stderr: string } {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'apexrt-run-')), 'block.apex');
    fs.writeFileSync(file, source);
    let stdout = '';
    let stderr = '';
    const out = jest.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
    const err = jest.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
    try {
        return { code: main(['run', file, '--source-dir', FIXTURE]), stdout, stderr };
    } finally {
        out.mockRestore();
        err.mockRestore();
    }
}

describe('apexrt run', () => {
    it("runs a block against the project's schema and custom objects", () => {
        const result = run(
            "insert new Contact(LastName = 'Lee');\nSystem.debug([SELECT COUNT() FROM Contact]);\nSystem.debug(Order_Placed__e.SObjectType.getDescribe().getName());"
        );
        expect(result.stderr).toBe('');
        expect(result.stdout).toBe('1\nOrder_Placed__e\n');
        expect(result.code).toBe(0);
    });

    it('then runs the work the block left (trigger → event → Queueable); its callout has nowhere to go and fails loudly', () => {
        const result = run("insert new Account(Name = 'Acme');");
        expect(result.code).toBe(1);
        expect(result.stderr).toContain('not supported by apexrt: callouts outside tests without a callout router');
    });

    it('reports an uncaught Apex exception with its stack and exit code 1', () => {
        const result = run("Integer i = null;\nSystem.debug('before');\ni++;");
        expect(result.code).toBe(1);
        expect(result.stdout).toContain('before');
        expect(result.stdout).toContain('EXCEPTION: System.NullPointerException');
    });
});

describe('apexrt on another SFDX project', () => {
    it('reads the namespace of the project the source dir belongs to, not of the folder it was started in', () => {
        // This repository's sfdx-project.json names the namespace `cosell`; the other project names `zzq`.
        const project = fs.mkdtempSync(path.join(os.tmpdir(), 'apexrt-other-project-'));
        const classes = path.join(project, 'force-app', 'main', 'default', 'classes');
        fs.mkdirSync(classes, { recursive: true });
        fs.writeFileSync(
            path.join(project, 'sfdx-project.json'),
            JSON.stringify({ namespace: 'zzq', packageDirectories: [{ path: 'force-app', default: true }] })
        );
        fs.writeFileSync(
            path.join(classes, 'Greeter.cls'),
            "public class Greeter { public static String hello() { return 'hello'; } }"
        );
        const block = path.join(project, 'block.apex');
        fs.writeFileSync(block, 'System.debug(zzq.Greeter.hello());');
        let stdout = '';
        let stderr = '';
        const out = jest.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
        const err = jest.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
        let code: number;
        try {
            code = main(['run', block, '--source-dir', path.join(project, 'force-app')]);
        } finally {
            out.mockRestore();
            err.mockRestore();
        }
        expect(stderr).toBe('');
        expect(stdout).toBe('hello\n');
        expect(code).toBe(0);
    });
});
