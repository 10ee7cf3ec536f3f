/**
 * SOQL `FOR UPDATE` (Apex Developer Guide, "Locking Statements"; SOQL and SOSL Reference, "FOR UPDATE"):
 * - "You can't use the ORDER BY clause in any SOQL query that uses locking": the platform refuses such a query;
 *   its error is not documented, so apexrt refuses it loudly (data/soql/evaluate.ts).
 * - The rows a query returns are locked until the transaction ends: another client that locks or updates them
 *   waits (at most 10 seconds, then QueryException / DmlException) and then reads the latest copy.
 * - The locks are released when the transaction makes a callout.
 *
 * apexrt runs one transaction at a time (tests, the local org's async runner): a second transaction starts after
 * the first committed, which is a schedule the locks allow (the waiter then reads the first one's writes), so a
 * lock is never contended and the 10-second timeout never arises — except where a host injects contention
 * (OrgDataLayer.rowLockContention, the local org's lockRowForJobs): a FOR UPDATE query of such a record then
 * throws the QueryException of a lock not obtained within the wait. What apexrt cannot show is a callout made while
 * holding locks: the platform releases them there and another transaction may change the rows before this one
 * writes. A callout after a FOR UPDATE query in the same transaction is therefore refused loudly, instead of
 * pretending the rows are still locked.
 */
import { ApexUnsupported } from '../core/values';
import type { RunContext } from '../interpreter/context';
import type { LimitContext } from './limits';

/** Transactions (their limit contexts) that ran a FOR UPDATE query. */
const locking = new WeakSet<LimitContext>();

/** Notes that the running transaction locked rows with FOR UPDATE. */
export function noteRecordLocks(run: RunContext): void {
    locking.add(run.limits);
}

/** Before a callout: refuses one made while the transaction holds FOR UPDATE locks (see the header). */
export function checkLocksBeforeCallout(run: RunContext): void {
    if (locking.has(run.limits))
        throw new ApexUnsupported(
            'a callout after a FOR UPDATE query in the same transaction (the platform releases the locks at the callout — Apex Developer Guide, "Locking Statements" — and apexrt cannot show what another transaction does then)'
        );
}
