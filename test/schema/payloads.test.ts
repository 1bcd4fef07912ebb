import { buildConfigRules } from '../../src/schema/build-rules';
import { draft04 } from '../helpers/ajv';
import { errors, parseRows, RowSpec } from '../helpers/sheet';

/** A validator of whole track payloads against the rules built for one event. */
function trackValidator(rows: RowSpec[]) {
  const { plan, problems } = parseRows([{ eventName: 'E', eventDescription: 'e' }, ...rows]);
  expect(errors(problems)).toEqual([]);
  const validate = draft04().compile(buildConfigRules(plan).events[0].rules);
  return (properties: unknown, extra: object = {}) => validate({ event: 'E', type: 'track', ...extra, properties });
}

describe('payloads against built rules', () => {
  it('requires required properties, and the properties object when any is required', () => {
    const ok = trackValidator([{ propertyName: 'username', propertyType: 'string', required: true }]);
    expect(ok({ username: 'a' })).toBe(true);
    expect(ok({})).toBe(false);
    expect(ok(undefined)).toBe(false);
  });

  it('checks types, and passes an optional property that is absent', () => {
    const ok = trackValidator([{ propertyName: 'count', propertyType: 'integer' }]);
    expect(ok({ count: 2 })).toBe(true);
    expect(ok({})).toBe(true);
    expect(ok({ count: '2' })).toBe(false);
    expect(ok({ count: 2.5 })).toBe(false);
  });

  it('checks enums, with null allowed only for nullable properties', () => {
    const plain = trackValidator([{ propertyName: 'c', propertyType: 'string', allowedValues: 'USD, EUR' }]);
    expect(plain({ c: 'USD' })).toBe(true);
    expect(plain({ c: 'usd' })).toBe(false);
    expect(plain({ c: null })).toBe(false);
    const nullable = trackValidator([{ propertyName: 'c', propertyType: 'string, null', allowedValues: 'USD, EUR' }]);
    expect(nullable({ c: null })).toBe(true);
    expect(nullable({ c: 'GBP' })).toBe(false);
  });

  it('keeps number and integer enums numeric', () => {
    const n = trackValidator([{ propertyName: 'n', propertyType: 'number', allowedValues: '1, 2.5' }]);
    expect(n({ n: 2.5 })).toBe(true);
    expect(n({ n: '2.5' })).toBe(false);
    const i = trackValidator([{ propertyName: 'i', propertyType: 'integer', allowedValues: '1, 2' }]);
    expect(i({ i: 1 })).toBe(true);
    expect(i({ i: 3 })).toBe(false);
    expect(i({ i: '1' })).toBe(false);
  });

  it('checks patterns, lengths, bounds and date-times', () => {
    const ok = trackValidator([
      { propertyName: 'id', propertyType: 'string', pattern: '^ord_\\d+$', max: 10 },
      { propertyName: 'total', propertyType: 'number', min: 0 },
      { propertyName: 'at', propertyType: 'date-time' },
    ]);
    expect(ok({ id: 'ord_12', total: 0, at: '2024-05-01T10:00:00Z' })).toBe(true);
    expect(ok({ id: 'ord_x' })).toBe(false);
    expect(ok({ id: 'ord_12345678' })).toBe(false);
    expect(ok({ total: -1 })).toBe(false);
    expect(ok({ at: 'yesterday' })).toBe(false);
  });

  it('checks required properties of nested objects', () => {
    const ok = trackValidator([
      { propertyName: 'address', propertyType: 'object' },
      { propertyName: 'address.city', propertyType: 'string', required: true },
    ]);
    expect(ok({})).toBe(true);
    expect(ok({ address: { city: 'Paris' } })).toBe(true);
    expect(ok({ address: {} })).toBe(false);
    expect(ok({ address: { city: 7 } })).toBe(false);
  });

  it('checks arrays of objects and arrays of strings', () => {
    const ok = trackValidator([
      { propertyName: 'products', propertyType: 'array', required: true, min: 1 },
      { propertyName: 'products.$', propertyType: 'object' },
      { propertyName: 'products.$.sku', propertyType: 'string', required: true },
      { propertyName: 'tags.$', propertyType: 'string' },
    ]);
    expect(ok({ products: [{ sku: 'a' }], tags: ['x', 'y'] })).toBe(true);
    expect(ok({ products: [] })).toBe(false);
    expect(ok({ products: [{}] })).toBe(false);
    expect(ok({ products: [{ sku: 'a' }], tags: ['x', 3] })).toBe(false);
    expect(ok({ products: [{ sku: 'a' }], tags: 'x' })).toBe(false);
  });

  it('checks identify traits', () => {
    const { plan } = parseRows([{ eventType: 'identify', propertyName: 'email', propertyType: 'string', required: true }]);
    const validate = draft04().compile(buildConfigRules(plan).identify as object);
    expect(validate({ type: 'identify', traits: { email: 'a@b.c' } })).toBe(true);
    expect(validate({ type: 'identify', traits: {} })).toBe(false);
  });
});

describe('common rules on every call', () => {
  it('a required common property outside context is required where calls carry properties, and identify calls still pass', () => {
    const { plan } = parseRows([
      { eventType: 'common', propertyName: 'app_version', propertyDescription: 'd', propertyType: 'string', required: true },
    ]);
    const common = buildConfigRules(plan).global as object;
    const validate = draft04().compile(common);
    expect(validate({ type: 'identify', userId: 'u1', traits: { email: 'a@b.c' } })).toBe(true);
    expect(validate({ type: 'track', event: 'Signed In', properties: { app_version: '1.2' } })).toBe(true);
    expect(validate({ type: 'track', event: 'Signed In', properties: {} })).toBe(false);
  });
});
