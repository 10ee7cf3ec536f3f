import { ApexThrow } from '../core/values';
import { IdGenerator, assignCustomKeyPrefixes, idChecksum, idEquals, isValidId, toId, tryNormalizeId } from './ids';

describe('Id checksum and normalisation', () => {
    it('computes the 18-character suffix from the case of each 5-character chunk', () => {
        // Worked example: chunk "001A0" has one capital at position 3 (bit 8 → I), "00000" none (A),
        // "6Vm9r" a capital at position 1 (bit 2 → C).
        expect(idChecksum('001A0000006Vm9r')).toBe('IAC');
        expect(toId('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
        expect(idChecksum('AAAAAAAAAAAAAAA')).toBe('555');
    });

    it('accepts an 18-character Id in any case and restores the canonical case', () => {
        expect(tryNormalizeId('001a0000006vm9riac')).toBe('001A0000006Vm9rIAC');
        expect(tryNormalizeId('001A0000006Vm9rIAC')).toBe('001A0000006Vm9rIAC');
    });

    it('rejects malformed Ids with the platform StringException', () => {
        for (const bad of ['abc', '001A0000006Vm9', '001A0000006Vm9r-AC', '001A0000006Vm9rIA']) {
            expect(isValidId(bad)).toBe(false);
            try {
                toId(bad);
                throw new Error('no exception');
            } catch (e) {
                expect(e).toBeInstanceOf(ApexThrow);
                expect((e as ApexThrow).exceptionType).toBe('System.StringException');
                expect((e as ApexThrow).message).toBe(`Invalid id: ${bad}`);
            }
        }
    });

    it('compares a 15-character Id case-sensitively and equal to its 18-character form', () => {
        expect(idEquals('001A0000006Vm9r', '001A0000006Vm9rIAC')).toBe(true);
        expect(idEquals('001A0000006Vm9r', '001a0000006vm9r')).toBe(false);
        expect(idEquals('001A0000006Vm9rIAC', '001a0000006vm9riac')).toBe(true);
        expect(idEquals('001A0000006Vm9r', 'not an id')).toBe(false);
    });
});

describe('Id generation', () => {
    it('issues distinct valid Ids with the object prefix, deterministically', () => {
        const a = new IdGenerator();
        const b = new IdGenerator();
        const ids = [a.newId('001'), a.newId('006'), a.newId('001')];
        expect([b.newId('001'), b.newId('006'), b.newId('001')]).toEqual(ids);
        expect(new Set(ids).size).toBe(3);
        for (const id of ids) expect(tryNormalizeId(id)).toBe(id);
        expect(ids[1].startsWith('006')).toBe(true);
        expect(a.issued).toBe(3);
    });

    it('gives custom objects stable prefixes by kind that avoid taken ones', () => {
        const first = assignCustomKeyPrefixes(['B__c', 'A__c', 'Ev__e', 'Cfg__mdt'], ['001']);
        const again = assignCustomKeyPrefixes(['Cfg__mdt', 'Ev__e', 'A__c', 'B__c', 'New__c'], ['001']);
        expect(again.get('A__c')).toBe(first.get('A__c'));
        expect(first.get('A__c')).toMatch(/^a[0-9][0-9A-Za-z]$/);
        expect(first.get('Ev__e')).toMatch(/^e/);
        expect(first.get('Cfg__mdt')).toMatch(/^m/);
        expect(new Set(first.values()).size).toBe(4);
    });
});
