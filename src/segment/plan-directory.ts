/**
 * The workspace's plans, without copying ids from Segment's app: listed (name, id, rules, last update) through
 * either API, created through the Public API, and a connection test that reads a plan and changes nothing.
 */
import { isJsonObject } from '../json/json';
import type { ImporterSettings } from '../plan/settings';
import { quoted } from '../plan/problems';
import { getConfigTrackingPlan } from './config-api';
import { apiError } from './errors';
import { HttpClient, parseJson } from './http';
import { planApi } from './plan-api';
import type { ApiKind, UploadTarget } from './plan-api-types';
import { openPublicPlan, PublicApiClient } from './public-api-client';
import { malformedReply } from './reply-shapes';
import { RetryOptions, sendWithRetries } from './retry';
import { configRulesToPublic } from './rules';
import { chooseApi, tokenProblem } from './target';

export interface ListedPlan {
  api: ApiKind;
  /** tp_… (Public API) or rs_… (Config API): what goes in Tracking Plan ID. */
  id: string;
  /** A Public API plan's Config API id, when Segment gives one. */
  resourceSchemaId: string | null;
  name: string;
  /** Rules the plan holds (events and the identify, group and common rules). */
  rules: number;
  updatedAt: string | null;
}

/** Config API list pages: Segment's default page is small, and every page is a request. */
const CONFIG_PAGE_SIZE = 100;

/**
 * The API listings and creations go through: the API setting, else the plan id's, else the Public API (Config API
 * tokens can no longer be made, so a new sheet's token is a Public API one).
 */
export function directoryApi(settings: Pick<ImporterSettings, 'trackingPlanId' | 'api'>): ApiKind {
  return settings.api.trim() || settings.trackingPlanId ? chooseApi(settings) : 'public';
}

/**
 * A target for the workspace rather than one plan (the plan id left empty), or what is missing: a token (and, for
 * the Config API, the workspace slug).
 */
export function workspaceTarget(settings: ImporterSettings, privateToken: string): { target: UploadTarget } | { missing: string[] } {
  const token = privateToken || settings.token;
  const api = directoryApi(settings);
  const missing: string[] = [];
  if (!token) missing.push('Personal Access Token');
  if (api === 'config' && !settings.workspaceSlug) missing.push('Workspace Slug');
  const bad = token ? tokenProblem(token) : null;
  if (missing.length > 0 || bad) return { missing: [...missing, ...(bad ? [bad] : [])] };
  const target = planApi(api).target({
    baseUrl: settings.apiBaseUrl,
    token,
    trackingPlanId: '',
    workspaceSlug: settings.workspaceSlug,
    displayName: settings.trackingPlanName,
    eu: /^eu/i.test(settings.region.trim()),
  });
  return { target };
}

/** Every plan the token sees, with its rule count (a request per plan), newest update first. */
export async function listPlans(http: HttpClient, target: UploadTarget, retry: RetryOptions): Promise<ListedPlan[]> {
  const plans = target.api === 'public' ? await listPublic(http, target, retry) : await listConfig(http, target, retry);
  return plans.sort((a, b) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? '') || a.name.localeCompare(b.name));
}

async function listPublic(http: HttpClient, target: Extract<UploadTarget, { api: 'public' }>, retry: RetryOptions): Promise<ListedPlan[]> {
  const plans = await new PublicApiClient(http, target.public, retry).listPlans();
  const listed: ListedPlan[] = [];
  for (const plan of plans) {
    const rules = await new PublicApiClient(http, { ...target.public, trackingPlanId: plan.id }, retry).countRules();
    listed.push({
      api: 'public',
      id: plan.id,
      resourceSchemaId: plan.resourceSchemaId ?? null,
      name: plan.name ?? '',
      rules,
      updatedAt: plan.updatedAt ?? null,
    });
  }
  return listed;
}

async function listConfig(http: HttpClient, target: Extract<UploadTarget, { api: 'config' }>, retry: RetryOptions): Promise<ListedPlan[]> {
  const { config } = target;
  const base = (config.baseUrl || 'https://platform.segmentapis.com/v1beta').replace(/\/+$/, '');
  const action = `list the tracking plans of workspace "${config.workspaceSlug}"`;
  const ids: string[] = [];
  const seen = new Set<string>();
  let token = '';
  do {
    const url = `${base}/workspaces/${encodeURIComponent(config.workspaceSlug)}/tracking-plans?page_size=${CONFIG_PAGE_SIZE}${token ? `&page_token=${encodeURIComponent(token)}` : ''}`;
    const headers = { Authorization: `Bearer ${config.token}`, Accept: 'application/json' };
    const outcome = await sendWithRetries(http, { method: 'GET', url, headers }, retry);
    if (outcome.kind !== 'response' || outcome.response.status !== 200)
      throw apiError(outcome, { action, notFound: `Segment found no workspace "${config.workspaceSlug}" for this token` });
    const body = parseJson(outcome.response.body);
    if (!isJsonObject(body) || !Array.isArray(body.tracking_plans)) throw malformedReply(action, 'it has no "tracking_plans" list');
    for (const plan of body.tracking_plans) {
      const id = isJsonObject(plan) && typeof plan.name === 'string' ? /\/tracking-plans\/([^/]+)$/.exec(plan.name)?.[1] : undefined;
      if (!id) throw malformedReply(action, 'it lists a plan without a name');
      ids.push(id);
    }
    token = typeof body.next_page_token === 'string' ? body.next_page_token : '';
    if (token && seen.has(token)) throw malformedReply(action, 'its pages lead back to a page already read');
    seen.add(token);
  } while (token);
  const listed: ListedPlan[] = [];
  // The list leaves the rules out: each plan is read for its count.
  for (const id of ids) {
    const plan = await getConfigTrackingPlan(http, { ...config, trackingPlanId: id }, retry);
    const rules = configRulesToPublic(plan.rules).length;
    listed.push({ api: 'config', id, resourceSchemaId: null, name: plan.display_name ?? '', rules, updatedAt: plan.update_time ?? null });
  }
  return listed;
}

/** Creates a LIVE plan through the Public API (the Config API's create is legacy); answers with it, listed. */
export async function createPlan(http: HttpClient, target: UploadTarget, name: string, retry: RetryOptions): Promise<ListedPlan> {
  if (target.api !== 'public') throw new Error('plans are created through the Public API');
  const plan = await new PublicApiClient(http, target.public, retry).createPlan(name);
  return {
    api: 'public',
    id: plan.id,
    resourceSchemaId: plan.resourceSchemaId ?? null,
    name: plan.name ?? name,
    rules: 0,
    updatedAt: plan.updatedAt ?? null,
  };
}

/**
 * What a token can be shown to do with the plan, without changing anything: reading the plan and its rules proves
 * read access. Nothing Segment documents shows write access short of writing (every write, even one that changes
 * no rule, moves the plan's update time, which the last-sync record watches), so that is said, not tested.
 */
export async function testConnection(http: HttpClient, target: UploadTarget, retry: RetryOptions): Promise<string[]> {
  const api = planApi(target.api);
  let read: string;
  if (target.api === 'public') {
    const client = await openPublicPlan(http, target.public, retry);
    const plan = await client.getPlan();
    const rules = await client.countRules();
    read = `Reading works: the token read tracking plan ${quoted(plan.name ?? '')} (${plan.id}) and its ${rules} ${rules === 1 ? 'rule' : 'rules'} through the ${api.label}${plan.updatedAt ? `, last updated ${plan.updatedAt}` : ''}.`;
  } else {
    const plan = await getConfigTrackingPlan(http, target.config, retry);
    const rules = configRulesToPublic(plan.rules).length;
    read = `Reading works: the token read tracking plan ${quoted(plan.display_name ?? '')} (${target.config.trackingPlanId}) in workspace "${target.config.workspaceSlug}" and its ${rules} ${rules === 1 ? 'rule' : 'rules'} through the ${api.label}${plan.update_time ? `, last updated ${plan.update_time}` : ''}.`;
  }
  return [
    read,
    'Writing was not tested: Segment offers no request that shows whether a token may change a plan without changing it, and nothing was sent that could. Send to Segment asks before it writes, and says so if Segment refuses the token (403: it needs the Tracking Plan Admin or Workspace Owner role).',
  ];
}
