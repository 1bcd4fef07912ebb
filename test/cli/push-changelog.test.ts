// `push --changelog FILE` (issue 20, item 3): the add-on's Changelog line, as a Markdown table row appended to FILE.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { startEmulator, SegmentEmulator } from '../../src/emulator/server';
import { cliAsync } from '../helpers/cli';

const TOKEN = 'cli-changelog-token-77';
let emulator: SegmentEmulator;
let dir: string;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'push-changelog-'));
  emulator = await startEmulator({
    seed: {
      tokens: [
        { token: TOKEN, workspace: 'acme', access: 'write' },
        { token: 'read-only-changelog', workspace: 'acme', access: 'read' },
      ],
      plans: [{ workspace: 'acme', resourceSchemaId: 'rs_web', id: 'tp_web', name: 'Web', rules: [] }],
    },
  });
});
afterEach(() => emulator.close());

function plan(...events: string[]): string {
  const file = path.join(dir, `plan-${events.length}.csv`);
  writeFileSync(file, `Event Name,Event Description,Property Name\n${events.map((e) => `${e},When it happens,`).join('\n')}\n`);
  return file;
}

const push = (file: string, token = TOKEN, time = '2026-03-04T05:06:07.000Z') =>
  cliAsync(
    [
      'push',
      file,
      '--plan',
      'tp_web',
      '--base-url',
      emulator.baseUrl,
      '--backup-dir',
      path.join(dir, 'backups'),
      '--changelog',
      path.join(dir, 'CHANGELOG.md'),
      '--token',
      token,
    ],
    { env: { USER: 'dana' }, clock: { now: Date.parse(time) } },
  );

const HEAD =
  '| Time (UTC) | User | Action | Plan | Plan ID | What changed | Backup replaced | Result |\n|---|---|---|---|---|---|---|---|\n';

describe('push --changelog', () => {
  it('writes the table head once, then a row per push', async () => {
    const first = await push(plan('Signed In'));
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect((await push(plan('Signed In', 'Signed Out'), TOKEN, '2026-03-04T06:00:00.000Z')).status).toBe(0);
    expect(readFileSync(path.join(dir, 'CHANGELOG.md'), 'utf8')).toBe(
      HEAD +
        '| 2026-03-04 05:06:07 | dana | Send | Web | tp_web | Events added (1): Signed In. | 2026-03-04 05:06:07 | sent |\n' +
        '| 2026-03-04 06:00:00 | dana | Send | Web | tp_web | Events added (1): Signed Out. | 2026-03-04 06:00:00 | sent |\n',
    );
  });

  it('writes a failed push with the reason, and nothing when nothing was sent', async () => {
    const run = await push(plan('Signed In'), 'read-only-changelog');
    expect(run.status).toBe(3);
    const text = readFileSync(path.join(dir, 'CHANGELOG.md'), 'utf8');
    expect(text).toMatch(
      /^\| 2026-03-04 05:06:07 \| dana \| Send \| Web \| tp_web \| Events added \(1\): Signed In\. \| 2026-03-04 05:06:07 \| failed: .*403.* \|\n$/m,
    );
    expect(text).not.toContain('read-only-changelog');
    writeFileSync(path.join(dir, 'CHANGELOG.md'), '');
    await push(plan('Signed In'), TOKEN, '2026-03-04T07:00:00.000Z');
    const before = readFileSync(path.join(dir, 'CHANGELOG.md'), 'utf8');
    await push(plan('Signed In'), TOKEN, '2026-03-04T08:00:00.000Z');
    expect(readFileSync(path.join(dir, 'CHANGELOG.md'), 'utf8')).toBe(before);
    expect(existsSync(path.join(dir, 'CHANGELOG.md'))).toBe(true);
  });
});
