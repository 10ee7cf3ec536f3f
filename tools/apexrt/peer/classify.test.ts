import { classify, summaryLine, tally, unsupportedConstruct } from './classify';

const t = (outcome: 'Pass' | 'Fail' | 'Unsupported', message: string | null, notLoaded?: boolean) => ({
    outcome,
    message,
    notLoaded
});

describe('peer verdicts', () => {
    it('tells passed, wrong, unsupported, crashed and not loaded apart', () => {
        expect(classify(t('Pass', null))).toBe('passed');
        expect(classify(t('Fail', 'System.AssertException: Assertion Failed'))).toBe('wrong');
        expect(classify(t('Unsupported', 'not supported by apexrt: type Group (A.cls:3)'))).toBe('unsupported');
        expect(classify(t('Unsupported', 'apexrt internal error: TypeError: x is undefined'))).toBe('crashed');
        expect(classify(t('Unsupported', 'not loaded: type Group (A.cls:3)', true))).toBe('notLoaded');
    });

    it('names the construct without where it was met, through nested "not loaded" causes', () => {
        expect(unsupportedConstruct('not supported by apexrt: Crypto.getRandomInteger (x/A.cls:9)')).toBe(
            'Crypto.getRandomInteger'
        );
        expect(
            unsupportedConstruct(
                '@TestSetup failed: not supported by apexrt: class TestFactory not loaded: Case.SObjectType (f/Test Factory.cls:9) (f/B.cls:5)'
            )
        ).toBe('Case.SObjectType');
        expect(unsupportedConstruct('not supported by apexrt: new EventBus.ChangeEventHeader(...) (line 4)')).toBe(
            'new EventBus.ChangeEventHeader(...)'
        );
    });

    it('counts per project and prints the line the issue asks for', () => {
        const tl = tally([
            t('Pass', null),
            t('Fail', 'System.AssertException: x'),
            t('Unsupported', 'not supported by apexrt: type Group (A.cls:1)'),
            t('Unsupported', 'not loaded: type Group (B.cls:2)', true),
            t('Unsupported', 'not supported by apexrt: Test.createStub (C.cls:3)')
        ]);
        expect(summaryLine('proj', tl)).toBe(
            'peer proj: 1 passed, 1 wrong, 2 unsupported, 0 crashed, 1 not loaded of 5'
        );
        expect(tl.topUnsupported).toEqual([
            { construct: 'type Group', tests: 2 },
            { construct: 'Test.createStub', tests: 1 }
        ]);
    });
});
