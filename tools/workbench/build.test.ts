import path from 'node:path';
import type { PluginContext } from 'rollup';
import { readLabels, salesforcePlatform, sourceFingerprint } from './build';

describe('workbench build: Salesforce platform modules', () => {
    const plugin = salesforcePlatform({ CoSell_Status_Synced: '✔ Synced' });
    const context = {
        error: (message: string): never => {
            throw new Error(message);
        }
    } as unknown as PluginContext;
    const resolve = (id: string): string | null =>
        (plugin.resolveId as (this: PluginContext, id: string) => string | null).call(context, id);
    const load = (id: string): string | null =>
        (plugin.load as (this: PluginContext, id: string) => string | null).call(context, resolve(id)!);

    it('reads the custom labels of the package', () => {
        const labels = readLabels();
        expect(labels.CoSell_Status_Synced).toBe('✔ Synced');
        expect(Object.keys(labels).length).toBeGreaterThan(20);
    });

    it('generates labels, schema references and Apex methods; unknown labels fail the build', () => {
        expect(load('@salesforce/label/c.CoSell_Status_Synced')).toBe('export default "✔ Synced";');
        expect(() => load('@salesforce/label/c.Nope')).toThrow('no custom label Nope');
        expect(load('@salesforce/schema/Opportunity.StageName')).toBe(
            'export default {"objectApiName":"Opportunity","fieldApiName":"StageName"};'
        );
        expect(load('@salesforce/apex/CoSellPanelController.getPanelState')).toContain(
            'apexMethod("CoSellPanelController.getPanelState")'
        );
    });

    it('maps platform modules to the shims and leaves the rest to the LWC resolver', () => {
        expect(resolve('lightning/uiRecordApi')).toBe(path.join(__dirname, 'src/shims/uiRecordApi.ts'));
        expect(resolve('@salesforce/apex')).toBe(path.join(__dirname, 'src/shims/apex.ts'));
        expect(resolve('lightning/card')).toBeNull();
        expect(load('@salesforce/gate/bc.260.enableComboboxElementInternals')).toContain('isOpen: () => false');
    });

    it('strips TypeScript types and keeps decorators for the LWC compiler', () => {
        const out = (plugin.transform as (code: string, id: string) => { code: string }).call(
            context,
            "import { api } from 'lwc';\nexport default class X { @api recordId?: string; n: number = 1; }",
            '/x/x.ts'
        );
        expect(out.code).toContain('@api');
        expect(out.code).not.toContain('?: string');
    });

    it('fingerprints the sources the page is built from', () => {
        expect(sourceFingerprint()).toMatch(/^[0-9a-f]{64}$/);
    });
});
