/**
 * The sharing mode of running code (Apex Developer Guide, "Using the with sharing, without sharing, and inherited
 * sharing Keywords",
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_classes_keywords_sharing.htm):
 * - a class declared `with sharing` / `without sharing` runs in that mode, whoever calls it;
 * - `inherited sharing` and a class without a keyword take the mode of the code that called them;
 * - an `inherited sharing` class used as the entry point of a transaction (an asynchronous class such as a
 *   Queueable, a REST service, a controller) runs with sharing; a class without a keyword at the entry point runs
 *   without sharing; triggers run in system context (without sharing);
 * - inner classes do not inherit the keyword of their container class;
 * - from API version 67.0 a class without a keyword runs with sharing (access-mode.ts).
 *
 * What running with sharing means for the records a user sees and writes is modelled in record-visibility.ts.
 */
import type { RunContext } from '../interpreter/context';
import type { ClassInfo } from '../types/classes';
import { withSharingByVersion } from './access-mode';

export type SharingKeyword = 'with' | 'without' | 'inherited' | undefined;

export function sharingKeyword(cls: ClassInfo | undefined): SharingKeyword {
    for (const m of cls?.modifiers ?? []) {
        if (m === 'with sharing') return 'with';
        if (m === 'without sharing') return 'without';
        if (m === 'inherited sharing') return 'inherited';
    }
    // API version 67.0 and later: no declaration means with sharing (access-mode.ts).
    return cls && withSharingByVersion(cls) ? 'with' : undefined;
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
        // A trigger's frame (no class) runs in system context whatever the code whose DML fired it: the scan
        // stops there, so neither the trigger nor an inherited-sharing class it calls takes that code's mode.
        if (!classes[i] && i > entryDepth) return { mode: 'without', because: 'a trigger runs in system context' };
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
