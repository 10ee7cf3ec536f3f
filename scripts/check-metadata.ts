/** npm run check:metadata [-- --project <dir>] [--no-convert]: the metadata gate (see scripts/gates/metadata.ts). */
import path from 'node:path';
import { checkMetadata } from './gates/metadata';
import { reportFindings } from './gates/finding';

async function main(): Promise<void> {
    const args = process.argv.slice(2);
    const projectIndex = args.indexOf('--project');
    const projectDir = path.resolve(projectIndex >= 0 ? args[projectIndex + 1] : path.join(__dirname, '..'));
    const { findings, components } = await checkMetadata(projectDir, { convert: !args.includes('--no-convert') });
    console.log(`check:metadata: ${components} component(s) in ${projectDir}`);
    process.exitCode = reportFindings('check:metadata', findings);
}

void main();
