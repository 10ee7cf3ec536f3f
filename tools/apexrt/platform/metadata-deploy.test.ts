/**
 * Custom metadata deployments beyond the golden corpus (golden/platform-metadata): the queued deployment applied by
 * the async runner and the callback run afterwards in its own transaction, and what apexrt refuses to guess.
 */
import * as path from 'node:path';
import { SchemaRegistry } from '../data';
import { dataRuntime } from '../data-bridge';
import { RunContext } from '../interpreter/context';
import { buildProgram } from '../loader/program';
import { findApexSources } from '../loader/source-files';
import { defaultNatives } from '../natives/default-natives';
import { runAnonymous } from '../runner/execute';
import { platformTestHooks, runQueuedWork } from './platform-natives';
import { platformOf } from './platform-state';

const GOLDEN = path.join(__dirname, '..', 'golden');
const SCHEMA = path.join(GOLDEN, 'schema');

function setup(): { run: (source: string) => ReturnType<typeof runAnonymous>; context: RunContext } {
    const data = dataRuntime(SchemaRegistry.fromSourceDir(SCHEMA, { namespace: 'cosell' }), defaultNatives());
    const classes = findApexSources(SCHEMA, GOLDEN);
    const base = buildProgram(classes, { namespace: 'cosell', natives: data.natives, providers: data.providers }, '');
    const layer = data.newDataLayer(base);
    const context = new RunContext({ data: layer });
    return {
        context,
        run: (source) => {
            const program = buildProgram(
                classes,
                { namespace: 'cosell', natives: data.natives, providers: data.providers },
                source
            );
            return runAnonymous(program, context);
        }
    };
}

const DEPLOY = `
Metadata.CustomMetadata changed = new Metadata.CustomMetadata();
changed.fullName = 'cosell__Golden_Config__mdt.cosell__Alpha';
changed.label = 'Alpha';
Metadata.CustomMetadataValue mode = new Metadata.CustomMetadataValue();
mode.field = 'Mode__c';
mode.value = 'slow';
changed.values.add(mode);
Metadata.CustomMetadata created = new Metadata.CustomMetadata();
created.fullName = 'Golden_Config__mdt.Delta';
created.label = 'Delta';
Metadata.CustomMetadataValue threshold = new Metadata.CustomMetadataValue();
threshold.field = 'Threshold__c';
threshold.value = 7;
created.values.add(threshold);
Metadata.DeployContainer container = new Metadata.DeployContainer();
container.addMetadata(changed);
container.addMetadata(created);
System.debug(Metadata.Operations.enqueueDeployment(container, new GoldenDeployCallback()));
`;

describe('Metadata.Operations.enqueueDeployment', () => {
    it('writes the records when the queued deployment runs, then calls handleResult with Succeeded', () => {
        const { run, context } = setup();
        const queued = run(DEPLOY);
        expect(queued.exception).toBeUndefined();
        expect(platformOf(context).queue.map((j) => j.kind)).toEqual(['metadataDeploy']);
        runQueuedWork(context);
        const after = run(`
System.debug(Golden_Config__mdt.getInstance('Alpha').Mode__c);
System.debug(Golden_Config__mdt.getInstance('Delta').Threshold__c);
System.debug(Golden_Config__mdt.getAll().size());
System.debug([SELECT Name FROM Account].Name);
`);
        expect(after.exception).toBeUndefined();
        expect(after.debugLines.slice(1)).toEqual(['slow', '7', '4', 'deployed: Succeeded success=true deployed=2']);
    });

    it('is unsupported inside a test (the platform does not document it)', () => {
        const data = dataRuntime(SchemaRegistry.fromSourceDir(SCHEMA, { namespace: 'cosell' }), defaultNatives());
        const classes = findApexSources(SCHEMA, GOLDEN);
        const program = buildProgram(
            classes,
            { namespace: 'cosell', natives: data.natives, providers: data.providers },
            DEPLOY
        );
        expect(() =>
            runAnonymous(
                program,
                new RunContext({ data: data.newDataLayer(program), isTest: true, testHooks: platformTestHooks })
            )
        ).toThrow(/not supported by apexrt: Metadata.Operations.enqueueDeployment in a test/);
    });

    it('refuses a value of another type than the field (the platform error is not documented)', () => {
        const { run } = setup();
        expect(() =>
            run(`
Metadata.CustomMetadata c = new Metadata.CustomMetadata();
c.fullName = 'Golden_Config__mdt.Alpha';
Metadata.CustomMetadataValue v = new Metadata.CustomMetadataValue();
v.field = 'Enabled__c';
v.value = 'yes';
c.values.add(v);
Metadata.DeployContainer container = new Metadata.DeployContainer();
container.addMetadata(c);
Metadata.Operations.enqueueDeployment(container, new GoldenDeployCallback());
`)
        ).toThrow(/not supported by apexrt: deploying a value of another type/);
    });
});
