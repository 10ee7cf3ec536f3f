/**
 * HttpRequest and HttpResponse values (Apex Reference, "HttpRequest Class", "HttpResponse Class"). Header names
 * are case-insensitive on read, as HTTP headers are.
 */
import { ApexList } from '../collections/collections';
import { ApexBlob, ApexUnsupported } from '../core/values';
import { T } from '../types/typeref';

function headerGet(headers: Map<string, string>, name: string): string | null {
    for (const [k, v] of headers) if (k.toLowerCase() === name.toLowerCase()) return v;
    return null;
}

export const MIN_TIMEOUT_MS = 1;
export const MAX_TIMEOUT_MS = 120_000;

export class HttpRequestValue {
    endpoint: string | null = null;
    method: string | null = null;
    body: Buffer | null = null;
    timeoutMs = 10_000;
    readonly headers = new Map<string, string>();
    header(name: string): string | null {
        return headerGet(this.headers, name);
    }
}

export class HttpResponseValue {
    statusCode = 0;
    status: string | null = null;
    body: Buffer | null = null;
    readonly headers = new Map<string, string>();
    header(name: string): string | null {
        return headerGet(this.headers, name);
    }
}

const text = (b: Buffer | null): string | null => (b === null ? null : b.toString('utf8'));

export function requestMethod(self: HttpRequestValue, method: string, args: unknown[]): { value: unknown } | undefined {
    switch (`${method.toLowerCase()}/${args.length}`) {
        case 'setendpoint/1':
            self.endpoint = args[0] as string;
            return { value: undefined };
        case 'setmethod/1':
            self.method = args[0] as string;
            return { value: undefined };
        case 'setheader/2':
            self.headers.set(String(args[0]), String(args[1]));
            return { value: undefined };
        case 'setbody/1':
            self.body = args[0] === null ? null : Buffer.from(String(args[0]), 'utf8');
            return { value: undefined };
        case 'setbodyasblob/1':
            self.body = args[0] === null ? null : (args[0] as ApexBlob).bytes;
            return { value: undefined };
        case 'settimeout/1': {
            // "Callout Limits and Limitations": a callout's timeout is 1 to 120,000 ms (default 10 s). The platform
            // rejects other values, but its error (type, text, when it is raised) is not documented.
            const ms = args[0] as number | null;
            if (ms === null || ms < MIN_TIMEOUT_MS || ms > MAX_TIMEOUT_MS)
                throw new ApexUnsupported(`HttpRequest.setTimeout(${String(ms)}) outside 1..120000 ms`);
            self.timeoutMs = ms;
            return { value: undefined };
        }
        case 'getendpoint/0':
            return { value: self.endpoint };
        case 'getmethod/0':
            return { value: self.method };
        case 'getheader/1':
            return { value: self.header(String(args[0])) };
        case 'getbody/0':
            return { value: text(self.body) ?? '' };
        case 'getbodyasblob/0':
            return { value: self.body === null ? null : new ApexBlob(self.body) };
        default:
            return undefined;
    }
}

export function responseMethod(
    self: HttpResponseValue,
    method: string,
    args: unknown[]
): { value: unknown } | undefined {
    switch (`${method.toLowerCase()}/${args.length}`) {
        case 'setstatuscode/1':
            self.statusCode = args[0] as number;
            return { value: undefined };
        case 'setstatus/1':
            self.status = args[0] as string;
            return { value: undefined };
        case 'setheader/2':
            self.headers.set(String(args[0]), String(args[1]));
            return { value: undefined };
        case 'setbody/1':
            self.body = args[0] === null ? null : Buffer.from(String(args[0]), 'utf8');
            return { value: undefined };
        case 'setbodyasblob/1':
            self.body = args[0] === null ? null : (args[0] as ApexBlob).bytes;
            return { value: undefined };
        case 'getstatuscode/0':
            return { value: self.statusCode };
        case 'getstatus/0':
            return { value: self.status };
        case 'getheader/1':
            return { value: self.header(String(args[0])) };
        case 'getheaderkeys/0':
            return { value: new ApexList(T.String, [...self.headers.keys()]) };
        case 'getbody/0':
            return { value: text(self.body) ?? '' };
        case 'getbodyasblob/0':
            return { value: self.body === null ? null : new ApexBlob(self.body) };
        default:
            return undefined;
    }
}
