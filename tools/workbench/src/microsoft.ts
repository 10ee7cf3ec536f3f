/**
 * The Microsoft side, played from the page: the emulator's driver endpoints (/_emulator/microsoft/...), reached
 * through the workbench server, and `settle()`, which waits until the resulting webhooks and the org's async work
 * are done.
 */
export async function microsoft(path: string, body: unknown): Promise<unknown> {
    const response = await fetch(`/_emulator/microsoft/${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body)
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
}

/** Fails with the workbench's answer when the work did not settle (its message lists what was still pending). */
export async function settle(): Promise<void> {
    const response = await fetch('/_workbench/settle', { method: 'POST' });
    if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
}
