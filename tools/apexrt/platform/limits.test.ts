import { ApexThrow } from '../core/values';
import { LimitContext } from './limits';

describe('governor limits', () => {
    test('the 101st SOQL query of a synchronous transaction throws LimitException', () => {
        const limits = new LimitContext('sync');
        for (let i = 0; i < 100; i++) limits.consume('queries');
        expect(limits.get('queries')).toBe(100);
        let thrown: unknown;
        try {
            limits.consume('queries');
        } catch (e) {
            thrown = e;
        }
        expect(thrown).toBeInstanceOf(ApexThrow);
        expect((thrown as ApexThrow).exceptionType).toBe('System.LimitException');
        expect((thrown as ApexThrow).message).toBe('Too many SOQL queries: 101');
        expect(limits.get('queries')).toBe(100);
    });

    test('asynchronous Apex has 200 queries but only one queueable job', () => {
        const limits = new LimitContext('async');
        expect(limits.max('queries')).toBe(200);
        limits.consume('queueableJobs');
        expect(limits.fits('queueableJobs')).toBe(false);
        expect(() => limits.consume('queueableJobs')).toThrow('Too many queueable jobs added to the queue: 2');
    });

    test('rows are counted by amount and reported in a snapshot', () => {
        const limits = new LimitContext('sync');
        limits.consume('dmlStatements');
        limits.consume('dmlRows', 200);
        expect(limits.snapshot()).toMatchObject({ dmlStatements: 1, dmlRows: 200, queries: 0 });
        expect(() => limits.consume('dmlRows', 9_801)).toThrow('Too many DML rows: 10001');
    });
});
