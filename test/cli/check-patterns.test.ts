// `check` matches patterns as Segment does (RE2): a plan with RE2's inline flags or named groups used to end
// `check` with exit 70 and every result lost.
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { rowsCsv } from '../../src/workbook/workbook';
import { cliAsync } from '../helpers/cli';

const dir = mkdtempSync(path.join(tmpdir(), 'check-patterns-'));
const file = (name: string, text: string) => {
  const full = path.join(dir, name);
  writeFileSync(full, text);
  return full;
};

describe('check with RE2 patterns', () => {
  it('checks (?i) and (?P<name>…) patterns as Segment does', async () => {
    const plan = file(
      'plan.csv',
      rowsCsv([
        ['Event Name', 'Event Description', 'Property Name', 'Property Description', 'Property Type', 'Pattern'],
        ['Signed Up', 'A user signs up', '', '', '', ''],
        ['', '', 'plan', 'The plan chosen', 'string', '(?i)^pro$'],
        ['', '', 'user', 'The user id', 'string', '^(?P<id>u[0-9]+)$'],
      ]),
    );
    const calls = file(
      'calls.ndjson',
      [
        { type: 'track', event: 'Signed Up', properties: { plan: 'PRO', user: 'u12' } },
        { type: 'track', event: 'Signed Up', properties: { plan: 'free', user: 'x' } },
      ]
        .map((c) => JSON.stringify(c))
        .join('\n'),
    );
    const run = await cliAsync(['check', plan, calls]);
    expect([run.status, run.stderr]).toEqual([1, '']);
    const lines = run.stdout.split('\n');
    expect(lines.slice(lines.indexOf('Failing calls:'))).toEqual([
      'Failing calls:',
      'line 2: track "Signed Up"',
      `  properties.plan: Does not match pattern '(?i)^pro$' (expected match /(?i)^pro$/, got "free"; rule: track "Signed Up" v1)`,
      `  properties.user: Does not match pattern '^(?P<id>u[0-9]+)$' (expected match /^(?P<id>u[0-9]+)$/, got "x"; rule: track "Signed Up" v1)`,
      '',
      '2 calls checked: 1 pass, 1 violate, 0 unplanned',
      '',
    ]);
  });
});
