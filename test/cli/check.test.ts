// `check <plan> <calls>`: what a QA engineer runs on a sample of events, and the exit codes a CI step relies on.
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { rowsCsv } from '../../src/workbook/workbook';
import { cliAsync, cliProcess } from '../helpers/cli';

const dir = mkdtempSync(path.join(tmpdir(), 'check-'));
const file = (name: string, text: string) => {
  const full = path.join(dir, name);
  writeFileSync(full, text);
  return full;
};
const plan = file(
  'plan.csv',
  rowsCsv([
    ['Event Name', 'Event Description', 'Property Name', 'Property Description', 'Property Type', 'Required'],
    ['Order Completed', 'An order is placed', '', '', '', ''],
    ['', '', 'total', 'Order total', 'number', 'TRUE'],
  ]),
);
const ndjson = (...calls: object[]) => calls.map((c) => JSON.stringify(c)).join('\n');
const good = { type: 'track', event: 'Order Completed', properties: { total: 3 } };

describe('check', () => {
  it('exit 0 when every call passes', async () => {
    const run = await cliAsync(['check', plan, file('good.ndjson', ndjson(good, good))]);
    expect([run.status, run.stdout, run.stderr]).toEqual([0, '2 calls checked: 2 pass, 0 violate, 0 unplanned\n', '']);
  });

  it('exit 1 with each violation and unplanned event, where it is', async () => {
    const calls = file(
      'bad.ndjson',
      ndjson(good, { type: 'track', event: 'Order Completed', properties: { total: '3' } }, { type: 'track', event: 'Cart Viewed' }),
    );
    const run = await cliAsync(['check', plan, calls]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(
      [
        'line 2: track "Order Completed"',
        '  properties.total: Invalid type. Expected: number, given: string (expected number, got string; rule: track "Order Completed" v1)',
        'line 3: track "Cart Viewed"',
        '  event: Unplanned event: "Cart Viewed" is not in the tracking plan. (expected an event in the plan, got Cart Viewed; rule: plan)',
        '3 calls checked: 1 pass, 1 violate, 1 unplanned',
        '',
      ].join('\n'),
    );
  });

  it('--json for machines', async () => {
    const run = await cliAsync(['check', plan, file('one.json', JSON.stringify([{ ...good, properties: {} }])), '--json']);
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      summary: { checked: 1, pass: 0, violates: 1, unplanned: 0, unreadable: 0 },
      results: [
        {
          at: 'item 1',
          call: 'track "Order Completed"',
          status: 'violates',
          violations: [
            {
              rule: 'track "Order Completed" v1',
              path: 'properties.total',
              expected: 'present',
              given: 'missing',
              message: 'properties.total is required',
              row: 3,
            },
          ],
        },
      ],
      unreadable: [],
    });
  });

  it('exit 2 on a broken line, after checking the rest', async () => {
    const run = await cliAsync([
      'check',
      plan,
      file('broken.ndjson', `${JSON.stringify(good)}\n{"type": "track",\n${JSON.stringify(good)}`),
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^line 2: is not valid JSON: /);
    expect(run.stdout).toBe('2 calls checked: 2 pass, 0 violate, 0 unplanned, 1 unreadable\n');
  });

  it('exit 2 on a missing calls file or a wrong number of files', async () => {
    const missing = await cliAsync(['check', plan, path.join(dir, 'nope.json')]);
    expect([missing.status, missing.stderr]).toEqual([2, `error: cannot read ${path.join(dir, 'nope.json')}: ENOENT\n`]);
    expect((await cliAsync(['check', plan])).status).toBe(2);
  });

  it('runs from the built CLI', async () => {
    const run = await cliProcess(['check', plan, file('built.ndjson', ndjson(good))]);
    expect([run.status, run.stdout]).toEqual([0, '1 call checked: 1 pass, 0 violate, 0 unplanned\n']);
  });
});
