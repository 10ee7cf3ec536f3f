/**
 * Callouts, Platform Events, Queueables and the Limits class (Apex Developer Guide: "Invoking Callouts Using
 * Apex", "Testing HTTP Callouts", "Platform Events", "Queueable Apex", "Execution Governors and Limits").
 * - Http.send: counts a callout; after DML in the same transaction → CalloutException "You have uncommitted
 *   work pending. Please commit or rollback before calling out"; in tests the HttpCalloutMock from Test.setMock
 *   answers (none set → "Methods defined as TestMethod do not support Web service callouts"); outside tests the
 *   run's CalloutRouter sends it (the local org routes named credentials to the emulator).
 * - EventBus.publish: one DML statement per call; events wait for Test.stopTest /
 *   Test.getEventBus().deliver() (tests) or the commit (local org), then the event triggers run in a batch.
 *   An exception in an event trigger is not swallowed here (the platform drops that batch): apexrt fails loudly.
 * - System.enqueueJob: counts against the queueable limit; jobs run at Test.stopTest with asynchronous limits (the
 *   delay is ignored in tests). A job that enqueues another while running in a test → AsyncException
 *   "Maximum stack depth has been reached." (INFERRED from the documented "you can't chain queueable jobs in an
 *   Apex test").
 * - Test.startTest gives fresh limits and a clean "uncommitted work" state; Test.stopTest delivers events and runs
 *   jobs until none are left, then restores the limits of the test.
 */
import { ApexList } from '../collections/collections';
import { ApexThrow, ApexUnsupported } from '../core/values';
import { SObject } from '../data/sobject';
import { OrgDataLayer } from '../data-bridge/org-data-layer';
import type { RunContext, TestHooks } from '../interpreter/context';
import type { NativeCallResult, NativeLibrary } from '../interpreter/native-library';
import { ApexObject, TypeValue } from '../interpreter/runtime-values';
import { callInstanceMethod } from '../runner/execute';
import { implementsStandard } from '../types/classes';
import { HttpRequestValue, HttpResponseValue, requestMethod, responseMethod } from './http-values';
import { LimitContext, LimitKind } from './limits';
import { platformOf } from './platform-state';

class HttpValue {}
export class SchedulableContextValue {
    constructor(readonly triggerId: string) {}
}
export class QueueableContextValue {
    constructor(readonly jobId: string) {}
}
class TestBrokerValue {}
class SaveResultValue {
    constructor(readonly id: string | null) {}
}

function layerOf(run: RunContext): OrgDataLayer {
    if (!(run.data instanceof OrgDataLayer)) throw new ApexUnsupported('platform features without the data layer');
    return run.data;
}

function send(run: RunContext, request: HttpRequestValue): HttpResponseValue {
    const platform = platformOf(run);
    if (platform.uncommittedWork)
        throw new ApexThrow(
            'System.CalloutException',
            'You have uncommitted work pending. Please commit or rollback before calling out'
        );
    run.limits.consume('callouts');
    if (!run.isTest) {
        if (!platform.router) throw new ApexUnsupported('callouts outside tests without a callout router');
        return platform.router(request);
    }
    if (!platform.mock)
        throw new ApexThrow(
            'System.CalloutException',
            'Methods defined as TestMethod do not support Web service callouts'
        );
    const response = callInstanceMethod(layerOf(run).program, run, platform.mock, 'respond', [request]);
    if (!(response instanceof HttpResponseValue))
        throw new ApexThrow('System.CalloutException', 'The HttpCalloutMock returned no HttpResponse');
    return response;
}

function publish(run: RunContext, arg: unknown): NativeCallResult {
    const events = arg instanceof ApexList ? (arg.items as SObject[]) : [arg as SObject];
    run.limits.consume('dmlStatements');
    run.limits.consume('dmlRows', events.length);
    platformOf(run).pendingEvents.push(...events.map((e) => e.clone(false)));
    const results = events.map(() => new SaveResultValue(null));
    return {
        value: arg instanceof ApexList ? new ApexList({ name: 'Database.SaveResult', args: [] }, results) : results[0]
    };
}

/** Delivers the pending events to their triggers, in batches per event type (one transaction each). */
export function deliverEvents(run: RunContext): number {
    const platform = platformOf(run);
    let delivered = 0;
    while (platform.pendingEvents.length) {
        const events = platform.pendingEvents.splice(0);
        const byType = new Map<string, SObject[]>();
        for (const e of events) byType.set(e.schema.name, [...(byType.get(e.schema.name) ?? []), e]);
        for (const [type, batch] of byType) {
            for (const e of batch) e.readOnly = true;
            layerOf(run).fireTriggers(
                { operation: 'insert', objectType: type, isBefore: false, newRecords: batch, oldRecords: null },
                run
            );
            const failure = batch.flatMap((e) => e.errors)[0];
            if (failure) throw new ApexUnsupported(`an exception in the ${type} trigger: ${failure.message}`);
            delivered += batch.length;
        }
    }
    return delivered;
}

/** Runs every queued job (each with asynchronous limits), delivering events they publish, until none are left. */
export function runQueuedWork(run: RunContext): void {
    const platform = platformOf(run);
    const testLimits = run.limits;
    try {
        // Scheduled jobs run once at Test.stopTest (tests only).
        for (const scheduled of run.isTest ? platform.scheduled.splice(0) : []) {
            run.limits = new LimitContext('async');
            callInstanceMethod(layerOf(run).program, run, scheduled.job, 'execute', [
                new SchedulableContextValue(scheduled.cronTriggerId)
            ]);
        }
        for (;;) {
            deliverEvents(run);
            const job = platform.queue.shift();
            if (!job) break;
            run.limits = new LimitContext('async');
            platform.uncommittedWork = false;
            platform.runningJob = true;
            try {
                callInstanceMethod(layerOf(run).program, run, job.job, 'execute', [new QueueableContextValue(job.id)]);
            } finally {
                platform.runningJob = false;
            }
            platform.executedJobs++;
        }
    } finally {
        run.limits = testLimits;
    }
}

function enqueue(run: RunContext, job: unknown, delayMinutes: number): string {
    if (!(job instanceof ApexObject) || !implementsStandard(job.cls, 'Queueable'))
        throw new ApexThrow('System.AsyncException', 'The job must implement Queueable');
    const platform = platformOf(run);
    if (run.isTest && platform.runningJob)
        throw new ApexThrow('System.AsyncException', 'Maximum stack depth has been reached.');
    run.limits.consume('queueableJobs');
    const id = platform.nextJobId();
    platform.queue.push({ id, kind: 'queueable', job, delayMinutes, chained: platform.runningJob });
    return id;
}

/**
 * System.schedule(name, cron, job): the job is recorded with a CronTrigger/CronJobDetail row (so SOQL and
 * System.abortJob see it); in tests it runs once at Test.stopTest (Apex Developer Guide, "Testing the Apex
 * Scheduler"). The cron expression is not interpreted: outside tests scheduled jobs are recorded, not run.
 */
function schedule(run: RunContext, name: string, cronExpression: string, job: unknown): string {
    if (!(job instanceof ApexObject) || !implementsStandard(job.cls, 'Schedulable'))
        throw new ApexThrow('System.AsyncException', 'The job must implement Schedulable');
    const db = layerOf(run).org.db;
    const platform = platformOf(run);
    if (db.rows(db.schema.getObject('CronJobDetail')!).some((r) => r.name === name))
        throw new ApexThrow(
            'System.AsyncException',
            `The Apex job named "${name}" is already scheduled for execution.`
        );
    const cronJobDetailId = db.insertSystemRow('CronJobDetail', { Name: name, JobType: '7' });
    const cronTriggerId = db.insertSystemRow('CronTrigger', {
        CronJobDetailId: cronJobDetailId,
        CronExpression: cronExpression,
        State: 'WAITING',
        TimesTriggered: 0
    });
    platform.scheduled.push({ cronTriggerId, cronJobDetailId, name, cronExpression, job });
    return cronTriggerId;
}

function abortJob(run: RunContext, id: string): void {
    const platform = platformOf(run);
    const db = layerOf(run).org.db;
    const found = platform.scheduled.find((s) => s.cronTriggerId === id);
    const trigger = db.getRow(id);
    if (!trigger) throw new ApexThrow('System.StringException', `Invalid id: ${id}`);
    const detailId = (trigger.row.cronjobdetailid as string | undefined) ?? found?.cronJobDetailId;
    db.deleteSystemRow(id);
    if (detailId && db.getRow(detailId)) db.deleteSystemRow(detailId);
    platform.scheduled = platform.scheduled.filter((s) => s.cronTriggerId !== id);
}

const LIMITS: Record<string, LimitKind> = {
    queries: 'queries',
    queryrows: 'queryRows',
    dmlstatements: 'dmlStatements',
    dmlrows: 'dmlRows',
    callouts: 'callouts',
    queueablejobs: 'queueableJobs',
    futurecalls: 'futureCalls'
};

function limitsCall(run: RunContext, method: string): NativeCallResult | undefined {
    const m = /^get(limit)?(\w+)$/.exec(method.toLowerCase());
    const kind = m ? LIMITS[m[2]] : undefined;
    if (!kind) return undefined;
    return { value: m![1] ? run.limits.max(kind) : run.limits.get(kind) };
}

export function platformNatives(): NativeLibrary {
    const ok = (value: unknown): NativeCallResult => ({ value });
    return {
        typeName: (name) =>
            ['Http', 'HttpRequest', 'HttpResponse', 'EventBus', 'QueueableContext', 'Limits'].find(
                (n) => n.toLowerCase() === name.toLowerCase()
            ),
        callStatic: (run, typeName, method, args) => {
            const t = typeName.toLowerCase().replace(/^system\./, '');
            const m = method.toLowerCase();
            if (m === '<new>' && t === 'http') return ok(new HttpValue());
            if (m === '<new>' && t === 'httprequest') return ok(new HttpRequestValue());
            if (m === '<new>' && t === 'httpresponse') return ok(new HttpResponseValue());
            if (t === 'test' && m === 'setmock') {
                if (!(args[0] instanceof TypeValue) || args[0].type.name.toLowerCase() !== 'httpcalloutmock')
                    throw new ApexUnsupported(`Test.setMock for ${String((args[0] as TypeValue)?.type?.name)}`);
                platformOf(run).mock = args[1] as ApexObject;
                return ok(undefined);
            }
            if (t === 'test' && m === 'geteventbus') return ok(new TestBrokerValue());
            if (t === 'eventbus' && m === 'publish') return publish(run, args[0]);
            if (t === 'system' && m === 'enqueuejob') return ok(enqueue(run, args[0], (args[1] as number) ?? 0));
            if (t === 'system' && m === 'schedule') return ok(schedule(run, String(args[0]), String(args[1]), args[2]));
            if (t === 'system' && m === 'abortjob') {
                abortJob(run, String(args[0]));
                return ok(undefined);
            }
            if (t === 'limits') return limitsCall(run, method);
            return undefined;
        },
        callInstance: (run, typeName, self, method, args) => {
            if (self instanceof HttpValue && method.toLowerCase() === 'send')
                return ok(send(run, args[0] as HttpRequestValue));
            if (self instanceof HttpRequestValue) return requestMethod(self, method, args);
            if (self instanceof HttpResponseValue) return responseMethod(self, method, args);
            if (self instanceof QueueableContextValue && method.toLowerCase() === 'getjobid') return ok(self.jobId);
            if (self instanceof SchedulableContextValue && method.toLowerCase() === 'gettriggerid')
                return ok(self.triggerId);
            if (self instanceof TestBrokerValue && method.toLowerCase() === 'deliver') {
                deliverEvents(run);
                return ok(undefined);
            }
            if (self instanceof SaveResultValue) {
                if (method.toLowerCase() === 'issuccess') return ok(true);
                if (method.toLowerCase() === 'getid') return ok(self.id);
                if (method.toLowerCase() === 'geterrors')
                    return ok(new ApexList({ name: 'Database.Error', args: [] }, []));
            }
            return undefined;
        },
        isInstance: (v, typeName) => {
            const t = typeName.toLowerCase();
            if (v instanceof HttpRequestValue) return t === 'httprequest';
            if (v instanceof HttpResponseValue) return t === 'httpresponse';
            if (v instanceof SaveResultValue) return t === 'database.saveresult';
            return undefined;
        },
        runtimeTypeName: (v) => {
            if (v instanceof HttpRequestValue) return 'HttpRequest';
            if (v instanceof HttpResponseValue) return 'HttpResponse';
            if (v instanceof HttpValue) return 'Http';
            if (v instanceof QueueableContextValue) return 'QueueableContext';
            if (v instanceof SchedulableContextValue) return 'SchedulableContext';
            if (v instanceof SaveResultValue) return 'Database.SaveResult';
            return undefined;
        }
    };
}

/** Test.startTest / Test.stopTest for the test runner. */
export const platformTestHooks: TestHooks = {
    onStartTest: (run) => {
        const platform = platformOf(run);
        platform.uncommittedWork = false;
        platform.outerLimits = run.limits;
        run.limits = new LimitContext('sync');
    },
    onStopTest: (run) => {
        const platform = platformOf(run);
        runQueuedWork(run);
        if (platform.outerLimits) run.limits = platform.outerLimits;
    }
};
