// Property groups through the CLI (issue 19, item 4): an .xlsx's Property Groups tab, or --groups FILE beside a CSV,
// holds the groups a Tracking Plan row `@Product` includes; their problems are said at Property Groups' cells.
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { toCsv } from '../../src/workbook/csv';
import { cliAsync } from '../helpers/cli';

const dir = mkdtempSync(path.join(tmpdir(), 'cli-groups-'));
function csvFile(name: string, rows: string[][]): string {
  const file = path.join(dir, name);
  writeFileSync(file, toCsv(rows));
  return file;
}

const PLAN_HEADER = ['Event Name', 'Event Description', 'Property Name', 'Property Description', 'Property Type', 'Required'];
const PLAN = [
  PLAN_HEADER,
  ['Product Added', 'A product goes into the cart', '', '', '', ''],
  ['', '', '@Product', '', '', ''],
  ['', '', 'price', '', '', 'TRUE'],
];
const GROUPS = [
  ['Group', 'Property Name', 'Property Description', 'Property Type', 'Required'],
  ['Product', 'product_id', 'Database id of the product', 'string', 'TRUE'],
  ['', 'price', 'Unit price', 'number', ''],
];
const WRITTEN_OUT = [
  PLAN_HEADER,
  ['Product Added', 'A product goes into the cart', '', '', '', ''],
  ['', '', 'product_id', 'Database id of the product', 'string', 'TRUE'],
  ['', '', 'price', 'Unit price', 'number', 'TRUE'],
];

async function xlsxFile(name: string, sheets: Record<string, string[][]>): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  for (const [sheet, rows] of Object.entries(sheets)) workbook.addWorksheet(sheet).addRows(rows);
  const file = path.join(dir, name);
  await workbook.xlsx.writeFile(file);
  return file;
}

async function built(...args: string[]): Promise<unknown> {
  const run = await cliAsync(['build', ...args]);
  expect([run.status, run.stderr]).toEqual([0, '']);
  return JSON.parse(run.stdout);
}

describe('CLI: property groups', () => {
  it('build reads an .xlsx’s Property Groups tab: the rules of the group’s rows written out, with the override', async () => {
    const file = await xlsxFile('groups.xlsx', { 'Tracking Plan': PLAN, 'Property Groups': GROUPS });
    expect(await built(file)).toEqual(await built(csvFile('written.csv', WRITTEN_OUT)));
  });

  it('--groups FILE gives a CSV plan its groups', async () => {
    const plan = csvFile('plan.csv', PLAN);
    expect(await built(plan, '--groups', csvFile('groups.csv', GROUPS))).toEqual(await built(csvFile('written2.csv', WRITTEN_OUT)));
  });

  it('validate says a group row’s problem at its Property Groups cell, once, and an unknown group at the plan’s cell', async () => {
    const plan = csvFile('plan-bad.csv', [
      ...PLAN,
      ['Product Removed', 'A product leaves the cart', '', '', '', ''],
      ['', '', '@Product', '', '', ''],
      ['', '', '@Prodcut', '', '', ''],
    ]);
    const groups = csvFile('groups-bad.csv', [...GROUPS, ['', 'sku', 'Stock keeping unit', 'strng', '']]);
    const run = await cliAsync(['validate', plan, '--groups', groups]);
    expect(run.status).toBe(1);
    expect(run.stdout.split('\n').filter((l) => l.includes('!'))).toEqual([
      'Tracking Plan!C7 error: There is no group "Prodcut" in Property Groups. Did you mean Product?',
      'Property Groups!D4 error: Unknown Property Type "strng". Did you mean string? Use one of: string, number, integer, boolean, object, array, null, any, date-time; several comma-separated (string, null).',
    ]);
  });

  it('--format github annotates a problem of the --groups file on that file’s line', async () => {
    const groups = csvFile('groups-gh.csv', [...GROUPS, ['', 'sku', 'Stock keeping unit', 'strng', '']]);
    const run = await cliAsync(['validate', csvFile('plan-gh.csv', PLAN), '--groups', groups, '--format', 'github']);
    expect(run.stdout.split('\n').filter((l) => l.startsWith('::'))).toEqual([
      `::error file=${groups},line=4,col=25::Unknown Property Type "strng". Did you mean string? Use one of: string, number, integer, boolean, object, array, null, any, date-time; several comma-separated (string, null).`,
    ]);
  });

  it('--format junit puts a plan row’s problem in its own event’s case, whatever rows of Property Groups an event includes', async () => {
    const plan = csvFile('plan-junit.csv', [
      PLAN_HEADER,
      ['Signed In', 'A user signs in', '', '', '', ''],
      ['', '', 'method', 'How they signed in', 'strng', ''],
      ['Product Added', 'A product goes into the cart', '', '', '', ''],
      ['', '', '@Product', '', '', ''],
    ]);
    const out = path.join(dir, 'report.xml');
    const run = await cliAsync(['validate', plan, '--groups', csvFile('groups-junit.csv', GROUPS), '--format', 'junit', '--out', out]);
    expect(run.status).toBe(1);
    const report = readFileSync(out, 'utf8');
    const cases = report.split('<testcase ').slice(1);
    expect(cases.filter((c) => c.includes('Unknown Property Type')).map((c) => / name="([^"]*)"/.exec(c)?.[1])).toEqual(['Signed In']);
  });

  it('check reads the groups, and a violation of a group’s property points at the event’s row, not a Property Groups row', async () => {
    const plan = csvFile('plan-check.csv', [
      PLAN_HEADER,
      ['Signed In', 'A user signs in', '', '', '', ''],
      ['', '', 'method', 'How they signed in', 'string', ''],
      ['Product Added', 'A product goes into the cart', '', '', '', ''],
      ['', '', '@Product', '', '', ''],
    ]);
    const calls = path.join(dir, 'calls.ndjson');
    writeFileSync(calls, `${JSON.stringify({ type: 'track', event: 'Product Added', properties: { product_id: 5, price: 2 } })}\n`);
    const run = await cliAsync(['check', plan, calls, '--groups', csvFile('groups-check.csv', GROUPS)]);
    expect(run.status).toBe(1);
    expect(run.stdout.split('\n').filter((l) => l.includes('× properties.product_id'))).toEqual([
      '  1 × properties.product_id: Invalid type. Expected: string, given: integer (rule: track \"Product Added\" v1, row 4; at line 1)',
    ]);
  });

  it('--groups with a file that is not a CSV is a usage error', async () => {
    const run = await cliAsync(['validate', csvFile('plan3.csv', PLAN), '--groups', path.join(dir, 'groups.txt')]);
    expect([run.status, run.stderr.split('\n')[0]]).toEqual([
      2,
      'error: --groups takes a .csv file (an .xlsx has its own Property Groups tab)',
    ]);
  });
});
