// Several plans in one Send (issue 19, item 2), in the core, against the emulator: one question for all the plans
// that change, asked again when any of them changes in Segment meanwhile, then each plan backed up and uploaded.
import { fetchClient } from '../../src/cli/fetch-client';
import { SegmentEmulator, startEmulator } from '../../src/emulator/server';
import { parseTrackingPlan } from '../../src/plan/parse-plan';
import { RemotePlan, sheetRuleSet } from '../../src/segment/remote-plan';
import type { RetryOptions } from '../../src/segment/retry';
import type { PublicRule } from '../../src/segment/rules';
import { PlanReview, PlanToSend, sendPlansWithReview } from '../../src/segment/send-plans';
import type { UploadTarget } from '../../src/segment/target';

const TOKEN = 'send-plans-token';
let emulator: SegmentEmulator;
const rule = (key: string): PublicRule => ({ type: 'TRACK', key, version: 1, jsonSchema: { type: 'object' } });

beforeEach(async () => {
  emulator = await startEmulator({
    seed: {
      tokens: [{ token: TOKEN, workspace: 'acme', access: 'write' }],
      plans: [
        { workspace: 'acme', id: 'tp_web', resourceSchemaId: 'rs_web', name: 'Web', rules: [] },
        { workspace: 'acme', id: 'tp_app', resourceSchemaId: 'rs_app', name: 'App', rules: [] },
        { workspace: 'acme', id: 'tp_server', resourceSchemaId: 'rs_server', name: 'Server', rules: [] },
      ],
    },
  });
});
afterEach(() => emulator.close());

const retry: RetryOptions = { sleep: () => Promise.resolve(), now: () => Date.now(), baseDelayMs: 1 };
const target = (id: string): UploadTarget => ({
  api: 'public',
  public: { baseUrl: emulator.baseUrl, token: TOKEN, trackingPlanId: id },
  displayName: '',
  workspaceSlug: 'acme',
});
const plan = (label: string, id: string, event: string): PlanToSend => ({
  label,
  target: target(id),
  ruleSet: sheetRuleSet(
    parseTrackingPlan([
      ['Event Name', 'Property Name'],
      [event, ''],
    ]).plan,
    'public',
  ),
});

function hooks(asked: Array<Array<PlanReview<PlanToSend>>>, backups: RemotePlan[], onAsk: (n: number) => void) {
  return {
    lastSync: () => null,
    confirm: (reviews: Array<PlanReview<PlanToSend>>) => {
      asked.push(reviews);
      onAsk(asked.length);
      return true;
    },
    backup: (remote: RemotePlan) => void backups.push(remote),
    recordSync: () => undefined,
    now: () => new Date().toISOString(),
  };
}

describe('several plans in one Send', () => {
  it('the third question names only the plan that moved since the second, not one that moved before it', async () => {
    const plans = [plan('Web', 'tp_web', 'Page Viewed'), plan('App', 'tp_app', 'App Opened')];
    const asked: Array<Array<PlanReview<PlanToSend>>> = [];
    // The App plan moves while the first question is open, the Web plan while the second is.
    const onAsk = (n: number) => {
      if (n === 1) emulator.state.plan('tp_app')?.rules.push(rule('Cart Viewed'));
      if (n === 2) emulator.state.plan('tp_web')?.rules.push(rule('Home Viewed'));
    };
    await sendPlansWithReview(fetchClient(), plans, retry, hooks(asked, [], onAsk));
    expect(
      asked.map((reviews) => reviews.map((r) => [r.plan.label, r.review.changedWhileAsked?.added.map((a) => a.rule) ?? null])),
    ).toEqual([
      [
        ['Web', null],
        ['App', null],
      ],
      [
        ['Web', null],
        ['App', ['Cart Viewed']],
      ],
      [
        ['Web', ['Home Viewed']],
        ['App', null],
      ],
    ]);
  });

  it('asks once for every plan that changes, and again when one changed in Segment meanwhile, naming that one', async () => {
    const plans = [
      plan('Web', 'tp_web', 'Page Viewed'),
      plan('App', 'tp_app', 'App Opened'),
      plan('Server', 'tp_server', 'Server Started'),
    ];
    // Segment's Server plan already holds what the sheet says.
    const server = plans[2]?.ruleSet;
    if (server?.api === 'public') emulator.state.plan('tp_server')?.rules.push(...server.rules);
    const asked: Array<Array<PlanReview<PlanToSend>>> = [];
    const backups: RemotePlan[] = [];
    // A colleague adds an event to the App plan while the first question is open.
    const onAsk = (n: number) => void (n === 1 && emulator.state.plan('tp_app')?.rules.push(rule('Cart Viewed')));
    const result = await sendPlansWithReview(fetchClient(), plans, retry, hooks(asked, backups, onAsk));
    expect(
      asked.map((reviews) => reviews.map((r) => [r.plan.label, r.review.changedWhileAsked?.added.map((a) => a.rule) ?? null])),
    ).toEqual([
      [
        ['Web', null],
        ['App', null],
      ],
      [
        ['Web', null],
        ['App', ['Cart Viewed']],
      ],
    ]);
    expect(result.outcomes.map((o) => [o.plan.label, o.outcome.kind])).toEqual([
      ['Server', 'unchanged'],
      ['Web', 'sent'],
      ['App', 'sent'],
    ]);
    expect(backups.map((b) => [b.planId, b.ruleSet.api === 'public' ? b.ruleSet.rules.length : -1])).toEqual([
      ['tp_web', 0],
      ['tp_app', 1],
    ]);
    expect([result.failure, result.notSent]).toEqual([null, []]);
    expect(emulator.state.plan('tp_app')?.rules.map((r) => r.key)).toEqual(['App Opened']);
  });

  it('sends nothing when the answer is No', async () => {
    const plans = [plan('Web', 'tp_web', 'Page Viewed'), plan('App', 'tp_app', 'App Opened')];
    const result = await sendPlansWithReview(fetchClient(), plans, retry, { ...hooks([], [], () => undefined), confirm: () => false });
    expect(result.outcomes.map((o) => [o.plan.label, o.outcome.kind])).toEqual([
      ['Web', 'cancelled'],
      ['App', 'cancelled'],
    ]);
    expect(emulator.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
