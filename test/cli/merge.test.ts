import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { startEmulator, SegmentEmulator } from '../../src/emulator/server';
import type { PublicRule } from '../../src/segment/rules';
import { readWorkbook, workbookXlsx } from '../../src/workbook/workbook';
import { cliAsync } from '../helpers/cli';

// pull --merge on a workbook against the emulator: the last push (or pull) is the base, kept in .segment-sync.json.
const TOKEN = 'cli-merge-token-42';
let emulator: SegmentEmulator;

beforeEach(async () => {
  emulator = await startEmulator({
    seed: {
      tokens: [{ token: TOKEN, workspace: 'acme', access: 'write' }],
      plans: [{ workspace: 'acme', resourceSchemaId: 'rs_web', id: 'tp_web', name: 'Web', rules: [] }],
    },
  });
});
afterEach(() => emulator.close());

const flags = (...extra: string[]) => [
  '--workspace',
  'acme',
  '--plan',
  'tp_web',
  '--base-url',
  emulator.baseUrl,
  '--token',
  TOKEN,
  ...extra,
];
const HEADER = 'Event Name,Event Description,Property Name,Property Description,Property Type,Owner';
const CSV = [HEADER, 'Signed In,Signs in,,,,ana', ',,method,How,string,bob', 'Cart Viewed,Cart seen,,,,cy', 'Product Added,Added,,,,dee'];

/** Segment's rule of an event, edited as a colleague would in the Segment app. */
function editInSegment(key: string, edit: (rule: PublicRule) => PublicRule | null): void {
  const plan = emulator.state.plan('tp_web');
  if (!plan) throw new Error('no plan');
  plan.rules = plan.rules.flatMap((r) => (r.key === key ? [edit(r)].filter((x): x is PublicRule => x !== null) : [r]));
}
const described = (description: string) => (r: PublicRule) => ({ ...r, jsonSchema: { ...r.jsonSchema, description } });

/** A workbook pushed once (the sync), in a folder of its own. */
async function pushed(): Promise<string> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'merge-')), 'plan.csv');
  writeFileSync(file, `${CSV.join('\n')}\n`);
  const push = await cliAsync(['push', file, ...flags('--backup-dir', path.join(path.dirname(file), 'backups'))]);
  expect(push.status).toBe(0);
  return file;
}
const lines = (file: string) => readFileSync(file, 'utf8').trim().split(/\r?\n/);

describe('pull --merge', () => {
  it('takes Segment-only edits into the workbook in place, keeping Owner; then push lists only the workbook’s own change', async () => {
    const file = await pushed();
    expect(JSON.parse(readFileSync(path.join(path.dirname(file), '.segment-sync.json'), 'utf8'))['public:tp_web'].state.hash).toMatch(
      /\w+/,
    );
    editInSegment('Signed In', described('Signs in, any app'));
    editInSegment('Cart Viewed', () => null);
    writeFileSync(file, `${[...CSV.slice(0, 4), 'Product Added,Added to cart,,,,dee'].join('\n')}\n`);
    const run = await cliAsync(['pull', '--merge', file, ...flags()]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      'Changed only in Segment (taken):\n' +
        '  Signed In: Changed: description "Signs in" → "Signs in, any app"\n' +
        '  Cart Viewed: Removed: removed with its 0 properties\n' +
        'Changed only in the workbook (kept; push sends them):\n' +
        '  Product Added: Changed: description "Added" → "Added to cart"\n' +
        `Took 2 edits from Segment into ${file}: Signed In, Cart Viewed.\n`,
    );
    expect(run.status).toBe(0);
    expect(lines(file)).toEqual([
      HEADER,
      'Signed In,"Signs in, any app",,,,ana',
      ',,method,How,string,bob',
      'Product Added,Added to cart,,,,dee',
    ]);
    const push = await cliAsync(['push', file, ...flags('--backup-dir', path.join(path.dirname(file), 'backups'))]);
    expect(push.stdout).toContain('Compared with Segment: Events and rules: 1 changed (Product Added).');
    expect(push.stdout).not.toContain('Edited in Segment');
  });

  it('lists conflicts and, without --take, exits 1 writing nothing; --take segment or sheet settles them all one way', async () => {
    const file = await pushed();
    const sync = path.join(path.dirname(file), '.segment-sync.json');
    editInSegment('Signed In', described('Signs in, from Segment'));
    editInSegment('Cart Viewed', () => null);
    const edited = [
      CSV[0],
      'Signed In,"Signs in, from the workbook",,,,ana',
      CSV[2],
      'Cart Viewed,"Cart seen, from the workbook",,,,cy',
      CSV[4],
    ];
    writeFileSync(file, `${edited.join('\n')}\n`);
    const before = readFileSync(sync, 'utf8');
    const refused = await cliAsync(['pull', '--merge', file, ...flags()]);
    expect(refused.stdout).toBe(
      'Changed in both (conflicts):\n' +
        '  Signed In\n' +
        '    in Segment: Changed: description "Signs in" → "Signs in, from Segment"\n' +
        '    in the workbook: Changed: description "Signs in" → "Signs in, from the workbook"\n' +
        '  Cart Viewed\n' +
        '    in Segment: Removed: removed with its 0 properties\n' +
        '    in the workbook: Changed: description "Cart seen" → "Cart seen, from the workbook"\n',
    );
    expect(refused.stderr).toBe(
      'error: 2 conflicts (listed above): pass --take segment or --take sheet to settle them all one way. Nothing was written.\n',
    );
    expect(refused.status).toBe(1);
    expect(lines(file)).toEqual(edited);
    expect(readFileSync(sync, 'utf8')).toBe(before);

    const kept = await cliAsync(['pull', '--merge', file, '--take', 'sheet', ...flags()]);
    expect(kept.stdout).toContain(`Nothing to take from Segment into ${file}. Kept the workbook's side of Signed In, Cart Viewed.\n`);
    expect(lines(file)).toEqual(edited);
    // Settled: the same merge again finds only the workbook's own changes.
    const again = await cliAsync(['pull', '--merge', file, ...flags()]);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('Changed only in the workbook (kept; push sends them):\n  Signed In:');

    editInSegment('Signed In', described('Signs in, from Segment again'));
    const taken = await cliAsync(['pull', '--merge', file, '--take', 'segment', ...flags()]);
    expect(taken.stdout).toContain(`Took 1 edit from Segment into ${file}: Signed In.\n`);
    expect(lines(file)[1]).toBe('Signed In,"Signs in, from Segment again",,,,ana');
  });

  it('says when there is no sync to compare against, and writes nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'merge-'));
    const file = path.join(dir, 'plan.csv');
    writeFileSync(file, `${CSV.join('\n')}\n`);
    const run = await cliAsync(['pull', '--merge', file, ...flags()]);
    expect(run.stderr).toBe(
      `error: ${path.join(dir, '.segment-sync.json')} has no sync of plan tp_web (push writes it, and pull --merge keeps it): without it, Segment's edits cannot be told from the workbook's. Nothing was written.\n`,
    );
    expect(run.status).toBe(2);
    expect(existsSync(path.join(dir, '.segment-sync.json'))).toBe(false);
  });

  it('pull --out records the sync, so a pulled .xlsx takes later edits in its Tracking Plan tab, other tabs kept', async () => {
    const plan = emulator.state.plan('tp_web');
    if (!plan) throw new Error('no plan');
    plan.rules = [{ type: 'TRACK', key: 'Signed In', version: 1, jsonSchema: { type: 'object', description: 'Signs in' } }];
    const dir = mkdtempSync(path.join(tmpdir(), 'merge-'));
    const file = path.join(dir, 'plan.xlsx');
    expect((await cliAsync(['pull', '--out', file, ...flags()])).status).toBe(0);
    plan.rules.push({ type: 'TRACK', key: 'Signed Out', version: 1, jsonSchema: { type: 'object', description: 'Signs out' } });
    const run = await cliAsync(['pull', '--merge', file, ...flags()]);
    expect(run.stdout).toContain(`Took 1 edit from Segment into ${file}: Signed Out.\n`);
    const read = await readWorkbook(file);
    expect(read.plan.map((r) => [r[1], r[2]])).toEqual([
      ['Event Name', 'Event Description'],
      ['Signed In', 'Signs in'],
      ['Signed Out', 'Signs out'],
    ]);
    expect(read.settings?.some((r) => r[0] === 'Tracking Plan ID' && r[1] === 'tp_web')).toBe(true);
  });
});

it('push says when the plan was edited in Segment since the last push, from the sync record beside the workbook', async () => {
  const file = await pushed();
  editInSegment('Signed In', described('Signs in, any app'));
  const push = await cliAsync(['push', file, ...flags('--backup-dir', path.join(path.dirname(file), 'backups'))]);
  expect(push.stdout).toContain(
    'Edited in Segment since the last push or merge (pushing overwrites it): Events and rules: 1 changed (Signed In). Properties: 0 added, 0 removed, 0 changed.\n',
  );
});

it('refuses a workbook naming a plan per source, saying why (exit 2)', async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'merge-')), 'plans.xlsx');
  const settings = [
    ['Setting', 'Value'],
    ['Workspace Slug', 'acme'],
    ['Plan for Web', 'tp_web'],
    ['Plan for iOS', 'tp_ios'],
  ];
  writeFileSync(file, await workbookXlsx({ plan: CSV.map((line) => line.split(',')), settings }));
  const run = await cliAsync(['pull', '--merge', file, '--base-url', emulator.baseUrl, '--token', TOKEN]);
  expect(run.stderr).toContain(
    'pull --merge works on a workbook with one plan; this one names a plan per source (Plan for rows). Nothing was merged.',
  );
  expect(run.status).toBe(2);
});
