/**
 * apexrt's primitive standard library: String, numbers and Math, Date/Datetime/Time, Blob/EncodingUtil/Crypto/
 * Url/Pattern/Id, JSON and System time, as a native registry (natives/registry-adapter.ts), plus value
 * rendering (String.valueOf) and the Decimal operators with BigDecimal scale rules.
 */
import { ApexDate, ApexDatetime, Decimal } from '../core/values';
import type { NativeRegistryShape } from '../natives/registry-adapter';
import { BINARY_TYPES, UrlValue } from './binary';
import { DATE_TYPES, renderDate, renderDatetime } from './dates';
import { JSON_TYPE } from './json';
import { decimalOperator, NUMBER_TYPES, renderDecimal } from './numbers';
import { MatcherValue, PatternValue, REGEX_TYPES } from './regex';
import { statik } from './spec';
import { STRING_TYPE } from './strings';
import { SYSTEM_TYPE } from './system';

export const STDLIB: NativeRegistryShape = {
    types: [
        STRING_TYPE,
        ...NUMBER_TYPES,
        ...DATE_TYPES,
        ...BINARY_TYPES,
        ...REGEX_TYPES,
        JSON_TYPE,
        SYSTEM_TYPE,
        {
            name: '<operator>',
            methods: ['+', '-', '*'].map((op) =>
                statik(op, ['Object', 'Object'], 'Object', (_, [l, r]) => decimalOperator(op, l, r))
            )
        }
    ],
    typeOfValue: (v) =>
        v instanceof UrlValue
            ? 'Url'
            : v instanceof PatternValue
              ? 'Pattern'
              : v instanceof MatcherValue
                ? 'Matcher'
                : undefined,
    formatValue: (v) => {
        if (v instanceof Decimal) return renderDecimal(v);
        if (v instanceof ApexDatetime) return renderDatetime(v);
        if (v instanceof ApexDate) return renderDate(v);
        return undefined;
    }
};
