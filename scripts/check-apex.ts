/**
 * npm run check:apex [-- --project <dir>] [--no-format]: the Apex gates — syntax (apex-parser and Salesforce's
 * parser), formatting (the same prettier-plugin-apex run that asks Salesforce's parser: format:check leaves
 * .cls/.trigger to this gate; --no-format for another project's style), semantics (apex-ls) and PMD security rules.
 * Any finding fails the command.
 */
import path from 'node:path';
import { checkApexSyntax } from './gates/apex-syntax';
import { checkApexSemantics } from './gates/apex-semantics';
import { checkApexPmd } from './gates/apex-pmd';
import { reportFindings, type Finding } from './gates/finding';
import { packageDirectories, projectFiles } from './gates/project-files';

export async function checkApex(projectDir: string, options: { format?: boolean } = {}): Promise<Finding[]> {
    const apexFiles = projectFiles(projectDir).filter((f) => /\.(cls|trigger)$/.test(f));
    const checked = checkApexSyntax(projectDir, apexFiles, options.format ?? false);
    const formatting = checked.filter((f) => f.gate === 'apex-format');
    const syntax = checked.filter((f) => f.gate !== 'apex-format');
    // The semantic and PMD checks need parsable code; syntax findings are reported first and alone.
    if (syntax.length > 0) return syntax;
    if (apexFiles.length === 0) return [];
    return [
        ...formatting,
        ...checkApexSemantics(projectDir),
        ...(await checkApexPmd(projectDir, packageDirectories(projectDir)))
    ];
}

async function main(): Promise<void> {
    const args = process.argv.slice(2);
    const projectIndex = args.indexOf('--project');
    const projectDir = path.resolve(projectIndex >= 0 ? args[projectIndex + 1] : path.join(__dirname, '..'));
    process.exitCode = reportFindings(
        'check:apex',
        await checkApex(projectDir, { format: !args.includes('--no-format') })
    );
}

if (require.main === module) void main();
