// Small helpers over Node's http request/response: body reading, JSON replies, the documented error body.

import type { IncomingMessage, ServerResponse } from 'node:http';

/** The Partner API error body (docs/reference/apex-semantics.md §2.8). Clients must key on `code`, never on `message`. */
export interface ErrorBody {
    error: { code: string; message: string; target?: string; innerError?: { code: string; message: string } };
}

export class HttpError extends Error {
    constructor(
        readonly status: number,
        readonly code: string,
        message: string,
        readonly headers: Record<string, string> = {},
        readonly target?: string
    ) {
        super(message);
        this.name = 'HttpError';
    }

    toBody(): ErrorBody {
        return {
            error: {
                code: this.code,
                message: this.message.slice(0, 1024),
                ...(this.target ? { target: this.target } : {})
            }
        };
    }
}

const MAX_BODY_BYTES = 5 * 1024 * 1024;

export async function readBody(request: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request) {
        size += (chunk as Buffer).length;
        if (size > MAX_BODY_BYTES) throw new HttpError(413, 'invalidRequest', 'Request body too large');
        chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
}

export function parseJsonBody(raw: Buffer, target?: string): unknown {
    const text = raw.toString('utf8').replace(/^\uFEFF/, '');
    if (!text.trim()) throw new HttpError(400, 'invalidRequest', 'A JSON request body is required', {}, target);
    try {
        return JSON.parse(text);
    } catch (error) {
        throw new HttpError(
            400,
            'invalidRequest',
            `The request body is not valid JSON: ${(error as Error).message}`,
            {},
            target
        );
    }
}

export function sendJson(
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {}
): void {
    const text = JSON.stringify(body);
    response.writeHead(status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': String(Buffer.byteLength(text)),
        ...headers
    });
    response.end(text);
}

export function sendEmpty(response: ServerResponse, status: number, headers: Record<string, string> = {}): void {
    response.writeHead(status, { 'Content-Length': '0', ...headers });
    response.end();
}

export function sendError(response: ServerResponse, error: HttpError): void {
    sendJson(response, error.status, error.toBody(), error.headers);
}

export function header(request: IncomingMessage, name: string): string | undefined {
    const value = request.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
}
