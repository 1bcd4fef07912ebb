// `npm run deploy`'s last step: pushes dist/ with clasp and fails loudly unless clasp really pushed.
// clasp 3 asks before overwriting a changed manifest; in a non-interactive shell the question answers itself
// "no", clasp prints "Skipping push." and exits 0 having pushed nothing. The manifest comes from this repository,
// so --force, and the output is checked.
import { spawnSync } from 'child_process';

const clasp = process.env.CLASP_BIN || 'node_modules/.bin/clasp';
const run = spawnSync(clasp, ['push', '--force'], { encoding: 'utf8', shell: process.platform === 'win32' });
const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
process.stdout.write(output);

const pushed = /Pushed (one file|[1-9]\d* files) at /.test(output);
const upToDate = /Script is already up to date\./.test(output);
if (run.error || run.status !== 0 || !(pushed || upToDate)) {
  const why = run.error ? run.error.message : run.status !== 0 ? `clasp exited with ${run.status}` : 'clasp did not say it pushed any file';
  process.stderr.write(`\ndeploy FAILED: nothing was pushed to Apps Script (${why}).\n`);
  process.exit(1);
}
process.stdout.write(pushed ? '\ndeploy: dist/ pushed to Apps Script.\n' : '\ndeploy: Apps Script already had this build.\n');
