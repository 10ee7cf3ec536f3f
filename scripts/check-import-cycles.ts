/**
 * npm run check:import-cycles [-- --project <dir>]: no import cycle among the tools' and scripts' modules
 * (scripts/gates/import-cycles.ts). npm run lint runs it after eslint; npm test runs it in the lint step.
 */
import path from 'node:path';
import { reportFindings } from './gates/finding';
import { findImportCycles, projectScope } from './gates/import-cycles';

const args = process.argv.slice(2);
const projectIndex = args.indexOf('--project');
const projectDir = path.resolve(projectIndex >= 0 ? args[projectIndex + 1] : path.join(__dirname, '..'));
process.exitCode = reportFindings('check:import-cycles', findImportCycles(projectScope(projectDir)));
