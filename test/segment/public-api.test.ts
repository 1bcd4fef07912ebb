import { configureApis, unwrap } from '@segment/public-api-sdk-typescript';
import { fetchClient } from '../../src/cli/fetch-client';
import { MAX_PUBLIC_BODY_BYTES, SegmentEmulator, startEmulator } from '../../src/emulator/server';
import type { CellValue } from '../../src/plan/cell-values';
import { parseTrackingPlan } from '../../src/plan/parse-plan';
import { parseImporterSettings } from '../../src/plan/settings';
import { canonicalJson } from '../../src/json/json';
import { SegmentApiError } from '../../src/segment/errors';
import type { HttpClient } from '../../src/segment/http';
import { buildPublicRules } from '../../src/segment/public-api';
import { removalBatches, upsertBatches } from '../../src/segment/public-api-client';
import { RetryOptions } from '../../src/segment/retry';
import { PublicRule, ruleId } from '../../src/segment/rules';
import { resolveTarget, UploadTarget } from '../../src/segment/target';
import { uploadPlan } from '../../src/segment/upload';
import { templatePlanGrid } from '../../src/template/template-content';
import { bigPlanGrid } from '../bench/big-plan';

const TOKEN = 'public-token';
let emulator: SegmentEmulator;
let waits: number[];

// The retries wait on a clock only their waits move: a budget means the same however fast the machine is.
let waited = 0;
const retry = (budgetMs = 5_000): RetryOptions => ({
  sleep: (ms) => {
    waits.push(ms);
    waited += ms;
    return Promise.resolve();
  },
  now: () => waited,
  baseDelayMs: 10,
  budgetMs,
});

beforeEach(async () => {
  waits = [];
  waited = 0;
  emulator = await startEmulator({
    seed: {
      tokens: [{ token: TOKEN, workspace: 'acme', access: 'write' }],
      plans: [{ workspace: 'acme', id: 'tp_web', resourceSchemaId: 'rs_web', name: 'Web', rules: [] }],
    },
  });
});
afterEach(() => emulator.close());

function target(overrides: Partial<Record<'trackingPlanId' | 'api' | 'trackingPlanName', string>> = {}): UploadTarget {
  const { settings } = parseImporterSettings([
    ['Personal Access Token', TOKEN],
    ['Tracking Plan ID', overrides.trackingPlanId ?? 'tp_web'],
    ['Tracking Plan Name', overrides.trackingPlanName ?? ''],
    ['API Base URL', emulator.baseUrl],
    ['API', overrides.api ?? ''],
  ]);
  const result = resolveTarget(settings);
  if (!result.ok) throw new Error([...result.missing, ...result.messages].join('\n'));
  return result.target;
}

function planOf(grid: CellValue[][]) {
  const { plan, problems } = parseTrackingPlan(grid);
  expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  return plan;
}

const stored = () => emulator.state.plan('tp_web')?.rules ?? [];
const comparable = (rules: readonly PublicRule[]) =>
  rules.map((r) => canonicalJson({ type: r.type, key: r.key, version: r.version, jsonSchema: r.jsonSchema })).sort();
const writes = () => emulator.requests.filter((r) => r.method !== 'GET');

describe('Public API upload through the emulator', () => {
  it('sends a small plan in one PUT, with page and screen rules, and reads it back equal', async () => {
    const grid = templatePlanGrid();
    grid.push(['page', 'Home', 'The home page', '', '', '', '', '', '', '', '', '', '']);
    const plan = planOf(grid);
    const report = await uploadPlan(fetchClient(), target(), plan, retry());
    expect(writes().map((r) => r.method)).toEqual(['PUT']);
    expect(report).toMatchObject({ api: 'public', planId: 'tp_web', remoteCount: 8, differences: [], stoppedEarly: null });
    expect(comparable(stored())).toEqual(comparable(buildPublicRules(plan)));
    const track = stored().find((r) => r.key === 'Order Completed');
    expect(track?.jsonSchema).toMatchObject({
      description: 'Sent when a customer completes an order',
      labels: { team: 'checkout', priority: 'high' },
    });
    expect(track?.version).toBe(2);
    expect(stored().find((r) => r.type === 'PAGE')?.key).toBe('Home');
  });

  it('uploads 2,000 rules with every request at most 200 rules and 2 MB, and reads them back equal', async () => {
    const plan = planOf(bigPlanGrid(2000, 12));
    const report = await uploadPlan(fetchClient(), target(), plan, retry());
    expect(report.differences).toEqual([]);
    expect(report.remoteCount).toBe(2000);
    expect(writes().length).toBeGreaterThanOrEqual(10);
    for (const request of emulator.requests) {
      expect(request.rules ?? 0).toBeLessThanOrEqual(200);
      expect(request.bytes).toBeLessThanOrEqual(MAX_PUBLIC_BODY_BYTES);
      expect(request.status).toBe(200);
    }
    expect(comparable(stored())).toEqual(comparable(buildPublicRules(plan)));
    expect(report.requests).toBe(emulator.requests.length);
  }, 60_000);

  it('removes and renames events on a plan of more than 200 rules without a PUT, and changes nothing the second time', async () => {
    const grid = bigPlanGrid(300, 3);
    await uploadPlan(fetchClient(), target(), planOf(grid), retry());
    // Drop events 10..29 (4 rows each: the event and 3 properties) and rename events 0..9.
    const edited = grid.filter((_row, i) => i === 0 || Math.floor((i - 1) / 4) < 10 || Math.floor((i - 1) / 4) >= 30);
    for (let e = 0; e < 10; e++) edited[1 + e * 4][1] = `Renamed Event ${e}`;
    emulator.requests.length = 0;
    const plan = planOf(edited);
    const report = await uploadPlan(fetchClient(), target(), plan, retry());
    expect(report.differences).toEqual([]);
    expect(report.remoteCount).toBe(280);
    expect(stored().some((r) => r.key === 'Event 15 Happened' || r.key === 'Event 0 Happened')).toBe(false);
    expect(stored().filter((r) => r.key?.startsWith('Renamed'))).toHaveLength(10);
    // Upserts first, removals after; 30 removals need two DELETEs to keep each URL under 2 KB.
    expect(writes().map((r) => r.method)).toEqual(['PATCH', 'DELETE', 'DELETE']);
    expect(writes()[0].rules).toBe(10);
    expect(writes()[1].rules! + writes()[2].rules!).toBe(30);

    emulator.requests.length = 0;
    const again = await uploadPlan(fetchClient(), target(), plan, retry());
    expect(again.unchanged).toBe(true);
    expect(writes()).toEqual([]);
  });

  it('loses no rule when a run dies between batches, and converges when run again', async () => {
    const before = bigPlanGrid(600, 3);
    await uploadPlan(fetchClient(), target(), planOf(before), retry());
    const old = new Map(stored().map((r) => [ruleId(r), canonicalJson(r.jsonSchema)]));
    // The new sheet changes every event's description and drops the last 100 events.
    const after = bigPlanGrid(500, 3).map((row, i) => (i > 0 && row[2] ? row.map((v, c) => (c === 2 ? `${v} (v2)` : v)) : row));
    const plan = planOf(after);
    const fresh = new Map(buildPublicRules(plan).map((r) => [ruleId(r), canonicalJson(r.jsonSchema)]));
    let patches = 0;
    emulator.faults.failNext(1000, 503, undefined, undefined, (method) => method === 'PATCH' && ++patches > 1);
    const error = await uploadPlan(fetchClient(), target(), plan, retry(200)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SegmentApiError);
    // Half-way: every old rule is still there, each either as it was or as the sheet has it now.
    expect(stored()).toHaveLength(600);
    for (const rule of stored()) expect([old.get(ruleId(rule)), fresh.get(ruleId(rule))]).toContain(canonicalJson(rule.jsonSchema));
    expect(
      stored().filter((r) => canonicalJson(r.jsonSchema) === fresh.get(ruleId(r)) && fresh.get(ruleId(r)) !== old.get(ruleId(r))),
    ).toHaveLength(200);

    emulator.faults.clear();
    const report = await uploadPlan(fetchClient(), target(), plan, retry());
    expect(report.differences).toEqual([]);
    expect(comparable(stored())).toEqual(comparable(buildPublicRules(plan)));
  }, 30_000);

  it('stops between batches before the deadline, and the next run finishes', async () => {
    const plan = planOf(bigPlanGrid(700, 2));
    let clock = Date.now();
    const slow: RetryOptions = { ...retry(), now: () => clock };
    const deadline = clock + 60_000;
    // Each PATCH "takes" 15 s on this clock: three fit before the 20 s kept in reserve.
    const http = fetchClient();
    const slowHttp: HttpClient = { request: (req) => ((clock += req.method === 'PATCH' ? 15_000 : 0), http.request(req)) };
    const first = await uploadPlan(slowHttp, target(), plan, slow, { deadline });
    expect(first.stoppedEarly).toEqual({ batchesDone: 3, batchesTotal: 4 });
    expect(stored()).toHaveLength(600);
    const second = await uploadPlan(fetchClient(), target(), plan, retry());
    expect(second.stoppedEarly).toBeNull();
    expect(second.differences).toEqual([]);
    expect(
      writes()
        .filter((r) => r.method === 'PATCH')
        .at(-1)?.rules,
    ).toBe(100);
  });

  it('waits msBeforeNext on 429s', async () => {
    // The emulator's rate window and the retries' waits run on one fake clock: no real second is waited out.
    const clock = { now: Date.now() };
    await emulator.close();
    emulator = await startEmulator({
      clock: () => clock.now,
      rateLimit: { requests: 3, windowMs: 1_000 },
      seed: {
        tokens: [{ token: TOKEN, workspace: 'acme', access: 'write' }],
        plans: [{ workspace: 'acme', id: 'tp_web', resourceSchemaId: 'rs_web', name: 'Web', rules: [] }],
      },
    });
    const onClock: RetryOptions = {
      sleep: (ms) => {
        waits.push(ms);
        clock.now += ms;
        return Promise.resolve();
      },
      now: () => clock.now,
      baseDelayMs: 10,
      budgetMs: 5_000,
    };
    // Note what each 429 asked for, to compare with what the retries waited.
    const asked: number[] = [];
    const http = fetchClient();
    const recording: HttpClient = {
      request: async (req) => {
        const res = await http.request(req);
        if (res.status === 429) asked.push(JSON.parse(res.body).errors[0].data.msBeforeNext);
        return res;
      },
    };
    const report = await uploadPlan(recording, target(), planOf(bigPlanGrid(450, 2)), onClock);
    expect(report.differences).toEqual([]);
    expect(asked.length).toBeGreaterThan(0);
    expect(waits).toEqual(asked);
  });

  it('maps an rs_ id to its tp_ id when API is Public API, and renames only when a name is set', async () => {
    const report = await uploadPlan(
      fetchClient(),
      target({ trackingPlanId: 'rs_web', api: 'Public API' }),
      planOf(templatePlanGrid()),
      retry(),
    );
    expect(report.planId).toBe('tp_web');
    expect(emulator.state.plan('tp_web')?.name).toBe('Web');
    expect(emulator.requests.some((r) => r.method === 'PATCH' && r.path === '/tracking-plans/tp_web')).toBe(false);
    await uploadPlan(fetchClient(), target({ trackingPlanName: 'Web 2' }), planOf(templatePlanGrid()), retry());
    expect(emulator.state.plan('tp_web')?.name).toBe('Web 2');
  });

  it('says so when no plan has the rs_ id', async () => {
    const error = await uploadPlan(
      fetchClient(),
      target({ trackingPlanId: 'rs_nope', api: 'Public API' }),
      planOf(templatePlanGrid()),
      retry(),
    ).catch((e: Error) => e);
    expect((error as Error).message).toContain('No Public API tracking plan has the Config API id "rs_nope"');
  });

  it("leaves rules that Segment's SDK reads back as the ones built", async () => {
    const plan = planOf(templatePlanGrid());
    await uploadPlan(fetchClient(), target(), plan, retry());
    const apis = configureApis(TOKEN);
    apis.trackingPlans.basePath = emulator.baseUrl;
    const listed = await unwrap(apis.trackingPlans.listRulesFromTrackingPlan('tp_web', { count: 200 }));
    const rules = listed.rules.map((r) => ({ type: String(r.type), key: r.key, version: r.version, jsonSchema: r.jsonSchema }));
    expect(comparable(rules as PublicRule[])).toEqual(comparable(buildPublicRules(plan)));
  });
});

describe('batching', () => {
  const rule = (key: string, size = 10): PublicRule => ({ type: 'TRACK', key, version: 1, jsonSchema: { description: 'x'.repeat(size) } });

  it('keeps upserts within 200 rules and 2 MB', () => {
    const batches = upsertBatches(Array.from({ length: 450 }, (_, i) => rule(`E${i}`)));
    expect(batches.map((b) => b.length)).toEqual([200, 200, 50]);
    const heavy = upsertBatches(Array.from({ length: 5 }, (_, i) => rule(`E${i}`, 700_000)));
    expect(heavy.map((b) => b.length)).toEqual([2, 2, 1]);
    expect(() => upsertBatches([rule('Huge', 2_100_000)])).toThrow(/more than Segment accepts in one request/);
  });

  it('keeps DELETE URLs under UrlFetchApp’s 2 KB', () => {
    const batches = removalBatches(
      'tp_web',
      'https://api.segmentapis.com',
      Array.from({ length: 100 }, (_, i) => rule(`Some Long Event Name ${i}`)),
    );
    expect(batches.length).toBeGreaterThan(5);
    expect(batches.flat()).toHaveLength(100);
  });
});

describe('choosing the API', () => {
  it('takes tp_ ids to the Public API, EU region to eu1, and needs no workspace slug', () => {
    const { settings } = parseImporterSettings([
      ['Personal Access Token', 't'],
      ['Tracking Plan ID', 'tp_x'],
      ['Region', 'EU'],
    ]);
    const result = resolveTarget(settings);
    expect(result).toEqual({
      ok: true,
      target: expect.objectContaining({
        api: 'public',
        public: { baseUrl: 'https://eu1.api.segmentapis.com', token: 't', trackingPlanId: 'tp_x' },
      }),
    });
  });

  it('keeps rs_ ids on the Config API unless API says Public API', () => {
    const rows = [
      ['Personal Access Token', 't'],
      ['Workspace Slug', 'acme'],
      ['Tracking Plan ID', 'rs_x'],
    ];
    expect(resolveTarget(parseImporterSettings(rows).settings)).toMatchObject({ ok: true, target: { api: 'config' } });
    expect(resolveTarget(parseImporterSettings([...rows, ['API', 'Public API']]).settings)).toMatchObject({
      ok: true,
      target: { api: 'public', public: { baseUrl: 'https://api.segmentapis.com', trackingPlanId: 'rs_x' } },
    });
  });
});
