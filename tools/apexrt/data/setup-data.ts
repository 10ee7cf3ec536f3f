/**
 * Setup data every run starts with (local-apex-runtime.md §4.3): the Organization row, the "System Administrator",
 * "Standard User" and "Minimum Access - Salesforce" profiles, the running user (a System Administrator) and the Automated Process user, plus the
 * RecordType rows declared in the source metadata. Tests see these rows without SeeAllData (Apex Developer Guide,
 * "Isolation of Test Data from Organization Data": User, Profile, Organization, RecordType are visible).
 */
import { Decimal } from '../core/values';
import { Database } from './database';
import { OPPORTUNITY_STAGES } from './schema/standard-objects';

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
        OrganizationType: 'Developer Edition',
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
    return {
        organizationId,
        adminProfileId,
        standardProfileId,
        minimumAccessProfileId,
        runningUserId,
        automatedProcessUserId
    };
}
