/**
 * Runtime values that are not primitives (see core/values.ts for those) and the JS-level signals the interpreter
 * uses for control flow (break/continue/return are exceptions, never sentinel return values).
 */
import { hasUndocumentedMessage } from '../core/undocumented-message';
import type { ClassInfo } from '../types/classes';
import type { TypeRef } from '../types/typeref';

/** State every exception object carries. */
export interface ExceptionState {
    message: string | null;
    cause: ApexObject | null;
    /** Apex stack lines, innermost first: "Class.X.m: line N, column M". */
    stack: string[];
    line: number;
    col: number;
    /** Native payload (DmlException rows ...), answered by the native library's methods on the exception. */
    details?: unknown;
}

/** An instance of a project class or of a built-in exception class. */
export class ApexObject {
    readonly fields = new Map<string, unknown>();
    exception?: ExceptionState;
    /** Set on a Test.createStub object: the System.StubProvider its instance method calls go to. */
    stubProvider?: ApexObject;
    constructor(readonly cls: ClassInfo) {}
}

export class EnumValue {
    constructor(
        readonly cls: ClassInfo,
        readonly name: string,
        readonly ordinal: number
    ) {}
}

/** A System.Type value (`Foo.class`, Type.forName). */
export class TypeValue {
    constructor(readonly type: TypeRef) {}
}

/** An Apex exception travelling through the JS stack. */
export class ApexError extends Error {
    constructor(readonly obj: ApexObject) {
        super(
            `${obj.cls.fullName}: ${hasUndocumentedMessage(obj.exception) ? '(message not documented)' : (obj.exception?.message ?? '')}`
        );
    }
}

export class BreakSignal {}
export class ContinueSignal {}
export class ReturnSignal {
    constructor(readonly value: unknown) {}
}
