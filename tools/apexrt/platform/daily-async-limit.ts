/**
 * The org's rolling 24-hour limit of asynchronous Apex executions (Apex Developer Guide, "Execution Governors and
 * Limits": batch Apex, future methods, Queueable Apex and scheduled Apex, 250,000 or 200 per user licence,
 * whichever is greater). When the org has used it up, adding asynchronous work fails with a limit exception
 * ("Elastic Limits for Asynchronous Apex Jobs": "prevents execution failures and limit exceptions if your org
 * reaches or exceeds this limit"); the exception is System.AsyncException with the message below (as widely
 * reported, e.g. salesforce.stackexchange q. 63858).
 *
 * apexrt does not count executions over 24 hours: tests never reach the limit, and a host that keeps an org alive
 * (tools/local-org) says through PlatformState.dailyAsyncLimitReached when its org has reached it (fault
 * injection). Unset, the limit is never reached.
 */
import { ApexThrow } from '../core/values';
import type { RunContext } from '../interpreter/context';
import { platformOf } from './platform-state';

export const ASYNC_LIMIT_MESSAGE = 'Rate Limiting Exception : AsyncApexExecutions Limit exceeded.';

/** Throws the platform's exception when the host says the org's daily asynchronous executions are used up. */
export function chargeDailyAsyncExecution(run: RunContext): void {
    if (platformOf(run).dailyAsyncLimitReached?.()) throw new ApexThrow('System.AsyncException', ASYNC_LIMIT_MESSAGE);
}
