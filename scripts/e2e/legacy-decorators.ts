/**
 * Imported first by run.ts: ts-force's generated classes need legacy decorators (scripts/e2e/tsconfig.json).
 * Compiled with standard ones — tsx under the repository's root tsconfig — they would fail to load with a bare
 * TypeError from reflect-metadata, so this says what to do instead.
 */
function legacyDecorators(): boolean {
    let legacy = false;
    const probe = (...args: unknown[]): void => {
        legacy = typeof args[1] === 'string';
    };
    class Probe {
        @probe
        field?: string;
    }
    return legacy && Probe !== undefined;
}

if (!legacyDecorators()) {
    console.error('Run the scenarios with their tsconfig: npm run e2e (tsx --tsconfig scripts/e2e/tsconfig.json ...)');
    process.exit(1);
}
