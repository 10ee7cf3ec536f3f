import { LightningElement, api } from 'lwc';
import getMappingCatalog from '@salesforce/apex/CoSellAdminController.getMappingCatalog';
import saveFieldMaps from '@salesforce/apex/CoSellAdminController.saveFieldMaps';
import saveSettings from '@salesforce/apex/CoSellAdminController.saveSettings';
import getDeployState from '@salesforce/apex/CoSellAdminController.getDeployState';
import TITLE from '@salesforce/label/c.CoSell_Admin_Mapping_Title';
import ADD from '@salesforce/label/c.CoSell_Admin_Add_Map';
import REMOVE from '@salesforce/label/c.CoSell_Admin_Remove';
import OBJECT from '@salesforce/label/c.CoSell_Admin_Object';
import SF_FIELD from '@salesforce/label/c.CoSell_Admin_Salesforce_Field';
import PC_FIELD from '@salesforce/label/c.CoSell_Admin_Partner_Center_Field';
import DIRECTION from '@salesforce/label/c.CoSell_Admin_Direction';
import BOTH from '@salesforce/label/c.CoSell_Admin_Direction_Both';
import OUTBOUND from '@salesforce/label/c.CoSell_Admin_Direction_Outbound';
import INBOUND from '@salesforce/label/c.CoSell_Admin_Direction_Inbound';
import POLICY from '@salesforce/label/c.CoSell_Admin_Policy';
import ALWAYS from '@salesforce/label/c.CoSell_Admin_Policy_Always';
import WHEN_BLANK from '@salesforce/label/c.CoSell_Admin_Policy_When_Blank';
import NEVER from '@salesforce/label/c.CoSell_Admin_Policy_Never';
import VALUE_MAP from '@salesforce/label/c.CoSell_Admin_Value_Map';
import UNMAPPED from '@salesforce/label/c.CoSell_Admin_Unmapped';
import STAGE_MAPPING from '@salesforce/label/c.CoSell_Admin_Stage_Mapping';
import STATUS from '@salesforce/label/c.CoSell_Admin_Status';
import STAGE from '@salesforce/label/c.CoSell_Admin_Stage';
import SAVE_MAPS from '@salesforce/label/c.CoSell_Admin_Save_Maps';
import SAVE_STAGES from '@salesforce/label/c.CoSell_Admin_Save_Stages';
import DEPLOY_PENDING from '@salesforce/label/c.CoSell_Admin_Deploy_Pending';
import DEPLOY_DONE from '@salesforce/label/c.CoSell_Admin_Deploy_Done';
import DEPLOY_ERROR from '@salesforce/label/c.CoSell_Admin_Deploy_Error';
import type { DeployState } from 'c/coSellTypes';
import { deployBadge, errorMessage, followDeployment } from 'c/coSellTypes';

interface PartnerCenterField {
    path: string;
    type: string;
    allowedValues: string[];
    readOnly: boolean;
}

interface SalesforceField {
    objectName: string;
    name: string;
    label: string;
    type: string;
    updateable: boolean;
    picklistValues: string[];
}

export interface MapRow {
    developerName: string | null;
    objectName: string;
    path: string;
    field: string;
    direction: 'Both' | 'Outbound' | 'Inbound';
    policy: 'Always' | 'When_Blank' | 'Never';
    valueMap: string | null;
    message: string | null;
}

interface StageRow {
    status: string;
    substatus: string;
    setting: string;
    stage: string;
}

interface Catalog {
    partnerCenterFields: PartnerCenterField[];
    /** A customer contact's paths (relative to the team member), for Contact maps. */
    memberFields: PartnerCenterField[];
    objects: Option[];
    salesforceFields: SalesforceField[];
    maps: MapRow[];
    stages: StageRow[];
    stageNames: string[];
}

interface Option {
    label: string;
    value: string;
}

interface SaveResult {
    ok: boolean;
    message: string;
    maps: MapRow[] | null;
}

/** `a=b;c=d` → [[a, b], [c, d]] (the Value_Map__c format). */
export function parseValueMap(text: string | null): Array<[string, string]> {
    return (text ?? '')
        .split(';')
        .map((pair) => pair.split('='))
        .filter((parts) => parts.length >= 2 && parts[0].trim() !== '')
        .map((parts) => [parts[0].trim(), parts.slice(1).join('=').trim()] as [string, string]);
}

/**
 * The values a picklist value map leaves out: Partner Center's allowed values without a Salesforce value, and the
 * Salesforce picklist values no Partner Center value maps to. Identical values need no entry.
 */
export function unmappedValues(
    allowed: string[],
    picklist: string[],
    valueMap: string | null
): { partnerCenter: string[]; salesforce: string[] } {
    const pairs = parseValueMap(valueMap);
    const theirs = new Set(pairs.map(([pc]) => pc));
    const ours = new Set(pairs.map(([, sf]) => sf));
    return {
        partnerCenter: allowed.filter((v) => v !== '' && !theirs.has(v) && !picklist.includes(v)),
        salesforce: picklist.filter((v) => !ours.has(v) && !allowed.includes(v))
    };
}

/**
 * The field mapping: Partner Center fields from the contract against type-compatible Salesforce fields, with
 * direction, inbound policy and picklist value map per row, and the stage mapping; saved as custom metadata
 * through a deployment, previewed on a real opportunity before saving.
 */
export default class CoSellFieldMapping extends LightningElement {
    label = {
        TITLE,
        ADD,
        REMOVE,
        OBJECT,
        SF_FIELD,
        PC_FIELD,
        DIRECTION,
        POLICY,
        VALUE_MAP,
        UNMAPPED,
        STAGE_MAPPING,
        STATUS,
        STAGE,
        SAVE_MAPS,
        SAVE_STAGES
    };
    catalog?: Catalog;
    maps: MapRow[] = [];
    stages: StageRow[] = [];
    message?: string;
    messageOk = true;
    deploy?: DeployState;
    busy = false;
    /** Milliseconds between reads of the deployment's state. */
    @api pollMs = 1000;

    directionOptions: Option[] = [
        { label: BOTH, value: 'Both' },
        { label: OUTBOUND, value: 'Outbound' },
        { label: INBOUND, value: 'Inbound' }
    ];
    policyOptions: Option[] = [
        { label: ALWAYS, value: 'Always' },
        { label: WHEN_BLANK, value: 'When_Blank' },
        { label: NEVER, value: 'Never' }
    ];

    connectedCallback(): void {
        this.load().catch(() => undefined); // load reports its own errors
    }

    private async load(): Promise<void> {
        try {
            this.catalog = (await getMappingCatalog()) as Catalog;
            this.maps = this.catalog.maps.map((m) => ({ ...m, message: null }));
            this.stages = this.catalog.stages.map((s) => ({ ...s }));
        } catch (e) {
            this.show(false, errorMessage(e));
        }
    }

    /** The rows as the table shows them: options filtered to type-compatible fields, unmapped values. */
    get rows(): Array<Record<string, unknown>> {
        const catalog = this.catalog;
        if (!catalog) return [];
        return this.maps.map((m, index) => {
            // Contact maps name a path of each customer contact (/title), the others a path of the referral.
            const paths = m.objectName === 'Contact' ? catalog.memberFields : catalog.partnerCenterFields;
            const pc = paths.find((f) => f.path === m.path);
            const sf = catalog.salesforceFields.find((f) => f.objectName === m.objectName && f.name === m.field);
            const fieldOptions = catalog.salesforceFields
                .filter((f) => f.objectName === m.objectName && (!pc || f.type === pc.type))
                .map((f) => ({ label: `${f.label} (${f.name})`, value: f.name }));
            const pathOptions = paths
                .filter((f) => (!f.readOnly || m.direction === 'Inbound') && (!sf || f.type === sf.type))
                .map((f) => ({ label: `${f.path} (${f.type})`, value: f.path }));
            const picklist = sf?.picklistValues ?? [];
            const allowed = pc?.allowedValues ?? [];
            const unmapped = unmappedValues(allowed, picklist, m.valueMap);
            const missing = [...unmapped.partnerCenter, ...unmapped.salesforce];
            return {
                ...m,
                key: `${index}`,
                index: `${index}`,
                fieldOptions,
                pathOptions,
                hasValues: picklist.length > 0 || allowed.length > 0,
                unmappedText: missing.join(', '),
                hasMessage: !!m.message
            };
        });
    }

    /** The objects maps may name (Opportunity, Account, Contact, Lead), labelled in the admin's language. */
    get objectOptions(): Option[] {
        return this.catalog?.objects ?? [];
    }

    get stageOptions(): Option[] {
        return (this.catalog?.stageNames ?? []).map((s) => ({ label: s, value: s }));
    }

    get mapsJson(): string {
        return JSON.stringify(this.maps.map((m) => ({ ...m, message: null })));
    }

    get messageClass(): string {
        return this.messageOk ? 'slds-text-color_success' : 'slds-text-color_error';
    }

    get deployIcon(): string {
        return deployBadge(this.deploy?.status ?? null).icon;
    }

    get deployVariant(): string {
        return deployBadge(this.deploy?.status ?? null).variant;
    }

    get deployWord(): string {
        const status = this.deploy?.status;
        return status === 'Succeeded' ? DEPLOY_DONE : status === 'Failed' ? DEPLOY_ERROR : DEPLOY_PENDING;
    }

    handleAdd(): void {
        this.maps = [
            ...this.maps,
            {
                developerName: null,
                objectName: 'Opportunity',
                path: '',
                field: '',
                direction: 'Both',
                policy: 'Always',
                valueMap: null,
                message: null
            }
        ];
    }

    handleRemove(event: Event): void {
        const index = Number((event.currentTarget as HTMLElement).dataset.index);
        this.maps = this.maps.filter((_, i) => i !== index);
    }

    handleMapChange(event: CustomEvent<{ value: string }>): void {
        const target = event.target as HTMLElement;
        const index = Number(target.dataset.index);
        const name = target.dataset.name as keyof MapRow;
        const value = event.detail?.value ?? (target as HTMLInputElement).value;
        this.maps = this.maps.map((m, i) => (i === index ? { ...m, [name]: value, message: null } : m));
    }

    handleStageChange(event: CustomEvent<{ value: string }>): void {
        const setting = (event.target as HTMLElement).dataset.setting;
        this.stages = this.stages.map((s) => (s.setting === setting ? { ...s, stage: event.detail.value } : s));
    }

    async handleSaveMaps(): Promise<void> {
        await this.save(async () => {
            const result = (await saveFieldMaps({ mapsJson: this.mapsJson })) as SaveResult;
            if (result.maps) {
                this.maps = result.maps.map((m) => ({ ...m }));
            }
            return result;
        });
    }

    async handleSaveStages(): Promise<void> {
        const values: Record<string, string> = {};
        for (const s of this.stages) values[s.setting] = s.stage;
        await this.save(() => saveSettings({ valuesJson: JSON.stringify(values) }) as Promise<SaveResult>);
    }

    private async save(send: () => Promise<SaveResult>): Promise<void> {
        this.busy = true;
        this.deploy = undefined;
        try {
            const result = await send();
            this.show(result.ok, result.message);
            if (result.ok) {
                await followDeployment(
                    () => getDeployState() as Promise<DeployState>,
                    (state) => (this.deploy = state),
                    this.pollMs
                );
            }
        } catch (e) {
            this.show(false, errorMessage(e));
        } finally {
            this.busy = false;
        }
    }

    private show(ok: boolean, message: string): void {
        this.messageOk = ok;
        this.message = message;
    }
}
