/**
 * Blob, EncodingUtil, Crypto (digests, random keys, RSA-SHA256 verification), Url, Pattern and Id
 * (Apex Reference). Crypto.verify takes the public key as DER SubjectPublicKeyInfo bytes (INFERRED from the Apex
 * Reference examples, which pass a base64 X.509 public key), as Node's createPublicKey with format 'der', type
 * 'spki' reads it.
 */
import {
    createCipheriv,
    createDecipheriv,
    createHash,
    createHmac,
    createPrivateKey,
    createPublicKey,
    createSign,
    createVerify,
    randomBytes
} from 'node:crypto';
import { ApexBlob, ApexThrow, ApexUnsupported } from '../core/values';
import { toId } from '../data/ids';
import type { NativeTypeSpec } from '../natives/registry-adapter';
import { instance, statik } from './spec';

const blob = (v: unknown): Buffer => (v as ApexBlob).bytes;
// Apex Reference, "Crypto Class", generateDigest: MD5, SHA1, SHA-256, SHA-512, SHA3-256, SHA3-384, SHA3-512.
const DIGESTS: Record<string, string> = {
    MD5: 'md5',
    SHA1: 'sha1',
    'SHA-256': 'sha256',
    'SHA-512': 'sha512',
    // 'SHA512' without the hyphen is accepted too (INFERRED: public code that passes on orgs digests with it).
    SHA512: 'sha512',
    'SHA3-256': 'sha3-256',
    'SHA3-384': 'sha3-384',
    'SHA3-512': 'sha3-512'
};

// Apex Reference, "Crypto Class": generateMac takes hmacMD5, hmacSHA1, hmacSHA256, hmacSHA512; encrypt/decrypt
// (WithManagedIV) AES128/AES192/AES256 in CBC mode with PKCS7 padding, the managed IV being the first 16 bytes of
// the cipher text; sign/verify RSA-SHA1/256/384/512 with a PKCS#8 private key / X.509 public key (DER bytes).
const MACS: Record<string, string> = { HMACMD5: 'md5', HMACSHA1: 'sha1', HMACSHA256: 'sha256', HMACSHA512: 'sha512' };
const AES_KEY_BYTES: Record<string, number> = { AES128: 16, AES192: 24, AES256: 32 };
const SIGNATURES: Record<string, string> = {
    'RSA-SHA1': 'RSA-SHA1',
    RSA: 'RSA-SHA1',
    'RSA-SHA256': 'RSA-SHA256',
    'RSA-SHA384': 'RSA-SHA384',
    'RSA-SHA512': 'RSA-SHA512'
};

function aesCipher(alg: unknown, key: unknown): string {
    const name = String(alg).toUpperCase();
    const size = AES_KEY_BYTES[name];
    if (!size) throw new ApexUnsupported(`Crypto encryption with the algorithm ${String(alg)}`);
    if (blob(key).length !== size)
        // The platform rejects a wrong key length; its message is not documented.
        throw new ApexUnsupported(`Crypto ${name} with a ${blob(key).length}-byte key`);
    return `aes-${size * 8}-cbc`;
}

function aes(encrypt: boolean, alg: unknown, key: unknown, iv: Buffer, data: Buffer): Buffer {
    const cipherName = aesCipher(alg, key);
    if (iv.length !== 16)
        throw new ApexUnsupported(`Crypto ${String(alg)} with a ${iv.length}-byte initialization vector`);
    const c = encrypt ? createCipheriv(cipherName, blob(key), iv) : createDecipheriv(cipherName, blob(key), iv);
    try {
        return Buffer.concat([c.update(data), c.final()]);
    } catch {
        // Bad padding or length on decryption: the platform's exception is not documented.
        throw new ApexUnsupported(`Crypto.decrypt of data that is not ${String(alg)} cipher text for this key`);
    }
}

function signatureAlgorithm(alg: unknown, method: string): string {
    const name = SIGNATURES[String(alg).toUpperCase()];
    if (!name) throw new ApexUnsupported(`Crypto.${method} with ${String(alg)}`);
    return name;
}

export class UrlValue {
    /**
     * Whether the text had no path ('https://host'): its external form then has none either, as the Apex
     * Reference's `URL.getOrgDomainUrl().toExternalForm() + '/services/data/...'` endpoints show (WHATWG URL
     * would add '/').
     */
    readonly emptyPath: boolean;
    constructor(
        readonly url: URL,
        text: string
    ) {
        this.emptyPath = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([?#]|$)/i.test(text);
    }
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
                const name = signatureAlgorithm(alg, 'verify');
                let publicKey;
                try {
                    publicKey = createPublicKey({ key: blob(key), format: 'der', type: 'spki' });
                } catch {
                    throw new ApexThrow('System.SecurityException', 'Invalid public key');
                }
                return createVerify(name).update(blob(data)).verify(publicKey, blob(signature));
            }),
            statik('sign', ['String', 'Blob', 'Blob'], 'Blob', (_, [alg, data, key]) => {
                const name = signatureAlgorithm(alg, 'sign');
                let privateKey;
                try {
                    privateKey = createPrivateKey({ key: blob(key), format: 'der', type: 'pkcs8' });
                } catch {
                    throw new ApexUnsupported('Crypto.sign with a key that is not PKCS#8 DER');
                }
                return new ApexBlob(createSign(name).update(blob(data)).sign(privateKey));
            }),
            // Uniformly random over the type's whole range (Apex Reference, getRandomInteger/getRandomLong).
            statik('getRandomInteger', [], 'Integer', () => randomBytes(4).readInt32BE(0)),
            statik('getRandomLong', [], 'Long', () => randomBytes(8).readBigInt64BE(0)),
            statik('generateMac', ['String', 'Blob', 'Blob'], 'Blob', (_, [alg, data, key]) => {
                const name = MACS[String(alg).toUpperCase()];
                if (!name) throw new ApexUnsupported(`Crypto.generateMac with the algorithm name ${String(alg)}`);
                return new ApexBlob(createHmac(name, blob(key)).update(blob(data)).digest());
            }),
            // Apex Reference, "Crypto Class", verifyHMac(algorithmName, data, privateKey, hmacToVerify): true when
            // hmacToVerify is the MAC generateMac computes for the data and key.
            statik('verifyHMac', ['String', 'Blob', 'Blob', 'Blob'], 'Boolean', (_, [alg, data, key, mac]) => {
                const name = MACS[String(alg).toUpperCase()];
                if (!name) throw new ApexUnsupported(`Crypto.verifyHMac with the algorithm name ${String(alg)}`);
                return createHmac(name, blob(key)).update(blob(data)).digest().equals(blob(mac));
            }),
            statik('encrypt', ['String', 'Blob', 'Blob', 'Blob'], 'Blob', (_, [alg, key, iv, data]) => {
                return new ApexBlob(aes(true, alg, key, blob(iv), blob(data)));
            }),
            statik('decrypt', ['String', 'Blob', 'Blob', 'Blob'], 'Blob', (_, [alg, key, iv, data]) => {
                return new ApexBlob(aes(false, alg, key, blob(iv), blob(data)));
            }),
            statik('encryptWithManagedIV', ['String', 'Blob', 'Blob'], 'Blob', (_, [alg, key, data]) => {
                const iv = randomBytes(16);
                return new ApexBlob(Buffer.concat([iv, aes(true, alg, key, iv, blob(data))]));
            }),
            statik('decryptWithManagedIV', ['String', 'Blob', 'Blob'], 'Blob', (_, [alg, key, data]) => {
                const bytes = blob(data);
                if (bytes.length < 32) throw new ApexUnsupported('Crypto.decryptWithManagedIV of fewer than 32 bytes');
                return new ApexBlob(aes(false, alg, key, bytes.subarray(0, 16), bytes.subarray(16)));
            })
        ]
    },
    {
        name: 'Url',
        methods: [
            statik('<new>', ['String'], 'Url', (_, [s]) => {
                try {
                    return new UrlValue(new URL(String(s)), String(s));
                } catch {
                    throw new ApexThrow('System.StringException', `Invalid URL: ${String(s)}`);
                }
            }),
            // Apex Reference, "URL Class", getOrgDomainUrl(): the canonical URL of the org (its My Domain login
            // URL). An org apexrt runs alone (tests, the CLI) has no address; a host serving it sets one.
            statik('getOrgDomainUrl', [], 'Url', (_, __, ctx) => {
                const url = ctx.data.orgDomainUrl?.();
                if (!url)
                    throw new ApexUnsupported('URL.getOrgDomainUrl() of an org that no host serves (no My Domain)');
                return new UrlValue(new URL(url), url);
            }),
            instance('getProtocol', [], 'String', (v) => (v as UrlValue).url.protocol.replace(/:$/, '')),
            instance('getHost', [], 'String', (v) => (v as UrlValue).url.hostname),
            instance('getPath', [], 'String', (v) => ((v as UrlValue).emptyPath ? '' : (v as UrlValue).url.pathname)),
            instance('getQuery', [], 'String', (v) => (v as UrlValue).url.search.replace(/^\?/, '') || null),
            instance('toExternalForm', [], 'String', (v) => {
                const { url, emptyPath } = v as UrlValue;
                return emptyPath ? `${url.protocol}//${url.host}${url.search}${url.hash}` : url.href;
            })
        ]
    },
    {
        name: 'Id',
        methods: [
            statik('valueOf', ['String'], 'Id', (_, [s]) => (s === null ? null : toId(String(s)))),
            // Apex Reference, "Id Class", to15(): the 15-character form of the Id.
            instance('to15', [], 'String', (v) => toId(String(v)).slice(0, 15))
        ]
    }
];
