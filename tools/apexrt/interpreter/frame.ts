/**
 * An activation record: lexical scopes of locals (case-insensitive names), the class and receiver, and the current
 * position, which the interpreter updates per statement so stack traces carry Apex lines.
 */
import type { ClassInfo, PropInfo } from '../types/classes';
import type { TypeRef } from '../types/typeref';
import type { ApexObject } from './runtime-values';

export interface Slot {
    type: TypeRef;
    value: unknown;
    isFinal: boolean;
}

export class Frame {
    private scopes: Array<Map<string, Slot>> = [new Map()];
    line = 0;
    col = 0;

    constructor(
        readonly cls: ClassInfo | undefined,
        readonly self: ApexObject | null,
        /** Stack-trace label: 'Class.Foo.bar', 'Class.Foo.<init>', 'AnonymousBlock'. */
        readonly where: string,
        readonly file: string | undefined,
        readonly isStatic: boolean,
        /** Set while running a property accessor: the property name then denotes its backing variable. */
        readonly accessorOf?: PropInfo
    ) {}

    pushScope(): void {
        this.scopes.push(new Map());
    }
    popScope(): void {
        this.scopes.pop();
    }
    lookup(name: string): Slot | undefined {
        const key = name.toLowerCase();
        for (let i = this.scopes.length - 1; i >= 0; i--) {
            const s = this.scopes[i].get(key);
            if (s) return s;
        }
        return undefined;
    }
    declare(name: string, slot: Slot): void {
        this.scopes[this.scopes.length - 1].set(name.toLowerCase(), slot);
    }
    /** Runs `body` with none of the frame's locals visible (a fresh scope), then restores them. */
    withoutLocals<R>(body: () => R): R {
        const saved = this.scopes;
        this.scopes = [new Map()];
        try {
            return body();
        } finally {
            this.scopes = saved;
        }
    }
    stackLine(): string {
        return `${this.where}: line ${this.line}, column ${this.col}`;
    }
}
