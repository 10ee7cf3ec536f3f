/**
 * The native libraries a normal run uses. The primitive standard library (tools/apexrt/stdlib) is plugged in here
 * through its adapter; until it is, every String/Integer/Math/Date... method fails loudly as unsupported.
 */
import { EMPTY_NATIVE_LIBRARY, NativeLibrary } from '../interpreter/native-library';

export function defaultNatives(): NativeLibrary {
    return EMPTY_NATIVE_LIBRARY;
}
