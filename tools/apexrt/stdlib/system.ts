/** System time functions (Apex Reference, "System Class"): now, today, currentTimeMillis. */
import { ApexDate, ApexDatetime, ApexUnsupported } from '../core/values';
import type { NativeTypeSpec } from '../natives/registry-adapter';
import type { RunContext } from '../interpreter/context';
import { statik } from './spec';

/** The org's clock: one clock for System.now, CreatedDate and the scheduler (the data layer's, when it has one). */
export const orgNow = (ctx: RunContext): number => ctx.data.clockMs?.() ?? Date.now();

/**
 * Methods that format "using the locale of the context user" (Apex Reference: Decimal.format, Date.format,
 * Date.toStartOfWeek ...): apexrt models the en_US formats only; another running user's locale is loud.
 */
export function requireEnUsLocale(ctx: RunContext, what: string): void {
    const locale = ctx.data.localeSidKey?.() ?? 'en_US';
    if (locale !== 'en_US')
        throw new ApexUnsupported(`${what} for a user in the locale ${locale} (apexrt models en_US)`);
}

export const SYSTEM_TYPE: NativeTypeSpec = {
    name: 'System',
    methods: [
        statik('now', [], 'Datetime', (_, __, ctx) => new ApexDatetime(orgNow(ctx))),
        statik('today', [], 'Date', (_, __, ctx) => ApexDate.fromEpochDay(Math.floor(orgNow(ctx) / 86_400_000))),
        statik('currentTimeMillis', [], 'Long', (_, __, ctx) => BigInt(orgNow(ctx)))
    ]
};
