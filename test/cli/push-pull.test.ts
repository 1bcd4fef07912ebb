import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { readWorkbook } from '../../src/workbook/workbook';
import { parseTrackingPlan } from '../../src/plan/parse-plan';
import { buildConfigUpdateBody } from '../../src/segment/config-api';
import { startEmulator, SegmentEmulator } from '../../src/emulator/server';
import { publicRulesToConfig } from '../../src/segment/rules';
import { cliAsync, cliProcess, ROOT } from '../helpers/cli';

const TOKEN = 'cli-secret-token-42';
// A copy: push keeps its sync record (.segment-sync.json) beside the workbook, never in the repository.
const TEMPLATE = path.join(mkdtempSync(path.join(tmpdir(), 'template-')), 'tracking-plan.xlsx');
copyFileSync(path.join(ROOT, 'template/tracking-plan.xlsx'), TEMPLATE);
const dir = mkdtempSync(path.join(tmpdir(), 'push-pull-'));
let emulator: SegmentEmulator;

beforeEach(async () => {
  emulator = await startEmulator({
    seed: {
      tokens: [
        { token: TOKEN, workspace: 'acme', access: 'write' },
        { token: 'read-only', workspace: 'acme', access: 'read' },
      ],
      plans: [{ workspace: 'acme', resourceSchemaId: 'rs_web', id: 'tp_web', name: 'Web', rules: [] }],
    },
  });
});
afterEach(() => emulator.close());

const backups = path.join(dir, 'backups');
const flags = (...extra: string[]) => [
  '--workspace',
  'acme',
  '--plan',
  'rs_web',
  '--base-url',
  emulator.configBaseUrl,
  '--backup-dir',
  backups,
  ...extra,
];

async function templateRules() {
  const workbook = await readWorkbook(TEMPLATE);
  return buildConfigUpdateBody(parseTrackingPlan(workbook.plan).plan).tracking_plan.rules;
}

describe('push', () => {
  it('uploads the plan: what Segment then holds equals the built rules (as `node dist/cli.js`)', async () => {
    const run = await cliProcess(['push', TEMPLATE, ...flags()], { env: { SEGMENT_TOKEN: TOKEN } });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      'Uploaded 4 events (28 properties) and the identify, group, common rules to tracking plan rs_web in workspace "acme".\n' +
        'Read back: Segment now holds 4 events in this plan, matching the sheet.\n',
    );
    const stored = publicRulesToConfig(emulator.state.plan('rs_web')?.rules ?? []);
    expect(stored).toEqual(await templateRules());
    expect(emulator.state.plan('rs_web')?.name).toBe('Web');
  });

  it('renames the plan with --name', async () => {
    await cliAsync(['push', TEMPLATE, ...flags('--token', TOKEN, '--name', 'Web App')]);
    expect(emulator.state.plan('rs_web')?.name).toBe('Web App');
  });

  it('exits 1 on a plan with errors and sends nothing', async () => {
    const csv = path.join(dir, 'bad.csv');
    writeFileSync(csv, 'Event Name,Property Name,Property Type\nA,x,txet\n');
    const run = await cliAsync(['push', csv, ...flags('--token', TOKEN)]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Tracking Plan!C2 error');
    expect(emulator.requests).toEqual([]);
  });

  it('exits 2 naming what is missing', async () => {
    const run = await cliAsync(['push', TEMPLATE, '--workspace', 'acme']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('pass --token or set SEGMENT_TOKEN');
    expect(run.stderr).toContain('pass --plan');
  });

  it.each([
    ['an unknown token', ['--token', 'wrong'], 'did not accept the token (401)'],
    ['a read-only token', ['--token', 'read-only'], 'lacks write access'],
    ['a mistyped plan id', ['--token', TOKEN, '--plan', 'rs_wbe'], 'no tracking plan "rs_wbe" in workspace "acme" (404)'],
  ])('exits 3 with a clear message for %s, never printing the token', async (_what, extra, message) => {
    const run = await cliAsync(['push', TEMPLATE, ...flags(), ...extra]);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain(message);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });

  it('retries a 503 and a dropped connection, then succeeds', async () => {
    emulator.faults.failNext(1, 503).dropNext(1);
    const run = await cliAsync(['push', TEMPLATE, ...flags('--token', TOKEN)]);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('HTTP 503');
    // The plan is read before the confirmation and again after it, before the overwrite.
    expect(emulator.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 503', 'GET 0', 'GET 200', 'GET 200', 'PUT 200']);
  });
});

describe('the Public API from the command line', () => {
  it('pushes to a tp_ plan and pulls it back into the same rules', async () => {
    const publicFlags = ['--plan', 'tp_web', '--base-url', emulator.baseUrl, '--token', TOKEN, '--backup-dir', backups];
    const push = await cliAsync(['push', TEMPLATE, ...publicFlags]);
    expect(push.stderr).toBe('');
    expect(push.stdout).toMatch(
      /Uploaded 4 events \(28 properties\) and the identify, group, common rules to tracking plan tp_web \(\d+ requests\)\./,
    );
    expect(push.stdout).toContain('Read back: Segment now holds 7 rules in this plan, matching the sheet.');
    const out = path.join(dir, 'public.xlsx');
    const pull = await cliAsync(['pull', ...publicFlags, '--out', out]);
    expect(pull.status).toBe(0);
    const pulled = await readWorkbook(out);
    const again = await cliAsync(['build', out, '--api', 'public']);
    const original = await cliAsync(['build', TEMPLATE, '--api', 'public']);
    expect(JSON.parse(again.stdout)).toEqual(JSON.parse(original.stdout));
    expect(pulled.settings?.find((r) => r[0] === 'Tracking Plan ID')?.[1]).toBe('tp_web');
  });
});

describe('diff', () => {
  it('says what push would change, and changes nothing', async () => {
    const run = await cliAsync(['diff', TEMPLATE, ...flags('--token', TOKEN)]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('rs_web ("Web") compared with');
    expect(run.stdout).toContain(
      'Events and rules: 7 added (User Logged In, User Signed Up, Order Completed v2, Article Viewed, identify traits, group traits, common rules)',
    );
    expect(run.stdout).toContain('Added: Order Completed v2: added with 9 properties');
    expect(emulator.requests.every((r) => r.method === 'GET')).toBe(true);
    await cliAsync(['push', TEMPLATE, ...flags('--token', TOKEN)]);
    expect((await cliAsync(['diff', TEMPLATE, ...flags('--token', TOKEN)])).stdout).toContain('Segment already matches the sheet.');
  });

  it('push writes a backup of what it overwrites', async () => {
    await cliAsync(['push', TEMPLATE, ...flags('--token', TOKEN)]);
    const run = await cliAsync(['push', TEMPLATE, ...flags('--token', TOKEN, '--name', 'Renamed')]);
    const file = /Backed up Segment's plan to (\S+)/.exec(run.stdout)?.[1] as string;
    const backup = JSON.parse(readFileSync(file, 'utf8'));
    expect(backup).toMatchObject({ api: 'config', planId: 'rs_web', planName: 'Web' });
    expect(backup.ruleSet.rules.events).toHaveLength(4);
  });
});

describe('pull', () => {
  it.each(['xlsx', 'csv'])('writes the plan in our layout (.%s); building it gives back the same rules', async (ext) => {
    await cliAsync(['push', TEMPLATE, ...flags('--token', TOKEN)]);
    const out = path.join(dir, `pulled.${ext}`);
    const run = await cliAsync(['pull', ...flags('--token', TOKEN, '--out', out)]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const pulled = await readWorkbook(out);
    const { plan, problems } = parseTrackingPlan(pulled.plan);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(buildConfigUpdateBody(plan).tracking_plan.rules).toEqual(await templateRules());
    if (ext === 'xlsx') {
      expect(pulled.settings?.find((r) => r[0] === 'Tracking Plan ID')?.[1]).toBe('rs_web');
      expect(readFileSync(out).includes(Buffer.from(TOKEN))).toBe(false);
    }
  });

  it('needs --out', async () => {
    expect((await cliAsync(['pull', ...flags('--token', TOKEN)])).status).toBe(2);
  });
});
