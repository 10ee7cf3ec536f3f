import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ENDPOINTS, ENUMS, RESOURCES } from '../contract';
import { generatedFiles, staleFiles } from '../generate';
import { isAllowedTransition, normalizeKeys, validatePatch, validateResource } from '../validate';
import { renderApex } from './apex-request-builders';

describe('Apex generated from the contract', () => {
    const apex = renderApex();

    it('has a request builder with the right method and path for every endpoint', () => {
        for (const [name, endpoint] of Object.entries(ENDPOINTS)) {
            expect(apex).toMatch(new RegExp(`public static HttpRequest ${name}\\(String namedCredential`));
            expect(apex).toContain(`request('${endpoint.method}', namedCredential, path`);
            for (const header of endpoint.headers ?? []) expect(apex).toContain(`request.setHeader('${header}'`);
        }
    });

    it('lists every value of every enumeration', () => {
        for (const [name, enumeration] of Object.entries(ENUMS)) {
            const constant = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
            const line = apex.split('\n').find((l) => l.includes(`List<String> ${constant} =`))!;
            for (const value of enumeration.values) expect([name, line.includes(`'${value}'`)]).toEqual([name, true]);
        }
    });

    it('is what is checked in, and --check notices a stale file', () => {
        expect(staleFiles()).toEqual([]);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'generated-'));
        for (const [name, content] of Object.entries(generatedFiles())) fs.writeFileSync(path.join(dir, name), content);
        expect(staleFiles(dir)).toEqual([]);
        fs.appendFileSync(path.join(dir, 'PartnerCenterApi.cls'), '// edited by hand\n');
        expect(staleFiles(dir).map((f) => path.basename(f))).toEqual(['PartnerCenterApi.cls']);
    });
});

describe('contract checks', () => {
    it('folds keys case-insensitively to the contract spelling, nested too', () => {
        expect(
            normalizeKeys('Referral', {
                Name: 'x',
                Consent: { ConsentToToShareInfoWithOthers: true },
                customerprofile: { Address: { Country: 'CZ' } }
            })
        ).toEqual({
            name: 'x',
            consent: { consentToToShareInfoWithOthers: true },
            customerProfile: { address: { country: 'CZ' } }
        });
    });

    it('requires the documented objects on create and checks closed enumerations', () => {
        expect(validateResource('Referral', { name: 'x' }, 'create')).toEqual([
            'type is required',
            'customerProfile is required',
            'consent is required',
            'details is required'
        ]);
        const problems = validateResource(
            'Referral',
            {
                type: 'Shared',
                customerProfile: { size: 'unknown-size' },
                consent: {},
                details: { dealValue: 'lots' },
                status: 'Open'
            },
            'create'
        );
        expect(problems).toEqual([
            'status must be one of None, New, Active, Closed',
            'details.dealValue must be a number'
        ]);
        expect(validateResource('Referral', { status: 'Active' }, 'update')).toEqual([]);
    });

    it('accepts only add and replace on referral paths', () => {
        expect(validatePatch([{ op: 'replace', path: '/details/dealValue', value: '10000' }])).toEqual([]);
        expect(validatePatch([{ op: 'remove', path: '/details/notes' }])).toEqual([
            '[0].op must be one of add, replace'
        ]);
        expect(validatePatch([{ op: 'add', path: '/nonsense' }])).toEqual([
            '[0].path /nonsense is not a referral property'
        ]);
        expect(validatePatch({})).toEqual(['the body must be a non-empty JSON Patch array']);
    });

    it('follows the transition table and keeps closed referrals closed', () => {
        expect(
            isAllowedTransition({ status: 'New', substatus: 'Pending' }, { status: 'Active', substatus: 'Accepted' })
        ).toBe(true);
        expect(
            isAllowedTransition({ status: 'Active', substatus: 'Accepted' }, { status: 'New', substatus: 'Pending' })
        ).toBe(false);
        expect(
            isAllowedTransition(
                { status: 'Active', substatus: 'Accepted' },
                { status: 'Closed', substatus: 'Accepted' }
            )
        ).toBe(false);
        expect(
            isAllowedTransition({ status: 'Closed', substatus: 'Won' }, { status: 'Closed', substatus: 'Lost' })
        ).toBe(false);
    });

    it('names every resource a property refers to', () => {
        for (const resource of Object.values(RESOURCES))
            for (const property of Object.values(resource.properties)) {
                const t = property.type;
                const target =
                    typeof t === 'object' && 'resource' in t
                        ? t.resource
                        : typeof t === 'object' &&
                            'arrayOf' in t &&
                            typeof t.arrayOf === 'object' &&
                            'resource' in t.arrayOf
                          ? t.arrayOf.resource
                          : undefined;
                if (target) expect(RESOURCES[target]).toBeDefined();
                if (property.enum) expect(ENUMS[property.enum]).toBeDefined();
            }
    });
});
