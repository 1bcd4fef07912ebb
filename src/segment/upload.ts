import type { TrackingPlan } from '../plan/model';
import { planSummary } from '../plan/model';
import { buildConfigUpdateBody, getConfigTrackingPlan, updateConfigTrackingPlan } from './config-api';
import type { HttpClient } from './http';
import { buildPublicRules, PublicApiClient, resolvePublicPlanId, uploadPublicRules } from './public-api';
import type { RetryOptions } from './retry';
import type { ApiKind, UploadTarget } from './target';

export interface UploadReport {
  api: ApiKind;
  planId: string;
  workspaceSlug: string;
  /** Named events (track, page, screen) and all properties sent. */
  events: number;
  properties: number;
  /** Identify, group and common rules sent. */
  otherRules: string[];
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
}

export interface UploadOptions {
  /** Ms since the epoch by which the run must be done (Apps Script stops executions at 6 minutes). */
  deadline?: number;
}

/** Sends the plan to the API the target names and checks Segment's copy against it. Throws SegmentApiError. */
export async function uploadPlan(
  http: HttpClient,
  target: UploadTarget,
  plan: TrackingPlan,
  retry: RetryOptions,
  options: UploadOptions = {},
): Promise<UploadReport> {
  const summary = planSummary(plan);
  const named = plan.events.filter((e) => e.name).length;
  const otherRules = plan.events.filter((e) => !e.name).map((e) => e.type);
  if (target.api === 'public') {
    const lookup = new PublicApiClient(http, target.public, retry);
    const planId = await resolvePublicPlanId(lookup);
    const client = new PublicApiClient(http, { ...target.public, trackingPlanId: planId }, retry);
    const rules = buildPublicRules(plan);
    const result = await uploadPublicRules(client, rules, { displayName: target.displayName, deadline: options.deadline });
    return {
      api: 'public',
      planId,
      workspaceSlug: target.workspaceSlug,
      events: named,
      properties: summary.properties,
      otherRules,
      remoteCount: result.remoteRules,
      differences: result.differences,
      requests: lookup.requests + result.requests,
      stoppedEarly: result.stoppedEarly,
      unchanged: result.method === 'unchanged',
      appUrl: target.workspaceSlug ? appUrl(target.workspaceSlug, planId) : null,
    };
  }

  const body = buildConfigUpdateBody(plan, target.displayName);
  const sentEvents = body.tracking_plan.rules.events.map((e) => e.name);
  let requests = 1;
  let remote = await updateConfigTrackingPlan(http, target.config, body, retry);
  // For large plans Segment's answer may leave events out: read the plan back before saying it is there.
  if (!remote || (remote.rules.events ?? []).length !== sentEvents.length) {
    remote = await getConfigTrackingPlan(http, target.config, retry);
    requests++;
  }
  const remoteNames = new Set((remote.rules.events ?? []).map((e) => e.name));
  return {
    api: 'config',
    planId: target.config.trackingPlanId,
    workspaceSlug: target.config.workspaceSlug,
    events: named,
    properties: summary.properties,
    otherRules,
    remoteCount: remoteNames.size,
    differences: sentEvents.filter((name) => !remoteNames.has(name)).map((name) => `missing in Segment: event "${name}"`),
    requests,
    stoppedEarly: null,
    unchanged: false,
    appUrl: appUrl(target.config.workspaceSlug, target.config.trackingPlanId),
  };
}

/** The link an analyst clicks to see the plan in the Segment app. */
export function appUrl(workspaceSlug: string, planId: string): string {
  return `https://app.segment.com/${encodeURIComponent(workspaceSlug)}/protocols/tracking-plans/${encodeURIComponent(planId)}`;
}
