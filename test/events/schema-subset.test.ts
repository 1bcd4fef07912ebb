// The schema walker `check` uses for the sheet's rules must find exactly what ajv finds, call for call.
import fc from 'fast-check';
import { ajvCompile } from '../../src/cli/ajv-compile';
import type { SchemaError } from '../../src/events/check-calls';
import { isDateTime } from '../../src/events/date-time';
import { subsetValidator } from '../../src/events/schema-subset';
import type { JsonObject, JsonValue } from '../../src/json/json';
import { ruleSchema } from '../../src/schema/build-rules';
import { parseRows } from '../helpers/sheet';

const { plan } = parseRows([
  { eventName: 'Order Completed', eventDescription: 'd' },
  { propertyName: 'order_id', propertyDescription: 'd', propertyType: 'string', required: true, pattern: '^o_[0-9]+$', max: 6 },
  { propertyName: 'total', propertyDescription: 'd', propertyType: 'number', required: true, min: 0, max: 100 },
  { propertyName: 'count', propertyDescription: 'd', propertyType: 'integer, null' },
  { propertyName: 'currency', propertyDescription: 'd', propertyType: 'string', allowedValues: 'USD, EUR' },
  { propertyName: 'placed_at', propertyDescription: 'd', propertyType: 'date-time' },
  { propertyName: 'shipping.city', propertyDescription: 'd', propertyType: 'string', required: true, min: 2 },
  { propertyName: 'products', propertyDescription: 'd', propertyType: 'array', min: 1, max: 2 },
  { propertyName: 'products.$.sku', propertyDescription: 'd', propertyType: 'string', required: true },
  { propertyName: 'strict', propertyDescription: 'd', propertyType: 'object', jsonSchema: '{"additionalProperties": false}' },
  { propertyName: 'strict.a', propertyDescription: 'd', propertyType: 'boolean' },
]);
const schema = ruleSchema(plan.events[0]!);
const key = (e: SchemaError) => JSON.stringify([e.instancePath, e.keyword, e.params]);
const sorted = (errors: SchemaError[]) => errors.map(key).sort();

const leaf = fc.oneof(
  fc.constantFrom('o_1', 'o_12345678', 'USD', 'GBP', '2024-02-29T10:00:00Z', '2023-02-29T10:00:00Z', 'x', ''),
  fc.constantFrom(-1, 0, 1.5, 3, 150, null, true),
);
const value: fc.Arbitrary<JsonValue> = fc.letrec<{ v: JsonValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('sku', 'city', 'a', 'b'), tie('v'), { maxKeys: 3 }),
  ),
})).v;
const call = fc.record(
  {
    order_id: value,
    total: value,
    count: value,
    currency: value,
    placed_at: value,
    shipping: value,
    products: value,
    strict: value,
  },
  { requiredKeys: [] },
);

describe('the schema walker', () => {
  it('takes the rules the sheet writes, and leaves other keywords to ajv', () => {
    expect(subsetValidator(schema)).not.toBeNull();
    expect(subsetValidator({ type: 'object', properties: { a: { oneOf: [{ type: 'string' }] } } })).toBeNull();
    expect(subsetValidator({ type: 'string', format: 'email' })).toBeNull();
  });

  it('finds exactly the errors ajv finds, for any call', () => {
    const walk = subsetValidator(schema)!;
    const ajv = ajvCompile()(schema);
    fc.assert(
      fc.property(call, (properties) => {
        const message = { type: 'track', event: 'Order Completed', properties } as JsonObject;
        expect(sorted(walk(message))).toEqual(sorted(ajv(message)));
      }),
      { numRuns: 500 },
    );
  });

  it('reads date-times as RFC 3339 with the calendar checked', () => {
    expect(['2024-02-29T10:00:00Z', '2024-01-01T00:00:00.123+02:00', '2016-12-31T23:59:60Z'].map(isDateTime)).toEqual([true, true, true]);
    expect(['2023-02-29T10:00:00Z', '2024-13-01T00:00:00Z', '2024-01-01', '2024-01-01T24:00:00Z'].map(isDateTime)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
