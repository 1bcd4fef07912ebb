// Issue 20, item 5: Check an event… says what the plan lacks (with how many calls carried it), and Add to plan appends
// rows for it, inferred from every pasted sample, in one write. Checking the same samples again then passes, and
// Validate warns only about the descriptions left to rewrite. Through the built dist/Code.js on the strict fakes.
import { Cell, loadAddOn } from '../../src/apps-script-fakes';
import type { AddToPlanAnswer, EventCheckAnswer } from '../../src/apps-script/pages';
import { planGrid } from '../helpers/sheet';
import { spreadsheet } from '../helpers/strict-sheets';

const PLAN = planGrid([
  { eventName: 'Order Completed', eventDescription: 'An order is placed' },
  { propertyName: 'total', propertyDescription: 'Order total', propertyType: 'number', required: true },
]) as Cell[][];

const SAMPLES = [
  { type: 'track', event: 'Order Completed', properties: { total: 3, coupon: 'SPRING' } },
  { type: 'track', event: 'Order Completed', properties: { total: 4, coupon: null } },
  { type: 'track', event: 'Cart Viewed', properties: { cart_id: 'c1', items: [{ sku: 'a', qty: 1 }, { sku: 'b' }] } },
  { type: 'track', event: 'Cart Viewed', properties: { cart_id: 'c2', items: [] } },
  { type: 'identify', userId: 'u1', traits: { email: 'a@example.com' } },
]
  .map((c) => JSON.stringify(c))
  .join('\n');

describe('Check an event… and Add to plan', () => {
  it('lists unplanned events and properties as information, with how many calls carried them, and how many rows Add to plan writes', () => {
    const w = spreadsheet({ 'Tracking Plan': PLAN });
    const answer = loadAddOn(w).checkEvents(SAMPLES) as EventCheckAnswer;
    expect(answer.notInPlan).toEqual([
      { call: 'track "Cart Viewed"', path: null, calls: 2 },
      // The plan has no identify rule: Segment passes the call, and the traits can be added as rows.
      { call: 'identify', path: null, calls: 1 },
      { call: 'track "Order Completed"', path: 'properties.coupon', calls: 2 },
    ]);
    expect(answer.addable).toBe(8);
  });

  it('appends the rows in one write, below the plan, growing a full grid; the same samples then pass', () => {
    const w = spreadsheet({ 'Tracking Plan': PLAN });
    const sheet = w.spreadsheet.getSheetByName('Tracking Plan')!;
    // The grid ends where the plan ends: the rows must be made before they can be written.
    sheet.deleteRows(PLAN.length + 1, sheet.getMaxRows() - PLAN.length);
    w.serviceCalls.length = 0;
    const added = loadAddOn(w).addToPlan(SAMPLES) as AddToPlanAnswer;
    expect(added.error).toBeNull();
    expect(added.message).toBe(
      'Added 8 rows to Tracking Plan (rows 4 to 11). Each description holds an example: rewrite it, then Validate plan.',
    );
    expect(w.serviceCalls.filter((c) => /setValues|insertRows/.test(c))).toEqual(['Sheet.insertRowsAfter', 'Range.setValues']);
    const cols = ['eventType', 'eventName', 'eventDescription', 'propertyName', 'propertyDescription', 'propertyType', 'required'];
    const header = PLAN[0]!;
    const at = (key: string) =>
      ['Event Type', 'Event Name', 'Event Description', 'Property Name', 'Property Description', 'Property Type', 'Required'][
        cols.indexOf(key)
      ]!;
    expect(sheet.values.slice(3).map((row) => cols.map((key) => row[header.indexOf(at(key))]))).toEqual([
      ['track', 'Order Completed', '', 'coupon', 'Describe this. Example: "SPRING"', 'string, null', true],
      ['track', 'Cart Viewed', 'Describe this. Seen in 2 calls.', '', '', '', ''],
      ['', '', '', 'cart_id', 'Describe this. Example: "c1"', 'string', true],
      ['', '', '', 'items', 'Describe this. Example: [{"sku":"a","qty":1},{"sku":"b"}]', 'array', true],
      ['', '', '', 'items.$', '', 'object', ''],
      ['', '', '', 'items.$.sku', 'Describe this. Example: "a"', 'string', true],
      ['', '', '', 'items.$.qty', 'Describe this. Example: 1', 'number', ''],
      ['identify', '', '', 'email', 'Describe this. Example: "a@example.com"', 'string', ''],
    ]);
    expect(added.answer.totals).toEqual({ calls: 5, failing: 0, violations: 0, unreadable: 0, unplanned: 0 });
    expect(added.answer.notInPlan).toEqual([]);
    expect(added.answer.addable).toBe(0);
  });

  it('an open sidebar sees the added rows at its next poll (it answers "unchanged" until the plan moves on)', () => {
    const w = spreadsheet({ 'Tracking Plan': PLAN });
    const before = JSON.parse(JSON.stringify(loadAddOn(w).sidebarState())) as { revision: string; events: number };
    expect(before.events).toBe(1);
    loadAddOn(w).addToPlan(SAMPLES);
    const after = JSON.parse(JSON.stringify(loadAddOn(w).sidebarState(before.revision))) as { events: number };
    expect(after.events).toBe(2);
  });

  it('Validate plan then warns only about the descriptions to rewrite', async () => {
    const w = spreadsheet({ 'Tracking Plan': PLAN });
    loadAddOn(w).addToPlan(SAMPLES);
    await loadAddOn(w).validatePlan();
    const { problems } = w.ui.dialogData('problems');
    expect(problems.map((p) => [p.severity, p.cell, p.message])).toEqual([
      ['warning', 'E4', 'Property "coupon" still has the description Add to plan wrote (an example). Say what it holds.'],
      ['warning', 'C5', 'Event "Cart Viewed" still has the description Add to plan wrote. Say when it fires.'],
      ['warning', 'E6', 'Property "cart_id" still has the description Add to plan wrote (an example). Say what it holds.'],
      ['warning', 'E7', 'Property "items" still has the description Add to plan wrote (an example). Say what it holds.'],
      ['warning', 'E9', 'Property "items.$.sku" still has the description Add to plan wrote (an example). Say what it holds.'],
      ['warning', 'E10', 'Property "items.$.qty" still has the description Add to plan wrote (an example). Say what it holds.'],
      ['warning', 'E11', 'Property "email" still has the description Add to plan wrote (an example). Say what it holds.'],
    ]);
  });

  it('nothing to add, and a plan with errors, are said and nothing is written', () => {
    const w = spreadsheet({ 'Tracking Plan': PLAN });
    const good = JSON.stringify({ type: 'track', event: 'Order Completed', properties: { total: 1 } });
    expect((loadAddOn(w).addToPlan(good) as AddToPlanAnswer).error).toBe(
      'Every event and property in these calls is in the plan already: nothing to add.',
    );
    w.spreadsheet.getSheetByName('Tracking Plan')!.typeCell('F3', 'numbr');
    w.serviceCalls.length = 0;
    expect((loadAddOn(w).addToPlan(SAMPLES) as AddToPlanAnswer).error).toBe(
      'The plan has errors, so it cannot say what is right. Run Segment > Validate plan and fix them first.',
    );
    expect(w.serviceCalls.filter((c) => /setValues/.test(c))).toEqual([]);
  });
});

describe('Add to plan on a plan that includes a property group', () => {
  it('reads the groups as Check an event… does: the group’s properties are planned, and only the coupon is added', () => {
    const plan = planGrid([
      { eventName: 'Order Completed', eventDescription: 'An order is placed' },
      { propertyName: '@Money' },
    ]) as Cell[][];
    const groups: Cell[][] = [
      ['Group', 'Property Name', 'Property Description', 'Property Type', 'Required'],
      ['Money', 'total', 'Order total', 'number', 'TRUE'],
    ];
    const w = spreadsheet({ 'Tracking Plan': plan, 'Property Groups': groups });
    const samples = [{ type: 'track', event: 'Order Completed', properties: { total: 3, coupon: 'SPRING' } }]
      .map((c) => JSON.stringify(c))
      .join('\n');
    expect((loadAddOn(w).checkEvents(samples) as EventCheckAnswer).addable).toBe(1);
    const added = loadAddOn(w).addToPlan(samples) as AddToPlanAnswer;
    expect([added.error, added.message]).toEqual([
      null,
      'Added 1 row to Tracking Plan (row 4). Each description holds an example: rewrite it, then Validate plan.',
    ]);
  });
});
