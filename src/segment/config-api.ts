import type { TrackingPlan } from '../plan/model';
import { ConfigRules, buildConfigRules } from '../schema/build-rules';
import { isJsonObject } from '../json/json';
import { apiError } from './errors';
import { configPlanProblem, malformedReply } from './reply-shapes';
import { HttpClient, HttpRequest, parseJson } from './http';
import { RetryOptions, sendWithRetries } from './retry';

const CONFIG_API_BASE_URL = 'https://platform.segmentapis.com/v1beta';

export interface ConfigApiTarget {
  /** Defaults to Segment's; the emulator's address in tests and `npm start`. */
  baseUrl?: string;
  token: string;
  workspaceSlug: string;
  trackingPlanId: string;
}

export interface ConfigUpdateBody {
  update_mask: { paths: string[] };
  tracking_plan: { display_name?: string; rules: ConfigRules };
}

/** What Segment returns for a Config API tracking plan. */
export interface ConfigTrackingPlan {
  name: string;
  display_name: string;
  rules: ConfigRules;
  create_time?: string;
  update_time?: string;
}

/**
 * The PUT body. The display name and its mask path appear only when a name is given: a masked path
 * absent from the body is emptied, which would blank the plan's name in Segment.
 */
export function buildConfigUpdateBody(plan: TrackingPlan, displayName?: string): ConfigUpdateBody {
  return configUpdateBody(buildConfigRules(plan), displayName);
}

export function configUpdateBody(rules: ConfigRules, displayName?: string): ConfigUpdateBody {
  const name = displayName?.trim();
  const body: ConfigUpdateBody = { update_mask: { paths: [] }, tracking_plan: { rules } };
  if (name) {
    body.update_mask.paths.push('tracking_plan.display_name');
    body.tracking_plan = { display_name: name, rules };
  }
  body.update_mask.paths.push('tracking_plan.rules');
  return body;
}

function planUrl(target: ConfigApiTarget): string {
  const base = (target.baseUrl || CONFIG_API_BASE_URL).replace(/\/+$/, '');
  return `${base}/workspaces/${encodeURIComponent(target.workspaceSlug)}/tracking-plans/${encodeURIComponent(target.trackingPlanId)}`;
}

function headers(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' };
}

function configUpdateRequest(target: ConfigApiTarget, body: ConfigUpdateBody): HttpRequest {
  return { method: 'PUT', url: planUrl(target), headers: headers(target.token), body: JSON.stringify(body) };
}

function configGetRequest(target: ConfigApiTarget): HttpRequest {
  return { method: 'GET', url: planUrl(target), headers: headers(target.token) };
}

function notFound(target: ConfigApiTarget): string {
  return `Segment found no tracking plan "${target.trackingPlanId}" in workspace "${target.workspaceSlug}"`;
}

function parseConfigTrackingPlan(body: string): ConfigTrackingPlan | null {
  const value = parseJson(body);
  if (!isJsonObject(value) || !isJsonObject(value.rules)) return null;
  const plan = value as unknown as ConfigTrackingPlan;
  // Segment leaves out the lists it has nothing in.
  const rules: Partial<ConfigRules> = plan.rules;
  return {
    ...plan,
    rules: { ...rules, events: rules.events ?? [], identify_traits: rules.identify_traits ?? [], group_traits: rules.group_traits ?? [] },
  };
}

/** PUTs the plan, retrying what is worth retrying; resolves with Segment's answer or throws SegmentApiError. */
export async function updateConfigTrackingPlan(
  http: HttpClient,
  target: ConfigApiTarget,
  body: ConfigUpdateBody,
  retry: RetryOptions,
): Promise<ConfigTrackingPlan | null> {
  const outcome = await sendWithRetries(http, configUpdateRequest(target, body), retry);
  if (outcome.kind === 'response' && outcome.response.status >= 200 && outcome.response.status < 300) {
    // An answer that is not this plan is not trusted: the caller reads the plan back instead.
    return configPlanProblem(parseJson(outcome.response.body), target.trackingPlanId)
      ? null
      : parseConfigTrackingPlan(outcome.response.body);
  }
  throw apiError(outcome, { action: `update tracking plan ${target.trackingPlanId}`, notFound: notFound(target) });
}

export async function getConfigTrackingPlan(http: HttpClient, target: ConfigApiTarget, retry: RetryOptions): Promise<ConfigTrackingPlan> {
  const outcome = await sendWithRetries(http, configGetRequest(target), retry);
  if (outcome.kind === 'response' && outcome.response.status === 200) {
    const action = `read tracking plan ${target.trackingPlanId}`;
    const body = parseJson(outcome.response.body);
    const problem = body === undefined ? 'the body is not JSON' : configPlanProblem(body, target.trackingPlanId);
    if (problem) throw malformedReply(action, problem);
    return parseConfigTrackingPlan(outcome.response.body) as ConfigTrackingPlan;
  }
  throw apiError(outcome, { action: `read tracking plan ${target.trackingPlanId}`, notFound: notFound(target) });
}
