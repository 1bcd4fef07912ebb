// Issue 20, item 4: the emulator lists and creates plans as Segment's Public API documents it (POST /tracking-plans
// with a name and a type; GET /tracking-plans by type, with cursor pagination), with Segment's error bodies and auth.
import { SegmentEmulator, startEmulator } from '../../src/emulator/server';

let emulator: SegmentEmulator;

beforeEach(async () => {
  emulator = await startEmulator({
    seed: {
      tokens: [
        { token: 'write-token', workspace: 'acme', access: 'write' },
        { token: 'read-token', workspace: 'acme', access: 'read' },
      ],
      plans: [{ workspace: 'acme', resourceSchemaId: 'rs_web', id: 'tp_web', name: 'Web', rules: [] }],
    },
  });
});
afterEach(() => emulator.close());

async function call(method: string, path: string, body?: unknown, token = 'write-token') {
  const res = await fetch(`${emulator.baseUrl}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe('POST /tracking-plans', () => {
  it('creates a plan of the type asked for, answered as the plan it made, and listed after', async () => {
    const made = await call('POST', '/tracking-plans', { name: 'iOS', type: 'LIVE', description: 'the app' });
    expect(made.status).toBe(200);
    expect(made.body.data.trackingPlan).toMatchObject({ name: 'iOS', type: 'LIVE', description: 'the app', slug: 'ios' });
    expect(made.body.data.trackingPlan.id).toMatch(/^tp_/);
    expect(made.body.data.trackingPlan.resourceSchemaId).toMatch(/^rs_/);
    const listed = await call('GET', '/tracking-plans?pagination.count=1&type=LIVE');
    expect(listed.body.data.trackingPlans.map((p: { name: string }) => p.name)).toEqual(['Web']);
    expect(listed.body.data.pagination).toMatchObject({ totalEntries: 2, next: expect.any(String) });
    const second = await call('GET', `/tracking-plans?pagination.count=1&pagination.cursor=${listed.body.data.pagination.next}`);
    expect(second.body.data.trackingPlans.map((p: { name: string }) => p.name)).toEqual(['iOS']);
  });

  it('422 without a name or with a type Segment does not have; 403 for a read-only token; nothing made', async () => {
    expect(await call('POST', '/tracking-plans', { type: 'LIVE' })).toEqual({
      status: 422,
      body: { errors: [{ type: 'validation', message: 'name is required', field: 'name' }] },
    });
    expect(await call('POST', '/tracking-plans', { name: 'X' })).toEqual({
      status: 422,
      body: {
        errors: [
          { type: 'validation', message: 'type must be one of ENGAGE, LIVE, PROPERTY_LIBRARY, RULE_LIBRARY, TEMPLATE', field: 'type' },
        ],
      },
    });
    expect((await call('POST', '/tracking-plans', { name: 'X', type: 'LIVE' }, 'read-token')).status).toBe(403);
    expect(emulator.state.plans.map((p) => p.name)).toEqual(['Web']);
  });

  it('lists by type: a TEMPLATE plan is left out of type=LIVE', async () => {
    await call('POST', '/tracking-plans', { name: 'Starter', type: 'TEMPLATE' });
    const live = await call('GET', '/tracking-plans?type=LIVE&pagination.count=10');
    expect(live.body.data.trackingPlans.map((p: { name: string }) => p.name)).toEqual(['Web']);
    const all = await call('GET', '/tracking-plans?pagination.count=10');
    expect(all.body.data.trackingPlans.map((p: { type: string }) => p.type)).toEqual(['LIVE', 'TEMPLATE']);
  });
});
