import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { toCsv } from '../../src/workbook/csv';
import { cliAsync, cliProcess } from '../helpers/cli';

const dir = mkdtempSync(path.join(tmpdir(), 'cli-'));
function csvFile(name: string, rows: string[][]): string {
  const file = path.join(dir, name);
  writeFileSync(file, toCsv(rows));
  return file;
}

const HEADER = ['Event Name', 'Event Description', 'Property Name', 'Property Type', 'Required'];
const good = csvFile('good.csv', [HEADER, ['User Logged In', 'Logs in', '', '', ''], ['', '', 'username', 'string', 'TRUE']]);
const bad = csvFile('bad.csv', [HEADER, ['', '', 'orphan', 'txet', '']]);

describe('validate', () => {
  it('exits 0 on a clean plan and lists warnings', async () => {
    const run = await cliAsync(['validate', good]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('0 errors, 1 warning; 1 rule, 1 property');
    expect(run.stdout).toContain('Tracking Plan!C3 warning: Property "username" has no description.');
  });

  it('exits 1 with errors, naming sheet and cell (as `node dist/cli.js`, in a process of its own)', async () => {
    const run = await cliProcess(['validate', bad]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/Tracking Plan!C2 error: Property "orphan" has no event/);
    expect(run.stdout).toMatch(/Tracking Plan!D2 error: Unknown Property Type "txet"/);
  });

  it('prints {"problems": [...]} with --json', async () => {
    const run = await cliAsync(['validate', '--json', bad]);
    expect(run.status).toBe(1);
    const { problems } = JSON.parse(run.stdout);
    expect(problems[0]).toEqual({
      sheet: 'Tracking Plan',
      row: 2,
      column: 'C',
      cell: 'C2',
      severity: 'error',
      message: expect.any(String),
    });
  });

  it('exits 2 on bad usage and unreadable files', async () => {
    expect((await cliAsync(['validate'])).status).toBe(2);
    expect((await cliAsync(['frobnicate', good])).status).toBe(2);
    expect((await cliAsync(['validate', good, '--bogus'])).status).toBe(2);
    const missing = await cliAsync(['validate', path.join(dir, 'missing.csv')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no such file');
    expect((await cliAsync(['validate', csvFile('plan.txt', [HEADER])])).status).toBe(2);
    const notXlsx = path.join(dir, 'fake.xlsx');
    writeFileSync(notXlsx, 'not a zip');
    expect((await cliAsync(['validate', notXlsx])).status).toBe(2);
  });
});

describe('build', () => {
  it('prints the Config API update body, without a display name unless one is given', async () => {
    const run = await cliAsync(['build', good]);
    expect(run.status).toBe(0);
    const body = JSON.parse(run.stdout);
    expect(body.update_mask.paths).toEqual(['tracking_plan.rules']);
    expect(body.tracking_plan.rules.events[0].name).toBe('User Logged In');
    const named = JSON.parse((await cliAsync(['build', good, '--name', 'Web App'])).stdout);
    expect(named.update_mask.paths).toEqual(['tracking_plan.display_name', 'tracking_plan.rules']);
    expect(named.tracking_plan.display_name).toBe('Web App');
  });

  it('prints the Public API rules for --api public or a tp_ plan, where page rows are allowed', async () => {
    const withPage = csvFile('page.csv', [HEADER.concat('Event Type'), ['Home', 'Home page', '', '', '', 'page']]);
    expect((await cliAsync(['build', withPage])).status).toBe(1);
    for (const args of [
      ['--api', 'public'],
      ['--plan', 'tp_abc'],
    ]) {
      const run = await cliAsync(['build', withPage, ...args]);
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout).rules).toEqual([
        {
          type: 'PAGE',
          key: 'Home',
          version: 1,
          jsonSchema: {
            $schema: 'http://json-schema.org/draft-04/schema#',
            type: 'object',
            description: 'Home page',
            properties: { properties: { type: 'object', properties: {} } },
          },
        },
      ]);
    }
    expect((await cliAsync(['build', withPage, '--api', 'graphql'])).status).toBe(2);
  });

  it('prints nothing on stdout and exits 1 when the plan has errors', async () => {
    const run = await cliAsync(['build', bad]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('C2 error');
  });

  it('reads both sheets of an .xlsx and takes the name from Importer Settings', async () => {
    const workbook = new ExcelJS.Workbook();
    const plan = workbook.addWorksheet('Tracking Plan');
    plan.addRow(['Banner']);
    plan.addRow(HEADER);
    plan.addRow(['Signed In', 'When', '', '', '']);
    plan.addRow(['', '', 'method', 'string', true]);
    plan.addRow(['', '', 'count', { formula: '1+1', result: 'integer' }, false]);
    const settings = workbook.addWorksheet('Importer Settings');
    settings.addRow(['Tracking Plan Name', 'From Sheet']);
    const file = path.join(dir, 'plan.xlsx');
    await workbook.xlsx.writeFile(file);
    const run = await cliAsync(['build', file]);
    expect(run.status).toBe(0);
    const body = JSON.parse(run.stdout);
    expect(body.tracking_plan.display_name).toBe('From Sheet');
    expect(body.tracking_plan.rules.events[0].rules.properties.properties).toMatchObject({
      properties: { method: { type: 'string' }, count: { type: 'integer' } },
      required: ['method'],
    });
  });
});

describe('checks from flags', () => {
  it('--event-naming and --property-naming override Importer Settings', async () => {
    const template = path.resolve(__dirname, '../../template/tracking-plan.xlsx');
    const run = await cliAsync(['validate', template, '--event-naming', 'object_action', '--property-naming', 'camelCase']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      'Tracking Plan!B4 warning: Event "User Logged In" is not named object_action (order_completed), as Event Naming asks.',
    );
    expect(run.stdout).toContain('warning: Property "order_id" is not named camelCase (orderId), as Property Naming asks.');
    const bad = await cliAsync(['validate', template, '--descriptions', 'sometimes']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('error: Descriptions "sometimes" is not Required or Optional.');
  });
});

describe('conventions without settings', () => {
  it('validate on a CSV warns at an event named unlike the forty others; --event-naming Any silences it', async () => {
    const objects = ['Order', 'Cart', 'Product', 'Checkout', 'Coupon', 'Wishlist', 'Promotion', 'Review', 'Payment', 'Account'];
    const events = objects.flatMap((o) => ['Viewed', 'Completed', 'Updated', 'Removed'].map((a) => [`${o} ${a}`, 'd', '', '', '']));
    const file = csvFile('styles.csv', [HEADER, ...events, ['order_shipped', 'd', '', '', '']]);
    const run = await cliAsync(['validate', file]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      'Tracking Plan!A42 warning: Event "order_shipped" is object_action, but the other 40 event names are Object Action in Title Case (Order Completed); rename it "Order Shipped", or set Event Naming in Importer Settings (Any allows every style).',
    );
    const any = await cliAsync(['validate', file, '--event-naming', 'Any']);
    expect(any.stdout).not.toContain('order_shipped');
  });
});
