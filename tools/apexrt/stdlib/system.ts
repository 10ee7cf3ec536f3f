/** System time functions (Apex Reference, "System Class"): now, today, currentTimeMillis. */
import { ApexDate, ApexDatetime } from '../core/values';
import type { NativeTypeSpec } from '../natives/registry-adapter';
import { statik } from './spec';

export const SYSTEM_TYPE: NativeTypeSpec = {
    name: 'System',
    methods: [
        statik('now', [], 'Datetime', () => new ApexDatetime(Date.now())),
        statik('today', [], 'Date', () => ApexDate.fromEpochDay(Math.floor(Date.now() / 86_400_000))),
        statik('currentTimeMillis', [], 'Long', () => BigInt(Date.now()))
    ]
};
