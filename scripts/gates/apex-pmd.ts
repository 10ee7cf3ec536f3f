/**
 * PMD security rules through Salesforce Code Analyzer's engines, used as libraries (the sf plugin cannot be
 * installed offline). Any violation of a selected rule is a finding.
 */
import path from 'node:path';
import { CodeAnalyzer, CodeAnalyzerConfig } from '@salesforce/code-analyzer-core';
import * as pmdEngine from '@salesforce/code-analyzer-pmd-engine';
import { GATE_JAVA } from './apex-semantics';
import type { Finding } from './finding';
import { relativeTo } from './project-files';

const GATE = 'pmd';

/** Security rules (the whole pmd:Security category: ApexCRUDViolation, ApexSOQLInjection, ApexSharingViolations,
 *  ApexInsecureEndpoint, ApexOpenRedirect, ApexSuggestUsingNamedCred, ApexXSS*, ...) and a few error-prone ones. */
export const PMD_RULE_SELECTORS = [
    'pmd:Security',
    'pmd:AvoidDmlStatementsInLoops',
    'pmd:AvoidSoqlInLoops',
    'pmd:AvoidHardcodingId',
    'pmd:EmptyCatchBlock'
];

export async function checkApexPmd(projectDir: string, targets: string[]): Promise<Finding[]> {
    if (targets.length === 0) return [];
    const analyzer = new CodeAnalyzer(CodeAnalyzerConfig.fromObject({ engines: { pmd: { java_command: GATE_JAVA } } }));
    await analyzer.addEnginePlugin(pmdEngine.createEnginePlugin());
    const workspace = await analyzer.createWorkspace(targets.map((t) => path.resolve(projectDir, t)));
    const selection = await analyzer.selectRules(PMD_RULE_SELECTORS, { workspace });
    const results = await analyzer.run(selection, { workspace });
    return results.getViolations().map((v) => {
        const location = v.getPrimaryLocation();
        return {
            gate: GATE,
            file: relativeTo(projectDir, location.getFile() ?? projectDir),
            line: location.getStartLine(),
            column: location.getStartColumn(),
            message: `${v.getRule().getName()}: ${v.getMessage()}`
        };
    });
}
