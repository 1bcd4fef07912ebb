// Take edits from Segment… in Chromium: Segment's own changes listed, each conflict side by side with a side to pick,
// and the Compare dialog's button that opens it.
import { COLUMNS } from '../../src/plan/columns';
import { Cell, fakeConfigPlan, World } from '../../src/apps-script-fakes';
import { chromiumForThisFile, openDialog, pageCalls } from '../helpers/dialog-pages';
import { run, settingsRows, world } from '../helpers/send-world';

const browser = chromiumForThisFile();

const row = (name: string, description: string): Cell[] =>
  COLUMNS.map((c) => (c.key === 'eventName' ? name : c.key === 'eventDescription' ? description : ''));

type ConfigEvents = { events: { name: string; description: string }[] };

/** Sent once (the sync), then Signed In edited in Segment and the sheet, and Cart Viewed in Segment only. */
async function edited(): Promise<World> {
  const w = world([COLUMNS.map((c) => c.header), row('Signed In', 'Signs in'), row('Cart Viewed', 'Cart seen')], settingsRows());
  const plan = fakeConfigPlan(w, 'rs_1AAPTLy8ffAAQth0PvL8rOvU6PJ');
  await run(w, 'sendToSegment');
  const rules = JSON.parse(JSON.stringify(plan.rules)) as ConfigEvents;
  rules.events[0].description = 'Signs in, from Segment';
  rules.events[1].description = 'Cart seen, from Segment';
  plan.rules = rules;
  w.spreadsheet.sheet('Tracking Plan').typeRow(2, row('Signed In', 'Signs in, from the sheet'));
  return w;
}

it('lists Segment’s own changes, shows each conflict side by side, and takes only once every side is picked', async () => {
  const w = await edited();
  await run(w, 'takeEditsFromSegment');
  const dialog = w.ui.dialogs.at(-1);
  if (!dialog) throw new Error('no dialog');
  const page = await openDialog(browser(), dialog, 'take-edits');
  expect(await page.locator('#segment').innerText()).toBe(
    'Changed only in Segment: taken (1)\nCart Viewed\nChanged: description "Cart seen" → "Cart seen, from Segment"',
  );
  expect(await page.locator('#conflicts th').allInnerTexts()).toEqual(['In Segment', 'In the sheet']);
  // The conflict's name across both columns, then each side's change in a column of its own.
  expect(await page.locator('#conflicts td').allInnerTexts()).toEqual([
    'Signed In',
    ' Take Segment’s\nChanged: description "Signs in" → "Signs in, from Segment"',
    ' Keep the sheet’s\nChanged: description "Signs in" → "Signs in, from the sheet"',
  ]);
  await page.locator('#take').click();
  expect(await page.locator('#status').innerText()).toBe('Pick a side for Signed In.');
  expect(await pageCalls(page)).toEqual([]);
  await page.getByLabel('Take Segment’s').check();
  await page.locator('#take').click();
  const seen = w.ui.dialogData('take').seen;
  expect(await pageCalls(page)).toEqual([['takeSegmentEdits', seen, { 'TRACK\u0000Signed In\u00001': 'segment' }]]);
  await page.close();
});

it('Compare with Segment offers Take edits from Segment… beside the edits it lists', async () => {
  const w = await edited();
  await run(w, 'compareWithSegment');
  const dialog = w.ui.dialogs.at(-1);
  if (!dialog) throw new Error('no dialog');
  const page = await openDialog(browser(), dialog, 'compare-take-edits');
  await page.locator('#take').click();
  expect(await pageCalls(page)).toEqual([['takeEditsFromSegment']]);
  await page.close();
});
