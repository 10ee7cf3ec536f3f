import { chooseVersionAlias, installUrls, isPackageVersionId, isPlaceholderId } from './install-urls';

describe('install URLs', () => {
    test('production uses login.salesforce.com and sandboxes test.salesforce.com', () => {
        expect(installUrls('04t5g000000AbCdAAK')).toEqual({
            production: 'https://login.salesforce.com/packaging/installPackage.apexp?p0=04t5g000000AbCdAAK',
            sandbox: 'https://test.salesforce.com/packaging/installPackage.apexp?p0=04t5g000000AbCdAAK'
        });
    });

    test('rejects ids that are not package versions', () => {
        expect(isPackageVersionId('0Ho5g000000AbCdAAK')).toBe(false);
        expect(isPackageVersionId('04t5g000000AbCd')).toBe(true);
        expect(() => installUrls('006000000000001')).toThrow('not a package version id');
    });

    test('picks the highest version alias, comparing numbers not text', () => {
        const aliases = {
            Pkg: '0Ho000000000000AAA',
            'Pkg@0.9.0-3': '04t000000000001AAA',
            'Pkg@0.10.0-1': '04t000000000002AAA'
        };
        expect(chooseVersionAlias(aliases)).toBe('Pkg@0.10.0-1');
        expect(chooseVersionAlias(aliases, 'Pkg@0.9.0-3')).toBe('Pkg@0.9.0-3');
        expect(() => chooseVersionAlias(aliases, 'Pkg@1.0.0-1')).toThrow('no package alias');
        expect(() => chooseVersionAlias({ Pkg: '0Ho000000000000AAA' })).toThrow('no package version alias');
    });

    test('recognises the placeholder id kept until a version is created', () => {
        expect(isPlaceholderId('04t000000000000AAA')).toBe(true);
        expect(isPlaceholderId('04t5g000000AbCdAAK')).toBe(false);
    });
});
