/**
 * Several plans in one Send (one sheet, a plan per source): each plan is compared with Segment, the analyst is asked
 * once about all of them, then each is backed up, uploaded and read back on its own. A failure stops the run and
 * says which plans were sent and which were not.
 */
import { isEmptyDiff } from './diff';
import { SegmentApiError } from './errors';
import type { HttpClient } from './http';
import { readRemotePlan, RemotePlan, RuleSet, sortedRules } from './remote-plan';
import { jsonEqual } from '../json/json';
import type { RetryOptions } from './retry';
import { planKey, review, Review, reviewOf, SendHooks, SendOutcome, syncState } from './send';
import type { UploadTarget } from './target';
import { uploadRuleSet } from './upload';

export interface PlanToSend {
  /** The sources it is for (`iOS, Android`); empty for a sheet's one plan. */
  label: string;
  target: UploadTarget;
  ruleSet: RuleSet;
}

export interface PlanReview<P extends PlanToSend = PlanToSend> {
  plan: P;
  review: Review;
}

export interface PlansHooks<P extends PlanToSend = PlanToSend> extends Omit<SendHooks, 'confirm'> {
  /** One question for every plan that would change (the plans already matching are not in it). */
  confirm(reviews: Array<PlanReview<P>>): boolean | Promise<boolean>;
  /** Told as a plan's backup, upload and read back begin: the steps after it are that plan's. */
  sending?(plan: P): void;
}

export interface PlansResult<P extends PlanToSend = PlanToSend> {
  /** Each plan dealt with, in order: unchanged, cancelled or sent. */
  outcomes: Array<{ plan: P; outcome: SendOutcome }>;
  /** The plan whose upload failed, and why. */
  failure: { plan: P; error: unknown } | null;
  /** The plans not sent because an earlier one failed or ran out of time (the failed one included). */
  notSent: P[];
}

/** How many times the analyst is asked again when plans keep changing in Segment during the confirmation. */
const MAX_CONFIRMATIONS = 3;

const changes = (r: PlanReview<PlanToSend>) => !isEmptyDiff(r.review.diff) || r.review.rename !== null;

function samePlan(a: RemotePlan, b: RemotePlan): boolean {
  // Compared, not fingerprinted: two fingerprints of a big plan cost three times one comparison.
  return a.name === b.name && jsonEqual(sortedRules(a.ruleSet), sortedRules(b.ruleSet));
}

/**
 * Reads and compares every plan (a failure there sends nothing), asks once, and reads the plans to change again:
 * if any changed while the question was open, asks again with the new comparison. Returns the plans to send, each
 * with the review of the plan it overwrites, or null when the analyst said No.
 */
async function confirmed<P extends PlanToSend>(
  http: HttpClient,
  plans: readonly P[],
  retry: RetryOptions,
  hooks: PlansHooks<P>,
  outcomes: PlansResult<P>['outcomes'],
): Promise<Array<PlanReview<P>> | null> {
  hooks.progress?.({ step: 'reading' });
  let reviews: Array<PlanReview<P>> = [];
  for (const plan of plans) reviews.push({ plan, review: await review(http, plan.target, plan.ruleSet, retry, hooks) });
  for (let asked = 1; ; asked++) {
    for (const r of reviews.filter((x) => !changes(x))) {
      const { remote } = r.review;
      const state = syncState(remote.ruleSet, remote.updatedAt, hooks.now(), r.review.remoteHash);
      await hooks.recordSync(planKey(remote), { state, ruleSet: remote.ruleSet });
      outcomes.push({ plan: r.plan, outcome: { kind: 'unchanged', review: r.review } });
    }
    const pending = reviews.filter(changes);
    if (pending.length === 0) return [];
    if (!(await hooks.confirm(pending))) {
      for (const r of pending) outcomes.push({ plan: r.plan, outcome: { kind: 'cancelled', review: r.review } });
      return null;
    }
    hooks.progress?.({ step: 'rereading' });
    const again: Array<PlanReview<P>> = [];
    let moved: RemotePlan | null = null;
    for (const r of pending) {
      const now = await readRemotePlan(http, r.plan.target, retry);
      // A plan that did not move since this question is asked about as before: nothing changed meanwhile.
      if (samePlan(now, r.review.remote)) again.push({ plan: r.plan, review: { ...r.review, remote: now, changedWhileAsked: null } });
      else {
        moved = now;
        again.push({ plan: r.plan, review: await reviewOf(now, r.plan.target, r.plan.ruleSet, hooks, r.review.remote) });
      }
    }
    if (!moved) return again;
    if (asked >= MAX_CONFIRMATIONS) {
      throw new SegmentApiError(
        `Tracking plan ${moved.planId} changed in Segment each of the ${asked} times you were asked, so nothing was sent. Try again when no one is editing it in Segment.`,
        'conflict',
        null,
        0,
      );
    }
    reviews = again;
  }
}

export async function sendPlansWithReview<P extends PlanToSend>(
  http: HttpClient,
  plans: readonly P[],
  retry: RetryOptions,
  hooks: PlansHooks<P>,
  options: { deadline?: number } = {},
): Promise<PlansResult<P>> {
  const outcomes: PlansResult<P>['outcomes'] = [];
  const toSend = await confirmed(http, plans, retry, hooks, outcomes);
  if (toSend === null) return { outcomes, failure: null, notSent: [] };
  for (const [i, { plan, review: seen }] of toSend.entries()) {
    try {
      hooks.sending?.(plan);
      hooks.progress?.({ step: 'backing up' });
      await hooks.backup(seen.remote);
      const report = await uploadRuleSet(http, plan.target, plan.ruleSet, retry, {
        deadline: options.deadline,
        remote: seen.remote,
        onProgress: hooks.progress ? (step) => hooks.progress?.(step) : undefined,
      });
      outcomes.push({ plan, outcome: { kind: 'sent', review: seen, report } });
      if (report.stoppedEarly) return { outcomes, failure: null, notSent: toSend.slice(i + 1).map((r) => r.plan) };
      await hooks.recordSync(planKey(seen.remote), {
        state: syncState(report.after, report.updatedAt, hooks.now()),
        ruleSet: report.after,
      });
    } catch (error) {
      return { outcomes, failure: { plan, error }, notSent: toSend.slice(i).map((r) => r.plan) };
    }
  }
  return { outcomes, failure: null, notSent: [] };
}

/** One plan, as the CLI, Restore and a sheet with one plan send it: a failure is thrown as it came. */
export async function sendWithReview(
  http: HttpClient,
  target: UploadTarget,
  ruleSet: RuleSet,
  retry: RetryOptions,
  hooks: SendHooks,
  options: { deadline?: number } = {},
): Promise<SendOutcome> {
  const plan: PlanToSend = { label: '', target, ruleSet };
  const result = await sendPlansWithReview(http, [plan], retry, { ...hooks, confirm: ([r]) => !!r && hooks.confirm(r.review) }, options);
  if (result.failure) throw result.failure.error;
  const [first] = result.outcomes;
  if (!first) throw new Error('a send ended without an outcome');
  return first.outcome;
}
