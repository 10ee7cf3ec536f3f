/**
 * The sharing mode of running code (Apex Developer Guide, "Using the with sharing, without sharing, and inherited
 * sharing Keywords",
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_classes_keywords_sharing.htm):
 * - a class declared `with sharing` / `without sharing` runs in that mode, whoever calls it;
 * - `inherited sharing` and a class without a keyword take the mode of the code that called them;
 * - an `inherited sharing` class used as the entry point of a transaction (an asynchronous class such as a
 *   Queueable, a REST service, a controller) runs with sharing; a class without a keyword at the entry point runs
 *   without sharing; triggers run in system context (without sharing);
 * - inner classes do not inherit the keyword of their container class.
 *
 * apexrt does not model record visibility (org-wide defaults, sharing rules, role hierarchy). In the integration
 * context — an asynchronous job or a platform event trigger, where the package's own code decides the mode — a
 * query or DML that runs with sharing as a user who does not see every record (anyone but a System Administrator;
 * the Automated Process user included) therefore fails loudly instead of pretending every record is visible.
 * Synchronous code keeps apexrt's documented simplification (every user sees every record).
 */
import { ApexUnsupported } from '../core/values';
import type { OrgData } from '../data';
import type { RunContext } from '../interpreter/context';
import type { ClassInfo } from '../types/classes';
import { platformOf } from './platform-state';

export type SharingKeyword = 'with' | 'without' | 'inherited' | undefined;

export function sharingKeyword(cls: ClassInfo | undefined): SharingKeyword {
    for (const m of cls?.modifiers ?? []) {
        if (m === 'with sharing') return 'with';
        if (m === 'without sharing') return 'without';
        if (m === 'inherited sharing') return 'inherited';
    }
    return undefined;
}

export interface EffectiveSharing {
    mode: 'with' | 'without';
    /** Why, for messages: 'Foo declares with sharing', 'Foo is inherited sharing at the entry point'. */
    because: string;
}

/**
 * The mode of the code running now. `entryDepth` is where the current transaction's entry point sits in
 * `run.callClasses` (0 for a top-level run; the depth at which a job or event batch started inside a test).
 */
export function effectiveSharing(run: RunContext, entryDepth: number): EffectiveSharing {
    const classes = run.callClasses;
    for (let i = classes.length - 1; i >= entryDepth; i--) {
        const keyword = sharingKeyword(classes[i]);
        if (keyword === 'with' || keyword === 'without')
            return { mode: keyword, because: `${classes[i]!.fullName} declares ${keyword} sharing` };
    }
    const entry = classes[entryDepth];
    if (!entry) return { mode: 'without', because: 'a trigger runs in system context' };
    if (sharingKeyword(entry) === 'inherited')
        return {
            mode: 'with',
            because: `${entry.fullName} is inherited sharing at the entry point of the transaction`
        };
    return { mode: 'without', because: `${entry.fullName} declares no sharing keyword at the entry point` };
}

/** Whether the running user sees every record whatever the sharing: a standard user with System Administrator. */
function seesEveryRecord(org: OrgData): boolean {
    const user = org.db.getRow(org.db.runningUserId ?? org.setup.runningUserId)?.row;
    return user?.profileid === org.setup.adminProfileId && user?.usertype === 'Standard';
}

/**
 * Refuses a query or DML whose outcome would depend on record sharing apexrt does not model (see the header).
 * Custom metadata, custom settings and platform events have no record sharing.
 */
export function requireModelledSharing(run: RunContext, org: OrgData, what: string, objectName?: string): void {
    const platform = platformOf(run);
    if (!platform.asyncContext) return;
    const kind = objectName ? org.schema.getObject(objectName)?.kind : undefined;
    if (kind === 'customMetadata' || kind === 'customSetting' || kind === 'platformEvent') return;
    const sharing = effectiveSharing(run, platform.entryDepth);
    if (sharing.mode === 'without' || seesEveryRecord(org)) return;
    const user = org.db.getRow(org.db.runningUserId ?? org.setup.runningUserId)?.row;
    throw new ApexUnsupported(
        `${what} with sharing (${sharing.because}) as ${String(user?.username)}: record visibility is not modelled`
    );
}
