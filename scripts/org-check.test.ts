import {
    longNameApex,
    main,
    parseArgs,
    planSteps,
    publishEventsApex,
    SfRunner,
    subscriberConfigXml,
    UsageError
} from './org-check';

const WEBHOOK = 'https://acme.my.salesforce-sites.com/services/apexrest/cosell/partnercenter/webhook/abc123';

describe('org:check argument parsing', () => {
    it('has the defaults of the first contact: 2,100 events, batch size 200, namespace cosell', () => {
        const o = parseArgs([], {});
        expect(o).toMatchObject({ events: 2100, batchSize: 200, namespace: 'cosell', trigger: 'ReferralSyncTrigger' });
        expect(o.targetOrg).toBeUndefined();
    });

    it('takes the org from --target-org or SF_TARGET_ORG, and every option', () => {
        expect(parseArgs([], { SF_TARGET_ORG: 'scratch' }).targetOrg).toBe('scratch');
        const o = parseArgs(
            [
                '-o',
                'dev',
                '--integration-user',
                'int@acme.test',
                '--webhook-url',
                WEBHOOK,
                '--events',
                '10',
                '--batch-size',
                '50',
                '--namespace',
                '',
                '--skip',
                'deploy,events'
            ],
            { SF_TARGET_ORG: 'scratch' }
        );
        expect(o).toMatchObject({
            targetOrg: 'dev',
            integrationUser: 'int@acme.test',
            webhookUrl: WEBHOOK,
            events: 10,
            batchSize: 50,
            namespace: '',
            skip: ['deploy', 'events']
        });
    });

    it('refuses what it cannot use, saying which option', () => {
        expect(() => parseArgs(['--events', '0'], {})).toThrow(/--events needs a whole number from 1 to 10000/);
        expect(() => parseArgs(['--batch-size', '2001'], {})).toThrow(/--batch-size/);
        expect(() => parseArgs(['--only', 'deploy,teleport'], {})).toThrow(/unknown step\(s\) for --only: teleport/);
        expect(() => parseArgs(['--webhook-url', 'http://x.example/hook'], {})).toThrow(/--webhook-url/);
        expect(() => parseArgs(['--frobnicate'], {})).toThrow(UsageError);
    });
});

describe('org:check step planning', () => {
    const names = (steps: ReturnType<typeof planSteps>): string[] => steps.filter((s) => !s.skipped).map((s) => s.name);

    it('runs every step, in order, when everything is given', () => {
        const steps = planSteps(parseArgs(['--integration-user', 'u@x.test', '--webhook-url', WEBHOOK], {}));
        expect(names(steps)).toEqual(['org', 'deploy', 'permsets', 'subscriber', 'events', 'webhook', 'long-name']);
    });

    it('skips the steps whose input is missing, with the reason', () => {
        const steps = planSteps(parseArgs([], {}));
        expect(names(steps)).toEqual(['org', 'deploy', 'events', 'long-name']);
        expect(steps.find((s) => s.name === 'subscriber')!.skipped).toBe('needs --integration-user <username>');
        expect(steps.find((s) => s.name === 'webhook')!.skipped).toBe('needs --webhook-url <address>');
    });

    it('--only and --skip narrow the run, but the org is always checked', () => {
        expect(names(planSteps(parseArgs(['--only', 'deploy'], {})))).toEqual(['org', 'deploy']);
        expect(names(planSteps(parseArgs(['--skip', 'deploy,events'], {})))).toEqual(['org', 'long-name']);
    });
});

describe('org:check Apex and metadata it sends', () => {
    it('configures the sync trigger for the integration user with a batch size', () => {
        const xml = subscriberConfigXml('ReferralSyncTrigger', 'a&b@acme.test', 200);
        expect(xml).toContain('<batchSize>200</batchSize>');
        expect(xml).toContain('<platformEventConsumer>ReferralSyncTrigger</platformEventConsumer>');
        expect(xml).toContain('<user>a&amp;b@acme.test</user>');
    });

    it('publishes all events in one call (more than one 2,000-event trigger batch)', () => {
        const apex = publishEventsApex(2100, 'org-check 1');
        expect(apex).toContain('i < 2100');
        expect(apex.match(/EventBus\.publish/g)).toHaveLength(1);
    });

    it('names the opportunity with exactly 120 characters', () => {
        const name = /Opportunity\(Name = '([^']*)'/.exec(longNameApex('org-check 2026-12-05T20:00:00Z'))![1];
        expect(name).toHaveLength(120);
    });
});

describe('org:check without an org', () => {
    it('says no org was given and exits 2 without calling sf', async () => {
        const sf = jest.fn() as jest.MockedFunction<SfRunner>;
        const lines: string[] = [];
        const saved = process.env.SF_TARGET_ORG;
        delete process.env.SF_TARGET_ORG;
        try {
            expect(await main([], sf, (l) => lines.push(l))).toBe(2);
        } finally {
            if (saved !== undefined) process.env.SF_TARGET_ORG = saved;
        }
        expect(sf).not.toHaveBeenCalled();
        expect(lines.join('\n')).toMatch(/FAIL org .*no org given: pass --target-org/);
        expect(lines.join('\n')).toContain('nothing else was checked');
    });

    it('reports the CLI’s words when the org does not answer, and exits 2', async () => {
        const sf: SfRunner = jest.fn(() => ({
            code: 1,
            json: { status: 1, message: 'No authorization information found for dev.' },
            stderr: ''
        }));
        const lines: string[] = [];
        expect(await main(['--target-org', 'dev'], sf, (l) => lines.push(l))).toBe(2);
        expect(sf).toHaveBeenCalledTimes(1);
        expect(lines[0]).toContain('the org dev is not reachable: No authorization information found for dev.');
    });

    it('exits 64 on a usage error', async () => {
        const lines: string[] = [];
        expect(await main(['--events', 'many'], jest.fn(), (l) => lines.push(l))).toBe(64);
        expect(lines[0]).toMatch(/^org:check: --events/);
    });
});
