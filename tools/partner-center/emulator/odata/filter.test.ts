import { FilterSyntaxError } from './filter-ast';
import { matchesFilter } from './filter-eval';
import { parseFilter } from './filter-parser';

const referral = {
    id: 'a1',
    engagementId: '1352e0ab-1d2c-4e5f-8a9b-0c1d2e3f4a5b',
    name: "O'Brien & Sons",
    status: 'New',
    substatus: 'Pending',
    favorite: true,
    updatedDateTime: '2025-03-09T09:18:01.6076542Z',
    details: { dealValue: 120000 },
    customerProfile: { address: { country: 'US' }, team: [] },
    team: [
        { email: 'kyle.todd@fabrikam.com', firstName: 'Kyle' },
        { email: 'ana@fabrikam.com', firstName: 'Ana' }
    ],
    trackingInfo: { microsoftMsxId: null }
};

const matches = (filter: string): boolean => matchesFilter(parseFilter(filter), referral);

describe('$filter parser + evaluator', () => {
    test.each([
        ["status eq 'New'", true],
        ["status eq 'Active'", false],
        ["status ne 'Active'", true],
        ["status eq 'new'", true], // tolerant: case-insensitive string equality
        ["Status EQ 'New'", true], // operator keywords and property names in any case
        ["status eq 'New' and substatus eq 'Pending'", true],
        ["status eq 'New' and substatus eq 'Received'", false],
        ["status eq 'Active' or substatus eq 'Pending'", true],
        ["not (status eq 'Active')", true],
        ["not status eq 'New'", false],
        ["status eq 'Active' or status eq 'New' and substatus eq 'Received'", false], // and binds tighter than or
        ["(status eq 'Active' or status eq 'New') and substatus eq 'Pending'", true],
        ["customerProfile/address/country eq 'US'", true],
        ["customerProfile/address/country eq 'CZ'", false],
        ['customerProfile/address/missing eq null', true],
        ['trackingInfo/microsoftMsxId eq null', true],
        ['trackingInfo/microsoftMsxId ne null', false],
        ["team/any(t:t/email eq 'ana@fabrikam.com')", true],
        ["team/any(t:t/email eq 'ANA@FABRIKAM.COM')", true],
        ["team/any(t:t/email eq 'nobody@fabrikam.com')", false],
        ["team/any(t: t/firstName eq 'Kyle' and t/email eq 'kyle.todd@fabrikam.com')", true],
        ["team/any(t: t/firstName eq 'Kyle' and t/email eq 'ana@fabrikam.com')", false],
        ['team/any()', true],
        ['customerProfile/team/any()', false],
        ["team/all(t: endswith(t/email, '@fabrikam.com'))", true],
        ["team/all(t: t/firstName eq 'Kyle')", false],
        ["customerProfile/team/all(t: t/firstName eq 'Kyle')", true], // vacuous truth on an empty collection
        ['details/dealValue gt 100000', true],
        ['details/dealValue ge 120000', true],
        ['details/dealValue lt 120000', false],
        ['details/dealValue le 120000.0', true],
        ["details/dealValue eq '120000'", true], // numeric string compared as a number
        ['updatedDateTime ge 2025-03-09T00:00:00Z', true], // unquoted DateTimeOffset literal
        ['updatedDateTime gt 2025-03-09T09:18:01.6076542Z', false],
        ['updatedDateTime lt 2025-03-09T09:18:01.6076543Z', true], // 100 ns resolution
        ["updatedDateTime ge '2025-03-09T09:18:01Z'", true], // quoted form
        ['updatedDateTime ge 2025-03-09T10:18:01+01:00', true], // offsets
        ['updatedDateTime lt 2025-03-09T10:18:01+01:00', false],
        ['engagementId eq 1352e0ab-1d2c-4e5f-8a9b-0c1d2e3f4a5b', true], // unquoted GUID as in real links
        ["engagementId eq '1352E0AB-1D2C-4E5F-8A9B-0C1D2E3F4A5B'", true],
        ["name eq 'O''Brien & Sons'", true], // doubled quote escape
        ["contains(name, 'brien')", true],
        ["startswith(name, 'x')", false],
        ["tolower(status) eq 'new'", true],
        ['favorite eq true', true],
        ['favorite', true],
        ['favorite eq false', false],
        ['isSpam eq false', false], // missing property is null, not false
        ['status gt null', false]
    ])('%s → %s', (filter, expected) => {
        expect(matches(filter)).toBe(expected);
    });

    test.each([
        ["status eq 'New' and", 'Unexpected end'],
        ["(status eq 'New'", "Expected ')'"],
        ["status eq 'New", 'Unterminated string'],
        ["status eq 'New')", "Unexpected ')'"],
        ["team/any(t t/email eq 'a')", "Expected ':'"],
        ["status # 'New'", "Unexpected character '#'"],
        ['contains(name)', 'takes 2 argument'],
        ['', 'Empty $filter'],
        ["eq 'New'", "Unexpected keyword 'eq'"]
    ])('rejects %j', (filter, message) => {
        expect(() => parseFilter(filter)).toThrow(FilterSyntaxError);
        expect(() => parseFilter(filter)).toThrow(message);
    });

    test('reports the position of a syntax error', () => {
        try {
            parseFilter("status eq 'New' or or");
            throw new Error('expected a syntax error');
        } catch (error) {
            expect((error as FilterSyntaxError).position).toBe(19);
        }
    });
});
