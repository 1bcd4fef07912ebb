/**
 * The Public API (tp_ plan ids): rules in batches of at most 200 rules and 2 MB, upserted before the rules that
 * left the sheet are removed, so a run that stops half-way leaves every rule either old or new, and running
 * again converges.
 */
import type { TrackingPlan } from '../plan/model';
import { ruleSchema } from '../schema/build-rules';
import { jsonEqual } from '../json/json';
import { PartialUploadError, SegmentApiError } from './errors';
import type { HttpClient } from './http';
import { appUrl } from './links';
import type { ApiUpload, PlanApi, RemotePlan, RuleSet, UploadOptions, UploadStep, UploadTarget } from './plan-api-types';
import {
  MAX_REQUEST_BYTES,
  MAX_RULES_PER_REQUEST,
  openPublicPlan,
  PUBLIC_API_BASE_URL,
  PUBLIC_API_EU_BASE_URL,
  PublicApiClient,
  PublicApiTarget,
  PublicTrackingPlan,
  removalBatches,
  upsertBatches,
  utf8Length,
} from './public-api-client';
import { RetryOptions, retryBefore } from './retry';
import { PublicRule, RuleType, ruleId } from './rules';

/** One Public API rule per event, plus identify, group and common: the same draft-04 schemas as the Config API. */
export function buildPublicRules(plan: TrackingPlan): PublicRule[] {
  return plan.events.map((event) => {
    const rule: PublicRule = {
      type: event.type.toUpperCase() as RuleType,
      version: event.version,
      jsonSchema: ruleSchema(event, { descriptionInSchema: true }),
    };
    if (event.name) return { type: rule.type, key: event.name, version: rule.version, jsonSchema: rule.jsonSchema };
    return rule;
  });
}

export interface PublicUploadOptions {
  /** Rename the plan when set. */
  displayName?: string;
  /** Stop between batches when the next one might not finish before this time (ms since the epoch). */
  deadline?: number;
  /** Time kept for one more batch and the read back. */
  reserveMs?: number;
  /** The plan and rules as just read, so they need not be read again. */
  existing?: { plan: PublicTrackingPlan; rules: PublicRule[] };
  /** Told as each batch, and the read back, begins. */
  onProgress?: (step: UploadStep) => void;
}

export interface PublicUploadResult {
  planId: string;
  planName: string;
  requests: number;
  /** The single PUT, or PATCH/DELETE batches. */
  method: 'replace' | 'batches' | 'unchanged';
  upserted: number;
  removed: number;
  unchanged: number;
  /** Set when the run stopped between batches to stay inside the time limit. */
  stoppedEarly: null | { batchesDone: number; batchesTotal: number };
  /** Rules Segment holds afterwards, and how they differ from the sheet (empty when equal). */
  remoteRules: number;
  differences: string[];
  /** Segment's rules after the upload (as read back), and its updatedAt. */
  after: PublicRule[];
  updatedAt: string | null;
}

export async function uploadPublicRules(
  client: PublicApiClient,
  rules: PublicRule[],
  options: PublicUploadOptions = {},
): Promise<PublicUploadResult> {
  const plan = options.existing?.plan ?? (await client.getPlan());
  const existing = options.existing?.rules ?? (await client.listRules());
  const byId = new Map(existing.map((r) => [ruleId(r), r]));
  const wanted = new Set(rules.map(ruleId));
  const changed = rules.filter((r) => {
    const old = byId.get(ruleId(r));
    return !old || !jsonEqual(old.jsonSchema, r.jsonSchema);
  });
  const removed = existing.filter((r) => !wanted.has(ruleId(r)));
  const result: PublicUploadResult = {
    planId: plan.id,
    planName: plan.name ?? '',
    requests: 0,
    method: 'unchanged',
    upserted: changed.length,
    removed: removed.length,
    unchanged: rules.length - changed.length,
    stoppedEarly: null,
    remoteRules: existing.length,
    differences: [],
    after: existing,
    updatedAt: plan.updatedAt ?? null,
  };

  const single =
    rules.length <= MAX_RULES_PER_REQUEST &&
    existing.length <= MAX_RULES_PER_REQUEST &&
    utf8Length(JSON.stringify({ rules })) <= MAX_REQUEST_BYTES;
  if (changed.length > 0 || removed.length > 0) {
    if (single) {
      result.method = 'replace';
      options.onProgress?.({ step: 'batch', batch: 1, batches: 1 });
      await client.replaceRules(rules);
    } else {
      result.method = 'batches';
      const steps: Array<(retry?: RetryOptions) => Promise<void>> = [
        ...upsertBatches(changed).map((batch) => (retry?: RetryOptions) => client.upsertRules(batch, retry)),
        ...removalBatches(plan.id, client.target.baseUrl || PUBLIC_API_BASE_URL, removed).map(
          (batch) => (retry?: RetryOptions) => client.removeRules(batch, retry),
        ),
      ];
      for (const [i, step] of steps.entries()) {
        const retry = stepRetry(client, options);
        if (retry === null) {
          result.stoppedEarly = { batchesDone: i, batchesTotal: steps.length };
          break;
        }
        options.onProgress?.({ step: 'batch', batch: i + 1, batches: steps.length });
        try {
          await step(retry);
        } catch (e) {
          if (i > 0 && e instanceof SegmentApiError) throw new PartialUploadError(e, i, steps.length);
          throw e;
        }
      }
    }
  }
  const name = options.displayName?.trim();
  if (name && name !== plan.name && !result.stoppedEarly) {
    await client.rename(name);
    result.planName = name;
  }
  if (!result.stoppedEarly && result.method !== 'unchanged') {
    options.onProgress?.({ step: 'reading back' });
    const after = await client.listRules();
    result.after = after;
    result.remoteRules = after.length;
    result.differences = compareRules(rules, after);
    result.updatedAt = (await client.getPlan()).updatedAt ?? null;
  } else if (result.method === 'unchanged') {
    result.differences = compareRules(rules, existing);
  }
  result.requests = client.requests;
  return result;
}

/** Retry options that keep a batch inside the deadline, or null when no batch should start. */
function stepRetry(client: PublicApiClient, options: PublicUploadOptions): RetryOptions | undefined | null {
  return retryBefore(client.retry, options.deadline, options.reserveMs);
}

/** How Segment's rules differ from the sheet's, one line per rule. */
function compareRules(expected: readonly PublicRule[], actual: readonly PublicRule[]): string[] {
  const label = (r: PublicRule) => `${r.type}${r.key !== undefined ? ` "${r.key}"` : ''} v${r.version}`;
  const remote = new Map(actual.map((r) => [ruleId(r), r]));
  const local = new Set(expected.map(ruleId));
  const out: string[] = [];
  for (const rule of expected) {
    const other = remote.get(ruleId(rule));
    if (!other) out.push(`missing in Segment: ${label(rule)}`);
    else if (!jsonEqual(other.jsonSchema, rule.jsonSchema)) out.push(`different in Segment: ${label(rule)}`);
  }
  for (const rule of actual) if (!local.has(ruleId(rule))) out.push(`in Segment but not in the sheet: ${label(rule)}`);
  return out;
}

// ---- the Public API as a PlanApi -----------------------------------------------------------------

function publicRulesOf(ruleSet: RuleSet): PublicRule[] {
  if (!Array.isArray(ruleSet.rules)) throw new Error('Config API rules cannot go to the Public API');
  return ruleSet.rules;
}

function publicTargetOf(target: UploadTarget): { target: PublicApiTarget; workspaceSlug: string } {
  if (!('public' in target)) throw new Error('a Config API target is not a Public API plan');
  return { target: target.public, workspaceSlug: target.workspaceSlug };
}

async function readPublicPlan(http: HttpClient, target: UploadTarget, retry: RetryOptions): Promise<RemotePlan> {
  const client = await openPublicPlan(http, publicTargetOf(target).target, retry);
  const plan = await client.getPlan();
  return {
    api: 'public',
    planId: client.target.trackingPlanId,
    name: plan.name ?? '',
    updatedAt: plan.updatedAt ?? null,
    ruleSet: { api: 'public', rules: await client.listRules() },
  };
}

async function uploadPublic(
  http: HttpClient,
  target: UploadTarget,
  ruleSet: RuleSet,
  retry: RetryOptions,
  options: UploadOptions,
): Promise<ApiUpload> {
  const { target: publicTarget, workspaceSlug } = publicTargetOf(target);
  const remote = options.remote;
  // A plan just read is already resolved to its tp_ id.
  const client = remote
    ? new PublicApiClient(http, { ...publicTarget, trackingPlanId: remote.planId }, retry)
    : await openPublicPlan(http, publicTarget, retry);
  const planId = client.target.trackingPlanId;
  const existing = remote
    ? { plan: { id: planId, name: remote.name, updatedAt: remote.updatedAt ?? undefined }, rules: publicRulesOf(remote.ruleSet) }
    : undefined;
  const result = await uploadPublicRules(client, publicRulesOf(ruleSet), {
    displayName: target.displayName,
    deadline: options.deadline,
    existing,
    onProgress: options.onProgress,
  });
  return {
    api: 'public',
    planId,
    workspaceSlug,
    remoteCount: result.remoteRules,
    differences: result.differences,
    requests: result.requests,
    stoppedEarly: result.stoppedEarly,
    unchanged: result.method === 'unchanged',
    appUrl: workspaceSlug ? appUrl(workspaceSlug, planId) : null,
    after: { api: 'public', rules: result.after },
    updatedAt: result.updatedAt,
  };
}

export const publicApi: PlanApi = {
  label: 'Public API',
  unit: 'rule',
  needsWorkspace: false,
  countsRequests: true,
  ruleSet: (plan) => ({ api: 'public', rules: buildPublicRules(plan) }),
  requestBody: (plan) => ({ rules: buildPublicRules(plan) }),
  requestLine: (planId) => `PUT (or PATCH and DELETE in batches of 200) …/tracking-plans/${planId || '{plan id}'}/rules`,
  publicRules: (ruleSet) => publicRulesOf(ruleSet),
  ruleCount: (ruleSet) => publicRulesOf(ruleSet).length,
  planProblems: () => [],
  target: (s) => ({
    api: 'public',
    public: {
      baseUrl: s.baseUrl || (s.eu ? PUBLIC_API_EU_BASE_URL : PUBLIC_API_BASE_URL),
      token: s.token,
      trackingPlanId: s.trackingPlanId,
    },
    displayName: s.displayName,
    workspaceSlug: s.workspaceSlug,
  }),
  baseUrlOn: (origin) => origin,
  describeTarget: (target) => {
    const { target: t, workspaceSlug } = publicTargetOf(target);
    const id = t.trackingPlanId;
    return `tracking plan ${id}${id.startsWith('rs_') ? ' (through the Public API)' : ''}${workspaceSlug ? ` in workspace "${workspaceSlug}"` : ''}`;
  },
  read: readPublicPlan,
  upload: uploadPublic,
};
