/**
 * Starts a worker thread running a module of this code base, loaded the way this process loads TypeScript (tsx,
 * resolved from here, not from the cwd), with a 256 MB stack: the tree-walking interpreter uses ~15 JS frames per
 * Apex call, so the default stack would end recursion long before the platform's depth limit (1000).
 * The worker calls `require(file)[exportName](workerData)` and posts the result as its last message.
 * Its young generation is 64 MB: the interpreter makes many short-lived objects, and with the default size the
 * garbage collector took 12 % of the Apex suite's CPU (6 % with this).
 */
import { Worker } from 'node:worker_threads';

export function startModuleWorker(file: string, exportName: string, workerData: unknown): Worker {
    let tsxHook: string | undefined;
    try {
        tsxHook = require.resolve('tsx/cjs');
    } catch {
        tsxHook = undefined; // running compiled JavaScript
    }
    const code = `${tsxHook ? `require(${JSON.stringify(tsxHook)});` : ''}
        const { parentPort, workerData } = require('node:worker_threads');
        parentPort.postMessage(require(${JSON.stringify(file)})[${JSON.stringify(exportName)}](workerData));`;
    return new Worker(code, {
        eval: true,
        workerData,
        resourceLimits: { stackSizeMb: 256, maxYoungGenerationSizeMb: 64 }
    });
}
