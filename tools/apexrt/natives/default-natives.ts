/**
 * The native libraries a normal run uses: Apex REST values, the platform (callouts, events, Queueables, Limits),
 * custom metadata deployments (Metadata namespace)
 * and the primitive standard library (tools/apexrt/stdlib, through the registry adapter). The data layer's
 * libraries (SObjects, Schema, Database) are combined in front of these by dataRuntime / loadProject.
 */
import { connectApiNatives } from '../platform/connect-api';
import { collectionIteratorNatives } from '../collections/iterators';
import { combineLibraries, NativeLibrary } from '../interpreter/native-library';
import { batchApexNatives } from '../platform/batch-apex';
import { changeEventHeaderNatives } from '../platform/change-event-header';
import { formulaNatives } from '../platform/formula-natives';
import { invocableNatives } from '../platform/invocable-actions';
import { customNotificationNatives } from '../platform/custom-notifications';
import { emailNatives } from '../platform/email-messages';
import { inboundEmailNatives } from '../platform/inbound-email';
import { standardSetControllerNatives } from '../platform/standard-set-controller';
import { metadataNatives } from '../platform/metadata-deploy';
import { platformCacheNatives } from '../platform/platform-cache';
import { platformNatives } from '../platform/platform-natives';
import { requestNatives } from '../platform/request-natives';
import { restNatives } from '../platform/rest-context';
import { uuidNatives } from '../platform/uuid-natives';
import { STDLIB } from '../stdlib';
import { nativeLibraryFromRegistry } from './registry-adapter';

export function defaultNatives(): NativeLibrary {
    return combineLibraries([
        restNatives(),
        platformNatives(),
        platformCacheNatives(),
        metadataNatives(),
        formulaNatives(),
        changeEventHeaderNatives(),
        invocableNatives(),
        customNotificationNatives(),
        emailNatives(),
        inboundEmailNatives(),
        standardSetControllerNatives(),
        requestNatives(),
        collectionIteratorNatives(),
        uuidNatives(),
        batchApexNatives(),
        connectApiNatives(),
        nativeLibraryFromRegistry(STDLIB)
    ]);
}
