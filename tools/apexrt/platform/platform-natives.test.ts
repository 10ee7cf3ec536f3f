import { SchemaRegistry } from '../data';
import { dataRuntime } from '../data-bridge';
import { buildProgram } from '../loader/program';
import { defaultNatives } from '../natives/default-natives';
import { runTests } from '../runner/test-runner';
import { runTrigger } from '../runner/execute';
import { platformTestHooks } from './platform-natives';

const SOURCES = [
    {
        file: 'NightlyJob.cls',
        kind: 'class' as const,
        name: 'NightlyJob',
        source: `public class NightlyJob implements Schedulable {
            public void execute(SchedulableContext context) {
                insert new Account(Name = 'nightly ' + (context.getTriggerId() != null));
            }
        }`
    },
    {
        file: 'NightlyJobTest.cls',
        kind: 'class' as const,
        name: 'NightlyJobTest',
        source: `@IsTest private class NightlyJobTest {
            @IsTest static void runsOnceAtStopTest() {
                Test.startTest();
                Id jobId = System.schedule('nightly', '0 0 1 * * ?', new NightlyJob());
                Assert.areEqual(1, [SELECT COUNT() FROM CronTrigger WHERE Id = :jobId]);
                Assert.areEqual(0, [SELECT COUNT() FROM Account]);
                Test.stopTest();
                Assert.areEqual('nightly true', [SELECT Name FROM Account].Name);
            }
            @IsTest static void abortRemovesTheSchedule() {
                Id jobId = System.schedule('nightly', '0 0 1 * * ?', new NightlyJob());
                System.abortJob(jobId);
                Assert.areEqual(0, [SELECT COUNT() FROM CronTrigger]);
                System.schedule('nightly', '0 0 2 * * ?', new NightlyJob());
            }
            @IsTest static void aNameIsScheduledOnce() {
                System.schedule('nightly', '0 0 1 * * ?', new NightlyJob());
                try {
                    System.schedule('nightly', '0 0 1 * * ?', new NightlyJob());
                    Assert.fail('expected a duplicate-name error');
                } catch (AsyncException e) {
                    Assert.isTrue(e.getMessage().contains('already scheduled'));
                }
            }
        }`
    }
];

describe('System.schedule', () => {
    it('records the job, runs it once at Test.stopTest, and aborts it', () => {
        const data = dataRuntime(SchemaRegistry.standardOnly({ namespace: 'cosell' }), defaultNatives(), {
            runTrigger
        });
        const program = buildProgram(SOURCES, {
            namespace: 'cosell',
            natives: data.natives,
            providers: data.providers
        });
        const result = runTests(program, { dataLayer: () => data.newDataLayer(program), testHooks: platformTestHooks });
        expect(result.tests.map((t) => `${t.methodName}:${t.outcome}${t.message ? ` ${t.message}` : ''}`)).toEqual([
            'abortRemovesTheSchedule:Pass',
            'aNameIsScheduledOnce:Pass',
            'runsOnceAtStopTest:Pass'
        ]);
    });
});
