/**
 * The metadata gate against the Metadata API's schema and documented rules: each case plants, in a temporary SFDX
 * project, the package's files as they were before issue 23 (items 1–5) and expects a finding with file, line and
 * reason; the fixed copy of the same files must pass.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkMetadataRules } from './metadata-rules';
import { checkMetadata } from './metadata';
import { listFiles } from './project-files';
import { formatFinding } from './finding';

jest.setTimeout(120_000);

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const D = 'force-app/main/default';

interface Options {
    definitionFile?: string;
    packaged?: boolean;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function plant(files: Record<string, string>, options: Options = {}): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metadata-rules-'));
    dirs.push(dir);
    const packageDirectory = {
        path: 'force-app',
        default: true,
        ...(options.packaged === false ? {} : { package: 'Fixture' }),
        ...(options.definitionFile ? { definitionFile: options.definitionFile } : {})
    };
    const all: Record<string, string> = {
        'sfdx-project.json': JSON.stringify({ packageDirectories: [packageDirectory], sourceApiVersion: '65.0' }),
        ...files
    };
    for (const [name, text] of Object.entries(all)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
}

function run(files: Record<string, string>, options?: Options): string[] {
    const dir = plant(files, options);
    return checkMetadataRules(dir, listFiles(path.join(dir, 'force-app'))).map(formatFinding);
}

const xml = (root: string, body: string): string =>
    `<?xml version="1.0" encoding="UTF-8" ?>\n<${root} ${NS}>\n${body}</${root}>\n`;

// ----- item 1: external credential scope ------------------------------------------------------------------------

const credential = (scope: string): string =>
    xml(
        'ExternalCredential',
        `    <authenticationProtocol>Oauth</authenticationProtocol>
    <externalCredentialParameters>
        <parameterGroup>Referrals_Admin</parameterGroup>
        <parameterName>Referrals_Admin</parameterName>
        <parameterType>NamedPrincipal</parameterType>
        <sequenceNumber>1</sequenceNumber>
    </externalCredentialParameters>
    <externalCredentialParameters>
        <parameterGroup>Referrals_Admin</parameterGroup>
        <parameterName>Scope</parameterName>
        <parameterType>${scope}</parameterType>
        <parameterValue>https://api.partner.microsoft.com/.default offline_access</parameterValue>
    </externalCredentialParameters>
    <label>Partner Center Referrals</label>
`
    );
const CREDENTIAL = `${D}/externalCredentials/Partner_Center_Referrals.externalCredential-meta.xml`;

describe('item 1: ExternalCredential parameterType', () => {
    test('AuthProviderScope is not a value of ExternalCredentialParamType', () => {
        expect(run({ [CREDENTIAL]: credential('AuthProviderScope') })).toEqual([
            expect.stringMatching(
                new RegExp(
                    `^${CREDENTIAL}:13: \\[metadata\\] schema: 'AuthProviderScope' is not a value of ExternalCredentialParamType`
                )
            )
        ]);
    });

    test('a scope as AuthParameter named Scope passes', () => {
        expect(run({ [CREDENTIAL]: credential('AuthParameter') })).toEqual([]);
    });
});

// ----- item 2: layout element ------------------------------------------------------------------------------------

const layout = (extra: string): string =>
    xml(
        'Layout',
        `    <layoutSections>
        <editHeading>true</editHeading>
        <label>Information</label>
        <style>TwoColumnsTopToBottom</style>
    </layoutSections>
    <showHighlightsPanel>false</showHighlightsPanel>
${extra}    <showSubmitAndAttachButton>false</showSubmitAndAttachButton>
`
    );
const LAYOUT = `${D}/layouts/Opportunity-Co-Sell Opportunity Layout.layout-meta.xml`;

describe('item 2: Layout elements', () => {
    test('showSubmitToApproval is not an element of Layout (through the whole gate)', async () => {
        const dir = plant({ [LAYOUT]: layout('    <showSubmitToApproval>false</showSubmitToApproval>\n') });
        const { findings } = await checkMetadata(dir, { convert: false });
        expect(findings.map(formatFinding)).toEqual([
            `${LAYOUT}:9: [metadata] schema: <showSubmitToApproval> is not an element of Layout (Metadata API WSDL, @salesforce/types 1.9.0)`
        ]);
    });

    test('a bad enum value, boolean and number fail too; the fixed layout passes', () => {
        const bad = layout('').replace('TwoColumnsTopToBottom', 'ThreeColumns').replace('>true<', '>yes<');
        expect(run({ [LAYOUT]: bad })).toEqual([
            expect.stringContaining(
                `${LAYOUT}:4: [metadata] schema: 'yes' is not a boolean (LayoutSection.editHeading)`
            ),
            expect.stringContaining(
                `${LAYOUT}:6: [metadata] schema: 'ThreeColumns' is not a value of LayoutSectionStyle`
            )
        ]);
        expect(run({ [LAYOUT]: layout('') })).toEqual([]);
    });
});

// ----- item 3: report on a custom report type --------------------------------------------------------------------

const reportType = (extraColumns: string): string =>
    xml(
        'ReportType',
        `    <baseObject>Sync_Log__c</baseObject>
    <category>other</category>
    <deployed>true</deployed>
    <label>Co-Sell Sync Logs</label>
    <sections>
        <columns>
            <checkedByDefault>true</checkedByDefault>
            <field>Direction__c</field>
            <table>Sync_Log__c</table>
        </columns>
        <columns>
            <checkedByDefault>true</checkedByDefault>
            <field>Outcome__c</field>
            <table>Sync_Log__c</table>
        </columns>
${extraColumns}        <masterLabel>Sync Logs</masterLabel>
    </sections>
`
    );
const CREATED_DATE_COLUMN = `        <columns>
            <checkedByDefault>true</checkedByDefault>
            <field>CreatedDate</field>
            <table>Sync_Log__c</table>
        </columns>
`;
const report = (direction: string, outcome: string, date: string): string =>
    xml(
        'Report',
        `    <columns>
        <field>${direction}</field>
    </columns>
    <filter>
        <criteriaItems>
            <column>${outcome}</column>
            <isUnlocked>true</isUnlocked>
            <operator>equals</operator>
            <value>Failed</value>
        </criteriaItems>
    </filter>
    <format>Tabular</format>
    <name>Failed syncs</name>
    <reportType>Co_Sell_Sync_Logs__c</reportType>
    <scope>organization</scope>
    <showDetails>true</showDetails>
    <timeFrameFilter>
        <dateColumn>${date}</dateColumn>
        <interval>INTERVAL_LAST30</interval>
    </timeFrameFilter>
`
    );
const REPORT = `${D}/reports/CoSell_Reports/Failed_Syncs.report-meta.xml`;
const REPORT_TYPE = `${D}/reportTypes/Co_Sell_Sync_Logs.reportType-meta.xml`;

describe('item 3: report columns of a custom report type', () => {
    test('standard-report-type column names and a date column the report type lacks fail', () => {
        const findings = run({
            [REPORT_TYPE]: reportType(''),
            [REPORT]: report('Sync_Log__c.Direction__c', 'Sync_Log__c.Outcome__c', 'CUST_CREATED_DATE')
        });
        expect(findings).toEqual([
            expect.stringContaining(
                `${REPORT}:4: [metadata] report-column: 'Sync_Log__c.Direction__c' is not a column`
            ),
            expect.stringContaining(`${REPORT}:8: [metadata] report-column: 'Sync_Log__c.Outcome__c' is not a column`),
            expect.stringContaining(`${REPORT}:20: [metadata] report-column: 'CUST_CREATED_DATE' is not a column`)
        ]);
    });

    test('Table$Field form with a column the report type does not list still fails', () => {
        const findings = run({
            [REPORT_TYPE]: reportType(''),
            [REPORT]: report('Sync_Log__c$Direction__c', 'Sync_Log__c$Outcome__c', 'Sync_Log__c$CreatedDate')
        });
        expect(findings).toEqual([
            expect.stringContaining(
                `${REPORT}:20: [metadata] report-column: custom report type Co_Sell_Sync_Logs__c has no column 'Sync_Log__c$CreatedDate'`
            )
        ]);
    });

    test('the fixed report and report type pass', () => {
        expect(
            run({
                [REPORT_TYPE]: reportType(CREATED_DATE_COLUMN),
                [REPORT]: report('Sync_Log__c$Direction__c', 'Sync_Log__c$Outcome__c', 'Sync_Log__c$CreatedDate')
            })
        ).toEqual([]);
    });
});

// ----- issue 20: a dashboard names reports the package holds -------------------------------------------------------

const dashboard = (reportName: string): string =>
    xml(
        'Dashboard',
        `    <backgroundEndColor>#FFFFFF</backgroundEndColor>
    <backgroundFadeDirection>Diagonal</backgroundFadeDirection>
    <backgroundStartColor>#FFFFFF</backgroundStartColor>
    <dashboardType>LoggedInUser</dashboardType>
    <leftSection>
        <columnSize>Medium</columnSize>
        <components>
            <autoselectColumnsFromReport>true</autoselectColumnsFromReport>
            <componentType>Table</componentType>
            <header>Failed syncs</header>
            <report>${reportName}</report>
        </components>
    </leftSection>
    <rightSection>
        <columnSize>Medium</columnSize>
    </rightSection>
    <textColor>#000000</textColor>
    <title>Co-sell</title>
    <titleColor>#000000</titleColor>
    <titleSize>12</titleSize>
`
    );
const DASHBOARD = `${D}/dashboards/CoSell_Dashboards/Microsoft_Co_Sell.dashboard-meta.xml`;
const FIXED_REPORT = report('Sync_Log__c$Direction__c', 'Sync_Log__c$Outcome__c', 'Sync_Log__c$CreatedDate');

describe('issue 20: dashboard components name reports of the package', () => {
    test('a report that does not exist, or sits in another folder, fails with the line', () => {
        for (const missing of ['CoSell_Reports/Failed_Sync', 'Other_Folder/Failed_Syncs'])
            expect(
                run({
                    [REPORT_TYPE]: reportType(CREATED_DATE_COLUMN),
                    [REPORT]: FIXED_REPORT,
                    [DASHBOARD]: dashboard(missing)
                })
            ).toEqual([
                expect.stringContaining(
                    `${DASHBOARD}:13: [metadata] dashboard-report: the dashboard component names report '${missing}', which is not in the package`
                )
            ]);
    });

    test('a report of the package passes', () => {
        expect(
            run({
                [REPORT_TYPE]: reportType(CREATED_DATE_COLUMN),
                [REPORT]: FIXED_REPORT,
                [DASHBOARD]: dashboard('CoSell_Reports/Failed_Syncs')
            })
        ).toEqual([]);
    });
});

// ----- issue 20: a list button opens a standard list controller page of the package -------------------------------

const listButton = (page: string): string =>
    xml(
        'WebLink',
        `    <fullName>Share_With_Microsoft</fullName>
    <availability>online</availability>
    <displayType>massActionButton</displayType>
    <linkType>page</linkType>
    <masterLabel>Share with Microsoft</masterLabel>
    <openType>replace</openType>
    <page>${page}</page>
    <protected>false</protected>
    <requireRowSelection>true</requireRowSelection>
`
    );
const page = (attributes: string): string => `<apex:page\n    ${attributes}\n>\n    <apex:form />\n</apex:page>\n`;
const PAGE_META = xml('ApexPage', '    <apiVersion>65.0</apiVersion>\n    <label>Share</label>\n');
const BUTTON = `${D}/objects/Opportunity/webLinks/Share_With_Microsoft.webLink-meta.xml`;
const PAGE = `${D}/pages/CoSellShare.page`;
const EXTENSION = {
    [`${D}/classes/CoSellShareListExtension.cls`]: 'public class CoSellShareListExtension {}',
    [`${D}/classes/CoSellShareListExtension.cls-meta.xml`]: xml(
        'ApexClass',
        '    <apiVersion>65.0</apiVersion>\n    <status>Active</status>\n'
    )
};
const LIST_PAGE = 'standardController="Opportunity" recordSetVar="opportunities" extensions="CoSellShareListExtension"';

describe('issue 20: list buttons open standard list controller pages of the package', () => {
    test('a list button whose page is missing, not a list page, or of another object fails with the line', () => {
        expect(run({ [BUTTON]: listButton('Nowhere') })).toEqual([
            expect.stringContaining(
                `${BUTTON}:9: [metadata] list-button-page: the link opens page 'Nowhere', which is not in the package`
            )
        ]);
        for (const attributes of [
            'standardController="Opportunity" extensions="CoSellShareListExtension"',
            'standardController="Account" recordSetVar="accounts" extensions="CoSellShareListExtension"'
        ])
            expect(
                run({
                    [BUTTON]: listButton('CoSellShare'),
                    [PAGE]: page(attributes),
                    [`${PAGE}-meta.xml`]: PAGE_META,
                    ...EXTENSION
                })
            ).toEqual([
                expect.stringContaining(
                    `${BUTTON}:9: [metadata] list-button-page: a list button of Opportunity opens page 'CoSellShare', which does not use the Opportunity standard list controller`
                )
            ]);
    });

    test('a page naming a class the package lacks, or two controllers, fails with the line', () => {
        expect(
            run({
                [PAGE]: page('standardController="Opportunity" recordSetVar="o" extensions="Gone"'),
                [`${PAGE}-meta.xml`]: PAGE_META
            })
        ).toEqual([
            expect.stringContaining(
                `${PAGE}:2: [metadata] visualforce-page: the page's extensions names class 'Gone', which is not in the package`
            )
        ]);
        expect(
            run({
                [PAGE]: page('standardController="Opportunity" controller="CoSellShareListExtension"'),
                [`${PAGE}-meta.xml`]: PAGE_META,
                ...EXTENSION
            })
        ).toEqual([
            expect.stringContaining(
                `${PAGE}:2: [metadata] visualforce-page: the page sets both standardController and controller`
            )
        ]);
    });

    test("the object's standard list controller page with its extension passes", () => {
        expect(
            run({
                [BUTTON]: listButton('CoSellShare'),
                [PAGE]: page(LIST_PAGE),
                [`${PAGE}-meta.xml`]: PAGE_META,
                ...EXTENSION
            })
        ).toEqual([]);
    });
});

// ----- issue 20: flow quick actions run packaged flows, which call packaged invocable Apex -------------------------

const flowAction = (flow: string): string =>
    xml(
        'QuickAction',
        `    <flowDefinition>${flow}</flowDefinition>
    <label>Accept referral (mobile)</label>
    <optionsCreateFeedItem>false</optionsCreateFeedItem>
    <type>Flow</type>
`
    );
const flowCalling = (action: string): string =>
    xml(
        'Flow',
        `    <actionCalls>
        <name>Answer</name>
        <label>Answer</label>
        <locationX>0</locationX>
        <locationY>0</locationY>
        <actionName>${action}</actionName>
        <actionType>apex</actionType>
    </actionCalls>
    <apiVersion>65.0</apiVersion>
    <label>Accept referral</label>
    <processType>Flow</processType>
    <status>Active</status>
`
    );
const QUICK_ACTION = `${D}/quickActions/Opportunity.Accept_Referral_Mobile.quickAction-meta.xml`;
const FLOW = `${D}/flows/CoSell_Accept.flow-meta.xml`;
const INVOCABLE = (body: string): Record<string, string> => ({
    [`${D}/classes/CoSellReferralAnswer.cls`]: `public class CoSellReferralAnswer {\n${body}\n}`,
    [`${D}/classes/CoSellReferralAnswer.cls-meta.xml`]: xml(
        'ApexClass',
        '    <apiVersion>65.0</apiVersion>\n    <status>Active</status>\n'
    )
});
const INVOCABLE_METHOD =
    "    @InvocableMethod(label='Answer')\n    public static List<String> answer(List<String> r) { return r; }";

describe('issue 20: flow quick actions run flows of the package that call its invocable Apex', () => {
    test('a missing flow, or an Apex action that is no invocable class of the package, fails with the line', () => {
        expect(run({ [QUICK_ACTION]: flowAction('CoSell_Gone') })).toEqual([
            expect.stringContaining(
                `${QUICK_ACTION}:3: [metadata] flow-action: the quick action runs flow 'CoSell_Gone', which is not in the package`
            )
        ]);
        for (const classes of [{}, INVOCABLE('    public static void answer() {}')])
            expect(
                run({
                    [QUICK_ACTION]: flowAction('CoSell_Accept'),
                    [FLOW]: flowCalling('CoSellReferralAnswer'),
                    ...classes
                })
            ).toEqual([
                expect.stringContaining(
                    `${FLOW}:8: [metadata] flow-action: the flow calls Apex action 'CoSellReferralAnswer', which is no class of the package with an @InvocableMethod`
                )
            ]);
    });

    test('a packaged flow calling a packaged invocable class passes', () => {
        expect(
            run({
                [QUICK_ACTION]: flowAction('CoSell_Accept'),
                [FLOW]: flowCalling('CoSellReferralAnswer'),
                ...INVOCABLE(INVOCABLE_METHOD)
            })
        ).toEqual([]);
    });
});

// ----- item 4: permission dependencies and master-detail children -------------------------------------------------

const objectPermission = (object: string, flags: string): string => {
    const has = (f: string): boolean => flags.split(',').includes(f);
    return `    <objectPermissions>
        <allowCreate>${has('C')}</allowCreate>
        <allowDelete>${has('D')}</allowDelete>
        <allowEdit>${has('E')}</allowEdit>
        <allowRead>${has('R')}</allowRead>
        <modifyAllRecords>${has('MA')}</modifyAllRecords>
        <object>${object}</object>
        <viewAllRecords>${has('VA')}</viewAllRecords>
    </objectPermissions>
`;
};
const permissionSet = (...permissions: string[]): string =>
    xml('PermissionSet', `    <label>Co-Sell Admin</label>\n${permissions.join('')}`);
const ADMIN = `${D}/permissionsets/CoSell_Admin.permissionset-meta.xml`;
const relationship = (type: 'MasterDetail' | 'Lookup', master: string): string =>
    xml(
        'CustomField',
        `    <fullName>Opportunity__c</fullName>
${type === 'Lookup' ? '    <deleteConstraint>Restrict</deleteConstraint>\n' : ''}    <label>Opportunity</label>
    <referenceTo>${master}</referenceTo>
    <relationshipName>Opportunity_Solutions</relationshipName>
${type === 'Lookup' ? '    <required>true</required>\n' : ''}    <type>${type}</type>
`
    );
const CHILD_FIELD = `${D}/objects/Opportunity_Solution__c/fields/Opportunity__c.field-meta.xml`;

describe('item 4: object permissions', () => {
    test('Delete without Edit fails (Read ⊂ Edit ⊂ Delete ⊂ Modify All)', () => {
        expect(run({ [ADMIN]: permissionSet(objectPermission('Sync_Log__c', 'D,R,VA')) })).toEqual([
            `${ADMIN}:4: [metadata] permission-dependency: Delete on Sync_Log__c requires Edit on Sync_Log__c (Object Reference, ObjectPermissions)`
        ]);
        expect(run({ [ADMIN]: permissionSet(objectPermission('Sync_Log__c', 'MA,R')) })).toEqual([
            expect.stringContaining('Modify All on Sync_Log__c requires Edit and Delete and View All on Sync_Log__c')
        ]);
        expect(run({ [ADMIN]: permissionSet(objectPermission('Sync_Log__c', 'VA')) })).toEqual([
            expect.stringContaining('View All on Sync_Log__c requires Read on Sync_Log__c')
        ]);
    });

    test('a packaged set granting a master-detail child of Opportunity fails', () => {
        const findings = run({
            [CHILD_FIELD]: relationship('MasterDetail', 'Opportunity'),
            [ADMIN]: permissionSet(objectPermission('Opportunity_Solution__c', 'C,D,E,R,MA,VA'))
        });
        expect(findings).toEqual([
            expect.stringContaining(
                `${ADMIN}:4: [metadata] packaged-master-detail: a packaged permission set cannot carry object permissions for Opportunity_Solution__c`
            )
        ]);
    });

    test("an unpackaged set granting a detail object without the master's Read / View All fails", () => {
        const findings = run(
            {
                [CHILD_FIELD]: relationship('MasterDetail', 'Opportunity'),
                [ADMIN]: permissionSet(objectPermission('Opportunity_Solution__c', 'C,D,E,R,MA,VA'))
            },
            { packaged: false }
        );
        expect(findings).toEqual([
            expect.stringContaining(
                `${ADMIN}:4: [metadata] master-detail-permission: Opportunity_Solution__c is the detail of Opportunity: its permissions require Read and View All on Opportunity`
            )
        ]);
        expect(
            run(
                {
                    [CHILD_FIELD]: relationship('MasterDetail', 'Opportunity'),
                    [ADMIN]: permissionSet(
                        objectPermission('Opportunity', 'R,VA'),
                        objectPermission('Opportunity_Solution__c', 'C,D,E,R,MA,VA')
                    )
                },
                { packaged: false }
            )
        ).toEqual([]);
    });

    test('the fixed sets pass: Edit with Delete, children on a required lookup', () => {
        expect(
            run({
                [CHILD_FIELD]: relationship('Lookup', 'Opportunity'),
                [ADMIN]: permissionSet(
                    objectPermission('Opportunity_Solution__c', 'C,D,E,R,MA,VA'),
                    objectPermission('Sync_Log__c', 'D,E,R,VA')
                )
            })
        ).toEqual([]);
    });
});

// ----- item 5: translations, label lengths, tab motifs -----------------------------------------------------------

const OBJECT = `${D}/objects/Partner_Center_Solution__c/Partner_Center_Solution__c.object-meta.xml`;
const customObject = (plural: string): string =>
    xml(
        'CustomObject',
        `    <deploymentStatus>Deployed</deploymentStatus>
    <label>Partner Center Solution</label>
    <nameField>
        <label>Solution Name</label>
        <type>Text</type>
    </nameField>
    <pluralLabel>${plural}</pluralLabel>
    <sharingModel>ReadWrite</sharingModel>
`
    );
const OBJECT_TRANSLATION = `${D}/objectTranslations/Opportunity_Solution__c-cs/Opportunity_Solution__c-cs.objectTranslation-meta.xml`;
const objectTranslation = (name: string): string =>
    xml(
        'CustomObjectTranslation',
        `    <caseValues>\n        <plural>false</plural>\n        <value>${name}</value>\n    </caseValues>\n`
    );
const TRANSLATION = `${D}/translations/cs.translation-meta.xml`;
const TRANSLATIONS = xml(
    'Translations',
    '    <customLabels>\n        <label>Zrušit</label>\n        <name>CoSell_Cancel</name>\n    </customLabels>\n'
);
const TAB = `${D}/tabs/Sync_Log__c.tab-meta.xml`;
const tab = (motif: string): string =>
    xml('CustomTab', `    <customObject>true</customObject>\n    <motif>${motif}</motif>\n`);
const SCRATCH = 'config/project-scratch-def.json';
const scratch = (languageSettings?: Record<string, boolean>): string =>
    JSON.stringify({ edition: 'Developer', settings: { ...(languageSettings ? { languageSettings } : {}) } }, null, 2);

describe('item 5: translations, labels and tabs', () => {
    const today = {
        [OBJECT]: customObject('Microsoft Partner Center Solutions Catalog'),
        [OBJECT_TRANSLATION]: objectTranslation('Řešení Microsoft Partner Center u příležitosti'),
        [TRANSLATION]: TRANSLATIONS,
        [TAB]: tab('Custom62: Computer'),
        [SCRATCH]: scratch()
    };

    test('as before the fix: label lengths, tab motif and translation settings fail', () => {
        expect(run(today)).toEqual([
            expect.stringContaining(
                `${OBJECT_TRANSLATION}:5: [metadata] label-length: translated object name 'Řešení Microsoft Partner Center u příležitosti' is 46 characters`
            ),
            `${OBJECT}:9: [metadata] label-length: object plural label 'Microsoft Partner Center Solutions Catalog' is 42 characters; the limit is 40 (Salesforce Help 000381913)`,
            `${TAB}:4: [metadata] tab-motif: 'Custom62: Computer' is not in the documented motif list (Custom62 is 'Chalkboard') (Metadata API, CustomTab motif)`,
            expect.stringMatching(
                /^sfdx-project\.json: \[metadata\] translation-settings: package directory force-app has translations .* but no definitionFile/
            ),
            expect.stringMatching(
                /^config\/project-scratch-def\.json:1: \[metadata\] translation-settings: the project scratch org definition needs settings\.languageSettings enableTranslationWorkbench: true, enableEndUserLanguages: true .*end-user language: cs/
            )
        ]);
    });

    test('Translation Workbench alone is not enough for Czech, an end-user language', () => {
        const findings = run(
            { ...today, [SCRATCH]: scratch({ enableTranslationWorkbench: true }) },
            { definitionFile: SCRATCH }
        );
        expect(findings.filter((f) => f.includes('translation-settings'))).toEqual([
            expect.stringContaining('needs settings.languageSettings enableEndUserLanguages: true')
        ]);
    });

    test('a misspelt language setting fails against the LanguageSettings type', () => {
        const findings = run(
            {
                [SCRATCH]: scratch({
                    enableTranslationWorkbench: true,
                    enableEndUserLanguages: true,
                    enableTranslationWorkbnch: true
                })
            },
            { definitionFile: SCRATCH }
        );
        expect(findings).toEqual([
            `${SCRATCH}:7: [metadata] schema: enableTranslationWorkbnch is not a field of LanguageSettings`
        ]);
    });

    test('the fixed copies pass', () => {
        expect(
            run(
                {
                    [OBJECT]: customObject('Partner Center Solutions Catalog'),
                    [OBJECT_TRANSLATION]: objectTranslation('Řešení Partner Center u příležitosti'),
                    [TRANSLATION]: TRANSLATIONS,
                    [TAB]: tab('Custom21: Computer'),
                    [SCRATCH]: scratch({ enableTranslationWorkbench: true, enableEndUserLanguages: true })
                },
                { definitionFile: SCRATCH }
            )
        ).toEqual([]);
    });
});

describe('schema', () => {
    test('a file whose root is no Metadata API type fails', () => {
        expect(
            run({ [`${D}/tabs/Odd.tab-meta.xml`]: xml('CustomTabb', '    <motif>Custom19: Wrench</motif>\n') })
        ).toEqual([
            expect.stringContaining(
                `${D}/tabs/Odd.tab-meta.xml:2: [metadata] schema: <CustomTabb> is not a Metadata API type`
            )
        ]);
    });

    test('a missing required element fails', () => {
        const bad = credential('AuthParameter').replace('        <parameterName>Scope</parameterName>\n', '');
        expect(run({ [CREDENTIAL]: bad })).toEqual([
            `${CREDENTIAL}:10: [metadata] schema: <externalCredentialParameters> (ExternalCredentialParameter) lacks its required <parameterName> (Metadata API WSDL, @salesforce/types 1.9.0)`
        ]);
    });

    test('text where the schema has elements fails', () => {
        const bad = credential('AuthParameter').replace(
            /<externalCredentialParameters>[\s\S]*?<\/externalCredentialParameters>/,
            '<externalCredentialParameters>Scope</externalCredentialParameters>'
        );
        expect(run({ [CREDENTIAL]: bad })).toEqual([
            expect.stringContaining(
                `${CREDENTIAL}:4: [metadata] schema: <externalCredentialParameters> is a ExternalCredentialParameter and holds elements, not text`
            )
        ]);
    });
});
