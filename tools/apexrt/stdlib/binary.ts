/**
 * Blob, EncodingUtil, Crypto (digests, random keys, RSA-SHA256 verification), Url, Pattern and Id
 * (Apex Reference). Crypto.verify takes the public key as DER SubjectPublicKeyInfo bytes (INFERRED from the Apex
 * Reference examples, which pass a base64 X.509 public key), as Node's createPublicKey with format 'der', type
 * 'spki' reads it.
 */
import { createHash, createPublicKey, createVerify, randomBytes } from 'node:crypto';
import { ApexBlob, ApexThrow, ApexUnsupported } from '../core/values';
import { toId } from '../data/ids';
import type { NativeTypeSpec } from '../natives/registry-adapter';
import { instance, statik } from './spec';
import { javaRegex } from './strings';

const blob = (v: unknown): Buffer => (v as ApexBlob).bytes;
const DIGESTS: Record<string, string> = { MD5: 'md5', SHA1: 'sha1', 'SHA-256': 'sha256', 'SHA-512': 'sha512' };

export class UrlValue {
    constructor(readonly url: URL) {}
}

export const BINARY_TYPES: NativeTypeSpec[] = [
    {
        name: 'Blob',
        methods: [
            statik('valueOf', ['String'], 'Blob', (_, [s]) => new ApexBlob(Buffer.from(String(s), 'utf8'))),
            instance('toString', [], 'String', (v) => {
                const text = blob(v).toString('utf8');
                // Apex: "BLOB is not a valid UTF-8 string" (StringException) for bytes that are not UTF-8.
                if (!Buffer.from(text, 'utf8').equals(blob(v)))
                    throw new ApexThrow('System.StringException', 'BLOB is not a valid UTF-8 string');
                return text;
            }),
            instance('size', [], 'Integer', (v) => blob(v).length)
        ]
    },
    {
        name: 'EncodingUtil',
        methods: [
            statik('base64Encode', ['Blob'], 'String', (_, [b]) => blob(b).toString('base64')),
            statik('base64Decode', ['String'], 'Blob', (_, [s]) => {
                const text = String(s).replace(/\s+/g, '');
                if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text))
                    throw new ApexThrow('System.StringException', 'Unrecognized base64 character');
                return new ApexBlob(Buffer.from(text, 'base64'));
            }),
            statik('convertToHex', ['Blob'], 'String', (_, [b]) => blob(b).toString('hex')),
            statik('convertFromHex', ['String'], 'Blob', (_, [s]) => {
                if (!/^([0-9a-fA-F]{2})*$/.test(String(s)))
                    throw new ApexThrow('System.InvalidParameterValueException', 'Invalid hex string');
                return new ApexBlob(Buffer.from(String(s), 'hex'));
            }),
            // URLEncoder.encode (application/x-www-form-urlencoded): spaces become '+'.
            statik('urlEncode', ['String', 'String'], 'String', (_, [s]) =>
                encodeURIComponent(String(s))
                    .replace(/%20/g, '+')
                    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
            ),
            statik('urlDecode', ['String', 'String'], 'String', (_, [s]) =>
                decodeURIComponent(String(s).replace(/\+/g, ' '))
            )
        ]
    },
    {
        name: 'Crypto',
        methods: [
            statik('generateDigest', ['String', 'Blob'], 'Blob', (_, [alg, b]) => {
                const name = DIGESTS[String(alg).toUpperCase()];
                // Names outside the documented list are accepted by the platform at least in part (public
                // projects pass 'SHA512'); what it does with them is unknown, so no platform-looking error here.
                if (!name) throw new ApexUnsupported(`Crypto.generateDigest with the algorithm '${String(alg)}'`);
                return new ApexBlob(createHash(name).update(blob(b)).digest());
            }),
            statik('generateAesKey', ['Integer'], 'Blob', (_, [bits]) => {
                if (![128, 192, 256].includes(bits as number))
                    throw new ApexThrow('System.InvalidParameterValueException', 'Invalid key size');
                return new ApexBlob(randomBytes((bits as number) / 8));
            }),
            statik('verify', ['String', 'Blob', 'Blob', 'Blob'], 'Boolean', (_, [alg, data, signature, key]) => {
                if (String(alg).toUpperCase() !== 'RSA-SHA256')
                    throw new ApexUnsupported(`Crypto.verify with ${String(alg)}`);
                let publicKey;
                try {
                    publicKey = createPublicKey({ key: blob(key), format: 'der', type: 'spki' });
                } catch {
                    throw new ApexThrow('System.SecurityException', 'Invalid public key');
                }
                return createVerify('RSA-SHA256').update(blob(data)).verify(publicKey, blob(signature));
            })
        ]
    },
    {
        name: 'Url',
        methods: [
            statik('<new>', ['String'], 'Url', (_, [s]) => {
                try {
                    return new UrlValue(new URL(String(s)));
                } catch {
                    throw new ApexThrow('System.StringException', `Invalid URL: ${String(s)}`);
                }
            }),
            instance('getProtocol', [], 'String', (v) => (v as UrlValue).url.protocol.replace(/:$/, '')),
            instance('getHost', [], 'String', (v) => (v as UrlValue).url.hostname),
            instance('getPath', [], 'String', (v) => (v as UrlValue).url.pathname),
            instance('getQuery', [], 'String', (v) => (v as UrlValue).url.search.replace(/^\?/, '') || null),
            instance('toExternalForm', [], 'String', (v) => (v as UrlValue).url.href)
        ]
    },
    {
        name: 'Pattern',
        methods: [
            statik(
                'matches',
                ['String', 'String'],
                'Boolean',
                (_, [re, s]) => s !== null && javaRegex(`^(?:${String(re)})$`).test(String(s))
            )
        ]
    },
    {
        name: 'Id',
        methods: [statik('valueOf', ['String'], 'Id', (_, [s]) => (s === null ? null : toId(String(s))))]
    }
];
