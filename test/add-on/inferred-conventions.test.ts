// Conventions without settings, through the built dist/Code.js on the strict fakes: Validate plan on a sheet
// whose Importer Settings name no Event Naming says which event is named unlike the rest, at its cell.
import { Cell } from '../../src/apps-script-fakes';
import { COLUMNS } from '../../src/plan/columns';
import { run, SETTINGS, spreadsheet } from '../helpers/strict-sheets';

const OBJECTS = ['Order', 'Cart', 'Product', 'Checkout', 'Coupon', 'Wishlist', 'Promotion', 'Review', 'Payment', 'Account'];
const row = (eventName: string): Cell[] =>
  COLUMNS.map((c) => (c.key === 'eventName' ? eventName : c.key === 'eventDescription' ? 'd' : ''));
const grid: Cell[][] = [
  COLUMNS.map((c) => c.header),
  ...OBJECTS.flatMap((o) => ['Viewed', 'Completed', 'Updated', 'Removed'].map((a) => row(`${o} ${a}`))),
  row('order_shipped'),
];
const cell = `${String.fromCharCode(65 + COLUMNS.findIndex((c) => c.key === 'eventName'))}42`;
const MESSAGE =
  'Event "order_shipped" is object_action, but the other 40 event names are Object Action in Title Case (Order Completed); rename it "Order Shipped", or set Event Naming in Importer Settings (Any allows every style).';

describe('Validate plan with no Event Naming set', () => {
  it('opens the problems dialog with the outlier at its cell', async () => {
    const w = spreadsheet({ 'Tracking Plan': grid, 'Importer Settings': SETTINGS });
    await run(w, 'validatePlan');
    expect(w.ui.dialogs.map((d) => d.title)).toEqual(['Segment: problems in the plan']);
    const html = w.ui.dialogs[0]?.html ?? '';
    expect(html).toContain(cell);
    // The dialog carries its problems as JSON for its script.
    expect(html).toContain(JSON.stringify(MESSAGE).slice(1, -1));
  });

  it('says nothing of it when Event Naming is Any', async () => {
    const w = spreadsheet({ 'Tracking Plan': grid, 'Importer Settings': [...SETTINGS, ['Event Naming', 'Any']] });
    await run(w, 'validatePlan');
    expect(w.ui.dialogs).toEqual([]);
    expect(w.spreadsheet.toasts.at(-1)).toMatch(/^The plan is valid: 41 events/);
  });
});
