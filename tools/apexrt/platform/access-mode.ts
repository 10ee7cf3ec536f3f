/**
 * What a class's API version changes in its security defaults (Apex Reference, "Apex Versioned Behavior Changes",
 * Version 67.0 — https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apex/versioned_behavior_changes.htm;
 * Apex Developer Guide, "Apex Security and Sharing Model", Versioned Behavior Changes —
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_security_sharing_chapter.htm):
 * - in API version 67.0 and later, database operations that name no access mode run in user mode (the running
 *   user's object permissions and field-level security); in 66.0 and earlier, system mode;
 * - in 67.0 and later, a class without a sharing declaration runs with sharing; a class of 66.0 or earlier without
 *   one also runs with sharing when a class of its inheritance chain is saved at 67.0 or later;
 * - in 67.0 and later, WITH SECURITY_ENFORCED cannot be used in SOQL (the class does not compile).
 * The version is the one of the class whose code runs the operation. Trigger bodies and anonymous Apex have no class
 * frame: apexrt does not track their version and keeps the system-mode default there.
 */
import { ApexUnsupported } from '../core/values';
import type { RunContext } from '../interpreter/context';
import type { ClassInfo } from '../types/classes';

const SECURE_BY_DEFAULT = 67;

function atLeast67(cls: ClassInfo | undefined): boolean {
    return Number(cls?.apiVersion ?? 0) >= SECURE_BY_DEFAULT;
}

/** The class whose code runs now (undefined in a trigger body or anonymous Apex). */
function runningClass(run: RunContext): ClassInfo | undefined {
    return run.callClasses[run.callClasses.length - 1];
}

/** Whether a database operation that names no access mode runs in user mode here. */
export function userModeByDefault(run: RunContext): boolean {
    return atLeast67(runningClass(run));
}

/** WITH SECURITY_ENFORCED in a class saved at 67.0 or later: the platform does not compile it. */
export function checkSecurityEnforcedAllowed(run: RunContext): void {
    const cls = runningClass(run);
    if (atLeast67(cls))
        throw new ApexUnsupported(
            `WITH SECURITY_ENFORCED in ${cls!.fullName}, saved at API version ${cls!.apiVersion} (the platform does not compile it from 67.0; use WITH USER_MODE)`
        );
}

/** Whether a class without a sharing declaration runs with sharing because of its or its superclasses' version. */
export function withSharingByVersion(cls: ClassInfo): boolean {
    for (let c: ClassInfo | undefined = cls; c; c = c.superclass) if (atLeast67(c)) return true;
    return false;
}
