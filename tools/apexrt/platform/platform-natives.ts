/**
 * Callouts, Platform Events, Queueables and the Limits class (Apex Developer Guide: "Invoking Callouts Using
 * Apex", "Testing HTTP Callouts", "Platform Events", "Queueable Apex", "Execution Governors and Limits").
 * - Http.send, checked in this order: from a DML trigger → CalloutException "Callout from triggers are currently
 *   not supported." (help article 000386018); from a platform event trigger → unsupported (unconfirmed); from a
 *   @future without callout=true or a Queueable without Database.AllowsCallouts → CalloutException "Callout not
 *   allowed from this future method. Please enable callout by annotating the future method. eg:
 *   @Future(callout=true)" (the platform's text, also for Queueables: widely reported job failure mails); after
 *   DML / async Apex in the same transaction → CalloutException "You have uncommitted
 *   work pending. Please commit or rollback before calling out"; then it counts a callout. Outside tests the
 *   real time spent in callouts counts against the transaction's 120 s cumulative callout time ("Callout Limits
 *   and Limitations"); the platform's error when that runs out is undocumented → unsupported. In tests the
 *   HttpCalloutMock from Test.setMock
 *   answers (none set → "Methods defined as TestMethod do not support Web service callouts"); outside tests the
 *   run's CalloutRouter sends it (the local org routes named credentials to the emulator).
 * - EventBus.publish: one DML statement per call; an event whose field attributes fail is not published
 *   (event-publish-validation.ts); events get ReplayIds and wait for Test.stopTest /
 *   Test.getEventBus().deliver() (tests) or the commit (local org); delivery, retries and resume checkpoints
 *   are in event-delivery.ts.
 * - @future calls: future.ts; running queued jobs: async-jobs.ts.
 * - System.enqueueJob: counts against the queueable limit; jobs run at Test.stopTest with asynchronous limits (the
 *   delay is ignored in tests). A job that enqueues another while running in a test → AsyncException
 *   "Maximum stack depth has been reached." (INFERRED from the documented "you can't chain queueable jobs in an
 *   Apex test"). enqueueJob(job, AsyncOptions), AsyncInfo and chain depths: async-options.ts.
 * - Enqueuing a job or scheduling one is "asynchronous Apex", a pending operation that blocks a later callout
 *   in the same transaction ("Callout Limits and Limitations").
 * - Test.startTest gives fresh limits and a clean "uncommitted work" state; Test.stopTest delivers events and runs
 *   jobs until none are left, then restores the limits of the test.
 */
import { ApexList } from '../collections/collections';
import { ApexDatetime, ApexThrow, ApexUnsupported } from '../core/values';
import { SObject } from '../data/sobject';
import type { RunContext, TestHooks } from '../interpreter/context';
import type { NativeCallResult, NativeLibrary } from '../interpreter/native-library';
import { ApexObject, TypeValue } from '../interpreter/runtime-values';
import { callInstanceMethod } from '../runner/execute';
import type { MethodInfo } from '../types/classes';
import { implementsStandard } from '../types/classes';
import { OrgDataLayer } from '../data-bridge/org-data-layer';
import { hasPrincipalAccess, runningUsername, switchRunningUser } from '../data-bridge/permissions';
import { orgConfigOf } from '../data-bridge/org-config';
import { QueueableContextValue, runQueuedWork, SchedulableContextValue } from './async-jobs';
import { isBatch } from './batch-apex';
import { currentUserId, layerOf } from './job-user';
import {
    acceptEvents,
    currentTriggerContext,
    deliverEvents,
    setResumeCheckpoint,
    TriggerContextValue
} from './event-delivery';
import { CronSchedule } from './cron';
import { callFuture } from './future';
import { attachFinalizer, FinalizerContextValue, finalizerContextMethod } from './finalizers';
import {
    asyncInfoCall,
    AsyncOptionsValue,
    asyncOptionsField,
    chainPlacement,
    setAsyncOptionsField
} from './async-options';
import { HttpRequestValue, HttpResponseValue, requestMethod, responseMethod } from './http-values';
import { LimitContext, LimitKind } from './limits';
import { platformOf } from './platform-state';
import { chargeDailyAsyncExecution } from './daily-async-limit';
import { checkLocksBeforeCallout } from './record-locks';
import {
    failPublishedEvents,
    publishCallbackValueMethod,
    publishCallbackValueType,
    publishWithCallback
} from './publish-callbacks';
import { publishFailure } from './event-publish-validation';

export { deliverEvents, discardUncommittedEvents } from './event-delivery';
export { QueueableContextValue, runJob, runQueuedWork, runScheduledJob, SchedulableContextValue } from './async-jobs';
export { runFinalizer } from './finalizers';
export type { PendingFinalizer } from './finalizers';

class HttpValue {}
class TestBrokerValue {}
class SaveResultValue {
    constructor(
        readonly id: string | null,
        /** Why EventBus.publish refused the event (event-publish-validation.ts); undefined when it succeeded. */
        readonly failure?: string
    ) {}
}

/** Documented maximum cumulative callout time of one transaction ("Callout Limits and Limitations"). */
const MAX_CALLOUT_TIME_MS = 120_000;

/**
 * Whether the running context may call out at all; throws the platform's error when not. The trigger check comes
 * before the pending-work check because a trigger always runs inside DML, and the platform reports the trigger
 * error there (help article 000386018); applying it with a mock too is INFERRED (docs/reference/apex-semantics.md §3.3).
 */
function checkCalloutAllowed(run: RunContext): void {
    const platform = platformOf(run);
    if (platform.asyncContext?.kind === 'eventTrigger')
        throw new ApexUnsupported('a callout from a platform event trigger (platform behaviour unconfirmed)');
    if (platform.asyncContext?.kind === 'deployCallback')
        throw new ApexUnsupported('a callout from a Metadata.DeployCallback (platform behaviour unconfirmed)');
    if (platform.asyncContext?.kind === 'publishCallback')
        throw new ApexUnsupported('a callout from an EventBus publish callback (platform behaviour unconfirmed)');
    if (layerOf(run).triggerStack.length)
        throw new ApexThrow('System.CalloutException', 'Callout from triggers are currently not supported.');
    if (platform.asyncContext && !platform.asyncContext.allowsCallouts)
        throw new ApexThrow(
            'System.CalloutException',
            'Callout not allowed from this future method. Please enable callout by annotating the future method. eg: @Future(callout=true)'
        );
    if (platform.uncommittedWork)
        throw new ApexThrow(
            'System.CalloutException',
            'You have uncommitted work pending. Please commit or rollback before calling out'
        );
}

/** A real callout (outside tests), timed against the transaction's cumulative callout time. */
function sendForReal(run: RunContext, request: HttpRequestValue): HttpResponseValue {
    const platform = platformOf(run);
    if (!platform.router) throw new ApexUnsupported('callouts outside tests without a callout router');
    checkCredentialAccess(run, request.endpoint ?? '');
    const spent = platform.calloutMs.get(run.limits) ?? 0;
    const started = Date.now();
    let response: HttpResponseValue | undefined;
    try {
        response = platform.router(request);
    } finally {
        platform.calloutMs.set(run.limits, spent + (Date.now() - started));
    }
    const total = platform.calloutMs.get(run.limits)!;
    if (total > MAX_CALLOUT_TIME_MS)
        throw new ApexUnsupported(
            `callouts over the 120 s cumulative callout time (${total} ms; the platform's error is not documented)`
        );
    return response;
}

/**
 * A callout through a named credential (`callout:Name/...`, `callout:ns__Name/...`) needs the running user's access
 * to a principal of the named credential's external credential, granted by an assigned permission set (Salesforce
 * Help, "Enable External Credential Principals"; permissions.ts hasPrincipalAccess). The platform refuses the
 * callout otherwise, but the exception's text is not documented: apexrt fails loudly. In tests the HttpCalloutMock
 * answers and no credential is resolved (whether the platform checks principal access there is not documented), so
 * the check applies to real callouts only.
 *
 * Names: a named credential of a namespaced package has the fully qualified name `<namespace>__<Name>` (Apex
 * Reference, ConnectApi.NamedCredential, `developerName`: "Fully qualified developer name of the named
 * credential"; Object Reference, NamedCredential: DeveloperName and NamespacePrefix). `callout:ns__Name` reaches the
 * project's credential `Name` when `ns` is the project's namespace. Whether namespaced code that writes the bare
 * `callout:Name` reaches its own package's credential, or a subscriber's of the same name, is not documented
 * (docs/reference/apex-semantics.md §3.3, UNCONFIRMED): apexrt refuses it loudly. Another namespace is another
 * package's credential, which the project does not have.
 */
function checkCredentialAccess(run: RunContext, endpoint: string): void {
    const named = /^callout:(?:([A-Za-z0-9]+?)__)?(\w+)/.exec(endpoint);
    if (!named || !(run.data instanceof OrgDataLayer)) return;
    const org = run.data.org;
    const namespace = org.schema.options.namespace?.toLowerCase();
    const externalCredential = orgConfigOf(org).namedCredentials.get(named[2].toLowerCase());
    if (!externalCredential)
        throw new ApexUnsupported(`a callout through the named credential ${named[2]}, which is not in the project`);
    if (named[1] && named[1].toLowerCase() !== namespace)
        throw new ApexUnsupported(
            `a callout through ${named[1]}__${named[2]}: the namespace ${named[1]} is not the project's (${namespace ?? 'none'})`
        );
    if (!named[1] && namespace)
        throw new ApexUnsupported(
            `a callout through the unqualified name ${named[2]} from the namespaced project ${namespace}: which credential the platform resolves is not documented; name it callout:${namespace}__${named[2]}`
        );
    if (!hasPrincipalAccess(org, externalCredential))
        throw new ApexUnsupported(
            `a callout through ${named[2]} by ${runningUsername(org)}, who has no principal access to the external credential ${externalCredential} (the platform refuses it — Salesforce Help, "Enable External Credential Principals" — with an undocumented message)`
        );
}

function send(run: RunContext, request: HttpRequestValue): HttpResponseValue {
    const platform = platformOf(run);
    checkCalloutAllowed(run);
    checkLocksBeforeCallout(run);
    run.limits.consume('callouts');
    if (!run.isTest) return sendForReal(run, request);
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
    platformOf(run).publishCalls++;
    const copies = events.map((e) => e.clone(false));
    const failures = copies.map((e) => publishFailure(layerOf(run).org, e));
    acceptEvents(
        run,
        copies.filter((_, i) => failures[i] === undefined)
    );
    const results = failures.map((failure) => new SaveResultValue(null, failure));
    return {
        value: arg instanceof ApexList ? new ApexList({ name: 'Database.SaveResult', args: [] }, results) : results[0]
    };
}

function enqueue(run: RunContext, job: unknown, delayOrOptions: unknown): string {
    if (!(job instanceof ApexObject) || !implementsStandard(job.cls, 'Queueable'))
        throw new ApexThrow('System.AsyncException', 'The job must implement Queueable');
    const platform = platformOf(run);
    if (run.isTest && platform.runningJob)
        throw new ApexThrow('System.AsyncException', 'Maximum stack depth has been reached.');
    const placement = chainPlacement(run, delayOrOptions);
    if (platform.asyncContext?.kind === 'finalizer' && platform.finalizerReenqueues < 0)
        throw new ApexUnsupported(
            'a sixth consecutive re-enqueue by a finalizer (the platform allows five; what it does then is not documented)'
        );
    run.limits.consume('queueableJobs');
    chargeDailyAsyncExecution(run);
    platform.uncommittedWork = true;
    const id = platform.nextJobId();
    platform.queue.push({
        id,
        kind: 'queueable',
        job,
        chained: platform.runningJob,
        ...placement,
        finalizerReenqueues: platform.asyncContext?.kind === 'finalizer' ? platform.finalizerReenqueues : 0,
        userId: currentUserId(run)
    });
    return id;
}

/**
 * System.schedule(name, cron, job): the job is recorded with a CronTrigger/CronJobDetail row (so SOQL and
 * System.abortJob see it); in tests it runs once at Test.stopTest (Apex Developer Guide, "Testing the Apex
 * Scheduler"). apexrt does not interpret the cron expression; outside tests the local org's scheduler
 * (tools/local-org/scheduler.ts) runs the recorded jobs on a real clock.
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
    chargeDailyAsyncExecution(run);
    // NextFireTime: the first time the cron expression matches after now (Apex Developer Guide, "Apex Scheduler":
    // CronTrigger.NextFireTime after System.schedule), in the scheduling user's time zone.
    const clock = layerOf(run).clock();
    if (clock.timeZone !== 'GMT') throw new ApexUnsupported(`System.schedule for a user in ${clock.timeZone}`);
    const next = new CronSchedule(cronExpression).nextAfter(clock.now.epochMs);
    const cronJobDetailId = db.insertSystemRow('CronJobDetail', { Name: name, JobType: '7' });
    const cronTriggerId = db.insertSystemRow('CronTrigger', {
        CronJobDetailId: cronJobDetailId,
        CronExpression: cronExpression,
        State: 'WAITING',
        NextFireTime: next === undefined ? null : new ApexDatetime(next),
        TimesTriggered: 0
    });
    platform.scheduled.push({ cronTriggerId, cronJobDetailId, name, cronExpression, job, userId: currentUserId(run) });
    platform.uncommittedWork = true;
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

/**
 * Test.setCreatedDate(recordId, createdDatetime): sets CreatedDate of a record the test inserted (Apex Reference,
 * "Test Class": setCreatedDate). Outside tests, and for an Id with no stored record, the platform's error is not
 * documented: unsupported.
 */
function setCreatedDate(run: RunContext, id: string, createdDate: unknown): void {
    if (!run.isTest) throw new ApexUnsupported('Test.setCreatedDate outside a test');
    const db = layerOf(run).org.db;
    if (!db.getRow(id)) throw new ApexUnsupported(`Test.setCreatedDate for ${id}, which is not a stored record`);
    db.updateSystemRow(id, { CreatedDate: createdDate });
}

const LIMITS: Record<string, LimitKind> = {
    queries: 'queries',
    queryrows: 'queryRows',
    soslqueries: 'soslQueries',
    dmlstatements: 'dmlStatements',
    dmlrows: 'dmlRows',
    callouts: 'callouts',
    queueablejobs: 'queueableJobs',
    futurecalls: 'futureCalls',
    emailinvocations: 'emailInvocations'
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
            [
                'Http',
                'HttpRequest',
                'HttpResponse',
                'EventBus',
                'EventBus.TriggerContext',
                'QueueableContext',
                'AsyncOptions',
                'AsyncInfo',
                'SchedulableContext',
                'HttpCalloutMock',
                'Limits'
            ].find((n) => n.toLowerCase() === name.toLowerCase()),
        // The System statics implemented below (census: the stdlib's System type does not list them).
        knowsMember: (typeName, method, isStatic) =>
            isStatic &&
            /^(system\.)?system$/i.test(typeName) &&
            ['isfuture', 'isqueueable', 'isbatch', 'enqueuejob', 'schedule', 'abortjob', 'attachfinalizer'].includes(
                method.toLowerCase()
            )
                ? true
                : undefined,
        callStatic: (run, typeName, method, args) => {
            const t = typeName.toLowerCase().replace(/^system\./, '');
            const m = method.toLowerCase();
            if (t === '<future>') {
                const [futureMethod, futureArgs] = args as [MethodInfo, unknown[]];
                return callFuture(layerOf(run).program, run, futureMethod, futureArgs) ? ok(undefined) : undefined;
            }
            if (t === 'system' && m === '<runas>') {
                if (args.length !== 1) throw new ApexUnsupported('System.runAs with a package Version');
                if (!(run.data instanceof OrgDataLayer))
                    throw new ApexUnsupported('System.runAs without the data layer');
                // "Every call to runAs counts against the total number of DML statements" (Using the runAs Method).
                run.limits.consume('dmlStatements');
                return ok(switchRunningUser(layerOf(run).org, args[0]));
            }
            if (t === 'system' && m === 'isfuture') return ok(platformOf(run).asyncContext?.kind === 'future');
            if (t === 'system' && m === 'isqueueable') return ok(platformOf(run).asyncContext?.kind === 'queueable');
            if (t === 'system' && m === 'isbatch') return ok(isBatch(run));
            if (t === 'eventbus.triggercontext' && m === 'currentcontext') return ok(currentTriggerContext(run));
            if (m === '<new>' && t === 'http') return ok(new HttpValue());
            if (m === '<new>' && t === 'httprequest') return ok(new HttpRequestValue());
            if (m === '<new>' && t === 'httpresponse') return ok(new HttpResponseValue());
            if (t === 'test' && m === 'setmock') {
                if (!(args[0] instanceof TypeValue) || args[0].type.name.toLowerCase() !== 'httpcalloutmock')
                    throw new ApexUnsupported(`Test.setMock for ${String((args[0] as TypeValue)?.type?.name)}`);
                // "The Test.startTest statement must appear before the Test.setMock statement" when DML comes first
                // (Apex Developer Guide, "Performing DML Operations and Mock Callouts",
                // https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_classes_restful_http_testing_dml.htm).
                // What the platform does otherwise is not documented: apexrt refuses the order.
                if (run.isTest && platformOf(run).uncommittedWork && !(run.testStarted && !run.testStopped))
                    throw new ApexUnsupported(
                        'Test.setMock after DML outside Test.startTest/Test.stopTest (the documented order is DML, Test.startTest, Test.setMock, callout)'
                    );
                platformOf(run).mock = args[1] as ApexObject;
                return ok(undefined);
            }
            if (t === 'test' && m === 'geteventbus') return ok(new TestBrokerValue());
            if (t === 'test' && m === 'setcreateddate') {
                setCreatedDate(run, String(args[0]), args[1]);
                return ok(undefined);
            }
            if (t === 'eventbus' && m === 'publish') {
                // EventBus.publish(event, callback): publish-callbacks.ts.
                if (args.length === 2) return publishWithCallback(run, args[0], args[1], publish);
                return publish(run, args[0]);
            }
            if (t === 'system' && m === 'enqueuejob') return ok(enqueue(run, args[0], args[1]));
            if (m === '<new>' && t === 'asyncoptions') return ok(new AsyncOptionsValue());
            if (t === 'asyncinfo') return asyncInfoCall(run, method);
            if (t === 'system' && m === 'attachfinalizer') {
                attachFinalizer(run, args[0]);
                return ok(undefined);
            }
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
            if (self instanceof FinalizerContextValue) return finalizerContextMethod(self, method);
            if (self instanceof SchedulableContextValue && method.toLowerCase() === 'gettriggerid')
                return ok(self.triggerId);
            if (self instanceof TriggerContextValue && method.toLowerCase() === 'setresumecheckpoint') {
                setResumeCheckpoint(self, args[0]);
                return ok(undefined);
            }
            if (self instanceof TriggerContextValue && method.toLowerCase() === 'getresumecheckpoint')
                return ok(self.checkpoint);
            if (self instanceof TestBrokerValue && method.toLowerCase() === 'deliver') {
                deliverEvents(run);
                return ok(undefined);
            }
            if (self instanceof TestBrokerValue && method.toLowerCase() === 'fail') {
                failPublishedEvents(run);
                return ok(undefined);
            }
            if (publishCallbackValueType(self)) return publishCallbackValueMethod(self, method);
            if (self instanceof SaveResultValue) {
                if (method.toLowerCase() === 'issuccess') return ok(self.failure === undefined);
                if (method.toLowerCase() === 'getid') return ok(self.id);
                if (method.toLowerCase() === 'geterrors' && self.failure !== undefined)
                    throw new ApexUnsupported(
                        `the errors of an event EventBus.publish refused (${self.failure}): their status code and message are not documented`
                    );
                if (method.toLowerCase() === 'geterrors')
                    return ok(new ApexList({ name: 'Database.Error', args: [] }, []));
            }
            return undefined;
        },
        getField: (self, name) => {
            if (self instanceof AsyncOptionsValue) return asyncOptionsField(self, name);
            if (!(self instanceof TriggerContextValue)) return undefined;
            if (name.toLowerCase() === 'retries') return ok(self.retries);
            if (name.toLowerCase() === 'lasterror') return ok(self.lastError);
            return undefined;
        },
        setField: (self, name, value) => self instanceof AsyncOptionsValue && setAsyncOptionsField(self, name, value),
        isInstance: (v, typeName) => {
            const t = typeName.toLowerCase();
            if (v instanceof HttpRequestValue) return t === 'httprequest';
            if (v instanceof HttpResponseValue) return t === 'httpresponse';
            if (v instanceof SaveResultValue) return t === 'database.saveresult';
            if (v instanceof FinalizerContextValue) return t === 'finalizercontext' || t === 'system.finalizercontext';
            const callbackType = publishCallbackValueType(v);
            return callbackType === undefined ? undefined : callbackType.toLowerCase() === t;
        },
        runtimeTypeName: (v) => {
            if (v instanceof HttpRequestValue) return 'HttpRequest';
            if (v instanceof HttpResponseValue) return 'HttpResponse';
            if (v instanceof HttpValue) return 'Http';
            if (v instanceof QueueableContextValue) return 'QueueableContext';
            if (v instanceof SchedulableContextValue) return 'SchedulableContext';
            if (v instanceof SaveResultValue) return 'Database.SaveResult';
            if (v instanceof TriggerContextValue) return 'EventBus.TriggerContext';
            if (v instanceof AsyncOptionsValue) return 'AsyncOptions';
            if (v instanceof FinalizerContextValue) return 'FinalizerContext';
            return publishCallbackValueType(v);
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
