import { parseStartArgs, start } from './start';
import { fetchOrgToken } from '../tools/local-org/server';

describe('npm start', () => {
    it('serves the local org with default data and the emulator, both demanding a token', async () => {
        const lines: string[] = [];
        const { stop } = await start({
            port: 0,
            emulatorPort: 0,
            workbenchPort: false,
            once: true,
            log: (line) => lines.push(line)
        });
        try {
            const emulatorUrl = lines.find((l) => l.startsWith('Partner Center emulator: '))!.split(' ')[3];
            expect((await fetch(emulatorUrl)).status).toBe(401);
            const orgUrl = /^local org: (\S+)/.exec(lines.find((l) => l.startsWith('local org: '))!)![1];
            expect((await fetch(`${orgUrl}/services/data/v65.0/sobjects`)).status).toBe(401);
            const token = await fetchOrgToken(orgUrl);
            const q = await fetch(`${orgUrl}/services/data/v65.0/query?q=SELECT+Name+FROM+Opportunity`, {
                headers: { Authorization: `Bearer ${token}` }
            });
            expect(((await q.json()) as { totalSize: number }).totalSize).toBe(3);
        } finally {
            await stop();
        }
    }, 60_000);

    it('rejects a bad port', () => {
        expect(() => parseStartArgs(['--port', 'x'])).toThrow('--port needs a number 0-65535');
        expect(parseStartArgs(['--once'])).toEqual({ port: 4020, emulatorPort: 4010, workbenchPort: 4030, once: true });
        expect(parseStartArgs(['--no-workbench']).workbenchPort).toBe(false);
        expect(parseStartArgs(['--workbench-port', '0']).workbenchPort).toBe(0);
    });
});
