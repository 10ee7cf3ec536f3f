/**
 * Static types of expressions, computed on demand and cached on the node (`st`). The interpreter needs them where
 * runtime values are ambiguous (Integer vs Double are both JS numbers) and for overload resolution. Expressions the
 * layer cannot type get '?' (T.Unknown), which never causes an error by itself.
 */
import type * as A from '../ast/nodes';
import { collectionMethodType } from '../collections/methods';
import { ApexUnsupported } from '../core/values';
import { findField, findMethods, findProp } from '../types/classes';
import { isNumeric, NUMERIC_RANK, T, TypeRef } from '../types/typeref';
import type { Frame } from './frame';
import { selectOverload } from './overloads';
import { systemStaticReturnType } from './system-types';
import type { TypingScope } from './typing-scope';

export class StaticTypes {
    private readonly resolved = new WeakMap<A.TypeName, Map<unknown, TypeRef>>();

    constructor(private readonly ip: TypingScope) {}

    /** Resolves a written type in the context of the frame's class; unknown types fail loudly. */
    resolve(tn: A.TypeName, f: Frame, at: A.Pos): TypeRef {
        let perClass = this.resolved.get(tn);
        if (!perClass) this.resolved.set(tn, (perClass = new Map()));
        const hit = perClass.get(f.cls);
        if (hit) return hit;
        const reg = this.ip.registry;
        const before = reg.problems.length;
        const t = reg.resolveType(tn, f.cls, { file: f.file ?? '<anonymous>', line: at.line, col: at.col });
        if (reg.problems.length > before) {
            const p = reg.problems.splice(before);
            throw new ApexUnsupported(p[0].message, `${p[0].file}:${p[0].line}`);
        }
        perClass.set(f.cls, t);
        return t;
    }

    typeOf(e: A.Expr, f: Frame): TypeRef {
        if (e.st) return e.st as TypeRef;
        const t = this.compute(e, f);
        // Names and members can only be cached once resolved (a '?' may become known in another frame).
        if (t.name !== '?') e.st = t;
        return t;
    }

    private compute(e: A.Expr, f: Frame): TypeRef {
        switch (e.k) {
            case 'lit':
                return e.litType === 'Null' ? T.Null : { name: e.litType, args: [] };
            case 'name': {
                const ref = this.ip.lookupVariable(e.name, f);
                return ref ? ref.type : T.Unknown;
            }
            case 'this':
                return f.cls ? { name: f.cls.fullName, args: [] } : T.Unknown;
            case 'field': {
                const path = this.ip.typePath(e.target, f);
                if (path?.k === 'class') {
                    if (
                        path.cls.kind === 'enum' &&
                        path.cls.enumValues.some((v) => v.toLowerCase() === e.name.toLowerCase())
                    )
                        return { name: path.cls.fullName, args: [] };
                    const fi = findField(path.cls, e.name) ?? findProp(path.cls, e.name);
                    return fi?.type ?? T.Unknown;
                }
                // A standard type's static property (`Trigger.operationType`): its type, where the library knows it.
                if (path)
                    return this.ip.program.natives.returnType?.(path.name, `<get>${e.name}`, true, []) ?? T.Unknown;
                const cls = this.ip.registry.classOf(this.typeOf(e.target, f));
                if (!cls) return T.Unknown;
                return (findField(cls, e.name) ?? findProp(cls, e.name))?.type ?? T.Unknown;
            }
            case 'call':
                return this.callType(e, f);
            case 'new':
            case 'newArray':
            case 'newColl':
            case 'cast':
                return this.resolve(e.type, f, e);
            case 'instanceof':
                return T.Boolean;
            case 'classLit':
                return { name: 'Type', args: [] };
            case 'index': {
                const t = this.typeOf(e.target, f);
                return t.name === 'List' ? (t.args[0] ?? T.Unknown) : T.Unknown;
            }
            case 'unary':
                return e.op === '!' ? T.Boolean : this.typeOf(e.expr, f);
            case 'incdec':
                return this.typeOf(e.target, f);
            case 'assign':
                return this.typeOf(e.target, f);
            case 'cond': {
                const a = this.typeOf(e.then, f);
                return a.name === 'null' ? this.typeOf(e.else, f) : a;
            }
            case 'binary':
                return this.binaryType(e, f);
            default:
                return T.Unknown;
        }
    }

    private binaryType(e: A.BinaryExpr, f: Frame): TypeRef {
        if (['==', '!=', '===', '!==', '<', '>', '<=', '>=', '&&', '||'].includes(e.op)) return T.Boolean;
        const l = this.typeOf(e.left, f);
        const r = this.typeOf(e.right, f);
        if (e.op === '??') return l.name === 'null' ? r : l;
        if (e.op === '+' && (l.name === 'String' || r.name === 'String')) return T.String;
        if (isNumeric(l) && isNumeric(r)) return NUMERIC_RANK[l.name] >= NUMERIC_RANK[r.name] ? l : r;
        return T.Unknown;
    }

    private callType(e: A.CallExpr, f: Frame): TypeRef {
        const argTypes = e.args.map((a) => this.typeOf(a, f));
        if (!e.target) {
            for (let c = f.cls; c; c = c.outer) {
                const m = selectOverload(this.ip, findMethods(c, e.name), argTypes);
                if (m) return m.returnType;
            }
            return T.Unknown;
        }
        if (e.target.k === 'super') {
            const sup = f.cls?.superclass;
            return (sup && selectOverload(this.ip, findMethods(sup, e.name), argTypes)?.returnType) || T.Unknown;
        }
        const path = this.ip.typePath(e.target, f);
        if (path?.k === 'class')
            return selectOverload(this.ip, findMethods(path.cls, e.name), argTypes)?.returnType ?? T.Unknown;
        if (path?.k === 'std') {
            return (
                systemStaticReturnType(path.name, e.name) ??
                this.ip.program.natives.returnType?.(path.name, e.name, true, argTypes) ??
                T.Unknown
            );
        }
        const target = this.typeOf(e.target, f);
        if (target.name === 'List' || target.name === 'Set' || target.name === 'Map')
            return collectionMethodType(target, e.name);
        const cls = this.ip.registry.classOf(target);
        if (cls) {
            const m = selectOverload(this.ip, findMethods(cls, e.name), argTypes);
            if (m) return m.returnType;
            // A built-in class's methods a native library implements (DmlException.getDmlType).
            const native = cls.builtin
                ? this.ip.program.natives.returnType?.(cls.fullName, e.name, false, argTypes)
                : undefined;
            if (native) return native;
            const n = e.name.toLowerCase();
            if (cls.isException && ['getmessage', 'gettypename', 'getstacktracestring'].includes(n)) return T.String;
            if (n === 'getlinenumber' || n === 'hashcode' || n === 'ordinal') return T.Integer;
            if (n === 'tostring' || n === 'name') return T.String;
            return T.Unknown;
        }
        if (target.name === '?' || target.name === 'Object') return T.Unknown;
        return this.ip.program.natives.returnType?.(target.name, e.name, false, argTypes) ?? T.Unknown;
    }
}
