import type { TrackingPlan } from '../plan/model';
import { planSummary } from '../plan/model';
import { buildConfigUpdateBody, configPlanAppUrl, getConfigTrackingPlan, updateConfigTrackingPlan } from './config-api';
import type { HttpClient } from './http';
import type { RetryOptions } from './retry';
import type { UploadTarget } from './target';

export interface UploadReport {
  planId: string;
  workspaceSlug: string;
  /** Named events (track) and all properties sent. */
  events: number;
  properties: number;
  /** Identify, group and common rules sent, by name. */
  otherRules: string[];
  /** Events Segment holds after the upload. */
  confirmedEvents: number;
  /** Events sent that Segment's copy does not show. */
  missingEvents: string[];
  appUrl: string;
}

/** Sends the plan and checks Segment's copy against what was sent. Throws SegmentApiError. */
export async function uploadPlan(http: HttpClient, target: UploadTarget, plan: TrackingPlan, retry: RetryOptions): Promise<UploadReport> {
  const body = buildConfigUpdateBody(plan, target.displayName);
  const sentEvents = body.tracking_plan.rules.events.map((e) => e.name);
  let remote = await updateConfigTrackingPlan(http, target.config, body, retry);
  // For large plans Segment's answer may leave events out: read the plan back before saying it is there.
  if (!remote || (remote.rules.events ?? []).length !== sentEvents.length) {
    remote = await getConfigTrackingPlan(http, target.config, retry);
  }
  const remoteNames = new Set((remote.rules.events ?? []).map((e) => e.name));
  const { rules } = body.tracking_plan;
  const otherRules = [rules.identify && 'identify', rules.group && 'group', rules.global && 'common'].filter((x): x is string => !!x);
  return {
    planId: target.config.trackingPlanId,
    workspaceSlug: target.config.workspaceSlug,
    events: sentEvents.length,
    properties: planSummary(plan).properties,
    otherRules,
    confirmedEvents: remoteNames.size,
    missingEvents: sentEvents.filter((name) => !remoteNames.has(name)),
    appUrl: configPlanAppUrl(target.config),
  };
}
