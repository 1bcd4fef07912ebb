import { parseTrackingPlan } from '../../src/plan/parse-plan';
import { buildConfigUpdateBody } from '../../src/segment/config-api';
import { templatePlanGrid } from '../../src/template/template-content';
import { bigPlanGrid } from '../bench/big-plan';
import { Cell, loadAddOn, newWorld } from '../../src/apps-script-fakes';
import { expectNoToken, PLAN_ID, PLAN_URL, puts, run, settingsRows, TOKEN, world } from '../helpers/send-world';

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
      'Take edits from Segment…',
      'Restore a backup…',
      'Set up sheets',
      'Choose a plan…',
      'Store token privately…',
      'Test connection',
      'Help',
      'Send to Segment',
    ]);
    for (const item of menu.items) if (item) expect(typeof addOn[item[1]]).toBe('function');
    // onOpen may run unauthorised: it only touches the UI, and asks ScriptApp how it was installed (allowed in NONE).
    expect(
      w.serviceCalls.filter(
        (c) => !c.startsWith('SpreadsheetApp.getUi') && !c.startsWith('Ui.') && c !== 'ScriptApp.getInstallationSource',
      ),
    ).toEqual([]);
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
      'Notes Columns',
      'Label Columns',
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

  it('Set up sheets keeps every cell of existing sheets (it only adds the setting rows Importer Settings lacks, below)', async () => {
    const w = world();
    const [plan, settings] = w.spreadsheet.sheets.map((s) => s.values.map((row) => [...row]));
    await run(w, 'setUpSheets');
    expect(w.spreadsheet.sheet('Tracking Plan').values).toEqual(plan);
    const after = w.spreadsheet.sheet('Importer Settings').values;
    expect(after.slice(0, settings.length).map((row) => row.slice(0, 2))).toEqual(settings);
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
    // Five phases are told as they begin (issue 18), each a toast and the progress record: 20 of these calls; and
    // 7 keep live validation's copy of the plan and its onChange trigger, 3 look for Property Groups; the Changelog
    // row takes 6 the first time (the sheet made with its header), 3 after, and a restore to undo is looked for and
    // forgotten in 3; and ScriptApp, now counted as every service is, 5 to find and install the onChange trigger on
    // the first run (getUserTriggers, then the newTrigger builder) (146 in all).
    expect(counts[0]).toBeLessThanOrEqual(146);
  });
});
