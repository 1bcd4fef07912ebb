// With no Event Naming or Property Naming set, the style most of the plan uses is the convention: a name in
// another style is a warning at its cell (as Avo's audit flags outliers without being told the convention).
import { fastestOf } from '../helpers/timing';
import { planChecks, readConventions } from '../../src/plan/conventions';
import { col, planGrid, RowSpec } from '../helpers/sheet';
import { parseTrackingPlan } from '../../src/plan/parse-plan';

type Settings = Partial<Record<'eventNaming' | 'propertyNaming', string>>;

function check(rows: RowSpec[], settings: Settings = {}) {
  const { conventions } = readConventions({ eventNaming: '', propertyNaming: '', descriptions: '', ...settings });
  const parsed = parseTrackingPlan(planGrid(rows), {});
  return planChecks(parsed.plan, { sheet: 'Tracking Plan', columns: parsed.columns }, conventions);
}

const OBJECTS = ['Order', 'Cart', 'Product', 'Checkout', 'Coupon', 'Wishlist', 'Promotion', 'Review', 'Payment', 'Account'];
const ACTIONS = ['Viewed', 'Completed', 'Updated', 'Removed'];
/** `count` distinct Title Case "Object Action" events, each with one property. */
function titleCaseEvents(count: number, property = 'order_id'): RowSpec[] {
  const names = OBJECTS.flatMap((o) => ACTIONS.map((a) => `${o} ${a}`)).slice(0, count);
  return names.flatMap((eventName) => [
    { eventName, eventDescription: 'd' },
    { propertyName: property, propertyDescription: 'd', propertyType: 'string' },
  ]);
}
const messages = (problems: ReturnType<typeof check>) =>
  problems.filter((p) => /Naming/.test(p.message)).map((p) => [p.cell, p.severity, p.message]);

describe('event naming inferred from the plan', () => {
  it('order_completed among forty Title Case events is a warning at its cell naming the style of the other forty', () => {
    const rows = [...titleCaseEvents(40), { eventName: 'order_completed', eventDescription: 'd' }];
    expect(messages(check(rows))).toEqual([
      [
        `${col('eventName')}82`,
        'warning',
        'Event "order_completed" is object_action, but the other 40 event names are Object Action in Title Case (Order Completed); rename it "Order Completed", or set Event Naming in Importer Settings (Any allows every style).',
      ],
    ]);
  });

  it('counts every other event name, styled or not, and warns at every row of the outlier', () => {
    const rows = [
      ...titleCaseEvents(12),
      { eventName: 'Login', eventDescription: 'd' },
      { eventName: 'orderRefunded', eventDescription: 'd', version: 1 },
      { eventName: 'orderRefunded', eventDescription: 'd', version: 2 },
    ];
    expect(messages(check(rows))).toEqual(
      [27, 28].map((row) => [
        `${col('eventName')}${row}`,
        'warning',
        'Event "orderRefunded" is objectAction, but 12 of the other 13 event names are Object Action in Title Case (Order Completed); rename it "Order Refunded", or set Event Naming in Importer Settings (Any allows every style).',
      ]),
    );
  });

  it('says nothing below ten styled names, below 80%, or when Event Naming is set (Any included)', () => {
    const nine = [...titleCaseEvents(8), { eventName: 'order_completed', eventDescription: 'd' }];
    expect(messages(check(nine))).toEqual([]);
    // 12 of 16 is 75%: the plan has no convention to infer.
    const mixed = [...titleCaseEvents(12), ...['a_b', 'c_d', 'e_f', 'g_h'].map((eventName) => ({ eventName, eventDescription: 'd' }))];
    expect(messages(check(mixed))).toEqual([]);
    const rows = [...titleCaseEvents(40), { eventName: 'order_completed', eventDescription: 'd' }];
    expect(messages(check(rows, { eventNaming: 'Any' }))).toEqual([]);
    expect(messages(check(rows, { eventNaming: 'object_action' })).map((m) => m[0])).toHaveLength(40);
  });
});

describe('property naming inferred from the plan', () => {
  const event = (eventName: string, properties: string[]): RowSpec[] => [
    { eventName, eventDescription: 'd' },
    ...properties.map((propertyName) => ({ propertyName, propertyDescription: 'd', propertyType: 'string' })),
  ];
  const snake = [
    'order_id',
    'cart_id',
    'product_id',
    'coupon_code',
    'total_price',
    'tax_rate',
    'shipping_cost',
    'user_id',
    'page_url',
    'list_id',
  ];

  it('a camelCase property among snake_case ones is a warning at each of its rows; single words count for neither', () => {
    const rows = [
      ...event('Order Completed', [...snake, 'total', 'currency', 'orderId']),
      ...event('Order Updated', ['orderId', 'order_id', 'total']),
    ];
    const message =
      'Property "orderId" is camelCase, but 10 of the other 12 property names are snake_case (order_id); rename it "order_id", or set Property Naming in Importer Settings (Any allows every style).';
    expect(messages(check(rows))).toEqual([
      [`${col('propertyName')}15`, 'warning', message],
      [`${col('propertyName')}17`, 'warning', message],
    ]);
  });

  it('nested names count by their last part, array items not at all', () => {
    const rows = event('Order Completed', [...snake.slice(0, 9), 'shipping_address.street_name', 'items', 'items.$', 'items.$.productSku']);
    rows[12] = { ...rows[12], propertyType: 'object' };
    rows[11] = { ...rows[11], propertyType: 'array' };
    expect(messages(check(rows)).map((m) => [m[0], m[2]])).toEqual([
      [
        `${col('propertyName')}15`,
        'Property "items.$.productSku" is camelCase, but 10 of the other 11 property names are snake_case (order_id); rename it "product_sku", or set Property Naming in Importer Settings (Any allows every style).',
      ],
    ]);
  });

  it('says nothing when the names are single words, mixed, or Property Naming is set', () => {
    const words = ['total', 'currency', 'revenue', 'tax', 'coupon', 'discount', 'shipping', 'quantity', 'price', 'sku', 'orderId'];
    expect(messages(check(event('Order Completed', words)))).toEqual([]);
    const mixed = [...snake.slice(0, 8), 'orderId', 'cartId', 'listId'];
    expect(messages(check(event('Order Completed', mixed)))).toEqual([]);
    const rows = event('Order Completed', [...snake, 'orderId']);
    expect(messages(check(rows, { propertyNaming: 'Any' }))).toEqual([]);
    expect(messages(check(rows, { propertyNaming: 'camelCase' }))).toHaveLength(10);
  });
});

describe('inference at scale', () => {
  it('is linear in the names: 100,000 properties take about as long as with Property Naming set to Any', () => {
    const rows: RowSpec[] = [];
    for (let e = 0; e < 1000; e++) {
      rows.push({ eventName: `Event ${e} Viewed`, eventDescription: 'd' });
      for (let p = 0; p < 100; p++) {
        const i = e * 100 + p;
        // One name in fifty is an outlier, and each is said: the report itself is part of the work.
        const propertyName = i % 50 ? `field_${i}_value` : `field${i}Value`;
        rows.push({ propertyName, propertyDescription: 'd', propertyType: 'string' });
      }
    }
    const parsed = parseTrackingPlan(planGrid(rows), {});
    const check = (propertyNaming: string) => {
      const { conventions } = readConventions({ eventNaming: '', propertyNaming, descriptions: '' });
      return planChecks(parsed.plan, { sheet: 'Tracking Plan', columns: parsed.columns }, conventions).filter((p) =>
        /Naming/.test(p.message),
      );
    };
    expect([check('Any').length, check('').length]).toEqual([0, 2000]);
    const easy = fastestOf(3, () => check('Any'));
    const hard = fastestOf(3, () => check(''));
    expect(hard).toBeLessThan(20 * easy + 20);
  });
});
