import { parseTrackingPlan } from '../../src/plan/parse-plan';
import { planToRows } from '../../src/plan/write-plan';
import { canonicalJson } from '../../src/json/json';
import { nullMembers, readRules } from '../../src/segment/read-rules';
import { buildConfigRules } from '../../src/schema/build-rules';
import { buildPublicRules } from '../../src/segment/public-api';
import { configRulesToPublic, publicRulesToConfig, PublicRule } from '../../src/segment/rules';
import { parseCsv } from '../../src/workbook/csv';
import { rowsCsv } from '../../src/workbook/workbook';
import { draft04, expectValidSchema } from '../helpers/ajv';
import { COMMON, DOCS_EXAMPLE, EMPTY_GROUP, IDENTIFY, ORDER_COMPLETED, PAGE } from '../fixtures/realistic-rules';

/** Rules → sheet rows (through CSV text, as a download would carry them) → parsed → built again. */
function throughTheSheet(rules: PublicRule[]) {
  const rows = planToRows(readRules(rules));
  const { plan, problems } = parseTrackingPlan(parseCsv(rowsCsv(rows)));
  return { rows, plan, problems };
}

const canonical = (rules: readonly PublicRule[]) => rules.map((r) => canonicalJson(r));

describe('import then build gives back the same rules', () => {
  it("for Segment's documented example, keeping the id keys as JSON Schema", () => {
    const { rows, plan, problems } = throughTheSheet([DOCS_EXAMPLE]);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(canonical(buildPublicRules(plan))).toEqual(canonical([DOCS_EXAMPLE]));
    const username = rows.find((r) => r[3] === 'username');
    expect(username?.[13]).toBe('{"id":"/properties/properties/properties/username"}');
  });

  it('for Order Completed with a products array and keywords the columns cannot hold', () => {
    const { rows, plan, problems } = throughTheSheet([ORDER_COMPLETED]);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(canonical(buildPublicRules(plan))).toEqual(canonical([ORDER_COMPLETED]));
    const byName = new Map(rows.map((r) => [r[3], r]));
    // What the columns say, they say; the rest is in the JSON Schema column of the right row.
    expect(byName.get('products.$.sku')?.slice(3, 7)).toEqual(['products.$.sku', 'Sku of the product being viewed', 'string', '']);
    expect(byName.get('total')?.[13]).toBe('{"multipleOf":0.01}');
    expect(byName.get('email')?.[13]).toBe('{"format":"email"}');
    expect(byName.get('products.$.category')?.[7]).toBe('a,b\nc');
    expect(JSON.parse(String(rows[1][13]))).toMatchObject({
      definitions: { money: { type: 'number' } },
      properties: { properties: { additionalProperties: false } },
    });
  });

  it('for identify, group, common and page rules', () => {
    const rules = [IDENTIFY, EMPTY_GROUP, COMMON, PAGE];
    const { plan, problems } = throughTheSheet(rules);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(canonical(buildPublicRules(plan))).toEqual(canonical(rules));
  });

  it('for the Config API form', () => {
    const config = publicRulesToConfig([DOCS_EXAMPLE, ORDER_COMPLETED, IDENTIFY, COMMON]);
    const { plan, problems } = throughTheSheet(configRulesToPublic(config));
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(canonicalJson(buildConfigRules(plan))).toBe(canonicalJson(config));
  });

  it('builds valid draft-04 schemas from what it imported', () => {
    const ajv = draft04();
    const { plan } = throughTheSheet([ORDER_COMPLETED, IDENTIFY, COMMON]);
    for (const rule of buildPublicRules(plan)) expectValidSchema(ajv, rule.jsonSchema as object);
  });
});

describe('what a sheet cannot hold', () => {
  it('names members whose value is null, which a merge patch cannot write', () => {
    const rule: PublicRule = {
      type: 'TRACK',
      key: 'X',
      version: 1,
      jsonSchema: { type: 'object', default: null, properties: { a: { enum: ['x', null] } } },
    };
    expect(nullMembers([rule])).toEqual(['X: default']);
    expect(nullMembers([ORDER_COMPLETED, DOCS_EXAMPLE])).toEqual([]);
  });
});
