/**
 * The local org's default data, so `npm start` shows something real: customer accounts with contacts, the
 * co-sell solutions catalog and opportunities in different sync situations. Inserted through the package's
 * triggers like any other data (with sync off, so nothing is sent until someone turns it on).
 */
import { ApexDate, Decimal, SObject } from '../apexrt';
import { LocalOrg } from './local-org';

interface Customer {
    name: string;
    country: string;
    city: string;
    postalCode: string;
    contact: [string, string, string];
    deal: { name: string; amount: number; stage: string };
}

const CUSTOMERS: Customer[] = [
    {
        name: 'Contoso Ltd',
        country: 'US',
        city: 'Bellevue',
        postalCode: '98004',
        contact: ['Ana', 'Lee', 'ana.lee@contoso.example'],
        deal: { name: 'Contoso – Azure landing zone', amount: 120000, stage: 'Qualification' }
    },
    {
        name: 'Fabrikam s.r.o.',
        country: 'CZ',
        city: 'Praha',
        postalCode: '11000',
        contact: ['Jana', 'Nováková', 'jana.novakova@fabrikam.example'],
        deal: { name: 'Fabrikam – data platform', amount: 48000, stage: 'Needs Analysis' }
    },
    {
        name: 'Northwind Traders',
        country: 'DE',
        city: 'Berlin',
        postalCode: '10115',
        contact: ['Max', 'Weber', 'max.weber@northwind.example'],
        deal: { name: 'Northwind – Dynamics rollout', amount: 75000, stage: 'Prospecting' }
    }
];

const SOLUTIONS: Array<[string, string]> = [
    ['SOL-6115380-IPC', 'Migration Factory'],
    ['SOL-6115380-DAT', 'Data Estate Modernisation'],
    ['SOL-6115380-SEC', 'Zero Trust Assessment']
];

export function insertDefaultData(org: LocalOrg): void {
    const schema = org.project.schema;
    const make = (type: string, fields: Record<string, unknown>): SObject => SObject.create(schema, type, fields);
    org.transaction((run) => {
        const insert = (records: SObject[]): void => {
            const outcome = org.data.execute('insert', records, true, run);
            org.data.throwOnFailure('insert', outcome);
        };
        const solutions = SOLUTIONS.map(([id, name]) =>
            make('Partner_Center_Solution__c', {
                Solution_Id__c: id,
                Name: name,
                Publisher__c: 'Fabrikam Consulting',
                Active__c: true
            })
        );
        insert(solutions);
        const accounts = CUSTOMERS.map((c) =>
            make('Account', {
                Name: c.name,
                BillingCountry: c.country,
                BillingCity: c.city,
                BillingPostalCode: c.postalCode
            })
        );
        insert(accounts);
        const contacts = CUSTOMERS.map((c, i) =>
            make('Contact', {
                AccountId: accounts[i].id,
                FirstName: c.contact[0],
                LastName: c.contact[1],
                Email: c.contact[2]
            })
        );
        insert(contacts);
        const closeDate = ApexDate.fromEpochDay(Math.floor(Date.now() / 86_400_000) + 60);
        const opportunities = CUSTOMERS.map((c, i) =>
            make('Opportunity', {
                Name: c.deal.name,
                AccountId: accounts[i].id,
                Amount: new Decimal(c.deal.amount),
                StageName: c.deal.stage,
                CloseDate: closeDate
            })
        );
        insert(opportunities);
        insert(
            opportunities.map((o, i) =>
                make('OpportunityContactRole', { OpportunityId: o.id, ContactId: contacts[i].id })
            )
        );
        insert(
            opportunities
                .slice(0, 2)
                .map((o, i) => make('Opportunity_Solution__c', { Opportunity__c: o.id, Solution__c: solutions[i].id }))
        );
    });
}
