// Issue 20, item 4 in the add-on: Choose a plan… lists the workspace's plans and writes the chosen id into Importer
// Settings in one write; Test connection reads the plan and changes nothing; Send with no plan id and a Tracking
// Plan Name offers to create the plan. The bundled dist/Code.js on the strict fakes, against the emulator over HTTP.
import { EmulatorProcess, startEmulatorProcess } from '../../src/emulator/child-process';
import { Cell, loadAddOn, newWorld, useEmulator, World } from '../../src/apps-script-fakes';
import { planGrid } from '../helpers/sheet';

const TOKEN = 'sgp_choose_plan_secret_token';
let emulator: EmulatorProcess;

beforeEach(async () => {
  emulator = await startEmulatorProcess({
    tokens: [
      { token: TOKEN, workspace: 'acme', access: 'write' },
      { token: 'read-only-token-123', workspace: 'acme', access: 'read' },
    ],
    plans: [
      {
        workspace: 'acme',
        id: 'tp_web',
        resourceSchemaId: 'rs_web',
        name: 'Web',
        updatedAt: '2026-01-02T00:00:00.000Z',
        rules: [{ type: 'TRACK', key: 'A', version: 1, jsonSchema: { type: 'object' } }],
      },
      { workspace: 'acme', id: 'tp_ios', resourceSchemaId: 'rs_ios', name: 'iOS', updatedAt: '2026-02-01T00:00:00.000Z', rules: [] },
    ],
  });
});
afterEach(() => emulator.stop());

const PLAN = planGrid([
  { eventName: 'Order Completed', eventDescription: 'An order is placed' },
  { propertyName: 'total', propertyDescription: 'Order total', propertyType: 'number' },
]) as Cell[][];

function world(settings: Cell[][]): World {
  const w = newWorld();
  w.spreadsheet.addSheet('Tracking Plan', PLAN);
  w.spreadsheet.addSheet('Importer Settings', [['Setting', 'Value'], ...settings]);
  useEmulator(w, emulator.baseUrl);
  return w;
}

const settingsValues = (w: World) => w.spreadsheet.getSheetByName('Importer Settings')!.values;
const requests = (w: World) => w.fetch.calls.map((c) => `${c.method} ${c.url.replace(emulator.baseUrl, '').split('?')[0]}`);
const shown = (w: World) => [w.ui.everything(), ...w.logs, ...w.spreadsheet.toasts].join('\n');

describe('Choose a plan…', () => {
  it('lists the plans (name, id, rules, last update), the last updated first, reading only', async () => {
    const w = world([['Personal Access Token', TOKEN]]);
    await loadAddOn(w).showPlanChooser();
    expect(w.ui.dialogs.at(-1)?.title).toBe('Segment: choose a plan');
    expect(w.ui.dialogData('plans')).toEqual({
      api: 'Public API',
      current: '',
      plans: [
        { api: 'public', id: 'tp_ios', resourceSchemaId: 'rs_ios', name: 'iOS', rules: 0, updatedAt: '2026-02-01T00:00:00.000Z' },
        { api: 'public', id: 'tp_web', resourceSchemaId: 'rs_web', name: 'Web', rules: 1, updatedAt: '2026-01-02T00:00:00.000Z' },
      ],
      sources: [],
    });
    expect(new Set(w.fetch.calls.map((c) => c.method))).toEqual(new Set(['GET']));
    expect(shown(w)).not.toContain(TOKEN);
  });

  it('writes the chosen id over Tracking Plan ID in one write, or adds the row when there is none', () => {
    const w = world([
      ['Personal Access Token', TOKEN],
      ['Tracking Plan ID', 'tp_web'],
      ['Region', ''],
    ]);
    w.serviceCalls.length = 0;
    expect(loadAddOn(w).choosePlan('tp_ios')).toBe('Tracking Plan ID is now tp_ios (Importer Settings!B3).');
    expect(settingsValues(w)[2]).toEqual(['Tracking Plan ID', 'tp_ios']);
    expect(w.serviceCalls.filter((c) => /set(Values|Value)\b/.test(c))).toEqual(['Range.setValues']);

    const bare = world([['Personal Access Token', TOKEN]]);
    expect(loadAddOn(bare).choosePlan('tp_web')).toBe('Tracking Plan ID is now tp_web (Importer Settings!B3).');
    expect(settingsValues(bare)[2]).toEqual(['Tracking Plan ID', 'tp_web']);
  });

  it('writes a Plan for <Source> row when a source is named: over the row that names it (any case), else a new row', () => {
    const w = world([
      ['Personal Access Token', TOKEN],
      ['Plan for Web', 'tp_web'],
      ['plan for iOS:', 'tp_old'],
    ]);
    w.serviceCalls.length = 0;
    expect(loadAddOn(w).choosePlan('tp_ios', 'IOS')).toBe('Plan for iOS is now tp_ios (Importer Settings!B4).');
    expect(settingsValues(w)[3]).toEqual(['plan for iOS:', 'tp_ios']);
    expect(w.serviceCalls.filter((c) => /set(Values|Value)\b/.test(c))).toEqual(['Range.setValues']);
    expect(loadAddOn(w).choosePlan('tp_android', ' Android ')).toBe('Plan for Android is now tp_android (Importer Settings!B5).');
    expect(settingsValues(w)[4]).toEqual(['Plan for Android', 'tp_android']);
    // A source is one name: a list, or a name that would read as a formula, is refused.
    expect(loadAddOn(w).choosePlan('tp_x', 'Web, iOS')).toBe('"Web, iOS" is not one source name (no commas); nothing was written.');
    expect(loadAddOn(w).choosePlan('tp_x', '=A1')).toBe('"=A1" is not one source name (no commas); nothing was written.');
    expect(settingsValues(w)).toHaveLength(5);
  });

  it('tells the dialog which plan each source uses, so it can mark them', async () => {
    const w = world([
      ['Personal Access Token', TOKEN],
      ['Plan for Web', 'tp_web'],
      ['Plan for iOS', 'https://app.segment.com/acme/protocols/tracking-plans/tp_ios'],
    ]);
    await loadAddOn(w).showPlanChooser();
    expect(w.ui.dialogData('plans').sources).toEqual([
      { source: 'Web', id: 'tp_web' },
      { source: 'iOS', id: 'tp_ios' },
    ]);
  });

  it('refuses what is not a plan id', () => {
    const w = world([['Personal Access Token', TOKEN]]);
    expect(loadAddOn(w).choosePlan('=HYPERLINK("x")')).toBe(
      '"=HYPERLINK("x")" is not a tracking plan id (rs_… or tp_…); nothing was written.',
    );
    expect(settingsValues(w)).toHaveLength(2);
  });

  it('says what is missing without a token', async () => {
    const w = world([['Workspace Slug', 'acme']]);
    await loadAddOn(w).showPlanChooser();
    expect(w.ui.alerts.at(-1)?.message).toBe(
      'Nothing was listed.\n\nImporter Settings has no Personal Access Token. Put the label "Personal Access Token" in column A and its value in column B, or use Segment > Store token privately….',
    );
    expect(w.fetch.calls).toEqual([]);
  });
});

describe('Test connection', () => {
  it('says the token reads the plan and its rules, that writing was not tested, and sends only reads', async () => {
    const w = world([
      ['Personal Access Token', 'read-only-token-123'],
      ['Tracking Plan ID', 'tp_web'],
    ]);
    await loadAddOn(w).testSegmentConnection();
    expect(w.ui.alerts.at(-1)).toEqual({
      title: 'Segment: test connection',
      buttons: 'OK',
      message:
        'Reading works: the token read tracking plan "Web" (tp_web) and its 1 rule through the Public API, last updated 2026-01-02T00:00:00.000Z.\n\nWriting was not tested: Segment offers no request that shows whether a token may change a plan without changing it, and nothing was sent that could. Send to Segment asks before it writes, and says so if Segment refuses the token (403: it needs the Tracking Plan Admin or Workspace Owner role).',
    });
    expect(requests(w)).toEqual(['GET /tracking-plans/tp_web', 'GET /tracking-plans/tp_web/rules']);
  });

  it('a plan the token cannot see is said as Segment answers it', async () => {
    const w = world([
      ['Personal Access Token', TOKEN],
      ['Tracking Plan ID', 'tp_gone'],
    ]);
    await loadAddOn(w).testSegmentConnection();
    expect(w.ui.alerts.at(-1)?.message).toBe(
      'Segment found no tracking plan "tp_gone" for this token (404). Check for a typo, and that the token belongs to that workspace.',
    );
  });
});

describe('Send to Segment with no plan id and a Tracking Plan Name', () => {
  it('offers to create the plan; Yes creates it, records its id, and sends the sheet to it', async () => {
    const w = world([
      ['Personal Access Token', TOKEN],
      ['Tracking Plan ID', ''],
      ['Tracking Plan Name', 'Checkout'],
    ]);
    await loadAddOn(w).sendToSegment();
    expect(w.ui.alerts[0]).toEqual({
      title: 'Segment: create the plan?',
      buttons: 'YES_NO',
      message:
        'Importer Settings has no Tracking Plan ID. Create a new tracking plan "Checkout" in Segment (Public API), write its id into Importer Settings, and send this sheet to it?',
    });
    const listed = (await (
      await fetch(`${emulator.baseUrl}/tracking-plans?pagination.count=10`, { headers: { Authorization: `Bearer ${TOKEN}` } })
    ).json()) as {
      data: { trackingPlans: Array<{ id: string; name: string }> };
    };
    const made = listed.data.trackingPlans.find((p) => p.name === 'Checkout');
    expect(made?.id).toMatch(/^tp_/);
    expect(settingsValues(w)[2]).toEqual(['Tracking Plan ID', made?.id]);
    expect(requests(w).filter((r) => r.startsWith('POST') || r.startsWith('PUT'))).toEqual([
      'POST /tracking-plans',
      `PUT /tracking-plans/${made?.id}/rules`,
    ]);
    expect(shown(w)).not.toContain(TOKEN);
  });

  it('No creates nothing and sends nothing', async () => {
    const w = world([
      ['Personal Access Token', TOKEN],
      ['Tracking Plan Name', 'Checkout'],
    ]);
    w.ui.confirmAnswers.push('NO');
    await loadAddOn(w).sendToSegment();
    expect(requests(w)).toEqual([]);
    expect(settingsValues(w)).toHaveLength(3);
  });
});
