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
