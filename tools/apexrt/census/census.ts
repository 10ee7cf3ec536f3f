/**
 * `census`: what the sources use that apexrt lacks, with counts. It walks the program with the checker's resolver,
 * so names resolve exactly as when running.
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

/**
 * Standard interfaces and base types apexrt gives their behaviour to without a native library naming them: a class
 * implementing one runs as the platform runs it (Queueable and Finalizer jobs, Schedulable, Comparable/Comparator in
 * sort, Iterable/Iterator in for loops, StubProvider, HttpCalloutMock, Cache.CacheBuilder, Metadata deployments).
 */
const HONOURED_STANDARD_TYPES = new Set(
    [
        'Queueable',
        'Schedulable',
        'Finalizer',
        'FinalizerContext',
        'Database.AllowsCallouts',
        'Comparable',
        'Comparator',
        'StubProvider',
        'HttpCalloutMock',
        'Cache.CacheBuilder',
        'Metadata.DeployCallback',
        'Metadata.Metadata'
    ].map((n) => n.toLowerCase())
);

/** A standard type name without its implicit `System.` namespace, lower-cased. */
const plainName = (name: string): string => name.toLowerCase().replace(/^system\./, '');

/**
 * What the sources use that apexrt lacks, with counts: the types and qualified names the checker cannot resolve
 * (unknown to apexrt, so "not supported"), and members of standard types whose native library lists its methods
 * and does not list this one. SObject types, Schema, Database, Test and other natives that apexrt implements in
 * code are never listed: apexrt cannot tell their missing members statically, and running them says so loudly.
 */
export function census(program: LoadedProgram): CensusEntry[] {
    const counts = new Map<string, CensusEntry>();
    // Apex names are case-insensitive: `Id.getSobjectType` and `Id.getSObjectType` are one construct.
    const add = (name: string): void => {
        const key = name.toLowerCase();
        const e = counts.get(key) ?? { name, count: 0, supported: false };
        e.count++;
        counts.set(key, e);
    };
    const isProjectType = (t: TypeRef): boolean => {
        const cls = program.registry.classOf(t);
        return !!cls && !cls.builtin;
    };
    const lacks = (typeName: string, method: string, isStatic: boolean): boolean =>
        !SYSTEM_API_MEMBERS.has(`${typeName}.${method}`.toLowerCase()) &&
        program.natives.knowsMember?.(typeName, method, isStatic) === false;
    // A type apexrt knows only by its standard name (a namespace it recognises) has no implementation.
    const implemented = (t: TypeRef): boolean =>
        !!PRIMITIVE_NAMES[t.name.toLowerCase()] ||
        HONOURED_STANDARD_TYPES.has(plainName(t.name)) ||
        ['List', 'Set', 'Map', 'Iterable', 'Iterator', 'Object', 'SObject', 'Type', 'Exception'].includes(t.name) ||
        !!program.registry.builtin(t.name) ||
        !!program.natives.typeName(t.name) ||
        !!program.registry.providers.sobjectType?.(t.name);
    checkProgram(program, {
        onType: (_tn, t) => {
            const visit = (x: TypeRef): void => {
                if (x.name === '?' || x.name === 'void' || isProjectType(x)) return;
                if (!implemented(x)) add(`type ${x.name}`);
                x.args.forEach(visit);
            };
            visit(t);
        },
        onCall: (e, f, ip) => {
            if (!e.target || e.target.k === 'super') return;
            const path = ip.typePath(e.target, f);
            if (path?.k === 'class') return;
            if (path?.k === 'std') {
                if (lacks(path.name, e.name, true)) add(`${path.name}.${e.name}`);
                return;
            }
            const t = ip.types.typeOf(e.target, f);
            if (t.name === '?' || isProjectType(t)) return;
            if (['List', 'Set', 'Map'].includes(t.name)) {
                if (collectionMethodType(t, e.name).name === '?') add(`${t.name}.${e.name}`);
            } else if (lacks(t.name, e.name, false)) add(`${t.name}.${e.name}`);
        }
    });
    // What the checker found unknown: a type or name apexrt lacks.
    // (with the problems of linking, which a program loaded without checks keeps in the registry).
    for (const p of program.registry.problems.splice(0)) if (p.unsupported) add(p.message);
    return [...counts.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

export function formatCensus(entries: CensusEntry[]): string {
    const lines = entries.map((e) => `${String(e.count).padStart(5)}  ${e.name}`);
    const uses = entries.reduce((n, e) => n + e.count, 0);
    lines.push(`census: ${entries.length} constructs apexrt lacks (${uses} uses)`);
    return lines.join('\n');
}
