// A bad reply from Segment never costs a rule: every answer read is the shape Segment documents, for the plan
// asked for, and complete; a plan edited while the confirmation is open is shown again; a failure part-way
// through batches says what was applied. Through the real transport against the emulator.
import { fetchClient } from '../../src/cli/fetch-client';
import { nth, SegmentEmulator, startEmulator } from '../../src/emulator/server';
import { parseTrackingPlan } from '../../src/plan/parse-plan';
import { SegmentApiError } from '../../src/segment/errors';
import { readRemotePlan, RemotePlan, sheetRuleSet } from '../../src/segment/remote-plan';
import type { RetryOptions } from '../../src/segment/retry';
import { PublicRule } from '../../src/segment/rules';
import type { Review, SendHooks } from '../../src/segment/send';
import { sendWithReview } from '../../src/segment/send-plans';
import type { UploadTarget } from '../../src/segment/target';
import { bigPlanGrid } from '../bench/big-plan';

const TOKEN = 'replies-token';
let emulator: SegmentEmulator;

const rule = (i: number): PublicRule => ({
  type: 'TRACK',
  key: `Event ${i}`,
  version: 1,
  jsonSchema: { type: 'object', description: `v1 ${i}` },
});
const RULES = Array.from({ length: 450 }, (_, i) => rule(i));

beforeEach(async () => {
  emulator = await startEmulator({
    seed: {
      tokens: [{ token: TOKEN, workspace: 'acme', access: 'write' }],
      plans: [
        { workspace: 'acme', id: 'tp_web', resourceSchemaId: 'rs_web', name: 'Web', rules: RULES },
        { workspace: 'acme', id: 'tp_other', resourceSchemaId: 'rs_other', name: 'Other', rules: [] },
      ],
    },
  });
});
afterEach(() => emulator.close());

const retry: RetryOptions = { sleep: () => Promise.resolve(), now: () => Date.now(), baseDelayMs: 1 };
const publicTarget = (id = 'tp_web'): UploadTarget => ({
  api: 'public',
  public: { baseUrl: emulator.baseUrl, token: TOKEN, trackingPlanId: id },
  displayName: '',
  workspaceSlug: 'acme',
});
const configTarget = (id = 'rs_web'): UploadTarget => ({
  api: 'config',
  config: { baseUrl: emulator.configBaseUrl, token: TOKEN, workspaceSlug: 'acme', trackingPlanId: id },
  displayName: '',
});
const rulesPath = (method: string, path: string) => method === 'GET' && path === '/tracking-plans/tp_web/rules';

async function readFails(target: UploadTarget): Promise<SegmentApiError> {
  const error = await readRemotePlan(fetchClient(), target, retry).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof SegmentApiError)) throw new Error(`expected a SegmentApiError, got ${String(error)}`);
  return error;
}

describe('answers that are not what Segment documents', () => {
  it('a rules list answering 200 with {"data":{}} is refused, not read as an empty plan', async () => {
    emulator.faults.failNext(1, 200, { data: {} }, undefined, rulesPath);
    const error = await readFails(publicTarget());
    expect(error.kind).toBe('malformed');
    expect(error.message).toBe(
      `Segment's answer to the request to list the rules of tracking plan tp_web is not what Segment documents (it has no "rules" list), so it was not used and nothing was changed. Try again; if it persists, something between you and Segment is changing its answers.`,
    );
  });

  it('an HTML page with status 200 is refused', async () => {
    emulator.faults.failNext(1, 200, '<html><body>Welcome to the hotel Wi-Fi</body></html>', undefined, rulesPath);
    expect((await readFails(publicTarget())).message).toContain('(the body is not JSON)');
  });

  it('a malformed page in the middle of the listing stops it, rather than leaving a partial plan', async () => {
    emulator.faults.failNext(1, 200, { data: { rules: [{ type: 'TRACK', version: 1 }], pagination: {} } }, undefined, nth(2, rulesPath));
    expect((await readFails(publicTarget())).message).toContain('(it lists a TRACK rule without a key)');
  });

  it('a listing that ends before the count Segment states is refused', async () => {
    // Page 2 of 3 arrives well-formed but says it is the last.
    emulator.faults.failNext(
      1,
      200,
      { data: { rules: RULES.slice(200, 400), pagination: { current: 'p2', totalEntries: 450 } } },
      undefined,
      nth(2, rulesPath),
    );
    expect((await readFails(publicTarget())).message).toContain('(its pages hold 400 of the 450 entries it says there are)');
  });

  it('a plan answering with another plan id is refused (Public API and Config API)', async () => {
    emulator.faults.failNext(
      1,
      200,
      { data: { trackingPlan: { id: 'tp_other', name: 'Other' } } },
      undefined,
      (_method, p) => p === '/tracking-plans/tp_web',
    );
    expect((await readFails(publicTarget())).message).toContain('(it is plan tp_other, not tp_web)');
    emulator.faults.failNext(1, 200, { name: 'workspaces/acme/tracking-plans/rs_other', rules: {} });
    expect((await readFails(configTarget())).message).toContain('(it is plan "workspaces/acme/tracking-plans/rs_other", not rs_web)');
    emulator.faults.failNext(1, 200, { data: {} });
    expect((await readFails(configTarget())).message).toContain('(it has no "rules" object)');
  });

  it('Send writes nothing, backs nothing up and uploads nothing after a malformed answer', async () => {
    emulator.faults.failNext(1, 200, { data: {} }, undefined, rulesPath);
    const backups: RemotePlan[] = [];
    const sheet = sheetRuleSet(parseTrackingPlan(bigPlanGrid(3, 1)).plan, 'public');
    const sent = sendWithReview(fetchClient(), publicTarget(), sheet, retry, hooks({ backups }));
    await expect(sent).rejects.toMatchObject({ kind: 'malformed' });
    expect(backups).toEqual([]);
    expect(emulator.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(emulator.state.plan('tp_web')?.rules).toHaveLength(450);
  });
});

function hooks(record: { backups: RemotePlan[]; reviews?: Review[]; onConfirm?: (n: number) => void }): SendHooks {
  return {
    lastSync: () => null,
    confirm: (seen) => {
      record.reviews?.push(seen);
      record.onConfirm?.(record.reviews?.length ?? 0);
      return true;
    },
    backup: (remote) => void record.backups.push(remote),
    recordSync: () => undefined,
    now: () => new Date().toISOString(),
  };
}

describe('edits made in Segment while the confirmation is open', () => {
  it('are shown in a second confirmation, and the backup is of the plan actually overwritten', async () => {
    const reviews: Review[] = [];
    const backups: RemotePlan[] = [];
    const sheet = sheetRuleSet(parseTrackingPlan(bigPlanGrid(3, 1)).plan, 'public');
    const onConfirm = (n: number) => {
      // A colleague edits the plan in the Segment app while the first question is open.
      if (n === 1) emulator.state.plan('tp_web')?.rules.push(rule(999));
    };
    const outcome = await sendWithReview(fetchClient(), publicTarget(), sheet, retry, hooks({ backups, reviews, onConfirm }));
    expect(outcome.kind).toBe('sent');
    expect(reviews).toHaveLength(2);
    expect(reviews[0].changedWhileAsked).toBeNull();
    expect(reviews[1].changedWhileAsked?.added.map((a) => a.rule)).toEqual(['Event 999']);
    expect(reviews[1].diff.removals).toContain('event "Event 999" (and its 0 properties)');
    expect(backups).toHaveLength(1);
    expect(backups[0].ruleSet.rules).toHaveLength(451);
  });

  it('stop the send when the plan keeps changing', async () => {
    const backups: RemotePlan[] = [];
    const sheet = sheetRuleSet(parseTrackingPlan(bigPlanGrid(3, 1)).plan, 'public');
    let n = 0;
    const onConfirm = () => void emulator.state.plan('tp_web')?.rules.push(rule(1000 + n++));
    const sent = sendWithReview(fetchClient(), publicTarget(), sheet, retry, hooks({ backups, reviews: [], onConfirm }));
    await expect(sent).rejects.toThrow('Tracking plan tp_web changed in Segment each of the 3 times you were asked, so nothing was sent.');
    expect(backups).toEqual([]);
    expect(emulator.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});

describe('a failure part-way through batches', () => {
  it('says how many batches were applied before it', async () => {
    const sheet = {
      api: 'public' as const,
      rules: RULES.map((r, i) => ({ ...r, jsonSchema: { type: 'object', description: `v2 ${i}` } })),
    };
    emulator.faults.failNext(
      1,
      400,
      undefined,
      undefined,
      nth(2, (method) => method === 'PATCH'),
    );
    const sent = sendWithReview(fetchClient(), publicTarget(), sheet, retry, hooks({ backups: [] }));
    await expect(sent).rejects.toMatchObject({
      name: 'PartialUploadError',
      batchesDone: 1,
      batchesTotal: 3,
      message: expect.stringContaining(
        'Before this failure 1 of 3 batches had been applied, so Segment holds part of this upload: each rule is either as it was or as in the sheet.',
      ),
    });
    expect(
      emulator.state.plan('tp_web')?.rules.filter((r) => (r.jsonSchema as { description: string }).description.startsWith('v2')),
    ).toHaveLength(200);
  });
});
