import { runWebhookFuzz } from './webhook-fuzz';

describe('webhook under hostile traffic', () => {
    it('answers 600 generated requests without an unhandled exception, a guest write or an undocumented status', () => {
        const report = runWebhookFuzz(600, 7);
        expect(report.requests).toBe(600);
        expect(Object.keys(report.byKind).length).toBeGreaterThanOrEqual(10);
        expect(report.unhandledExceptions).toBe(0);
        expect(report.guestWrites).toBe(0);
        expect(report.undocumentedStatuses).toBe(0);
        expect(report.acceptedForged).toBe(0);
        expect(report.acceptedGenuine).toBeGreaterThan(0);
    });
});
