import type { TrackingPlan } from '../plan/model';
import { ConfigRules, buildConfigRules } from '../schema/build-rules';
import { isJsonObject } from '../json/json';
import { apiError } from './errors';
import { configPlanProblem, malformedReply } from './reply-shapes';
import { HttpClient, HttpRequest, parseJson } from './http';
import type { ApiUpload, ConfigApiTarget, PlanApi, PlanCells, RemotePlan, RuleSet, UploadOptions, UploadTarget } from './plan-api-types';
import { appUrl } from './links';
import { RetryOptions, retryBefore, sendWithRetries } from './retry';
import { configRulesToPublic } from './rules';
import type { Problem } from '../plan/problems';

const CONFIG_API_BASE_URL = 'https://platform.segmentapis.com/v1beta';

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

// ---- the Config API as a PlanApi -----------------------------------------------------------------

function configRulesOf(ruleSet: RuleSet): ConfigRules {
  if (Array.isArray(ruleSet.rules)) throw new Error('Public API rules cannot go to the Config API');
  return ruleSet.rules;
}

function configTargetOf(target: UploadTarget): ConfigApiTarget {
  if (!('config' in target)) throw new Error('a Public API target is not a Config API plan');
  return target.config;
}

async function readConfigPlan(http: HttpClient, target: UploadTarget, retry: RetryOptions): Promise<RemotePlan> {
  const config = configTargetOf(target);
  const plan = await getConfigTrackingPlan(http, config, retry);
  return {
    api: 'config',
    planId: config.trackingPlanId,
    name: plan.display_name ?? '',
    updatedAt: plan.update_time ?? null,
    ruleSet: { api: 'config', rules: plan.rules },
  };
}

async function uploadConfig(
  http: HttpClient,
  target: UploadTarget,
  ruleSet: RuleSet,
  retry: RetryOptions,
  options: UploadOptions,
): Promise<ApiUpload> {
  const config = configTargetOf(target);
  const body = configUpdateBody(configRulesOf(ruleSet), target.displayName);
  const sentEvents = body.tracking_plan.rules.events.map((e) => e.name);
  const report = {
    api: 'config' as const,
    planId: config.trackingPlanId,
    workspaceSlug: config.workspaceSlug,
    appUrl: appUrl(config.workspaceSlug, config.trackingPlanId),
    unchanged: false,
  };
  // One PUT is one batch: it starts only when it can finish (and be read back) before the deadline.
  const within = retryBefore(retry, options.deadline);
  if (within === null) {
    const before = options.remote?.ruleSet ?? ruleSet;
    const stoppedEarly = { batchesDone: 0, batchesTotal: 1 };
    return {
      ...report,
      remoteCount: 0,
      differences: [],
      requests: 0,
      stoppedEarly,
      after: before,
      updatedAt: options.remote?.updatedAt ?? null,
    };
  }
  let requests = 1;
  options.onProgress?.({ step: 'batch', batch: 1, batches: 1 });
  let remote = await updateConfigTrackingPlan(http, config, body, within ?? retry);
  // For large plans Segment's answer may leave events out: read the plan back before saying it is there.
  if (!remote || (remote.rules.events ?? []).length !== sentEvents.length) {
    options.onProgress?.({ step: 'reading back' });
    remote = await getConfigTrackingPlan(http, config, retry);
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

/** Page and screen rules have no place in a Config API plan: an error at each one's Event Type cell. */
function pageAndScreenProblems(plan: TrackingPlan, cells: PlanCells): Problem[] {
  const column = cells.columns.eventType ?? null;
  return plan.events
    .filter((event) => event.type === 'page' || event.type === 'screen')
    .map((event) => ({
      sheet: cells.sheet,
      row: event.row,
      column,
      cell: column ? `${column}${event.row}` : null,
      severity: 'error' as const,
      message: `${event.type} rules cannot be uploaded through the Config API (rs_ plan ids). Use a Public API plan (tp_ id) or make the row a track event.`,
    }));
}

export const configApi: PlanApi = {
  label: 'Config API',
  unit: 'event',
  needsWorkspace: true,
  countsRequests: false,
  ruleSet: (plan) => ({ api: 'config', rules: buildConfigRules(plan) }),
  requestBody: (plan, displayName) => buildConfigUpdateBody(plan, displayName),
  requestLine: (planId) => `PUT …/tracking-plans/${planId || '{plan id}'}`,
  publicRules: (ruleSet) => configRulesToPublic(configRulesOf(ruleSet)),
  ruleCount: (ruleSet) => {
    const r = configRulesOf(ruleSet);
    return r.events.length + (r.identify ? 1 : 0) + (r.group ? 1 : 0) + (r.global ? 1 : 0);
  },
  planProblems: pageAndScreenProblems,
  target: (s) => ({
    api: 'config',
    config: { baseUrl: s.baseUrl || undefined, token: s.token, workspaceSlug: s.workspaceSlug, trackingPlanId: s.trackingPlanId },
    displayName: s.displayName,
  }),
  baseUrlOn: (origin) => `${origin}/v1beta`,
  describeTarget: (target) => {
    const config = configTargetOf(target);
    return `tracking plan ${config.trackingPlanId} in workspace "${config.workspaceSlug}"`;
  },
  read: readConfigPlan,
  upload: uploadConfig,
};
