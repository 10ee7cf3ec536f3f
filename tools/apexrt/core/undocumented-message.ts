/**
 * A platform exception whose type is documented but whose message is not (e.g. FormulaValidationException from
 * FormulaBuilder.build()). Thrown as `new ApexThrow(type, '', new UndocumentedMessage(why))`: Apex code can catch
 * it by type as on the platform, and every read of its message (getMessage, toString, String.valueOf, an
 * uncaught exception's report) is `not supported by apexrt` instead of a made-up text. setMessage replaces it
 * with a known message.
 */
import { ApexUnsupported } from './values';

export class UndocumentedMessage {
    constructor(readonly why: string) {}
}

/** Makes `state.message` loud to read while `details` is an UndocumentedMessage; writing it makes it known. */
export function guardUndocumentedMessage(state: { message: string | null; details?: unknown }, typeName: string): void {
    const marker = state.details;
    if (!(marker instanceof UndocumentedMessage)) return;
    Object.defineProperty(state, 'message', {
        configurable: true,
        enumerable: true,
        get: () => {
            throw new ApexUnsupported(`the message of ${typeName} (not documented): ${marker.why}`);
        },
        set: (v: string | null) => {
            Object.defineProperty(state, 'message', { configurable: true, enumerable: true, writable: true, value: v });
            state.details = undefined;
        }
    });
}

/** Whether an exception state's message is one the platform does not document. */
export function hasUndocumentedMessage(state: { details?: unknown } | undefined): boolean {
    return state?.details instanceof UndocumentedMessage;
}
