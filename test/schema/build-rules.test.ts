import { readFileSync } from 'fs';
import { buildConfigRules, ruleSchema } from '../../src/schema/build-rules';
import { buildConfigUpdateBody } from '../../src/segment/config-api';
import { parseTrackingPlan } from '../../src/plan/parse-plan';
import { templatePlanGrid } from '../../src/template/template-content';
import { draft04, expectValidSchema } from '../helpers/ajv';
import { errors, parseRows, RowSpec } from '../helpers/sheet';

function rulesFor(rows: RowSpec[]) {
  const { plan, problems } = parseRows(rows);
  expect(errors(problems)).toEqual([]);
  return buildConfigRules(plan);
}

/** Strips the optional `id` keys Segment's examples carry. */
function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== 'id')
        .map(([k, v]) => [k, withoutIds(v)]),
    );
  }
  return value;
}

describe("Segment's documented example", () => {
  it('builds the rules of the Config API docs for User Logged In with a required string username', () => {
    // The event as the docs' "Create a Tracking Plan" request sends it (an excerpt of shared/reference/000_…).
    const reference = readFileSync(`${__dirname}/../fixtures/segment-docs-create-tracking-plan.md`, 'utf8');
    const start = reference.indexOf('"events": [', reference.indexOf('### Create a Tracking Plan'));
    const documented = JSON.parse(
      reference.slice(reference.indexOf('{', start), reference.indexOf('\n          ]', start)).trim().replace(/,$/, ''),
    );
    const golden = JSON.parse(readFileSync(`${__dirname}/../golden/segment-documented-example.json`, 'utf8'));
    expect(withoutIds(documented)).toEqual(golden);

    const rules = rulesFor([
      { eventName: 'User Logged In', eventDescription: 'Sent when a user logs into the web app' },
      { propertyName: 'username', propertyType: 'string', required: true },
    ]);
    const { version, ...event } = rules.events[0];
    expect(version).toBe(1);
    expect(event).toEqual(golden);
  });
});

describe('rules', () => {
  it('puts identify and group traits under properties.traits, and common rules under context and properties', () => {
    const rules = rulesFor([
      { eventType: 'identify', propertyName: 'email', propertyType: 'string', required: true },
      { eventType: 'group', propertyName: 'size', propertyType: 'integer' },
      { eventType: 'common', propertyName: 'context.app', propertyType: 'object', required: true },
      { propertyName: 'context.app.version', propertyType: 'string', required: true },
      { propertyName: 'source', propertyType: 'string' },
    ]);
    expect(rules.identify).toEqual({
      $schema: 'http://json-schema.org/draft-04/schema#',
      type: 'object',
      properties: { traits: { type: 'object', properties: { email: { description: '', type: 'string' } }, required: ['email'] } },
      required: ['traits'],
    });
    expect(rules.group?.properties).toEqual({ traits: { type: 'object', properties: { size: { description: '', type: 'integer' } } } });
    expect(rules.group?.required).toBeUndefined();
    expect(rules.global).toEqual({
      $schema: 'http://json-schema.org/draft-04/schema#',
      type: 'object',
      properties: {
        context: {
          type: 'object',
          properties: {
            app: { description: '', type: 'object', properties: { version: { description: '', type: 'string' } }, required: ['version'] },
          },
          required: ['app'],
        },
        properties: { type: 'object', properties: { source: { description: '', type: 'string' } } },
      },
      required: ['context'],
    });
  });

  it('writes nullable types as a list, date-time as a format, bounds by type, and labels in rules.labels', () => {
    const rules = rulesFor([
      { eventName: 'E', labels: 'team:growth', version: 4 },
      { propertyName: 'at', propertyType: 'date-time, null' },
      { propertyName: 'name', propertyType: 'string', min: 1, max: 20, pattern: '^[a-z]+$' },
      { propertyName: 'count', propertyType: 'integer', min: 0 },
      { propertyName: 'list', propertyType: 'array', max: 3 },
      { propertyName: 'list.$', propertyType: 'string', allowedValues: 'a,b' },
    ]);
    const event = rules.events[0];
    expect(event.version).toBe(4);
    expect(event.rules.labels).toEqual({ team: 'growth' });
    expect(event.rules.required).toBeUndefined();
    expect(event.rules.properties).toEqual({
      properties: {
        type: 'object',
        properties: {
          at: { description: '', type: ['string', 'null'], format: 'date-time' },
          name: { description: '', type: 'string', pattern: '^[a-z]+$', minLength: 1, maxLength: 20 },
          count: { description: '', type: 'integer', minimum: 0 },
          list: { description: '', type: 'array', maxItems: 3, items: { description: '', type: 'string', enum: ['a', 'b'] } },
        },
      },
    });
  });

  it('leaves page and screen out of the Config API rules', () => {
    const { plan } = parseRows([{ eventType: 'page', eventName: 'Home' }]);
    expect(() => buildConfigRules(plan)).toThrow(/Config API/);
    expect(ruleSchema(plan.events[0]).properties).toEqual({ properties: { type: 'object', properties: {} } });
  });
});

describe('the update body', () => {
  const plan = parseTrackingPlan(templatePlanGrid()).plan;

  it('masks only the rules when no name is given, so the plan keeps its name', () => {
    for (const name of [undefined, '', '   ']) {
      const body = buildConfigUpdateBody(plan, name);
      expect(body.update_mask.paths).toEqual(['tracking_plan.rules']);
      expect(body.tracking_plan).not.toHaveProperty('display_name');
    }
  });

  it('masks and sends the display name when one is given', () => {
    const body = buildConfigUpdateBody(plan, ' Web ');
    expect(body.update_mask.paths).toEqual(['tracking_plan.display_name', 'tracking_plan.rules']);
    expect(body.tracking_plan.display_name).toBe('Web');
  });

  it('is byte-identical for the same sheet', () => {
    const again = parseTrackingPlan(templatePlanGrid()).plan;
    expect(JSON.stringify(buildConfigUpdateBody(again, 'x'))).toBe(JSON.stringify(buildConfigUpdateBody(plan, 'x')));
  });
});

describe('draft-04 validity', () => {
  it('every rule the template builds is a valid draft-04 schema', () => {
    const ajv = draft04();
    const rules = buildConfigRules(parseTrackingPlan(templatePlanGrid()).plan);
    const schemas = [...rules.events.map((e) => e.rules), rules.identify, rules.group, rules.global];
    expect(schemas.every(Boolean)).toBe(true);
    for (const schema of schemas) expectValidSchema(ajv, schema as object);
  });
});
