/**
 * Salesforce record Ids: key prefixes, deterministic generation, the 15 → 18 character conversion and validation.
 *
 * Facts used (Object Reference "ID Field Type" and the long-known checksum algorithm, e.g. SE 18088 / 157267):
 * - An Id is 15 case-sensitive base-62 characters; the 18-character form appends a 3-character suffix that encodes
 *   the case of the first 15 characters, so the 18-character form can be compared case-insensitively.
 * - The first 3 characters are the key prefix of the object type (Account 001, Contact 003 ...).
 * - In Apex every Id value is held in its 18-character form; assigning an invalid string to an Id throws
 *   `System.StringException: Invalid id: <value>`.
 */
import { ApexThrow } from '../core/values';

/** Key prefixes of the standard objects the runtime knows (Object Reference, "Standard Field Record ID Prefix Decoder"). */
export const STANDARD_KEY_PREFIXES: Readonly<Record<string, string>> = {
    Account: '001',
    Note: '002',
    Contact: '003',
    User: '005',
    Opportunity: '006',
    Lead: '00Q',
    Organization: '00D',
    Profile: '00e',
    OpportunityContactRole: '00K',
    OpportunityTeamMember: '00q',
    RecordType: '012',
    ContentNote: '069',
    ContentVersion: '068',
    ContentDistribution: '05H',
    EmailMessage: '02s',
    // Not given by the decoder; apexrt's own prefix (no row is ever created: DML on the object is loud).
    EmailMessageRelation: '0BR',
    ContentDocument: '069',
    ContentDocumentLink: '06A',
    AsyncApexJob: '707',
    CronTrigger: '08e',
    PermissionSet: '0PS',
    PermissionSetAssignment: '0Pa',
    CronJobDetail: '08a',
    Group: '00G',
    UserRole: '00E',
    OpportunityShare: '00t',
    AccountShare: '00r',
    // Not given by the Object Reference; apexrt's own prefix for the computed UserRecordAccess rows.
    UserRecordAccess: '0uR',
    OpportunityStage: '01J',
    GroupMember: '011',
    Case: '500',
    Task: '00T',
    Event: '00U',
    Campaign: '701',
    Product2: '01t',
    Pricebook2: '01s',
    PricebookEntry: '01u',
    OpportunityLineItem: '00k',
    EntityDefinition: '4ie',
    // Not given by the Object Reference; apexrt's own prefix for CurrencyType rows (code must not depend on it).
    CurrencyType: '0cT',
    // Not given by the Object Reference either; apexrt's own.
    LeadStatus: '0lS',
    // Apex Reference, "ActionableNotification Class": its example notification type Id starts 0ML.
    CustomNotificationType: '0ML'
};

const CHECKSUM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_CHARS = /^[a-zA-Z0-9]+$/;

/** The 3-character suffix for a 15-character Id: one character per 5-character chunk, bit i set when char i is A-Z. */
export function idChecksum(id15: string): string {
    let suffix = '';
    for (let chunk = 0; chunk < 3; chunk++) {
        let bits = 0;
        for (let i = 0; i < 5; i++) {
            const c = id15.charCodeAt(chunk * 5 + i);
            if (c >= 65 && c <= 90) bits |= 1 << i;
        }
        suffix += CHECKSUM_ALPHABET[bits];
    }
    return suffix;
}

/** Restores the case of the first 15 characters from an 18-character Id's suffix (undefined when impossible). */
function restoreCase(id18: string): string | undefined {
    let out = '';
    for (let chunk = 0; chunk < 3; chunk++) {
        const bits = CHECKSUM_ALPHABET.indexOf(id18[15 + chunk].toUpperCase());
        if (bits < 0) return undefined;
        for (let i = 0; i < 5; i++) {
            const ch = id18[chunk * 5 + i];
            const upper = (bits & (1 << i)) !== 0;
            if (/[a-zA-Z]/.test(ch)) out += upper ? ch.toUpperCase() : ch.toLowerCase();
            else if (upper) return undefined;
            else out += ch;
        }
    }
    return out;
}

/** The canonical 18-character form, or undefined when `value` is not a syntactically valid Id. */
export function tryNormalizeId(value: string): string | undefined {
    if (!ID_CHARS.test(value)) return undefined;
    if (value.length === 15) return value + idChecksum(value);
    if (value.length !== 18) return undefined;
    const head = value.slice(0, 15);
    if (idChecksum(head) === value.slice(15).toUpperCase()) return head + idChecksum(head);
    // The suffix disagrees with the case of the first 15 characters: an 18-character Id is case-insensitive, so
    // take the case from the suffix (INFERRED from the purpose of the suffix; the platform accepts lower-cased Ids).
    const restored = restoreCase(value);
    return restored === undefined ? undefined : restored + idChecksum(restored);
}

/** Apex `Id.valueOf(s)` / assignment of a String to an Id: the 18-character form, or StringException. */
export function toId(value: string): string {
    const id = tryNormalizeId(value);
    if (id === undefined) throw new ApexThrow('System.StringException', `Invalid id: ${value}`);
    return id;
}

/** Whether `value` is a syntactically valid 15- or 18-character Id (Apex `value instanceof Id` for strings). */
export function isValidId(value: string): boolean {
    return tryNormalizeId(value) !== undefined;
}

/**
 * Id equality: a 15-character Id is case-sensitive and equals its 18-character form; two 18-character Ids compare
 * through their canonical form (so case-insensitively). Non-Id strings never equal an Id.
 */
export function idEquals(a: string, b: string): boolean {
    const na = tryNormalizeId(a);
    const nb = tryNormalizeId(b);
    return na !== undefined && na === nb;
}

/** The key prefix (first 3 characters) of an Id. */
export function keyPrefixOf(id: string): string {
    return id.slice(0, 3);
}

/**
 * Deterministic key prefixes for custom objects: `a` + 2 base-62 characters for custom objects and custom settings,
 * `e` for platform events, `m` for custom metadata (the first letters real orgs use for those kinds; the rest of the
 * prefix is arbitrary on the platform). The prefix is derived from a hash of the lower-cased name so that adding an
 * object does not move the others; collisions move to the next free prefix in name order.
 */
export function assignCustomKeyPrefixes(objectNames: readonly string[], taken: Iterable<string>): Map<string, string> {
    const used = new Set(taken);
    const result = new Map<string, string>();
    for (const name of [...objectNames].sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase()))) {
        const lower = name.toLowerCase();
        const first = lower.endsWith('__e') ? 'e' : lower.endsWith('__mdt') ? 'm' : 'a';
        let slot = stableHash(lower) % (10 * 62);
        for (;;) {
            // Second character 0-9 (as in a0X...), third any base-62 character.
            const prefix = first + BASE62[Math.floor(slot / 62) % 10] + BASE62[slot % 62];
            if (!used.has(prefix)) {
                used.add(prefix);
                result.set(name, prefix);
                break;
            }
            slot = (slot + 1) % (10 * 62);
        }
    }
    return result;
}

function stableHash(text: string): number {
    let h = 2166136261;
    for (let i = 0; i < text.length; i++) {
        h ^= text.charCodeAt(i);
        h = Math.imul(h, 16777619) >>> 0;
    }
    return h;
}

/**
 * Generates new record Ids for one org: prefix + a 12-character base-62 counter (shared by all objects, never reset,
 * so an Id is never reused, not even after a savepoint rollback) + the checksum suffix.
 */
export class IdGenerator {
    private next = 1;

    constructor(private readonly podCharacters = '') {}

    newId(keyPrefix: string): string {
        if (keyPrefix.length !== 3) throw new Error(`key prefix must have 3 characters: ${keyPrefix}`);
        let n = this.next++;
        let digits = '';
        const width = 12 - this.podCharacters.length;
        for (let i = 0; i < width; i++) {
            digits = BASE62[n % 62] + digits;
            n = Math.floor(n / 62);
        }
        const id15 = keyPrefix + this.podCharacters + digits;
        return id15 + idChecksum(id15);
    }

    /** The counter, for tests that want to know how many Ids were issued. */
    get issued(): number {
        return this.next - 1;
    }
}
