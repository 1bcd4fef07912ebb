// Property groups in the add-on (issue 19, item 4), through the built dist/Code.js on the strict fakes: Send sends
// the rules with the groups' properties in them, Validate marks a group row's problem on its Property Groups cell
// (once) and an unknown group on the plan's cell, Set up sheets makes the sheet with its example, and an edit in
// either sheet breaks nothing.
import { Cell, loadAddOn, newWorld, typeInto, World } from '../../src/apps-script-fakes';
import type { EventCheckAnswer } from '../../src/apps-script/pages';
import type { SidebarState } from '../../src/apps-script/sidebar-state';
import { templateGroupsGrid } from '../../src/template/template-content';
import { puts, settingsRows, world } from '../helpers/send-world';
import { lastAlert, run } from '../helpers/strict-sheets';

const GROUPS: Cell[][] = [
  ['Group', 'Property Name', 'Property Description', 'Property Type', 'Required'],
  ['Product', 'product_id', 'Database id of the product', 'string', true],
  ['', 'price', 'Unit price', 'number', ''],
];
const PLAN: Cell[][] = [
  ['Event Name', 'Event Description', 'Property Name', 'Property Description', 'Property Type', 'Required'],
  ['Product Added', 'A product goes into the cart', '', '', '', ''],
  ['', '', '@Product', '', '', ''],
  ['', '', 'price', '', '', true],
  ['Product Viewed', 'A product page is shown', '', '', '', ''],
  ['', '', '@Product', '', '', ''],
];

function withGroups(plan: Cell[][] = PLAN, groups: Cell[][] = GROUPS): World {
  const w = world(plan, settingsRows());
  w.spreadsheet.addSheet('Property Groups', groups);
  return w;
}

const notes = (w: World, sheet: string) =>
  w.spreadsheet
    .sheet(sheet)
    .notes.flatMap((row, r) => row.map((note, c) => [`${String.fromCharCode(65 + c)}${r + 1}`, note]))
    .filter(([, note]) => note);

describe('property groups in the add-on', () => {
  it('Send to Segment sends each event with its groups’ properties, the override applied', async () => {
    const w = withGroups();
    await run(w, 'sendToSegment');
    const body = JSON.parse(puts(w)[0]?.payload as string) as {
      tracking_plan: { rules: { events: Array<{ name: string; rules: { properties: { properties: unknown } } }> } };
    };
    expect(body.tracking_plan.rules.events.map((e) => [e.name, e.rules.properties.properties])).toEqual([
      [
        'Product Added',
        {
          type: 'object',
          properties: {
            product_id: { description: 'Database id of the product', type: 'string' },
            price: { description: 'Unit price', type: 'number' },
          },
          required: ['product_id', 'price'],
        },
      ],
      [
        'Product Viewed',
        {
          type: 'object',
          properties: {
            product_id: { description: 'Database id of the product', type: 'string' },
            price: { description: 'Unit price', type: 'number' },
          },
          required: ['product_id'],
        },
      ],
    ]);
  });

  it('Validate plan marks a group row’s problem once on its Property Groups cell, and an unknown group on the plan’s cell', async () => {
    const w = withGroups([...PLAN, ['', '', '@Prodcut', '', '', '']], [...GROUPS, ['', 'sku', 'Stock keeping unit', 'strng', '']]);
    await run(w, 'validatePlan');
    expect(notes(w, 'Property Groups')).toEqual([
      [
        'D4',
        'Segment: Error: Unknown Property Type "strng". Did you mean string? Use one of: string, number, integer, boolean, object, array, null, any, date-time; several comma-separated (string, null).',
      ],
    ]);
    expect(w.spreadsheet.sheet('Property Groups').fillAt('D4')).toBe('#f4cccc');
    expect(notes(w, 'Tracking Plan')).toEqual([
      ['C7', 'Segment: Error: There is no group "Prodcut" in Property Groups. Did you mean Product?'],
    ]);
    expect(w.ui.dialogs.map((d) => d.title)).toEqual(['Segment: problems in the plan']);
    expect(puts(w)).toEqual([]);
  });

  it('Set up sheets makes Property Groups with its worked example, and a plan row including its group validates', async () => {
    const w = newWorld();
    w.spreadsheet.insertSheet('Sheet1');
    await run(w, 'setUpSheets');
    expect(lastAlert(w)).toContain('Created Tracking Plan, Importer Settings and Property Groups.');
    const groups = w.spreadsheet.sheet('Property Groups');
    expect(groups.values.slice(0, templateGroupsGrid().length)).toEqual(templateGroupsGrid());
    expect(groups.values[0]?.slice(0, 4)).toEqual(['Group', 'Property Name', 'Property Description', 'Property Type']);
    expect(groups.frozenRows).toBe(1);
    w.spreadsheet.sheet('Tracking Plan').typeRow(2, ['', 'Order Completed', 'An order is paid', '', '', '', '', '', '', '', '', '', '']);
    w.spreadsheet.sheet('Tracking Plan').typeRow(3, ['', '', '', '@Cart Line', '', '', '', '', '', '', '', '', '']);
    await run(w, 'validatePlan');
    expect(w.ui.dialogs).toEqual([]);
    expect(w.spreadsheet.toasts.at(-1)).toMatch(/^The plan is valid: 1 event and \d+ properties, no problems\./);
  });

  it('Set up sheets adds Property Groups to a spreadsheet that has the other two, keeping the plan as it is', async () => {
    const w = world();
    const plan = w.spreadsheet.sheet('Tracking Plan').values.map((row) => [...row]);
    await run(w, 'setUpSheets');
    expect(w.spreadsheet.sheet('Tracking Plan').values).toEqual(plan);
    expect(w.spreadsheet.sheet('Property Groups').values.slice(0, templateGroupsGrid().length)).toEqual(templateGroupsGrid());
    expect(lastAlert(w)).toMatch(
      /^Both sheets \(Tracking Plan and Importer Settings\) are already here\. Created Property Groups, for properties many events share: a Tracking Plan row @Product includes group Product \(see its example\)\. Added the rows /,
    );
  });

  it('Check an event… checks a call against the groups’ properties, the violation linked to the event’s row', async () => {
    const w = withGroups();
    const call = { type: 'track', event: 'Product Viewed', properties: { product_id: 5, price: 2 } };
    const answer = loadAddOn(w).checkEvents(JSON.stringify(call)) as EventCheckAnswer;
    expect(answer.error).toBeNull();
    expect(answer.results.map((r) => [r.violations.map((v) => `${v.path}: ${v.message}`), r.cells])).toEqual([
      [['properties.product_id: Invalid type. Expected: string, given: integer'], ['C5']],
    ]);
  });

  it('live validation: an override row typed wrong is marked as Validate plan marks it', async () => {
    const w = withGroups();
    await run(w, 'validatePlan');
    await typeInto(w, loadAddOn(w), 'Tracking Plan', 'F4', 'maybe');
    const fresh = withGroups(w.spreadsheet.sheet('Tracking Plan').values);
    await run(fresh, 'validatePlan');
    expect(notes(w, 'Tracking Plan')).toEqual(notes(fresh, 'Tracking Plan'));
    expect(notes(w, 'Tracking Plan')).toEqual([
      ['F4', 'Segment: Error: Required "maybe" is not understood. Use TRUE or FALSE (a checkbox), yes/no, or leave it blank for optional.'],
    ]);
  });

  it('the sidebar counts the groups’ properties and lists a group row’s problem under Property Groups, after an edit there', async () => {
    const w = withGroups();
    const first = JSON.parse(JSON.stringify(loadAddOn(w).sidebarState())) as SidebarState;
    expect([first.events, first.properties, first.total]).toEqual([2, 4, 0]);
    await typeInto(w, loadAddOn(w), 'Property Groups', 'D3', 'strng');
    const next = JSON.parse(JSON.stringify(loadAddOn(w).sidebarState(first.revision))) as SidebarState;
    expect(next.problems).toEqual([
      {
        sheet: 'Property Groups',
        cell: 'D3',
        severity: 'error',
        message: expect.stringMatching(/^Unknown Property Type "strng"\. Did you mean string\?/),
        group: 'Property Groups',
      },
    ]);
  });

  it('Help says where shared properties go and how an event includes them', async () => {
    const w = newWorld();
    await run(w, 'showHelp');
    const help = (w.ui.dialogs.at(-1)?.html ?? '').replace(/<[^>]+>/g, '');
    expect(help).toContain('creates Tracking Plan, Importer Settings and Property Groups if they are missing');
    expect(help).toContain(
      'Properties many events share go in Property Groups, under a Group name: a row whose Property Name is @Product includes group Product',
    );
  });

  it('live validation: an @row typed in the plan is checked at its cell; an edit in Property Groups breaks nothing', async () => {
    const w = withGroups();
    await run(w, 'validatePlan');
    const addOn = loadAddOn(w);
    await typeInto(w, addOn, 'Tracking Plan', 'C6', '@Prodcut');
    expect(notes(w, 'Tracking Plan')).toEqual([
      ['C6', 'Segment: Error: There is no group "Prodcut" in Property Groups. Did you mean Product?'],
    ]);
    await typeInto(w, addOn, 'Tracking Plan', 'C6', '@Product');
    expect(notes(w, 'Tracking Plan')).toEqual([]);
    await typeInto(w, addOn, 'Property Groups', 'D3', 'strng');
    expect([w.logs, w.ui.alerts, w.ui.dialogs, notes(w, 'Tracking Plan')]).toEqual([[], [], [], []]);
    await run(w, 'validatePlan');
    expect(notes(w, 'Property Groups').map(([cell]) => cell)).toEqual(['D3']);
  });
});
