/**
 * Connect in Apex (the ConnectApi namespace) in data-siloed tests. apexrt models no ConnectApi method; what it does
 * model is the documented refusal of these methods in an Apex test that cannot see the org's data:
 *
 * - Apex Developer Guide, "Testing ConnectApi Code": most Connect in Apex methods need real org data and "fail
 *   unless used in test methods marked @IsTest(SeeAllData=true)"; some (getFeedElementsFromFeed is the named example)
 *   instead need results registered with their `setTest…` method, and fail in another way when none is registered.
 * - The failure itself, as the platform reports it (quoted in forcedotcom/b2b-commerce-on-lightning-quickstart#12):
 *   `System.UnsupportedOperationException: ConnectApi methods are not supported in data siloed tests. Please use
 *   @IsTest(SeeAllData=true).` The exception type and message are taken from that quoted platform message.
 *
 * So in a running test without SeeAllData=true, a ConnectApi static method throws that exception. Everything else
 * stays `not supported by apexrt`: calls outside tests or with SeeAllData=true (they need the real org's Chatter,
 * Commerce... data), the `setTest…` registration methods and the methods documented to need one (their failure
 * without a registration is not documented).
 */
import { ApexThrow, ApexUnsupported } from '../core/values';
import type { NativeLibrary } from '../interpreter/native-library';

const SILOED_MESSAGE =
    'ConnectApi methods are not supported in data siloed tests. Please use @IsTest(SeeAllData=true).';

/** Methods the Apex Developer Guide ("Testing ConnectApi Code") names as needing a registered `setTest…` result. */
const NEEDS_SET_TEST = new Set(['connectapi.chatterfeeds.getfeedelementsfromfeed']);

export function connectApiNatives(): NativeLibrary {
    return {
        typeName: () => undefined,
        callStatic: (run, typeName, method) => {
            const qualified = `${typeName}.${method}`.toLowerCase();
            if (!/^connectapi\.\w+\.\w+$/.test(qualified)) return undefined;
            if (method.toLowerCase().startsWith('settest'))
                throw new ApexUnsupported(
                    `${typeName}.${method} (registering ConnectApi test results is not modelled)`
                );
            if (run.isTest && !run.seeAllData && !NEEDS_SET_TEST.has(qualified))
                throw new ApexThrow('System.UnsupportedOperationException', SILOED_MESSAGE);
            return undefined;
        },
        callInstance: () => undefined
    };
}
