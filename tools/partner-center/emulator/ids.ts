// Identifiers and eTags. With a seed everything is reproducible (tests, demos); without one it is random.

import { randomBytes } from 'node:crypto';

export interface RandomSource {
    /** Uniform number in [0, 1). */
    next(): number;
    bytes(count: number): Buffer;
}

class SeededRandom implements RandomSource {
    private a: number;
    private b: number;
    private c: number;
    private d: number;

    constructor(seed: string) {
        // Spread the seed string into four 32-bit words (FNV-1a variants), then run sfc32.
        const words = [0x811c9dc5, 0x01000193, 0xdeadbeef, 0x9e3779b9].map((basis) => {
            let h = basis >>> 0;
            for (let i = 0; i < seed.length; i++) {
                h ^= seed.charCodeAt(i);
                h = Math.imul(h, 0x01000193) >>> 0;
            }
            return h;
        });
        [this.a, this.b, this.c, this.d] = words;
        for (let i = 0; i < 12; i++) this.nextUint32();
    }

    next(): number {
        return this.nextUint32() / 0x100000000;
    }

    bytes(count: number): Buffer {
        const out = Buffer.alloc(count);
        for (let i = 0; i < count; i++) out[i] = this.nextUint32() & 0xff;
        return out;
    }

    private nextUint32(): number {
        const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
        this.d = (this.d + 1) >>> 0;
        this.a = this.b ^ (this.b >>> 9);
        this.b = (this.c + (this.c << 3)) >>> 0;
        this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
        this.c = (this.c + t) >>> 0;
        return t;
    }
}

class CryptoRandom implements RandomSource {
    next(): number {
        return randomBytes(4).readUInt32BE(0) / 0x100000000;
    }

    bytes(count: number): Buffer {
        return randomBytes(count);
    }
}

export function createRandomSource(seed?: string | number): RandomSource {
    return seed === undefined ? new CryptoRandom() : new SeededRandom(String(seed));
}

export class IdFactory {
    constructor(private readonly random: RandomSource) {}

    /** A version-4 style GUID, lower case. */
    guid(): string {
        const b = this.random.bytes(16);
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        const hex = b.toString('hex');
        return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    }

    /** Cosmos-DB style eTag, quotes included, e.g. `"8500e212-0000-0100-0000-6225cdc90000"`. */
    eTag(): string {
        const hex = this.random.bytes(8).toString('hex');
        return `"${hex.slice(0, 8)}-0000-0100-0000-${hex.slice(8)}0000"`;
    }

    /** Opaque token string (access tokens, codes). */
    token(length = 32): string {
        return this.random.bytes(length).toString('base64url');
    }
}

/** Compares an If-Match header value with a stored eTag: quotes, a weak prefix and `*` are tolerated. */
export function eTagMatches(ifMatch: string, storedETag: string): boolean {
    const normalise = (v: string): string =>
        v
            .trim()
            .replace(/^W\//i, '')
            .replace(/\\"/g, '"')
            .replace(/^"+|"+$/g, '');
    const candidates = ifMatch.split(',').map((v) => v.trim());
    return candidates.some((c) => c === '*' || normalise(c) === normalise(storedETag));
}
