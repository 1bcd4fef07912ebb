// Issue 18, item 3: Check an event… keeps the paste per user, tells unplanned properties as information, and says
// "(expected …, got …)" only where Segment's sentence does not already say it. Through the built dist/Code.js.
import { Cell, FakeProperties, loadAddOn, newWorld, World } from '../../src/apps-script-fakes';
import type { EventCheckAnswer } from '../../src/apps-script/pages';
import { planGrid } from '../helpers/sheet';

function world(): World {
  const w = newWorld();
  w.spreadsheet.addSheet(
    'Tracking Plan',
    planGrid([
      { eventName: 'Order Completed', eventDescription: 'An order is placed' },
      { propertyName: 'total', propertyDescription: 'Order total', propertyType: 'number', required: true },
      { propertyName: 'currency', propertyDescription: 'ISO code', propertyType: 'string', allowedValues: 'USD, EUR' },
      { propertyName: 'products', propertyDescription: 'What was bought', propertyType: 'array' },
      { propertyName: 'products.$.sku', propertyDescription: 'Stock unit', propertyType: 'string' },
      { propertyName: 'code', propertyDescription: 'Promo code', propertyType: 'string', pattern: '^[A-Z]+$', max: 5 },
    ]) as Cell[][],
  );
  return w;
}

const call = (properties: object) => JSON.stringify({ type: 'track', event: 'Order Completed', properties });

describe('Check an event…', () => {
  it('keeps the paste for this user only, and shows it with its results when reopened', async () => {
    const w = world();
    const text = call({ total: '3' });
    const first = loadAddOn(w).checkEvents(text) as EventCheckAnswer;
    expect(first.notKept).toBeNull();
    await loadAddOn(w).showEventCheck();
    const reopened = w.ui.dialogData('check');
    expect(reopened.saved).toBe(text);
    expect(reopened.answer?.totals).toEqual(first.totals);
    expect(reopened.answer?.results.map((r) => r.violations.map((v) => v.message))).toEqual([
      ['Invalid type. Expected: number, given: string'],
    ]);

    // Another editor of the spreadsheet has user properties of their own.
    const other = { ...w, userProperties: new FakeProperties() };
    await loadAddOn(other).showEventCheck();
    expect(w.ui.dialogData('check')).toMatchObject({ saved: '', answer: null });
  });

  it('says when a paste is too big to keep, and forgets the previous one', async () => {
    const w = world();
    loadAddOn(w).checkEvents(call({ total: 1 }));
    const big = Array.from({ length: 200 }, (_, i) => call({ total: i, currency: 'USD' })).join('\n');
    const answer = loadAddOn(w).checkEvents(big) as EventCheckAnswer;
    const bytes = Buffer.byteLength(big);
    expect(bytes).toBeGreaterThan(9 * 1024);
    expect(answer.totals.calls).toBe(200);
    expect(answer.notKept).toBe(
      `This paste is ${bytes.toLocaleString('en-US')} bytes, more than the 9,183 the add-on can keep for you: it will not be here when you open Check an event… again.`,
    );
    await loadAddOn(w).showEventCheck();
    expect(w.ui.dialogData('check')).toMatchObject({ saved: '', answer: null });
  });

  it('tells the properties the plan does not name as information, not violations', () => {
    const w = world();
    const answer = loadAddOn(w).checkEvents(
      call({
        total: 3,
        coupon: 'X',
        products: [
          { sku: 'a', colour: 'red' },
          { sku: 'b', size: 2 },
        ],
      }),
    ) as EventCheckAnswer;
    expect(answer.results).toHaveLength(1);
    expect(answer.results[0]).toMatchObject({
      status: 'pass',
      violations: [],
      unplanned: ['properties.coupon', 'properties.products.$.colour', 'properties.products.$.size'],
      ruleCell: 'B2',
    });
    expect(answer.totals).toMatchObject({ failing: 0, violations: 0, unplanned: 3 });
  });

  it('adds what was expected and what came only where the sentence does not say it', () => {
    const w = world();
    const answer = loadAddOn(w).checkEvents(
      [
        call({ total: '3', currency: 'GBP', code: 'abcdefg' }),
        JSON.stringify({ type: 'track', event: 'Cart Viewed', properties: {} }),
        call({}),
      ].join('\n'),
    ) as EventCheckAnswer;
    const shown = answer.results.flatMap((r) => r.violations.map((v, i) => `${v.path}: ${v.message}${r.details[i]}`));
    expect(shown).toEqual([
      'properties.total: Invalid type. Expected: number, given: string',
      'properties.currency: properties.currency must be one of the following: "USD", "EUR" (got "GBP")',
      'properties.code: String length must be less than or equal to 5 (got "abcdefg")',
      `properties.code: Does not match pattern '^[A-Z]+$' (got "abcdefg")`,
      'event: Unplanned event: "Cart Viewed" is not in the tracking plan.',
      'properties.total: properties.total is required',
    ]);
  });
});
