import { configureApis, unwrap } from '@segment/public-api-sdk-typescript';
import { startEmulator, SegmentEmulator } from '../../src/emulator/server';

// Segment's own TypeScript SDK, pointed at the emulator: if the emulator's shapes drift from Segment's,
// the SDK's (de)serialisation shows it.
let emulator: SegmentEmulator;

beforeAll(async () => {
  emulator = await startEmulator({
    seed: {
      tokens: [{ token: 'sdk-token', workspace: 'acme', access: 'write' }],
      plans: [{ workspace: 'acme', id: 'tp_sdk', resourceSchemaId: 'rs_sdk', name: 'SDK plan', rules: [] }],
    },
  });
});
afterAll(() => emulator.close());

function api() {
  const apis = configureApis('sdk-token');
  apis.trackingPlans.basePath = emulator.baseUrl;
  return apis.trackingPlans;
}

const schema = (description: string) => ({
  $schema: 'http://json-schema.org/draft-04/schema#',
  type: 'object',
  description,
  properties: { properties: { type: 'object', properties: { id: { type: 'string', description: '' } }, required: ['id'] } },
  required: ['properties'],
});

describe("Segment's Public API SDK against the emulator", () => {
  it('gets the plan', async () => {
    const result = await unwrap(api().getTrackingPlan('tp_sdk'));
    expect(result.trackingPlan).toMatchObject({ id: 'tp_sdk', name: 'SDK plan', type: 'LIVE' });
  });

  it('replaces rules, lists them page by page, and removes some: all round-trip', async () => {
    const rules = Array.from({ length: 5 }, (_, i) => ({ type: 'TRACK', key: `Event ${i}`, version: 1, jsonSchema: schema(`event ${i}`) }));
    const replaced = await unwrap(api().replaceRulesInTrackingPlan('tp_sdk', { rules: rules as never }));
    expect(String(replaced.status)).toBe('SUCCESS');

    const seen: unknown[] = [];
    let cursor: string | undefined;
    do {
      const page = await unwrap(api().listRulesFromTrackingPlan('tp_sdk', { count: 2, ...(cursor ? { cursor } : {}) }));
      seen.push(...page.rules.map((r) => ({ type: r.type, key: r.key, version: r.version, jsonSchema: r.jsonSchema })));
      cursor = page.pagination.next ?? undefined;
    } while (cursor);
    expect(seen).toEqual(rules);

    await unwrap(api().removeRulesFromTrackingPlan('tp_sdk', [{ type: 'TRACK', key: 'Event 0', version: 1 }] as never));
    const after = await unwrap(api().listRulesFromTrackingPlan('tp_sdk', { count: 200 }));
    expect(after.rules.map((r) => r.key)).toEqual(['Event 1', 'Event 2', 'Event 3', 'Event 4']);
  });

  it('creates a plan and lists the plans page by page (SDK create and list, issue 20 item 4)', async () => {
    const made = await unwrap(api().createTrackingPlan({ name: 'From the SDK', type: 'LIVE' as never }));
    expect(made.trackingPlan).toMatchObject({ name: 'From the SDK', type: 'LIVE' });
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await unwrap(api().listTrackingPlans({ count: 1, ...(cursor ? { cursor } : {}) }));
      names.push(...page.trackingPlans.map((p) => p.name ?? ''));
      cursor = page.pagination.next ?? undefined;
    } while (cursor);
    expect(names).toEqual(['SDK plan', 'From the SDK']);
  });
});
