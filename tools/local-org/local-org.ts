/**
 * The local org: the package's Apex on apexrt as one long-lived in-memory org. Every API call is one Apex
 * transaction (a fresh RunContext over the same data); work the transaction leaves behind (platform events,
 * Queueables) is handed to the async runner after it commits.
 */
import * as path from 'node:path';
import { loadProject, LoadedProject, OrgDataLayer } from '../apexrt';
import { ApexDatetime } from '../apexrt/core/values';
import { RunContext } from '../apexrt/interpreter/context';

export interface LocalOrgOptions {
    /** Project root (sfdx-project.json); default: the repository. */
    root?: string;
    /** The org's clock; default: the real time. */
    now?: () => number;
    /** Platform state per transaction (event bus, async queue, callout routing): RunOptions.org. */
    platform?: (org: LocalOrg) => unknown;
    /** Runs the async work a committed transaction left behind. */
    afterCommit?: (org: LocalOrg, run: RunContext) => void;
}

export class LocalOrg {
    readonly project: LoadedProject;
    readonly data: OrgDataLayer;
    private readonly options: LocalOrgOptions;

    constructor(options: LocalOrgOptions = {}) {
        this.options = options;
        const root = options.root ?? path.resolve(__dirname, '..', '..');
        this.project = loadProject({ root, sourceDir: 'force-app' });
        const now = options.now ?? (() => Date.now());
        this.data = this.project.newDataLayer({ now: () => new ApexDatetime(now()) });
    }

    /** Runs `work` as one transaction; a failure rolls the data back to where the transaction started. */
    transaction<T>(work: (run: RunContext) => T): T {
        const run = new RunContext({ data: this.data, org: this.options.platform?.(this) });
        const before = this.data.snapshot();
        let result: T;
        try {
            result = work(run);
        } catch (e) {
            this.data.restore(before);
            throw e;
        }
        this.options.afterCommit?.(this, run);
        return result;
    }
}
