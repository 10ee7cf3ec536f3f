/**
 * Apex REST values: RestRequest, RestResponse and the RestContext statics (Apex Reference, "RestContext Class",
 * "RestRequest Class", "RestResponse Class"), plus `invokeRestResource`, the harness the local org and the
 * TypeScript tests use to call an @RestResource class the way the platform does: resolve the URL mapping, set
 * RestContext, call the @HttpGet/@HttpPost... method, and return status, headers and body.
 * Not modelled: parameters bound from a JSON body to method arguments (methods must take no arguments and read
 * RestContext.request.requestBody) — such a method fails loudly.
 */
import { ApexMap } from '../collections/collections';
import { ApexBlob, ApexUnsupported } from '../core/values';
import type { RunContext } from '../interpreter/context';
import type { NativeCallResult, NativeLibrary } from '../interpreter/native-library';
import { RunSemantics } from '../interpreter/semantics';
import type { LoadedProgram } from '../loader/program';
import { callStaticMethod } from '../runner/execute';
import { hasAnnotation } from '../types/classes';
import { T } from '../types/typeref';
import { resolveRestResource, RestResourceClass } from './rest-mapping';

const KEYS = new RunSemantics({ callIfDeclared: () => ({ found: false }) });

export class RestRequestValue {
    requestURI: string | null = null;
    resourcePath: string | null = null;
    httpMethod: string | null = null;
    /** undefined: a request built in Apex that was never given a body (what it reads then is not documented). */
    requestBody: ApexBlob | null | undefined = undefined;
    remoteAddress: string | null = null;
    readonly headers = new ApexMap(T.String, T.String);
    readonly params = new ApexMap(T.String, T.String);
}

export class RestResponseValue {
    statusCode: number | null = null;
    responseBody: ApexBlob | null = null;
    readonly headers = new ApexMap(T.String, T.String);
}

/**
 * Apex Reference, "RestRequest Class", addHeader: "The following headers aren't allowed: cookie, set-cookie,
 * set-cookie2, content-length, authorization. If any of these headers are used, an Apex exception is thrown."
 * (https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_methods_system_restrequest.htm).
 * The exception's type and message are not documented, so apexrt fails loudly instead of guessing them.
 */
const RESTRICTED_REQUEST_HEADERS = ['cookie', 'set-cookie', 'set-cookie2', 'content-length', 'authorization'];

function refuseRestrictedHeader(name: unknown): void {
    if (typeof name === 'string' && RESTRICTED_REQUEST_HEADERS.includes(name.toLowerCase()))
        throw new ApexUnsupported(
            `RestRequest.addHeader('${name}'): the platform throws for this header (Apex Reference, RestRequest.addHeader) with an undocumented exception`
        );
}

/** RestContext.request/response of each run (the interpreter holds no globals). */
const contexts = new WeakMap<RunContext, { request: unknown; response: unknown }>();

function contextOf(run: RunContext): { request: unknown; response: unknown } {
    let c = contexts.get(run);
    if (!c) contexts.set(run, (c = { request: null, response: null }));
    return c;
}

const FIELDS: Record<string, string[]> = {
    request: ['requestURI', 'resourcePath', 'httpMethod', 'requestBody', 'remoteAddress', 'headers', 'params'],
    response: ['statusCode', 'responseBody', 'headers']
};

function fieldName(self: RestRequestValue | RestResponseValue, name: string): string | undefined {
    const list = self instanceof RestRequestValue ? FIELDS.request : FIELDS.response;
    return list.find((f) => f.toLowerCase() === name.toLowerCase());
}

export function restNatives(): NativeLibrary {
    const ok = (value: unknown): NativeCallResult => ({ value });
    return {
        typeName: (name) =>
            ['RestContext', 'RestRequest', 'RestResponse'].find((n) => n.toLowerCase() === name.toLowerCase()),
        callStatic: (run, typeName, method, args) => {
            const t = typeName.toLowerCase().replace(/^system\./, '');
            if (t === 'restrequest' && method === '<new>') return ok(new RestRequestValue());
            if (t === 'restresponse' && method === '<new>') return ok(new RestResponseValue());
            if (t !== 'restcontext') return undefined;
            const c = contextOf(run);
            switch (method.toLowerCase()) {
                case '<get>request':
                    return ok(c.request);
                case '<get>response':
                    return ok(c.response);
                case '<set>request':
                    c.request = args[0];
                    return ok(undefined);
                case '<set>response':
                    c.response = args[0];
                    return ok(undefined);
                default:
                    return undefined;
            }
        },
        callInstance: (run, typeName, self, method, args) => {
            if (!(self instanceof RestRequestValue || self instanceof RestResponseValue)) return undefined;
            const m = `${method.toLowerCase()}/${args.length}`;
            if (m === 'addheader/2') {
                if (self instanceof RestRequestValue) refuseRestrictedHeader(args[0]);
                self.headers.put(args[0], args[1], KEYS);
                return ok(undefined);
            }
            if (m === 'addparameter/2' && self instanceof RestRequestValue) {
                self.params.put(args[0], args[1], KEYS);
                return ok(undefined);
            }
            return undefined;
        },
        getField: (self, name) => {
            if (!(self instanceof RestRequestValue || self instanceof RestResponseValue)) return undefined;
            const f = fieldName(self, name);
            if (f === 'requestBody' && self instanceof RestRequestValue && self.requestBody === undefined)
                // apex-recipes' REST tests (passing on orgs) call requestBody.toString() on a new RestRequest
                // without an NPE, so it is not plainly null; what it is, is not documented.
                throw new ApexUnsupported('RestRequest.requestBody of a request never given a body');
            return f ? { value: (self as unknown as Record<string, unknown>)[f] } : undefined;
        },
        ownsField: (self, name) =>
            self instanceof RestRequestValue || self instanceof RestResponseValue
                ? fieldName(self, name) !== undefined
                : undefined,
        setField: (self, name, value) => {
            if (!(self instanceof RestRequestValue || self instanceof RestResponseValue)) return false;
            const f = fieldName(self, name);
            if (!f || f === 'headers' || f === 'params') return false;
            (self as unknown as Record<string, unknown>)[f] = value;
            return true;
        },
        runtimeTypeName: (v) =>
            v instanceof RestRequestValue ? 'RestRequest' : v instanceof RestResponseValue ? 'RestResponse' : undefined
    };
}

export interface RestCall {
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    /** Path after /services/apexrest, e.g. '/cosell/partnercenter/webhook/abc'. */
    path: string;
    headers?: Record<string, string>;
    body?: Buffer | string;
    remoteAddress?: string;
}

export interface RestResult {
    statusCode: number;
    headers: Record<string, string>;
    body: Buffer;
}

/** The @RestResource classes of a program with their URL mappings. */
export function restResources(program: LoadedProgram): RestResourceClass[] {
    const out: RestResourceClass[] = [];
    for (const c of program.classes) {
        const a = c.info.annotations.find((x) => x.name.toLowerCase() === 'restresource');
        const mapping = a?.params.urlmapping;
        if (mapping !== undefined)
            out.push({
                className: c.info.fullName,
                urlMapping: mapping.replace(/^'|'$/g, ''),
                namespace: program.registry.namespace
            });
    }
    return out;
}

/** Calls an Apex REST resource as the platform would (one transaction in `run`). */
export function invokeRestResource(program: LoadedProgram, run: RunContext, call: RestCall): RestResult {
    const resource = resolveRestResource(restResources(program), call.path);
    if (!resource) return { statusCode: 404, headers: {}, body: Buffer.from('[{"errorCode":"NOT_FOUND"}]') };
    const cls = program.registry.lookupClass(resource.className.split('.'))!;
    const annotation = `http${call.method.toLowerCase()}`;
    const handler = [...cls.methods.values()].flat().find((m) => m.isStatic && hasAnnotation(m, annotation));
    if (!handler) return { statusCode: 405, headers: {}, body: Buffer.from('[{"errorCode":"METHOD_NOT_ALLOWED"}]') };
    if (handler.params.length > 0) throw new ApexUnsupported(`Apex REST method ${handler.name} with parameters`);
    const request = new RestRequestValue();
    request.httpMethod = call.method;
    request.requestURI = call.path;
    request.resourcePath = `/services/apexrest${resource.urlMapping}`;
    request.remoteAddress = call.remoteAddress ?? '127.0.0.1';
    request.requestBody = call.body !== undefined ? new ApexBlob(Buffer.from(call.body)) : null;
    for (const [k, v] of Object.entries(call.headers ?? {})) request.headers.put(k, v, KEYS);
    const response = new RestResponseValue();
    const c = contextOf(run);
    c.request = request;
    c.response = response;
    callStaticMethod(program, run, resource.className, handler.name, []);
    const headers: Record<string, string> = {};
    for (const [k, v] of response.headers.entries()) headers[String(k)] = String(v);
    return {
        statusCode: response.statusCode ?? 200,
        headers,
        body: response.responseBody?.bytes ?? Buffer.alloc(0)
    };
}
