import { configApi } from '../../src/segment/config-api';
import fc from 'fast-check';
import { parseTrackingPlan } from '../../src/plan/parse-plan';
import { buildConfigRules } from '../../src/schema/build-rules';
import { COLUMNS } from '../../src/plan/columns';
import { draft04, expectValidSchema } from '../helpers/ajv';
import { errors } from '../helpers/sheet';

// Cell values that exercise the parser's branches, mixed with arbitrary strings, numbers, booleans and dates.
const meaningful = fc.constantFrom(
  '',
  '',
  '',
  'track',
  'identify',
  'group',
  'page',
  'common',
  'global',
  'Order Completed',
  'order completed',
  'id',
  'a.b',
  'a.$',
  'a[].b',
  'a.$.b',
  'x..y',
  '$',
  'string',
  'number',
  'integer',
  'boolean',
  'object',
  'array',
  'null',
  'any',
  'date-time',
  'string, null',
  'TRUE',
  'FALSE',
  'yes',
  'x',
  '1, 2',
  'a\nb',
  'null',
  '^a+$',
  '(?=a)',
  '([',
  '0',
  '-1',
  '1.5',
  '10',
  'team:growth',
  'bad',
  '#REF!',
  ' padded ',
  '{"format":"email"}',
  '{"description":null}',
  '{"additionalProperties":false}',
  '{"type":"strin"}',
  '{',
  '😀',
);
const cell = fc.oneof(
  { weight: 6, arbitrary: meaningful },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.integer({ min: -5, max: 5 }) },
  { weight: 1, arbitrary: fc.double({ noNaN: false }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.date() },
);
const header = COLUMNS.map((c) => c.header);
const grid = fc
  .array(fc.array(cell, { minLength: header.length, maxLength: header.length }), { maxLength: 25 })
  .map((rows) => [header, ...rows]);

describe('any grid of cells', () => {
  it('never throws, and every problem points at a cell in the grid', () => {
    fc.assert(
      fc.property(grid, (values) => {
        const { problems } = parseTrackingPlan(values);
        for (const p of problems) {
          expect(p.row === null || (p.row >= 1 && p.row <= values.length)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('builds draft-04-valid rules whenever it reports no errors', () => {
    const ajv = draft04();
    let clean = 0;
    fc.assert(
      fc.property(grid, (values) => {
        const parsed = parseTrackingPlan(values);
        const { plan } = parsed;
        const problems = [...parsed.problems, ...configApi.planProblems(plan, { sheet: 'Tracking Plan', columns: parsed.columns })];
        if (errors(problems).length > 0) return;
        clean++;
        const rules = buildConfigRules(plan);
        for (const schema of [...rules.events.map((e) => e.rules), rules.identify, rules.group, rules.global]) {
          if (schema) expectValidSchema(ajv, schema);
        }
        expect(JSON.stringify(buildConfigRules(parseTrackingPlan(values).plan))).toBe(JSON.stringify(rules));
      }),
      { numRuns: 1000 },
    );
    // The generator must reach clean grids often enough for this to mean something.
    expect(clean).toBeGreaterThan(50);
  });
});
