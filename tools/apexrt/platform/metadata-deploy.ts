/**
 * Custom metadata deployments from Apex: the Metadata namespace's CustomMetadata, CustomMetadataValue,
 * DeployContainer, Operations.enqueueDeployment, DeployCallback, DeployResult, DeployStatus and
 * DeployCallbackContext (Apex Reference, "Metadata Namespace"; Apex Developer Guide, "Retrieving and Deploying
 * Metadata", "Testing Metadata Deployments").
 * - `new Metadata.CustomMetadata()` has fullName, label, protected_x and values, a List<Metadata.CustomMetadataValue>
 *   that code adds to right after construction (the deploy example of "Operations Class"), so it starts empty.
 * - `Metadata.Operations.enqueueDeployment(container, callback)` queues the deployment and returns its job Id; the
 *   deployment runs asynchronously and Salesforce then calls `callback.handleResult(result, context)` as
 *   asynchronous Apex ("DeployCallback Interface"). Nothing of it is visible in the enqueuing transaction.
 * - Deployments create and update components, never delete ("Retrieving and Deploying Metadata"); full names are
 *   `Type__mdt.Record`, with the namespace on both parts for a namespaced package
 *   (`ns__Type__mdt.ns__Record`, same page).
 * - Tests verify the container and call the callback directly with their own DeployResult and a
 *   DeployCallbackContext ("Testing Metadata Deployments"): what enqueueDeployment does inside a test is not
 *   documented, so it is unsupported there. Also unsupported (undocumented outcome): an empty container, two
 *   components with one full name ("causes deployment errors", "DeployContainer Class"), components other than
 *   custom metadata records, unknown types or fields, and values of another type than the field's; a failed
 *   deployment is therefore never produced here.
 * - Outside tests the local org's async runner (tools/local-org) runs the queued deployment: the records are written
 *   to the org's custom metadata, then handleResult runs in its own transaction with asynchronous limits and a
 *   DeployResult with status Succeeded, success and done true and the component counts.
 */
import { ApexList } from '../collections/collections';
import { ApexDate, ApexDatetime, ApexUnsupported, Decimal } from '../core/values';
import type { RunContext } from '../interpreter/context';
import type { NativeCallResult, NativeLibrary } from '../interpreter/native-library';
import { ApexObject } from '../interpreter/runtime-values';
import { callInstanceMethod } from '../runner/execute';
import { implementsStandard } from '../types/classes';
import { layerOf } from './job-user';
import { LimitContext } from './limits';
import { platformOf } from './platform-state';
import { FieldsValue, fieldsValueAccess } from './fields-value';

/** Metadata.DeployStatus values ("DeployStatus Enum"). */
const DEPLOY_STATUSES = ['Pending', 'InProgress', 'Succeeded', 'SucceededPartial', 'Failed', 'Canceling', 'Canceled'];

export class DeployStatusValue {
    private static readonly all = new Map(DEPLOY_STATUSES.map((n) => [n.toLowerCase(), new DeployStatusValue(n)]));
    private constructor(readonly name: string) {}
    static of(name: string): DeployStatusValue | undefined {
        return DeployStatusValue.all.get(name.toLowerCase());
    }
}

export class CustomMetadataValue extends FieldsValue {
    readonly typeName = 'Metadata.CustomMetadata';
    constructor() {
        // "CustomMetadata Class": fullName (from Metadata.Metadata), label, protected_x, values.
        super(['fullName', 'label', 'protected_x', 'values'], {
            values: new ApexList({ name: 'Metadata.CustomMetadataValue', args: [] }, []),
            protected_x: false
        });
    }
}

export class CustomMetadataFieldValue extends FieldsValue {
    readonly typeName = 'Metadata.CustomMetadataValue';
    constructor() {
        // "CustomMetadataValue Class": field, value.
        super(['field', 'value']);
    }
}

export class DeployResultValue extends FieldsValue {
    readonly typeName = 'Metadata.DeployResult';
    constructor(initial: Record<string, unknown> = {}) {
        // "DeployResult Class": the properties a callback reads about the deployment as a whole.
        super(
            [
                'id',
                'status',
                'success',
                'done',
                'checkOnly',
                'ignoreWarnings',
                'rollbackOnError',
                'errorMessage',
                'errorStatusCode',
                'numberComponentErrors',
                'numberComponentsDeployed',
                'numberComponentsTotal',
                'createdBy',
                'createdByName',
                'createdDate',
                'completedDate',
                'startDate',
                'lastModifiedDate',
                'stateDetail',
                'canceledBy',
                'canceledByName'
            ],
            initial
        );
    }
}

export class DeployCallbackContextValue {
    constructor(readonly callbackJobId: string | null) {}
}

export class DeployContainerValue {
    readonly components: CustomMetadataValue[] = [];
}

/** A deployment queued by enqueueDeployment, run by the async runner. */
export interface QueuedDeployment {
    id: string;
    kind: 'metadataDeploy';
    components: CustomMetadataValue[];
    callback: ApexObject;
    delayMinutes: 0;
}

function enqueueDeployment(run: RunContext, container: unknown, callback: unknown): string {
    if (run.isTest)
        throw new ApexUnsupported(
            'Metadata.Operations.enqueueDeployment in a test (the platform does not document it; test the container and call the DeployCallback directly, "Testing Metadata Deployments")'
        );
    if (!(container instanceof DeployContainerValue))
        throw new ApexUnsupported('Metadata.Operations.enqueueDeployment without a Metadata.DeployContainer');
    if (!(callback instanceof ApexObject) || !implementsStandard(callback.cls, 'Metadata.DeployCallback'))
        throw new ApexUnsupported('Metadata.Operations.enqueueDeployment without a Metadata.DeployCallback');
    if (!container.components.length)
        throw new ApexUnsupported('deploying an empty Metadata.DeployContainer (the platform error is not documented)');
    const names = container.components.map((c) => String(c.get('fullName')).toLowerCase());
    if (new Set(names).size !== names.length)
        throw new ApexUnsupported('a Metadata.DeployContainer with two components of one fullName');
    // Resolve every component now, so a deployment the runtime could not apply fails where it was enqueued.
    for (const c of container.components) resolveComponent(run, c);
    const platform = platformOf(run);
    const id = platform.nextJobId();
    // A copy: later changes to the container or its components do not reach the queued deployment.
    const components = container.components.map((c) => {
        const copy = new CustomMetadataValue();
        copy.set('fullName', c.get('fullName'));
        copy.set('label', c.get('label'));
        const values = (c.get('values') as ApexList | null)?.items ?? [];
        copy.set(
            'values',
            new ApexList(
                { name: 'Metadata.CustomMetadataValue', args: [] },
                values.map((v) => {
                    const value = new CustomMetadataFieldValue();
                    value.set('field', (v as CustomMetadataFieldValue).get('field'));
                    value.set('value', (v as CustomMetadataFieldValue).get('value'));
                    return value;
                })
            )
        );
        return copy;
    });
    platform.queue.push({ id, kind: 'metadataDeploy', components, callback, delayMinutes: 0 });
    return id;
}

interface ResolvedComponent {
    type: string;
    developerName: string;
    label: string;
    values: Map<string, unknown>;
}

/** `[ns__]Type__mdt.[ns__]Record` → the type, record and typed values, or unsupported. */
function resolveComponent(run: RunContext, c: CustomMetadataValue): ResolvedComponent {
    const db = layerOf(run).org.db;
    const fullName = c.get('fullName');
    const m = typeof fullName === 'string' ? /^([A-Za-z0-9_]+__mdt)\.([A-Za-z0-9_]+)$/.exec(fullName) : null;
    if (!m) throw new ApexUnsupported(`a custom metadata fullName that is not Type__mdt.Record: ${String(fullName)}`);
    const object = db.schema.getObject(m[1]);
    if (!object || object.kind !== 'customMetadata')
        throw new ApexUnsupported(`deploying to an unknown custom metadata type ${m[1]}`);
    const ns = db.schema.options.namespace;
    const developerName =
        ns && m[2].toLowerCase().startsWith(`${ns.toLowerCase()}__`) ? m[2].slice(ns.length + 2) : m[2];
    const values = new Map<string, unknown>();
    for (const item of (c.get('values') as ApexList | null)?.items ?? []) {
        const v = item as CustomMetadataFieldValue;
        const fieldName = String(v.get('field'));
        const field = db.schema.getField(object, fieldName);
        if (!field || !field.custom)
            throw new ApexUnsupported(`deploying unknown field ${fieldName} of ${object.name} (error undocumented)`);
        values.set(field.name.toLowerCase(), toFieldValue(field.type, v.get('value'), `${object.name}.${field.name}`));
    }
    const label = c.get('label');
    return { type: object.name, developerName, label: typeof label === 'string' ? label : developerName, values };
}

/** An Apex value for a field of the given type; another type's value is unsupported (undocumented). */
function toFieldValue(type: string, value: unknown, where: string): unknown {
    if (value === null || value === undefined) return null;
    const wrong = (): never => {
        throw new ApexUnsupported(`deploying a value of another type to ${where} (${type})`);
    };
    switch (type) {
        case 'boolean':
            return typeof value === 'boolean' ? value : wrong();
        case 'double':
        case 'currency':
        case 'percent':
            if (value instanceof Decimal) return value;
            return typeof value === 'number' ? new Decimal(String(value)) : wrong();
        case 'int':
            return typeof value === 'number' && Number.isInteger(value) ? value : wrong();
        case 'date':
            return value instanceof ApexDate ? value : wrong();
        case 'datetime':
            return value instanceof ApexDatetime ? value : wrong();
        default:
            return typeof value === 'string' ? value : wrong();
    }
}

/**
 * Runs a queued deployment (the local org's async runner): writes the records, then calls handleResult in a
 * transaction of its own with asynchronous limits.
 */
export function runDeployment(run: RunContext, job: QueuedDeployment): void {
    const db = layerOf(run).org.db;
    const resolved = job.components.map((c) => resolveComponent(run, c));
    for (const r of resolved) db.deployCustomMetadata(r.type, r.developerName, r.label, r.values);
    const platform = platformOf(run);
    const result = new DeployResultValue({
        id: job.id,
        status: DeployStatusValue.of('Succeeded'),
        success: true,
        done: true,
        checkOnly: false,
        numberComponentErrors: 0,
        numberComponentsDeployed: resolved.length,
        numberComponentsTotal: resolved.length
    });
    const context = new DeployCallbackContextValue(platform.nextJobId());
    const saved = { limits: run.limits, async: platform.asyncContext, uncommitted: platform.uncommittedWork };
    run.limits = new LimitContext('async');
    platform.uncommittedWork = false;
    platform.asyncContext = { kind: 'deployCallback', allowsCallouts: false };
    try {
        callInstanceMethod(layerOf(run).program, run, job.callback, 'handleResult', [result, context]);
    } finally {
        platform.asyncContext = saved.async;
        platform.uncommittedWork = saved.uncommitted;
        run.limits = saved.limits;
    }
}

const TYPES = [
    'Metadata.Operations',
    'Metadata.DeployContainer',
    'Metadata.CustomMetadata',
    'Metadata.CustomMetadataValue',
    'Metadata.DeployResult',
    'Metadata.DeployStatus',
    'Metadata.DeployCallbackContext'
];

const isMetadataValue = (v: unknown): v is FieldsValue =>
    v instanceof CustomMetadataValue || v instanceof CustomMetadataFieldValue || v instanceof DeployResultValue;

export function metadataNatives(): NativeLibrary {
    const ok = (value: unknown): NativeCallResult => ({ value });
    return {
        typeName: (name) => TYPES.find((n) => n.toLowerCase() === name.toLowerCase()),
        callStatic: (run, typeName, method, args) => {
            const t = typeName.toLowerCase();
            const m = method.toLowerCase();
            if (m === '<new>') {
                if (t === 'metadata.deploycontainer') return ok(new DeployContainerValue());
                if (t === 'metadata.custommetadata') return ok(new CustomMetadataValue());
                if (t === 'metadata.custommetadatavalue') return ok(new CustomMetadataFieldValue());
                if (t === 'metadata.deployresult') return ok(new DeployResultValue());
                return undefined;
            }
            if (t === 'metadata.operations' && m === 'enqueuedeployment')
                return ok(enqueueDeployment(run, args[0], args[1]));
            if (t === 'metadata.deploystatus' && m.startsWith('<get>')) {
                const status = DeployStatusValue.of(method.slice('<get>'.length));
                return status ? ok(status) : undefined;
            }
            return undefined;
        },
        callInstance: (_run, _typeName, self, method, args) => {
            const m = method.toLowerCase();
            if (self instanceof DeployContainerValue) {
                if (m === 'addmetadata') {
                    if (!(args[0] instanceof CustomMetadataValue))
                        throw new ApexUnsupported('deploying metadata other than custom metadata records');
                    self.components.push(args[0]);
                    return ok(undefined);
                }
                if (m === 'getmetadata')
                    return ok(new ApexList({ name: 'Metadata.Metadata', args: [] }, [...self.components]));
            }
            if (self instanceof DeployCallbackContextValue && m === 'getcallbackjobid') return ok(self.callbackJobId);
            return undefined;
        },
        ...fieldsValueAccess(isMetadataValue),
        format: (value) => (value instanceof DeployStatusValue ? value.name : undefined),
        isInstance: (v, typeName) => {
            const t = typeName.toLowerCase();
            if (v instanceof CustomMetadataValue) return t === 'metadata.custommetadata' || t === 'metadata.metadata';
            if (v instanceof CustomMetadataFieldValue) return t === 'metadata.custommetadatavalue';
            if (v instanceof DeployResultValue) return t === 'metadata.deployresult';
            if (v instanceof DeployContainerValue) return t === 'metadata.deploycontainer';
            if (v instanceof DeployCallbackContextValue) return t === 'metadata.deploycallbackcontext';
            return undefined;
        },
        runtimeTypeName: (v) => {
            if (isMetadataValue(v)) return v.typeName;
            if (v instanceof DeployContainerValue) return 'Metadata.DeployContainer';
            if (v instanceof DeployCallbackContextValue) return 'Metadata.DeployCallbackContext';
            if (v instanceof DeployStatusValue) return 'Metadata.DeployStatus';
            return undefined;
        }
    };
}
