/**
 * Renders PartnerCenterClient.cls from the contract's endpoints:
 * - path constants and one static request builder per endpoint (`<endpoint>Request`: method, named-credential
 *   URL, URL-encoded path parameters, OData options in contract order, the endpoint's headers, a fresh
 *   client-request-id);
 * - `send`: the one place a Partner Center call is made and its answer read (JSON body, error body
 *   {"error":{"code","message"}}, Retry-After, transport failures, duration) into a `Result`, which also holds the
 *   classification: 429 / 5xx / transport retryable, other 4xx permanent, 412 a conflict;
 * - typed methods over PartnerCenterModels (`<endpoint>(...)`) that throw `ApiException` on failure; a paged
 *   endpoint (response with `value` and `@odata.nextLink`) gets `<endpoint>` (all pages), `<endpoint>Page` and
 *   `<endpoint>NextPage`.
 */
import { ENDPOINTS, Endpoint, RESOURCES } from '../contract';
import { MODELS_CLASS } from './apex-models';
import { apexString, banner, constantName, docComment, headerParam, pathParams } from './apex-source';
import { packageInfo } from './package-info';

export const CLIENT_CLASS = 'PartnerCenterClient';
const M = `${MODELS_CLASS}.`;

/** The item resource of a paged response resource, if it is one. */
export function pagedItem(endpoint: Endpoint): string | undefined {
    const response = endpoint.response ? RESOURCES[endpoint.response] : undefined;
    const value = response?.properties.value?.type;
    if (!response || !('@odata.nextLink' in response.properties) || typeof value !== 'object' || !('arrayOf' in value))
        return undefined;
    return typeof value.arrayOf === 'object' && 'resource' in value.arrayOf ? value.arrayOf.resource : undefined;
}

/** The endpoint's path constant with its {parameters} replaced by URL-encoded values. */
function pathExpression(name: string, path: string): string {
    return pathParams(path).reduce(
        (expression, p) => `${expression}.replace('{${p}}', EncodingUtil.urlEncode(${p}, 'UTF-8'))`,
        `${constantName(name)}_PATH`
    );
}

function builder(name: string, e: Endpoint): string[] {
    const params = ['String namedCredential', ...pathParams(e.path).map((p) => `String ${p}`)];
    if (e.query) params.push('Map<String, String> options');
    if (e.request) params.push('String body');
    for (const h of e.headers ?? []) params.push(`String ${headerParam(h)}`);
    const lines = [
        ...docComment(`${e.method} request: ${e.description} Success: ${e.successCodes.join(', ')}.`, '    '),
        `    public static HttpRequest ${name}Request(${params.join(', ')}) {`,
        `        String path = ${pathExpression(name, e.path)};`
    ];
    if (e.query) lines.push(`        path += query(options, ${constantName(name)}_OPTIONS);`);
    lines.push(
        `        HttpRequest request = request(${apexString(e.method)}, namedCredential, path, ${e.request ? 'body' : 'null'});`
    );
    for (const h of e.headers ?? []) {
        const p = headerParam(h);
        lines.push(
            `        if (String.isNotBlank(${p})) {`,
            `            request.setHeader(${apexString(h)}, ${p});`,
            '        }'
        );
    }
    lines.push('        return request;', '    }', '');
    return lines;
}

/** The typed method(s) of an endpoint. */
function typed(name: string, e: Endpoint): string[] {
    const credential = `${e.credential}Credential`;
    const params: string[] = pathParams(e.path).map((p) => `String ${p}`);
    const args: string[] = [credential, ...pathParams(e.path)];
    if (e.query) {
        params.push('Map<String, String> options');
        args.push('options');
    }
    if (e.request) {
        const type = e.requestIsList ? `List<${M}${e.request}>` : `${M}${e.request}`;
        const variable = e.requestIsList ? 'operations' : e.request.replace(/^./, (c) => c.toLowerCase());
        params.push(`${type} ${variable}`);
        args.push(
            e.requestIsList
                ? `System.JSON.serialize(${M}${e.request}.toMaps(${variable}))`
                : `System.JSON.serialize(${variable}?.toMap())`
        );
    }
    for (const h of e.headers ?? []) {
        const fixed = e.headerValues?.[h];
        if (fixed !== undefined) args.push(apexString(fixed));
        else {
            params.push(`String ${headerParam(h)}`);
            args.push(headerParam(h));
        }
    }
    const request = `        HttpRequest request = ${name}Request(${args.join(', ')});`;
    const fixedNote = Object.entries(e.headerValues ?? {})
        .map(([h, v]) => ` Sends ${h}: ${v}.`)
        .join('');
    const item = pagedItem(e);
    if (item) {
        const page = `${M}${e.response}`;
        const list = `List<${M}${item}>`;
        return [
            ...docComment(`${e.description} Returns the items of every page, following @odata.nextLink.`, '    '),
            `    public ${list} ${name}(${params.join(', ')}) {`,
            `        ${list} items = new ${list}();`,
            `        ${page} page = ${name}Page(${params.map((p) => p.split(' ').pop()).join(', ')});`,
            '        while (page != null) {',
            '            if (page.value != null) {',
            '                items.addAll(page.value);',
            '            }',
            `            page = page.odataNextLink == null ? null : ${name}NextPage(page.odataNextLink);`,
            '        }',
            '        return items;',
            '    }',
            '',
            `    /** The first page of ${name}. */`,
            `    public ${page} ${name}Page(${params.join(', ')}) {`,
            request,
            `        return ${page}.fromMap(send(request).orThrow().body);`,
            '    }',
            '',
            `    /** The page behind an @odata.nextLink of ${name}. */`,
            `    public ${page} ${name}NextPage(String nextLink) {`,
            `        HttpRequest request = nextPageRequest(${credential}, ${constantName(name)}_PATH, nextLink);`,
            `        return ${page}.fromMap(send(request).orThrow().body);`,
            '    }',
            ''
        ];
    }
    const returns = e.response ? `${M}${e.response}` : 'void';
    const doc = docComment(
        `${e.description}${fixedNote}${e.response ? ' Null when the answer has no body.' : ''} Throws ApiException on failure.`,
        '    '
    );
    const body = e.response
        ? `        return ${M}${e.response}.fromMap(send(request).orThrow().body);`
        : '        send(request).orThrow();';
    return [...doc, `    public ${returns} ${name}(${params.join(', ')}) {`, request, body, '    }', ''];
}

const RUNTIME = `
    /**
     * The name a callout URL uses for a named credential: the package's own credentials by their qualified name
     * (\`<namespace>__<Name>\`, the fully qualified developer name of a packaged credential), any other name (a
     * subscriber's own credential, or a name already qualified) as given.
     */
    public static String calloutName(String namedCredential) {
        return PACKAGE_NAMESPACE != null && PACKAGED_CONNECTIONS.contains(namedCredential)
            ? PACKAGE_NAMESPACE + '__' + namedCredential
            : namedCredential;
    }

    /**
     * A request to \`callout:<qualified namedCredential><path>\` with JSON headers, a fresh client-request-id (referrals
     * API: required, new for every call), MS-CorrelationId with the same value (webhook API: "all operations should
     * include this header") and a fresh MS-RequestId — sent to both hosts.
     */
    public static HttpRequest request(String method, String namedCredential, String path, String body) {
        HttpRequest request = new HttpRequest();
        request.setMethod(method);
        request.setEndpoint('callout:' + calloutName(namedCredential) + path);
        request.setTimeout(TIMEOUT_MS);
        request.setHeader('Accept', 'application/json');
        request.setHeader('Content-Type', 'application/json');
        String correlation = CorrelationId.next();
        request.setHeader('client-request-id', correlation);
        request.setHeader('MS-CorrelationId', correlation);
        request.setHeader('MS-RequestId', CorrelationId.next());
        if (body != null) {
            request.setBody(body);
        }
        return request;
    }

    /**
     * The request for the page behind an @odata.nextLink. Partner Center's nextLink is an absolute URL on its own
     * host (documented with odd host and path variants), so only its query string is kept and sent to \`path\`
     * through the named credential.
     */
    public static HttpRequest nextPageRequest(String namedCredential, String path, String nextLink) {
        Integer queryStart = nextLink.indexOf('?');
        String query = queryStart < 0 ? '' : nextLink.substring(queryStart);
        return request('GET', namedCredential, path + query, null);
    }

    /** The OData query string of the given options, in the contract order, URL-encoded. */
    private static String query(Map<String, String> options, List<String> allowed) {
        List<String> parts = new List<String>();
        for (String name : allowed) {
            if (options != null && options.get(name) != null) {
                parts.add(name + '=' + EncodingUtil.urlEncode(options.get(name), 'UTF-8'));
            }
        }
        return parts.isEmpty() ? '' : '?' + String.join(parts, '&');
    }

    /**
     * Time spent in this transaction's calls (ms; statics live for one transaction): what counts against the
     * transaction's 120 s of cumulative callout time ("Callout Limits and Limitations").
     */
    public static Long calloutMs { get; private set; }

    /**
     * A test's stand-in for the time a call takes: a mocked callout answers at once, so a test of the callout-time
     * budget says how long each call would have taken.
     */
    @TestVisible
    private static Integer simulatedDurationMs;

    /**
     * Makes the call. Never throws: a failure is described in the Result (HTTP status, Partner Center's error code
     * and message, Retry-After, or the transport error when no answer came).
     */
    public static Result send(HttpRequest request) {
        Result result = new Result();
        result.correlationId = request.getHeader('MS-CorrelationId');
        Long started = System.currentTimeMillis();
        try {
            HttpResponse response = new Http().send(request);
            result.statusCode = response.getStatusCode();
            result.read(response);
        } catch (CalloutException e) {
            result.transportError = e.getMessage();
        }
        result.durationMs = simulatedDurationMs ?? (System.currentTimeMillis() - started).intValue();
        calloutMs = (calloutMs ?? 0) + result.durationMs;
        return result;
    }

    /**
     * The outcome of one call: HTTP status, the JSON object of a successful answer (untyped, so it can also be
     * mapped by path), Partner Center's error code and message ({"error":{"code","message"}}, or a top-level
     * "message" as in throttling answers), Retry-After in seconds, the client-request-id sent (the correlation
     * id) and the duration.
     */
    public class Result {
        public Integer statusCode;
        public Map<String, Object> body;
        public String errorCode;
        public String errorMessage;
        public Integer retryAfterSeconds;
        public String correlationId;
        public Integer durationMs;
        /** Set when the call did not complete (timeout, DNS, connection): no status code. */
        public String transportError;
        /**
         * The answer's Date header as sent, or null: the server's clock when it answered, in whole seconds (RFC 9110
         * §6.6.1 "Date"; HttpResponse.getHeader, Apex Reference "HttpResponse Class").
         */
        public String serverDate;

        public Boolean isSuccess() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }

        /** 429, 5xx and transport failures are worth another try later; other 4xx are permanent. */
        public Boolean isRetryable() {
            return statusCode == null || statusCode == 429 || statusCode >= 500;
        }

        /** 412: the If-Match eTag is no longer current (someone changed the referral meanwhile). */
        public Boolean isConflict() {
            return statusCode == 412;
        }

        public Boolean isNotFound() {
            return statusCode == 404;
        }

        /** What went wrong, for people and the audit trail (never the payload). */
        public String describe() {
            if (transportError != null) {
                return 'Partner Center could not be reached: ' + transportError;
            }
            String text = 'Partner Center answered ' + statusCode;
            if (String.isNotBlank(errorCode)) {
                text += ' (' + errorCode + ')';
            }
            if (String.isNotBlank(errorMessage)) {
                text += ': ' + errorMessage;
            }
            return text;
        }

        /** This result when it succeeded; otherwise throws an ApiException describing it. */
        public Result orThrow() {
            if (!isSuccess()) {
                throw ApiException.of(this);
            }
            return this;
        }

        private void read(HttpResponse response) {
            serverDate = response.getHeader('Date');
            String retryAfter = response.getHeader('Retry-After');
            if (String.isNotBlank(retryAfter) && retryAfter.trim().isNumeric()) {
                retryAfterSeconds = Integer.valueOf(retryAfter.trim());
            }
            String text = response.getBody();
            if (String.isBlank(text)) {
                return;
            }
            Object parsed;
            try {
                parsed = System.JSON.deserializeUntyped(text);
            } catch (JSONException e) {
                if (!isSuccess()) {
                    errorMessage = text.abbreviate(500);
                }
                return;
            }
            Map<String, Object> json = ${M}objectOf(parsed);
            if (json == null) {
                return;
            }
            if (isSuccess()) {
                body = json;
                return;
            }
            ${M}ErrorBody error = ${M}ErrorBody.fromMap(json);
            if (error.error != null) {
                errorCode = error.error.code;
                errorMessage = error.error.message;
            } else {
                errorMessage = ${M}stringOf(${M}keyed(json).get('message'));
            }
        }
    }

    /** A failed Partner Center call, thrown by the typed methods. */
    public class ApiException extends Exception {
        /** Null when no answer came (transport failure). */
        public Integer statusCode;
        public String errorCode;
        public String errorMessage;
        public Integer retryAfterSeconds;
        /** The client-request-id of the call. */
        public String correlationId;
        public Result result;

        public Boolean isRetryable() {
            return result != null && result.isRetryable();
        }

        public Boolean isConflict() {
            return result != null && result.isConflict();
        }

        public Boolean isNotFound() {
            return result != null && result.isNotFound();
        }

        /** The exception describing a failed result. */
        public static ApiException of(Result result) {
            ApiException failure = new ApiException(result.describe());
            failure.result = result;
            failure.statusCode = result.statusCode;
            failure.errorCode = result.errorCode;
            failure.errorMessage = result.errorMessage;
            failure.retryAfterSeconds = result.retryAfterSeconds;
            failure.correlationId = result.correlationId;
            return failure;
        }
    }
`;

export function renderClient(): string {
    const info = packageInfo();
    const out: string[] = [
        ...banner(
            'The Partner Center client over the named credentials: request builders for every endpoint, one send\n' +
                'that reads answers and failures into a Result, and typed methods over PartnerCenterModels that throw\n' +
                'PartnerCenterClient.ApiException.'
        ),
        `public inherited sharing class ${CLIENT_CLASS} {`,
        '    /** Callout timeout of every request (ms). */',
        '    public static final Integer TIMEOUT_MS = 20000;',
        '    /** The package namespace (sfdx-project.json); null when the package has none. */',
        `    public static final String PACKAGE_NAMESPACE = ${info.namespace ? apexString(info.namespace) : 'null'};`,
        '    /** The names of the named credentials the package ships (namedCredentials/): its Partner Center connections. */',
        `    public static final Set<String> PACKAGED_CONNECTIONS = new Set<String>{ ${info.namedCredentials.map(apexString).join(', ')} };`,
        ''
    ];
    for (const [name, e] of Object.entries(ENDPOINTS)) {
        out.push(`    public static final String ${constantName(name)}_PATH = ${apexString(e.path)};`);
        if (e.query)
            out.push(
                `    public static final List<String> ${constantName(name)}_OPTIONS = new List<String>{ ${e.query.map(apexString).join(', ')} };`
            );
    }
    const credentials = [...new Set(Object.values(ENDPOINTS).map((e) => e.credential))];
    out.push('');
    for (const c of credentials) out.push(`    private final String ${c}Credential;`);
    out.push(
        '',
        `    /** A client over the named credentials (${credentials.join(', ')}). */`,
        `    public ${CLIENT_CLASS}(${credentials.map((c) => `String ${c}Credential`).join(', ')}) {`,
        ...credentials.map((c) => `        this.${c}Credential = ${c}Credential;`),
        '    }',
        ''
    );
    for (const [name, e] of Object.entries(ENDPOINTS)) out.push(...typed(name, e));
    for (const [name, e] of Object.entries(ENDPOINTS)) out.push(...builder(name, e));
    out.push(RUNTIME.replace(/^\n/, ''), '}', '');
    return out.join('\n');
}
