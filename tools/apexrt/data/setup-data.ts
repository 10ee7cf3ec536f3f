/**
 * Setup data every run starts with (docs/reference/apex-semantics.md §4.3): the Organization row, the "System Administrator",
 * "Standard User" and "Minimum Access - Salesforce" profiles, the running user (a System Administrator) and the Automated Process user, plus the
 * RecordType rows declared in the source metadata. Tests see these rows without SeeAllData (Apex Developer Guide,
 * "Isolation of Test Data from Organization Data": User, Profile, Organization, RecordType are visible).
 */
import { Decimal } from '../core/values';
import { Database } from './database';
import { DEFAULT_CURRENCIES, OPPORTUNITY_STAGES } from './schema/standard-objects';

export interface SetupData {
    organizationId: string;
    adminProfileId: string;
    standardProfileId: string;
    minimumAccessProfileId: string;
    runningUserId: string;
    automatedProcessUserId: string;
}

export interface SetupOptions {
    timeZoneSidKey?: string;
    localeSidKey?: string;
    languageLocaleKey?: string;
    organizationName?: string;
    namespacePrefix?: string;
    /** Organization.OrganizationType (default 'Developer Edition', the org apexrt models). */
    organizationType?: string;
}

export function seedSetupData(db: Database, options: SetupOptions = {}): SetupData {
    const tz = options.timeZoneSidKey ?? 'America/Los_Angeles';
    const locale = options.localeSidKey ?? 'en_US';
    const language = options.languageLocaleKey ?? 'en_US';
    const organizationId = db.insertSystemRow('Organization', {
        Name: options.organizationName ?? 'apexrt',
        TimeZoneSidKey: tz,
        DefaultLocaleSidKey: locale,
        LanguageLocaleKey: language,
        IsSandbox: false,
        OrganizationType: options.organizationType ?? 'Developer Edition',
        InstanceName: 'LOCAL',
        NamespacePrefix: options.namespacePrefix ?? null
    });
    OPPORTUNITY_STAGES.forEach((stage, i) =>
        db.insertSystemRow('OpportunityStage', {
            ApiName: stage.name,
            MasterLabel: stage.name,
            IsActive: true,
            IsClosed: stage.closed,
            IsWon: stage.won,
            DefaultProbability: new Decimal(String(stage.probability)),
            ForecastCategory: stage.forecastCategory,
            ForecastCategoryName: stage.forecastCategoryName,
            SortOrder: i + 1
        })
    );
    const adminProfileId = db.insertSystemRow('Profile', { Name: 'System Administrator', UserType: 'Standard' });
    const standardProfileId = db.insertSystemRow('Profile', { Name: 'Standard User', UserType: 'Standard' });
    const minimumAccessProfileId = db.insertSystemRow('Profile', {
        Name: 'Minimum Access - Salesforce',
        UserType: 'Standard'
    });
    // The other standard profiles of a Developer Edition org, so queries for them find a row; their permissions
    // are not modelled (every access check for their users is unsupported, data-bridge/permissions.ts).
    for (const name of [
        'Read Only',
        'Solution Manager',
        'Marketing User',
        'Contract Manager',
        'Standard Platform User'
    ])
        db.insertSystemRow('Profile', { Name: name, UserType: 'Standard' });
    const user = (last: string, alias: string, userType: string) =>
        db.insertSystemRow('User', {
            FirstName: null,
            LastName: last,
            Username: `${alias.toLowerCase()}@apexrt.local`,
            Email: `${alias.toLowerCase()}@apexrt.local`,
            Alias: alias,
            ProfileId: adminProfileId,
            IsActive: true,
            TimeZoneSidKey: tz,
            LocaleSidKey: locale,
            LanguageLocaleKey: language,
            EmailEncodingKey: 'UTF-8',
            UserType: userType
        });
    const runningUserId = user('Admin', 'admin', 'Standard');
    const automatedProcessUserId = user('Automated Process', 'autoproc', 'AutomatedProcess');
    db.runningUserId = runningUserId;
    for (const object of db.schema.allObjects()) {
        if (object.name === 'EntityDefinition') continue;
        // A custom object of a namespaced package carries its prefix in QualifiedApiName (Object Reference,
        // EntityDefinition: QualifiedApiName is the namespaced API name).
        const ns = object.kind !== 'standard' ? (db.schema.options.namespace ?? null) : null;
        db.insertSystemRow('EntityDefinition', {
            QualifiedApiName: ns ? `${ns}__${object.name}` : object.name,
            DeveloperName: object.name.replace(/__(c|mdt|e)$/i, ''),
            NamespacePrefix: ns,
            Label: object.label,
            PluralLabel: object.labelPlural,
            KeyPrefix: object.keyPrefix
        });
    }
    for (const rt of db.schema.recordTypes) {
        db.insertSystemRow('RecordType', {
            Name: rt.name,
            DeveloperName: rt.developerName,
            SobjectType: rt.sobjectType,
            IsActive: rt.active,
            Description: rt.description ?? null,
            NamespacePrefix: options.namespacePrefix ?? null
        });
    }
    // The lead statuses of a new org (Setup → Lead Status picklist); "Closed - Converted" is the converted one.
    // INFERRED: tests see them without SeeAllData (the Apex Reference's LeadConvert example queries LeadStatus).
    if (db.schema.getObject('LeadStatus')) {
        const statuses: Array<[string, boolean, boolean]> = [
            ['Open - Not Contacted', false, true],
            ['Working - Contacted', false, false],
            ['Closed - Converted', true, false],
            ['Closed - Not Converted', false, false]
        ];
        statuses.forEach(([name, converted, isDefault], i) =>
            db.insertSystemRow('LeadStatus', {
                ApiName: name,
                MasterLabel: name,
                IsConverted: converted,
                IsDefault: isDefault,
                SortOrder: i + 1
            })
        );
    }
    // A multi-currency org's currencies (CurrencyType). INFERRED: tests see them without SeeAllData, like the
    // other setup rows above (the isolation page does not list CurrencyType).
    if (db.schema.options.multiCurrency) {
        for (const c of db.schema.options.currencies ?? DEFAULT_CURRENCIES) {
            db.insertSystemRow('CurrencyType', {
                IsoCode: c.isoCode,
                IsActive: c.active,
                IsCorporate: c.corporate === true,
                ConversionRate: c.conversionRate ?? 1,
                DecimalPlaces: c.decimalPlaces ?? 2
            });
        }
    }
    return {
        organizationId,
        adminProfileId,
        standardProfileId,
        minimumAccessProfileId,
        runningUserId,
        automatedProcessUserId
    };
}
