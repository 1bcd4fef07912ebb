// Several plans in one Send (issue 19, item 2): the bundled add-on, on the strict fakes, against the emulator.
// Importer Settings' Plan for rows name a plan per source; Send compares each, asks once with a section per plan,
// then backs up, uploads and reads back each, with a report line per plan.
import { startEmulatorProcess, EmulatorProcess } from '../../src/emulator/child-process';
import { Cell, realHttpResponder, useEmulator, World } from '../../src/apps-script-fakes';
import { publicRulesToConfig } from '../../src/segment/rules';
import type { PublicRule } from '../../src/segment/rules';
import { run, spreadsheet } from '../helpers/strict-sheets';

const TOKEN = 'sgp_several_plans_token_0001';
let emulator: EmulatorProcess;

beforeEach(async () => {
  emulator = await startEmulatorProcess({
    tokens: [{ token: TOKEN, workspace: 'acme', access: 'write' }],
    plans: [
      { workspace: 'acme', resourceSchemaId: 'rs_web', id: 'tp_web', name: 'Web', rules: [] },
      { workspace: 'acme', resourceSchemaId: 'rs_mobile', id: 'tp_mobile', name: 'Mobile', rules: [] },
    ],
  });
});
afterEach(() => emulator.stop());

const PLAN: Cell[][] = [
  ['Event Name', 'Event Description', 'Property Name', 'Property Description', 'Property Type', 'Required', 'Platforms'],
  ['Order Completed', 'An order is paid', '', '', '', '', ''],
  ['', '', 'order_id', 'The order', 'string', 'TRUE', ''],
  ['', '', 'device_id', 'The device', 'string', 'TRUE', 'iOS'],
  ['', '', 'page_url', 'The page', 'string', '', 'Web'],
  ['App Opened', 'The app opens', '', '', '', '', 'iOS, Android'],
  ['', '', 'cold_start', 'From scratch', 'boolean', '', ''],
];

const SETTINGS: Cell[][] = [
  ['Setting', 'Value'],
  ['Personal Access Token', TOKEN],
  ['Workspace Slug', 'acme'],
  ['Plan for Web', 'rs_web'],
  ['Plan for iOS', 'rs_mobile'],
  ['Plan for Android', 'https://app.segment.com/acme/protocols/tracking-plans/rs_mobile'],
];

function world(plan: Cell[][] = PLAN, settings: Cell[][] = SETTINGS): World {
  const w = spreadsheet({ 'Tracking Plan': plan, 'Importer Settings': settings });
  useEmulator(w, emulator.baseUrl);
  return w;
}

async function storedRules(tp: string) {
  const res = await fetch(`${emulator.baseUrl}/tracking-plans/${tp}/rules?pagination.count=200`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  return publicRulesToConfig(((await res.json()) as { data: { rules: PublicRule[] } }).data.rules);
}

const DRAFT_04 = 'http://json-schema.org/draft-04/schema#';
const text = (description: string, type = 'string') => ({ description, type });
const orderCompleted = (properties: object, required: string[]) => ({
  name: 'Order Completed',
  description: 'An order is paid',
  version: 1,
  rules: {
    $schema: DRAFT_04,
    type: 'object',
    properties: { properties: { type: 'object', properties, required } },
    required: ['properties'],
  },
});
const WEB_RULES = {
  events: [orderCompleted({ order_id: text('The order'), page_url: text('The page') }, ['order_id'])],
  identify_traits: [],
  group_traits: [],
};
const MOBILE_RULES = {
  events: [
    orderCompleted({ order_id: text('The order'), device_id: text('The device') }, ['order_id', 'device_id']),
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

const questions = (w: World) => w.ui.alerts.filter((a) => a.buttons === 'YES_NO');
const paragraphs = (html: string | undefined) => [...(html ?? '').matchAll(/<p>(.*?)<\/p>/g)].map((m) => m[1]);

describe('Send to Segment with a plan per source', () => {
  it('asks once with a section per plan, then sends each plan its part of the sheet, backed up and read back', async () => {
    const w = world();
    await run(w, 'sendToSegment');
    expect(questions(w).map((q) => q.message)).toEqual([
      [
        "Send 2 of the sheet's 2 plans to Segment?",
        '',
        '■ Plan for Web (rs_web in workspace "acme")',
        'Replace tracking plan rs_web in workspace "acme" with 1 event and 2 properties from this sheet?',
        '',
        'Compared with Segment: Events and rules: 1 added (Order Completed). Properties: 2 added, 0 removed, 0 changed.',
        '',
        '■ Plan for iOS, Android (rs_mobile in workspace "acme")',
        'Replace tracking plan rs_mobile in workspace "acme" with 2 events and 3 properties from this sheet?',
        '',
        'Compared with Segment: Events and rules: 2 added (Order Completed, App Opened). Properties: 3 added, 0 removed, 0 changed.',
        '',
        'This overwrites each of these plans in Segment, including edits made in the Segment app. A backup of each is kept first (Segment > Restore a backup…).',
      ].join('\n'),
    ]);
    expect(await storedRules('tp_web')).toEqual(WEB_RULES);
    expect(await storedRules('tp_mobile')).toEqual(MOBILE_RULES);
    // Each phase says which plan it is about.
    const web = 'Plan for Web (rs_web in workspace "acme")';
    const mobile = 'Plan for iOS, Android (rs_mobile in workspace "acme")';
    expect(w.spreadsheet.toasts.filter((t) => t.startsWith('Plan for'))).toEqual([
      `${web}: Backing up the plan in Segment (Segment > Restore a backup… puts it back)…`,
      `${web}: Uploading the plan…`,
      `${mobile}: Backing up the plan in Segment (Segment > Restore a backup… puts it back)…`,
      `${mobile}: Uploading the plan…`,
    ]);
    const report = w.ui.dialogs.at(-1);
    expect(report?.title).toBe('Sent to Segment');
    expect(paragraphs(report?.html)).toEqual([
      'Plan for Web (rs_web in workspace &quot;acme&quot;): Uploaded 1 event (2 properties) to tracking plan rs_web in workspace &quot;acme&quot;. Read back: Segment now holds 1 event in this plan, matching the sheet.',
      'Plan for iOS, Android (rs_mobile in workspace &quot;acme&quot;): Uploaded 2 events (3 properties) to tracking plan rs_mobile in workspace &quot;acme&quot;. Read back: Segment now holds 2 events in this plan, matching the sheet.',
    ]);
    const backups = w.spreadsheet.getSheetByName('Segment Backups')?.getDataRange().getValues() ?? [];
    expect(backups.slice(1).map((row) => row[3])).toEqual(['rs_web', 'rs_mobile']);
    const synced = Object.keys(w.documentProperties.getProperties()).filter((k) => k.startsWith('segment.sync.'));
    expect(synced.sort()).toEqual(['segment.sync.config:rs_mobile', 'segment.sync.config:rs_web']);
    expect(w.ui.everything()).not.toContain(TOKEN);
  });

  it('a second Send finds both plans matching and asks nothing', async () => {
    const w = world();
    await run(w, 'sendToSegment');
    const [asked, calls] = [questions(w).length, w.fetch.calls.length];
    await run(w, 'sendToSegment');
    expect(questions(w).length).toBe(asked);
    expect(paragraphs(w.ui.dialogs.at(-1)?.html)).toEqual([
      'Plan for Web (rs_web in workspace &quot;acme&quot;): Segment already matched the sheet; nothing was sent.',
      'Plan for iOS, Android (rs_mobile in workspace &quot;acme&quot;): Segment already matched the sheet; nothing was sent.',
    ]);
    expect(w.fetch.calls.slice(calls).filter((c) => c.method !== 'GET')).toEqual([]);
  });

  it('names the edits made in Segment since the last sync in the section of that plan only, and lists removals by name', async () => {
    const w = world();
    await run(w, 'sendToSegment');
    // Someone adds an event to the mobile plan in Segment.
    await fetch(`${emulator.baseUrl}/tracking-plans/tp_mobile/rules`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ rules: [{ type: 'TRACK', key: 'Cart Viewed', version: 1, jsonSchema: { type: 'object', properties: {} } }] }),
    });
    w.spreadsheet
      .getSheetByName('Tracking Plan')
      ?.getRange(5, 3, 1, 2)
      .setValues([['page_path', 'The path']]);
    const calls = w.fetch.calls.length;
    w.ui.confirmAnswers = ['NO'];
    await run(w, 'sendToSegment');
    const question = questions(w).at(-1)?.message.split('\n');
    expect(question).toEqual([
      "Send 2 of the sheet's 2 plans to Segment?",
      '',
      '■ Plan for Web (rs_web in workspace "acme")',
      'Replace tracking plan rs_web in workspace "acme" with 1 event and 2 properties from this sheet?',
      '',
      'Compared with Segment: Events and rules: 1 changed (Order Completed). Properties: 1 added, 1 removed, 0 changed.',
      '',
      'This removes from Segment:',
      '  • property "page_url" of event "Order Completed"',
      '',
      '■ Plan for iOS, Android (rs_mobile in workspace "acme")',
      'Replace tracking plan rs_mobile in workspace "acme" with 2 events and 3 properties from this sheet?',
      '',
      'Compared with Segment: Events and rules: 1 removed (Cart Viewed). Properties: 0 added, 0 removed, 0 changed.',
      '',
      'This removes from Segment:',
      '  • event "Cart Viewed" (and its 0 properties)',
      '',
      expect.stringMatching(/^⚠ The plan was edited in Segment since your last sync \(.*\); sending overwrites those edits:$/),
      '  Events and rules: 1 added (Cart Viewed). Properties: 0 added, 0 removed, 0 changed.',
      '',
      'This overwrites each of these plans in Segment, including edits made in the Segment app. A backup of each is kept first (Segment > Restore a backup…).',
    ]);
    expect(w.fetch.calls.slice(calls).filter((c) => c.method !== 'GET')).toEqual([]);
  });

  it('a plan that fails says which plans were sent and which were not', async () => {
    const w = world();
    const real = realHttpResponder();
    // Segment refuses the second plan's upload (after both were read and compared).
    w.fetch.responder = (call) =>
      call.method === 'PUT' && call.url.includes('rs_mobile')
        ? { status: 400, body: { error: 'the plan is locked', code: 400 } }
        : real(call);
    await run(w, 'sendToSegment');
    expect(await storedRules('tp_web')).toEqual(WEB_RULES);
    expect(await storedRules('tp_mobile')).toEqual({ events: [], identify_traits: [], group_traits: [] });
    const report = w.ui.dialogs.at(-1);
    expect(report?.title).toBe('Segment: not every plan was sent');
    expect(paragraphs(report?.html).slice(1)).toEqual([
      expect.stringMatching(/^Plan for iOS, Android \(rs_mobile in workspace &quot;acme&quot;\): failed: .*the plan is locked/),
      'Sent: Plan for Web (rs_web in workspace &quot;acme&quot;). Not sent: Plan for iOS, Android (rs_mobile in workspace &quot;acme&quot;). Send to Segment again to send them.',
    ]);
  });
});

describe('Compare, Restore and Preview with a plan per source', () => {
  it('Compare shows each plan’s changes in a section of its own and changes nothing', async () => {
    const w = world();
    await run(w, 'compareWithSegment');
    const dialog = w.ui.dialogs.at(-1);
    expect(dialog?.title).toBe('Compare with Segment: what Send to Segment would change in each plan');
    expect([...(dialog?.html ?? '').matchAll(/<h3>(.*?)<\/h3><p>(.*?)<\/p>/g)].map((m) => `${m[1]}: ${m[2]}`)).toEqual([
      'Plan for Web (rs_web in workspace &quot;acme&quot;): Events and rules: 1 added (Order Completed). Properties: 2 added, 0 removed, 0 changed.',
      'Plan for iOS, Android (rs_mobile in workspace &quot;acme&quot;): Events and rules: 2 added (Order Completed, App Opened). Properties: 3 added, 0 removed, 0 changed.',
    ]);
    expect(w.fetch.calls.filter((c) => c.method !== 'GET')).toEqual([]);
  });

  it('Restore puts a backup back into the plan it was taken from', async () => {
    const w = world();
    await run(w, 'sendToSegment');
    w.spreadsheet
      .getSheetByName('Tracking Plan')
      ?.getRange(6, 1, 1, 2)
      .setValues([['App Launched', 'The app starts']]);
    await run(w, 'sendToSegment');
    const rows = w.spreadsheet.getSheetByName('Segment Backups')?.getDataRange().getValues() ?? [];
    // The mobile plan's second backup holds it as the first Send left it (App Opened).
    const at = rows.map((r) => r[3]).lastIndexOf('rs_mobile');
    await run(w, 'reviewRestore', `${at + 1}|${String(rows[at]?.[0])}`);
    expect(w.ui.dialogData('diff').summary).toContain('Restoring puts back plan rs_mobile');
    await run(w, 'restoreBackup', `${at + 1}|${String(rows[at]?.[0])}`);
    expect(await storedRules('tp_mobile')).toEqual(MOBILE_RULES);
    expect(await storedRules('tp_web')).toEqual(WEB_RULES);
  });

  it('Preview shows a plan picker and each plan’s body', async () => {
    const w = world();
    await run(w, 'previewRules');
    const html = w.ui.dialogs.at(-1)?.html ?? '';
    expect([...html.matchAll(/<option value="(\d)">(.*?)<\/option>/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual([
      '0 Plan for Web',
      '1 Plan for iOS, Android',
    ]);
    const unescape = (s: string) =>
      s
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&');
    const sections = [...html.matchAll(/<section data-plan="(\d)"( hidden)?>.*?<pre>([\s\S]*?)<\/pre><\/section>/g)];
    expect(sections.map((m) => [m[1], m[2] ?? '', JSON.parse(unescape(m[3] ?? '')).tracking_plan.rules])).toEqual([
      ['0', '', WEB_RULES],
      ['1', ' hidden', MOBILE_RULES],
    ]);
  });
});

describe('the sidebar with a plan per source', () => {
  it('says where Send sends: each plan with its sources', async () => {
    const w = world();
    const addOn = await run(w, 'validatePlan');
    const state = JSON.parse(JSON.stringify(addOn.sidebarState())) as { target: unknown };
    expect(state.target).toEqual({
      plan: 'config:rs_web',
      label:
        '2 plans: Plan for Web, Config API: tracking plan rs_web in workspace "acme"; Plan for iOS, Android, Config API: tracking plan rs_mobile in workspace "acme"',
    });
  });
});

describe('Import from Segment with a plan per source', () => {
  it('writes one sheet, events alike in every plan one block and the differences scoped rows; sending it back changes nothing', async () => {
    await run(world(), 'sendToSegment');
    const w = spreadsheet({ 'Importer Settings': SETTINGS });
    useEmulator(w, emulator.baseUrl);
    await run(w, 'importFromSegment');
    expect(w.ui.alerts.at(-1)?.message).toBe(
      'Imported 2 events and 4 properties from Plan for Web: tracking plan rs_web in workspace "acme" ("Web"); Plan for iOS, Android: tracking plan rs_mobile in workspace "acme" ("Mobile") into the sheet "Tracking Plan".',
    );
    const values = w.spreadsheet.getSheetByName('Tracking Plan')?.getDataRange().getValues() ?? [];
    expect(values.map((r) => [r[1], r[3], r[5], r[6], r[14]])).toEqual([
      ['Event Name', 'Property Name', 'Property Type', 'Required', 'Sources'],
      ['Order Completed', '', '', '', ''],
      ['', 'order_id', 'string', true, ''],
      ['', 'page_url', 'string', '', 'Web'],
      ['', 'device_id', 'string', true, 'iOS, Android'],
      ['App Opened', '', '', '', 'iOS, Android'],
      ['', 'cold_start', 'boolean', '', ''],
    ]);
    const calls = w.fetch.calls.length;
    await run(w, 'sendToSegment');
    expect(questions(w)).toEqual([]);
    expect(paragraphs(w.ui.dialogs.at(-1)?.html)).toEqual([
      'Plan for Web (rs_web in workspace &quot;acme&quot;): Segment already matched the sheet; nothing was sent.',
      'Plan for iOS, Android (rs_mobile in workspace &quot;acme&quot;): Segment already matched the sheet; nothing was sent.',
    ]);
    expect(w.fetch.calls.slice(calls).filter((c) => c.method !== 'GET')).toEqual([]);
  });

  it('names what one sheet cannot hold, and imports nothing', async () => {
    const w = world();
    await run(w, 'sendToSegment');
    // The mobile plan describes Order Completed otherwise.
    const mobile = PLAN.map((row) => [...row]);
    mobile[1] = ['Order Completed', 'A purchase in the app', '', '', '', '', ''];
    await run(world(mobile, [...SETTINGS.slice(0, 3), ['Plan for iOS', 'rs_mobile']]), 'sendToSegment');
    const fresh = spreadsheet({ 'Importer Settings': SETTINGS });
    useEmulator(fresh, emulator.baseUrl);
    await run(fresh, 'importFromSegment');
    expect(fresh.ui.alerts.at(-1)?.message).toBe(
      'Nothing was imported: one sheet holds one definition of each event and property, and these differ between the plans:\n' +
        '  • Order Completed: its description, labels or JSON Schema differ in Plan for Web and Plan for iOS, Android.',
    );
    expect(fresh.spreadsheet.getSheetByName('Tracking Plan')).toBeNull();
  });
});

describe('Help', () => {
  it('says how one sheet feeds a plan per source', async () => {
    const w = spreadsheet({});
    await run(w, 'showHelp');
    expect(w.ui.dialogs.at(-1)?.html).toContain(
      "<li><b>A plan per platform:</b> a <i>Sources</i> column (comma-separated; blank means every source) scopes an event row or a property row, and <i>Importer Settings</i> rows <code>Plan for Web</code>, <code>Plan for iOS</code>, … name each source's plan (its <code>rs_…</code>/<code>tp_…</code> id or URL). Send, Compare, Import and Restore then work on every plan at once.</li>",
    );
  });
});
