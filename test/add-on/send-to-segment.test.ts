import { parseTrackingPlan } from '../../src/plan/parse-plan';
import { buildConfigUpdateBody } from '../../src/segment/config-api';
import { templatePlanGrid } from '../../src/template/template-content';
import { bigPlanGrid } from '../bench/big-plan';
import { AddOn, Cell, fakeConfigPlan, loadAddOn, newWorld, ScriptedResponse, World } from '../../src/apps-script-fakes';

const TOKEN = 'sgp_secret_token_1234567890';
const PLAN_ID = 'rs_1AAPTLy8ffAAQth0PvL8rOvU6PJ';
const PLAN_URL = `https://platform.segmentapis.com/v1beta/workspaces/acme/tracking-plans/${PLAN_ID}`;

function settingsRows(overrides: Record<string, string> = {}): Cell[][] {
  const values: Record<string, string> = {
    'Personal Access Token': TOKEN,
    'Workspace Slug': 'acme',
    'Tracking Plan ID': PLAN_ID,
    'Tracking Plan Name': '',
    'API Base URL': '',
    ...overrides,
  };
  return [['Setting', 'Value'], ...Object.entries(values).map(([k, v]) => [k, v])];
}

/** A spreadsheet holding the template's example plan and settings for workspace acme, and an empty plan in Segment. */
function world(plan: Cell[][] = templatePlanGrid(), settings = settingsRows()): World {
  const w = newWorld();
  w.spreadsheet.addSheet('Tracking Plan', plan);
  w.spreadsheet.addSheet('Importer Settings', settings);
  fakeConfigPlan(w, PLAN_ID);
  return w;
}

const puts = (w: World) => w.fetch.calls.filter((c) => c.method === 'PUT');

async function run(w: World, fn: string): Promise<AddOn> {
  const addOn = loadAddOn(w);
  await addOn[fn]();
  return addOn;
}

function expectNoToken(w: World): void {
  const shown = [w.ui.everything(), ...w.logs, ...w.spreadsheet.toasts, JSON.stringify(w.spreadsheet.sheets.map((s) => s.notes))].join(
    '\n',
  );
  expect(shown).not.toContain(TOKEN);
}

describe('the Segment menu', () => {
  it('onOpen adds the Segment menu, each item naming a global function of the bundle', () => {
    const w = newWorld();
    const addOn = loadAddOn(w);
    addOn.onOpen();
    expect(w.ui.menus).toHaveLength(1);
    const menu = w.ui.menus[0];
    expect(menu.title).toBe('Segment');
    expect(menu.items.filter(Boolean).map((i) => (i as [string, string])[0])).toEqual([
      'Open sidebar',
      'Validate plan',
      'Preview rules JSON',
      'Compare with Segment',
      'Check an event…',
      'Import from Segment',
      'Restore a backup…',
      'Set up sheets',
      'Store token privately…',
      'Help',
      'Send to Segment',
    ]);
    for (const item of menu.items) if (item) expect(typeof addOn[item[1]]).toBe('function');
    // onOpen may run unauthorised: it only touches the UI.
    expect(w.serviceCalls.every((c) => c.startsWith('SpreadsheetApp.getUi') || c.startsWith('Ui.'))).toBe(true);
  });

  it('onInstall builds the same menu', () => {
    const w = newWorld();
    loadAddOn(w).onInstall();
    expect(w.ui.menus[0].title).toBe('Segment');
  });
});

describe('Send to Segment', () => {
  it('asks first, then PUTs exactly the engine body to the plan with the token, and reports success with a link', async () => {
    const w = world();
    await run(w, 'sendToSegment');
    const confirmation = w.ui.alerts.find((a) => a.buttons === 'YES_NO');
    expect(confirmation?.message).toContain(
      `Replace tracking plan ${PLAN_ID} in workspace "acme" with 4 events and 28 properties plus identify, group, common rules`,
    );
    expect(confirmation?.message).toContain('overwrites the whole plan in Segment, including edits made in the Segment app');

    // First the plan as Segment holds it, for the comparison; again after Yes, for the backup; then the upload.
    expect(w.fetch.calls.map((c) => `${c.method} ${c.url}`)).toEqual([`GET ${PLAN_URL}`, `GET ${PLAN_URL}`, `PUT ${PLAN_URL}`]);
    const call = w.fetch.calls[2];
    expect(call.method).toBe('PUT');
    expect(call.headers.Authorization).toBe(`Bearer ${TOKEN}`);
    expect(call.contentType).toBe('application/json');
    expect(call.muteHttpExceptions).toBe(true);
    const expected = buildConfigUpdateBody(parseTrackingPlan(templatePlanGrid()).plan);
    expect(call.payload).toBe(JSON.stringify(expected));
    expect(JSON.parse(call.payload as string).update_mask.paths).toEqual(['tracking_plan.rules']);

    const done = w.ui.dialogs.at(-1);
    expect(done?.title).toBe('Sent to Segment');
    expect(done?.html).toContain('Uploaded 4 events (28 properties) and the identify, group, common rules');
    expect(done?.html).toContain(`https://app.segment.com/acme/protocols/tracking-plans/${PLAN_ID}`);
    expect(w.lock.held).toBe(false);
    expectNoToken(w);
  });

  it('renames the plan only when Tracking Plan Name is set', async () => {
    const w = world(templatePlanGrid(), settingsRows({ 'Tracking Plan Name': 'Web App' }));
    await run(w, 'sendToSegment');
    const body = JSON.parse(puts(w)[0].payload as string);
    expect(body.update_mask.paths).toEqual(['tracking_plan.display_name', 'tracking_plan.rules']);
    expect(body.tracking_plan.display_name).toBe('Web App');
    expect(w.ui.alerts.find((a) => a.buttons === 'YES_NO')?.message).toContain('renamed "Web App"');
  });

  it('sends to an API Base URL on a Segment API host', async () => {
    const w = world(templatePlanGrid(), settingsRows({ 'API Base URL': 'https://platform.segmentapis.com/v1beta/' }));
    await run(w, 'sendToSegment');
    expect(puts(w)[0].url).toBe(`https://platform.segmentapis.com/v1beta/workspaces/acme/tracking-plans/${PLAN_ID}`);
  });

  it('sends nothing when the analyst answers No', async () => {
    const w = world();
    w.ui.confirmAnswers = ['NO'];
    await run(w, 'sendToSegment');
    expect(puts(w)).toEqual([]);
    expect(w.spreadsheet.toasts).toContain('Nothing was sent.');
  });

  it('re-reads the plan when Segment answers with fewer events than were sent, and names the missing ones', async () => {
    const w = world();
    const name = `workspaces/acme/tracking-plans/${PLAN_ID}`;
    const answers = [
      { status: 200, body: { name, rules: { events: [] } } },
      {
        status: 200,
        body: { name, rules: { events: [{ name: 'User Logged In' }, { name: 'User Signed Up' }, { name: 'Order Completed' }] } },
      },
    ];
    let put = false;
    w.fetch.responder = (call) => {
      if (call.method === 'PUT') put = true;
      return call.method === 'PUT' ? answers[0] : put ? answers[1] : { status: 200, body: { name, rules: {} } };
    };
    await run(w, 'sendToSegment');
    expect(w.fetch.calls.map((c) => c.method)).toEqual(['GET', 'GET', 'PUT', 'GET']);
    expect(w.ui.dialogs.at(-1)?.html).toContain("Segment's copy differs from the sheet in 1 place");
    expect(w.ui.dialogs.at(-1)?.html).toContain('missing in Segment: event &quot;Article Viewed&quot;');
  });
});

describe('a plan with errors', () => {
  const broken = () => {
    const grid = templatePlanGrid();
    grid[4][5] = 'txet'; // Property Type of username
    grid[6][4] = ''; // keeps the row, removes a description: a warning
    grid.push(['', '', '', 'orphan.child', '', 'string', '', '', '', '', '', '', '']);
    grid.splice(3, 0, ['', '', '', 'no_event', '', 'string', '', '', '', '', '', '', '']);
    return grid;
  };

  it('uploads nothing, highlights and notes each cell, and lists the problems with their cells', async () => {
    const w = world(broken());
    await run(w, 'sendToSegment');
    expect(w.fetch.calls).toEqual([]);
    const sheet = w.spreadsheet.sheet('Tracking Plan');
    // no_event is now row 4 (D4); username's type moved to F6.
    expect(sheet.backgrounds[3][3]).toBe('#f4cccc');
    expect(sheet.notes[3][3]).toMatch(/^Segment: Error: Property "no_event" has no event/);
    expect(sheet.backgrounds[5][5]).toBe('#f4cccc');
    expect(sheet.notes[5][5]).toContain('Unknown Property Type "txet"');
    const dialog = w.ui.dialogs.at(-1);
    expect(dialog?.title).toBe('Segment: problems in the plan');
    const data = w.ui.dialogData('problems');
    expect(data.headline).toContain('nothing was sent');
    const cells = data.problems.map((p) => `${p.sheet}!${p.cell}`);
    expect(cells).toContain('Tracking Plan!D4');
    expect(cells).toContain('Tracking Plan!F6');
  });

  it('clears the previous highlights and notes on the next run, keeping the analyst’s own', async () => {
    const w = world(broken());
    const sheet = w.spreadsheet.sheet('Tracking Plan');
    await run(w, 'validatePlan');
    sheet.writeNote('A2', 'my own note');
    sheet.paint('A2', '#00ff00');
    sheet.typeValues(templatePlanGrid());
    await run(w, 'validatePlan');
    const ours = sheet.notes.flat().filter((n) => n.startsWith('Segment: '));
    expect(ours).toEqual([]);
    expect(sheet.backgrounds.flat().filter((b) => b === '#f4cccc' || b === '#fff2cc')).toEqual([]);
    expect(sheet.notes[1][0]).toBe('my own note');
    expect(sheet.backgrounds[1][0]).toBe('#00ff00');
    expect(w.spreadsheet.toasts.at(-1)).toBe(
      'The plan is valid: 4 events and 28 properties plus identify, group, common rules, no problems. Nothing was sent.',
    );
  });

  it('blocks page rows for a Config API plan', async () => {
    const grid = templatePlanGrid();
    grid.push(['page', 'Home', 'Home page', '', '', '', '', '', '', '', '', '', '']);
    const w = world(grid);
    await run(w, 'sendToSegment');
    expect(w.fetch.calls).toEqual([]);
    expect(w.ui.dialogData('problems').problems.map((p) => p.cell)).toContain(`A${grid.length}`);
  });
});

describe('settings', () => {
  it.each([
    ['Personal Access Token', 'Personal Access Token'],
    ['Workspace Slug', 'Workspace Slug'],
    ['Tracking Plan ID', 'Tracking Plan ID'],
  ])('names a missing %s', async (label) => {
    const w = world(templatePlanGrid(), settingsRows({ [label]: '' }));
    await run(w, 'sendToSegment');
    expect(w.fetch.calls).toEqual([]);
    expect(w.ui.alerts.at(-1)?.message).toContain(`Importer Settings has no ${label}`);
  });

  it('says which settings are not understood', async () => {
    const w = world(templatePlanGrid(), [...settingsRows({ 'Tracking Plan ID': 'plan-42' }), ['API', 'Graph API'], ['Region', 'Mars']]);
    await run(w, 'sendToSegment');
    expect(w.fetch.calls).toEqual([]);
    const message = w.ui.alerts.at(-1)?.message;
    expect(message).toContain('API "Graph API" is not one of Config API, Public API');
    expect(message).toContain('Region "Mars" is not EU or US');
    expect(message).toContain('Tracking Plan ID "plan-42" does not look like a Segment plan id');
  });
});

describe('Segment answering with an error', () => {
  /** As the last answer: Segment then takes the upload. */
  const ACCEPTED: ScriptedResponse = { status: 200 };

  /** The upload (PUT) is answered with these, in order; then Segment takes it. */
  async function sendAgainst(...responses: Array<ScriptedResponse | Error>) {
    const w = world();
    const last = responses[responses.length - 1];
    const answers = [...responses, ...new Array(20).fill(last)];
    if (!(last instanceof Error) && last.status === 200) answers.length = responses.length - 1;
    fakeConfigPlan(w, PLAN_ID, answers);
    await run(w, 'sendToSegment');
    expectNoToken(w);
    return { w, message: w.ui.alerts.at(-1)?.message ?? '' };
  }

  it("400 shows Segment's own message and is not retried", async () => {
    const { w, message } = await sendAgainst({ status: 400, body: { error: 'rules.events[2].rules: invalid JSON schema', code: 3 } });
    expect(puts(w)).toHaveLength(1);
    expect(message).toContain('Segment said: "rules.events[2].rules: invalid JSON schema"');
  });

  it('400 with a body that is not JSON still says something', async () => {
    const { message } = await sendAgainst({ status: 400, body: '<html><body>Bad Request</body></html>' });
    expect(message).toContain('Bad Request');
  });

  it('401 says the token is invalid', async () => {
    const { w, message } = await sendAgainst({ status: 401, body: { error: 'Unauthenticated', code: 16 } });
    expect(puts(w)).toHaveLength(1);
    expect(message).toContain('did not accept the token (401)');
  });

  it('403 says the token lacks write access', async () => {
    const { message } = await sendAgainst({ status: 403, body: { error: 'forbidden', code: 7 } });
    expect(message).toContain('lacks write access');
  });

  it('404 quotes the workspace slug and plan id', async () => {
    const { message } = await sendAgainst({ status: 404, body: { error: 'not found', code: 5 } });
    expect(message).toContain(`no tracking plan "${PLAN_ID}" in workspace "acme" (404)`);
  });

  it('retries 429 and 5xx with exponential backoff, then succeeds', async () => {
    const { w } = await sendAgainst(
      { status: 429, body: { error: 'rate limited' } },
      { status: 503, body: 'unavailable' },
      { status: 500, body: {} },
      ACCEPTED,
    );
    expect(puts(w)).toHaveLength(4);
    expect(w.clock.sleeps).toEqual([1000, 2000, 4000]);
    expect(w.ui.dialogs.at(-1)?.title).toBe('Sent to Segment');
  });

  it('honours Retry-After', async () => {
    const { w } = await sendAgainst({ status: 429, headers: { 'Retry-After': '7' }, body: {} }, ACCEPTED);
    expect(w.clock.sleeps).toEqual([7000]);
  });

  it('retries exceptions thrown by UrlFetchApp.fetch (timeouts, DNS)', async () => {
    const { w } = await sendAgainst(
      new Error('Timeout: https://platform.segmentapis.com'),
      new Error('DNS error: platform.segmentapis.com'),
      ACCEPTED,
    );
    expect(puts(w)).toHaveLength(3);
    expect(w.ui.dialogs.at(-1)?.title).toBe('Sent to Segment');
  });

  it('gives up within about a minute of waiting and reports it', async () => {
    const { w, message } = await sendAgainst({ status: 503, body: { error: 'Service Unavailable' } });
    const waited = w.clock.sleeps.reduce((a, b) => a + b, 0);
    expect(waited).toBeLessThanOrEqual(60_000);
    expect(waited).toBeGreaterThanOrEqual(30_000);
    expect(puts(w).length).toBe(w.clock.sleeps.length + 1);
    expect(message).toMatch(/server error \(503\) .*tried \d+ times/);
  });

  it('reports a rate limit that never lifts', async () => {
    const { message } = await sendAgainst({ status: 429, body: {} });
    expect(message).toContain('rate limit (429) kept refusing');
  });

  it('reports a network failure that never clears', async () => {
    const { message } = await sendAgainst(new Error('Address unavailable: https://platform.segmentapis.com'));
    expect(message).toContain('Could not reach Segment');
  });
});

describe('the document lock', () => {
  it('stops a second upload while one is running', async () => {
    const w = world();
    let second: Promise<unknown> | null = null;
    w.ui.onAlert = (title) => {
      if (title === 'Send to Segment?' && !second) second = loadAddOn(w).sendToSegment() as Promise<unknown>;
    };
    await run(w, 'sendToSegment');
    await second;
    expect(w.ui.alerts.some((a) => a.message.includes('An upload is already running'))).toBe(true);
    expect(puts(w)).toHaveLength(1);
    expect(w.lock.held).toBe(false);
  });

  it('is released when the upload fails', async () => {
    const w = world();
    w.fetch.responder = () => ({ status: 401, body: {} });
    await run(w, 'sendToSegment');
    expect(w.lock.held).toBe(false);
  });
});

describe('Store token privately…', () => {
  it('keeps the token in user properties, clears the token cell, and uses it for uploads', async () => {
    const w = world();
    const addOn = await run(w, 'storeTokenPrivately');
    expect(w.ui.dialogData('token')).toEqual({ stored: false });
    expect(addOn.storePrivateToken(' sgp_private_token_999 ')).toContain('Cell B2 of Importer Settings was cleared');
    expect(Object.values(w.userProperties.data)).toEqual(['sgp_private_token_999']);
    expect(w.spreadsheet.sheet('Importer Settings').values[1][1]).toBe('');
    expect(w.ui.everything()).not.toContain('sgp_private_token_999');

    await run(w, 'sendToSegment');
    expect(w.fetch.calls[0].headers.Authorization).toBe('Bearer sgp_private_token_999');
  });

  it('wins over a token in the cell', async () => {
    const w = world();
    w.userProperties.setProperty('segment.token', 'sgp_stored');
    await run(w, 'sendToSegment');
    expect(w.fetch.calls[0].headers.Authorization).toBe('Bearer sgp_stored');
  });

  it('is removed by its own button, and untouched by an empty field', async () => {
    const w = world();
    w.userProperties.setProperty('segment.token', 'sgp_stored');
    const addOn = await run(w, 'storeTokenPrivately');
    expect(w.ui.dialogData('token')).toEqual({ stored: true });
    expect(addOn.storePrivateToken('  ')).toBe('Paste a token first; nothing was stored.');
    expect(w.userProperties.data).toEqual({ 'segment.token': 'sgp_stored' });
    expect(addOn.removePrivateToken()).toBe('Your stored token was removed.');
    expect(w.userProperties.data).toEqual({});
    expect(addOn.removePrivateToken()).toBe('No token was stored; nothing changed.');
  });
});

describe('other menu items', () => {
  it('Preview rules JSON shows the body that would be sent, and sends nothing', async () => {
    const w = world();
    await run(w, 'previewRules');
    expect(w.fetch.calls).toEqual([]);
    const html = w.ui.dialogs.at(-1)?.html ?? '';
    expect(html).toContain('&quot;update_mask&quot;');
    expect(html).toContain('User Logged In');
  });

  it('Set up sheets creates both tabs with headers, frozen row, dropdowns and labels, and a plan written there validates', async () => {
    const w = newWorld();
    await run(w, 'setUpSheets');
    const plan = w.spreadsheet.sheet('Tracking Plan');
    expect(plan.values[0].slice(0, 4)).toEqual(['Event Type', 'Event Name', 'Event Description', 'Property Name']);
    expect(plan.frozenRows).toBe(1);
    expect(plan.validations.map((v) => v.range)).toEqual(['A2:A2001', 'F2:F2001', 'G2:G2001']);
    expect(plan.validations[0].values).toEqual(['track', 'identify', 'group', 'page', 'screen', 'common']);
    const settings = w.spreadsheet.sheet('Importer Settings');
    expect(settings.values.map((r) => r[0])).toEqual([
      'Setting',
      'Personal Access Token',
      'Workspace Slug',
      'Tracking Plan ID',
      'Tracking Plan Name',
      'API Base URL',
      'Region',
      'API',
      'Event Naming',
      'Property Naming',
      'Descriptions',
      'Live Validation',
    ]);
    expect(settings.validations.map((v) => [v.range, v.values.join('|')])).toEqual([
      ['B9', 'Object Action|object_action|objectAction|Any'],
      ['B10', 'snake_case|camelCase|Any'],
      ['B11', 'Optional|Required'],
      ['B12', 'On|Off'],
    ]);

    plan.typeRow(2, ['', 'Signed In', 'When they sign in', '', '', '', '', '', '', '', '', '', '']);
    await run(w, 'validatePlan');
    expect(w.spreadsheet.toasts.at(-1)).toContain('The plan is valid: 1 event and 0 properties');
  });

  it('Set up sheets leaves existing sheets alone', async () => {
    const w = world();
    const before = JSON.stringify(w.spreadsheet.sheets.map((s) => s.values));
    await run(w, 'setUpSheets');
    expect(JSON.stringify(w.spreadsheet.sheets.map((s) => s.values))).toBe(before);
    expect(w.ui.alerts.at(-1)?.message).toContain('already here');
  });

  it('Help opens a dialog', async () => {
    const w = newWorld();
    await run(w, 'showHelp');
    expect(w.ui.dialogs[0].title).toContain('help');
  });

  it('says what to do when there is no Tracking Plan sheet', async () => {
    const w = newWorld();
    await run(w, 'sendToSegment');
    expect(w.ui.alerts[0].message).toContain('Set up sheets');
  });
});

describe('service calls', () => {
  it('are as many for a 10-row plan as for a 10,000-row plan', async () => {
    const counts: number[] = [];
    const logs: string[][] = [];
    for (const [events, perEvent] of [
      [1, 9],
      [200, 49],
    ] as const) {
      const w = world(bigPlanGrid(events, perEvent) as Cell[][]);
      await loadAddOn(w).sendToSegment();
      expect(w.ui.dialogs.at(-1)?.title).toBe('Sent to Segment');
      counts.push(w.serviceCalls.length);
      logs.push(w.serviceCalls);
    }
    expect(bigPlanGrid(1, 9).length - 1).toBe(10);
    expect(bigPlanGrid(200, 49).length - 1).toBe(10_000);
    // The same calls, whatever the size; a larger plan's backup JSON may need the record sheet widened once.
    const widen = (log: string[]) => log.filter((c) => c === 'Sheet.insertColumnsAfter').length;
    const withoutWiden = (log: string[]) => log.filter((c) => c !== 'Sheet.insertColumnsAfter');
    expect(withoutWiden(logs[1])).toEqual(withoutWiden(logs[0]));
    expect(widen(logs[1])).toBeLessThanOrEqual(2);
    // Five phases are told as they begin (issue 18), each a toast and the progress record: 20 of these calls.
    expect(counts[0]).toBeLessThan(130);
  });
});
