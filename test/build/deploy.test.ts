import { spawnSync } from 'child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');

/** Runs `npm run deploy`'s push step with a stand-in clasp that prints what clasp 3 prints and records its arguments. */
function deployWith(claspSays: string, claspExit = 0) {
  const dir = mkdtempSync(path.join(tmpdir(), 'deploy-'));
  const clasp = path.join(dir, 'clasp');
  writeFileSync(clasp, `#!/bin/sh\necho "$@" > "${dir}/args"\nprintf '%s\\n' "${claspSays}"\nexit ${claspExit}\n`);
  chmodSync(clasp, 0o755);
  const run = spawnSync(process.execPath, ['src/build/deploy.mjs'], {
    cwd: ROOT,
    env: { ...process.env, CLASP_BIN: clasp },
    encoding: 'utf8',
  });
  return { status: run.status, out: run.stdout + run.stderr, args: readFileSync(path.join(dir, 'args'), 'utf8').trim() };
}

describe('npm run deploy', () => {
  it('pushes with --force, so a changed manifest is never a question nobody answers', () => {
    const run = deployWith('Pushed 5 files at 10:00:00.');
    expect(run.args).toBe('push --force');
    expect(run.status).toBe(0);
    expect(run.out).toContain('deploy: dist/ pushed to Apps Script.');
  });

  it('fails loudly when clasp skips the push', () => {
    const run = deployWith('Skipping push.');
    expect(run.status).toBe(1);
    expect(run.out).toContain('deploy FAILED: nothing was pushed to Apps Script (clasp did not say it pushed any file).');
  });

  it('fails when clasp fails, and when it pushed no files', () => {
    expect(deployWith('Could not read API credentials.', 1).out).toContain(
      'deploy FAILED: nothing was pushed to Apps Script (clasp exited with 1).',
    );
    expect(deployWith('Pushed no files at 10:00:00.').status).toBe(1);
  });

  it('accepts a project that is already up to date', () => {
    expect(deployWith('Script is already up to date.').status).toBe(0);
  });
});
