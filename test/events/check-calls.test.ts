// Segment calls checked against the plan's rules, one rule kind at a time: the call Segment would accept passes,
// and the one it would flag is reported with Segment's wording, its path, what was expected and what came.
import { draft04Compile } from '../../src/cli/ajv-compile';
import { CallChecker } from '../../src/events/check-calls';
import { readCalls } from '../../src/events/read-calls';
import type { JsonObject } from '../../src/json/json';
import { parseRows, RowSpec } from '../helpers/sheet';

function checker(rows: RowSpec[]) {
  const { plan, problems } = parseRows(rows);
  expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  return new CallChecker(plan, draft04Compile());
}

function check(rows: RowSpec[], message: JsonObject) {
  const { calls, unreadable } = readCalls(JSON.stringify(message));
  expect(unreadable).toEqual([]);
  const result = checker(rows).check(calls[0]!);
  return { status: result.status, violations: result.violations.map((v) => [v.path, v.message, v.expected, v.given]) };
}

const ORDER: RowSpec[] = [
  { eventName: 'Order Completed', eventDescription: 'd' },
  { propertyName: 'order_id', propertyDescription: 'd', propertyType: 'string', required: true, pattern: '^o_[0-9]+$' },
  { propertyName: 'total', propertyDescription: 'd', propertyType: 'number', required: true, min: 0, max: 100000 },
  { propertyName: 'currency', propertyDescription: 'd', propertyType: 'string', allowedValues: 'USD, EUR' },
  { propertyName: 'coupon', propertyDescription: 'd', propertyType: 'string, null' },
  { propertyName: 'shipping.city', propertyDescription: 'd', propertyType: 'string', required: true },
  { propertyName: 'products', propertyDescription: 'd', propertyType: 'array', min: 1 },
  { propertyName: 'products.$.sku', propertyDescription: 'd', propertyType: 'string', required: true },
  { propertyName: 'products.$.quantity', propertyDescription: 'd', propertyType: 'integer' },
];
const GOOD_ORDER = {
  order_id: 'o_1',
  total: 12.5,
  currency: 'EUR',
  coupon: null,
  shipping: { city: 'Lyon' },
  products: [{ sku: 'a', quantity: 2 }],
};
const track = (properties: JsonObject, extra: JsonObject = {}): JsonObject => ({
  type: 'track',
  event: 'Order Completed',
  properties,
  ...extra,
});

describe('track calls', () => {
  it('a call that keeps every rule passes', () => {
    expect(check(ORDER, track(GOOD_ORDER))).toEqual({ status: 'pass', violations: [] });
  });

  it('required, types, nullable, enums, patterns and bounds, each at its path', () => {
    expect(check(ORDER, track({ ...GOOD_ORDER, order_id: 'x9', total: '12', currency: 'GBP', coupon: 3 })).violations).toEqual([
      ['properties.order_id', "Does not match pattern '^o_[0-9]+$'", 'match /^o_[0-9]+$/', '"x9"'],
      ['properties.total', 'Invalid type. Expected: number, given: string', 'number', 'string'],
      ['properties.currency', 'properties.currency must be one of the following: "USD", "EUR"', 'one of "USD", "EUR"', '"GBP"'],
      ['properties.coupon', 'Invalid type. Expected: string or null, given: integer', 'string or null', 'integer'],
    ]);
    const { order_id: _id, ...noId } = GOOD_ORDER;
    expect(check(ORDER, track(noId)).violations).toEqual([
      ['properties.order_id', 'properties.order_id is required', 'present', 'missing'],
    ]);
    expect(check(ORDER, track({ ...GOOD_ORDER, total: -1 })).violations).toEqual([
      ['properties.total', 'Must be greater than or equal to 0', '>= 0', '-1'],
    ]);
  });

  it('nested objects and arrays of objects', () => {
    const result = check(ORDER, track({ ...GOOD_ORDER, shipping: {}, products: [{ sku: 'a' }, { quantity: 1.5 }] }));
    expect(result.violations).toEqual([
      ['properties.shipping.city', 'properties.shipping.city is required', 'present', 'missing'],
      ['properties.products.1.sku', 'properties.products.1.sku is required', 'present', 'missing'],
      ['properties.products.1.quantity', 'Invalid type. Expected: integer, given: number', 'integer', 'number'],
    ]);
    expect(check(ORDER, track({ ...GOOD_ORDER, products: [] })).violations).toEqual([
      ['properties.products', 'Array must have at least 1 items', '>= 1 items', '[]'],
    ]);
  });

  it('a missing properties object is one violation', () => {
    expect(check(ORDER, { type: 'track', event: 'Order Completed' }).violations).toEqual([
      ['properties', 'properties is required', 'present', 'missing'],
    ]);
  });

  it('an event the plan lacks is unplanned', () => {
    expect(check(ORDER, { type: 'track', event: 'Order Complete', properties: {} })).toEqual({
      status: 'unplanned',
      violations: [['event', 'Unplanned event: "Order Complete" is not in the tracking plan.', 'an event in the plan', 'Order Complete']],
    });
  });
});

describe('the row behind each violation', () => {
  it('is the row of the property the path points into, through array items; null for an unplanned event', () => {
    const c = checker(ORDER);
    const rows = (message: JsonObject) => c.check(readCalls(JSON.stringify(message)).calls[0]!).violations.map((v) => [v.path, v.row]);
    expect(rows(track({ ...GOOD_ORDER, total: 'x', shipping: {}, products: [{ quantity: 'many' }] }))).toEqual([
      ['properties.total', 4],
      ['properties.shipping.city', 7],
      ['properties.products.0.sku', 9],
      ['properties.products.0.quantity', 10],
    ]);
    expect(rows({ type: 'track', event: 'Order Completed' })).toEqual([['properties', 2]]);
    expect(rows({ type: 'track', event: 'Nope' })).toEqual([['event', null]]);
  });
});

describe('versions', () => {
  const VERSIONS: RowSpec[] = [
    { eventName: 'Order Completed', eventDescription: 'd', version: 1 },
    { propertyName: 'total', propertyDescription: 'd', propertyType: 'number', required: true },
    { eventName: 'Order Completed', eventDescription: 'd', version: 2 },
    { propertyName: 'revenue', propertyDescription: 'd', propertyType: 'number', required: true },
  ];
  const versioned = (version: number | string | undefined, properties: JsonObject) =>
    track(properties, version === undefined ? {} : { context: { protocols: { event_version: version } } });

  it('context.protocols.event_version picks the version; none, or an unknown one, is the oldest', () => {
    expect(check(VERSIONS, versioned(2, { revenue: 1 })).status).toBe('pass');
    // Segment documents a number: a string is no version (see test/events/hostile-calls.test.ts).
    expect(check(VERSIONS, versioned('2', { total: 1 })).status).toBe('pass');
    expect(check(VERSIONS, versioned(undefined, { total: 1 })).status).toBe('pass');
    expect(check(VERSIONS, versioned(7, { total: 1 })).status).toBe('pass');
    expect(check(VERSIONS, versioned(2, { total: 1 })).violations).toEqual([
      ['properties.revenue', 'properties.revenue is required', 'present', 'missing'],
    ]);
  });
});

describe('identify, group and common rules', () => {
  const RULES: RowSpec[] = [
    { eventType: 'identify', propertyName: 'email', propertyDescription: 'd', propertyType: 'string', pattern: '@' },
    { eventType: 'group', propertyName: 'seats', propertyDescription: 'd', propertyType: 'integer' },
    { eventType: 'common', propertyName: 'context.locale', propertyDescription: 'd', propertyType: 'string', required: true },
    ...ORDER,
  ];
  const context = { locale: 'fr-FR' };

  it('a call without the context object the common rule requires', () => {
    expect(check(RULES, { type: 'identify', traits: {} }).violations).toEqual([['context', 'context is required', 'present', 'missing']]);
  });

  it('traits are checked on identify and group calls', () => {
    expect(check(RULES, { type: 'identify', traits: { email: 'a@b.c' }, context }).status).toBe('pass');
    expect(check(RULES, { type: 'identify', traits: { email: 'nobody' }, context }).violations).toEqual([
      ['traits.email', "Does not match pattern '@'", 'match /@/', '"nobody"'],
    ]);
    expect(check(RULES, { type: 'group', groupId: 'g', traits: { seats: '10' }, context }).violations).toEqual([
      ['traits.seats', 'Invalid type. Expected: integer, given: string', 'integer', 'string'],
    ]);
  });

  it('the common rule applies to every call, page calls included', () => {
    const noLocale = { context: { library: { name: 'analytics.js' } } };
    for (const call of [
      track(GOOD_ORDER, noLocale),
      { type: 'identify', traits: {}, ...noLocale },
      { type: 'page', name: 'Home', ...noLocale },
    ]) {
      expect(check(RULES, call).violations).toEqual([['context.locale', 'context.locale is required', 'present', 'missing']]);
    }
  });
});

describe('reading calls', () => {
  it('NDJSON: a broken line is reported with its number and the rest are still read', () => {
    const text = [
      JSON.stringify(track(GOOD_ORDER)),
      '{"type": "track", "event": "Order Completed", ',
      '',
      JSON.stringify({ type: 'alias', userId: 'u' }),
      JSON.stringify({ type: 'identify', traits: {} }),
    ].join('\n');
    const { calls, unreadable } = readCalls(text);
    expect(calls.map((c) => [c.at, c.type])).toEqual([
      ['line 1', 'track'],
      ['line 5', 'identify'],
    ]);
    expect(unreadable.map((u) => u.at)).toEqual(['line 2', 'line 4']);
    expect(unreadable[0]?.message).toMatch(/^is not valid JSON: /);
    expect(unreadable[1]?.message).toBe('has "type" "alias": expected one of track, identify, group, page, screen.');
  });

  it('a JSON array, and one pretty-printed payload copied from the debugger', () => {
    expect(readCalls(JSON.stringify([track({}), { event: 'Signed Up' }])).calls.map((c) => [c.at, c.type])).toEqual([
      ['item 1', 'track'],
      ['item 2', 'track'],
    ]);
    expect(readCalls(JSON.stringify(track({}), null, 2)).calls.map((c) => c.at)).toEqual(['line 1']);
  });
});

describe('violations at paths the calls make up', () => {
  it('each names the sheet row of the object that forbade the key, past the paths a rule remembers', () => {
    const rows: RowSpec[] = [
      { eventName: 'Order Completed', eventDescription: 'd' },
      { propertyName: 'attributes', propertyDescription: 'd', propertyType: 'object', jsonSchema: '{"additionalProperties": false}' },
    ];
    const orders = checker(rows);
    // More distinct unplanned keys than a rule remembers rows for (10,000): the last still gets its row.
    const rowsOf = (i: number) =>
      orders
        .check({
          at: `line ${i}`,
          type: 'track',
          message: { type: 'track', event: 'Order Completed', properties: { attributes: { [`k${i}`]: 1 } } },
        })
        .violations.map((v) => [v.path, v.row]);
    for (let i = 0; i < 10_500; i++) rowsOf(i);
    expect(rowsOf(0)).toEqual([['properties.attributes.k0', 3]]);
    expect(rowsOf(20_000)).toEqual([['properties.attributes.k20000', 3]]);
  });
});
