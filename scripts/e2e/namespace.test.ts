/**
 * The namespace translation that lets the scenarios' generated classes (names without namespace) talk to an org
 * where the managed package is installed (names with `cosell__`).
 */
import * as path from 'node:path';
import { NamespaceTranslator, packageNames } from './namespace';

const names = packageNames(path.resolve(__dirname, '../../force-app/main/default/objects'));
const ns = new NamespaceTranslator('cosell', names);

describe('e2e namespace translation', () => {
    it("knows the package's objects, fields and relationships from its metadata, and nothing standard", () => {
        for (const n of ['Sync_Log__c', 'Co_Sell_Setting__mdt', 'Referral_Id__c', 'Opportunity__c', 'Opportunity__r'])
            expect(names.has(n)).toBe(true);
        expect(names.has('Opportunity_Solutions__r')).toBe(true);
        expect(names.has('Opportunity')).toBe(false);
        expect(names.has('Name')).toBe(false);
    });

    it('qualifies SOQL outside string literals, and leaves standard and already qualified names alone', () => {
        expect(
            ns.soql(
                "SELECT Id, Referral_Id__c, Opportunity__r.Name, cosell__Sync_Status__c FROM Sync_Log__c WHERE Message__c = 'Referral_Id__c' AND Other__c = 1"
            )
        ).toBe(
            "SELECT Id, cosell__Referral_Id__c, cosell__Opportunity__r.Name, cosell__Sync_Status__c FROM cosell__Sync_Log__c WHERE cosell__Message__c = 'Referral_Id__c' AND Other__c = 1"
        );
    });

    it('qualifies request paths and the q parameter as ts-force encodes it', () => {
        expect(ns.url('/services/data/v65.0/sobjects/Opportunity_Solution__c/a01000000000001AAA')).toBe(
            '/services/data/v65.0/sobjects/cosell__Opportunity_Solution__c/a01000000000001AAA'
        );
        const q = `/services/data/v65.0/query?q=${encodeURIComponent("SELECT Id FROM Opportunity WHERE Referral_Id__c = 'x'")}`;
        expect(decodeURIComponent(ns.url(q))).toBe(
            "/services/data/v65.0/query?q=SELECT Id FROM Opportunity WHERE cosell__Referral_Id__c = 'x'"
        );
        expect(ns.url('/services/data/v65.0/composite/sobjects?ids=a,b&allOrNone=true')).toBe(
            '/services/data/v65.0/composite/sobjects?ids=a,b&allOrNone=true'
        );
    });

    it('qualifies keys and record types going out, and unqualifies what comes back', () => {
        const out = {
            allOrNone: true,
            records: [{ attributes: { type: 'Opportunity_Solution__c' }, Opportunity__c: '006', Name: 'x' }]
        };
        expect(ns.outgoing(out)).toEqual({
            allOrNone: true,
            records: [
                { attributes: { type: 'cosell__Opportunity_Solution__c' }, cosell__Opportunity__c: '006', Name: 'x' }
            ]
        });
        const back = {
            totalSize: 1,
            done: true,
            records: [
                {
                    attributes: { type: 'Opportunity', url: '/services/data/v65.0/sobjects/Opportunity/006' },
                    cosell__Referral_Id__c: 'r-1',
                    cosell__Opportunity_Solutions__r: {
                        totalSize: 1,
                        done: true,
                        records: [
                            { attributes: { type: 'cosell__Opportunity_Solution__c' }, cosell__Solution__c: 'a00' }
                        ]
                    },
                    other__Field__c: 1
                }
            ]
        };
        expect(ns.incoming(back)).toEqual({
            totalSize: 1,
            done: true,
            records: [
                {
                    attributes: { type: 'Opportunity', url: '/services/data/v65.0/sobjects/Opportunity/006' },
                    Referral_Id__c: 'r-1',
                    Opportunity_Solutions__r: {
                        totalSize: 1,
                        done: true,
                        records: [{ attributes: { type: 'Opportunity_Solution__c' }, Solution__c: 'a00' }]
                    },
                    other__Field__c: 1
                }
            ]
        });
    });
});
