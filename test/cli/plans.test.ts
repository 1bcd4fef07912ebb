// Issue 20, item 4 on the command line: `plans` lists the token's plans, `push --create --name` makes one and pushes
// to it. Against the emulator; the token never appears in what is printed.
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { SegmentEmulator, startEmulator } from '../../src/emulator/server';
import { rowsCsv } from '../../src/workbook/workbook';
import { cliAsync } from '../helpers/cli';

const TOKEN = 'cli-plans-secret-token';
const dir = mkdtempSync(path.join(tmpdir(), 'plans-'));
const plan = path.join(dir, 'plan.csv');
writeFileSync(
  plan,
  rowsCsv([
    ['Event Name', 'Event Description', 'Property Name', 'Property Description', 'Property Type'],
    ['Order Completed', 'An order is placed', '', '', ''],
    ['', '', 'total', 'Order total', 'number'],
  ]),
);
let emulator: SegmentEmulator;

beforeEach(async () => {
  emulator = await startEmulator({
    clock: () => Date.parse('2026-03-01T00:00:00Z'),
    seed: {
      tokens: [
        { token: TOKEN, workspace: 'acme', access: 'write' },
        { token: 'read-only-token', workspace: 'acme', access: 'read' },
      ],
      plans: [
        { workspace: 'acme', resourceSchemaId: 'rs_web', id: 'tp_web', name: 'Web', updatedAt: '2026-01-02T00:00:00.000Z', rules: [] },
      ],
    },
  });
});
afterEach(() => emulator.close());

const env = { SEGMENT_TOKEN: TOKEN };

describe('plans', () => {
  it('lists the plans with their ids, rule counts and last update', async () => {
    const run = await cliAsync(['plans', '--base-url', emulator.baseUrl], { env });
    expect([run.status, run.stdout, run.stderr]).toEqual([
      0,
      '1 tracking plan (Public API), the last updated first:\n  tp_web (rs_web)  "Web"  0 rules  updated 2026-01-02T00:00:00.000Z\n',
      '',
    ]);
    const config = await cliAsync(['plans', '--api', 'config', '--workspace', 'acme', '--base-url', emulator.configBaseUrl, '--json'], {
      env,
    });
    expect(JSON.parse(config.stdout)).toEqual([
      { api: 'config', id: 'rs_web', resourceSchemaId: null, name: 'Web', rules: 0, updatedAt: '2026-01-02T00:00:00.000Z' },
    ]);
  });

  it('without a token: exit 2 naming the flag; a bad token: exit 3, the token not shown', async () => {
    const none = await cliAsync(['plans', '--base-url', emulator.baseUrl]);
    expect([none.status, none.stderr]).toEqual([
      2,
      'error: No Personal Access Token: pass --token or SEGMENT_TOKEN (or fill in Personal Access Token in Importer Settings).\n',
    ]);
    const bad = await cliAsync(['plans', '--base-url', emulator.baseUrl], { env: { SEGMENT_TOKEN: 'wrong-secret-token' } });
    expect(bad.status).toBe(3);
    expect(bad.stderr).toMatch(/^error: Segment did not accept the token \(401\)/);
    expect(bad.stderr + bad.stdout).not.toContain('wrong-secret-token');
  });
});

describe('push --create', () => {
  it('creates the plan named --name through the Public API, then pushes the sheet to it', async () => {
    const run = await cliAsync(
      ['push', plan, '--create', '--name', 'Checkout', '--base-url', emulator.baseUrl, '--backup-dir', path.join(dir, 'b')],
      { env },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const made = emulator.state.plans.find((p) => p.name === 'Checkout');
    expect(made?.rules.map((r) => r.key)).toEqual(['Order Completed']);
    expect(run.stdout.split('\n')[0]).toBe(`Created tracking plan "Checkout" (${made?.id}) in Segment.`);
  });

  it('needs a name, refuses a plan id beside it, and makes nothing for a sheet with errors', async () => {
    const noName = await cliAsync(['push', plan, '--create', '--base-url', emulator.baseUrl], { env });
    expect([noName.status, noName.stderr.split('\n')[0]]).toEqual([
      2,
      'error: --create needs the new plan\'s name: --name "…" (or Tracking Plan Name in Importer Settings)',
    ]);
    const withId = await cliAsync(['push', plan, '--create', '--name', 'X', '--plan', 'tp_web', '--base-url', emulator.baseUrl], { env });
    expect([withId.status, withId.stderr.split('\n')[0]]).toEqual([2, 'error: --create makes a new plan, but --plan names tp_web']);
    const broken = path.join(dir, 'broken.csv');
    writeFileSync(
      broken,
      rowsCsv([
        ['Event Name', 'Property Name', 'Property Type'],
        ['A', 'x', 'numbr'],
      ]),
    );
    const bad = await cliAsync(['push', broken, '--create', '--name', 'X', '--base-url', emulator.baseUrl], { env });
    expect(bad.status).toBe(1);
    expect(emulator.state.plans.map((p) => p.name)).toEqual(['Web']);
  });
});
