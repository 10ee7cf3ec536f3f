import { coSellReferralBody, privateReferralBody, startTestEmulator, TestEmulator } from '../test-support/harness';

const BASE = '/v1.0/engagements/referrals';

describe('Referrals API over HTTP', () => {
    let t: TestEmulator;
    beforeEach(async () => {
        t = await startTestEmulator({ microsoft: { autoCreateRelatedReferral: false } });
    });
    afterEach(async () => {
        await t.emulator.stop();
    });

    const create = async (body: Record<string, unknown> = coSellReferralBody()): Promise<any> => {
        const response = await t.api('POST', BASE, { body });
        expect(response.status).toBe(201);
        return response.body;
    };

    describe('create (POST)', () => {
        test('returns the created referral with server-managed fields, own deals Active/Accepted', async () => {
            const created = await create();
            expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
            expect(created.engagementId).toMatch(/^[0-9a-f-]{36}$/);
            expect(created.eTag).toMatch(/^"[0-9a-f]{8}-0000-0100-0000-[0-9a-f]{12}"$/);
            expect(created).toMatchObject({
                status: 'Active',
                substatus: 'Accepted',
                direction: 'Outgoing',
                name: 'Contoso – Azure migration'
            });
            expect(created.createdDateTime).toBe('2025-03-01T08:00:00.0000000Z');
            expect(created.acceptedDateTime).toBe(created.createdDateTime);
            expect(created.links.self.uri).toBe(`${t.emulator.url}${BASE}/${created.id}`);
            expect(created.links.relatedReferrals.uri).toBe(
                `${t.emulator.url}${BASE}?$filter=engagementId eq ${created.engagementId}`
            );
            const fetched = await t.api('GET', `${BASE}/${created.id}`);
            expect(fetched.status).toBe(200);
            expect(fetched.body).toEqual(created);
            expect(fetched.headers.get('etag')).toBe(created.eTag);
        });

        test.each(['type', 'customerProfile', 'consent', 'details'])(
            '400 with the documented error body when %s is missing',
            async (field) => {
                const body = coSellReferralBody();
                delete body[field];
                const response = await t.api('POST', BASE, { body });
                expect(response.status).toBe(400);
                expect(response.body.error.code).toBe('invalidRequest');
                expect(response.body.error.message).toContain(field);
                expect(response.body.error.target).toBe('referral');
            }
        );

        test('400 on malformed JSON and on a non-object body', async () => {
            expect((await t.api('POST', BASE, { body: '{"name":' })).body.error.code).toBe('invalidRequest');
            expect((await t.api('POST', BASE, { body: [1] })).status).toBe(400);
        });

        test('input keys are case-insensitive, output is camelCase, the doubled "To" spelling is kept', async () => {
            const created = await create({
                Name: 'Pascal',
                Type: 'Independent',
                CustomerProfile: { Name: 'Contoso', Address: { Country: 'US' } },
                Consent: {
                    ConsentToToShareInfoWithOthers: true,
                    ConsentToContact: true,
                    consentToShareReferralWithMicrosoftSellers: false
                },
                Details: { DealValue: 5, Currency: 'USD' }
            });
            expect(created.name).toBe('Pascal');
            expect(created.customerProfile).toMatchObject({ name: 'Contoso', address: { country: 'US' } });
            expect(created.consent).toMatchObject({ consentToToShareInfoWithOthers: true, consentToContact: true });
            expect(created.details).toMatchObject({ dealValue: 5, currency: 'USD' });
            expect(JSON.stringify(created)).not.toMatch(/"[A-Z][A-Za-z]*":/);
        });

        test('client values for server-managed fields are ignored', async () => {
            const created = await create(
                coSellReferralBody({ id: 'mine', eTag: '"x"', createdDateTime: '2000-01-01T00:00:00Z' })
            );
            expect(created.id).not.toBe('mine');
            expect(created.eTag).not.toBe('"x"');
            expect(created.createdDateTime).toBe('2025-03-01T08:00:00.0000000Z');
        });

        test("a shared referral asked New/Pending is answered Active/Accepted, as Microsoft's example", async () => {
            const created = await create(coSellReferralBody({ status: 'New', substatus: 'Pending' }));
            expect(created).toMatchObject({ type: 'Shared', status: 'Active', substatus: 'Accepted' });
            expect(created.acceptedDateTime).toBe(created.createdDateTime);
        });

        test('a private referral may start New/Pending; none may start closed or inconsistent', async () => {
            expect((await create(privateReferralBody({ status: 'New', substatus: 'Pending' }))).substatus).toBe(
                'Pending'
            );
            expect(
                (await t.api('POST', BASE, { body: coSellReferralBody({ status: 'Closed', substatus: 'Won' }) })).status
            ).toBe(400);
            expect(
                (await t.api('POST', BASE, { body: coSellReferralBody({ status: 'Active', substatus: 'Pending' }) }))
                    .status
            ).toBe(400);
        });

        test('keeps a given engagementId (connected referral for Microsoft)', async () => {
            const first = await create();
            const connected = await create(
                coSellReferralBody({
                    engagementId: first.engagementId,
                    target: [{ type: 'BusinessProfileLocation', id: 'msft' }]
                })
            );
            expect(connected.engagementId).toBe(first.engagementId);
            expect(connected.id).not.toBe(first.id);
        });
    });

    describe('get', () => {
        test('404 itemNotFound for an unknown id', async () => {
            const response = await t.api('GET', `${BASE}/00000000-0000-0000-0000-000000000000`);
            expect(response.status).toBe(404);
            expect(response.body.error.code).toBe('itemNotFound');
        });

        test('the webhook ResourceUri form can be fetched verbatim', async () => {
            const created = await create();
            const response = await t.api('GET', `/engagements/v1/referrals/${created.id}`);
            expect(response.body.id).toBe(created.id);
        });
    });

    describe('list with OData', () => {
        const names = async (query: string): Promise<string[]> => {
            const response = await t.api('GET', `${BASE}?${query}`);
            expect(response.status).toBe(200);
            return response.body.value.map((r: any) => r.name);
        };

        beforeEach(async () => {
            await create(
                coSellReferralBody({ name: 'A', customerProfile: { name: 'Contoso', address: { country: 'US' } } })
            );
            t.clock.advance(1000);
            await create(
                privateReferralBody({
                    name: 'B',
                    customerProfile: { name: 'Tailspin', address: { country: 'CZ' } },
                    details: { dealValue: 5000, currency: 'EUR' },
                    status: 'New',
                    substatus: 'Pending'
                })
            );
            t.clock.advance(1000);
            await create(
                coSellReferralBody({
                    name: 'C',
                    team: [{ firstName: 'Zoe', lastName: 'Q', email: 'zoe@fabrikam.example', phoneNumber: '1' }]
                })
            );
        });

        test('envelope with @odata.context and @odata.count', async () => {
            const response = await t.api('GET', BASE);
            expect(response.body['@odata.context']).toBe(`${t.emulator.url}/v1.0/$metadata#Referrals`);
            expect(response.body['@odata.count']).toBe(3);
            expect(response.body['@odata.nextLink']).toBeUndefined();
        });

        test.each([
            ["$filter=status eq 'New'", ['B']],
            ["$filter=status eq 'Active' and type eq 'Shared'", ['A', 'C']],
            ["$filter=status eq 'New' or customerProfile/address/country eq 'US'", ['A', 'B', 'C']],
            ["$filter=not (type eq 'Shared')", ['B']],
            ["$filter=(status eq 'New' or name eq 'C') and direction eq 'Outgoing'", ['B', 'C']],
            ["$filter=customerProfile/address/country eq 'CZ'", ['B']],
            ["$filter=team/any(t:t/email eq 'zoe@fabrikam.example')", ['C']],
            ['$filter=createdDateTime gt 2025-03-01T08:00:00.5Z', ['B', 'C']],
            ["$filter=updatedDateTime ge '2025-03-01T08:00:02Z'", ['C']],
            ['$orderby=createdDateTime desc', ['C', 'B', 'A']],
            ['$orderby=name desc&$top=2', ['C', 'B']],
            ['$orderby=status,name desc', ['C', 'A', 'B']],
            ['$filter=details/dealValue ge 120000&$orderby=updatedDateTime desc', ['C', 'A']]
        ])('%s', async (query, expected) => {
            expect(await names(query)).toEqual(expected);
        });

        test('$select keeps only the listed (nested) properties', async () => {
            const response = await t.api('GET', `${BASE}?$select=id,status,customerProfile/address&$top=1`);
            const [first] = response.body.value;
            expect(Object.keys(first).sort()).toEqual(['customerProfile', 'id', 'status']);
            expect(first.customerProfile).toEqual({ address: { country: 'US' } });
        });

        test('400 invalidRequest for a bad $filter, $top or $orderby', async () => {
            for (const query of [
                "$filter=status eq 'New' and",
                '$top=-1',
                '$top=abc',
                '$orderby=name sideways',
                '$skiptoken=garbage'
            ]) {
                const response = await t.api('GET', `${BASE}?${query}`);
                expect(response.status).toBe(400);
                expect(response.body.error.code).toBe('invalidRequest');
            }
        });
    });

    describe('paging', () => {
        test('pages of at most 100 with @odata.nextLink/$skiptoken keeping the query', async () => {
            for (let i = 0; i < 230; i++) {
                await t.emulator.referrals.createFromPartner(
                    coSellReferralBody({ name: `R${String(i).padStart(3, '0')}` })
                );
            }
            const seen: string[] = [];
            let next: string | undefined = `${BASE}?$filter=status eq 'Active'&$orderby=createdDateTime`;
            const pageSizes: number[] = [];
            while (next) {
                const response = await t.api('GET', next);
                expect(response.status).toBe(200);
                pageSizes.push(response.body.value.length);
                seen.push(...response.body.value.map((r: any) => r.name));
                next = response.body['@odata.nextLink'];
                if (next) {
                    expect(next).toContain('$skiptoken=');
                    expect(decodeURIComponent(next)).toContain("$filter=status eq 'Active'");
                }
            }
            expect(pageSizes).toEqual([100, 100, 30]);
            expect(seen).toEqual(Array.from({ length: 230 }, (_, i) => `R${String(i).padStart(3, '0')}`));
        });

        test('$top above 100 is served in pages up to $top; $top below 100 is one page', async () => {
            for (let i = 0; i < 130; i++)
                await t.emulator.referrals.createFromPartner(coSellReferralBody({ name: `R${i}` }));
            const first = await t.api('GET', `${BASE}?$top=120`);
            expect(first.body.value).toHaveLength(100);
            const second = await t.api('GET', first.body['@odata.nextLink']);
            expect(second.body.value).toHaveLength(20);
            expect(second.body['@odata.nextLink']).toBeUndefined();
            const small = await t.api('GET', `${BASE}?$top=5`);
            expect(small.body.value).toHaveLength(5);
            expect(small.body['@odata.nextLink']).toBeUndefined();
        });
    });

    describe('PATCH', () => {
        test('204 by default, 200 + body with Prefer: return=representation; eTag and updatedDateTime change', async () => {
            const created = await create();
            const noBody = await t.api('PATCH', `${BASE}/${created.id}`, {
                body: [{ op: 'replace', path: '/details/notes', value: 'n1' }]
            });
            expect(noBody.status).toBe(204);
            expect(noBody.text).toBe('');
            const afterFirst = (await t.api('GET', `${BASE}/${created.id}`)).body;
            expect(afterFirst.details.notes).toBe('n1');
            expect(afterFirst.eTag).not.toBe(created.eTag);
            expect(afterFirst.updatedDateTime > created.updatedDateTime).toBe(true); // same clock instant, still later
            const withBody = await t.api('PATCH', `${BASE}/${created.id}`, {
                body: [
                    { op: 'replace', path: '/details/dealValue', value: 10000 },
                    {
                        op: 'add',
                        path: '/team/-',
                        value: { email: 'new@fabrikam.example', firstName: 'N', lastName: 'M', phoneNumber: '2' }
                    }
                ],
                headers: { Prefer: 'return=representation' }
            });
            expect(withBody.status).toBe(200);
            expect(withBody.body.details.dealValue).toBe(10000);
            expect(withBody.body.team).toHaveLength(2);
            expect(withBody.body.eTag).not.toBe(afterFirst.eTag);
            expect(withBody.body.createdDateTime).toBe(created.createdDateTime);
        });

        test('If-Match: current eTag succeeds, stale eTag → 412 and nothing changes', async () => {
            const created = await create();
            const ok = await t.api('PATCH', `${BASE}/${created.id}`, {
                body: [{ op: 'replace', path: '/name', value: 'v2' }],
                headers: { 'If-Match': created.eTag, Prefer: 'return=representation' }
            });
            expect(ok.status).toBe(200);
            const stale = await t.api('PATCH', `${BASE}/${created.id}`, {
                body: [{ op: 'replace', path: '/name', value: 'v3' }],
                headers: { 'If-Match': created.eTag }
            });
            expect(stale.status).toBe(412);
            expect(stale.body.error.code).toBe('preconditionFailed');
            expect((await t.api('GET', `${BASE}/${created.id}`)).body.name).toBe('v2');
            const star = await t.api('PATCH', `${BASE}/${created.id}`, {
                body: [{ op: 'replace', path: '/name', value: 'v4' }],
                headers: { 'If-Match': '*' }
            });
            expect(star.status).toBe(204);
        });

        test('only add and replace; read-only paths rejected; invalid documents rejected', async () => {
            const created = await create();
            for (const body of [
                [{ op: 'remove', path: '/details/notes' }],
                [{ op: 'copy', from: '/name', path: '/details/notes' }],
                [{ op: 'replace', path: '/id', value: 'x' }],
                [{ op: 'replace', path: '/eTag', value: 'x' }],
                [{ op: 'replace', path: '/engagementId', value: 'x' }],
                { op: 'replace', path: '/name', value: 'x' }
            ]) {
                const response = await t.api('PATCH', `${BASE}/${created.id}`, { body });
                expect(response.status).toBe(400);
                expect(response.body.error.code).toBe('invalidRequest');
            }
            expect((await t.api('GET', `${BASE}/${created.id}`)).body.eTag).toBe(created.eTag);
        });

        test('404 for an unknown referral', async () => {
            const response = await t.api('PATCH', `${BASE}/00000000-0000-0000-0000-000000000000`, {
                body: [{ op: 'replace', path: '/name', value: 'x' }]
            });
            expect(response.status).toBe(404);
        });
    });

    describe('status transitions', () => {
        // Expected table from the docs/reference/apex-semantics.md §3.9.1 (independent oracle for the contract's table).
        const ALLOWED_NEXT: Record<string, string[]> = {
            New: ['New', 'Active', 'Closed'],
            Active: ['Active', 'Closed'],
            Closed: ['Closed']
        };
        const SUBSTATUS: Record<string, string[]> = {
            New: ['Pending', 'Received'],
            Active: ['Accepted'],
            Closed: ['Won', 'Lost', 'Declined', 'Expired']
        };
        const allStates = Object.entries(SUBSTATUS).flatMap(([status, subs]) =>
            subs.map((substatus) => ({ status, substatus }))
        );
        const startStates = allStates.filter((s) => s.status !== 'Closed');
        const cases = startStates.flatMap((from) =>
            [...allStates, { status: 'Active', substatus: 'Pending' }, { status: 'New', substatus: 'Won' }].map(
                (to) => ({ from, to })
            )
        );

        test.each(cases.map((c) => [`${c.from.status}/${c.from.substatus} → ${c.to.status}/${c.to.substatus}`, c]))(
            '%s',
            async (_name, { from, to }) => {
                // A private referral keeps the open state it is created in (a shared one starts Active/Accepted).
                const created = await create(privateReferralBody(from));
                const response = await t.api('PATCH', `${BASE}/${created.id}`, {
                    body: [
                        { op: 'replace', path: '/status', value: to.status },
                        { op: 'replace', path: '/substatus', value: to.substatus }
                    ],
                    headers: { Prefer: 'return=representation' }
                });
                const allowed =
                    ALLOWED_NEXT[from.status].includes(to.status) && SUBSTATUS[to.status].includes(to.substatus);
                if (allowed) {
                    expect(response.status).toBe(200);
                    expect(response.body).toMatchObject(to);
                    if (to.status === 'Closed')
                        expect(response.body.closedDateTime).toBe(response.body.updatedDateTime);
                    if (to.status === 'Active' && from.status === 'New')
                        expect(response.body.acceptedDateTime).toBe(response.body.updatedDateTime);
                } else {
                    expect(response.status).toBe(400);
                    expect(response.body.error.code).toBe('invalidRequest');
                }
            }
        );

        test.each(SUBSTATUS.Closed)('Closed/%s is terminal: no further PATCH or PUT', async (substatus) => {
            const created = await create();
            const closed = await t.api('PATCH', `${BASE}/${created.id}`, {
                body: [
                    { op: 'replace', path: '/status', value: 'Closed' },
                    { op: 'replace', path: '/substatus', value: substatus }
                ],
                headers: { Prefer: 'return=representation' }
            });
            expect(closed.status).toBe(200);
            const again = await t.api('PATCH', `${BASE}/${created.id}`, {
                body: [{ op: 'replace', path: '/details/notes', value: 'late' }]
            });
            expect(again.status).toBe(409);
            expect(again.body.error.code).toBe('invalidRequest');
            const put = await t.api('PUT', `${BASE}/${created.id}`, {
                body: closed.body,
                headers: { 'If-Match': closed.body.eTag }
            });
            expect(put.status).toBe(409);
            expect((await t.api('GET', `${BASE}/${created.id}`)).body.eTag).toBe(closed.body.eTag);
        });
    });

    describe('obsolete PUT', () => {
        test('requires If-Match (428), rejects a stale eTag (412), replaces the object otherwise', async () => {
            const created = await create();
            const edited = {
                ...created,
                externalReferenceId: 'lead-42',
                details: { ...created.details, notes: 'from PUT' }
            };
            expect((await t.api('PUT', `${BASE}/${created.id}`, { body: edited })).status).toBe(428);
            expect(
                (await t.api('PUT', `${BASE}/${created.id}`, { body: edited, headers: { 'If-Match': '"stale"' } }))
                    .status
            ).toBe(412);
            const ok = await t.api('PUT', `${BASE}/${created.id}`, {
                body: edited,
                headers: { 'If-Match': created.eTag }
            });
            expect(ok.status).toBe(200);
            expect(ok.body).toMatchObject({
                id: created.id,
                externalReferenceId: 'lead-42',
                engagementId: created.engagementId,
                createdDateTime: created.createdDateTime
            });
            expect(ok.body.details.notes).toBe('from PUT');
            expect(ok.body.eTag).not.toBe(created.eTag);
        });

        test('a mismatching id in the body and missing required objects are 400', async () => {
            const created = await create();
            const wrongId = await t.api('PUT', `${BASE}/${created.id}`, {
                body: { ...created, id: 'other' },
                headers: { 'If-Match': created.eTag }
            });
            expect(wrongId.status).toBe(400);
            const { consent: _dropped, ...withoutConsent } = created;
            const missing = await t.api('PUT', `${BASE}/${created.id}`, {
                body: withoutConsent,
                headers: { 'If-Match': created.eTag }
            });
            expect(missing.status).toBe(400);
            expect(missing.body.error.message).toContain('consent');
        });

        test('PUT follows the transition table too', async () => {
            const created = await create();
            const response = await t.api('PUT', `${BASE}/${created.id}`, {
                body: { ...created, status: 'New', substatus: 'Pending' },
                headers: { 'If-Match': created.eTag }
            });
            expect(response.status).toBe(400);
        });
    });

    describe('authentication', () => {
        test('401 without, with an unknown and with an expired token; tokens from the token endpoint work', async () => {
            expect((await t.api('GET', BASE, { token: null })).status).toBe(401);
            const unknown = await t.api('GET', BASE, { token: 'made-up' });
            expect(unknown.status).toBe(401);
            expect(unknown.body.error.code).toBe('unauthenticated');
            const tokenResponse = await fetch(`${t.emulator.url}/common/oauth2/token`, {
                method: 'POST',
                headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
                body: 'grant_type=password&resource=https%3A%2F%2Fapi.partner.microsoft.com&client_id=c&username=u&password=p'
            });
            const issued = (await tokenResponse.json()) as any;
            expect(issued).toMatchObject({
                token_type: 'Bearer',
                expires_in: '3600',
                resource: 'https://api.partner.microsoft.com'
            });
            expect((await t.api('GET', BASE, { token: issued.access_token })).status).toBe(200);
            t.clock.advance(3600 * 1000);
            expect((await t.api('GET', BASE, { token: issued.access_token })).body.error.message).toContain('expired');
        });

        test('app-only tokens are refused by the referrals routes (App+User only) but work for webhooks', async () => {
            const appOnly = t.emulator.control.issueToken({ appOnly: true });
            const referrals = await t.api('GET', BASE, { token: appOnly });
            expect(referrals.status).toBe(403);
            expect(referrals.body.error.code).toBe('accessDenied');
            expect((await t.api('GET', '/webhooks/v1/registration/events', { token: appOnly })).status).toBe(200);
        });

        test('authorization-code and refresh-token grants', async () => {
            const authorize = await fetch(
                `${t.emulator.url}/common/oauth2/v2.0/authorize?redirect_uri=${encodeURIComponent('http://127.0.0.1:1/cb')}&state=s1`,
                { redirect: 'manual' }
            );
            expect(authorize.status).toBe(302);
            const location = new URL(authorize.headers.get('location') as string);
            expect(location.searchParams.get('state')).toBe('s1');
            const code = location.searchParams.get('code') as string;
            const redeem = async (body: string): Promise<any> => {
                const response = await fetch(`${t.emulator.url}/common/oauth2/v2.0/token`, {
                    method: 'POST',
                    body,
                    headers: { 'Content-Type': 'application/x-www-form-urlencoded' }
                });
                return { status: response.status, body: await response.json() };
            };
            const first = await redeem(
                `grant_type=authorization_code&code=${code}&scope=https://api.partner.microsoft.com/.default offline_access`
            );
            expect(first.status).toBe(200);
            expect(first.body.refresh_token).toBeTruthy();
            const reused = await redeem(`grant_type=authorization_code&code=${code}`);
            expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
            const refreshed = await redeem(`grant_type=refresh_token&refresh_token=${first.body.refresh_token}`);
            expect((await t.api('GET', BASE, { token: refreshed.body.access_token })).status).toBe(200);
        });
    });

    test('echoes client-request-id and sends a request-id', async () => {
        const response = await t.api('GET', BASE, { headers: { 'client-request-id': 'abc-123' } });
        expect(response.headers.get('client-request-id')).toBe('abc-123');
        expect(response.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
});
