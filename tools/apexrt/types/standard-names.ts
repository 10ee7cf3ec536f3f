/**
 * Names of standard Apex classes, interfaces and namespaces (Apex Reference index). Used so that code naming a
 * standard type compiles here and fails at run time with "not supported by apexrt" when no layer implements it,
 * and by `census` to tell standard references from project classes.
 */
const NAMES = [
    'System', 'Database', 'JSON', 'JSONGenerator', 'JSONParser', 'JSONToken', 'Limits', 'Math', 'Schema', 'Http', 'HttpRequest',
    'HttpResponse', 'HttpCalloutMock', 'StaticResourceCalloutMock', 'MultiStaticResourceCalloutMock', 'EventBus', 'UserInfo', 'Test',
    'Type', 'String', 'Integer', 'Long', 'Double', 'Decimal', 'Boolean', 'Date', 'Datetime', 'Time', 'Blob', 'Crypto', 'EncodingUtil',
    'Pattern', 'Matcher', 'Url', 'RestContext', 'RestRequest', 'RestResponse', 'Messaging', 'Label', 'Site', 'Id', 'Trigger', 'Assert',
    'ApexPages', 'Cache', 'Search', 'Approval', 'AuraHandledException', 'LoggingLevel', 'TriggerOperation', 'QueueableContext',
    'SchedulableContext', 'Queueable', 'Schedulable', 'Finalizer', 'FinalizerContext', 'Comparable', 'Comparator', 'Iterable',
    'Iterator', 'Callable', 'Auth', 'ConnectApi', 'Process', 'Savepoint', 'AccessLevel', 'AccessType', 'Security',
    'SObjectAccessDecision', 'Continuation', 'Request', 'Quiddity', 'FeatureManagement', 'Network', 'SObject', 'Object', 'List',
    'Set', 'Map', 'TimeZone', 'Address', 'Location', 'Version', 'DomainParser', 'Dom', 'XmlStreamReader', 'XmlStreamWriter', 'Formula',
    'Metadata', 'PageReference', 'Exception', 'DataWeave', 'CommercePayments', 'Flow', 'Invocable', 'Reports', 'UUID',
    'OrgLimits', 'OrgLimit', 'DescribeSObjectResult', 'DescribeFieldResult', 'SObjectType', 'SObjectField', 'DmlException',
    'BusinessHours', 'Currency', 'Integration', 'Lightning', 'Canvas', 'Slack', 'Wave', 'KbManagement', 'Sfc', 'RemoteObjectController'
];

const BY_LOWER = new Map(NAMES.map((n) => [n.toLowerCase(), n]));

/** The canonical spelling of a standard type/namespace name (first dotted part), or undefined. */
export function standardRootName(name: string): string | undefined {
    const first = name.split('.')[0].toLowerCase();
    return BY_LOWER.get(first);
}
