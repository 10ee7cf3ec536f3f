import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ENDPOINTS, ENUMS, PropertyType, RESOURCES } from '../contract';
import { MEMBER_RESOURCE, contractPaths, renderFields } from './apex-fields';
import { generatedFiles, GENERATED_CLASSES, staleFiles } from '../generate';
import { isAllowedTransition, normalizeKeys, validatePatch, validateResource } from '../validate';
import { pagedItem, renderClient } from './apex-client';
import { renderClientTest, sampleResource, shouted } from './apex-client-test';
import { renderModels } from './apex-models';
import { APEX_RESERVED, apexType, constantName, fieldName } from './apex-source';

/** The source of one inner class of PartnerCenterModels. */
function modelClass(models: string, name: string): string {
    const start = models.indexOf(`    public class ${name} {`);
    expect([name, start >= 0]).toEqual([name, true]);
    return models.slice(start, models.indexOf('\n    }\n', start));
}

const readerFor = (type: PropertyType): string => {
    if (type === 'string' || type === 'datetime') return 'stringOf(';
    if (type === 'number') return 'decimalOf(';
    if (type === 'boolean') return 'booleanOf(';
    if (type === 'object') return 'objectOf(';
    if (type === 'any') return '';
    if ('resource' in type) return `${type.resource}.fromMap(`;
    return typeof type.arrayOf === 'object' && 'resource' in type.arrayOf
        ? `${type.arrayOf.resource}.fromList(`
        : 'Of(';
};

describe('PartnerCenterModels generated from the contract', () => {
    const models = renderModels();

    it('has a DTO for every resource with a field, a case-insensitive reader and the exact JSON name per property', () => {
        for (const [name, resource] of Object.entries(RESOURCES)) {
            const source = modelClass(models, name);
            expect(source).toContain(`public static ${name} fromMap(Map<String, Object> source) {`);
            expect(source).toContain(`public static List<${name}> fromList(Object source) {`);
            expect(source).toContain('public Map<String, Object> toMap() {');
            expect(source).toContain(`public static List<Object> toMaps(List<${name}> items) {`);
            expect(source).toContain('Map<String, Object> m = PartnerCenterModels.keyed(source);');
            for (const [json, property] of Object.entries(resource.properties)) {
                const field = fieldName(json);
                expect(source).toContain(`public ${apexType(property.type)} ${field};`);
                expect(source).toContain(`item.${field} = `);
                expect(source).toContain(`m.get('${json.toLowerCase()}')`);
                expect(source).toMatch(
                    new RegExp(`item\\.${field} = [^;]*${readerFor(property.type).replace(/[.(]/g, '\\$&')}`)
                );
                expect(source).toContain(`PartnerCenterModels.put(m, '${json}', `);
            }
        }
    });

    it('keeps the real spelling consentToToShareInfoWithOthers', () => {
        expect(modelClass(models, 'Consent')).toContain(
            "put(m, 'consentToToShareInfoWithOthers', consentToToShareInfoWithOthers)"
        );
    });

    it('suffixes Apex reserved words and keeps the JSON name exact', () => {
        expect(fieldName('currency')).toBe('currency_x');
        expect(fieldName('type')).toBe('type');
        expect(fieldName('@odata.nextLink')).toBe('odataNextLink');
        expect(modelClass(models, 'ReferralDetails')).toContain("PartnerCenterModels.put(m, 'currency', currency_x);");
        expect(modelClass(models, 'ReferralPage')).toContain(
            "PartnerCenterModels.put(m, '@odata.nextLink', odataNextLink);"
        );
        for (const resource of Object.values(RESOURCES))
            for (const json of Object.keys(resource.properties))
                expect([json, APEX_RESERVED.has(fieldName(json).toLowerCase())]).toEqual([json, false]);
    });

    it('lists every value of every enumeration', () => {
        for (const [name, enumeration] of Object.entries(ENUMS)) {
            const constant = constantName(name);
            const start = models.indexOf(`List<String> ${constant} =`);
            expect([name, start >= 0]).toEqual([name, true]);
            const line = models.slice(start, models.indexOf(';', start));
            for (const value of enumeration.values) expect([name, line.includes(`'${value}'`)]).toEqual([name, true]);
        }
    });
});

describe('PartnerCenterClient generated from the contract', () => {
    const client = renderClient();

    it('has a request builder with the right method, path and headers for every endpoint', () => {
        for (const [name, endpoint] of Object.entries(ENDPOINTS)) {
            expect(client).toMatch(new RegExp(`public static HttpRequest ${name}Request\\(String namedCredential`));
            expect(client).toContain(`public static final String ${constantName(name)}_PATH = '${endpoint.path}';`);
            expect(client).toContain(`request('${endpoint.method}', namedCredential, path`);
            for (const header of endpoint.headers ?? []) expect(client).toContain(`request.setHeader('${header}'`);
        }
    });

    it('has a typed method for every endpoint over the models, throwing on failure', () => {
        for (const [name, endpoint] of Object.entries(ENDPOINTS)) {
            const item = pagedItem(endpoint);
            const returns = item
                ? `List<PartnerCenterModels.${item}>`
                : endpoint.response
                  ? `PartnerCenterModels.${endpoint.response}`
                  : 'void';
            expect(client).toContain(`public ${returns} ${name}(`);
            if (endpoint.request)
                expect(client).toMatch(new RegExp(`${name}\\([^)]*PartnerCenterModels\\.${endpoint.request}`));
        }
        expect(client).toContain("ifMatch, 'return=representation');");
        expect(client).toContain('throw ApiException.of(this);');
    });

    it('follows @odata.nextLink for the paged list only', () => {
        expect(
            Object.entries(ENDPOINTS)
                .filter(([, e]) => pagedItem(e))
                .map(([n]) => n)
        ).toEqual(['listReferrals']);
        expect(client).toContain('public PartnerCenterModels.ReferralPage listReferralsNextPage(String nextLink) {');
        expect(client).toContain(
            'page = page.odataNextLink == null ? null : listReferralsNextPage(page.odataNextLink);'
        );
    });

    it('classifies 429, 5xx and transport failures as retryable and 412 as a conflict', () => {
        expect(client).toContain('return statusCode == null || statusCode == 429 || statusCode >= 500;');
        expect(client).toContain('return statusCode == 412;');
        expect(client).toContain("String retryAfter = response.getHeader('Retry-After');");
        for (const field of ['statusCode', 'errorCode', 'errorMessage', 'retryAfterSeconds', 'correlationId'])
            expect(client).toContain(`failure.${field} = result.${field};`);
    });
});

describe('PartnerCenterClientTest generated from the contract', () => {
    const test = renderClientTest();

    it('round-trips every resource, read from upper-case keys with unknown properties', () => {
        for (const name of Object.keys(RESOURCES)) {
            expect(test).toContain(`static void ${name.replace(/^./, (c) => c.toLowerCase())}RoundTrips() {`);
            const sample = sampleResource(name);
            expect(Object.keys(sample)).toEqual(Object.keys(RESOURCES[name].properties));
            const input = shouted(name, sample);
            expect(input.SOMETHINGNEW).toBeDefined();
            expect(Object.keys(input)).toContain(Object.keys(sample)[0].toUpperCase());
        }
    });

    it('scripts success, 400, 412, 429 with Retry-After, 5xx, transport failure and three pages', () => {
        for (const scenario of [
            'reply(400,',
            'reply(412,',
            'replyWithHeader(429, \'{"statusCode":429',
            "'Retry-After', '57'",
            'reply(502,',
            'listReferralsFollowsNextLinkAcrossThreePages',
            'webhookRegistrationIsReadCreatedAndUpdatedAndTested'
        ])
            expect(test).toContain(scenario);
        for (const name of Object.keys(ENDPOINTS)) expect(test).toContain(`PartnerCenterClient.${name}Request(`);
        for (const name of Object.keys(ENUMS))
            expect(test).toContain(`PartnerCenterModels.${constantName(name)}.size()`);
    });
});

describe('generate', () => {
    it('writes models, client, client test and the mappable fields, each with its metadata', () => {
        expect(Object.keys(generatedFiles()).sort()).toEqual(
            Object.keys(GENERATED_CLASSES)
                .flatMap((c) => [`${c}.cls`, `${c}.cls-meta.xml`])
                .sort()
        );
        expect(Object.keys(GENERATED_CLASSES)).toEqual([
            'PartnerCenterModels',
            'PartnerCenterClient',
            'PartnerCenterClientTest',
            'PartnerCenterFields'
        ]);
    });

    it('is what is checked in, regenerating changes nothing, and --check notices a stale file', () => {
        expect(staleFiles()).toEqual([]);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'generated-'));
        for (const [name, content] of Object.entries(generatedFiles())) fs.writeFileSync(path.join(dir, name), content);
        expect(staleFiles(dir)).toEqual([]);
        fs.appendFileSync(path.join(dir, 'PartnerCenterClient.cls'), '// edited by hand\n');
        fs.rmSync(path.join(dir, 'PartnerCenterModels.cls-meta.xml'));
        expect(staleFiles(dir).map((f) => path.basename(f))).toEqual([
            'PartnerCenterModels.cls-meta.xml',
            'PartnerCenterClient.cls'
        ]);
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

describe('mappable fields (PartnerCenterFields)', () => {
    const paths = contractPaths();
    const byPath = new Map(paths.map((p) => [p.path, p]));

    it('lists every scalar path with its type, allowed values and who sets it', () => {
        expect(byPath.get('/details/notes')).toEqual({
            path: '/details/notes',
            type: 'string',
            allowedValues: null,
            readOnly: false
        });
        expect(byPath.get('/details/dealValue')?.type).toBe('number');
        expect(byPath.get('/inviteContext/assistanceRequestCode')?.allowedValues).toEqual(
            ENUMS.AssistanceRequestCode.values
        );
        expect(byPath.get('/engagementId')?.readOnly).toBe(true);
    });

    it('leaves out arrays, free-form objects and open enumerations', () => {
        expect(byPath.has('/team')).toBe(false);
        expect(byPath.has('/customerProfile/team')).toBe(false);
        expect(paths.some((p) => p.path.startsWith('/customerProfile/team/'))).toBe(false);
        expect(byPath.get('/customerProfile/size')?.allowedValues).toBeNull();
    });

    it('renders each path into the Apex list', () => {
        const apex = renderFields();
        for (const p of paths) expect(apex).toContain(`new Field('${p.path}', '${p.type}'`);
    });

    it('lists the scalar paths of a team member, relative to it, for Contact maps', () => {
        const member = contractPaths(MEMBER_RESOURCE);
        expect(member.map((p) => p.path)).toEqual(['/firstName', '/lastName', '/phoneNumber', '/email', '/title']);
        expect(member.every((p) => p.type === 'string' && !p.readOnly)).toBe(true);
        const apex = renderFields();
        const memberList = apex.slice(apex.indexOf('public static List<Field> member()'));
        expect(memberList).toContain(`new Field('/title', 'string', new List<String>(), false)`);
        expect(apex).toContain('public static Field memberByPath(String path)');
    });
});
