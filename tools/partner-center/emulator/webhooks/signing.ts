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
export const SIGNATURE_ALGORITHM = 'rsa-sha256';

export interface SigningMaterial {
    privateKey: KeyObject;
    certificate: X509Certificate;
    certificatePem: string;
}

const FIXTURE_DIRECTORY = join(__dirname, '..', 'test-certificate');

export function loadTestSigningMaterial(directory = FIXTURE_DIRECTORY): SigningMaterial {
    const certificatePem = readFileSync(join(directory, 'test-signing-cert.pem'), 'utf8');
    const privateKey = createPrivateKey(readFileSync(join(directory, 'test-signing-key.pem'), 'utf8'));
    return { privateKey, certificate: new X509Certificate(certificatePem), certificatePem };
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
