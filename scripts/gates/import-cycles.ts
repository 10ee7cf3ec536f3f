/**
 * The import-cycle gate of the tools and scripts (it replaced eslint-plugin-import's `import/no-cycle`, which
 * re-parsed every module with the ESLint parser and cost most of the lint step's CPU). TypeScript's own parser
 * reads each file once (syntax only) and TypeScript's module resolution, with the compiler options of the tsconfig
 * that owns the file, turns each import into a file; a strongly connected component of two or more files is a cycle.
 *
 * The edges are the ones the ESLint rule followed: `import … from`, `export … from`, side-effect `import '…'` and
 * `import('…')` with a literal; `import type …`, an import whose named bindings are all `type`, and
 * `export type * from` carry no code and make no edge. Imports that resolve into node_modules are not followed.
 * `require()` is not an edge (the rule's `commonjs` option was off). A file imports itself: not a cycle (the rule
 * left that to no-self-import).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import type { Finding } from './finding';
import { listFiles } from './project-files';

const GATE = 'import-cycle';

/** One import of a file: the module it names, its line, and whether it only carries types. */
export interface ImportRef {
    specifier: string;
    line: number;
    typeOnly: boolean;
}

/** The imports of one TypeScript file, read by TypeScript's parser (no type checking). */
export function importsOf(file: string, text: string): ImportRef[] {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    const refs: ImportRef[] = [];
    const add = (node: ts.Node, specifier: ts.Expression | undefined, typeOnly: boolean): void => {
        if (!specifier || !ts.isStringLiteralLike(specifier)) return;
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        refs.push({ specifier: specifier.text, line, typeOnly });
    };
    for (const statement of source.statements) {
        if (ts.isImportDeclaration(statement)) {
            const clause = statement.importClause;
            const bindings = clause?.namedBindings;
            const allNamedAreTypes =
                clause !== undefined &&
                clause.name === undefined &&
                bindings !== undefined &&
                ts.isNamedImports(bindings) &&
                bindings.elements.length > 0 &&
                bindings.elements.every((e) => e.isTypeOnly);
            add(statement, statement.moduleSpecifier, (clause?.isTypeOnly ?? false) || allNamedAreTypes);
        } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) {
            // `export type * from` is erased; `export type { A } from` counted as an edge for the ESLint rule (its
            // export map read the declaration as a value re-export), so it stays one here: the gate is not weaker.
            add(statement, statement.moduleSpecifier, statement.isTypeOnly && statement.exportClause === undefined);
        }
    }
    const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
            add(node, node.arguments[0], false);
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return refs;
}

/** A tsconfig's compiler options (with `extends` applied), as module resolution needs them. */
function compilerOptions(tsconfig: string): ts.CompilerOptions {
    const read = ts.readConfigFile(tsconfig, (f) => ts.sys.readFile(f));
    if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
    return ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfig), undefined, tsconfig).options;
}

export interface CycleScope {
    /** The project folder (files are reported relative to it). */
    root: string;
    /** Folders (relative to root) whose .ts files are checked. */
    folders: string[];
    /** Paths (relative to root, `/`-separated) whose files are not checked; a folder ends with `/`. */
    ignore: (relative: string) => boolean;
    /** The tsconfig (relative to root) whose module resolution applies to a file: the first prefix that matches. */
    tsconfigs: { prefix: string; tsconfig: string }[];
}

/** The scope the ESLint rule had: tools/ and scripts/, without fixtures and the generated ts-force classes. */
export function projectScope(root: string): CycleScope {
    return {
        root,
        folders: ['tools', 'scripts'],
        ignore: (relative) => /(^|\/)fixtures\//.test(relative) || relative.startsWith('scripts/e2e/generated/'),
        tsconfigs: [
            { prefix: 'scripts/e2e/', tsconfig: 'scripts/e2e/tsconfig.json' },
            { prefix: 'tools/workbench/src/', tsconfig: 'tools/workbench/tsconfig.json' },
            { prefix: '', tsconfig: 'tsconfig.tools.json' }
        ]
    };
}

interface Edge {
    to: string;
    line: number;
}

/**
 * The cycles among the files of the scope, one finding per strongly connected component that holds a checked file.
 * Files outside the scope that the checked files import are followed too (a cycle through one still counts).
 */
export function findImportCycles(scope: CycleScope): Finding[] {
    const toPosix = (f: string): string => path.relative(scope.root, f).split(path.sep).join('/');
    const checked = scope.folders
        .flatMap((folder) => listFiles(path.join(scope.root, folder)))
        .filter((f) => f.endsWith('.ts') && !scope.ignore(toPosix(f)));
    const options = new Map<string, { options: ts.CompilerOptions; cache: ts.ModuleResolutionCache }>();
    const resolverFor = (file: string): { options: ts.CompilerOptions; cache: ts.ModuleResolutionCache } => {
        const relative = toPosix(file);
        const { tsconfig } = scope.tsconfigs.find((t) => relative.startsWith(t.prefix)) ?? { tsconfig: '' };
        if (!tsconfig) throw new Error(`no tsconfig for ${relative} in the import-cycle scope`);
        let entry = options.get(tsconfig);
        if (!entry) {
            const o = compilerOptions(path.join(scope.root, tsconfig));
            entry = { options: o, cache: ts.createModuleResolutionCache(scope.root, (f) => f, o) };
            options.set(tsconfig, entry);
        }
        return entry;
    };

    const edges = new Map<string, Edge[]>();
    const pending = [...checked];
    while (pending.length > 0) {
        const file = pending.pop() as string;
        if (edges.has(file)) continue;
        const out: Edge[] = [];
        edges.set(file, out);
        const { options: o, cache } = resolverFor(file);
        for (const ref of importsOf(file, fs.readFileSync(file, 'utf8'))) {
            if (ref.typeOnly) continue;
            const resolved = ts.resolveModuleName(ref.specifier, file, o, ts.sys, cache).resolvedModule;
            if (!resolved || resolved.isExternalLibraryImport) continue;
            const target = path.resolve(resolved.resolvedFileName);
            if (target === file || !/\.(ts|tsx|js|mjs|cjs)$/.test(target) || target.endsWith('.d.ts')) continue;
            out.push({ to: target, line: ref.line });
            if (!edges.has(target)) pending.push(target);
        }
    }

    const inScope = new Set(checked);
    return stronglyConnected(edges)
        .filter((component) => component.length > 1 && component.some((f) => inScope.has(f)))
        .map((component) => {
            const start = component.filter((f) => inScope.has(f)).sort()[0];
            const cycle = shortestCycle(start, new Set(component), edges);
            const route = cycle.map((step) => `${toPosix(step.from)}:${step.line}`).join(' → ');
            const files = [...component].sort().map(toPosix);
            return {
                gate: GATE,
                file: toPosix(start),
                line: cycle[0].line,
                message: `import cycle: ${route} → ${toPosix(start)} (files in the cycle: ${files.join(', ')})`
            };
        })
        .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** Tarjan's strongly connected components (iterative: the import graph can be deep). */
function stronglyConnected(edges: Map<string, Edge[]>): string[][] {
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const onStack = new Set<string>();
    const stack: string[] = [];
    const components: string[][] = [];
    let next = 0;
    for (const root of edges.keys()) {
        if (index.has(root)) continue;
        const work: { node: string; child: number }[] = [{ node: root, child: 0 }];
        index.set(root, next);
        low.set(root, next++);
        stack.push(root);
        onStack.add(root);
        while (work.length > 0) {
            const frame = work[work.length - 1];
            const out = edges.get(frame.node) ?? [];
            if (frame.child < out.length) {
                const to = out[frame.child++].to;
                if (!index.has(to)) {
                    index.set(to, next);
                    low.set(to, next++);
                    stack.push(to);
                    onStack.add(to);
                    work.push({ node: to, child: 0 });
                } else if (onStack.has(to)) {
                    low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(to) as number));
                }
                continue;
            }
            work.pop();
            if (work.length > 0) {
                const parent = work[work.length - 1].node;
                low.set(parent, Math.min(low.get(parent) as number, low.get(frame.node) as number));
            }
            if (low.get(frame.node) === index.get(frame.node)) {
                const component: string[] = [];
                let member: string;
                do {
                    member = stack.pop() as string;
                    onStack.delete(member);
                    component.push(member);
                } while (member !== frame.node);
                components.push(component);
            }
        }
    }
    return components;
}

/** The shortest way from start back to itself inside its component (breadth first), as the imports taken. */
function shortestCycle(
    start: string,
    component: Set<string>,
    edges: Map<string, Edge[]>
): { from: string; line: number }[] {
    const cameFrom = new Map<string, { from: string; line: number }>();
    const queue = [start];
    for (let i = 0; i < queue.length; i++) {
        for (const edge of edges.get(queue[i]) ?? []) {
            if (!component.has(edge.to) || cameFrom.has(edge.to)) continue;
            cameFrom.set(edge.to, { from: queue[i], line: edge.line });
            if (edge.to === start) {
                const steps: { from: string; line: number }[] = [];
                for (let at = start; ;) {
                    const step = cameFrom.get(at) as { from: string; line: number };
                    steps.unshift(step);
                    at = step.from;
                    if (at === start) return steps;
                }
            }
            queue.push(edge.to);
        }
    }
    throw new Error(`no cycle through ${start} in its component`); // a component of 2+ files always has one
}
