// `npm start` (until the emulator lands): validate and build the bundled example plan, print a summary.
import { execFileSync } from 'child_process';

const file = 'template/tracking-plan.xlsx';
const out = execFileSync(process.execPath, ['dist/cli.js', 'validate', file], { encoding: 'utf8' });
process.stdout.write(`Validated ${file}:\n${out}`);
const body = JSON.parse(execFileSync(process.execPath, ['dist/cli.js', 'build', file], { encoding: 'utf8' }));
const events = body.tracking_plan.rules.events.map((e) => e.name);
process.stdout.write(`Built the Config API update body: ${events.length} events (${events.join(', ')}), mask ${body.update_mask.paths.join(', ')}\n`);
