import type * as A from '../ast/nodes';
/**
 * True when a member chain contains `?.`: [DOC Safe Navigation Operator] when the left side of a chain is null the
 * rest of the chain is not evaluated, so `a?.b.c` is null when a is null.
 */
export function chainIsSafe(e: A.Expr): boolean {
    for (let cur: A.Expr | undefined = e; cur; cur = cur.k === 'field' || cur.k === 'call' ? cur.target : undefined) {
        if ((cur.k === 'field' || cur.k === 'call') && cur.safe) return true;
    }
    return false;
}
