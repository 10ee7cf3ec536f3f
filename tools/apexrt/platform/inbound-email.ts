/**
 * The values an inbound email handler receives and returns (Apex Reference, "InboundEmail Class",
 * "InboundEmail.BinaryAttachment Class", "InboundEmail.TextAttachment Class", "InboundEmail.Header Class",
 * "InboundEnvelope Class", "InboundEmailResult Class"): objects with the documented public properties, each null
 * until set. A test builds them and calls its Messaging.InboundEmailHandler directly; delivering mail to an Email
 * Service is not modelled.
 */
import type { NativeCallResult, NativeLibrary } from '../interpreter/native-library';
import { FieldsValue, fieldsValueAccess } from './fields-value';

/** Type name → its documented properties. */
const PROPERTIES: Record<string, string[]> = {
    'Messaging.InboundEmail': [
        'binaryAttachments',
        'ccAddresses',
        'fromAddress',
        'fromName',
        'headers',
        'htmlBody',
        'htmlBodyIsTruncated',
        'inReplyTo',
        'messageId',
        'plainTextBody',
        'plainTextBodyIsTruncated',
        'references',
        'replyTo',
        'subject',
        'textAttachments',
        'toAddresses'
    ],
    'Messaging.InboundEmail.BinaryAttachment': ['body', 'fileName', 'headers', 'mimeTypeSubType'],
    'Messaging.InboundEmail.TextAttachment': [
        'body',
        'bodyIsTruncated',
        'charset',
        'fileName',
        'headers',
        'mimeTypeSubType'
    ],
    'Messaging.InboundEmail.Header': ['name', 'value'],
    'Messaging.InboundEnvelope': ['fromAddress', 'toAddress'],
    'Messaging.InboundEmailResult': ['message', 'success']
};
const TYPES = Object.keys(PROPERTIES);

class InboundEmailValue extends FieldsValue {
    constructor(readonly typeName: string) {
        super(PROPERTIES[typeName]);
    }
}

const canonical = (name: string): string | undefined =>
    TYPES.find((n) => n.toLowerCase() === name.toLowerCase().replace(/^system\./, ''));

export function inboundEmailNatives(): NativeLibrary {
    const isValue = (v: unknown): v is InboundEmailValue => v instanceof InboundEmailValue;
    return {
        typeName: canonical,
        callStatic: (_run, typeName, method): NativeCallResult | undefined => {
            const type = canonical(typeName);
            return type && method === '<new>' ? { value: new InboundEmailValue(type) } : undefined;
        },
        callInstance: () => undefined,
        ...fieldsValueAccess(isValue),
        isInstance: (v, typeName) => (isValue(v) ? v.typeName === canonical(typeName) : undefined),
        runtimeTypeName: (v) => (isValue(v) ? v.typeName : undefined)
    };
}
