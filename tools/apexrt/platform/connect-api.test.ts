/**
 * ConnectApi in tests by SeeAllData: the data-siloed refusal (golden/platform-connectapi) applies only to a test
 * method that sees no org data; @IsTest(SeeAllData=true) on the method or its class keeps the call unsupported.
 */
import { SchemaRegistry } from '../data';
import { dataRuntime } from '../data-bridge';
import { buildProgram } from '../loader/program';
import { defaultNatives } from '../natives/default-natives';
import { runTrigger } from '../runner/execute';
import { runTests } from '../runner/test-runner';
import { platformTestHooks } from './platform-natives';

const CALL = `ConnectApi.ChatterUsers.getFollowings(null, String.valueOf(UserInfo.getUserId()));`;

function outcomes(source: string): Record<string, string> {
    const data = dataRuntime(SchemaRegistry.standardOnly({ namespace: 'cosell' }), defaultNatives(), { runTrigger });
    const name = /class (\w+)/.exec(source)![1];
    const program = buildProgram([{ file: `${name}.cls`, kind: 'class' as const, name, source }], {
        namespace: 'cosell',
        natives: data.natives,
        providers: data.providers
    });
    const result = runTests(program, { dataLayer: () => data.newDataLayer(program), testHooks: platformTestHooks });
    return Object.fromEntries(result.tests.map((t) => [t.methodName, `${t.outcome}: ${t.message ?? ''}`]));
}

describe('ConnectApi in Apex tests', () => {
    it('throws the data-siloed exception without SeeAllData, stays unsupported with it on the method', () => {
        expect(
            outcomes(`@IsTest private class SiloTest {
                @IsTest static void siloed() { ${CALL} }
                @IsTest(SeeAllData=false) static void explicitlySiloed() { ${CALL} }
                @IsTest(SeeAllData=true) static void seesAll() { ${CALL} }
            }`)
        ).toEqual({
            explicitlySiloed:
                'Fail: System.UnsupportedOperationException: ConnectApi methods are not supported in data siloed tests. Please use @IsTest(SeeAllData=true).',
            seesAll: 'Unsupported: not supported by apexrt: ConnectApi.ChatterUsers (SiloTest.cls:4)',
            siloed: 'Fail: System.UnsupportedOperationException: ConnectApi methods are not supported in data siloed tests. Please use @IsTest(SeeAllData=true).'
        });
    });

    it('stays unsupported in every method of a class marked SeeAllData=true', () => {
        expect(
            outcomes(`@IsTest(SeeAllData=true) private class SeeAllTest {
                @IsTest static void inherits() { ${CALL} }
                @IsTest(SeeAllData=false) static void overrides() { ${CALL} }
            }`)
        ).toEqual({
            inherits: 'Unsupported: not supported by apexrt: ConnectApi.ChatterUsers (SeeAllTest.cls:2)',
            overrides: 'Unsupported: not supported by apexrt: ConnectApi.ChatterUsers (SeeAllTest.cls:3)'
        });
    });
});
