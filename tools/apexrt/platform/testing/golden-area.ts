/**
 * Test helper: one org of a golden area's own project (golden/<area>/src), in test context, where anonymous Apex
 * blocks run one after the other against the same org (what platform self-tests read between them).
 */
import * as path from 'node:path';
import { SchemaRegistry } from '../../data';
import { dataRuntime } from '../../data-bridge';
import { readOrgConfig } from '../../data-bridge/org-config';
import { RunContext } from '../../interpreter/context';
import { buildProgram } from '../../loader/program';
import { findApexSources } from '../../loader/source-files';
import { defaultNatives } from '../../natives/default-natives';
import { runAnonymous } from '../../runner/execute';
import { platformTestHooks } from '../platform-natives';

const GOLDEN = path.join(__dirname, '..', '..', 'golden');

export function goldenAreaOrg(area: string): {
    run: (source: string) => ReturnType<typeof runAnonymous>;
    context: RunContext;
} {
    const src = path.join(GOLDEN, area, 'src');
    const data = dataRuntime(SchemaRegistry.fromSourceDir(src, { namespace: 'cosell' }), defaultNatives(), {
        orgConfig: readOrgConfig(src)
    });
    const classes = findApexSources(src, GOLDEN);
    const options = { namespace: 'cosell', natives: data.natives, providers: data.providers };
    const base = buildProgram(classes, options, '');
    const context = new RunContext({ data: data.newDataLayer(base), isTest: true, testHooks: platformTestHooks });
    return { context, run: (source) => runAnonymous(buildProgram(classes, options, source), context) };
}
