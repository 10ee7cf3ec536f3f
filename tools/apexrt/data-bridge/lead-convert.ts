/**
 * Lead conversion (Apex Reference, "LeadConvert Class" and "LeadConvertResult Class"; Apex Developer Guide,
 * "Converting Leads"; SOAP API, "convertLead()"): `Database.convertLead(lc)` / `(lc, allOrNone)` / the list forms.
 * For each LeadConvert: the lead must exist and not be converted, the converted status must be a LeadStatus with
 * IsConverted; then, in this order (Change Data Capture Developer Guide, "Change Events for Lead Conversion":
 * account, contact, opportunity created, then the lead updated), a new Account, a new Contact, a new Opportunity
 * unless setDoNotCreateOpportunity(true), and the lead updated with Status, IsConverted, ConvertedDate and the
 * Converted*Id fields — each through DML, so their triggers run. "The system automatically maps standard lead
 * fields to standard account, contact, and opportunity fields" (convertLead()); which ones is not listed, so the
 * mapping here is INFERRED (Company → Account.Name, address → billing / mailing, name, title, email, phone and lead
 * source → Contact, lead source → Opportunity); custom lead fields are mapped only through Setup's lead field
 * mapping, which is not modelled, so none is copied. The opportunity's name is the opportunity name given, else
 * the lead's company (INFERRED); its stage is the first open stage and its close date the last day of the current
 * calendar quarter (both INFERRED).
 * Not modelled, so unsupported: setAccountId / setContactId / setOpportunityId (merging into existing records),
 * setOwnerId, person accounts, converting a lead twice or with a status that is not a converted one (the
 * platform's errors are not documented), allOrNone=false, user mode.
 */
import { ApexList } from '../collections/collections';
import { ApexDate, ApexUnsupported } from '../core/values';
import { SObject } from '../data';
import { OPPORTUNITY_STAGES } from '../data/schema/standard-objects';
import type { RunContext } from '../interpreter/context';
import type { NativeCallResult, NativeLibrary } from '../interpreter/native-library';
import { OrgDataLayer } from './org-data-layer';

export class LeadConvertValue {
    leadId: string | null = null;
    convertedStatus: string | null = null;
    doNotCreateOpportunity = false;
    opportunityName: string | null = null;
    sendNotificationEmail = false;
    overwriteLeadSource = false;
}

export class LeadConvertResultValue {
    constructor(
        readonly leadId: string,
        readonly accountId: string,
        readonly contactId: string,
        readonly opportunityId: string | null
    ) {}
}

function layerOf(run: RunContext): OrgDataLayer {
    if (!(run.data instanceof OrgDataLayer)) throw new ApexUnsupported('Database.convertLead without the data layer');
    return run.data;
}

function insert(run: RunContext, layer: OrgDataLayer, record: SObject): string {
    const outcome = layer.execute('insert', [record], true, run);
    layer.throwOnFailure('insert', outcome);
    return record.id!;
}

/** The last day of the calendar quarter of `today`. */
function endOfQuarter(today: ApexDate): ApexDate {
    const [year, month] = [today.year, today.month];
    const lastMonth = Math.ceil(month / 3) * 3;
    const firstOfNext = lastMonth === 12 ? Date.UTC(year + 1, 0, 1) : Date.UTC(year, lastMonth, 1);
    return ApexDate.fromEpochDay(firstOfNext / 86400000 - 1);
}

function convertOne(run: RunContext, lc: LeadConvertValue): LeadConvertResultValue {
    const layer = layerOf(run);
    const db = layer.org.db;
    const leadRow = lc.leadId ? db.getRow(lc.leadId) : undefined;
    if (!leadRow || leadRow.object.name !== 'Lead')
        throw new ApexUnsupported('Database.convertLead of a record that is not a lead');
    const lead = leadRow.row as Record<string, unknown>;
    if (lead.isconverted === true) throw new ApexUnsupported('Database.convertLead of a converted lead');
    const statuses = db.rows(layer.org.schema.getObject('LeadStatus')!);
    const status = statuses.find(
        (s) =>
            s.isconverted === true &&
            (String(s.apiname).toLowerCase() === String(lc.convertedStatus).toLowerCase() ||
                String(s.masterlabel).toLowerCase() === String(lc.convertedStatus).toLowerCase())
    );
    if (!status) throw new ApexUnsupported(`Database.convertLead with the status ${String(lc.convertedStatus)}`);
    const schema = layer.org.schema;
    const owner = lead.ownerid;
    const accountId = insert(
        run,
        layer,
        SObject.create(schema, 'Account', {
            Name: lead.company,
            BillingStreet: lead.street,
            BillingCity: lead.city,
            BillingState: lead.state,
            BillingPostalCode: lead.postalcode,
            BillingCountry: lead.country,
            OwnerId: owner
        })
    );
    const contactId = insert(
        run,
        layer,
        SObject.create(schema, 'Contact', {
            AccountId: accountId,
            FirstName: lead.firstname,
            LastName: lead.lastname,
            Title: lead.title,
            Email: lead.email,
            Phone: lead.phone,
            MailingStreet: lead.street,
            MailingCity: lead.city,
            MailingState: lead.state,
            MailingPostalCode: lead.postalcode,
            MailingCountry: lead.country,
            LeadSource: lead.leadsource,
            OwnerId: owner
        })
    );
    const today = layer.today();
    const opportunityId = lc.doNotCreateOpportunity
        ? null
        : insert(
              run,
              layer,
              SObject.create(schema, 'Opportunity', {
                  Name: lc.opportunityName ?? lead.company,
                  AccountId: accountId,
                  StageName: OPPORTUNITY_STAGES.find((s) => !s.closed)!.name,
                  CloseDate: endOfQuarter(today),
                  LeadSource: lead.leadsource,
                  OwnerId: owner
              })
          );
    const update = SObject.create(schema, 'Lead', { Id: lc.leadId, Status: status.apiname ?? status.masterlabel });
    db.systemValues = new Map([
        [
            lc.leadId!,
            {
                isconverted: true,
                converteddate: today,
                convertedaccountid: accountId,
                convertedcontactid: contactId,
                convertedopportunityid: opportunityId
            }
        ]
    ]);
    try {
        const outcome = layer.execute('update', [update], true, run);
        layer.throwOnFailure('update', outcome);
    } finally {
        db.systemValues = undefined;
    }
    return new LeadConvertResultValue(lc.leadId!, accountId, contactId, opportunityId);
}

export function leadConvertNatives(): NativeLibrary {
    const ok = (value: unknown): NativeCallResult => ({ value });
    return {
        typeName: (name) =>
            ['Database.LeadConvert', 'Database.LeadConvertResult'].find((n) => n.toLowerCase() === name.toLowerCase()),
        callStatic: (run, typeName, method, args) => {
            const t = typeName.toLowerCase().replace(/^system\./, '');
            if (t === 'database.leadconvert' && method === '<new>') return ok(new LeadConvertValue());
            if (t !== 'database' || method.toLowerCase() !== 'convertlead') return undefined;
            if (args.length > 2 || (args.length === 2 && args[1] !== true))
                throw new ApexUnsupported('Database.convertLead with allOrNone false or an access level');
            if (args[0] instanceof LeadConvertValue) return ok(convertOne(run, args[0]));
            if (args[0] instanceof ApexList) {
                const results = args[0].items.map((lc) => convertOne(run, lc as LeadConvertValue));
                return ok(new ApexList({ name: 'Database.LeadConvertResult', args: [] }, results));
            }
            throw new ApexUnsupported('Database.convertLead of this argument');
        },
        callInstance: (_run, _typeName, self, method, args) => {
            const m = method.toLowerCase();
            if (self instanceof LeadConvertResultValue) {
                if (m === 'issuccess') return ok(true);
                if (m === 'getleadid') return ok(self.leadId);
                if (m === 'getaccountid') return ok(self.accountId);
                if (m === 'getcontactid') return ok(self.contactId);
                if (m === 'getopportunityid') return ok(self.opportunityId);
                if (m === 'geterrors') return ok(new ApexList({ name: 'Database.Error', args: [] }, []));
                return undefined;
            }
            if (!(self instanceof LeadConvertValue)) return undefined;
            const value = args[0];
            switch (m) {
                case 'setleadid':
                    self.leadId = value == null ? null : String(value);
                    return ok(undefined);
                case 'getleadid':
                    return ok(self.leadId);
                case 'setconvertedstatus':
                    self.convertedStatus = value == null ? null : String(value);
                    return ok(undefined);
                case 'getconvertedstatus':
                    return ok(self.convertedStatus);
                case 'setdonotcreateopportunity':
                    self.doNotCreateOpportunity = value === true;
                    return ok(undefined);
                case 'isdonotcreateopportunity':
                    return ok(self.doNotCreateOpportunity);
                case 'setopportunityname':
                    self.opportunityName = value == null ? null : String(value);
                    return ok(undefined);
                case 'getopportunityname':
                    return ok(self.opportunityName);
                case 'setsendnotificationemail':
                    self.sendNotificationEmail = value === true;
                    return ok(undefined);
                case 'setoverwriteleadsource':
                    self.overwriteLeadSource = value === true;
                    return ok(undefined);
                case 'setaccountid':
                case 'setcontactid':
                case 'setopportunityid':
                case 'setownerid':
                    if (value == null) return ok(undefined);
                    throw new ApexUnsupported(
                        `LeadConvert.${method} (converting into existing records or another owner)`
                    );
                default:
                    throw new ApexUnsupported(`LeadConvert.${method}`);
            }
        },
        runtimeTypeName: (v) =>
            v instanceof LeadConvertValue
                ? 'Database.LeadConvert'
                : v instanceof LeadConvertResultValue
                  ? 'Database.LeadConvertResult'
                  : undefined,
        isInstance: (v, typeName) => {
            if (v instanceof LeadConvertValue) return typeName.toLowerCase() === 'database.leadconvert';
            if (v instanceof LeadConvertResultValue) return typeName.toLowerCase() === 'database.leadconvertresult';
            return undefined;
        }
    };
}
