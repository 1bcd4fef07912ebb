import { Cell, loadAddOn, newWorld, nodeGzipBase64, useEmulator, World } from '../../src/apps-script-fakes';
import { jsonFromCells, META_COLUMNS } from '../../src/segment/backup-format';
import { EmulatorProcess, startEmulatorProcess } from '../../src/emulator/child-process';
import type { PublicRule } from '../../src/segment/rules';
import { templatePlanGrid } from '../../src/template/template-content';
import { COMMON, DOCS_EXAMPLE, IDENTIFY, ORDER_COMPLETED } from '../fixtures/realistic-rules';

// The bundled add-on against the emulator over real HTTP: import, compare, send with a review, backups,
// restore, and edits made in Segment.
const TOKEN = 'tok';
let emulator: EmulatorProcess;
const REALISTIC = [DOCS_EXAMPLE, ORDER_COMPLETED, IDENTIFY, COMMON];

const FORMULA_LOOKING: PublicRule = {
  type: 'TRACK',
  key: 'Link Clicked',
  version: 1,
  jsonSchema: {
    $schema: 'http://json-schema.org/draft-04/schema#',
    type: 'object',
    description: '=HYPERLINK("http://evil.example","click")',
    properties: {
      properties: {
        type: 'object',
        properties: {
          '@handle': { description: '+1 for handles', type: 'string', enum: ['-x', '=1+1', '@me'] },
          '-offset': { description: '-5 means before', type: 'integer' },
        },
      },
    },
  },
};

beforeAll(async () => {
  emulator = await startEmulatorProcess({
    tokens: [{ token: TOKEN, workspace: 'acme', access: 'write' }],
    plans: [
      { workspace: 'acme', id: 'tp_web', resourceSchemaId: 'rs_web', name: 'Web', rules: REALISTIC },
      { workspace: 'acme', id: 'tp_links', resourceSchemaId: 'rs_links', name: 'Links', rules: [FORMULA_LOOKING] },
      { workspace: 'acme', id: 'tp_big', resourceSchemaId: 'rs_big', name: 'Big', rules: [] },
      { workspace: 'acme', id: 'tp_edits', resourceSchemaId: 'rs_edits', name: 'Edits', rules: [DOCS_EXAMPLE] },
    ],
  });
});
afterAll(() => emulator.stop());

function world(planId: string, plan: Cell[][] | null = null, api: 'config' | 'public' = 'public'): World {
  const w = newWorld();
  if (plan) w.spreadsheet.addSheet('Tracking Plan', plan);
  w.spreadsheet.addSheet('Importer Settings', [
    ['Personal Access Token', TOKEN],
    ['Workspace Slug', 'acme'],
    ['Tracking Plan ID', planId],
    ['API', api === 'config' ? 'Config API' : 'Public API'],
  ]);
  useEmulator(w, emulator.baseUrl);
  return w;
}

/** The same spreadsheet, a new execution (each menu click loads the script afresh). */
async function click(w: World, fn: string, ...args: unknown[]): Promise<void> {
  await loadAddOn(w)[fn](...args);
}

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${emulator.baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json() as Promise<any>;
}

const lastAlert = (w: World) => w.ui.alerts.at(-1)?.message ?? '';

describe('Import from Segment', () => {
  it.each(['public', 'config'] as const)(
    'writes the plan into an empty Tracking Plan; sending it back changes nothing (%s API)',
    async (kind) => {
      const w = world(kind === 'public' ? 'tp_web' : 'rs_web', [['Event Type', 'Event Name', 'Property Name']], kind);
      await click(w, 'importFromSegment');
      expect(lastAlert(w)).toContain('into the sheet "Tracking Plan"');
      const sheet = w.spreadsheet.sheet('Tracking Plan');
      expect(sheet.values[0]).toContain('JSON Schema');
      expect(sheet.values.map((r) => r[3])).toContain('products.$.sku');

      w.ui.alerts.length = 0;
      w.ui.dialogs.length = 0;
      await click(w, 'validatePlan');
      // Valid: either no problems at all, or a list of warnings headed "The plan is valid".
      expect([w.ui.everything(), ...w.spreadsheet.toasts].join('\n')).toContain('The plan is valid');
      const shownProblems = w.ui.dialogs.length > 0 ? w.ui.dialogData('problems').problems : [];
      expect(shownProblems.filter((p) => p.severity === 'error')).toEqual([]);
      const before = w.fetch.calls.length;
      await click(w, 'sendToSegment');
      expect(lastAlert(w)).toContain('Segment already matches the sheet: nothing was sent');
      expect(w.fetch.calls.slice(before).every((c) => c.method === 'GET')).toBe(true);
    },
  );

  it('goes to a new sheet named after the plan and the time when Tracking Plan has rows, leaving them as they were', async () => {
    const w = world('tp_web', templatePlanGrid() as Cell[][]);
    const before = JSON.stringify(w.spreadsheet.sheet('Tracking Plan').values);
    await click(w, 'importFromSegment');
    expect(JSON.stringify(w.spreadsheet.sheet('Tracking Plan').values)).toBe(before);
    const imported = w.spreadsheet.sheets.find((s) => s.name.startsWith('Web 2026-'));
    expect(imported?.name).toMatch(/^Web 2026-01-01 12\.00 UTC$/);
    expect(lastAlert(w)).toContain('Tracking Plan already has rows, so it was left as it is');
  });

  it('writes values that look like formulas as text', async () => {
    const w = world('tp_links');
    await click(w, 'importFromSegment');
    const values = w.spreadsheet.sheet('Tracking Plan').values.flat();
    expect(values).toContain('=HYPERLINK("http://evil.example","click")');
    // A property whose name starts with @ is written \@name (@name would include a property group).
    expect(values).toContain('\\@handle');
    expect(values).toContain('-offset');
    expect(values).toContain('+1 for handles');
    expect(values).toContain('-x, =1+1, @me');
    expect(values).not.toContain('#ERROR!');
    const before = w.fetch.calls.length;
    await click(w, 'sendToSegment');
    expect(lastAlert(w)).toContain('Segment already matches the sheet');
    expect(w.fetch.calls.slice(before).every((c) => c.method === 'GET')).toBe(true);
  });
});

describe('Send to Segment reviews before overwriting', () => {
  it('names every removal, backs the old plan up, and Compare shows the same diff without sending', async () => {
    const w = world('tp_web', null);
    await click(w, 'importFromSegment');
    const sheet = w.spreadsheet.sheet('Tracking Plan');
    // Drop the docs example's rows and the coupon property; make total an integer.
    const edited = sheet.values.filter((r) => r[1] !== 'User Logged In' && r[3] !== 'username' && r[3] !== 'coupon');
    (edited.find((r) => r[3] === 'total') as Cell[])[5] = 'integer';
    sheet.typeValues(edited);

    await click(w, 'compareWithSegment');
    const compare = w.ui.dialogData('diff');
    expect(compare.summary).toContain('1 removed (User Logged In); 1 changed (Order Completed v2)');
    expect(compare.removals).toEqual(['event "User Logged In" (and its 1 property)', 'property "coupon" of event "Order Completed"']);
    expect(compare.changed[0].details).toContain('"total": type number → integer');
    expect(compare.confirm).toEqual({ label: 'Send these changes', call: 'sendToSegment', args: [] });

    w.ui.confirmAnswers = ['NO'];
    await click(w, 'sendToSegment');
    const question = w.ui.alerts.find((a) => a.buttons === 'YES_NO')?.message ?? '';
    expect(question).toContain(
      'This removes from Segment:\n  • event "User Logged In" (and its 1 property)\n  • property "coupon" of event "Order Completed"',
    );
    expect((await api('GET', '/tracking-plans/tp_web/rules?pagination.count=200')).data.rules).toHaveLength(4);

    await click(w, 'sendToSegment');
    expect(w.ui.dialogs.at(-1)?.title).toBe('Sent to Segment');
    expect((await api('GET', '/tracking-plans/tp_web/rules?pagination.count=200')).data.rules).toHaveLength(3);
    const backups = w.spreadsheet.sheet('Segment Backups');
    expect(backups.hidden).toBe(true);
    expect(backups.values[1].slice(1, 6)).toEqual(['analyst@example.com', 'public', 'tp_web', 'Web', 4]);
  });
});

describe('backups', () => {
  it('keep the newest 20, compressed into cells of at most 50,000 characters, and restore one through a review', async () => {
    const w = world('tp_big', null);
    const grid = (n: number): Cell[][] => [
      ['Event Name', 'Event Description', 'Property Name', 'Property Description', 'Property Type'],
      ...Array.from({ length: 300 }, (_, e) => [
        `Event ${e}`,
        `Version ${n} of event ${e}: ${'a long description '.repeat(3)}`,
        '',
        '',
        '',
      ]),
    ];
    for (let n = 1; n <= 23; n++) {
      w.spreadsheet.sheets = w.spreadsheet.sheets.filter((s) => s.name !== 'Tracking Plan');
      w.spreadsheet.addSheet('Tracking Plan', grid(n));
      w.clock.now += 60_000;
      await click(w, 'sendToSegment');
      expect(w.ui.dialogs.at(-1)?.html).toContain('matching the sheet');
    }
    const rows = w.spreadsheet
      .sheet('Segment Backups')
      .values.slice(1)
      .filter((r) => r[0] !== '');
    expect(rows).toHaveLength(20);
    // The first upload found an empty plan; uploads 2..23 backed up versions 1..22: the newest 20 are 3..22.
    expect(rows.every((r) => r.every((v) => String(v).length <= 50_000))).toBe(true);
    const backup = (row: Cell[]) => JSON.parse(jsonFromCells(row, META_COLUMNS, nodeGzipBase64));
    expect(backup(rows[0]).rules[0].jsonSchema.description).toMatch(/^Version 3 of event 0/);
    expect(backup(rows[19]).rules[0].jsonSchema.description).toMatch(/^Version 22 of event 0/);

    await click(w, 'showBackups');
    const listed = w.ui.dialogData('backups').backups;
    expect(listed).toHaveLength(20);
    expect(listed[0]).toMatchObject({ api: 'public', planId: 'tp_big', ruleCount: 300, user: 'analyst@example.com' });
    const oldest = listed[19];

    await click(w, 'reviewRestore', oldest.id);
    const review = w.ui.dialogData('diff');
    expect(review.summary).toContain('300 changed');
    expect(review.confirm).toEqual({ label: 'Restore this backup', call: 'restoreBackup', args: [oldest.id] });

    await click(w, 'restoreBackup', oldest.id);
    expect(w.ui.dialogs.at(-1)?.title).toBe('Sent to Segment');
    const rules = (await api('GET', '/tracking-plans/tp_big/rules?pagination.count=200')).data.rules;
    expect(rules[0].jsonSchema.description).toMatch(/^Version 3 of event 0/);
    // Restoring overwrote version 23, so version 23 is now the newest backup.
    await click(w, 'showBackups');
    const newest = w.ui.dialogData('backups').backups[0];
    await click(w, 'reviewRestore', newest.id);
    expect(w.ui.dialogData('diff').summary).toContain('as it was at');
    const row = w.spreadsheet
      .sheet('Segment Backups')
      .values.filter((r) => r[0] !== '')
      .at(-1) as Cell[];
    expect(backup(row).rules[0].jsonSchema.description).toMatch(/^Version 23 of event 0/);
  }, 120_000);

  it('will not restore a backup into another plan', async () => {
    const w = world('tp_big', [
      ['Event Name', 'Event Description', 'Property Name'],
      ['One More Event', 'So that something changes', ''],
    ]);
    await click(w, 'sendToSegment');
    const other = world('tp_web', null);
    other.spreadsheet.sheets.push(...w.spreadsheet.sheets.filter((s) => s.name === 'Segment Backups'));
    await click(other, 'showBackups');
    const listed = other.ui.dialogData('backups').backups;
    expect(listed[0].planId).toBe('tp_big');
    const before = other.fetch.calls.length;
    await click(other, 'reviewRestore', listed[0].id);
    expect(lastAlert(other)).toContain('Set Tracking Plan ID to tp_big to restore it. Nothing was restored.');
    expect(other.fetch.calls.slice(before).every((c) => c.method === 'GET')).toBe(true);
  });
});

describe('edits made in Segment', () => {
  it('are noticed at the next Send and listed in the confirmation', async () => {
    const w = world('tp_edits', null);
    await click(w, 'importFromSegment');
    // A colleague edits the plan in the Segment app.
    await api('PATCH', '/tracking-plans/tp_edits/rules', {
      rules: [
        { ...DOCS_EXAMPLE, jsonSchema: { ...(DOCS_EXAMPLE.jsonSchema as object), description: 'Edited in the app' } },
        { type: 'TRACK', key: 'Added In App', version: 1, jsonSchema: { type: 'object' } },
      ],
    });
    const sheet = w.spreadsheet.sheet('Tracking Plan');
    sheet.typeRow(sheet.getLastRow() + 1, ['', 'Signed Out', 'When they sign out', '', '', '', '', '', '', '', '', '', '', '']);
    w.ui.confirmAnswers = ['NO'];
    await click(w, 'sendToSegment');
    const question = w.ui.alerts.find((a) => a.buttons === 'YES_NO')?.message ?? '';
    expect(question).toContain('⚠ The plan was edited in Segment since your last sync');
    expect(question).toContain('1 added (Added In App); 1 changed (User Logged In)');

    await click(w, 'compareWithSegment');
    const data = w.ui.dialogData('diff');
    expect(data.edited?.title).toContain('Edited in Segment since your last sync');
    expect(data.edited?.lines).toEqual([
      'Added: Added In App: added with 0 properties',
      'Changed: User Logged In: description "Sent when a user logs into the web app" → "Edited in the app"',
    ]);

    // After a send, the edits are no longer news.
    await click(w, 'sendToSegment');
    w.ui.confirmAnswers = ['NO'];
    sheet.typeRow(sheet.getLastRow() + 1, ['', 'Signed In Again', 'When they sign in again', '', '', '', '', '', '', '', '', '', '', '']);
    await click(w, 'sendToSegment');
    expect(w.ui.alerts.filter((a) => a.buttons === 'YES_NO').at(-1)?.message).not.toContain('edited in Segment');
  });
});
