/**
 * The package ships Czech (translations/cs.translation-meta.xml): every custom label has its Czech text, with the
 * same {n} placeholders, so a label added without a translation (it would show in English to Czech users) or a
 * translation that drops a value fails here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';

const DEFAULT = path.resolve(__dirname, '..', '..', 'force-app', 'main', 'default');
const parser = new XMLParser({ isArray: (name) => ['labels', 'customLabels'].includes(name) });

const labels = (
    parser.parse(fs.readFileSync(path.join(DEFAULT, 'labels', 'CustomLabels.labels-meta.xml'), 'utf8')).CustomLabels
        .labels as Array<{ fullName: string; value: string }>
).map((l) => ({ name: l.fullName, value: String(l.value) }));

const czech = new Map(
    (
        parser.parse(fs.readFileSync(path.join(DEFAULT, 'translations', 'cs.translation-meta.xml'), 'utf8'))
            .Translations.customLabels as Array<{ name: string; label: string }>
    ).map((t) => [t.name, String(t.label)])
);

const placeholders = (text: string): string[] => (text.match(/\{\d+\}/g) ?? []).sort();

describe('Czech translations of the custom labels', () => {
    it('translate every label', () => {
        expect(labels.length).toBeGreaterThan(0);
        expect(labels.filter((l) => !czech.has(l.name)).map((l) => l.name)).toEqual([]);
    });

    it('translate only labels that exist', () => {
        const names = new Set(labels.map((l) => l.name));
        expect([...czech.keys()].filter((name) => !names.has(name))).toEqual([]);
    });

    it('keep every placeholder of the English text', () => {
        const differing = labels
            .filter((l) => czech.has(l.name))
            .filter((l) => placeholders(l.value).join() !== placeholders(czech.get(l.name)!).join())
            .map((l) => l.name);
        expect(differing).toEqual([]);
    });
});
