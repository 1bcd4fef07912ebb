/** An upload as both APIs report it: what the API did, and what of the sheet's plan was sent. */
import type { EventType } from '../plan/columns';
import { planSummary, TrackingPlan } from '../plan/model';
import type { HttpClient } from './http';
import { ApiUpload, planApi, UploadOptions } from './plan-api';
import { readRules } from './read-rules';
import { normalizedRules, RuleSet, sheetRuleSet } from './remote-plan';
import type { RetryOptions } from './retry';
import type { UploadTarget } from './target';

export interface UploadReport extends ApiUpload {
  /** Named events (track, page, screen) and all properties sent. */
  events: number;
  properties: number;
  /** Identify, group and common rules sent. */
  otherRules: EventType[];
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
  const done = await planApi(target.api).upload(http, target, ruleSet, retry, options);
  return { ...done, events: named, properties, otherRules };
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
