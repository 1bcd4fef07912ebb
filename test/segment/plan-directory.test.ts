// Issue 20, item 4: the workspace's plans listed through either API (name, id, rules, last update), a plan created
// through the Public API, and a connection test that reads and changes nothing. Against the emulator.
import { fetchClient } from '../../src/cli/fetch-client';
import { SegmentEmulator, startEmulator } from '../../src/emulator/server';
import { emptySettings } from '../../src/plan/settings';
import { SegmentApiError } from '../../src/segment/errors';
import { createPlan, listPlans, testConnection, workspaceTarget } from '../../src/segment/plan-directory';
import type { RetryOptions } from '../../src/segment/retry';
import { resolveTarget, UploadTarget } from '../../src/segment/target';

const retry: RetryOptions = { sleep: () => Promise.resolve(), now: () => 0, maxAttempts: 1 };
const rule = (key: string) => ({ type: 'TRACK' as const, key, version: 1, jsonSchema: { type: 'object' } });
let emulator: SegmentEmulator;
let now = Date.parse('2026-03-01T00:00:00Z');

beforeEach(async () => {
  emulator = await startEmulator({
    clock: () => now,
    seed: {
      tokens: [
        { token: 'write-token', workspace: 'acme', access: 'write' },
        { token: 'read-token', workspace: 'acme', access: 'read' },
      ],
      plans: [
        {
          workspace: 'acme',
          id: 'tp_web',
          resourceSchemaId: 'rs_web',
          name: 'Web',
          rules: [rule('A'), rule('B')],
          updatedAt: '2026-01-02T00:00:00.000Z',
        },
        { workspace: 'acme', id: 'tp_ios', resourceSchemaId: 'rs_ios', name: 'iOS', rules: [], updatedAt: '2026-02-01T00:00:00.000Z' },
      ],
    },
  });
});
afterEach(() => emulator.close());

function target(settings: Partial<ReturnType<typeof emptySettings>>): UploadTarget {
  const s = { ...emptySettings(), token: 'write-token', ...settings };
  const at = workspaceTarget(
    s.api.startsWith('Config') ? { ...s, apiBaseUrl: `${emulator.baseUrl}/v1beta` } : { ...s, apiBaseUrl: emulator.baseUrl },
    '',
  );
  if (!('target' in at)) throw new Error(at.missing.join(', '));
  return at.target;
}

describe('listPlans', () => {
  it('Public API: every plan with its tp_ and rs_ ids, rule count and last update, the newest first', async () => {
    expect(await listPlans(fetchClient(), target({}), retry)).toEqual([
      { api: 'public', id: 'tp_ios', resourceSchemaId: 'rs_ios', name: 'iOS', rules: 0, updatedAt: '2026-02-01T00:00:00.000Z' },
      { api: 'public', id: 'tp_web', resourceSchemaId: 'rs_web', name: 'Web', rules: 2, updatedAt: '2026-01-02T00:00:00.000Z' },
    ]);
  });

  it('Config API: rs_ ids in the workspace, each read for its rule count', async () => {
    const listed = await listPlans(fetchClient(), target({ api: 'Config API', workspaceSlug: 'acme' }), retry);
    expect(listed.map((p) => [p.api, p.id, p.name, p.rules])).toEqual([
      ['config', 'rs_ios', 'iOS', 0],
      ['config', 'rs_web', 'Web', 2],
    ]);
  });

  it('says what is missing: a token, and the workspace for the Config API', () => {
    expect(workspaceTarget({ ...emptySettings(), api: 'Config API' }, '')).toEqual({
      missing: ['Personal Access Token', 'Workspace Slug'],
    });
  });
});

describe('createPlan', () => {
  it('makes a LIVE plan through the Public API and answers with its id; a read-only token is refused (403)', async () => {
    now = Date.parse('2026-03-05T00:00:00Z');
    const made = await createPlan(fetchClient(), target({}), 'Android', retry);
    expect(made).toEqual({
      api: 'public',
      id: expect.stringMatching(/^tp_/),
      resourceSchemaId: expect.stringMatching(/^rs_/),
      name: 'Android',
      rules: 0,
      updatedAt: '2026-03-05T00:00:00.000Z',
    });
    expect(emulator.state.plan(made.id)?.type).toBe('LIVE');
    await expect(createPlan(fetchClient(), target({ token: 'read-token' }), 'X', retry)).rejects.toThrow(
      'The token is valid but lacks write access to tracking plans (403), so Segment refused to create tracking plan "X".',
    );
  });
});

describe('testConnection', () => {
  const planTarget = (id: string, token = 'write-token', more: object = {}) => {
    const base = id.startsWith('rs_') && 'api' in more ? `${emulator.baseUrl}/v1beta` : emulator.baseUrl;
    const r = resolveTarget({ ...emptySettings(), token, trackingPlanId: id, apiBaseUrl: base, ...more });
    if (!r.ok) throw new Error('bad target');
    return r.target;
  };

  it('reads the plan and its rules, says writing was not tested, and changes nothing', async () => {
    const before = JSON.stringify(emulator.state.plans);
    const requests: string[] = [];
    const http = fetchClient();
    const counting = { request: (r: Parameters<typeof http.request>[0]) => (requests.push(r.method), http.request(r)) };
    expect(await testConnection(counting, planTarget('tp_web', 'read-token'), retry)).toEqual([
      'Reading works: the token read tracking plan "Web" (tp_web) and its 2 rules through the Public API, last updated 2026-01-02T00:00:00.000Z.',
      'Writing was not tested: Segment offers no request that shows whether a token may change a plan without changing it, and nothing was sent that could. Send to Segment asks before it writes, and says so if Segment refuses the token (403: it needs the Tracking Plan Admin or Workspace Owner role).',
    ]);
    expect(requests.every((m) => m === 'GET')).toBe(true);
    expect(JSON.stringify(emulator.state.plans)).toBe(before);
  });

  it('Config API plans too; a plan the token cannot see is Segment’s 404, said', async () => {
    const lines = await testConnection(
      fetchClient(),
      planTarget('rs_web', 'write-token', { api: 'Config API', workspaceSlug: 'acme' }),
      retry,
    );
    expect(lines[0]).toBe(
      'Reading works: the token read tracking plan "Web" (rs_web) in workspace "acme" and its 2 rules through the Config API, last updated 2026-01-02T00:00:00.000Z.',
    );
    const error = await testConnection(fetchClient(), planTarget('tp_nope'), retry).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SegmentApiError);
    expect((error as Error).message).toBe(
      'Segment found no tracking plan "tp_nope" for this token (404). Check for a typo, and that the token belongs to that workspace.',
    );
  });
});
