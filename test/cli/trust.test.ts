// The command line and the token: it goes only where the person running the command said, over https (or to
// this machine), never into a message; and a bad answer from Segment costs nothing.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { tmpdir } from 'os';
import * as path from 'path';
import { workbookXlsx } from '../../src/workbook/workbook';
import { nth, SegmentEmulator, startEmulator } from '../../src/emulator/server';
import { SETTINGS } from '../../src/plan/settings';
import type { PublicRule } from '../../src/segment/rules';
import { templatePlanGrid } from '../../src/template/template-content';
import { cliAsync, cliProcess, ROOT } from '../helpers/cli';
import { writeFileSync } from 'fs';

const TOKEN = 'cli-trust-token-2468';
let emulator: SegmentEmulator;
let capture: http.Server;
let captured: Array<{ url: string; authorization: string }>;
let captureUrl: string;
let dir: string;

/** The template's plan as a CSV file: 4 events, none of which tp_big holds. */
const TEMPLATE_CSV = () => {
  const file = path.join(dir, 'template.csv');
  writeFileSync(file, readFileSync(path.join(ROOT, 'template/tracking-plan.csv'), 'utf8'));
  return file;
};

const rule = (i: number, text = 'v1'): PublicRule => ({
  type: 'TRACK',
  key: `Event ${i}`,
  version: 1,
  jsonSchema: { type: 'object', description: `${text} ${i}` },
});

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cli-trust-'));
  emulator = await startEmulator({
    seed: {
      tokens: [{ token: TOKEN, workspace: 'acme', access: 'write' }],
      plans: [
        { workspace: 'acme', id: 'tp_big', resourceSchemaId: 'rs_big', name: 'Big', rules: Array.from({ length: 450 }, (_, i) => rule(i)) },
      ],
    },
  });
  captured = [];
  capture = http.createServer((req, res) => {
    captured.push({ url: req.url ?? '', authorization: String(req.headers.authorization ?? '') });
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"data":{}}');
  });
  await new Promise<void>((resolve) => capture.listen(0, '127.0.0.1', resolve));
  captureUrl = `http://127.0.0.1:${(capture.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await emulator.close();
  await new Promise((resolve) => capture.close(resolve));
});

/** A workbook someone sent: the template plan, and Importer Settings naming the given API Base URL. */
async function workbookNaming(baseUrl: string): Promise<string> {
  const values: Record<string, string> = { 'Tracking Plan ID': 'tp_big', 'API Base URL': baseUrl };
  const settings = [['Setting', 'Value', 'Help'], ...SETTINGS.map((s) => [s.label, values[s.label] ?? '', ''])];
  const file = path.join(dir, 'shared.xlsx');
  writeFileSync(file, await workbookXlsx({ plan: templatePlanGrid() as string[][], settings }));
  return file;
}

describe("a workbook's API Base URL", () => {
  it('is not followed to a host that is not Segment: exit 2 naming the host, and no request reaches it', async () => {
    const file = await workbookNaming(`${captureUrl}/collect`);
    for (const command of ['push', 'diff']) {
      const run = await cliProcess([command, file], { env: { SEGMENT_TOKEN: TOKEN } });
      expect(run.status).toBe(2);
      expect(run.stderr).toBe(
        `error: the workbook's API Base URL sends to 127.0.0.1, which is not a Segment API host, so the token was not sent there. If you mean it, pass --base-url ${captureUrl}/collect as well.\n`,
      );
    }
    expect(captured).toEqual([]);
  });

  it('is followed when --base-url names the same address (this machine, over http)', async () => {
    const file = await workbookNaming(`${captureUrl}/collect`);
    const run = await cliAsync(['diff', file, '--base-url', `${captureUrl}/collect`], { env: { SEGMENT_TOKEN: TOKEN } });
    // The token went where the command line said, and the capture server's empty answer is a Segment API error.
    expect(captured.map((c) => [c.url.split('/').slice(0, 2).join('/'), c.authorization])).toEqual([['/collect', `Bearer ${TOKEN}`]]);
    expect(run.status).toBe(3);
  });

  it('plain http to another machine is refused, even from --base-url', async () => {
    const file = await workbookNaming('');
    const run = await cliAsync(['diff', file, '--base-url', 'http://segment.example.com'], { env: { SEGMENT_TOKEN: TOKEN } });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      '--base-url http://segment.example.com is plain http to segment.example.com: the token would cross the network unencrypted.',
    );
  });
});

describe('hostile cells on the command line', () => {
  it('names JavaScript reserves are errors at their cells (exit 1), not a crash (exit 70)', async () => {
    const file = path.join(dir, 'proto.csv');
    writeFileSync(
      file,
      'Event Name,Event Description,Property Name,Property Description,Property Type,Labels,JSON Schema\n' +
        'E,d,,,,__proto__:x,\n,,p,d,string,,"{""__proto__"":{""type"":""integer""}}"\n,,__proto__,d,string,,\n',
    );
    const run = await cliAsync(['validate', file]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^3 errors, 0 warnings;/m);
    expect(run.stdout).toContain('Tracking Plan!F2 error: Label "__proto__:x" uses "__proto__"');
    expect(run.stdout).toContain('Tracking Plan!G3 error: JSON Schema is not valid draft-04: __proto__ uses the key "__proto__"');
    expect(run.stdout).toContain('Tracking Plan!C4 error: Property Name "__proto__" uses "__proto__"');
    expect(run.stderr).toBe('');
  });
});

describe('the token in messages', () => {
  it('a token pasted with a line break is refused up front with exit 2, never printed', async () => {
    const run = await cliAsync(['diff', await workbookNaming(''), '--base-url', emulator.baseUrl], {
      env: { SEGMENT_TOKEN: `${TOKEN}\nx` },
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('The Personal Access Token has a line break at character 21 of 22, so it cannot be sent.');
    expect(`${run.stdout}${run.stderr}`).not.toContain(TOKEN);
    expect(emulator.requests).toEqual([]);
  });
});

describe('bad answers and failures during push', () => {
  const push = (...extra: string[]) =>
    cliAsync(
      [
        'push',
        path.join(dir, 'plan.csv'),
        '--plan',
        'tp_big',
        '--base-url',
        emulator.baseUrl,
        '--backup-dir',
        path.join(dir, 'backups'),
        ...extra,
      ],
      {
        env: { SEGMENT_TOKEN: TOKEN },
      },
    );
  const planCsv = (text: string) =>
    writeFileSync(
      path.join(dir, 'plan.csv'),
      ['Event Name,Event Description,Property Name', ...Array.from({ length: 450 }, (_, i) => `Event ${i},${text} ${i},`)].join('\n'),
    );

  it('a malformed listing is exit 3: no backup, nothing written', async () => {
    planCsv('v2');
    emulator.faults.failNext(1, 200, { data: { rules: [] } }, undefined, (m, p) => m === 'GET' && p.endsWith('/rules'));
    const run = await push();
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('list the rules of tracking plan tp_big is not what Segment documents (it has no pagination)');
    expect(existsSync(path.join(dir, 'backups'))).toBe(false);
    expect(emulator.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('a batch failing after others were applied says how many, and where the backup is', async () => {
    planCsv('v2');
    emulator.faults.failNext(
      1,
      400,
      undefined,
      undefined,
      nth(2, (m) => m === 'PATCH'),
    );
    const run = await push();
    expect(run.status).toBe(3);
    const [backup] = readdirSync(path.join(dir, 'backups'));
    expect(run.stderr).toContain('Before this failure 1 of 3 batches had been applied, so Segment holds part of this upload');
    expect(run.stderr).toContain(
      `The plan as it was before this push is backed up in ${path.join(dir, 'backups', backup)}. Run push again to finish.`,
    );
  });
});

describe('push removes only when asked', () => {
  const removing = () => ['push', TEMPLATE_CSV(), '--plan', 'tp_big', '--base-url', emulator.baseUrl, '--backup-dir', path.join(dir, 'b')];
  const writes = () => emulator.requests.filter((r) => r.method !== 'GET');
  /** What Segment holds after a push went through: the template's rules, and none of the 450 it replaced. */
  const TEMPLATE_RULES = [
    'TRACK User Logged In',
    'TRACK User Signed Up',
    'TRACK Order Completed',
    'TRACK Article Viewed',
    'IDENTIFY',
    'GROUP',
    'COMMON',
  ];
  const held = () => (emulator.state.plan('tp_big')?.rules ?? []).map((r) => [r.type, r.key].filter(Boolean).join(' '));

  it('without a terminal, a push that removes anything needs --yes: exit 2, nothing sent', async () => {
    const run = await cliAsync(removing(), { env: { SEGMENT_TOKEN: TOKEN } });
    expect(run.status).toBe(2);
    expect(run.stdout).toContain('  removes event "Event 0" (and its 0 properties)\n');
    expect(run.stderr).toBe(
      'error: this push removes from Segment what is listed above, and there is no terminal to ask on. Nothing was sent; pass --yes to push anyway.\n',
    );
    expect(writes()).toEqual([]);
    const yes = await cliAsync([...removing(), '--yes'], { env: { SEGMENT_TOKEN: TOKEN } });
    expect(yes.status).toBe(0);
    expect(held()).toEqual(TEMPLATE_RULES);
  });

  it('on a terminal, it asks: No sends nothing, Yes sends', async () => {
    const terminal = { answers: [false], asked: [] as string[] };
    const no = await cliAsync(removing(), { env: { SEGMENT_TOKEN: TOKEN }, terminal });
    expect(terminal.asked).toEqual(['Remove 450 things from Segment, as listed above? [y/N] ']);
    expect([no.status, no.stdout.endsWith('Nothing was sent.\n')]).toEqual([0, true]);
    expect(writes()).toEqual([]);
    terminal.answers.push(true);
    const yes = await cliAsync(removing(), { env: { SEGMENT_TOKEN: TOKEN }, terminal });
    expect(yes.status).toBe(0);
    expect(held()).toEqual(TEMPLATE_RULES);
  });

  it('a plan with no events is refused unless --yes', async () => {
    const empty = path.join(dir, 'empty.csv');
    writeFileSync(empty, 'Event Name,Event Description,Property Name\n');
    const run = await cliAsync(['push', empty, '--plan', 'tp_big', '--base-url', emulator.baseUrl], { env: { SEGMENT_TOKEN: TOKEN } });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'error: the plan has no events, so pushing it would empty the plan in Segment. Nothing was sent; pass --yes if you mean it.\n',
    );
    expect(emulator.requests).toEqual([]);
  });
});
