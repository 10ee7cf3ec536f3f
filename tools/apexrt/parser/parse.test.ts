import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApexSyntaxErrors, parseApex } from './parse';

describe('parseApex', () => {
    it('reports syntax errors with file, line and column', () => {
        const src = 'public class Bad {\n    void m() {\n        Integer x = ;\n    }\n}\n';
        try {
            parseApex(src, 'class', 'Bad.cls');
            throw new Error('expected a syntax error');
        } catch (e) {
            expect(e).toBeInstanceOf(ApexSyntaxErrors);
            const p = (e as ApexSyntaxErrors).problems[0];
            expect(p).toMatchObject({ file: 'Bad.cls', line: 3, col: 21 });
            expect((e as Error).message).toMatch(/^Bad\.cls:3:21: mismatched input ';'/);
        }
    });

    it('parses classes, triggers and anonymous Apex', () => {
        expect(parseApex('public class A {}', 'class', 'A.cls').kind).toBe('class');
        const t = parseApex(
            'trigger OppTrigger on Opportunity (before insert, after update) { System.debug(1); }',
            'trigger',
            'T.trigger'
        );
        expect(t).toMatchObject({
            kind: 'trigger',
            name: 'OppTrigger',
            sobject: 'Opportunity',
            events: ['before insert', 'after update']
        });
        expect(parseApex('System.debug(1);', 'anonymous', 'x.apex').kind).toBe('anonymous');
    });

    it('caches the lowered AST on disk keyed by content', () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apexrt-cache-'));
        try {
            const src = 'public class Cached { Integer x = 1; }';
            const first = parseApex(src, 'class', 'Cached.cls', { cacheDir: dir });
            const files = fs.readdirSync(dir);
            expect(files).toHaveLength(1);
            // Tamper with the cache entry: a second parse must come from the cache, not the parser.
            const cached = JSON.parse(fs.readFileSync(path.join(dir, files[0]), 'utf8'));
            cached.decl.name = 'FromCache';
            fs.writeFileSync(path.join(dir, files[0]), JSON.stringify(cached));
            const second = parseApex(src, 'class', 'Cached.cls', { cacheDir: dir });
            expect(first.kind === 'class' && first.decl.name).toBe('Cached');
            expect(second.kind === 'class' && second.decl.name).toBe('FromCache');
            parseApex(src + ' ', 'class', 'Cached.cls', { cacheDir: dir });
            expect(fs.readdirSync(dir)).toHaveLength(2);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
