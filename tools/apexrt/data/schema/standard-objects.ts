/**
 * Hand-written schemas of the standard objects the package touches. Field names, types, lengths and the
 * required/derived flags are taken from the Salesforce "Object Reference for the Salesforce Platform" (one page per
 * object: Account, Contact, Opportunity, OpportunityContactRole, OpportunityTeamMember, User, Profile, Case, Task,
 * Event, Lead, Campaign, Group, GroupMember, Product2, Pricebook2, PricebookEntry, OpportunityLineItem,
 * Organization, RecordType, AsyncApexJob, Note, ContentNote, ContentDocumentLink) and the standard picklist values of
 * a new Developer Edition org. Only the fields we are likely to need are listed; an unlisted standard field is
 * `not supported by apexrt` (soql/field-paths.ts), the loud failure we want rather than a guess.
 *
 * Audit fields (Id, IsDeleted, CreatedDate, CreatedById, LastModifiedDate, LastModifiedById, SystemModstamp and
 * OwnerId on owned objects) are added by the registry for every object.
 */
import { FieldSchema, FieldType, makeField, picklist } from './model';

export interface StandardObjectSpec {
    name: string;
    label: string;
    labelPlural: string;
    owned: boolean;
    dmlAllowed: boolean;
    fields: FieldSchema[];
    /** Rows the org holds that apexrt does not seed: a query of the object is unsupported (setup-objects.ts). */
    unmodelledRows?: string;
    /** Save rules of the platform apexrt does not reproduce: DML on the object is unsupported, naming them. */
    dmlNotModelled?: string;
}

/**
 * The standard Opportunity stages of a new org (Setup → Opportunity → Stage): probability, forecast category and
 * closed/won flags. Opportunity.IsClosed, IsWon, ForecastCategory and the default Probability derive from it.
 */
export interface OpportunityStage {
    name: string;
    probability: number;
    forecastCategory: 'Pipeline' | 'BestCase' | 'Forecast' | 'Omitted' | 'Closed';
    forecastCategoryName: 'Pipeline' | 'Best Case' | 'Commit' | 'Omitted' | 'Closed';
    closed: boolean;
    won: boolean;
}

const open = (name: string, probability: number): OpportunityStage => ({
    name,
    probability,
    forecastCategory: 'Pipeline',
    forecastCategoryName: 'Pipeline',
    closed: false,
    won: false
});

export const OPPORTUNITY_STAGES: readonly OpportunityStage[] = [
    open('Prospecting', 10),
    open('Qualification', 10),
    open('Needs Analysis', 20),
    open('Value Proposition', 50),
    open('Id. Decision Makers', 60),
    open('Perception Analysis', 70),
    open('Proposal/Price Quote', 75),
    open('Negotiation/Review', 90),
    {
        name: 'Closed Won',
        probability: 100,
        forecastCategory: 'Closed',
        forecastCategoryName: 'Closed',
        closed: true,
        won: true
    },
    {
        name: 'Closed Lost',
        probability: 0,
        forecastCategory: 'Omitted',
        forecastCategoryName: 'Omitted',
        closed: true,
        won: false
    }
];

export function findOpportunityStage(name: string | null | undefined): OpportunityStage | undefined {
    if (name == null) return undefined;
    return OPPORTUNITY_STAGES.find((s) => s.name.toLowerCase() === name.toLowerCase());
}

const f = makeField;
const text = (name: string, length: number, attrs: Partial<FieldSchema> = {}) =>
    f(name, 'string', { length, ...attrs });
const lookup = (name: string, to: string | string[], relationshipName: string, attrs: Partial<FieldSchema> = {}) =>
    f(name, 'reference', {
        referenceTo: Array.isArray(to) ? to : [to],
        relationshipName,
        deleteConstraint: 'SetNull',
        ...attrs
    });
const derived = (name: string, type: FieldType, attrs: Partial<FieldSchema> = {}) =>
    f(name, type, { createable: false, updateable: false, derived: true, ...attrs });
const pick = (name: string, values: string[], attrs: Partial<FieldSchema> = {}) =>
    f(name, 'picklist', { picklistValues: picklist(values), ...attrs });

function address(prefix: string): FieldSchema[] {
    return [
        f(`${prefix}Street`, 'textarea', { length: 255 }),
        text(`${prefix}City`, 40),
        text(`${prefix}State`, 80),
        text(`${prefix}PostalCode`, 20),
        text(`${prefix}Country`, 80)
    ];
}

/**
 * `<Object>Share` of a standard object (Object Reference, "OpportunityShare", "AccountShare"): the record, the user
 * or group, the access fields, and RowCause (only Manual may be written).
 */
function shareObject(parent: string, access: FieldSchema[]): Omit<StandardObjectSpec, 'unmodelledRows'> {
    return {
        name: `${parent}Share`,
        label: `${parent} Share`,
        labelPlural: `${parent} Share`,
        owned: false,
        dmlAllowed: true,
        fields: [
            lookup(`${parent}Id`, parent, parent, { required: true, updateable: false, deleteConstraint: 'Cascade' }),
            lookup('UserOrGroupId', ['User', 'Group'], 'UserOrGroup', { required: true, updateable: false }),
            ...access,
            pick('RowCause', ['Owner', 'Manual', 'Rule', 'ImplicitChild', 'ImplicitParent', 'Team', 'Territory'], {
                restrictedPicklist: true,
                defaultValue: 'Manual'
            })
        ]
    };
}

const LEAD_SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'];

export const STANDARD_OBJECTS: readonly StandardObjectSpec[] = [
    {
        name: 'Account',
        label: 'Account',
        labelPlural: 'Accounts',
        owned: true,
        dmlAllowed: true,
        fields: [
            text('Name', 255, { required: true, label: 'Account Name' }),
            text('AccountNumber', 40),
            text('Site', 80, { label: 'Account Site' }),
            text('TradeStyle', 255, { label: 'Tradestyle' }),
            pick('Type', [
                'Prospect',
                'Customer - Direct',
                'Customer - Channel',
                'Channel Partner / Reseller',
                'Installation Partner',
                'Technology Partner',
                'Other'
            ]),
            lookup('ParentId', 'Account', 'Parent', { label: 'Parent Account ID' }),
            ...address('Billing'),
            ...address('Shipping'),
            f('Phone', 'phone', { length: 40 }),
            f('Fax', 'phone', { length: 40 }),
            f('Website', 'url', { length: 255 }),
            pick('Industry', [
                'Agriculture',
                'Banking',
                'Communications',
                'Consulting',
                'Education',
                'Electronics',
                'Energy',
                'Finance',
                'Government',
                'Healthcare',
                'Manufacturing',
                'Media',
                'Retail',
                'Technology',
                'Other'
            ]),
            f('AnnualRevenue', 'currency', { precision: 18, scale: 0 }),
            f('NumberOfEmployees', 'int', { precision: 8, label: 'Employees' }),
            f('Description', 'textarea', { length: 32000 }),
            pick('AccountSource', LEAD_SOURCES),
            // Object Reference, Account: read-only timestamps of the running user's last view of the record (or of a
            // related one). apexrt models no record views: a value comes only from the record itself (JSON), a
            // query of them is unsupported.
            ...['LastViewedDate', 'LastReferencedDate'].map((name) =>
                f(name, 'datetime', {
                    createable: false,
                    updateable: false,
                    unmodelled: 'set when the running user views records, which apexrt does not model'
                })
            )
        ]
    },
    {
        name: 'Contact',
        label: 'Contact',
        labelPlural: 'Contacts',
        owned: true,
        dmlAllowed: true,
        fields: [
            text('LastName', 80, { required: true }),
            text('FirstName', 40),
            pick('Salutation', ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.']),
            // Compound name: read-only, "FirstName LastName" (Object Reference, Contact.Name).
            derived('Name', 'string', { length: 121, label: 'Full Name' }),
            lookup('AccountId', 'Account', 'Account', { label: 'Account ID' }),
            lookup('ReportsToId', 'Contact', 'ReportsTo'),
            f('Email', 'email', { length: 80 }),
            f('Phone', 'phone', { length: 40, label: 'Business Phone' }),
            f('MobilePhone', 'phone', { length: 40 }),
            text('Title', 128),
            text('Department', 80),
            ...address('Mailing'),
            f('Description', 'textarea', { length: 32000 }),
            pick('LeadSource', LEAD_SOURCES),
            f('DoNotCall', 'boolean', { defaultValue: false, label: 'Do Not Call' }),
            f('HasOptedOutOfEmail', 'boolean', { defaultValue: false, label: 'Email Opt Out' })
        ]
    },
    {
        // Object Reference, Lead. Status values: the lead statuses of a new org ("Open - Not Contacted" default).
        // Conversion (Database.convertLead) is not modelled: the Converted* fields stay read-only and empty.
        name: 'Lead',
        label: 'Lead',
        labelPlural: 'Leads',
        owned: true,
        dmlAllowed: true,
        fields: [
            text('LastName', 80, { required: true }),
            text('FirstName', 40),
            pick('Salutation', ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.']),
            // Compound name: read-only, "FirstName LastName" (Object Reference, Lead.Name).
            derived('Name', 'string', { length: 121, label: 'Full Name' }),
            text('Company', 255, { required: true }),
            text('Title', 128),
            f('Email', 'email', { length: 80 }),
            f('Phone', 'phone', { length: 40 }),
            f('MobilePhone', 'phone', { length: 40 }),
            f('Street', 'textarea', { length: 255 }),
            text('City', 40),
            text('State', 80),
            text('PostalCode', 20),
            text('Country', 80),
            f('Description', 'textarea', { length: 32000 }),
            pick('LeadSource', LEAD_SOURCES),
            f('Status', 'picklist', {
                picklistValues: picklist(
                    ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'],
                    'Open - Not Contacted'
                ),
                defaultValue: 'Open - Not Contacted',
                nillable: false,
                label: 'Lead Status'
            }),
            pick('Industry', ['Agriculture', 'Banking', 'Technology', 'Other']),
            derived('IsConverted', 'boolean', { defaultValue: false }),
            derived('ConvertedDate', 'date'),
            derived('ConvertedAccountId', 'reference', {
                referenceTo: ['Account'],
                relationshipName: 'ConvertedAccount'
            }),
            derived('ConvertedContactId', 'reference', {
                referenceTo: ['Contact'],
                relationshipName: 'ConvertedContact'
            }),
            derived('ConvertedOpportunityId', 'reference', {
                referenceTo: ['Opportunity'],
                relationshipName: 'ConvertedOpportunity'
            })
        ]
    },
    {
        // Object Reference, LeadStatus: the lead status values (setup data), seeded with a new org's four.
        name: 'LeadStatus',
        label: 'Lead Status Value',
        labelPlural: 'Lead Status Values',
        owned: false,
        dmlAllowed: false,
        fields: [
            text('ApiName', 255),
            text('MasterLabel', 255),
            f('IsConverted', 'boolean'),
            f('IsDefault', 'boolean'),
            f('SortOrder', 'int')
        ]
    },
    {
        name: 'Opportunity',
        label: 'Opportunity',
        labelPlural: 'Opportunities',
        owned: true,
        dmlAllowed: true,
        fields: [
            text('Name', 120, { required: true }),
            // Not a restricted picklist; IsClosed/IsWon come from the stage definitions (OPPORTUNITY_STAGES).
            pick(
                'StageName',
                OPPORTUNITY_STAGES.map((s) => s.name),
                { required: true, label: 'Stage' }
            ),
            f('CloseDate', 'date', { required: true, label: 'Close Date' }),
            f('Amount', 'currency', { precision: 18, scale: 2 }),
            f('Probability', 'percent', { precision: 3, scale: 0, label: 'Probability (%)' }),
            derived('ExpectedRevenue', 'currency', { precision: 18, scale: 2 }),
            derived('IsClosed', 'boolean', { label: 'Closed' }),
            derived('IsWon', 'boolean', { label: 'Won' }),
            derived('ForecastCategory', 'picklist', {
                picklistValues: picklist(['Pipeline', 'BestCase', 'Forecast', 'Omitted', 'Closed'])
            }),
            pick('ForecastCategoryName', ['Pipeline', 'Best Case', 'Commit', 'Omitted', 'Closed'], {
                label: 'Forecast Category'
            }),
            lookup('AccountId', 'Account', 'Account', { label: 'Account ID' }),
            f('Description', 'textarea', { length: 32000 }),
            text('NextStep', 255, { label: 'Next Step' }),
            pick('Type', [
                'Existing Customer - Upgrade',
                'Existing Customer - Replacement',
                'Existing Customer - Downgrade',
                'New Customer'
            ]),
            pick('LeadSource', LEAD_SOURCES),
            derived('HasOpportunityLineItem', 'boolean')
        ]
    },
    {
        name: 'OpportunityContactRole',
        label: 'Opportunity Contact Role',
        labelPlural: 'Opportunity Contact Role',
        owned: false,
        dmlAllowed: true,
        fields: [
            lookup('OpportunityId', 'Opportunity', 'Opportunity', {
                required: true,
                updateable: false,
                deleteConstraint: 'Cascade'
            }),
            lookup('ContactId', 'Contact', 'Contact', { required: true, deleteConstraint: 'Cascade' }),
            pick('Role', [
                'Business User',
                'Decision Maker',
                'Economic Buyer',
                'Economic Decision Maker',
                'Evaluator',
                'Executive Sponsor',
                'Influencer',
                'Technical Buyer',
                'Other'
            ]),
            f('IsPrimary', 'boolean', { defaultValue: false, label: 'Primary' })
        ]
    },
    {
        name: 'OpportunityTeamMember',
        label: 'Opportunity Team Member',
        labelPlural: 'Opportunity Team Members',
        owned: false,
        dmlAllowed: true,
        fields: [
            lookup('OpportunityId', 'Opportunity', 'Opportunity', {
                required: true,
                updateable: false,
                deleteConstraint: 'Cascade'
            }),
            lookup('UserId', 'User', 'User', { required: true, updateable: false }),
            derived('Name', 'string', { length: 121 }),
            pick('TeamMemberRole', [
                'Account Manager',
                'Channel Manager',
                'Executive Sponsor',
                'Lead Qualifier',
                'Pre-Sales Consultant',
                'Sales Manager',
                'Sales Rep'
            ]),
            pick('OpportunityAccessLevel', ['Read', 'Edit'], { restrictedPicklist: true })
        ]
    },
    {
        name: 'User',
        label: 'User',
        labelPlural: 'Users',
        owned: false,
        dmlAllowed: true,
        fields: [
            f('Username', 'string', { length: 80, required: true, unique: true }),
            text('LastName', 80, { required: true }),
            text('FirstName', 40),
            derived('Name', 'string', { length: 121, label: 'Full Name' }),
            f('Email', 'email', { length: 128, required: true }),
            f('Phone', 'phone', { length: 40 }),
            f('MobilePhone', 'phone', { length: 40 }),
            text('Alias', 8, { required: true }),
            text('CommunityNickname', 40, { label: 'Nickname' }),
            lookup('ProfileId', 'Profile', 'Profile', { required: true }),
            lookup('UserRoleId', 'UserRole', 'UserRole', { label: 'Role ID' }),
            f('IsActive', 'boolean', { defaultValue: true, label: 'Active' }),
            pick(
                'TimeZoneSidKey',
                ['America/Los_Angeles', 'America/New_York', 'Europe/London', 'Europe/Paris', 'GMT'],
                {
                    required: true,
                    label: 'Time Zone'
                }
            ),
            pick('LocaleSidKey', ['en_US', 'en_GB', 'fr_FR', 'de_DE'], { required: true, label: 'Locale' }),
            pick('LanguageLocaleKey', ['en_US', 'fr', 'de', 'ja'], { required: true, label: 'Language' }),
            pick('EmailEncodingKey', ['UTF-8', 'ISO-8859-1'], { required: true, label: 'Email Encoding' }),
            derived('UserType', 'picklist', {
                picklistValues: picklist(['Standard', 'PowerPartner', 'CsnOnly', 'Guest', 'AutomatedProcess'])
            }),
            text('Title', 80),
            text('Department', 80),
            text('CompanyName', 80),
            text('FederationIdentifier', 512)
        ]
    },
    {
        // Object Reference, "UserRole": a role of the hierarchy (ParentRoleId) and the access an account owner in
        // this role gets to the account's opportunities, cases and contacts owned by others (None/Read/Edit).
        name: 'UserRole',
        label: 'Role',
        labelPlural: 'Roles',
        owned: false,
        dmlAllowed: true,
        fields: [
            text('Name', 80, { required: true }),
            text('DeveloperName', 80),
            lookup('ParentRoleId', 'UserRole', 'ParentRole', { label: 'Parent Role ID' }),
            pick('OpportunityAccessForAccountOwner', ['None', 'Read', 'Edit'], {
                restrictedPicklist: true,
                defaultValue: 'None'
            }),
            pick('CaseAccessForAccountOwner', ['None', 'Read', 'Edit'], { restrictedPicklist: true }),
            pick('ContactAccessForAccountOwner', ['None', 'Read', 'Edit'], { restrictedPicklist: true })
        ]
    },
    {
        // Object Reference, "OpportunityShare": a sharing entry; only RowCause Manual may be written, and the
        // access level must be higher than the org-wide default ("All" is not valid on create).
        ...shareObject('Opportunity', [
            pick('OpportunityAccessLevel', ['Read', 'Edit', 'All'], { restrictedPicklist: true, required: true })
        ])
    },
    {
        // Object Reference, "AccountShare": access to the account and to its opportunities, cases and contacts.
        ...shareObject('Account', [
            pick('AccountAccessLevel', ['Read', 'Edit', 'All'], { restrictedPicklist: true, required: true }),
            pick('OpportunityAccessLevel', ['None', 'Read', 'Edit'], { restrictedPicklist: true, required: true }),
            pick('CaseAccessLevel', ['None', 'Read', 'Edit'], { restrictedPicklist: true }),
            pick('ContactAccessLevel', ['None', 'Read', 'Edit'], { restrictedPicklist: true })
        ])
    },
    {
        // Object Reference, "UserRecordAccess": a user's access to records, read only, queried by UserId and
        // RecordId (platform/record-visibility.ts computes its rows).
        name: 'UserRecordAccess',
        label: 'User Record Access',
        labelPlural: 'User Record Access',
        owned: false,
        dmlAllowed: false,
        fields: [
            lookup('UserId', 'User', 'User'),
            text('RecordId', 18),
            f('HasReadAccess', 'boolean', { defaultValue: false }),
            f('HasEditAccess', 'boolean', { defaultValue: false }),
            f('HasDeleteAccess', 'boolean', { defaultValue: false }),
            f('HasAllAccess', 'boolean', { defaultValue: false }),
            pick('MaxAccessLevel', ['None', 'Read', 'Edit', 'Delete', 'Transfer', 'All'], { restrictedPicklist: true })
        ]
    },
    {
        name: 'Profile',
        label: 'Profile',
        labelPlural: 'Profiles',
        owned: false,
        dmlAllowed: false,
        fields: [
            text('Name', 255, { required: true }),
            derived('UserType', 'picklist', { picklistValues: picklist(['Standard', 'PowerPartner', 'Guest']) }),
            text('Description', 255)
        ]
    },
    {
        // Object Reference, "OpportunityStage": the stages of Setup → Opportunity → Stage, read-only setup data.
        name: 'OpportunityStage',
        label: 'Opportunity Stage',
        labelPlural: 'Opportunity Stages',
        owned: false,
        dmlAllowed: false,
        fields: [
            text('ApiName', 255),
            text('MasterLabel', 255),
            text('Description', 255),
            f('IsActive', 'boolean'),
            f('IsClosed', 'boolean'),
            f('IsWon', 'boolean'),
            f('DefaultProbability', 'percent', { precision: 3, scale: 0 }),
            text('ForecastCategory', 40),
            text('ForecastCategoryName', 40),
            f('SortOrder', 'int')
        ]
    },
    {
        name: 'Organization',
        label: 'Organization',
        labelPlural: 'Organizations',
        owned: false,
        dmlAllowed: false,
        fields: [
            text('Name', 80),
            text('Division', 80),
            text('Country', 80),
            text('DefaultLocaleSidKey', 40),
            text('TimeZoneSidKey', 40),
            text('LanguageLocaleKey', 40),
            f('IsSandbox', 'boolean'),
            text('OrganizationType', 40, { label: 'Edition' }),
            text('InstanceName', 5),
            text('NamespacePrefix', 15)
        ]
    },
    {
        // Permission sets come from the package metadata (seeded by the data bridge); assignments are data. Apex
        // may insert permission sets too, with ObjectPermissions/FieldPermissions rows (setup-objects.ts).
        name: 'PermissionSet',
        label: 'Permission Set',
        labelPlural: 'Permission Sets',
        owned: false,
        dmlAllowed: true,
        fields: [
            text('Name', 80, { required: true }),
            text('Label', 80, { required: true }),
            text('NamespacePrefix', 15),
            text('Description', 255),
            // Object Reference, "PermissionSet": IsOwnedByProfile is true for the permission set that holds a
            // profile's permissions. apexrt seeds no profile-owned rows (profiles' permissions are not rows here).
            f('IsOwnedByProfile', 'boolean', { defaultValue: false, createable: false, updateable: false })
        ]
    },
    {
        // Object Reference, "PermissionSetAssignment": assigns a permission set (PermissionSetId) or a permission
        // set group (PermissionSetGroupId) to a user. The permission set a group owns (PermissionSet.Type Group) is
        // not modelled, so a group assignment's PermissionSetId stays null (data-bridge/permission-set-groups.ts).
        name: 'PermissionSetAssignment',
        label: 'Permission Set Assignment',
        labelPlural: 'Permission Set Assignments',
        owned: false,
        dmlAllowed: true,
        fields: [
            lookup('AssigneeId', 'User', 'Assignee', { required: true }),
            lookup('PermissionSetId', 'PermissionSet', 'PermissionSet'),
            lookup('PermissionSetGroupId', 'PermissionSetGroup', 'PermissionSetGroup')
        ]
    },
    {
        // Scheduled jobs (System.schedule); read-only to Apex (Object Reference, "CronTrigger", "CronJobDetail").
        name: 'CronJobDetail',
        label: 'Job',
        labelPlural: 'Jobs',
        owned: false,
        dmlAllowed: false,
        fields: [text('Name', 255), text('JobType', 40)]
    },
    {
        name: 'CronTrigger',
        label: 'Scheduled Job',
        labelPlural: 'Scheduled Jobs',
        owned: false,
        dmlAllowed: false,
        fields: [
            lookup('CronJobDetailId', 'CronJobDetail', 'CronJobDetail'),
            text('CronExpression', 255),
            text('State', 16),
            // Set by System.schedule from the cron expression (platform/cron.ts).
            f('NextFireTime', 'datetime'),
            f('TimesTriggered', 'int')
        ]
    },
    // Object Reference for the Salesforce Platform, "Case", "Task", "Event", "Lead", "Campaign", "Group",
    // "GroupMember", "Product2": the fields listed; picklist values are a new Developer Edition org's defaults.
    {
        name: 'Case',
        label: 'Case',
        labelPlural: 'Cases',
        owned: true,
        dmlAllowed: true,
        fields: [
            // Auto number: the counter's first value on an org is not knowable here (apexrt starts at 1).
            f('CaseNumber', 'string', {
                length: 30,
                createable: false,
                updateable: false,
                autoNumberFormat: '{00000000}',
                label: 'Case Number'
            }),
            text('Subject', 255),
            f('Description', 'textarea', { length: 32000 }),
            pick('Status', ['New', 'Working', 'Escalated', 'Closed'], { defaultValue: 'New' }),
            pick('Origin', ['Phone', 'Email', 'Web'], { label: 'Case Origin' }),
            pick('Priority', ['High', 'Medium', 'Low'], { defaultValue: 'Medium' }),
            pick('Reason', [
                'Installation',
                'Equipment Complexity',
                'Performance',
                'Breakdown',
                'Equipment Design',
                'Feedback',
                'Other'
            ]),
            pick('Type', ['Mechanical', 'Electrical', 'Electronic', 'Structural', 'Other']),
            lookup('AccountId', 'Account', 'Account', { label: 'Account ID' }),
            lookup('ContactId', 'Contact', 'Contact', { label: 'Contact ID' }),
            lookup('ParentId', 'Case', 'Parent', { label: 'Parent Case ID' }),
            f('SuppliedEmail', 'email', { length: 80, label: 'Web Email' }),
            text('SuppliedName', 80, { label: 'Web Name' })
        ]
    },
    {
        name: 'Task',
        label: 'Task',
        labelPlural: 'Tasks',
        owned: true,
        dmlAllowed: true,
        fields: [
            text('Subject', 255),
            f('ActivityDate', 'date', { label: 'Due Date Only' }),
            pick('Status', ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'], {
                required: true,
                defaultValue: 'Not Started'
            }),
            pick('Priority', ['High', 'Normal', 'Low'], { required: true, defaultValue: 'Normal' }),
            lookup('WhoId', ['Contact', 'Lead'], 'Who', { label: 'Name ID' }),
            lookup('WhatId', ['Account', 'Opportunity', 'Case', 'Campaign', 'Product2'], 'What', {
                label: 'Related To ID'
            }),
            f('Description', 'textarea', { length: 32000 }),
            pick('TaskSubtype', ['Task', 'Email', 'ListEmail', 'Cadence', 'Call', 'LinkedIn'])
        ]
    },
    {
        name: 'Event',
        label: 'Event',
        labelPlural: 'Events',
        owned: true,
        dmlAllowed: true,
        fields: [
            text('Subject', 255),
            f('StartDateTime', 'datetime'),
            f('EndDateTime', 'datetime'),
            f('ActivityDateTime', 'datetime', { label: 'Due Date Time' }),
            f('DurationInMinutes', 'int', { label: 'Duration' }),
            f('IsAllDayEvent', 'boolean', { defaultValue: false, label: 'All-Day Event' }),
            text('Location', 255),
            lookup('WhoId', ['Contact', 'Lead'], 'Who', { label: 'Name ID' }),
            lookup('WhatId', ['Account', 'Opportunity', 'Case', 'Campaign', 'Product2'], 'What', {
                label: 'Related To ID'
            }),
            f('Description', 'textarea', { length: 32000 })
        ]
    },
    {
        name: 'Campaign',
        label: 'Campaign',
        labelPlural: 'Campaigns',
        owned: true,
        dmlAllowed: true,
        fields: [
            text('Name', 80, { required: true, label: 'Campaign Name' }),
            pick('Type', [
                'Conference',
                'Webinar',
                'Trade Show',
                'Public Relations',
                'Partners',
                'Referral Program',
                'Advertisement',
                'Banner Ads',
                'Direct Mail',
                'Email',
                'Telemarketing',
                'Other'
            ]),
            pick('Status', ['Planned', 'In Progress', 'Completed', 'Aborted'], { defaultValue: 'Planned' }),
            f('StartDate', 'date'),
            f('EndDate', 'date'),
            f('IsActive', 'boolean', { defaultValue: false, label: 'Active' }),
            lookup('ParentId', 'Campaign', 'Parent', { label: 'Parent Campaign ID' }),
            f('BudgetedCost', 'currency', { precision: 18, scale: 0, label: 'Budgeted Cost in Campaign' }),
            f('ActualCost', 'currency', { precision: 18, scale: 0, label: 'Actual Cost in Campaign' }),
            f('ExpectedRevenue', 'currency', { precision: 18, scale: 0, label: 'Expected Revenue in Campaign' }),
            f('NumberSent', 'double', { precision: 18, scale: 0, label: 'Num Sent in Campaign' }),
            f('ExpectedResponse', 'percent', { precision: 10, scale: 2, label: 'Expected Response (%)' }),
            f('Description', 'textarea', { length: 32000 })
        ]
    },
    {
        name: 'Group',
        label: 'Group',
        labelPlural: 'Groups',
        owned: true,
        dmlAllowed: true,
        fields: [
            text('Name', 40, { required: true }),
            text('DeveloperName', 80, { label: 'Developer Name' }),
            pick('Type', ['Regular', 'Queue', 'Role', 'RoleAndSubordinates', 'Organization', 'Territory'], {
                restrictedPicklist: true,
                defaultValue: 'Regular'
            }),
            f('Email', 'email', { length: 255 }),
            f('DoesSendEmailToMembers', 'boolean', { defaultValue: false }),
            f('DoesIncludeBosses', 'boolean', { defaultValue: false })
        ]
    },
    {
        name: 'GroupMember',
        label: 'Group Member',
        labelPlural: 'Group Members',
        owned: false,
        dmlAllowed: true,
        fields: [
            lookup('GroupId', 'Group', 'Group', { required: true, updateable: false, deleteConstraint: 'Cascade' }),
            lookup('UserOrGroupId', ['User', 'Group'], 'UserOrGroup', { required: true, updateable: false })
        ]
    },
    {
        name: 'Product2',
        label: 'Product',
        labelPlural: 'Products',
        owned: false,
        dmlAllowed: true,
        fields: [
            text('Name', 255, { required: true, label: 'Product Name' }),
            text('ProductCode', 255, { label: 'Product Code' }),
            text('StockKeepingUnit', 180, { label: 'Product SKU' }),
            f('Description', 'textarea', { length: 4000 }),
            f('IsActive', 'boolean', { defaultValue: false, label: 'Active' }),
            pick('Family', ['None'], { label: 'Product Family' })
        ]
    },
    {
        // Object Reference, "Pricebook2", "PricebookEntry", "OpportunityLineItem": the fields listed. Saving them
        // runs the platform's pricing rules (the standard price book entry a custom one needs, ListPrice and
        // TotalPrice derived from the entry, Quantity x UnitPrice, UnitPrice or TotalPrice but not both), which apexrt
        // does not reproduce: DML on them is unsupported, records in memory work.
        name: 'Pricebook2',
        label: 'Price Book',
        labelPlural: 'Price Books',
        owned: false,
        dmlAllowed: true,
        dmlNotModelled: 'price book rules',
        fields: [
            text('Name', 255, { required: true, label: 'Price Book Name' }),
            text('Description', 255),
            f('IsActive', 'boolean', { defaultValue: false, label: 'Active' }),
            derived('IsStandard', 'boolean', { label: 'Is Standard Price Book' }),
            derived('IsArchived', 'boolean', { label: 'Is Archived' })
        ]
    },
    {
        name: 'PricebookEntry',
        label: 'Price Book Entry',
        labelPlural: 'Price Book Entries',
        owned: false,
        dmlAllowed: true,
        dmlNotModelled: 'price book entry rules (a standard price first)',
        fields: [
            lookup('Pricebook2Id', 'Pricebook2', 'Pricebook2', {
                required: true,
                updateable: false,
                deleteConstraint: 'Cascade'
            }),
            lookup('Product2Id', 'Product2', 'Product2', {
                required: true,
                updateable: false,
                deleteConstraint: 'Cascade'
            }),
            f('UnitPrice', 'currency', { precision: 18, scale: 2, required: true, label: 'List Price' }),
            f('IsActive', 'boolean', { defaultValue: false, label: 'Active' }),
            f('UseStandardPrice', 'boolean', { defaultValue: false }),
            derived('Name', 'string', { length: 255, label: 'Product Name' }),
            derived('ProductCode', 'string', { length: 255, label: 'Product Code' })
        ]
    },
    {
        name: 'OpportunityLineItem',
        label: 'Opportunity Product',
        labelPlural: 'Opportunity Product',
        owned: false,
        dmlAllowed: true,
        dmlNotModelled: 'pricing rules (ListPrice and TotalPrice from the price book entry)',
        fields: [
            lookup('OpportunityId', 'Opportunity', 'Opportunity', {
                required: true,
                updateable: false,
                deleteConstraint: 'Cascade'
            }),
            lookup('PricebookEntryId', 'PricebookEntry', 'PricebookEntry', { updateable: false }),
            lookup('Product2Id', 'Product2', 'Product2', { updateable: false }),
            f('Quantity', 'double', { precision: 12, scale: 2, required: true }),
            f('UnitPrice', 'currency', { precision: 18, scale: 2, label: 'Sales Price' }),
            f('TotalPrice', 'currency', { precision: 16, scale: 2, label: 'Total Price' }),
            derived('ListPrice', 'currency', { precision: 18, scale: 2, label: 'List Price' }),
            derived('Subtotal', 'currency', { precision: 18, scale: 2 }),
            f('Discount', 'percent', { precision: 18, scale: 2 }),
            text('Description', 255, { label: 'Line Description' }),
            f('ServiceDate', 'date', { label: 'Date' }),
            f('SortOrder', 'int', { precision: 9, scale: 0 }),
            derived('Name', 'string', { length: 376, label: 'Opportunity Product Name' }),
            derived('ProductCode', 'string', { length: 255, label: 'Product Code' })
        ]
    },
    {
        // Object Reference, "EntityDefinition": one row per object of the org (seeded from the schema); read-only.
        name: 'EntityDefinition',
        label: 'Entity Definition',
        labelPlural: 'Entity Definitions',
        owned: false,
        dmlAllowed: false,
        fields: [
            text('QualifiedApiName', 250),
            text('DeveloperName', 40),
            text('NamespacePrefix', 15),
            text('Label', 40),
            text('PluralLabel', 40),
            text('KeyPrefix', 3)
        ]
    },
    {
        // Object Reference, "CustomNotificationType": org setup rows (seeded from notificationtypes/ metadata);
        // apexrt reads them only (DML on them is not modelled).
        name: 'CustomNotificationType',
        label: 'Custom Notification Type',
        labelPlural: 'Custom Notification Types',
        owned: false,
        dmlAllowed: false,
        fields: [
            text('CustomNotifTypeName', 80, { required: true, label: 'Name' }),
            text('DeveloperName', 80, { required: true, label: 'Name' }),
            text('MasterLabel', 80, { required: true, label: 'Label' }),
            f('Description', 'textarea', { length: 255 }),
            f('Desktop', 'boolean', { defaultValue: false }),
            f('Mobile', 'boolean', { defaultValue: false }),
            text('NamespacePrefix', 15)
        ]
    },
    {
        name: 'RecordType',
        label: 'Record Type',
        labelPlural: 'Record Types',
        owned: false,
        dmlAllowed: false,
        fields: [
            text('Name', 80, { required: true }),
            text('DeveloperName', 80, { required: true }),
            text('SobjectType', 40, { required: true }),
            f('IsActive', 'boolean'),
            text('Description', 255),
            text('NamespacePrefix', 15)
        ]
    },
    {
        name: 'AsyncApexJob',
        label: 'Apex Job',
        labelPlural: 'Apex Jobs',
        owned: false,
        dmlAllowed: false,
        // Queued jobs (enqueueJob, @future, executeBatch, System.schedule) get Ids but no rows here yet: a query
        // would silently miss them.
        unmodelledRows: "the org's Apex jobs, which apexrt does not record as rows",
        fields: [
            f('ApexClassId', 'reference', { referenceTo: ['ApexClass'], relationshipName: 'ApexClass' }),
            pick('Status', ['Queued', 'Preparing', 'Processing', 'Completed', 'Failed', 'Aborted', 'Holding']),
            pick('JobType', [
                'Future',
                'SharingRecalculation',
                'ScheduledApex',
                'BatchApex',
                'BatchApexWorker',
                'TestRequest',
                'TestWorker',
                'ApexToken',
                'Queueable'
            ]),
            f('NumberOfErrors', 'int'),
            f('JobItemsProcessed', 'int'),
            f('TotalJobItems', 'int'),
            text('ExtendedStatus', 255),
            text('MethodName', 255),
            f('CompletedDate', 'datetime'),
            f('ParentJobId', 'reference', { referenceTo: ['AsyncApexJob'] })
        ]
    },
    {
        name: 'Note',
        label: 'Note',
        labelPlural: 'Notes',
        owned: true,
        dmlAllowed: true,
        fields: [
            // Polymorphic parent; the registry adds every custom object to referenceTo.
            lookup('ParentId', ['Account', 'Contact', 'Opportunity'], 'Parent', {
                required: true,
                updateable: false,
                deleteConstraint: 'Cascade'
            }),
            text('Title', 80, { required: true }),
            f('Body', 'textarea', { length: 32000 }),
            f('IsPrivate', 'boolean', { defaultValue: false, label: 'Private' })
        ]
    },
    {
        name: 'ContentNote',
        label: 'Note',
        labelPlural: 'Notes',
        owned: true,
        dmlAllowed: true,
        fields: [
            text('Title', 255, { required: true }),
            f('Content', 'base64'),
            derived('TextPreview', 'string', { length: 300 }),
            derived('FileType', 'string', { length: 20 })
        ]
    },
    {
        // Object Reference, "ContentVersion": a version of a file; VersionData is its content, PathOnClient its
        // file name, FirstPublishLocationId the record it is first published to, ContentLocation S (Salesforce),
        // E (external) or L (social). The ContentDocument and ContentDocumentLink rows the platform creates on
        // insert are not modelled: ContentDocumentId, IsLatest, VersionNumber, FileType and the other fields the
        // platform sets are left out (loud), and data-bridge/content-files.ts refuses what depends on them.
        name: 'ContentVersion',
        label: 'Content Version',
        labelPlural: 'Content Versions',
        owned: true,
        dmlAllowed: true,
        fields: [
            text('Title', 255),
            text('PathOnClient', 500),
            f('VersionData', 'base64'),
            pick('ContentLocation', ['S', 'E', 'L'], { restrictedPicklist: true }),
            // Polymorphic; the registry adds every custom object to referenceTo.
            lookup(
                'FirstPublishLocationId',
                ['Account', 'Contact', 'Opportunity', 'Lead', 'Case', 'User'],
                'FirstPublishLocation',
                {
                    updateable: false
                }
            ),
            f('Description', 'textarea', { length: 1000 }),
            text('ReasonForChange', 1000)
        ]
    },
    {
        // Object Reference, "ContentDistribution": a shared link to a file version. The platform generates its
        // URLs (ContentDownloadUrl, DistributionPublicUrl) on insert, which apexrt cannot reproduce: DML on it is
        // loud, and those fields are left out.
        name: 'ContentDistribution',
        label: 'Content Delivery',
        labelPlural: 'Content Deliveries',
        owned: true,
        dmlAllowed: true,
        dmlNotModelled: 'URLs the platform generates (ContentDownloadUrl, DistributionPublicUrl)',
        fields: [
            text('Name', 100),
            lookup('ContentVersionId', 'ContentVersion', 'ContentVersion', { updateable: false }),
            lookup('RelatedRecordId', ['Account', 'Contact', 'Opportunity', 'Lead', 'Case'], 'RelatedRecord'),
            f('PreferencesAllowOriginalDownload', 'boolean', { defaultValue: false }),
            f('PreferencesAllowPDFDownload', 'boolean', { defaultValue: false }),
            f('PreferencesAllowViewInBrowser', 'boolean', { defaultValue: false })
        ]
    },
    {
        // Object Reference, "EmailMessage": an email (TextBody, HtmlBody, Subject, FromName, FromAddress,
        // ToAddress, Incoming, Status '0'-'5', MessageDate, RelatedToId ...). Its JunctionIdList fields (ToIds,
        // CcIds, BccIds) link Contact, Lead and User records through EmailMessageRelation rows the platform
        // creates; apexrt models neither, so those fields are left out and DML on it is loud.
        name: 'EmailMessage',
        label: 'Email Message',
        labelPlural: 'Email Messages',
        owned: false,
        dmlAllowed: true,
        dmlNotModelled: 'EmailMessageRelation rows the platform creates from its addresses and Ids',
        fields: [
            f('TextBody', 'textarea', { length: 32000 }),
            f('HtmlBody', 'textarea', { length: 32000 }),
            f('Headers', 'textarea', { length: 32000 }),
            f('Subject', 'textarea', { length: 3000 }),
            text('FromName', 1000),
            f('FromAddress', 'email'),
            text('ToAddress', 4000),
            text('CcAddress', 4000),
            text('BccAddress', 4000),
            f('Incoming', 'boolean', { defaultValue: false }),
            f('IsClientManaged', 'boolean', { defaultValue: false }),
            pick('Status', ['0', '1', '2', '3', '4', '5']),
            f('MessageDate', 'datetime'),
            lookup('RelatedToId', ['Account', 'Contact', 'Opportunity', 'Lead', 'Case'], 'RelatedTo'),
            lookup('ParentId', 'Case', 'Parent')
        ]
    },
    {
        // Object Reference, "EmailMessageRelation": an email's sender or recipient (RelationType FromAddress,
        // ToAddress, CcAddress, BccAddress). Created by the platform with its EmailMessage: DML on it is loud.
        name: 'EmailMessageRelation',
        label: 'Email Message Relation',
        labelPlural: 'Email Message Relations',
        owned: false,
        dmlAllowed: true,
        dmlNotModelled: 'the relations the platform keeps for its EmailMessage',
        fields: [
            lookup('EmailMessageId', 'EmailMessage', 'EmailMessage', { updateable: false }),
            lookup('RelationId', ['Contact', 'Lead', 'User'], 'Relation'),
            pick('RelationType', ['FromAddress', 'ToAddress', 'CcAddress', 'BccAddress']),
            f('RelationAddress', 'email'),
            text('RelationObjectType', 40, { createable: false, updateable: false })
        ]
    },
    {
        name: 'ContentDocumentLink',
        label: 'Content Document Link',
        labelPlural: 'Content Document Link',
        owned: false,
        dmlAllowed: true,
        fields: [
            // On the platform this references ContentDocument; a ContentNote shares its ContentDocument's Id
            // (both 069), so apexrt resolves it against ContentNote rows (simplification, no ContentDocument table).
            lookup('ContentDocumentId', 'ContentNote', 'ContentDocument', {
                required: true,
                updateable: false,
                deleteConstraint: 'Cascade'
            }),
            lookup('LinkedEntityId', ['Account', 'Contact', 'Opportunity', 'User'], 'LinkedEntity', {
                required: true,
                updateable: false,
                deleteConstraint: 'Cascade'
            }),
            pick('ShareType', ['V', 'C', 'I'], { restrictedPicklist: true }),
            pick('Visibility', ['AllUsers', 'InternalUsers', 'SharedUsers'], { restrictedPicklist: true })
        ]
    }
];

/** One currency of a multi-currency org (a CurrencyType row). */
export interface CurrencySpec {
    isoCode: string;
    active: boolean;
    corporate?: boolean;
    conversionRate?: number;
    decimalPlaces?: number;
}

/**
 * The currencies of a multi-currency org when the org shape names none: the corporate currency USD and EUR, GBP,
 * all active (the values apexrt's CurrencyIsoCode picklist always had).
 */
export const DEFAULT_CURRENCIES: readonly CurrencySpec[] = [
    { isoCode: 'USD', active: true, corporate: true },
    { isoCode: 'EUR', active: true },
    { isoCode: 'GBP', active: true }
];

/**
 * CurrencyType (Object Reference, CurrencyType: "Represents the currencies used by an organization for which the
 * multicurrency feature is enabled"; "not available in single-currency organizations"): only in multi-currency
 * orgs. Apex DML on it is not modelled (its rows come from the org shape).
 */
export function currencyTypeSpec(currencies: readonly CurrencySpec[]): StandardObjectSpec {
    return {
        name: 'CurrencyType',
        label: 'Currency Type',
        labelPlural: 'Currency Types',
        owned: false,
        dmlAllowed: false,
        fields: [
            // Definition order (what ORDER BY a picklist follows) is not documented for IsoCode; apexrt lists the
            // codes alphabetically, as the org's currency picklists show them (INFERRED).
            pick('IsoCode', currencies.map((c) => c.isoCode).sort(), {
                label: 'Currency ISO Code',
                restrictedPicklist: true
            }),
            f('IsActive', 'boolean', { label: 'Active' }),
            f('IsCorporate', 'boolean', { label: 'Corporate Currency' }),
            f('ConversionRate', 'double', { precision: 18, scale: 6 }),
            f('DecimalPlaces', 'int')
        ]
    };
}
