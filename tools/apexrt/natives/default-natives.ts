/**
 * The native libraries a normal run uses: the primitive standard library (tools/apexrt/stdlib) through the
 * registry adapter. The data layer (data-bridge) and the platform libraries are combined in front of it by
 * loadProject.
 */
import type { NativeLibrary } from '../interpreter/native-library';
import { STDLIB } from '../stdlib';
import { nativeLibraryFromRegistry } from './registry-adapter';

export function defaultNatives(): NativeLibrary {
    return nativeLibraryFromRegistry(STDLIB);
}
