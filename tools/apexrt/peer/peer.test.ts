import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gateProblems, runProject } from './peer';

/** A throw-away SFDX project whose package directory holds the given classes. */
function project(classes: Record<string, string>): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'apexrt-peer-'));
    fs.writeFileSync(
        path.join(root, 'sfdx-project.json'),
        JSON.stringify({ packageDirectories: [{ path: 'src', default: true }] })
    );
    fs.mkdirSync(path.join(root, 'src', 'classes'), { recursive: true });
    for (const [name, source] of Object.entries(classes))
        fs.writeFileSync(path.join(root, 'src', 'classes', `${name}.cls`), source);
    return root;
}

describe('peer runner', () => {
    it('classifies every test of a project; a hang is a crash, and the tests after it still run', async () => {
        const root = project({
            PeerTest: `@IsTest
private class PeerTest {
    @IsTest static void aPasses() { Assert.areEqual(2, 1 + 1); }
    @IsTest static void bHangs() { Integer i = 0; while (true) { i++; } }
    @IsTest static void cIsWrong() { Assert.areEqual(3, 1 + 1); }
    @IsTest static void dLacks() { Object o = Crypto.getRandomUUIDv9(); }
}`,
            LackingTest: `@IsTest
private class LackingTest {
    @IsTest static void uses() { Unknown.Thing t = null; }
}`
        });
        const run = await runProject(root, 3000);
        const verdicts = Object.fromEntries(run.tests.map((t) => [`${t.className}.${t.methodName}`, t.verdict]));
        expect(verdicts).toEqual({
            'LackingTest.uses': 'notLoaded',
            'PeerTest.aPasses': 'passed',
            'PeerTest.bHangs': 'crashed',
            'PeerTest.cIsWrong': 'wrong',
            'PeerTest.dLacks': 'unsupported'
        });
        expect(run.tests.find((t) => t.methodName === 'bHangs')?.message).toContain('hang: no result within 3 s');
        expect(gateProblems([run], { [run.name]: 2 })).toEqual([
            `${run.name}: 1 wrong answer(s)`,
            `${run.name}: 1 crash(es)`,
            `${run.name}: 1 passed, below the floor 2`
        ]);
    }, 120_000);
});
