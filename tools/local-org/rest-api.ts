/**
 * The subset of the Salesforce REST API that ts-force (and the end-to-end scenarios) use, served by the local
 * org: OAuth token, sobject describe, record create/read/update/delete (also as sObject Collections, which
 * ts-force's CompositeCollection uses), SOQL query with paging, Apex REST
 * (`/services/apexrest/...`, e.g. the webhook) and `/services/data/vXX.X/apex/<Class>/<method>` for the
 * components' @AuraEnabled methods (a local stand-in for the Lightning transport).
 * Errors use the REST API's shape: `[{"message", "errorCode", "fields"}]`.
 * Source: REST API Developer Guide (resources "sobjects", "query", "OAuth token", "sObject Collections");
 * ts-force 3.5.0 requests.
 */
import { createCustomField, CustomFieldError } from './custom-fields';
import { randomBytes } from 'node:crypto';
import {
    describeGlobal,
    describeSObject,
    parseSoql,
    SObject,
    ApexError,
    invokeRestResource,
    LimitContext
} from '../apexrt';
import { AuraCallError, invokeAuraEnabled } from './aura-enabled';
import { LocalOrg } from './local-org';
import { recordFromJson, RecordJsonError, recordJson } from './record-json';

export const API_VERSION = 'v65.0';
const PAGE_SIZE = 2000;

export interface ApiRequest {
    method: string;
    /** Path with query string, e.g. '/services/data/v65.0/query?q=SELECT+Id+FROM+Account'. */
    url: string;
    headers: Record<string, string>;
    body: Buffer;
}

export interface ApiResponse {
    status: number;
    headers?: Record<string, string>;
    body?: unknown;
}

interface CollectionError {
    statusCode: string;
    message: string;
    fields: string[];
}

interface CollectionResult {
    id: string | null;
    success: boolean;
    errors: CollectionError[];
}

const error = (status: number, message: string, errorCode: string, fields: string[] = []): ApiResponse => ({
    status,
    body: [{ message, errorCode, fields }]
});

export class RestApi {
    private readonly tokens = new Set<string>();
    private readonly cursors = new Map<string, { records: unknown[]; totalSize: number }>();

    constructor(
        readonly org: LocalOrg,
        readonly instanceUrl: () => string
    ) {}

    handle(request: ApiRequest): ApiResponse {
        const url = new URL(request.url, 'http://local');
        const path = url.pathname;
        try {
            if (path === '/services/oauth2/token' && request.method === 'POST') return this.token();
            if (path.startsWith('/services/apexrest/')) return this.apexRest(request, path);
            if (!this.authorised(request)) return error(401, 'Session expired or invalid', 'INVALID_SESSION_ID');
            const m = /^\/services\/data\/(v\d+\.\d)(\/.*)?$/.exec(path);
            if (!m) return error(404, 'The requested resource does not exist', 'NOT_FOUND');
            return this.data(request.method, m[2] ?? '/', url, request.body);
        } catch (e) {
            if (e instanceof RecordJsonError) return error(400, e.message, e.errorCode, e.fields);
            if (e instanceof ApexError) {
                const ex = e.obj.exception!;
                return error(400, `${e.obj.cls.fullName}: ${ex.message ?? ''}`, 'APEX_ERROR');
            }
            throw e;
        }
    }

    private token(): ApiResponse {
        const token = `00Dlocal!${randomBytes(24).toString('hex')}`;
        this.tokens.add(token);
        return {
            status: 200,
            body: {
                access_token: token,
                instance_url: this.instanceUrl(),
                id: `${this.instanceUrl()}/id/${this.org.data.org.setup.organizationId}/${this.org.data.org.setup.runningUserId}`,
                token_type: 'Bearer',
                issued_at: String(Date.now())
            }
        };
    }

    private authorised(request: ApiRequest): boolean {
        const header = request.headers.authorization ?? '';
        return header.startsWith('Bearer ') && this.tokens.has(header.slice('Bearer '.length));
    }

    /** Apex REST is public on a Site (the webhook); the guest user's limits are the Apex code's business. */
    private apexRest(request: ApiRequest, path: string): ApiResponse {
        const result = this.org.transaction((run) =>
            invokeRestResource(this.org.project, run, {
                method: request.method as 'POST',
                path: path.slice('/services/apexrest'.length),
                headers: request.headers,
                body: request.body
            })
        );
        return { status: result.statusCode, headers: result.headers, body: result.body };
    }

    private data(method: string, rest: string, url: URL, body: Buffer): ApiResponse {
        const schema = this.org.project.schema;
        if (rest === '/sobjects' || rest === '/sobjects/') return { status: 200, body: describeGlobal(schema) };
        if (rest === '/query' || rest === '/query/' || rest === '/queryAll')
            return this.query(url.searchParams.get('q') ?? '');
        const cursor = /^\/query\/([\w-]+)$/.exec(rest);
        if (cursor) return this.page(cursor[1]);
        const describe = /^\/sobjects\/(\w+)\/describe\/?$/.exec(rest);
        if (describe) {
            const d = describeSObject(schema, describe[1]);
            return d ? { status: 200, body: d } : error(404, `The requested resource does not exist`, 'NOT_FOUND');
        }
        const collection = /^\/sobjects\/(\w+)\/?$/.exec(rest);
        if (collection && method === 'POST') return this.insert(collection[1], body);
        const item = /^\/sobjects\/(\w+)\/(\w{15,18})\/?$/.exec(rest);
        if (item) {
            if (method === 'GET') return this.read(item[1], item[2], url.searchParams.get('fields'));
            if (method === 'PATCH') return this.update(item[1], item[2], body);
            if (method === 'DELETE') return this.remove(item[2]);
        }
        if (/^\/composite\/sobjects\/?$/.test(rest)) return this.collection(method, url, body);
        // Tooling API Execute Anonymous: GET .../tooling/executeAnonymous/?anonymousBody=<Apex>
        if (/^\/tooling\/executeAnonymous\/?$/.test(rest) && method === 'GET') {
            const { debugLines: _debug, ...result } = this.org.executeAnonymous(
                url.searchParams.get('anonymousBody') ?? ''
            );
            return { status: 200, body: result };
        }
        if (/^\/tooling\/sobjects\/CustomField\/?$/.test(rest) && method === 'POST') {
            try {
                const id = createCustomField(schema, this.json(body));
                return { status: 201, body: { id, success: true, errors: [] } };
            } catch (e) {
                if (e instanceof CustomFieldError) return error(400, e.message, e.errorCode);
                throw e;
            }
        }
        const apex = /^\/apex\/(\w+)\/(\w+)$/.exec(rest);
        if (apex && method === 'POST') return this.auraEnabled(apex[1], apex[2], body);
        return error(404, 'The requested resource does not exist', 'NOT_FOUND');
    }

    private json(body: Buffer): Record<string, unknown> {
        try {
            const parsed = JSON.parse(body.toString('utf8') || '{}') as unknown;
            if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
                return parsed as Record<string, unknown>;
        } catch {
            // fall through
        }
        throw new RecordJsonError('The request body is not a JSON object', 'JSON_PARSER_ERROR', []);
    }

    private insert(type: string, body: Buffer): ApiResponse {
        const schema = this.org.project.schema;
        if (!schema.getObject(type)) return error(404, `The requested resource does not exist`, 'NOT_FOUND');
        const record = recordFromJson(schema, type, this.json(body));
        return this.org.transaction((run) => {
            const outcome = this.org.data.execute('insert', [record], false, run);
            const r = outcome.results[0];
            if (!r.success) return this.dmlError(outcome.results);
            return { status: 201, body: { id: r.id, success: true, errors: [] } };
        });
    }

    private update(type: string, id: string, body: Buffer): ApiResponse {
        const record = recordFromJson(this.org.project.schema, type, this.json(body), id);
        return this.org.transaction((run) => {
            const outcome = this.org.data.execute('update', [record], false, run);
            return outcome.results[0].success ? { status: 204 } : this.dmlError(outcome.results);
        });
    }

    private remove(id: string): ApiResponse {
        return this.org.transaction((run) => {
            const outcome = this.org.data.execute('delete', [id], false, run);
            return outcome.results[0].success ? { status: 204 } : this.dmlError(outcome.results);
        });
    }

    /**
     * sObject Collections: insert (POST), update (PATCH, each record with its Id) or delete (DELETE ?ids=) up to
     * 200 records in one transaction, consecutive records of one type saved together. One result per record in
     * the request's order; with allOrNone (the default of ts-force) one failure rolls every record back and the
     * others report ALL_OR_NONE_OPERATION_ROLLED_BACK.
     */
    private collection(method: string, url: URL, body: Buffer): ApiResponse {
        const op = ({ POST: 'insert', PATCH: 'update', DELETE: 'delete' } as const)[method];
        if (!op) return error(405, `HTTP Method '${method}' not allowed`, 'METHOD_NOT_ALLOWED');
        let allOrNone: boolean;
        let items: { type: string; record?: SObject; id?: string; error?: CollectionError }[];
        if (op === 'delete') {
            allOrNone = url.searchParams.get('allOrNone') === 'true';
            const ids = (url.searchParams.get('ids') ?? '').split(',').filter((id) => id);
            // Records of one type share the Id's key prefix.
            items = ids.map((id) => ({ type: id.slice(0, 3), id }));
        } else {
            const input = this.json(body);
            if (!Array.isArray(input.records))
                return error(400, 'The request body needs a records array', 'JSON_PARSER_ERROR');
            allOrNone = input.allOrNone === true;
            items = (input.records as Record<string, unknown>[]).map((raw) => this.collectionItem(raw, op));
        }
        if (items.length > 200) return error(400, 'Collections can hold at most 200 records', 'EXCEEDED_ID_LIMIT');
        const results: CollectionResult[] = items.map((item) => ({
            id: item.id ?? null,
            success: false,
            errors: item.error ? [item.error] : []
        }));
        const rolledBack = (): ApiResponse => ({
            status: 200,
            body: results.map((r) =>
                r.errors.length
                    ? { ...r, success: false }
                    : {
                          id: null,
                          success: false,
                          errors: [
                              {
                                  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
                                  message:
                                      'Record rolled back because not all records were valid and the request was using AllOrNone header',
                                  fields: []
                              }
                          ]
                      }
            )
        });
        if (allOrNone && results.some((r) => r.errors.length)) return rolledBack();
        const failedAll = new Error('all or none');
        try {
            this.org.transaction((run) => {
                let start = 0;
                while (start < items.length) {
                    let end = start;
                    while (end < items.length && items[end].type === items[start].type) end++;
                    const chunk = [...items.keys()].slice(start, end).filter((i) => !items[i].error);
                    if (chunk.length) {
                        const targets = chunk.map((i) => (op === 'delete' ? items[i].id! : items[i].record!));
                        const outcome = this.org.data.execute(op, targets, false, run);
                        chunk.forEach((i, k) => {
                            const r = outcome.results[k];
                            results[i] = {
                                id: r.success ? (r.id ?? items[i].id ?? null) : (items[i].id ?? null),
                                success: r.success,
                                errors: r.errors.map((e) => ({
                                    statusCode: e.statusCode,
                                    message: e.message,
                                    fields: e.fields
                                }))
                            };
                        });
                    }
                    start = end;
                }
                if (allOrNone && results.some((r) => !r.success)) throw failedAll;
            });
        } catch (e) {
            if (e === failedAll) return rolledBack();
            throw e;
        }
        return { status: 200, body: results };
    }

    private collectionItem(
        raw: Record<string, unknown>,
        op: 'insert' | 'update'
    ): { type: string; record?: SObject; id?: string; error?: CollectionError } {
        const type = (raw.attributes as { type?: unknown } | undefined)?.type;
        if (typeof type !== 'string' || !this.org.project.schema.getObject(type))
            return {
                type: String(type),
                error: { statusCode: 'INVALID_TYPE', message: 'Each record needs attributes.type', fields: [] }
            };
        const { Id: id, ...fields } = raw;
        if (op === 'update' && typeof id !== 'string')
            return {
                type,
                error: { statusCode: 'MISSING_ARGUMENT', message: 'Id not specified in an update call', fields: [] }
            };
        try {
            const record = recordFromJson(
                this.org.project.schema,
                type,
                fields,
                op === 'update' ? (id as string) : undefined
            );
            return { type, record, id: op === 'update' ? (id as string) : undefined };
        } catch (e) {
            if (!(e instanceof RecordJsonError)) throw e;
            return {
                type,
                id: typeof id === 'string' ? id : undefined,
                error: { statusCode: e.errorCode, message: e.message, fields: e.fields }
            };
        }
    }

    /** The first row error, as the REST API reports a failed save. */
    private dmlError(results: { errors: { statusCode: string; message: string; fields: string[] }[] }[]): ApiResponse {
        const e = results[0].errors[0];
        return error(400, e.message, e.statusCode, e.fields);
    }

    private read(type: string, id: string, fields: string | null): ApiResponse {
        const object = this.org.project.schema.getObject(type);
        if (!object) return error(404, 'The requested resource does not exist', 'NOT_FOUND');
        const names = fields ? fields.split(',').map((f) => f.trim()) : [...object.fields.values()].map((f) => f.name);
        const result = this.runQuery(
            `SELECT ${names.join(', ')} FROM ${object.name} WHERE Id = '${id.replace(/'/g, '')}'`
        );
        if (result.records.length === 0) return error(404, 'The requested resource does not exist', 'NOT_FOUND');
        return { status: 200, body: result.records[0] };
    }

    private runQuery(soql: string): { records: unknown[] } {
        return this.org.transaction((run) => {
            // The query resource is not Apex: Apex's governor limits (Apex Developer Guide, "Execution Governors
            // and Limits") do not count it; large results come in batches with nextRecordsUrl (REST API Developer
            // Guide, "Query"). A count of 60,000 rows must not fail as "Too many query rows".
            run.limits = new LimitContext('sync', { queries: Infinity, queryRows: Infinity });
            const result = this.org.data.runParsed(
                parseSoql(soql),
                () => {
                    throw new RecordJsonError('Bind variables are not allowed in REST queries', 'MALFORMED_QUERY', []);
                },
                run
            );
            if (result.kind === 'count') return { records: [], totalSize: result.count };
            if (result.kind === 'aggregate')
                throw new RecordJsonError('Aggregate queries are not supported here', 'MALFORMED_QUERY', []);
            return { records: result.records.map((r: SObject) => recordJson(r, API_VERSION)) };
        });
    }

    private query(soql: string): ApiResponse {
        let result: { records: unknown[]; totalSize?: number };
        try {
            result = this.runQuery(soql);
        } catch (e) {
            if (e instanceof RecordJsonError) throw e;
            const message = e instanceof Error ? e.message : String(e);
            return error(400, message, 'MALFORMED_QUERY');
        }
        const totalSize = result.totalSize ?? result.records.length;
        return this.pageOf(result.records, totalSize, 0);
    }

    private page(cursorId: string): ApiResponse {
        const [id, offsetText] = cursorId.split('-');
        const cursor = this.cursors.get(id);
        if (!cursor) return error(404, 'The query cursor has expired', 'INVALID_QUERY_LOCATOR');
        return this.pageOf(cursor.records, cursor.totalSize, Number(offsetText), id);
    }

    private pageOf(records: unknown[], totalSize: number, offset: number, cursorId?: string): ApiResponse {
        const slice = records.slice(offset, offset + PAGE_SIZE);
        const done = offset + PAGE_SIZE >= records.length;
        const body: Record<string, unknown> = { totalSize, done, records: slice };
        if (!done) {
            const id = cursorId ?? randomBytes(8).toString('hex');
            this.cursors.set(id, { records, totalSize });
            body.nextRecordsUrl = `/services/data/${API_VERSION}/query/${id}-${offset + PAGE_SIZE}`;
        }
        return { status: 200, body };
    }

    /** `POST /services/data/vXX.X/apex/<Class>/<method>` with the parameters as a JSON object. */
    private auraEnabled(className: string, method: string, body: Buffer): ApiResponse {
        try {
            return { status: 200, body: invokeAuraEnabled(this.org, className, method, this.json(body)) };
        } catch (e) {
            if (e instanceof AuraCallError)
                return { status: e.status, body: { message: e.message, exceptionType: e.exceptionType ?? null } };
            throw e;
        }
    }
}
