// From real events to rows on the command line: `check` says what the plan lacks (information, with how many calls
// carried it), `infer` prints the rows for it, and a plan with those rows added passes the same calls.
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { rowsCsv } from '../../src/workbook/workbook';
import { cliAsync } from '../helpers/cli';

const dir = mkdtempSync(path.join(tmpdir(), 'infer-'));
const file = (name: string, text: string) => {
  const full = path.join(dir, name);
  writeFileSync(full, text);
  return full;
};
const PLAN_ROWS = [
  ['Event Type', 'Event Name', 'Event Description', 'Property Name', 'Property Description', 'Property Type', 'Required', 'Version'],
  ['track', 'Order Completed', 'An order is placed', '', '', '', '', ''],
  ['', '', '', 'total', 'Order total', 'number', 'TRUE', ''],
];
const plan = file('plan.csv', rowsCsv(PLAN_ROWS));
const ndjson = (...calls: object[]) => calls.map((c) => JSON.stringify(c)).join('\n');
const calls = file(
  'calls.ndjson',
  ndjson(
    { type: 'track', event: 'Order Completed', properties: { total: 3, coupon: 'SPRING' } },
    { type: 'track', event: 'Order Completed', properties: { total: 4, coupon: null } },
    { type: 'track', event: 'Order Completed', properties: { total: 5 } },
    { type: 'track', event: 'Cart Viewed', properties: { cart_id: 'c1', items: [{ sku: 'a' }] } },
  ),
);

const HEADER = 'Event Type,Event Name,Event Description,Property Name,Property Description,Property Type,Required,Version';
const LACKING = [
  HEADER,
  'track,Order Completed,,coupon,"Describe this. Example: ""SPRING""","string, null",,',
  'track,Cart Viewed,Describe this. Seen in 1 call.,,,,,',
  ',,,cart_id,"Describe this. Example: ""c1""",string,TRUE,',
  ',,,items,"Describe this. Example: [{""sku"":""a""}]",array,TRUE,',
  ',,,items.$,,object,,',
  ',,,items.$.sku,"Describe this. Example: ""a""",string,TRUE,',
  '',
].join('\n');

describe('check says what the plan lacks', () => {
  it('lists unplanned events and properties as information, with how many calls carried them', async () => {
    const run = await cliAsync(['check', plan, calls]);
    expect(run.status).toBe(1);
    const info = run.stdout.split('\n\n').find((part) => part.startsWith('Not in the plan'));
    expect(info?.split('\n')).toEqual([
      'Not in the plan (information; `infer` writes rows for them):',
      '  track "Cart Viewed": unplanned event, in 1 call',
      '  track "Order Completed": properties.coupon, in 2 calls',
    ]);
  });

  it('--json has them too', async () => {
    const run = await cliAsync(['check', plan, calls, '--json']);
    expect(JSON.parse(run.stdout).notInPlan).toEqual([
      { call: 'track "Cart Viewed"', path: null, calls: 1 },
      { call: 'track "Order Completed"', path: 'properties.coupon', calls: 2 },
    ]);
  });
});

describe('infer', () => {
  it('prints rows for what the plan lacks as CSV, and a plan with them added passes the same calls', async () => {
    const run = await cliAsync(['infer', calls, '--plan', plan]);
    expect([run.status, run.stdout, run.stderr]).toEqual([
      0,
      LACKING,
      '6 rows from 4 calls, for what the plan lacks. Rewrite their descriptions (each holds an example) before sending the plan.\n',
    ]);
    const added = file('added.csv', rowsCsv(PLAN_ROWS) + LACKING.split('\n').slice(1).join('\n'));
    const validate = await cliAsync(['validate', added]);
    expect(
      validate.stdout.split('\n').filter((l) => /warning|error/.test(l) && !/still has the description Add to plan wrote/.test(l)),
    ).toEqual(['0 errors, 5 warnings; 2 rules, 6 properties']);
    const check = await cliAsync(['check', added, calls]);
    expect([check.status, check.stdout]).toEqual([0, '4 calls checked: 4 pass, 0 violate, 0 unplanned\n']);
  });

  it('without --plan: rows for every event in the calls; --out writes them to a file', async () => {
    const out = path.join(dir, 'rows.csv');
    const run = await cliAsync(['infer', calls, '--out', out]);
    expect([run.status, run.stdout]).toEqual([0, `Wrote 8 rows to ${out}.\n`]);
    expect(readFileSync(out, 'utf8').split('\n').slice(0, 4)).toEqual([
      HEADER,
      'track,Order Completed,Describe this. Seen in 3 calls.,,,,,',
      ',,,total,Describe this. Example: 3,number,TRUE,',
      ',,,coupon,"Describe this. Example: ""SPRING""","string, null",,',
    ]);
  });

  it('exit 2 on a line it cannot read, after inferring from the others; exit 2 without the calls file', async () => {
    const broken = file('broken.ndjson', `${ndjson({ type: 'track', event: 'A', properties: { a: 1 } })}\n{"type":`);
    const run = await cliAsync(['infer', broken]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^line 2: is not valid JSON: /);
    expect(run.stdout.split('\n')[1]).toBe('track,A,Describe this. Seen in 1 call.,,,,,');
    expect((await cliAsync(['infer'])).status).toBe(2);
  });
});
