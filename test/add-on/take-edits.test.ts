import { Cell, loadAddOn, newWorld, useEmulator, World } from '../../src/apps-script-fakes';
import { EmulatorProcess, startEmulatorProcess } from '../../src/emulator/child-process';
import { COLUMNS } from '../../src/plan/columns';
import type { PublicRule } from '../../src/segment/rules';

// Take edits from Segment on the bundled add-on against the emulator: the last sync (a Send) is the base, a colleague
// edits the plan in Segment, the analyst edits the sheet, and each three-way case is taken as the analyst picks.
const TOKEN = 'tok';
let emulator: EmulatorProcess;
let next = 0;

beforeAll(async () => {
  emulator = await startEmulatorProcess({ tokens: [{ token: TOKEN, workspace: 'acme', access: 'write' }], plans: [] });
});
afterAll(() => emulator.stop());

const DRAFT = 'http://json-schema.org/draft-04/schema#';
type Props = Record<string, string>;
function track(key: string, description: string, props: Props = {}, version = 1): PublicRule {
  const properties = Object.fromEntries(Object.entries(props).map(([name, type]) => [name, { description: name, type }]));
  return {
    type: 'TRACK',
    key,
    version,
    jsonSchema: {
      $schema: DRAFT,
      type: 'object',
      description,
      properties: { properties: { type: 'object', properties } },
    },
  };
}

const HEADER = [...COLUMNS.map((c) => c.header), 'Owner'];
const at = (header: string) => HEADER.indexOf(header);
function row(cells: Record<string, Cell>, owner = ''): Cell[] {
  const out: Cell[] = HEADER.map(() => '');
  for (const [k, v] of Object.entries(cells)) out[at(k)] = v;
  out[at('Owner')] = owner;
  return out;
}
const event = (name: string, description: string, owner = '', version?: number) =>
  row({ 'Event Name': name, 'Event Description': description, ...(version ? { Version: version } : {}) }, owner);
const prop = (name: string, type: string, owner = '') =>
  row({ 'Property Name': name, 'Property Description': name, 'Property Type': type }, owner);

const SHEET: Cell[][] = [
  HEADER,
  event('Signed In', 'Signs in', 'ana'),
  prop('method', 'string', 'bob'),
  event('Order Completed', 'Order done', 'cy'),
  prop('total', 'number', 'dee'),
  event('Order Completed', 'Order done, v2', 'ed', 2),
  prop('total', 'number', 'flo'),
  event('Cart Viewed', 'Cart seen', 'gus'),
  event('Product Added', 'Added', 'hal'),
];
/** What the sheet sends, as Segment holds it after the first Send. */
const SYNCED = [
  track('Signed In', 'Signs in', { method: 'string' }),
  track('Order Completed', 'Order done', { total: 'number' }),
  track('Order Completed', 'Order done, v2', { total: 'number' }, 2),
  track('Cart Viewed', 'Cart seen'),
  track('Product Added', 'Added'),
];

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${emulator.baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json() as Promise<unknown>;
}

async function click(w: World, fn: string, ...args: unknown[]): Promise<void> {
  await loadAddOn(w)[fn](...args);
}
const lastAlert = (w: World) => w.ui.alerts.at(-1)?.message ?? '';

/** A spreadsheet whose plan was sent to a new plan in Segment (the sync), then Segment's rules replaced by `edited`. */
async function synced(edited: PublicRule[] | null): Promise<World> {
  const id = `tp_take${++next}`;
  await api('POST', '/tracking-plans', { name: id, type: 'LIVE' }).then((made) => {
    const plan = (made as { data: { trackingPlan: { id: string } } }).data.trackingPlan;
    ids.set(id, plan.id);
  });
  const w = newWorld();
  w.spreadsheet.addSheet('Tracking Plan', SHEET);
  w.spreadsheet.addSheet('Importer Settings', [
    ['Personal Access Token', TOKEN],
    ['Workspace Slug', 'acme'],
    ['Tracking Plan ID', ids.get(id) as string],
    ['API', 'Public API'],
  ]);
  useEmulator(w, emulator.baseUrl);
  await click(w, 'sendToSegment');
  expect(lastAlert(w)).not.toContain('Nothing');
  if (edited) await api('PUT', `/tracking-plans/${ids.get(id)}/rules`, { rules: edited });
  w.ui.alerts.length = 0;
  w.ui.dialogs.length = 0;
  return w;
}
const ids = new Map<string, string>();

const planSheet = (w: World) => w.spreadsheet.sheet('Tracking Plan');
const names = (w: World) => planSheet(w).values.map((r) => [r[at('Event Name')], r[at('Property Name')], r[at('Owner')]].join('|'));

describe('Take edits from Segment', () => {
  it('takes every Segment-only change with one Yes, in place, keeping Owner; the sheet’s own change stays, and Send then lists only it', async () => {
    const w = await synced([
      track('Signed In', 'Signs in, any app', { method: 'string', provider: 'string' }),
      track('Signed Out', 'Signs out'),
      ...SYNCED.slice(1, 3),
      SYNCED[4],
    ]);
    planSheet(w).typeRow(9, event('Product Added', 'Added to cart', 'hal'));
    await click(w, 'takeEditsFromSegment');
    const data = w.ui.dialogData('take');
    expect(data.segment).toEqual([
      { rule: 'Signed In', lines: ['Changed: description "Signs in" → "Signs in, any app"; property "provider" added'] },
      { rule: 'Signed Out', lines: ['Added: added with 0 properties'] },
      { rule: 'Cart Viewed', lines: ['Removed: removed with its 0 properties'] },
    ]);
    expect(data.sheet).toEqual([{ rule: 'Product Added', lines: ['Changed: description "Added" → "Added to cart"'] }]);
    expect(data.conflicts).toEqual([]);

    w.serviceCalls.length = 0;
    await click(w, 'takeSegmentEdits', data.seen, {});
    expect(lastAlert(w)).toBe(
      "Took 3 edits from Segment into the sheet: Signed In, Signed Out, Cart Viewed. Send to Segment now lists only the sheet's own changes.",
    );
    expect(names(w)).toEqual([
      'Event Name|Property Name|Owner',
      'Signed In||ana',
      '|method|bob',
      '|provider|',
      'Signed Out||',
      'Order Completed||cy',
      '|total|dee',
      'Order Completed||ed',
      '|total|flo',
      'Product Added||hal',
    ]);
    expect(planSheet(w).values[1][at('Event Description')]).toBe('Signs in, any app');
    expect(planSheet(w).values[9][at('Event Description')]).toBe('Added to cart');
    // One write of the changed region (the other is the sync record's row), never a call per row; and the Changelog's
    // row (the sheet was made by the first Send).
    expect(w.serviceCalls.filter((c) => /^(Range|Sheet)\.(set|insert|delete|append)/.test(c))).toEqual([
      'Range.setValues',
      'Range.setValues',
      'Sheet.appendRow',
    ]);
    // The Changelog says what the sheet took: from the sheet's rules before to Segment's, for the rules taken.
    expect(
      w.spreadsheet
        .sheet('Changelog')
        .values.slice(-1)
        .map((r) => r.slice(2)),
    ).toEqual([
      [
        'Take',
        `tp_take${next}`, // the plan's name in Segment
        w.spreadsheet.sheet('Importer Settings').values[2][1], // its id
        'Events added (1): Signed Out; removed (1): Cart Viewed; changed (1): Signed In. Properties: 1 added (provider (Signed In)), 0 removed, 0 changed.',
        '',
        'taken into the sheet',
      ],
    ]);

    w.ui.confirmAnswers = ['NO'];
    await click(w, 'sendToSegment');
    const question = w.ui.alerts.find((a) => a.buttons === 'YES_NO')?.message ?? '';
    expect(question).toContain('Compared with Segment: Events and rules: 1 changed (Product Added).');
    expect(question).not.toContain('edited in Segment');
  });

  it('lists conflicts side by side (changed in both; removed on one side and changed on the other) and takes the side picked for each', async () => {
    const w = await synced([
      track('Signed In', 'Signs in, from Segment', { method: 'string' }),
      ...SYNCED.slice(1, 3),
      track('Product Added', 'Added, from Segment'),
    ]);
    const sheet = planSheet(w);
    sheet.typeRow(2, event('Signed In', 'Signs in, from the sheet', 'ana'));
    sheet.typeRow(8, event('Cart Viewed', 'Cart seen, from the sheet', 'gus'));
    sheet.deleteRows(9, 1);
    await click(w, 'takeEditsFromSegment');
    const data = w.ui.dialogData('take');
    expect([data.segment, data.sheet]).toEqual([[], []]);
    expect(data.conflicts.map(({ rule, segment, sheet: here }) => ({ rule, segment, sheet: here }))).toEqual([
      {
        rule: 'Signed In',
        segment: ['Changed: description "Signs in" → "Signs in, from Segment"'],
        sheet: ['Changed: description "Signs in" → "Signs in, from the sheet"'],
      },
      {
        rule: 'Product Added',
        segment: ['Changed: description "Added" → "Added, from Segment"'],
        sheet: ['Removed: removed with its 0 properties'],
      },
      {
        rule: 'Cart Viewed',
        segment: ['Removed: removed with its 0 properties'],
        sheet: ['Changed: description "Cart seen" → "Cart seen, from the sheet"'],
      },
    ]);
    const side = Object.fromEntries(data.conflicts.map((c) => [c.rule, c.id]));

    await click(w, 'takeSegmentEdits', data.seen, { [side['Signed In']]: 'segment' });
    expect(lastAlert(w)).toBe(
      'No side was picked for Product Added, Cart Viewed. Nothing was taken; open Segment > Take edits from Segment… again.',
    );
    expect(sheet.values[1][at('Event Description')]).toBe('Signs in, from the sheet');

    await click(w, 'takeSegmentEdits', data.seen, {
      [side['Signed In']]: 'segment',
      [side['Cart Viewed']]: 'segment',
      [side['Product Added']]: 'sheet',
    });
    expect(lastAlert(w)).toBe(
      "Took 2 edits from Segment into the sheet: Signed In, Cart Viewed. Kept the sheet's side of Product Added. Send to Segment now lists only the sheet's own changes.",
    );
    expect(names(w)).toEqual([
      'Event Name|Property Name|Owner',
      'Signed In||ana',
      '|method|bob',
      'Order Completed||cy',
      '|total|dee',
      'Order Completed||ed',
      '|total|flo',
    ]);
    expect(sheet.values[1][at('Event Description')]).toBe('Signs in, from Segment');
    w.ui.confirmAnswers = ['NO'];
    await click(w, 'sendToSegment');
    const question = w.ui.alerts.find((a) => a.buttons === 'YES_NO')?.message ?? '';
    expect(question).toContain('Compared with Segment: Events and rules: 1 removed (Product Added).');
    expect(question).not.toContain('edited in Segment');
  });

  it('compares each version as a rule of its own: v2 edited in Segment and v1 in the sheet are no conflict', async () => {
    const w = await synced([
      ...SYNCED.slice(0, 2),
      track('Order Completed', 'Order done, v2', { total: 'number', tax: 'number' }, 2),
      ...SYNCED.slice(3),
    ]);
    planSheet(w).typeRow(4, event('Order Completed', 'Order done, v1', 'cy'));
    await click(w, 'takeEditsFromSegment');
    const data = w.ui.dialogData('take');
    expect([data.segment, data.sheet, data.conflicts]).toEqual([
      [{ rule: 'Order Completed v2', lines: ['Changed: property "tax" added'] }],
      [{ rule: 'Order Completed', lines: ['Changed: description "Order done" → "Order done, v1"'] }],
      [],
    ]);
    await click(w, 'takeSegmentEdits', data.seen, {});
    expect(names(w).slice(3, 8)).toEqual(['Order Completed||cy', '|total|dee', 'Order Completed||ed', '|total|flo', '|tax|']);
    expect(planSheet(w).values[3][at('Event Description')]).toBe('Order done, v1');
  });

  it('says when Segment has no edits since the last sync, naming the sheet’s own', async () => {
    const w = await synced(null);
    planSheet(w).typeRow(9, event('Product Added', 'Added to cart', 'hal'));
    await click(w, 'takeEditsFromSegment');
    expect(w.ui.dialogs).toEqual([]);
    expect(lastAlert(w)).toMatch(
      /^Nothing was edited in Segment since your last sync \(2026-\d\d-\d\d \d\d:\d\d UTC\)\. The sheet's own changes \(Product Added\) go to Segment with Send to Segment\.$/,
    );
  });

  it('refuses, saying why, when the plan has no sync recorded, or the sheet names a plan per source', async () => {
    const w = await synced(null);
    for (const key of w.documentProperties.getKeys()) if (key.startsWith('segment.sync.')) w.documentProperties.deleteProperty(key);
    await click(w, 'takeEditsFromSegment');
    expect(lastAlert(w)).toMatch(
      /^This spreadsheet has no sync of plan tp_\w+ recorded, so nothing tells Segment's edits from the sheet's\./,
    );

    const several = await synced(null);
    const settings = several.spreadsheet.sheet('Importer Settings');
    settings.typeRow(5, ['Plan for Web', 'tp_web_plan']);
    settings.typeRow(6, ['Plan for iOS', 'tp_ios_plan']);
    await click(several, 'takeEditsFromSegment');
    expect(lastAlert(several)).toBe(
      "Take edits from Segment works on a sheet with one plan, and this sheet names a plan per source (Plan for Web, Plan for iOS): which of the sheet's rows each plan's edits belong to is not taken apart yet. Nothing was taken.",
    );
  });

  it('is in the Help page', async () => {
    const w = newWorld();
    await click(w, 'showHelp');
    expect(w.ui.dialogs.at(-1)?.html).toContain('<b>Take edits from Segment…</b> lists what changed in Segment since your last sync');
  });
});
