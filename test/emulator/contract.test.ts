import { SegmentEmulator, startEmulator } from '../../src/emulator/server';

const TOKEN = 'write-token';
const READ_ONLY = 'read-token';
const RS = 'rs_plan1';
const TP = 'tp_plan1';

let emulator: SegmentEmulator;

beforeEach(async () => {
  emulator = await startEmulator({
    seed: {
      tokens: [
        { token: TOKEN, workspace: 'acme', access: 'write' },
        { token: READ_ONLY, workspace: 'acme', access: 'read' },
        { token: 'other-token', workspace: 'other', access: 'write' },
      ],
      plans: [{ workspace: 'acme', resourceSchemaId: RS, id: TP, name: 'Web', rules: [] }],
    },
  });
});
afterEach(() => emulator.close());

async function call(method: string, path: string, body?: unknown, token: string | null = TOKEN, raw?: string) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(`${emulator.baseUrl}${path}`, {
    method,
    headers,
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

const configPath = `/v1beta/workspaces/acme/tracking-plans/${RS}`;
const event = (name: string, extra: object = {}) => ({
  name,
  description: `${name} happens`,
  version: 1,
  rules: {
    $schema: 'http://json-schema.org/draft-04/schema#',
    type: 'object',
    properties: { properties: { type: 'object', properties: {} } },
    ...extra,
  },
});
const rule = (key: string, version = 1) => ({
  type: 'TRACK',
  key,
  version,
  jsonSchema: { $schema: 'http://json-schema.org/draft-04/schema#', type: 'object', properties: {} },
});

describe('authentication and errors, as Segment answers them', () => {
  it('401 without a token or with an unknown one, in each API’s error shape', async () => {
    expect(await call('GET', configPath, undefined, null)).toMatchObject({ status: 401, body: { error: expect.any(String), code: 16 } });
    expect(await call('GET', `/tracking-plans/${TP}`, undefined, 'nope')).toMatchObject({
      status: 401,
      body: { errors: [{ type: 'unauthorized', message: expect.any(String) }] },
    });
  });

  it('404 for an unknown workspace or plan, and for another workspace’s plan', async () => {
    expect((await call('GET', '/v1beta/workspaces/acmee/tracking-plans/rs_plan1')).status).toBe(404);
    expect((await call('GET', '/v1beta/workspaces/acme/tracking-plans/rs_nope')).status).toBe(404);
    expect((await call('GET', `/tracking-plans/${TP}`, undefined, 'other-token')).status).toBe(404);
  });

  it('400 for malformed JSON', async () => {
    expect(await call('PUT', configPath, undefined, TOKEN, '{"update_mask":')).toMatchObject({ status: 400, body: { code: 3 } });
  });

  it('403 for a read-only token on a write, while it may read', async () => {
    expect((await call('GET', configPath, undefined, READ_ONLY)).status).toBe(200);
    const put = await call('PUT', configPath, { update_mask: { paths: ['tracking_plan.rules'] }, tracking_plan: { rules: {} } }, READ_ONLY);
    expect(put).toMatchObject({ status: 403, body: { code: 7 } });
    expect((await call('PATCH', `/tracking-plans/${TP}/rules`, { rules: [rule('A')] }, READ_ONLY)).status).toBe(403);
  });
});

describe('Config API update mask', () => {
  it('replaces the rules and keeps the name when only rules are masked', async () => {
    const res = await call('PUT', configPath, {
      update_mask: { paths: ['tracking_plan.rules'] },
      tracking_plan: { display_name: 'Ignored', rules: { events: [event('A')] } },
    });
    expect(res.status).toBe(200);
    expect(res.body.display_name).toBe('Web');
    expect(res.body.rules.events.map((e: { name: string }) => e.name)).toEqual(['A']);
    expect(res.body.name).toBe(`workspaces/acme/tracking-plans/${RS}`);
  });

  it('empties a masked path that the body leaves out', async () => {
    await call('PUT', configPath, { update_mask: { paths: ['tracking_plan.rules'] }, tracking_plan: { rules: { events: [event('A')] } } });
    const res = await call('PUT', configPath, {
      update_mask: { paths: ['tracking_plan.display_name', 'tracking_plan.rules'] },
      tracking_plan: {},
    });
    expect(res.body.display_name).toBe('');
    expect(res.body.rules.events).toEqual([]);
  });

  it('rejects an unknown mask path, a missing mask, and rules that are not valid JSON Schema or hold emoji', async () => {
    expect((await call('PUT', configPath, { update_mask: { paths: ['tracking_plan.owner'] }, tracking_plan: {} })).status).toBe(400);
    expect((await call('PUT', configPath, { tracking_plan: { display_name: 'x' } })).status).toBe(400);
    const badType = await call('PUT', configPath, {
      update_mask: { paths: ['tracking_plan.rules'] },
      tracking_plan: { rules: { events: [event('A', { type: 'strin' })] } },
    });
    expect(badType.status).toBe(400);
    expect(badType.body.error).toContain('invalid JSON schema');
    const emoji = await call('PUT', configPath, {
      update_mask: { paths: ['tracking_plan.rules'] },
      tracking_plan: { rules: { events: [{ ...event('A'), description: 'party 🎉' }] } },
    });
    expect(emoji.body.error).toContain('emoji');
    expect((await call('GET', configPath)).body.rules.events).toEqual([]);
  });

  it('lists plans page by page', async () => {
    for (let i = 0; i < 3; i++)
      await call('POST', '/v1beta/workspaces/acme/tracking-plans', { tracking_plan: { display_name: `P${i}`, rules: {} } });
    const first = await call('GET', '/v1beta/workspaces/acme/tracking-plans?page_size=3');
    expect(first.body.tracking_plans.map((p: { display_name: string }) => p.display_name)).toEqual(['Web', 'P0', 'P1']);
    const second = await call('GET', `/v1beta/workspaces/acme/tracking-plans?page_size=3&page_token=${first.body.next_page_token}`);
    expect(second.body.tracking_plans.map((p: { display_name: string }) => p.display_name)).toEqual(['P2']);
    expect(second.body.next_page_token).toBe('');
  });

  it('deletes a plan', async () => {
    expect((await call('DELETE', configPath)).status).toBe(200);
    expect((await call('GET', configPath)).status).toBe(404);
  });
});

describe('Public API rules', () => {
  it('replaces, upserts (renaming with newKey), removes and pages through rules', async () => {
    expect((await call('PUT', `/tracking-plans/${TP}/rules`, { rules: [rule('A'), rule('B'), rule('C')] })).body).toEqual({
      data: { status: 'SUCCESS' },
    });
    await call('PATCH', `/tracking-plans/${TP}/rules`, { rules: [{ ...rule('B'), newKey: 'B2' }, rule('D')] });
    await call('DELETE', `/tracking-plans/${TP}/rules?rules[0][type]=TRACK&rules[0][key]=A&rules[0][version]=1`);
    const page1 = await call('GET', `/tracking-plans/${TP}/rules?pagination.count=2`);
    expect(page1.body.data.rules.map((r: { key: string }) => r.key)).toEqual(['B2', 'C']);
    expect(page1.body.data.pagination.totalEntries).toBe(3);
    const page2 = await call(
      'GET',
      `/tracking-plans/${TP}/rules?pagination[count]=2&pagination[cursor]=${page1.body.data.pagination.next}`,
    );
    expect(page2.body.data.rules.map((r: { key: string }) => r.key)).toEqual(['D']);
    expect(page2.body.data.pagination.next).toBeUndefined();
  });

  it('refuses more than 200 rules a request, a PUT over more than 200 existing rules, and bodies over 2 MB', async () => {
    const many = (n: number, from = 0) => Array.from({ length: n }, (_, i) => rule(`E${from + i}`));
    expect((await call('PUT', `/tracking-plans/${TP}/rules`, { rules: many(201) })).status).toBe(400);
    await call('PATCH', `/tracking-plans/${TP}/rules`, { rules: many(200) });
    await call('PATCH', `/tracking-plans/${TP}/rules`, { rules: many(1, 200) });
    const put = await call('PUT', `/tracking-plans/${TP}/rules`, { rules: many(1) });
    expect(put.status).toBe(400);
    expect(put.body.errors[0].message).toContain('Can not replace more than 200 existing rules');
    const big = { ...rule('Big'), jsonSchema: { type: 'object', description: 'x'.repeat(2_100_000) } };
    expect((await call('PATCH', `/tracking-plans/${TP}/rules`, { rules: [big] })).status).toBe(413);
  });

  it('422s a rule whose schema is not valid JSON Schema, naming the field', async () => {
    const res = await call('PATCH', `/tracking-plans/${TP}/rules`, { rules: [rule('A'), { ...rule('B'), jsonSchema: { type: 7 } }] });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].field).toBe('rules.1.jsonSchema');
  });

  it('renames a plan and lists plans with their rs_ ids', async () => {
    await call('PATCH', `/tracking-plans/${TP}`, { name: 'Renamed' });
    const list = await call('GET', '/tracking-plans?pagination.count=200');
    expect(list.body.data.trackingPlans).toEqual([expect.objectContaining({ id: TP, resourceSchemaId: RS, name: 'Renamed' })]);
  });

  it('shows the same plan to both APIs', async () => {
    await call('PUT', configPath, {
      update_mask: { paths: ['tracking_plan.rules'] },
      tracking_plan: { rules: { events: [event('Signed Up')] } },
    });
    const rules = await call('GET', `/tracking-plans/${TP}/rules?pagination.count=200`);
    expect(rules.body.data.rules[0]).toMatchObject({
      type: 'TRACK',
      key: 'Signed Up',
      version: 1,
      jsonSchema: { description: 'Signed Up happens' },
    });
  });
});

describe('rate limits and injected faults', () => {
  it('answers 429 past the limit, with msBeforeNext (Public) or Retry-After (Config)', async () => {
    emulator.setRateLimit({ requests: 2, windowMs: 60_000 });
    const ok = await call('GET', `/tracking-plans/${TP}`);
    expect(ok.headers.get('x-ratelimit-remaining')).toBe('1');
    await call('GET', `/tracking-plans/${TP}`);
    const limited = await call('GET', `/tracking-plans/${TP}`);
    expect(limited.status).toBe(429);
    expect(limited.body.errors[0].data.msBeforeNext).toBeGreaterThan(0);
    expect(limited.headers.get('x-ratelimit-reset')).toMatch(/^\d+$/);
    const config = await call('GET', configPath);
    expect(config.status).toBe(429);
    expect(Number(config.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('fails, delays or drops the next requests on demand', async () => {
    emulator.faults.failNext(1, 503).dropNext(1).delayNext(1, 150);
    expect((await call('GET', configPath)).status).toBe(503);
    await expect(call('GET', configPath)).rejects.toThrow();
    const start = Date.now();
    expect((await call('GET', configPath)).status).toBe(200);
    expect(Date.now() - start).toBeGreaterThanOrEqual(140);
    expect(emulator.requests.map((r) => r.status)).toEqual([503, 0, 200]);
  });
});
