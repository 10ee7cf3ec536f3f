/**
 * `census`: every standard (non-project) type and member the sources reference, with counts, marking what apexrt
 * does not support. It walks the program with the checker's resolver, so names resolve exactly as when running.
 */
import { collectionMethodType } from '../collections/methods';
import type { LoadedProgram } from '../loader/program';
import { checkProgram } from '../types/checker';
import { PRIMITIVE_NAMES, TypeRef } from '../types/typeref';

export interface CensusEntry {
    /** 'Type' or 'Type.member' */
    name: string;
    count: number;
    supported: boolean;
}

const SYSTEM_API_MEMBERS = new Set([
    'system.debug',
    'system.assert',
    'system.assertequals',
    'system.assertnotequals',
    'assert.areequal',
    'assert.arenotequal',
    'assert.istrue',
    'assert.isfalse',
    'assert.isnull',
    'assert.isnotnull',
    'assert.fail',
    'assert.isinstanceoftype',
    'assert.isnotinstanceoftype',
    'test.starttest',
    'test.stoptest',
    'test.isrunningtest',
    'type.forname',
    'string.valueof'
]);

export function census(program: LoadedProgram): CensusEntry[] {
    const counts = new Map<string, CensusEntry>();
    const add = (name: string, supported: boolean): void => {
        const e = counts.get(name) ?? { name, count: 0, supported };
        e.count++;
        counts.set(name, e);
    };
    const isProjectType = (t: TypeRef): boolean => {
        const cls = program.registry.classOf(t);
        return !!cls && !cls.builtin;
    };
    const before = program.registry.problems.length;
    checkProgram(program, {
        onType: (_tn, t) => {
            const visit = (x: TypeRef): void => {
                if (x.name === '?' || x.name === 'void') return;
                if (!isProjectType(x))
                    add(
                        x.name,
                        !!PRIMITIVE_NAMES[x.name.toLowerCase()] ||
                            !!program.registry.builtin(x.name) ||
                            !!program.natives.typeName(x.name)
                    );
                x.args.forEach(visit);
            };
            visit(t);
        },
        onCall: (e, f, ip) => {
            if (!e.target || e.target.k === 'super') return;
            const path = ip.typePath(e.target, f);
            if (path?.k === 'class') return;
            if (path?.k === 'std') {
                const key = `${path.name}.${e.name}`;
                add(
                    key,
                    SYSTEM_API_MEMBERS.has(key.toLowerCase()) ||
                        !!program.natives.returnType?.(path.name, e.name, true, [])
                );
                return;
            }
            const t = ip.types.typeOf(e.target, f);
            if (t.name === '?' || isProjectType(t)) return;
            const key = `${t.name}.${e.name}`;
            const supported = ['List', 'Set', 'Map'].includes(t.name)
                ? collectionMethodType(t, e.name).name !== '?'
                : !!program.natives.returnType?.(t.name, e.name, false, []);
            add(key, supported);
        }
    });
    program.registry.problems.splice(before);
    return [...counts.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

export function formatCensus(entries: CensusEntry[]): string {
    const lines = entries.map(
        (e) => `${String(e.count).padStart(5)}  ${e.name}${e.supported ? '' : '  [not supported by apexrt]'}`
    );
    const unsupported = entries.filter((e) => !e.supported).length;
    lines.push(`census: ${entries.length} standard types/members referenced, ${unsupported} not supported`);
    return lines.join('\n');
}
