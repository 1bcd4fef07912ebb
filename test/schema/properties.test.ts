// Properties of the small pieces the rest stands on, over random inputs (fast-check).
import fc from 'fast-check';
import { isJsonObject, JsonObject, JsonValue } from '../../src/json/json';
import { schemaPatchProblems } from '../../src/plan/schema-cell';
import { applyMergePatch, mergePatchBetween } from '../../src/schema/merge-patch';
import { draft04 } from '../helpers/ajv';

/** JSON objects whose members are never null (a merge patch cannot write a null member: null means "remove"). */
const key = fc.constantFrom('a', 'b', 'c', 'type', 'description', 'properties', 'x y', '$ref');
const leaf = fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean());
const value: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue; object: JsonObject }>((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(fc.oneof(leaf, fc.constant(null)), { maxLength: 3 }), tie('object')),
  object: fc.dictionary(key, tie('value'), { maxKeys: 4 }) as fc.Arbitrary<JsonObject>,
})).value;
const object = fc.dictionary(key, value, { maxKeys: 5 }) as fc.Arbitrary<JsonObject>;

describe('JSON Merge Patch', () => {
  it('apply(a, between(a, b)) is b, for any two objects without null members', () => {
    fc.assert(
      fc.property(object, object, (a, b) => {
        expect(applyMergePatch(a, mergePatchBetween(a, b))).toEqual(b);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the JSON Schema cell check', () => {
  // Keywords of the draft-04 meta-schema and values of every shape they might be given. Not exclusiveMinimum and
  // exclusiveMaximum: the meta-schema wants their bound beside them, and a cell may rely on the Min/Max columns.
  const keyword = fc.constantFrom(
    'type',
    'enum',
    'required',
    'properties',
    'items',
    'additionalProperties',
    'allOf',
    'anyOf',
    'not',
    'pattern',
    'format',
    'minimum',
    'maximum',
    'multipleOf',
    'minLength',
    'maxItems',
    'uniqueItems',
    'dependencies',
    'id',
    '$schema',
    'title',
    'default',
    'labels',
  );
  const anything = fc.oneof(
    fc.constantFrom('string', 'object', 'integer', 'nope', '', 'email', '^a$', '(', 'http://json-schema.org/draft-04/schema#'),
    fc.constantFrom(0, 1, -1, 2.5, true, false, null),
    fc.constantFrom([], ['a'], ['a', 'a'], ['string', 'null'], [{}], [{ type: 'string' }], [1]),
    fc.constantFrom({}, { a: {} }, { a: { type: 'nope' } }, { a: ['b'] }, { a: 1 }, { type: 'string' }),
  );
  const schema = fc.dictionary(keyword, anything, { maxKeys: 4 });

  it("accepts only what ajv's draft-04 meta-schema accepts (a cell is a merge patch: its nulls remove)", () => {
    const ajv = draft04();
    fc.assert(
      fc.property(schema, (candidate) => {
        if (!isJsonObject(candidate)) return;
        const problems = schemaPatchProblems(candidate as JsonObject);
        const applied = applyMergePatch({}, candidate as JsonObject) as JsonObject;
        if (problems.length === 0) expect({ applied, valid: ajv.validateSchema(applied) }).toEqual({ applied, valid: true });
      }),
      { numRuns: 2000 },
    );
  });
});
