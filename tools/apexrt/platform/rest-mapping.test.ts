import { resolveRestResource, urlMappingProblem, type RestResourceClass } from './rest-mapping';

const classes: RestResourceClass[] = [
    { className: 'Webhook', urlMapping: '/partnercenter/webhook/*', namespace: 'cosell' },
    { className: 'WebhookHealth', urlMapping: '/partnercenter/webhook/health', namespace: 'cosell' },
    { className: 'Anything', urlMapping: '/partnercenter/*', namespace: 'cosell' }
];

describe('Apex REST URL mapping', () => {
    test('an exact match wins over wildcards', () => {
        expect(resolveRestResource(classes, '/cosell/partnercenter/webhook/health')?.className).toBe('WebhookHealth');
    });

    test('otherwise the longest matching wildcard pattern wins', () => {
        expect(resolveRestResource(classes, '/cosell/partnercenter/webhook/s3cret')?.className).toBe('Webhook');
        expect(resolveRestResource(classes, '/cosell/partnercenter/other')?.className).toBe('Anything');
    });

    test('mappings are case-sensitive and include the namespace', () => {
        expect(resolveRestResource(classes, '/cosell/PartnerCenter/webhook/s3cret')).toBeUndefined();
        expect(resolveRestResource(classes, '/partnercenter/webhook/s3cret')).toBeUndefined();
    });

    test('invalid mappings are explained', () => {
        expect(urlMappingProblem('webhook')).toMatch('begin with a forward slash');
        expect(urlMappingProblem('/web*')).toMatch('preceded by a forward slash');
        expect(urlMappingProblem('/a/*b')).toMatch('followed by a forward slash');
        expect(urlMappingProblem('/a/*/b')).toBeUndefined();
        expect(urlMappingProblem(`/${'x'.repeat(255)}`)).toMatch('255');
    });
});
