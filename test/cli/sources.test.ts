// Several plans from one workbook on the command line (issue 19, item 3): --source NAME picks a source's plan for
// build, diff, push, export --typewriter and check; without it diff and push cover every plan the workbook names,
// while build, export and check need it once there are several.
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { startEmulator, SegmentEmulator } from '../../src/emulator/server';
import { publicRulesToConfig } from '../../src/segment/rules';
import { workbookXlsx } from '../../src/workbook/workbook';
import { cliAsync } from '../helpers/cli';

const TOKEN = 'cli-sources-token-7';
const dir = mkdtempSync(path.join(tmpdir(), 'cli-sources-'));
let emulator: SegmentEmulator;

const PLAN = [
  ['Event Name', 'Event Description', 'Property Name', 'Property Description', 'Property Type', 'Required', 'Platforms'],
  ['Order Completed', 'An order is paid', '', '', '', '', ''],
  ['', '', 'order_id', 'The order', 'string', 'TRUE', ''],
  ['', '', 'device_id', 'The device', 'string', 'TRUE', 'iOS'],
  ['', '', 'page_url', 'The page', 'string', '', 'Web'],
  ['App Opened', 'The app opens', '', '', '', '', 'iOS, Android'],
  ['', '', 'cold_start', 'From scratch', 'boolean', '', ''],
];

async function workbook(name: string, settings: string[][]): Promise<string> {
  const file = path.join(dir, name);
  writeFileSync(file, await workbookXlsx({ plan: PLAN, settings: [['Setting', 'Value'], ...settings] }));
  return file;
}

const SETTINGS = [
  ['Workspace Slug', 'acme'],
  ['Plan for Web', 'rs_web'],
  ['Plan for iOS', 'rs_mobile'],
  ['Plan for Android', 'rs_mobile'],
];
let file: string;

beforeAll(async () => {
  file = await workbook('plans.xlsx', SETTINGS);
});

beforeEach(async () => {
  emulator = await startEmulator({
    seed: {
      tokens: [{ token: TOKEN, workspace: 'acme', access: 'write' }],
      plans: [
        { workspace: 'acme', resourceSchemaId: 'rs_web', id: 'tp_web', name: 'Web', rules: [] },
        { workspace: 'acme', resourceSchemaId: 'rs_mobile', id: 'tp_mobile', name: 'Mobile', rules: [] },
      ],
    },
  });
});
afterEach(() => emulator.close());

const remote = (...extra: string[]) => [
  '--token',
  TOKEN,
  '--base-url',
  emulator.configBaseUrl,
  '--backup-dir',
  path.join(dir, 'b'),
  ...extra,
];

const DRAFT_04 = 'http://json-schema.org/draft-04/schema#';
const text = (description: string, type = 'string') => ({ description, type });
const ORDER_ID = { order_id: text('The order') };

const WEB_RULES = {
  events: [
    {
      name: 'Order Completed',
      description: 'An order is paid',
      version: 1,
      rules: {
        $schema: DRAFT_04,
        type: 'object',
        properties: {
          properties: { type: 'object', properties: { ...ORDER_ID, page_url: text('The page') }, required: ['order_id'] },
        },
        required: ['properties'],
      },
    },
  ],
  identify_traits: [],
  group_traits: [],
};

const MOBILE_RULES = {
  events: [
    {
      name: 'Order Completed',
      description: 'An order is paid',
      version: 1,
      rules: {
        $schema: DRAFT_04,
        type: 'object',
        properties: {
          properties: {
            type: 'object',
            properties: { ...ORDER_ID, device_id: text('The device') },
            required: ['order_id', 'device_id'],
          },
        },
        required: ['properties'],
      },
    },
    {
      name: 'App Opened',
      description: 'The app opens',
      version: 1,
      rules: {
        $schema: DRAFT_04,
        type: 'object',
        properties: { properties: { type: 'object', properties: { cold_start: text('From scratch', 'boolean') } } },
      },
    },
  ],
  identify_traits: [],
  group_traits: [],
};

const stored = (id: string) => publicRulesToConfig(emulator.state.plan(id)?.rules ?? []);
const firstLine = (s: string) => s.split('\n')[0];

describe('build and export with several plans', () => {
  it('build needs --source when the workbook names several plans, and names them', async () => {
    const run = await cliAsync(['build', file]);
    expect([run.status, firstLine(run.stderr)]).toEqual([
      2,
      'error: the workbook names 2 plans (Web: rs_web; iOS, Android: rs_mobile), so build needs --source NAME to pick one.',
    ]);
  });

  it('build --source gives the rules of that source’s plan (shared with the sources of the same plan)', async () => {
    const web = await cliAsync(['build', file, '--source', 'web']);
    expect(web.status).toBe(0);
    expect(JSON.parse(web.stdout).tracking_plan.rules).toEqual(WEB_RULES);
    const android = await cliAsync(['build', file, '--source', 'Android']);
    expect(JSON.parse(android.stdout).tracking_plan.rules).toEqual(MOBILE_RULES);
  });

  it('a --source no Plan for row names is a usage error with the nearest name', async () => {
    const run = await cliAsync(['build', file, '--source', 'andriod']);
    expect([run.status, firstLine(run.stderr)]).toEqual([
      2,
      'error: --source andriod: no Plan for row in Importer Settings names it (Web, iOS, Android). Did you mean Android?',
    ]);
  });

  it('without Plan for rows (a CSV), --source restricts the one plan to that source', async () => {
    const csv = path.join(dir, 'plan.csv');
    writeFileSync(csv, PLAN.map((r) => r.join(',').replace('iOS, Android', '"iOS, Android"')).join('\n'));
    const run = await cliAsync(['build', csv, '--source', 'Web']);
    expect(JSON.parse(run.stdout).tracking_plan.rules).toEqual(WEB_RULES);
    const all = await cliAsync(['build', csv]);
    expect(JSON.parse(all.stdout).tracking_plan.rules.events.map((e: { name: string }) => e.name)).toEqual([
      'Order Completed',
      'App Opened',
    ]);
  });

  it('export --typewriter needs --source, then writes that plan under its id', async () => {
    const out = path.join(dir, 'tw');
    const refused = await cliAsync(['export', file, '--typewriter', out]);
    expect([refused.status, firstLine(refused.stderr)]).toEqual([
      2,
      'error: the workbook names 2 plans (Web: rs_web; iOS, Android: rs_mobile), so export needs --source NAME to pick one.',
    ]);
    const run = await cliAsync(['export', file, '--typewriter', out, '--source', 'Web']);
    expect(run.status).toBe(0);
    const plan = JSON.parse(readFileSync(path.join(out, 'plan.json'), 'utf8'));
    expect([plan.id, plan.rules.map((r: { key: string }) => r.key)]).toEqual(['rs_web', ['Order Completed']]);
  });

  it('check --source checks calls against that source’s plan', async () => {
    const calls = path.join(dir, 'calls.ndjson');
    writeFileSync(calls, `${JSON.stringify({ type: 'track', event: 'App Opened', properties: { cold_start: true } })}\n`);
    const refused = await cliAsync(['check', file, calls]);
    expect(firstLine(refused.stderr)).toBe(
      'error: the workbook names 2 plans (Web: rs_web; iOS, Android: rs_mobile), so check needs --source NAME to pick one.',
    );
    expect((await cliAsync(['check', file, calls, '--source', 'iOS'])).status).toBe(0);
    const web = await cliAsync(['check', file, calls, '--source', 'Web']);
    expect(web.status).toBe(1);
    expect(web.stdout).toContain('Unplanned event');
  });
});

describe('validate with Plan for rows', () => {
  it('warns at a Sources cell naming a source no Plan for row names', async () => {
    const typo = path.join(dir, 'andriod.xlsx');
    const plan = PLAN.map((row) => row.map((cell) => (cell === 'iOS, Android' ? 'iOS, Andriod' : cell)));
    writeFileSync(typo, await workbookXlsx({ plan, settings: [['Setting', 'Value'], ...SETTINGS] }));
    const run = await cliAsync(['validate', typo]);
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n').filter((l) => l.includes('Tracking Plan!'))).toEqual([
      'Tracking Plan!G6 warning: Platforms "Andriod" is not one of the sources Importer Settings has a Plan for row for (Web, iOS, Android), so no plan gets this event from it. Did you mean Android?',
    ]);
  });
});

describe('push and diff with several plans', () => {
  it('push without --source sends every plan, each its own rules', async () => {
    const run = await cliAsync(['push', file, ...remote()]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(stored('rs_web')).toEqual(WEB_RULES);
    expect(stored('rs_mobile')).toEqual(MOBILE_RULES);
    expect(run.stdout.split('\n').filter((l) => l.startsWith('Plan for') || l.startsWith('Uploaded'))).toEqual([
      'Plan for Web: rs_web',
      'Uploaded 1 event (2 properties) to tracking plan rs_web in workspace "acme".',
      'Plan for iOS, Android: rs_mobile',
      'Uploaded 2 events (3 properties) to tracking plan rs_mobile in workspace "acme".',
    ]);
    expect(emulator.state.plan('rs_web')?.name).toBe('Web');
  });

  it('push --source sends only that plan', async () => {
    const run = await cliAsync(['push', file, ...remote('--source', 'iOS')]);
    expect(run.status).toBe(0);
    expect(stored('rs_mobile')).toEqual(MOBILE_RULES);
    expect(stored('rs_web')).toEqual({ events: [], identify_traits: [], group_traits: [] });
    expect(emulator.requests.every((r) => r.path.includes('rs_mobile'))).toBe(true);
  });

  it('a plan that fails says which plans were sent and which were not', async () => {
    const typo = await workbook('typo.xlsx', [
      ['Workspace Slug', 'acme'],
      ['Plan for Web', 'rs_web'],
      ['Plan for iOS', 'rs_mobil'],
      ['Plan for Server', 'rs_server'],
    ]);
    const run = await cliAsync(['push', typo, ...remote()]);
    expect(run.status).toBe(3);
    expect(run.stderr.split('\n').slice(-3)).toEqual([
      'error: Segment found no tracking plan "rs_mobil" in workspace "acme" (404). Check for a typo, and that the token belongs to that workspace.',
      'Sent: Web (rs_web). Not sent: iOS (rs_mobil), Server (rs_server).',
      '',
    ]);
    expect(stored('rs_web')).toEqual(WEB_RULES);
  });

  it('diff without --source compares every plan', async () => {
    await cliAsync(['push', file, ...remote('--source', 'Web')]);
    const before = emulator.requests.length;
    const run = await cliAsync(['diff', file, ...remote()]);
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n').filter((l) => l.includes('compared with'))).toEqual([
      `Plan for Web: rs_web ("Web") compared with ${file}: Segment already matches the sheet.`,
      `Plan for iOS, Android: rs_mobile ("Mobile") compared with ${file}: Events and rules: 2 added (Order Completed, App Opened). Properties: 3 added, 0 removed, 0 changed.`,
    ]);
    expect(emulator.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
