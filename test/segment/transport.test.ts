import { fetchClient } from '../../src/cli/fetch-client';
import { startEmulator, SegmentEmulator } from '../../src/emulator/server';
import { parseTrackingPlan } from '../../src/plan/parse-plan';
import { SegmentApiError } from '../../src/segment/errors';
import { RetryOptions } from '../../src/segment/retry';
import { UploadTarget } from '../../src/segment/target';
import { uploadPlan } from '../../src/segment/upload';
import { templatePlanGrid } from '../../src/template/template-content';

// The real transport (Node fetch) over loopback against the emulator. The retries wait on a clock of their own
// that only their waits move, so a budget means the same on any machine and no second is waited out.
let emulator: SegmentEmulator;
const plan = parseTrackingPlan(templatePlanGrid()).plan;
const waits: number[] = [];
let waited = 0;
const retry = (budgetMs = 2_000): RetryOptions => ({
  sleep: (ms) => {
    waits.push(ms);
    waited += ms;
    return Promise.resolve();
  },
  now: () => waited,
  baseDelayMs: 20,
  budgetMs,
});

beforeEach(async () => {
  waits.length = 0;
  waited = 0;
  emulator = await startEmulator({
    seed: {
      tokens: [{ token: 't', workspace: 'acme', access: 'write' }],
      plans: [{ workspace: 'acme', resourceSchemaId: 'rs_1', rules: [] }],
    },
  });
});
afterEach(() => emulator.close());

const target = (): UploadTarget => ({
  api: 'config',
  config: { baseUrl: emulator.configBaseUrl, token: 't', workspaceSlug: 'acme', trackingPlanId: 'rs_1' },
  displayName: '',
});

async function failure(promise: Promise<unknown>): Promise<SegmentApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SegmentApiError);
  return error as SegmentApiError;
}

describe('the fetch transport with retries', () => {
  it('waits as long as a 429 asks (Retry-After), then succeeds', async () => {
    emulator.faults.failNext(1, 429, { error: 'Too Many Requests', code: 8 }, { 'Retry-After': '1' });
    const report = await uploadPlan(fetchClient(), target(), plan, retry(5_000));
    expect(waits).toEqual([1000]);
    expect(report.remoteCount).toBe(4);
  });

  it('gives up on a rate limit that outlasts the budget, saying so', async () => {
    emulator.setRateLimit({ requests: 0, windowMs: 60_000 });
    const error = await failure(uploadPlan(fetchClient(), target(), plan, retry(1_000)));
    expect(error.kind).toBe('rate-limited');
    expect(emulator.requests).toHaveLength(1);
  });

  it('retries 5xx with growing waits and reports the last one', async () => {
    emulator.faults.failNext(100, 502, { error: 'Bad Gateway', code: 14 });
    const error = await failure(uploadPlan(fetchClient(), target(), plan, retry(500)));
    expect(error.kind).toBe('server');
    expect(error.message).toMatch(/server error \(502\).*tried \d+ times.*Bad Gateway/);
    expect(waits.slice(0, 3)).toEqual([20, 40, 80]);
  });

  it('retries a response that never comes (timeout) and a dropped connection', async () => {
    emulator.faults.hangNext(1).dropNext(1);
    // The client gives up on the request that hangs after 3 s; every other request is answered in milliseconds, so
    // none of them comes near that even on a slow, busy machine.
    const report = await uploadPlan(fetchClient(3_000), target(), plan, retry(5_000));
    expect(report.remoteCount).toBe(4);
    // The request that timed out was never answered, so only the other two are logged.
    expect(emulator.requests.map((r) => r.status)).toEqual([0, 200]);
    expect(waits).toHaveLength(2);
  });

  it('reports a server that cannot be reached', async () => {
    const closed = target();
    await emulator.close();
    const error = await failure(uploadPlan(fetchClient(), closed, plan, retry(100)));
    expect(error.kind).toBe('network');
    expect(error.message).toContain('ECONNREFUSED');
    emulator = await startEmulator();
  });

  it("shows Segment's message on a 400 and does not retry it", async () => {
    emulator.faults.failNext(1, 400, { error: 'rules.events[0]: bad', code: 3 });
    const error = await failure(uploadPlan(fetchClient(), target(), plan, retry()));
    expect(error.message).toContain('Segment said: "rules.events[0]: bad"');
    expect(emulator.requests).toHaveLength(1);
  });
});
