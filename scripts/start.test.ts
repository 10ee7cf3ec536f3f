import { parseStartArgs, start } from './start';

describe('npm start', () => {
    it('loads the package and serves the emulator, which demands a token', async () => {
        const lines: string[] = [];
        const stop = await start({ port: 0, once: true, log: (line) => lines.push(line) });
        try {
            const url = lines.find((l) => l.startsWith('Partner Center emulator: '))!.split(': ')[1];
            const response = await fetch(url);
            expect(response.status).toBe(401);
        } finally {
            await stop();
        }
        expect(lines.join('\n')).toContain('local org: not built yet');
    });

    it('rejects a bad port', () => {
        expect(() => parseStartArgs(['--port', 'x'])).toThrow('--port needs a number 0-65535');
        expect(parseStartArgs(['--once'])).toEqual({ port: 4010, once: true });
    });
});
