// RSA-SHA256 signing of webhook bodies the way Partner Center does it (docs/reference/apex-semantics.md §7.4):
//   Authorization: Signature <base64>   (or x-ms-signature: Signature <base64> when the registration asks)
//   X-MS-Certificate-Url: <url of the signing .cer>
//   X-MS-Signature-Algorithm: rsa-sha256
// The key and certificate are the committed TEST fixtures in ../test-certificate.

import { createPrivateKey, KeyObject, sign, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CERTIFICATE_PATH_DER = '/_emulator/certificates/pcnotifications-dispatch.cer';
export const CERTIFICATE_PATH_PEM = '/_emulator/certificates/pcnotifications-dispatch.pem';
/** Where the rotated TEST certificate is served (POST /_emulator/certificates/rotate switches to it and back). */
export const ROTATED_CERTIFICATE_PATH_DER = '/_emulator/certificates/pcnotifications-dispatch-rotated.cer';
export const SIGNATURE_ALGORITHM = 'rsa-sha256';

export interface SigningMaterial {
    privateKey: KeyObject;
    certificate: X509Certificate;
    certificatePem: string;
}

const FIXTURE_DIRECTORY = join(__dirname, '..', 'test-certificate');

/** A TEST key and certificate pair: `test-signing` (the default) or `test-signing-rotated` (a rotation's). */
export function loadTestSigningMaterial(directory = FIXTURE_DIRECTORY, name = 'test-signing'): SigningMaterial {
    const certificatePem = readFileSync(join(directory, `${name}-cert.pem`), 'utf8');
    const privateKey = createPrivateKey(readFileSync(join(directory, `${name}-key.pem`), 'utf8'));
    return { privateKey, certificate: new X509Certificate(certificatePem), certificatePem };
}

/**
 * The signing in force: the original pair and URL, or — after a rotation — the rotated pair and the URL the
 * rotation gave (Partner Center rotates its signing certificate and sends the new one's URL).
 */
export class SigningState {
    readonly original = loadTestSigningMaterial();
    readonly rotated = loadTestSigningMaterial(undefined, 'test-signing-rotated');
    private rotatedUrl?: string;

    constructor(private readonly originalUrl: () => string) {}

    current(): SigningMaterial {
        return this.rotatedUrl ? this.rotated : this.original;
    }

    certificateUrl(): string {
        return this.rotatedUrl ?? this.originalUrl();
    }

    /** Switches to the rotated pair with `url`, or back to the original when rotated; returns the URL in force. */
    rotate(url: string): string {
        this.rotatedUrl = this.rotatedUrl ? undefined : url;
        return this.certificateUrl();
    }
}

export function signBody(body: Buffer, material: SigningMaterial): string {
    return sign('sha256', body, material.privateKey).toString('base64');
}

/** The headers for one delivery; `useMsSignatureHeader` mirrors the registration's SignatureTokenToMsSignatureHeader. */
export function signatureHeaders(
    body: Buffer,
    material: SigningMaterial,
    certificateUrl: string,
    useMsSignatureHeader: boolean
): Record<string, string> {
    const signature = `Signature ${signBody(body, material)}`;
    return {
        [useMsSignatureHeader ? 'x-ms-signature' : 'Authorization']: signature,
        'X-MS-Certificate-Url': certificateUrl,
        'X-MS-Signature-Algorithm': SIGNATURE_ALGORITHM
    };
}
