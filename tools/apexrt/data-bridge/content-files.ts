/**
 * Files (Object Reference, "ContentVersion", "ContentDocument", "ContentDocumentLink"). apexrt stores ContentVersion
 * rows with the fields Apex sets; the ContentDocument the platform creates for a new version, and the
 * ContentDocumentLink rows that share it (with FirstPublishLocationId's record among others), are not modelled.
 * So that no answer leaves them out silently, apexrt refuses loudly:
 * - inserting a version without VersionData or PathOnClient (the platform's errors are not documented here);
 * - deleting a version (files are deleted through their ContentDocument);
 * - querying ContentDocumentLink once the org holds a ContentVersion (its links would be missing).
 */
import { ApexUnsupported } from '../core/values';
import type { OrgData } from '../data';
import type { SoqlQuery } from '../data/soql/ast';
import type { ObjectSchema } from '../data/schema/model';
import { SObject } from '../data/sobject';

export function checkContentVersionDml(object: ObjectSchema | undefined, op: string, records: unknown[]): void {
    if (object?.name !== 'ContentVersion') return;
    if (op === 'delete' || op === 'undelete')
        throw new ApexUnsupported(`${op} of ContentVersion (files are deleted through their ContentDocument)`);
    for (const r of records) {
        if (!(r instanceof SObject) || r.get('Id') !== null) continue;
        for (const field of ['VersionData', 'PathOnClient'])
            if (r.get(field) === null)
                throw new ApexUnsupported(`insert of a ContentVersion without ${field} (the platform's error)`);
    }
}

export function checkContentDocumentLinkQuery(org: OrgData, query: SoqlQuery): void {
    if (query.from.toLowerCase() !== 'contentdocumentlink') return;
    const versions = org.schema.getObject('ContentVersion');
    if (versions && org.db.rows(versions).length)
        throw new ApexUnsupported(
            'a query of ContentDocumentLink in an org holding files (the links the platform creates for ContentVersion are not modelled)'
        );
}
