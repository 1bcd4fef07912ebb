// Rows inferred from real calls: what Add to plan writes and `infer` prints. Every sample counts (types, presence),
// nesting and arrays are written as the sheet writes them, and only what the plan lacks is proposed.
import { draft04Compile } from '../../src/cli/ajv-compile';
import { CallChecker } from '../../src/events/check-calls';
import { inferRows, InferredRow, inferredCells } from '../../src/events/infer-rows';
import { readCalls } from '../../src/events/read-calls';
import { parseRows, RowSpec, warnings } from '../helpers/sheet';

function calls(...messages: object[]) {
  const read = readCalls(messages.map((m) => JSON.stringify(m)).join('\n'));
  expect(read.unreadable).toEqual([]);
  return read.calls;
}

/** The rows as [type, event, event description, property, description, type, required, version]. */
const shown = (rows: readonly InferredRow[]) =>
  rows.map((r) => [
    r.eventType,
    r.eventName,
    r.eventDescription,
    r.propertyName,
    r.propertyDescription,
    r.propertyType,
    r.required,
    r.version,
  ]);

const SIGNED_UP = [
  {
    type: 'track',
    event: 'Signed Up',
    properties: {
      plan: 'pro',
      seats: 3,
      referrer: null,
      address: { city: 'Lyon', zip: '69001' },
      products: [{ sku: 'a-1', price: 9.5 }, { sku: 'b-2' }],
      tags: ['new', 'promo'],
      trial_ends_at: '2026-12-01T10:00:00Z',
    },
  },
  {
    type: 'track',
    event: 'Signed Up',
    properties: { plan: 'free', seats: '3', referrer: 'ads', address: { city: 'Paris' }, products: [], tags: [] },
  },
];

describe('inferRows', () => {
  it('an unplanned event: one row per property from every sample, types, nullables, nesting, arrays, required, an example', () => {
    expect(shown(inferRows(calls(...SIGNED_UP), null))).toEqual([
      ['track', 'Signed Up', 'Describe this. Seen in 2 calls.', '', '', '', false, null],
      ['', '', '', 'plan', 'Describe this. Example: "pro"', 'string', true, null],
      ['', '', '', 'seats', 'Describe this. Example: 3', 'string, number', true, null],
      ['', '', '', 'referrer', 'Describe this. Example: "ads"', 'string, null', true, null],
      ['', '', '', 'address', 'Describe this. Example: {"city":"Lyon","zip":"69001"}', 'object', true, null],
      ['', '', '', 'address.city', 'Describe this. Example: "Lyon"', 'string', true, null],
      ['', '', '', 'address.zip', 'Describe this. Example: "69001"', 'string', false, null],
      ['', '', '', 'products', 'Describe this. Example: [{"sku":"a-1","price":9.5},{"sku":"b-2"}]', 'array', true, null],
      ['', '', '', 'products.$', '', 'object', false, null],
      ['', '', '', 'products.$.sku', 'Describe this. Example: "a-1"', 'string', true, null],
      ['', '', '', 'products.$.price', 'Describe this. Example: 9.5', 'number', false, null],
      ['', '', '', 'tags', 'Describe this. Example: ["new","promo"]', 'array', true, null],
      ['', '', '', 'tags.$', '', 'string', false, null],
      ['', '', '', 'trial_ends_at', 'Describe this. Example: "2026-12-01T10:00:00Z"', 'date-time', false, null],
    ]);
  });

  it('a planned event gets rows only for what its rule lacks, each naming the event (and its version when it has several)', () => {
    const { plan } = parseRows([
      { eventName: 'Order Completed', eventDescription: 'd' },
      { propertyName: 'order_id', propertyDescription: 'd', propertyType: 'string', required: true },
      { propertyName: 'shipping', propertyDescription: 'd', propertyType: 'object' },
      { propertyName: 'shipping.city', propertyDescription: 'd', propertyType: 'string' },
      { propertyName: 'meta', propertyDescription: 'd', propertyType: 'object' },
      { eventName: 'Order Completed', eventDescription: 'd', version: 2 },
      { propertyName: 'order_id', propertyDescription: 'd', propertyType: 'string' },
      { eventType: 'identify', propertyName: 'email', propertyDescription: 'd', propertyType: 'string' },
    ]);
    const rows = inferRows(
      calls(
        {
          type: 'track',
          event: 'Order Completed',
          properties: { order_id: 'o1', coupon: 'X', shipping: { city: 'Lyon', zip: '1' }, meta: { a: 1 } },
        },
        { type: 'track', event: 'Order Completed', properties: { order_id: 'o2', coupon: null } },
        {
          type: 'track',
          event: 'Order Completed',
          properties: { order_id: 'o3', gift: true },
          context: { protocols: { event_version: 2 } },
        },
        { type: 'identify', userId: 'u1', traits: { email: 'a@b.c', name: 'Ann' } },
      ),
      plan,
    );
    expect(shown(rows)).toEqual([
      ['track', 'Order Completed', '', 'coupon', 'Describe this. Example: "X"', 'string, null', true, 1],
      ['track', 'Order Completed', '', 'shipping.zip', 'Describe this. Example: "1"', 'string', true, 1],
      ['track', 'Order Completed', '', 'gift', 'Describe this. Example: true', 'boolean', true, 2],
      // Segment advises optional traits: analytics libraries send only new or changed ones.
      ['identify', '', '', 'name', 'Describe this. Example: "Ann"', 'string', false, null],
    ]);
  });

  it('calls with nothing unplanned, and calls no row can stand for, give no rows', () => {
    const { plan } = parseRows([
      { eventName: 'Viewed', eventDescription: 'd' },
      { propertyName: 'id', propertyDescription: 'd', propertyType: 'string' },
    ]);
    expect(
      inferRows(
        calls(
          { type: 'track', event: 'Viewed', properties: { id: 'x' } },
          { type: 'track', event: '', properties: { a: 1 } },
          { type: 'page', properties: { path: '/' } },
        ),
        plan,
      ),
    ).toEqual([]);
  });

  it('keys no Property Name cell can hold (a dot, $, a name every object has, spaces around, an emoji) get no row', () => {
    const text = '{"type":"track","event":"Tapped","properties":{"a.b":1,"$":2,"__proto__":3," x":4,"🎉":5,"ok":6}}';
    expect(inferRows(readCalls(text).calls, null).map((r) => r.propertyName)).toEqual(['', 'ok']);
  });

  it('a call nested thousands deep or with thousands of keys gives rows down to depth 10 and for its first 500 paths', () => {
    const deep = `{"type":"track","event":"Deep","properties":${'{"a":'.repeat(5000)}{"leaf":1}${'}'.repeat(5000)}}`;
    const wide = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i]));
    const read = readCalls(`${deep}\n${JSON.stringify({ type: 'track', event: 'Wide', properties: wide })}`);
    expect(read.unreadable).toEqual([]);
    const rows = inferRows(read.calls, null);
    const deepRows = rows.slice(
      1,
      rows.findIndex((x) => x.eventName === 'Wide'),
    );
    expect(deepRows.map((r) => r.propertyName)).toEqual(
      Array.from({ length: 10 }, (_, i) =>
        Array(i + 1)
          .fill('a')
          .join('.'),
      ),
    );
    expect(deepRows.at(-1)?.propertyType).toBe('object');
    expect(rows.filter((r) => /^k\d+$/.test(r.propertyName))).toHaveLength(500);
  });

  it('with Descriptions: Required, a description Add to plan wrote is an error, as a missing one is', () => {
    const rows = inferRows(calls({ type: 'track', event: 'Tapped', properties: { id: 'x' } }), null).map(
      (r) => inferredCells(r) as RowSpec,
    );
    const { problems } = parseRows(rows, { descriptionsRequired: true });
    expect(problems.map((p) => [p.severity, p.cell])).toEqual([
      ['error', 'C2'],
      ['error', 'E3'],
    ]);
  });

  it('added to the plan, the same samples pass with nothing unplanned, and only the descriptions are warned about', () => {
    const base: RowSpec[] = [
      { eventName: 'Order Completed', eventDescription: 'd' },
      { propertyName: 'order_id', propertyDescription: 'd', propertyType: 'string', required: true },
    ];
    const samples = calls(
      ...SIGNED_UP,
      { type: 'track', event: 'Order Completed', properties: { order_id: 'o1', coupon: 'X' } },
      { type: 'page', name: 'Home', properties: { path: '/' } },
      { type: 'identify', traits: { email: 'a@b.c' } },
    );
    const added = inferRows(samples, parseRows(base).plan).map((r) => inferredCells(r) as RowSpec);
    const after = parseRows([...base, ...added]);
    expect(after.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(new Set(warnings(after.problems).map((p) => p.message.replace(/"[^"]*"/, '"…"')))).toEqual(
      new Set([
        'Event "…" still has the description Add to plan wrote. Say when it fires.',
        'Property "…" still has the description Add to plan wrote (an example). Say what it holds.',
      ]),
    );
    const checker = new CallChecker(after.plan, draft04Compile());
    expect(samples.map((c) => [c.at, checker.check(c).status, checker.unplannedProperties(c).paths])).toEqual(
      samples.map((c) => [c.at, 'pass', []]),
    );
  });
});
