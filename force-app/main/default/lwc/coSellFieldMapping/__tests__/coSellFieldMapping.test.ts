import { createElement } from '@lwc/engine-dom';
import CoSellFieldMapping, { parseValueMap, unmappedValues } from 'c/coSellFieldMapping';
import getMappingCatalog from '@salesforce/apex/CoSellAdminController.getMappingCatalog';
import saveFieldMaps from '@salesforce/apex/CoSellAdminController.saveFieldMaps';
import saveSettings from '@salesforce/apex/CoSellAdminController.saveSettings';
import getDeployState from '@salesforce/apex/CoSellAdminController.getDeployState';

jest.mock('@salesforce/apex/CoSellAdminController.getMappingCatalog', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/CoSellAdminController.saveFieldMaps', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/CoSellAdminController.saveSettings', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/CoSellAdminController.getDeployState', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/CoSellAdminController.previewOpportunity', () => ({ default: jest.fn() }), {
    virtual: true
});

const mock = (fn: unknown): jest.Mock => fn as jest.Mock;
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
const flush = (): Promise<void> => [1, 2, 3, 4, 5, 6].reduce((p) => p.then(tick), tick());

const CATALOG = {
    partnerCenterFields: [
        { path: '/details/notes', type: 'string', allowedValues: [], readOnly: false },
        { path: '/details/dealValue', type: 'number', allowedValues: [], readOnly: false },
        {
            path: '/inviteContext/assistanceRequestCode',
            type: 'string',
            allowedValues: ['Unknown', 'GeneralOrOther', 'ProofOfConceptOrDemo'],
            readOnly: false
        },
        { path: '/engagementId', type: 'string', allowedValues: [], readOnly: true }
    ],
    memberFields: [
        { path: '/title', type: 'string', allowedValues: [], readOnly: false },
        { path: '/phoneNumber', type: 'string', allowedValues: [], readOnly: false }
    ],
    objects: [
        { value: 'Opportunity', label: 'Opportunity' },
        { value: 'Account', label: 'Account' },
        { value: 'Contact', label: 'Contact' },
        { value: 'Lead', label: 'Lead' }
    ],
    salesforceFields: [
        {
            objectName: 'Opportunity',
            name: 'NextStep',
            label: 'Next Step',
            type: 'string',
            updateable: true,
            picklistValues: []
        },
        {
            objectName: 'Opportunity',
            name: 'Amount',
            label: 'Amount',
            type: 'number',
            updateable: true,
            picklistValues: []
        },
        {
            objectName: 'Opportunity',
            name: 'Type',
            label: 'Type',
            type: 'string',
            updateable: true,
            picklistValues: ['New Customer', 'Existing Customer - Upgrade']
        },
        {
            objectName: 'Account',
            name: 'Site',
            label: 'Account Site',
            type: 'string',
            updateable: true,
            picklistValues: []
        },
        {
            objectName: 'Contact',
            name: 'Title',
            label: 'Title',
            type: 'string',
            updateable: true,
            picklistValues: []
        },
        {
            objectName: 'Lead',
            name: 'Description',
            label: 'Description',
            type: 'string',
            updateable: true,
            picklistValues: []
        }
    ],
    maps: [
        {
            developerName: 'Map_1',
            objectName: 'Opportunity',
            path: '/inviteContext/assistanceRequestCode',
            field: 'Type',
            direction: 'Both',
            policy: 'Always',
            valueMap: 'GeneralOrOther=New Customer',
            message: null
        }
    ],
    stages: [
        { status: 'New', substatus: 'Received', setting: 'On_Hold_Stage__c', stage: 'Prospecting' },
        { status: 'Active', substatus: 'Accepted', setting: 'Active_Stage__c', stage: 'Qualification' }
    ],
    stageNames: ['Prospecting', 'Qualification', 'Needs Analysis']
};

type Options = Array<{ value: string }>;

async function render(): Promise<HTMLElement> {
    mock(getMappingCatalog).mockResolvedValue(JSON.parse(JSON.stringify(CATALOG)));
    const el = createElement('c-co-sell-field-mapping', { is: CoSellFieldMapping }) as HTMLElement & {
        pollMs: number;
    };
    el.pollMs = 0;
    document.body.appendChild(el);
    await flush();
    return el;
}

const rows = (el: HTMLElement): HTMLElement[] => [...el.shadowRoot!.querySelectorAll<HTMLElement>('tr.map-row')];
const pick = async (row: HTMLElement, selector: string, value: string): Promise<void> => {
    row.querySelector(selector)!.dispatchEvent(new CustomEvent('change', { detail: { value } }));
    await flush();
};
const options = (row: HTMLElement, selector: string): string[] =>
    (row.querySelector(selector) as unknown as { options: Options }).options.map((o) => o.value);

describe('value maps', () => {
    it('parses the stored format and reports values without a mapping', () => {
        expect(parseValueMap(' Won = Closed Won;;x;Lost=Closed=Lost')).toEqual([
            ['Won', 'Closed Won'],
            ['Lost', 'Closed=Lost']
        ]);
        expect(
            unmappedValues(['Unknown', 'Won', 'Lost', ''], ['Closed Won', 'Closed Lost', 'Unknown'], 'Won=Closed Won')
        ).toEqual({ partnerCenter: ['Lost'], salesforce: ['Closed Lost'] });
    });
});

describe('c-co-sell-field-mapping', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        jest.resetAllMocks();
    });

    it('shows the saved maps with their unmapped picklist values, and the stage mapping', async () => {
        const el = await render();
        expect(rows(el)).toHaveLength(1);
        const unmapped = rows(el)[0].querySelector('.unmapped')!.textContent!;
        expect(unmapped).toContain('Unknown');
        expect(unmapped).toContain('ProofOfConceptOrDemo');
        expect(unmapped).toContain('Existing Customer - Upgrade');
        expect(unmapped).not.toContain('GeneralOrOther');
        const stageRows = el.shadowRoot!.querySelectorAll('table.stages tbody tr');
        expect(stageRows).toHaveLength(2);
        expect(stageRows[0].textContent).toContain('New / Received');
    });

    it('offers only type-compatible fields and no read-only path for outbound', async () => {
        const el = await render();
        el.shadowRoot!.querySelector<HTMLElement>('.add')!.click();
        await flush();
        const row = rows(el)[1];
        expect(options(row, '.path')).not.toContain('/engagementId');
        await pick(row, '.path', '/details/dealValue');
        expect(options(rows(el)[1], '.field')).toEqual(['Amount']);
        await pick(rows(el)[1], '.path', '/details/notes');
        expect(options(rows(el)[1], '.field')).toEqual(['NextStep', 'Type']);
        await pick(rows(el)[1], '.object', 'Account');
        expect(options(rows(el)[1], '.field')).toEqual(['Site']);
        await pick(rows(el)[1], '.direction', 'Inbound');
        expect(options(rows(el)[1], '.path')).toContain('/engagementId');
    });

    it('offers the four objects, paths of a contact for Contact and of the referral for Lead', async () => {
        const el = await render();
        el.shadowRoot!.querySelector<HTMLElement>('.add')!.click();
        await flush();
        expect(options(rows(el)[1], '.object')).toEqual(['Opportunity', 'Account', 'Contact', 'Lead']);
        await pick(rows(el)[1], '.object', 'Contact');
        expect(options(rows(el)[1], '.path')).toEqual(['/title', '/phoneNumber']);
        expect(options(rows(el)[1], '.field')).toEqual(['Title']);
        await pick(rows(el)[1], '.object', 'Lead');
        expect(options(rows(el)[1], '.path')).toContain('/details/notes');
        expect(options(rows(el)[1], '.path')).not.toContain('/title');
        expect(options(rows(el)[1], '.field')).toEqual(['Description']);
    });

    it('saves the edited maps, shows refusals per row, and follows a deployment', async () => {
        const el = await render();
        el.shadowRoot!.querySelector<HTMLElement>('.add')!.click();
        await flush();
        await pick(rows(el)[1], '.field', 'NextStep');
        await pick(rows(el)[1], '.path', '/details/notes');
        await pick(rows(el)[1], '.policy', 'When_Blank');
        rows(el)[0].querySelector<HTMLElement>('.remove')!.click();
        await flush();
        mock(saveFieldMaps).mockResolvedValueOnce({
            ok: false,
            message: 'Nothing was saved',
            maps: [
                {
                    developerName: null,
                    objectName: 'Opportunity',
                    path: '/details/notes',
                    field: 'NextStep',
                    direction: 'Both',
                    policy: 'When_Blank',
                    valueMap: null,
                    message: 'Mapped twice.'
                }
            ]
        });
        el.shadowRoot!.querySelector<HTMLElement>('.save-maps')!.click();
        await flush();
        const sent = JSON.parse(mock(saveFieldMaps).mock.calls[0][0].mapsJson);
        expect(sent).toEqual([
            {
                developerName: null,
                objectName: 'Opportunity',
                path: '/details/notes',
                field: 'NextStep',
                direction: 'Both',
                policy: 'When_Blank',
                valueMap: null,
                message: null
            }
        ]);
        expect(rows(el)[0].querySelector('.row-message')!.textContent).toContain('Mapped twice.');
        expect(getDeployState).not.toHaveBeenCalled();

        mock(saveFieldMaps).mockResolvedValueOnce({ ok: true, message: 'Saving', maps: sent });
        mock(getDeployState).mockResolvedValue({
            jobId: '707',
            status: 'Succeeded',
            message: 'Saved',
            finishedAt: null
        });
        el.shadowRoot!.querySelector<HTMLElement>('.save-maps')!.click();
        await flush();
        expect(el.shadowRoot!.querySelector('.deploy-word')!.textContent).toBe('c.CoSell_Admin_Deploy_Done');
        expect(rows(el)[0].querySelector('.row-message')).toBeNull();
    });

    it('gives the preview the unsaved maps', async () => {
        const el = await render();
        const preview = el.shadowRoot!.querySelector('c-co-sell-preview') as unknown as { maps: string };
        expect(JSON.parse(preview.maps)[0].path).toBe('/inviteContext/assistanceRequestCode');
    });

    it('saves the stage mapping as settings', async () => {
        mock(saveSettings).mockResolvedValue({ ok: true, message: 'Saving', settings: [] });
        mock(getDeployState).mockResolvedValue({
            jobId: '707',
            status: 'Succeeded',
            message: 'Saved',
            finishedAt: null
        });
        const el = await render();
        el.shadowRoot!.querySelector('table.stages lightning-combobox[data-setting="Active_Stage__c"]')!.dispatchEvent(
            new CustomEvent('change', { detail: { value: 'Needs Analysis' } })
        );
        el.shadowRoot!.querySelector<HTMLElement>('.save-stages')!.click();
        await flush();
        expect(saveSettings).toHaveBeenCalledWith({
            valuesJson: JSON.stringify({ On_Hold_Stage__c: 'Prospecting', Active_Stage__c: 'Needs Analysis' })
        });
    });
});
