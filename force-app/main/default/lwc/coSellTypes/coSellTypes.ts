/** Shapes the co-sell Apex controllers return, and the one error helper the components share. */
export interface Seller {
    name: string;
    email: string;
    phone: string | null;
    role: string;
}

export interface PanelState {
    syncEnabled: boolean;
    syncStatus: 'Not synced' | 'Pending' | 'Synced' | 'Failed';
    lastSyncError: string | null;
    /** The deal value is in a currency the org cannot hold: the warning, else null. */
    currencyWarning: string | null;
    lastSyncedAt: string | null;
    referralId: string | null;
    referralLink: string | null;
    referralStatus: string | null;
    referralSubstatus: string | null;
    microsoftReferralStatus: string | null;
    microsoftHelp: string | null;
    microsoftHelpNotes: string | null;
    visibleToMicrosoft: boolean;
    isOnHold: boolean;
    canEdit: boolean;
    helpOptions: Array<{ label: string; value: string }>;
    microsoftSellers: Seller[];
    /** Shown instead of the sellers when the user may not read them. */
    sellersNotice?: string | null;
    /** The seller's existing opportunity this referral looks like, until linked or kept as new. */
    matchedOpportunityId?: string | null;
    matchedOpportunityName?: string | null;
    /** The running user's choice: co-sell notifications also by email. */
    emailNotifications?: boolean;
}

export interface Solution {
    id: string;
    solutionId: string;
    name: string;
    publisher: string | null;
}

export interface HistoryEntry {
    id: string;
    createdDate: string;
    direction: string;
    operation: string;
    outcome: string;
    httpStatus: number | null;
    message: string | null;
    canRetry: boolean;
}

export interface ActionResult {
    ok: boolean;
    message: string;
}

/** The message of an Apex error (AuraHandledException body) or of any other error. */
export function errorMessage(error: unknown): string {
    const body = (error as { body?: { message?: string } | Array<{ message?: string }> } | undefined)?.body;
    if (Array.isArray(body)) return body.map((b) => b.message).join(', ');
    if (body?.message) return body.message;
    return error instanceof Error ? error.message : String(error);
}

/** A configuration deployment from the admin console (CoSellAdminController.DeployState). */
/**
 * Whether a record id is a Lead's: the referral quick actions serve both the Opportunity and the Lead page, and a
 * record id's first three characters name its object (Lead's key prefix is 00Q; "Standard Field Record ID Prefix
 * Decoder", Salesforce Help).
 */
export function isLeadId(recordId: string | undefined): boolean {
    return !!recordId && recordId.startsWith('00Q');
}

export interface DeployState {
    jobId: string | null;
    status: 'Pending' | 'Succeeded' | 'Failed' | null;
    message: string | null;
    finishedAt: string | null;
}

/** The word-and-icon form of a state, so no state depends on colour or a font's glyph alone. */
export interface StateBadge {
    icon: string;
    variant: 'success' | 'warning' | 'error';
}

export function deployBadge(status: DeployState['status']): StateBadge {
    if (status === 'Succeeded') return { icon: 'utility:success', variant: 'success' };
    if (status === 'Failed') return { icon: 'utility:error', variant: 'error' };
    return { icon: 'utility:clock', variant: 'warning' };
}

/**
 * Asks for the deployment's state until it is no longer pending (the DeployCallback has run), reporting each
 * answer; gives up after `attempts` (the page keeps showing "pending").
 */
export function followDeployment(
    read: () => Promise<DeployState>,
    report: (state: DeployState) => void,
    intervalMs = 1000,
    attempts = 60
): Promise<DeployState | undefined> {
    return read().then((state) => {
        report(state);
        if (state.status !== 'Pending') return state;
        if (attempts <= 1) return undefined;
        return new Promise<void>((resolve) => {
            // eslint-disable-next-line @lwc/lwc/no-async-operation -- the deployment's callback is polled for
            setTimeout(resolve, intervalMs);
        }).then(() => followDeployment(read, report, intervalMs, attempts - 1));
    });
}
