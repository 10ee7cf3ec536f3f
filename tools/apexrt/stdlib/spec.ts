/** Small helpers to declare native methods in the registry shape (natives/registry-adapter.ts). */
import type { NativeMethodSpec } from '../natives/registry-adapter';
import type { RunContext } from '../interpreter/context';

type Impl = (self: unknown, args: unknown[], ctx: RunContext) => unknown;

export function instance(name: string, params: string[], returns: string, impl: Impl): NativeMethodSpec {
    return { name, params, returns, isStatic: false, impl: (ctx, self, args) => impl(self, args, ctx) };
}

export function statik(name: string, params: string[], returns: string, impl: Impl): NativeMethodSpec {
    return { name, params, returns, isStatic: true, impl: (ctx, self, args) => impl(self, args, ctx) };
}
