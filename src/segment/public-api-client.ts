/**
 * The Public API's requests for one tracking plan (tp_ ids): reads checked against Segment's documented shapes,
 * writes in batches of at most 200 rules and 2 MB, removals in URLs under UrlFetchApp's 2 KB.
 */
import { isJsonObject, JsonObject } from '../json/json';
import { apiError, SegmentApiError } from './errors';
import { HttpClient, HttpRequest, parseJson } from './http';
import { listingPage, malformedReply, publicData, ruleProblem } from './reply-shapes';
import { RetryOptions, sendWithRetries } from './retry';
import { PublicRule } from './rules';

export const PUBLIC_API_BASE_URL = 'https://api.segmentapis.com';
export const PUBLIC_API_EU_BASE_URL = 'https://eu1.api.segmentapis.com';
export const MAX_RULES_PER_REQUEST = 200;
/** Segment caps tracking plan requests at 2 MB; stay a little under it. */
export const MAX_REQUEST_BYTES = 2_000_000;
/** UrlFetchApp refuses URLs over 2 KB; DELETE names its rules in the query string. */
const MAX_URL_LENGTH = 2_000;

export interface PublicApiTarget {
  baseUrl?: string;
  token: string;
  /** tp_…; an rs_… id is mapped to its tp_ id through the plans list. */
  trackingPlanId: string;
}

export interface PublicTrackingPlan {
  id: string;
  name?: string;
  slug?: string;
  description?: string;
  resourceSchemaId?: string;
  createdAt?: string;
  updatedAt?: string;
}

function base(target: Pick<PublicApiTarget, 'baseUrl'>): string {
  return (target.baseUrl || PUBLIC_API_BASE_URL).replace(/\/+$/, '');
}

function request(target: PublicApiTarget, method: HttpRequest['method'], path: string, body?: unknown): HttpRequest {
  const headers: Record<string, string> = { Authorization: `Bearer ${target.token}`, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return { method, url: `${base(target)}${path}`, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
}

/** Plain JSON bytes, counted without TextEncoder (Apps Script lacks it). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

export class PublicApiClient {
  /** Requests sent (each retry counts), for reports and the bench. */
  requests = 0;

  constructor(
    private readonly http: HttpClient,
    readonly target: PublicApiTarget,
    readonly retry: RetryOptions,
  ) {}

  /** Sends a request; a read resolves with the answer's `data`, checked to be one (writes are read back instead). */
  private async send(req: HttpRequest, action: string, retry: RetryOptions = this.retry): Promise<JsonObject> {
    const outcome = await sendWithRetries(this.http, req, retry);
    this.requests += outcome.attempts;
    if (outcome.kind === 'response' && outcome.response.status >= 200 && outcome.response.status < 300) {
      if (req.method === 'GET') return publicData(outcome.response.body, action);
      const body = parseJson(outcome.response.body);
      return isJsonObject(body) && isJsonObject(body.data) ? body.data : {};
    }
    throw apiError(outcome, { action, notFound: `Segment found no tracking plan "${this.target.trackingPlanId}" for this token` });
  }

  async getPlan(): Promise<PublicTrackingPlan> {
    const data = await this.send(
      request(this.target, 'GET', `/tracking-plans/${encodeURIComponent(this.target.trackingPlanId)}`),
      `read tracking plan ${this.target.trackingPlanId}`,
    );
    const plan = data.trackingPlan;
    const action = `read tracking plan ${this.target.trackingPlanId}`;
    if (!isJsonObject(plan) || typeof plan.id !== 'string') throw malformedReply(action, 'it holds no tracking plan');
    if (plan.id !== this.target.trackingPlanId) throw malformedReply(action, `it is plan ${plan.id}, not ${this.target.trackingPlanId}`);
    return plan as unknown as PublicTrackingPlan;
  }

  async rename(name: string): Promise<void> {
    await this.send(
      request(this.target, 'PATCH', `/tracking-plans/${encodeURIComponent(this.target.trackingPlanId)}`, { name }),
      `rename tracking plan ${this.target.trackingPlanId}`,
    );
  }

  /** Every rule of the plan, 200 a page. */
  listRules(): Promise<PublicRule[]> {
    const id = encodeURIComponent(this.target.trackingPlanId);
    return this.listAll<PublicRule>(
      `/tracking-plans/${id}/rules`,
      'rules',
      `list the rules of tracking plan ${this.target.trackingPlanId}`,
      ruleProblem,
    );
  }

  /** How many rules the plan holds: one page of one rule, whose pagination says the total (else every page is read). */
  async countRules(): Promise<number> {
    const id = encodeURIComponent(this.target.trackingPlanId);
    const action = `count the rules of tracking plan ${this.target.trackingPlanId}`;
    const data = await this.send(request(this.target, 'GET', `/tracking-plans/${id}/rules?pagination.count=1`), action);
    const page = listingPage<PublicRule>(data, 'rules', action, ruleProblem);
    return page.total ?? (page.next ? (await this.listRules()).length : page.items.length);
  }

  /** Creates a LIVE plan (one that validates events) in the token's workspace; answers with it as Segment shows it. */
  async createPlan(name: string): Promise<PublicTrackingPlan> {
    const action = `create tracking plan "${name}"`;
    // Sent once: a create that met a server error or a dropped connection may have been made, and sending it again
    // could make two plans.
    const once = { ...this.retry, maxAttempts: 1 };
    const outcome = await sendWithRetries(this.http, request(this.target, 'POST', '/tracking-plans', { name, type: 'LIVE' }), once);
    this.requests += outcome.attempts;
    if (outcome.kind !== 'response' || outcome.response.status < 200 || outcome.response.status >= 300)
      throw apiError(outcome, { action, notFound: 'Segment found no Protocols in this workspace (tracking plans need it enabled)' });
    const plan = publicData(outcome.response.body, action).trackingPlan;
    if (!isJsonObject(plan) || typeof plan.id !== 'string' || !plan.id) throw malformedReply(action, 'it holds no tracking plan id');
    return plan as unknown as PublicTrackingPlan;
  }

  /** All plans of the token's workspace (to map an rs_ id to its tp_ id). */
  listPlans(): Promise<PublicTrackingPlan[]> {
    return this.listAll<PublicTrackingPlan>('/tracking-plans', 'trackingPlans', 'list tracking plans', (plan) =>
      isJsonObject(plan) && typeof plan.id === 'string' ? null : 'a plan without an id',
    );
  }

  /**
   * Follows `pagination.next` cursors until the last page. Every page must be the documented shape, and the
   * listing must reach the count Segment states (`totalEntries`): a listing cut short is not the plan.
   */
  private async listAll<T>(path: string, field: string, action: string, itemProblem: (item: unknown) => string | null): Promise<T[]> {
    const items: T[] = [];
    const seen = new Set<string>();
    let total: number | null = null;
    let cursor: string | null = null;
    do {
      const query = `pagination.count=${MAX_RULES_PER_REQUEST}${cursor ? `&pagination.cursor=${encodeURIComponent(cursor)}` : ''}`;
      const data = await this.send(request(this.target, 'GET', `${path}?${query}`), action);
      const page = listingPage<T>(data, field, action, itemProblem);
      for (const item of page.items) items.push(item);
      total = total ?? page.total;
      if (page.next && seen.has(page.next)) throw malformedReply(action, 'its pages lead back to a page already read');
      if (page.next) seen.add(page.next);
      cursor = page.next;
    } while (cursor);
    if (total !== null && items.length !== total) {
      throw malformedReply(action, `its pages hold ${items.length} of the ${total} entries it says there are`);
    }
    return items;
  }

  async replaceRules(rules: PublicRule[]): Promise<void> {
    await this.send(
      request(this.target, 'PUT', `/tracking-plans/${encodeURIComponent(this.target.trackingPlanId)}/rules`, { rules }),
      'replace the rules',
    );
  }

  async upsertRules(rules: PublicRule[], retry?: RetryOptions): Promise<void> {
    await this.send(
      request(this.target, 'PATCH', `/tracking-plans/${encodeURIComponent(this.target.trackingPlanId)}/rules`, { rules }),
      'update rules',
      retry,
    );
  }

  async removeRules(rules: PublicRule[], retry?: RetryOptions): Promise<void> {
    await this.send(request(this.target, 'DELETE', removalPath(this.target.trackingPlanId, rules)), 'remove rules', retry);
  }
}

/** `rules[0][type]=TRACK&rules[0][key]=…&rules[0][version]=1`, as Segment's own SDK writes the list. */
function removalPath(planId: string, rules: readonly PublicRule[]): string {
  const params = rules.flatMap((r, i) => [
    `rules%5B${i}%5D%5Btype%5D=${r.type}`,
    ...(r.key !== undefined ? [`rules%5B${i}%5D%5Bkey%5D=${encodeURIComponent(r.key)}`] : []),
    `rules%5B${i}%5D%5Bversion%5D=${r.version}`,
  ]);
  return `/tracking-plans/${encodeURIComponent(planId)}/rules?${params.join('&')}`;
}

/** Splits rules into request bodies of at most 200 rules and 2 MB. */
export function upsertBatches(rules: readonly PublicRule[], maxBytes = MAX_REQUEST_BYTES): PublicRule[][] {
  const batches: PublicRule[][] = [];
  let batch: PublicRule[] = [];
  let bytes = utf8Length('{"rules":[]}');
  for (const rule of rules) {
    const size = utf8Length(JSON.stringify(rule)) + 1;
    if (size + utf8Length('{"rules":[]}') > maxBytes) {
      throw new SegmentApiError(
        `The rules of ${rule.key ? `"${rule.key}"` : rule.type} take ${(size / 1e6).toFixed(1)} MB, more than Segment accepts in one request (2 MB). Split the event or shorten its descriptions.`,
        'too-large',
        null,
        0,
      );
    }
    if (batch.length >= MAX_RULES_PER_REQUEST || bytes + size > maxBytes) {
      batches.push(batch);
      batch = [];
      bytes = utf8Length('{"rules":[]}');
    }
    batch.push(rule);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** Splits removals into DELETE requests of at most 200 rules whose URL stays under UrlFetchApp's 2 KB. */
export function removalBatches(planId: string, baseUrl: string, rules: readonly PublicRule[]): PublicRule[][] {
  const batches: PublicRule[][] = [];
  let batch: PublicRule[] = [];
  for (const rule of rules) {
    const next = [...batch, rule];
    if (batch.length > 0 && (next.length > MAX_RULES_PER_REQUEST || baseUrl.length + removalPath(planId, next).length > MAX_URL_LENGTH)) {
      batches.push(batch);
      batch = [rule];
    } else batch = next;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/**
 * A client for the plan the target names by its tp_ id, or by its rs_ id (looked up through the plans list,
 * whose requests the client goes on counting).
 */
export async function openPublicPlan(http: HttpClient, target: PublicApiTarget, retry: RetryOptions): Promise<PublicApiClient> {
  const client = new PublicApiClient(http, target, retry);
  const id = target.trackingPlanId;
  if (!id.startsWith('rs_')) return client;
  const plan = (await client.listPlans()).find((p) => p.resourceSchemaId === id || p.id === id);
  if (!plan) {
    throw new SegmentApiError(
      `No Public API tracking plan has the Config API id "${id}" in this token's workspace. Use the plan's tp_ id.`,
      'not-found',
      404,
      1,
    );
  }
  const resolved = new PublicApiClient(http, { ...target, trackingPlanId: plan.id }, retry);
  resolved.requests = client.requests;
  return resolved;
}
