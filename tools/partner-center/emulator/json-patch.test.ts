import { applyPatch, parsePointer, PatchError, readPatchDocument } from './json-patch';

const referral = { status: 'New', details: { dealValue: 1, notes: 'a' }, team: [{ email: 'a@x' }], 'a/b': { '~c': 1 } };

describe('JSON Patch (add/replace)', () => {
    test('replace and add on nested paths, append with -', () => {
        const result = applyPatch(referral, [
            { op: 'replace', path: '/details/dealValue', value: 10000 },
            { op: 'add', path: '/details/closingDateTime', value: '2025-06-30T00:00:00Z' },
            { op: 'add', path: '/team/-', value: { email: 'b@x' } },
            { op: 'add', path: '/team/0', value: { email: 'first@x' } },
            { op: 'replace', path: '/team/1', value: { email: 'replaced@x' } }
        ]);
        expect(result.details).toEqual({ dealValue: 10000, notes: 'a', closingDateTime: '2025-06-30T00:00:00Z' });
        expect(result.team).toEqual([{ email: 'first@x' }, { email: 'replaced@x' }, { email: 'b@x' }]);
        expect(referral.team).toHaveLength(1); // input untouched
    });

    test('path segments match existing keys case-insensitively', () => {
        const result = applyPatch(referral, [{ op: 'replace', path: '/Details/DealValue', value: 5 }]);
        expect(result.details).toEqual({ dealValue: 5, notes: 'a' });
    });

    test('pointer escapes ~0 and ~1', () => {
        expect(parsePointer('/a~1b/~0c')).toEqual(['a/b', '~c']);
        expect(applyPatch(referral, [{ op: 'replace', path: '/a~1b/~0c', value: 2 }])['a/b']).toEqual({ '~c': 2 });
    });

    test.each([
        [{ op: 'remove', path: '/status' }, 'not supported'],
        [{ op: 'move', path: '/status', value: 1 }, 'not supported'],
        [{ op: 'replace', path: '/status' }, 'has no value'],
        [{ op: 'replace', path: 'status', value: 1 }, "must start with '/'"],
        [{ op: 'replace', path: '', value: {} }, 'whole referral'],
        [{ op: 'add', path: '/missing/child', value: 1 }, 'does not exist'],
        [{ op: 'replace', path: '/team/5', value: 1 }, 'out of range'],
        [{ op: 'replace', path: '/team/-', value: 1 }, "'-' can only be used with add"],
        [{ op: 'add', path: '/status/x', value: 1 }, 'does not exist']
    ])('rejects %j', (operation, message) => {
        expect(() => applyPatch(referral, [operation])).toThrow(PatchError);
        expect(() => applyPatch(referral, [operation])).toThrow(message);
    });

    test('all-or-nothing: a failing later operation leaves the input as it was', () => {
        expect(() =>
            applyPatch(referral, [
                { op: 'replace', path: '/status', value: 'Active' },
                { op: 'remove', path: '/status' }
            ])
        ).toThrow(PatchError);
        expect(referral.status).toBe('New');
    });

    test('reads operations with any key casing and rejects non-arrays', () => {
        expect(readPatchDocument([{ Op: 'Replace', Path: '/status', Value: 'Active' }])).toEqual([
            { op: 'replace', path: '/status', value: 'Active' }
        ]);
        expect(() => readPatchDocument({ op: 'replace' })).toThrow('JSON array');
        expect(() => readPatchDocument([{ op: 'replace' }])).toThrow("string 'op' and 'path'");
    });
});
