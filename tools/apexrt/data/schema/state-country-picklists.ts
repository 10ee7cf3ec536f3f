/**
 * The org shape with State and Country/Territory Picklists enabled (Salesforce Help, "State and Country/Territory
 * Picklists"; Object Reference, "Account": BillingCountryCode "The ISO country code for the account's billing
 * address", BillingStateCode "The ISO state code for the account's billing address", and the Shipping ones), off by
 * default like a new org. apexrt models:
 * - the code fields on Account, picklists whose values are the ISO 3166-1 country codes and the state codes of the
 *   United States and Canada (which countries and states an org has enabled is its own configuration: a code
 *   apexrt does not list is refused loudly, not with a platform error);
 * - a state code must belong to the country code of the same address (Salesforce Help, "State and Country/Territory
 *   Picklist Field-Syncing Logic": a record whose new state "isn't in the new country" is not saved, with an error);
 *   apexrt decides it for the United States and Canada, whose states it lists (save-validation.ts), and refuses
 *   loudly for other countries (their states are the org's configuration) and for a state without a country;
 * - the text fields (BillingCountry, BillingState, ...) exist too, but the platform matches a value written there
 *   against the picklists' integration values and fills them from the codes, which apexrt does not model: writing
 *   them in this shape is refused loudly (save-validation.ts), and they stay empty when only a code is written.
 */
import { makeField, picklist } from './model';
import type { ObjectSchema } from './model';

/** ISO 3166-1 alpha-2 codes. */
const COUNTRY_CODES =
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'.split(
        ' '
    );
/** The states apexrt lists, by country: United States (50 states, DC) and Canada (provinces and territories). */
const STATES_BY_COUNTRY: Readonly<Record<string, readonly string[]>> = {
    US: (
        'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH ' +
        'OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY'
    ).split(' '),
    CA: 'AB BC MB NB NL NS NT NU ON PE QC SK YT'.split(' ')
};
const STATE_CODES = Object.values(STATES_BY_COUNTRY).flat();

/** The state codes of a country whose states apexrt lists (US, CA), undefined for any other country. */
export function statesOf(countryCode: string): readonly string[] | undefined {
    return STATES_BY_COUNTRY[countryCode];
}

export type AddressPart = 'countryCode' | 'stateCode' | 'countryText' | 'stateText';

/** Adds the code fields to Account and marks the address fields of the shape. */
export function addStateCountryPicklists(account: ObjectSchema): void {
    for (const prefix of ['Billing', 'Shipping']) {
        for (const [suffix, codes, part] of [
            ['CountryCode', COUNTRY_CODES, 'countryCode'],
            ['StateCode', STATE_CODES, 'stateCode']
        ] as const) {
            const field = makeField(`${prefix}${suffix}`, 'picklist', {
                length: 10,
                picklistValues: picklist([...new Set(codes)]),
                addressPart: part
            });
            account.fields.set(field.name.toLowerCase(), field);
        }
        for (const [suffix, part] of [
            ['Country', 'countryText'],
            ['State', 'stateText']
        ] as const) {
            const text = account.fields.get(`${prefix}${suffix}`.toLowerCase());
            if (text) text.addressPart = part;
        }
    }
}
