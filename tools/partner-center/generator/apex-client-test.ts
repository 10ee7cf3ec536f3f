/**
 * Renders PartnerCenterClientTest.cls: the generated client and models against scripted callout answers
 * (PartnerCenterMock) on the local Apex runtime — every request builder, success, 400 with an error body, 412,
 * 429 with Retry-After, 5xx and transport failures, paging over three pages, webhook registration — and a
 * round trip of every resource: keys in upper case plus unknown properties in, the contract's JSON out, and
 * canonical() giving the contract's names back with the unknown properties kept.
 */
import { ENDPOINTS, ENUMS, Property, PropertyType, RESOURCES } from '../contract';
import { CLIENT_CLASS } from './apex-client';
import { MODELS_CLASS } from './apex-models';
import { apexString, banner, constantName, headerParam, pathParams } from './apex-source';
import { calloutName, packageInfo } from './package-info';

export const CLIENT_TEST_CLASS = 'PartnerCenterClientTest';

const REFERRALS = 'Partner_Center_Referrals';
const WEBHOOKS = 'Partner_Center_Webhooks';
/** How the callout URLs name them: packaged credentials by their qualified name (package-info.ts). */
const info = packageInfo();
const REFERRALS_URL = calloutName(info, REFERRALS);
const WEBHOOKS_URL = calloutName(info, WEBHOOKS);

/** A JSON value for a property: every property set, nested resources too (the contract has no cycles). */
function sampleValue(name: string, property: Property | { type: PropertyType }, depth: number): unknown {
    const type = property.type;
    if ('enum' in property && property.enum) return ENUMS[property.enum].values.find(Boolean);
    if (type === 'string' || type === 'datetime') return `${name}-1`;
    if (type === 'number') return 7;
    if (type === 'boolean') return true;
    if (type === 'object') return { k: 'v' };
    if (type === 'any') return 'v';
    if ('resource' in type) return sampleResource(type.resource, depth + 1);
    return [sampleValue(name, { type: type.arrayOf }, depth)];
}

/** An instance of a resource with every property set, as the contract names it. */
export function sampleResource(resource: string, depth = 0): Record<string, unknown> {
    if (depth > 8) throw new Error(`${resource}: the contract nests too deep (a cycle?)`);
    const out: Record<string, unknown> = {};
    for (const [name, property] of Object.entries(RESOURCES[resource].properties))
        out[name] = sampleValue(name, property, depth);
    return out;
}

/**
 * The same resource as another client may send it: property names upper-cased and an unknown property in every
 * contract object (free-form `object` values are kept as they are: they are not the contract's).
 */
export function shouted(
    resource: string,
    value: Record<string, unknown>,
    rename: (name: string) => string = (name) => name.toUpperCase()
): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, v] of Object.entries(value)) {
        const type = RESOURCES[resource].properties[name].type;
        let converted = v;
        if (typeof type === 'object' && 'resource' in type)
            converted = shouted(type.resource, v as Record<string, unknown>, rename);
        else if (typeof type === 'object' && typeof type.arrayOf === 'object' && 'resource' in type.arrayOf) {
            const item = type.arrayOf.resource;
            converted = (v as Record<string, unknown>[]).map((x) => shouted(item, x, rename));
        }
        out[rename(name)] = converted;
    }
    out.SOMETHINGNEW = { nested: [1, 2] };
    return out;
}

function roundTrip(resource: string): string[] {
    const json = JSON.stringify(sampleResource(resource));
    const input = JSON.stringify(shouted(resource, sampleResource(resource)));
    // canonical(): the contract's names back, the unknown properties kept where they were.
    const canonical = JSON.stringify(shouted(resource, sampleResource(resource), (name) => name));
    const type = `${MODELS_CLASS}.${resource}`;
    return [
        '    @IsTest',
        `    static void ${resource.replace(/^./, (c) => c.toLowerCase())}RoundTrips() {`,
        `        Object input = JSON.deserializeUntyped(${apexString(input)});`,
        `        ${type} item = ${type}.fromMap((Map<String, Object>) input);`,
        `        Assert.areEqual(${apexString(json)}, JSON.serialize(item.toMap()));`,
        `        List<${type}> items = ${type}.fromList(new List<Object>{ input, 'not an object' });`,
        '        Assert.areEqual(1, items.size());',
        `        Assert.areEqual(${apexString(`[${json}]`)}, JSON.serialize(${type}.toMaps(items)));`,
        `        Assert.areEqual('{}', JSON.serialize(new ${type}().toMap()));`,
        `        Assert.isNull(${type}.fromMap(null));`,
        `        Assert.isNull(${type}.fromList('not a list'));`,
        `        Assert.isNull(${type}.toMaps(null));`,
        `        Assert.areEqual(${apexString(canonical)}, JSON.serialize(${type}.canonical((Map<String, Object>) input)));`,
        `        Assert.areEqual(${apexString(`[${canonical},"x"]`)}, JSON.serialize(${type}.canonicalList(new List<Object>{ input, 'x' })));`,
        `        Assert.isNull(${type}.canonical(null));`,
        `        Assert.areEqual('x', ${type}.canonicalList('x'));`,
        '    }',
        ''
    ];
}

function builderChecks(): string[] {
    const out = [
        '    @IsTest',
        '    static void everyRequestBuilderUsesTheNamedCredentialAndTheContractHeaders() {',
        '        List<HttpRequest> requests = new List<HttpRequest>();',
        '        List<String> expected = new List<String>();',
        `        Map<String, String> options = new Map<String, String>{ '$filter' => 'status eq \\'New\\'', '$unknown' => 'x' };`
    ];
    for (const [name, e] of Object.entries(ENDPOINTS)) {
        const credential = e.credential === 'referrals' ? REFERRALS : WEBHOOKS;
        const args = [apexString(credential), ...pathParams(e.path).map(() => "'r 1/2'")];
        if (e.query) args.push('options');
        if (e.request) args.push("'[]'");
        for (const h of e.headers ?? []) args.push(apexString(`${headerParam(h)}-value`));
        let path = e.path.replace(/\{\w+\}/g, 'r+1%2F2');
        if (e.query?.includes('$filter')) path += '?$filter=status+eq+%27New%27';
        out.push(
            `        requests.add(${CLIENT_CLASS}.${name}Request(${args.join(', ')}));`,
            `        expected.add(${apexString(`${e.method} callout:${calloutName(info, credential)}${path}`)});`
        );
        for (const h of e.headers ?? [])
            out.push(
                `        Assert.areEqual(${apexString(`${headerParam(h)}-value`)}, requests[requests.size() - 1].getHeader(${apexString(h)}));`
            );
        if (e.request) out.push("        Assert.areEqual('[]', requests[requests.size() - 1].getBody());");
    }
    out.push(
        '        for (Integer i = 0; i < requests.size(); i++) {',
        '            HttpRequest request = requests[i];',
        "            Assert.areEqual(expected[i], request.getMethod() + ' ' + request.getEndpoint());",
        "            Assert.areEqual('application/json', request.getHeader('Accept'));",
        "            Assert.areEqual('application/json', request.getHeader('Content-Type'));",
        "            Assert.isTrue(String.isNotBlank(request.getHeader('client-request-id')));",
        "            Assert.areEqual(request.getHeader('client-request-id'), request.getHeader('MS-CorrelationId'));",
        "            Assert.isTrue(String.isNotBlank(request.getHeader('MS-RequestId')));",
        "            Assert.areNotEqual(request.getHeader('MS-CorrelationId'), request.getHeader('MS-RequestId'));",
        '        }',
        "        Assert.areNotEqual(requests[0].getHeader('client-request-id'), requests[1].getHeader('client-request-id'));",
        "        Assert.areNotEqual(requests[0].getHeader('MS-RequestId'), requests[1].getHeader('MS-RequestId'));",
        '    }',
        '',
        '    @IsTest',
        '    static void packagedCredentialsAreQualifiedAndOthersKeptAsGiven() {',
        `        Assert.areEqual(${apexString(REFERRALS_URL)}, ${CLIENT_CLASS}.calloutName(${apexString(REFERRALS)}));`,
        `        Assert.areEqual(${apexString(REFERRALS_URL)}, ${CLIENT_CLASS}.calloutName(${apexString(REFERRALS_URL)}));`,
        "        // A subscriber's own named credential (no namespace) is named as the admin typed it.",
        `        Assert.areEqual('My_Partner_Center', ${CLIENT_CLASS}.calloutName('My_Partner_Center'));`,
        `        Assert.areEqual('callout:My_Partner_Center/x', ${CLIENT_CLASS}.request('GET', 'My_Partner_Center', '/x', null).getEndpoint());`,
        '    }',
        ''
    );
    return out;
}

function page(ids: string[], nextLink: string | null): string {
    const body: Record<string, unknown> = { value: ids.map((id) => ({ id, name: `Deal ${id}` })) };
    if (nextLink) body['@odata.nextLink'] = nextLink;
    return apexString(JSON.stringify(body));
}

export function renderClientTest(): string {
    const caseInsensitive = JSON.stringify({
        Id: 'r1',
        ETag: '"e1"',
        Consent: { ConsentToToShareInfoWithOthers: true, CONSENTTOCONTACT: 'false' },
        details: { dealValue: '10000', Currency: 'EUR', unknown: { x: 1 } },
        customerProfile: { size: '251to1000employees', address: null },
        team: [{ email: 'ana@contoso.example' }, 42],
        somethingNew: [1, 2]
    });
    const out: string[] = [
        ...banner(
            'The generated client and models against scripted callout answers (PartnerCenterMock), and a round\n' +
                'trip of every resource through fromMap / toMap.'
        ),
        '@IsTest',
        `private class ${CLIENT_TEST_CLASS} {`,
        `    private static ${CLIENT_CLASS} client() {`,
        `        return new ${CLIENT_CLASS}(${apexString(REFERRALS)}, ${apexString(WEBHOOKS)});`,
        '    }',
        '',
        ...builderChecks(),
        `
    @IsTest
    static void createReferralSendsTheContractNamesAndReadsTheAnswer() {
        PartnerCenterMock mock = PartnerCenterMock.install()
            .reply(201, PartnerCenterMock.json(PartnerCenterMock.referral('ref-1', 'Active', 'Accepted', '"e1"')));
        ${MODELS_CLASS}.Referral referral = new ${MODELS_CLASS}.Referral();
        referral.name = 'Contoso migration';
        referral.type = 'Shared';
        referral.consent = new ${MODELS_CLASS}.Consent();
        referral.consent.consentToToShareInfoWithOthers = true;
        referral.details = new ${MODELS_CLASS}.ReferralDetails();
        referral.details.dealValue = 10000;
        referral.details.currency_x = 'USD';

        ${MODELS_CLASS}.Referral created = client().createReferral(referral);

        Assert.areEqual('ref-1', created.id);
        Assert.areEqual('"e1"', created.eTag);
        Assert.areEqual('USD', created.details.currency_x);
        Assert.areEqual(120000, created.details.dealValue);
        Assert.areEqual('CZ', created.customerProfile.address.country);
        Assert.areEqual('ana.lee@contoso.example', created.customerProfile.team[0].email);
        Assert.areEqual('SOL-6115380-IPC', created.details.requirements.solutions[0].id);
        HttpRequest request = mock.requests[0];
        Assert.areEqual('POST', request.getMethod());
        Assert.areEqual('callout:${REFERRALS_URL}${ENDPOINTS.createReferral.path}', request.getEndpoint());
        Assert.areEqual(
            '{"name":"Contoso migration","type":"Shared","consent":{"consentToToShareInfoWithOthers":true},' +
            '"details":{"dealValue":10000,"currency":"USD"}}',
            request.getBody()
        );
    }

    @IsTest
    static void inputIsReadCaseInsensitivelyAndUnknownPropertiesAreIgnored() {
        PartnerCenterMock.install().reply(200, ${apexString(caseInsensitive)});
        ${MODELS_CLASS}.Referral referral = client().getReferral('r1');
        Assert.areEqual('r1', referral.id);
        Assert.areEqual('"e1"', referral.eTag);
        Assert.isTrue(referral.consent.consentToToShareInfoWithOthers);
        Assert.isFalse(referral.consent.consentToContact);
        Assert.areEqual(10000, referral.details.dealValue);
        Assert.areEqual('EUR', referral.details.currency_x);
        Assert.areEqual('251to1000employees', referral.customerProfile.size);
        Assert.isNull(referral.customerProfile.address);
        Assert.areEqual(1, referral.team.size());
        Assert.areEqual('ana@contoso.example', referral.team[0].email);
        Assert.isNull(referral.status);
    }

    @IsTest
    static void patchSendsJsonPatchWithIfMatchAndPrefer() {
        PartnerCenterMock mock = PartnerCenterMock.install()
            .reply(200, PartnerCenterMock.json(PartnerCenterMock.referral('ref-1', 'Closed', 'Won', '"e2"')))
            .reply(204, null);
        ${MODELS_CLASS}.PatchOperation status = new ${MODELS_CLASS}.PatchOperation();
        status.op = 'replace';
        status.path = '/status';
        status.value = 'Closed';
        ${MODELS_CLASS}.PatchOperation member = new ${MODELS_CLASS}.PatchOperation();
        member.op = 'add';
        member.path = '/team/-';
        member.value = new Map<String, Object>{ 'email' => 'kyle@fabrikam.example' };
        List<${MODELS_CLASS}.PatchOperation> operations = new List<${MODELS_CLASS}.PatchOperation>{ status, member };

        ${MODELS_CLASS}.Referral patched = client().patchReferral('ref-1', operations, '"e1"');

        Assert.areEqual('"e2"', patched.eTag);
        Assert.areEqual('Won', patched.substatus);
        HttpRequest request = mock.requests[0];
        Assert.areEqual('PATCH', request.getMethod());
        Assert.areEqual('callout:${REFERRALS_URL}/v1.0/engagements/referrals/ref-1', request.getEndpoint());
        Assert.areEqual('"e1"', request.getHeader('If-Match'));
        Assert.areEqual('return=representation', request.getHeader('Prefer'));
        Assert.areEqual(
            '[{"op":"replace","path":"/status","value":"Closed"},' +
            '{"op":"add","path":"/team/-","value":{"email":"kyle@fabrikam.example"}}]',
            request.getBody()
        );
        Assert.isNull(client().patchReferral('ref-1', operations, null), '204 No Content has no referral');
        Assert.isNull(mock.requests[1].getHeader('If-Match'), 'no eTag, no If-Match');
    }

    @IsTest
    static void badRequestCarriesTheErrorBody() {
        PartnerCenterMock mock = PartnerCenterMock.install()
            .reply(400, '{"error":{"code":"invalidRequest","message":"details is required","target":"referral"}}');
        try {
            client().createReferral(new ${MODELS_CLASS}.Referral());
            Assert.fail('a 400 throws');
        } catch (${CLIENT_CLASS}.ApiException e) {
            Assert.areEqual(400, e.statusCode);
            Assert.areEqual('invalidRequest', e.errorCode);
            Assert.areEqual('details is required', e.errorMessage);
            Assert.areEqual(mock.requests[0].getHeader('MS-CorrelationId'), e.correlationId);
            Assert.isNull(e.retryAfterSeconds);
            Assert.isFalse(e.isRetryable(), '4xx is permanent');
            Assert.isFalse(e.isConflict());
            Assert.areEqual('Partner Center answered 400 (invalidRequest): details is required', e.getMessage());
        }
    }

    @IsTest
    static void preconditionFailedIsAConflict() {
        PartnerCenterMock.install()
            .reply(412, '{"error":{"code":"preconditionFailed","message":"The referral was modified."}}');
        try {
            client().patchReferral('ref-1', new List<${MODELS_CLASS}.PatchOperation>(), '"stale"');
            Assert.fail('a 412 throws');
        } catch (${CLIENT_CLASS}.ApiException e) {
            Assert.areEqual(412, e.statusCode);
            Assert.isTrue(e.isConflict());
            Assert.isFalse(e.isRetryable(), 'a conflict needs a re-read, not the same request again');
            Assert.areEqual('preconditionFailed', e.errorCode);
        }
    }

    @IsTest
    static void throttlingCarriesRetryAfter() {
        PartnerCenterMock.install()
            .replyWithHeader(429, '{"statusCode":429,"message":"Rate limit is exceeded. Try again in 57 seconds."}', 'Retry-After', '57');
        try {
            client().getReferral('ref-1');
            Assert.fail('a 429 throws');
        } catch (${CLIENT_CLASS}.ApiException e) {
            Assert.areEqual(429, e.statusCode);
            Assert.areEqual(57, e.retryAfterSeconds);
            Assert.isTrue(e.isRetryable());
            Assert.isNull(e.errorCode);
            Assert.areEqual('Rate limit is exceeded. Try again in 57 seconds.', e.errorMessage);
        }
    }

    @IsTest
    static void serverErrorsAndTransportFailuresAreRetryable() {
        PartnerCenterMock.install().reply(502, '<html>bad gateway</html>');
        ${CLIENT_CLASS}.ApiException badGateway;
        ${CLIENT_CLASS}.ApiException unreachable;
        try {
            client().getReferral('ref-1');
        } catch (${CLIENT_CLASS}.ApiException e) {
            badGateway = e;
        }
        try {
            client().getReferral('ref-1'); // the mock has no answer left: the callout fails
        } catch (${CLIENT_CLASS}.ApiException e) {
            unreachable = e;
        }
        Assert.areEqual(502, badGateway.statusCode);
        Assert.areEqual('<html>bad gateway</html>', badGateway.errorMessage);
        Assert.isTrue(badGateway.isRetryable());
        Assert.isNull(unreachable.statusCode);
        Assert.isTrue(unreachable.isRetryable());
        Assert.isNotNull(unreachable.result.transportError);
        Assert.isTrue(unreachable.getMessage().startsWith('Partner Center could not be reached'));
    }

    @IsTest
    static void listReferralsFollowsNextLinkAcrossThreePages() {
        PartnerCenterMock mock = PartnerCenterMock.install()
            .reply(200, ${page(['r1', 'r2'], 'https://api.partner.microsoft.com/v1.0/referrals?$skiptoken=p2')})
            .reply(200, ${page(['r3'], 'http://api.partner.microsoft.com/v1.0/referrals?$skiptoken=p3')})
            .reply(200, ${page(['r4'], null)});

        List<${MODELS_CLASS}.Referral> referrals = client()
            .listReferrals(new Map<String, String>{ '$filter' => 'status eq \\'New\\'', '$orderby' => 'updatedDateTime asc' });

        List<String> ids = new List<String>();
        for (${MODELS_CLASS}.Referral referral : referrals) {
            ids.add(referral.id);
        }
        Assert.areEqual(new List<String>{ 'r1', 'r2', 'r3', 'r4' }, ids);
        Assert.areEqual('Deal r3', referrals[2].name);
        Assert.areEqual(3, mock.requests.size());
        Assert.areEqual(
            'callout:${REFERRALS_URL}/v1.0/engagements/referrals?$filter=status+eq+%27New%27&$orderby=updatedDateTime+asc',
            mock.requests[0].getEndpoint()
        );
        Assert.areEqual('callout:${REFERRALS_URL}/v1.0/engagements/referrals?$skiptoken=p2', mock.requests[1].getEndpoint());
        Assert.areEqual('callout:${REFERRALS_URL}/v1.0/engagements/referrals?$skiptoken=p3', mock.requests[2].getEndpoint());
        for (HttpRequest request : mock.requests) {
            Assert.areEqual('GET', request.getMethod());
        }
    }

    @IsTest
    static void webhookRegistrationIsReadCreatedAndUpdatedAndTested() {
        PartnerCenterMock mock = PartnerCenterMock.install()
            .reply(200, '{"WebhookUrl":"https://old.example/hook","WebhookEvents":["referral-created"],"SignatureTokenToMsSignatureHeader":true}')
            .reply(200, '{"subscriberId":"s-1","webhookUrl":"https://new.example/hook","webhookEvents":["referral-created","referral-updated"]}')
            .reply(200, '{"webhookUrl":"https://new.example/hook","webhookEvents":["referral-updated"]}')
            .reply(200, '{"correlationId":"c-1"}');
        ${CLIENT_CLASS} client = client();

        ${MODELS_CLASS}.WebhookRegistration current = client.getWebhookRegistration();
        Assert.areEqual('https://old.example/hook', current.webhookUrl);
        Assert.areEqual(new List<String>{ 'referral-created' }, current.webhookEvents);
        Assert.isTrue(current.signatureTokenToMsSignatureHeader);

        ${MODELS_CLASS}.WebhookRegistration wanted = new ${MODELS_CLASS}.WebhookRegistration();
        wanted.webhookUrl = 'https://new.example/hook';
        wanted.webhookEvents = new List<String>{ 'referral-created', 'referral-updated' };
        Assert.areEqual(2, client.createWebhookRegistration(wanted).webhookEvents.size());
        wanted.webhookEvents = new List<String>{ 'referral-updated' };
        Assert.areEqual('https://new.example/hook', client.updateWebhookRegistration(wanted).webhookUrl);
        Assert.areEqual('c-1', client.createValidationEvent().correlationId);

        Assert.areEqual('GET callout:${WEBHOOKS_URL}${ENDPOINTS.getWebhookRegistration.path}', mock.requests[0].getMethod() + ' ' + mock.requests[0].getEndpoint());
        Assert.areEqual('POST callout:${WEBHOOKS_URL}${ENDPOINTS.createWebhookRegistration.path}', mock.requests[1].getMethod() + ' ' + mock.requests[1].getEndpoint());
        Assert.areEqual(
            '{"webhookUrl":"https://new.example/hook","webhookEvents":["referral-created","referral-updated"]}',
            mock.requests[1].getBody()
        );
        Assert.areEqual('PUT callout:${WEBHOOKS_URL}${ENDPOINTS.updateWebhookRegistration.path}', mock.requests[2].getMethod() + ' ' + mock.requests[2].getEndpoint());
        Assert.areEqual('POST callout:${WEBHOOKS_URL}${ENDPOINTS.createValidationEvent.path}', mock.requests[3].getMethod() + ' ' + mock.requests[3].getEndpoint());
        Assert.isTrue(String.isBlank(mock.requests[3].getBody()), 'a test event request has no body');
    }

    @IsTest
    static void aMissingRegistrationIsNotFound() {
        PartnerCenterMock.install().reply(404, '{"error":{"code":"itemNotFound","message":"No registration"}}');
        try {
            client().getWebhookRegistration();
            Assert.fail('a 404 throws');
        } catch (${CLIENT_CLASS}.ApiException e) {
            Assert.isTrue(e.isNotFound());
            Assert.isFalse(e.isRetryable());
            Assert.areEqual('itemNotFound', e.errorCode);
        }
    }

    @IsTest
    static void everyEnumerationIsListed() {
${Object.entries(ENUMS)
    .map(
        ([name, e]) =>
            `        Assert.areEqual(${e.values.length}, ${MODELS_CLASS}.${constantName(name)}.size(), '${name}');`
    )
    .join('\n')}
    }
`
    ];
    for (const resource of Object.keys(RESOURCES)) out.push(...roundTrip(resource));
    out.push('}', '');
    return out.join('\n');
}
