import fc from 'fast-check';
import { canonicalJson, jsonEqual } from '../../src/json/json';

/** What canonicalJson means: JSON.stringify of a copy with every object's keys sorted ("__proto__" kept a key). */
function sortedCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedCopy);
  if (typeof value === 'object' && value !== null) {
    const out = {};
    for (const key of Object.keys(value).sort()) {
      Object.defineProperty(out, key, { value: sortedCopy((value as Record<string, unknown>)[key]), enumerable: true });
    }
    return out;
  }
  return value;
}

describe('canonicalJson', () => {
  it('is JSON.stringify with sorted keys, for any JSON value', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.dictionary(fc.oneof(fc.string(), fc.nat().map(String)), fc.jsonValue())), (value) => {
        expect(canonicalJson(value)).toBe(JSON.stringify(sortedCopy(value)));
      }),
      { numRuns: 500 },
    );
  });

  it('sorts keys at every depth, keeps "__proto__" as a key, and leaves out what JSON leaves out', () => {
    const value = JSON.parse('{"b":1,"a":{"d":[3,{"z":1,"y":2}],"c":null},"__proto__":{"x":1}}') as object;
    expect(canonicalJson(value)).toBe('{"__proto__":{"x":1},"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ b: undefined, a: 1, c: () => 1 })).toBe('{"a":1}');
    expect(canonicalJson({ b: undefined, a: undefined })).toBe('{}');
    expect(canonicalJson([undefined, 1, () => 1])).toBe('[null,1,null]');
    expect(canonicalJson({ n: NaN })).toBe('{"n":null}');
    expect(canonicalJson(undefined)).toBe(JSON.stringify(undefined));
    expect(canonicalJson('text')).toBe('"text"');
    // As JavaScript orders an object's keys: array indexes first, by number.
    expect(canonicalJson({ b: 1, 10: 1, a: 1, 9: 1, 4294967295: 1 })).toBe('{"9":1,"10":1,"4294967295":1,"a":1,"b":1}');
  });
});

/** A value made to look different but mean the same: keys reordered, undefined and functions added, NaN for null. */
function disguised(value: unknown, next: () => number): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === null && next() < 0.3 ? NaN : disguised(v, next)));
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).reverse();
    const out: Record<string, unknown> = {};
    for (const key of keys)
      Object.defineProperty(out, key, { value: disguised((value as Record<string, unknown>)[key], next), enumerable: true });
    if (next() < 0.3) out.gone = undefined;
    if (next() < 0.2) out.fn = () => 1;
    return out;
  }
  if (value === null && next() < 0.3) return Infinity;
  return value;
}

describe('jsonEqual', () => {
  it('is canonicalJson(a) === canonicalJson(b), for any pair and for a value beside a disguise of it', () => {
    const json = fc.oneof(fc.jsonValue(), fc.dictionary(fc.oneof(fc.string(), fc.nat().map(String)), fc.jsonValue()));
    fc.assert(
      fc.property(json, json, fc.integer(), (a, b, seed) => {
        let s = seed;
        const next = () => ((s = (s * 1103515245 + 12345) % 2147483648) < 0 ? -s : s) / 2147483648;
        const same = disguised(a, next);
        expect(jsonEqual(a, same)).toBe(canonicalJson(a) === canonicalJson(same));
        expect(jsonEqual(a, same)).toBe(true);
        expect(jsonEqual(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
      }),
      { numRuns: 500 },
    );
  });

  it('tells apart what canonical JSON tells apart, and no more', () => {
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual([undefined], [null])).toBe(true);
    expect(jsonEqual([NaN], [null])).toBe(true);
    expect(jsonEqual({ a: null }, {})).toBe(false);
    expect(jsonEqual(undefined, null)).toBe(false);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual({ a: [1] }, { a: { 0: 1 } })).toBe(false);
    expect(jsonEqual(0, -0)).toBe(true);
    expect(jsonEqual('1', 1)).toBe(false);
  });
});
