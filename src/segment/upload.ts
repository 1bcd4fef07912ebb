import { planSummary } from '../plan/model';
import type { EventType } from '../plan/columns';
import { readRules } from './read-rules';
import { configUpdateBody, getConfigTrackingPlan, updateConfigTrackingPlan } from './config-api';
import type { HttpClient } from './http';
import { openPublicPlan, PublicApiClient, uploadPublicRules } from './public-api';
import { normalizedRules, RemotePlan, RuleSet, sheetRuleSet } from './remote-plan';
import type { TrackingPlan } from '../plan/model';
import { RetryOptions, retryBefore } from './retry';
import type { ApiKind, UploadTarget } from './target';

export interface UploadReport {
  api: ApiKind;
  planId: string;
  workspaceSlug: string;
  /** Named events (track, page, screen) and all properties sent. */
  events: number;
  properties: number;
  /** Identify, group and common rules sent. */
  otherRules: EventType[];
  /** Events (Config API) or rules (Public API) Segment holds after the upload. */
  remoteCount: number;
  /** How Segment's copy differs from what was sent, one line each; empty when it matches. */
  differences: string[];
  requests: number;
  /** Public API: the run stopped between batches to stay inside the time limit; running again finishes it. */
  stoppedEarly: null | { batchesDone: number; batchesTotal: number };
  /** Public API: nothing differed, so nothing was written. */
  unchanged: boolean;
  appUrl: string | null;
  /** What Segment holds now, and its update time: the state to remember as the last sync. */
  after: RuleSet;
  updatedAt: string | null;
}

export interface UploadOptions {
  /** Ms since the epoch by which the run must be done (Apps Script stops executions at 6 minutes). */
  deadline?: number;
  /** The plan as just read from Segment (for the diff), so it need not be read again. */
  remote?: RemotePlan;
}

/** Sends a rule set to the API the target names and checks Segment's copy against it. Throws SegmentApiError. */
export async function uploadRuleSet(
  http: HttpClient,
  target: UploadTarget,
  ruleSet: RuleSet,
  retry: RetryOptions,
  options: UploadOptions = {},
): Promise<UploadReport> {
  const { named, otherRules, properties } = planSummary(readRules(normalizedRules(ruleSet)));
  if (target.api === 'public') {
    if (ruleSet.api !== 'public') throw new Error('a Config API rule set cannot go to the Public API');
    // A plan just read is already resolved to its tp_ id.
    const client = options.remote
      ? new PublicApiClient(http, { ...target.public, trackingPlanId: options.remote.planId }, retry)
      : await openPublicPlan(http, target.public, retry);
    const planId = client.target.trackingPlanId;
    const remote = options.remote;
    const existing =
      remote && remote.ruleSet.api === 'public'
        ? { plan: { id: planId, name: remote.name, updatedAt: remote.updatedAt ?? undefined }, rules: remote.ruleSet.rules }
        : undefined;
    const result = await uploadPublicRules(client, ruleSet.rules, {
      displayName: target.displayName,
      deadline: options.deadline,
      existing,
    });
    return {
      api: 'public',
      planId,
      workspaceSlug: target.workspaceSlug,
      events: named,
      properties,
      otherRules,
      remoteCount: result.remoteRules,
      differences: result.differences,
      requests: result.requests,
      stoppedEarly: result.stoppedEarly,
      unchanged: result.method === 'unchanged',
      appUrl: target.workspaceSlug ? appUrl(target.workspaceSlug, planId) : null,
      after: { api: 'public', rules: result.after },
      updatedAt: result.updatedAt,
    };
  }

  if (ruleSet.api !== 'config') throw new Error('a Public API rule set cannot go to the Config API');
  const body = configUpdateBody(ruleSet.rules, target.displayName);
  const sentEvents = body.tracking_plan.rules.events.map((e) => e.name);
  const report = {
    api: 'config' as const,
    planId: target.config.trackingPlanId,
    workspaceSlug: target.config.workspaceSlug,
    events: named,
    properties,
    otherRules,
    appUrl: appUrl(target.config.workspaceSlug, target.config.trackingPlanId),
    unchanged: false,
  };
  // One PUT is one batch: it starts only when it can finish (and be read back) before the deadline.
  const within = retryBefore(retry, options.deadline);
  if (within === null) {
    const before = options.remote?.ruleSet ?? ruleSet;
    return {
      ...report,
      remoteCount: 0,
      differences: [],
      requests: 0,
      stoppedEarly: { batchesDone: 0, batchesTotal: 1 },
      after: before,
      updatedAt: options.remote?.updatedAt ?? null,
    };
  }
  let requests = 1;
  let remote = await updateConfigTrackingPlan(http, target.config, body, within ?? retry);
  // For large plans Segment's answer may leave events out: read the plan back before saying it is there.
  if (!remote || (remote.rules.events ?? []).length !== sentEvents.length) {
    remote = await getConfigTrackingPlan(http, target.config, retry);
    requests++;
  }
  const remoteNames = new Set((remote.rules.events ?? []).map((e) => e.name));
  return {
    ...report,
    remoteCount: remoteNames.size,
    differences: sentEvents.filter((name) => !remoteNames.has(name)).map((name) => `missing in Segment: event "${name}"`),
    requests,
    stoppedEarly: null,
    after: { api: 'config', rules: remote.rules },
    updatedAt: remote.update_time ?? null,
  };
}

/** The link an analyst clicks to see the plan in the Segment app. */
export function appUrl(workspaceSlug: string, planId: string): string {
  return `https://app.segment.com/${encodeURIComponent(workspaceSlug)}/protocols/tracking-plans/${encodeURIComponent(planId)}`;
}

/** Sends the sheet's plan (see uploadRuleSet). */
export function uploadPlan(
  http: HttpClient,
  target: UploadTarget,
  plan: TrackingPlan,
  retry: RetryOptions,
  options: UploadOptions = {},
): Promise<UploadReport> {
  return uploadRuleSet(http, target, sheetRuleSet(plan, target.api), retry, options);
}
