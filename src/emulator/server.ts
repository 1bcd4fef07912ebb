/**
 * A local stand-in for Segment's tracking plan endpoints (Config API v1beta and Public API), strict the way
 * Segment is: tokens, workspaces, update masks, rule limits, request size, JSON Schema validity, rate limits.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { containsEmoji } from '../plan/cell-values';
import { isJsonObject, JsonObject } from '../json/json';
import { configRulesToPublic, publicRulesToConfig, PublicRule, RULE_TYPES, ruleId } from '../segment/rules';
import { EmulatorSeed, EmulatorState, StoredPlan, TokenGrant } from './state';

export const MAX_RULES_PER_REQUEST = 200;
export const MAX_PUBLIC_BODY_BYTES = 2 * 1024 * 1024;
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface EmulatorOptions {
  seed?: EmulatorSeed;
  /** Requests allowed per token per window before 429 (Segment: 200 a minute on the rules endpoints). */
  rateLimit?: { requests: number; windowMs: number };
  clock?: () => number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  bytes: number;
  /** Rules in the request body or query (Public API rule writes). */
  rules?: number;
}

type FaultAction =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'delay'; ms: number }
  | { kind: 'drop' }
  | { kind: 'before'; run: (state: EmulatorState) => void };

interface Fault {
  remaining: number;
  match: RequestMatch;
  action: FaultAction;
}

type RequestMatch = (method: string, path: string) => boolean;
const any: RequestMatch = () => true;

/** Matches only the nth request (1-based) that `match` matches: "fail the third PATCH". */
export function nth(n: number, match: RequestMatch): RequestMatch {
  let seen = 0;
  return (method, path) => match(method, path) && ++seen === n;
}

/** Failures to inject into the next requests (optionally only those a predicate matches). */
export class Faults {
  readonly queue: Fault[] = [];
  failNext(count: number, status: number, body?: unknown, headers?: Record<string, string>, match: RequestMatch = any): this {
    this.queue.push({ remaining: count, match, action: { kind: 'status', status, body, headers } });
    return this;
  }
  delayNext(count: number, ms: number, match: RequestMatch = any): this {
    this.queue.push({ remaining: count, match, action: { kind: 'delay', ms } });
    return this;
  }
  /** Runs `run` on the stored plans before the next matching requests are handled (an edit made in Segment meanwhile). */
  beforeNext(count: number, run: (state: EmulatorState) => void, match: RequestMatch = any): this {
    this.queue.push({ remaining: count, match, action: { kind: 'before', run } });
    return this;
  }
  dropNext(count: number, match: RequestMatch = any): this {
    this.queue.push({ remaining: count, match, action: { kind: 'drop' } });
    return this;
  }
  clear(): void {
    this.queue.length = 0;
  }
  take(method: string, path: string): FaultAction | null {
    const fault = this.queue.find((f) => f.remaining > 0 && f.match(method, path));
    if (!fault) return null;
    fault.remaining--;
    if (fault.remaining === 0) this.queue.splice(this.queue.indexOf(fault), 1);
    return fault.action;
  }
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

type Api = 'config' | 'public';

const CONFIG_CODES: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 409: 6, 413: 3, 422: 3, 429: 8, 500: 13 };
const PUBLIC_TYPES: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  413: 'payload-too-large',
  422: 'validation',
  429: 'rate-limit',
  500: 'server-error',
};

export class SegmentEmulator {
  readonly state: EmulatorState;
  readonly faults = new Faults();
  readonly requests: LoggedRequest[] = [];
  private readonly server: http.Server;
  private readonly ajv: Ajv;
  private readonly rateWindows = new Map<string, number[]>();
  private readonly clock: () => number;
  baseUrl = '';

  constructor(private readonly options: EmulatorOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.state = new EmulatorState(options.seed, this.clock);
    this.ajv = new Ajv({ strict: false, unicodeRegExp: false, validateFormats: true });
    addFormats(this.ajv);
    this.server = http.createServer((req, res) => {
      // One bad request must never take the emulator down: whatever the handler throws is answered here.
      this.handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ error: `emulator error: ${e instanceof Error ? e.message : String(e)}` }));
        } else res.destroy();
      });
    });
  }

  /** Listens on 127.0.0.1 (port 0: any free port) and resolves with the base URL. */
  listen(port = 0): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        const address = this.server.address() as AddressInfo;
        this.baseUrl = `http://127.0.0.1:${address.port}`;
        resolve(this.baseUrl);
      });
    });
  }

  /** The Config API's base URL (`API Base URL` for an rs_ plan). */
  get configBaseUrl(): string {
    return `${this.baseUrl}/v1beta`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections?.();
      this.server.close(() => resolve());
    });
  }

  setRateLimit(limit: EmulatorOptions['rateLimit']): void {
    this.options.rateLimit = limit;
    this.rateWindows.clear();
  }

  // ---- plumbing -------------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://emulator');
    } catch {
      this.log(req.method ?? 'GET', req.url ?? '', 400, 0);
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ type: 'bad-request', message: `invalid request URL: ${req.url ?? ''}` }] }));
      return;
    }
    const method = req.method ?? 'GET';
    const api: Api = url.pathname.startsWith('/v1beta/') ? 'config' : 'public';
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      res.destroy();
      return;
    }
    const fault = this.faults.take(method, url.pathname);
    if (fault?.kind === 'drop') {
      this.log(method, url.pathname, 0, body.length);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
    if (fault?.kind === 'before') fault.run(this.state);
    let reply: Reply;
    let rules: number | undefined;
    if (fault?.kind === 'status') {
      reply = { status: fault.status, body: fault.body ?? this.errorBody(api, fault.status, 'injected failure'), headers: fault.headers };
    } else {
      try {
        const token = this.authenticate(req);
        const limited = this.rateLimit(token.token, api);
        if (limited) reply = limited;
        else {
          const result = this.route(api, method, url, body, token);
          reply = result.reply;
          rules = result.rules;
          reply.headers = { ...this.rateHeaders(token.token), ...reply.headers };
        }
      } catch (e) {
        if (!(e instanceof HttpError)) {
          reply = { status: 500, body: this.errorBody(api, 500, `emulator error: ${(e as Error).message}`) };
        } else reply = { status: e.status, body: this.errorBody(api, e.status, e.message, e.field) };
      }
    }
    this.log(method, url.pathname, reply.status, body.length, rules);
    // An injected string body goes out as it is (an HTML error page from a proxy, say).
    const raw = typeof reply.body === 'string';
    const text = raw ? (reply.body as string) : JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'Content-Type': raw ? 'text/html' : 'application/json', ...reply.headers });
    res.end(text);
  }

  private log(method: string, path: string, status: number, bytes: number, rules?: number): void {
    this.requests.push({ method, path, status, bytes, ...(rules === undefined ? {} : { rules }) });
  }

  private errorBody(api: Api, status: number, message: string, field?: string): unknown {
    if (api === 'config') return { error: message, code: CONFIG_CODES[status] ?? 2 };
    return { errors: [{ type: PUBLIC_TYPES[status] ?? 'error', message, ...(field ? { field } : {}) }] };
  }

  private authenticate(req: http.IncomingMessage): TokenGrant {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const grant = match ? this.state.tokens.get(match[1]) : undefined;
    if (!grant) throw new HttpError(401, match ? 'Unauthenticated: the access token is invalid' : 'Unauthenticated: no access token');
    return grant;
  }

  private rateLimit(token: string, api: Api): Reply | null {
    const limit = this.options.rateLimit;
    if (!limit) return null;
    const now = this.clock();
    const window = (this.rateWindows.get(token) ?? []).filter((t) => now - t < limit.windowMs);
    this.rateWindows.set(token, window);
    if (window.length < limit.requests) {
      window.push(now);
      return null;
    }
    const msBeforeNext = window.length > 0 ? Math.max(1, limit.windowMs - (now - window[0])) : limit.windowMs;
    const headers = {
      'X-RateLimit-Limit': String(limit.requests),
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': String(Math.ceil((now + msBeforeNext) / 1000)),
      ...(api === 'config' ? { 'Retry-After': String(Math.ceil(msBeforeNext / 1000)) } : {}),
    };
    const body =
      api === 'config'
        ? { error: 'Too Many Requests', code: 8 }
        : { errors: [{ type: 'rate-limit', message: 'Too many requests', data: { msBeforeNext } }] };
    return { status: 429, body, headers };
  }

  private rateHeaders(token: string): Record<string, string> {
    const limit = this.options.rateLimit;
    if (!limit) return {};
    const used = this.rateWindows.get(token)?.length ?? 0;
    return {
      'X-RateLimit-Consumed': String(used),
      'X-RateLimit-Remaining': String(Math.max(0, limit.requests - used)),
      'X-RateLimit-Reset': String(Math.ceil((this.clock() + limit.windowMs) / 1000)),
    };
  }

  private route(api: Api, method: string, url: URL, raw: Buffer, token: TokenGrant): { reply: Reply; rules?: number } {
    const path = url.pathname.replace(/\/+$/, '');
    const write = method !== 'GET';
    if (write && token.access !== 'write') {
      throw new HttpError(403, 'PermissionDenied: an access token with write scope is required for this method');
    }
    if (api === 'public' && raw.length > MAX_PUBLIC_BODY_BYTES) {
      throw new HttpError(413, `Request body of ${raw.length} bytes exceeds the 2 MB limit for tracking plan requests`);
    }
    const body = write && method !== 'DELETE' ? parseBody(raw) : undefined;
    if (api === 'config') return { reply: this.config(method, path, url, body, token) };
    return this.public(method, path, url, body, token);
  }

  // ---- Config API v1beta ----------------------------------------------------------------------

  private config(method: string, path: string, url: URL, body: unknown, token: TokenGrant): Reply {
    const m = /^\/v1beta\/workspaces\/([^/]+)\/tracking-plans(?:\/([^/]+))?$/.exec(path);
    if (!m) throw new HttpError(404, `Not Found: no route for ${method} ${path}`);
    const slug = decodeURIComponent(m[1]);
    const id = m[2] ? decodeURIComponent(m[2]) : undefined;
    if (slug !== token.workspace) throw new HttpError(404, `workspace "${slug}" not found`);
    if (!id) {
      if (method === 'GET') return this.configList(slug, url);
      if (method === 'POST') {
        const input = isJsonObject(body) && isJsonObject(body.tracking_plan) ? body.tracking_plan : null;
        if (!input) throw new HttpError(400, 'tracking_plan is required');
        const rules = this.configRules(input.rules);
        const plan = this.state.addPlan({ workspace: slug, name: typeof input.display_name === 'string' ? input.display_name : '', rules });
        return { status: 200, body: configPlan(plan) };
      }
      throw new HttpError(404, `Not Found: no route for ${method} ${path}`);
    }
    const plan = this.state.byConfigId(slug, id);
    if (!plan) throw new HttpError(404, `tracking plan "${id}" not found in workspace "${slug}"`);
    if (method === 'GET') return { status: 200, body: configPlan(plan) };
    if (method === 'DELETE') {
      this.state.remove(plan);
      return { status: 200, body: {} };
    }
    if (method === 'PUT' || method === 'PATCH') {
      if (!isJsonObject(body)) throw new HttpError(400, 'the body must be a JSON object');
      const mask = isJsonObject(body.update_mask) ? body.update_mask.paths : undefined;
      if (!Array.isArray(mask) || mask.length === 0) throw new HttpError(400, 'update_mask.paths is required');
      const input = isJsonObject(body.tracking_plan) ? body.tracking_plan : {};
      // Masked paths absent from the body are emptied; data without its path is ignored.
      const updates: Array<() => void> = [];
      for (const p of mask) {
        if (p === 'tracking_plan.display_name') {
          const name = typeof input.display_name === 'string' ? input.display_name : '';
          updates.push(() => (plan.name = name));
        } else if (p === 'tracking_plan.rules') {
          const rules = this.configRules(input.rules);
          updates.push(() => (plan.rules = rules));
        } else throw new HttpError(400, `invalid update_mask path "${String(p)}"`);
      }
      updates.forEach((apply) => apply());
      plan.updatedAt = this.state.now();
      return { status: 200, body: configPlan(plan) };
    }
    throw new HttpError(404, `Not Found: no route for ${method} ${path}`);
  }

  private configList(slug: string, url: URL): Reply {
    const size = clamp(Number(url.searchParams.get('page_size') ?? 10) || 10, 1, 100);
    const offset = decodeCursor(url.searchParams.get('page_token'));
    const plans = this.state.plans.filter((p) => p.workspace === slug);
    const page = plans.slice(offset, offset + size);
    return {
      status: 200,
      body: {
        tracking_plans: page.map((p) => {
          const { rules: _rules, ...rest } = configPlan(p);
          return rest;
        }),
        next_page_token: offset + size < plans.length ? encodeCursor(offset + size) : '',
      },
    };
  }

  private configRules(value: unknown): PublicRule[] {
    if (value === undefined || value === null) return [];
    if (!isJsonObject(value)) throw new HttpError(400, 'tracking_plan.rules must be an object');
    if (value.events !== undefined && !Array.isArray(value.events)) throw new HttpError(400, 'tracking_plan.rules.events must be a list');
    const events = (value.events ?? []) as unknown[];
    events.forEach((e, i) => {
      if (!isJsonObject(e) || typeof e.name !== 'string' || !e.name) throw new HttpError(400, `rules.events[${i}].name is required`);
    });
    const rules = configRulesToPublic(value as never);
    rules.forEach((rule, i) => this.checkSchema(rule.jsonSchema, `rules[${i}]`));
    const at = this.state.now();
    return rules.map((r) => ({ ...r, createdAt: at, updatedAt: at }));
  }

  private checkSchema(schema: unknown, where: string): void {
    if (!isJsonObject(schema)) throw new HttpError(400, `${where}: the JSON schema must be an object`);
    const text = JSON.stringify(schema);
    if (containsEmoji(text)) throw new HttpError(400, `${where}: emojis are not supported in tracking plan JSON schemas`);
    if (!this.ajv.validateSchema(schema)) {
      throw new HttpError(400, `${where}: invalid JSON schema: ${this.ajv.errorsText(this.ajv.errors)}`);
    }
  }

  // ---- Public API -----------------------------------------------------------------------------

  private public(method: string, path: string, url: URL, body: unknown, token: TokenGrant): { reply: Reply; rules?: number } {
    if (path === '/tracking-plans' && method === 'GET') return { reply: this.publicListPlans(url, token) };
    const m = /^\/tracking-plans\/([^/]+)(\/rules)?$/.exec(path);
    if (!m) throw new HttpError(404, `Resource not found: ${method} ${path}`);
    const plan = this.state.byPublicId(token.workspace, decodeURIComponent(m[1]));
    if (!plan) throw new HttpError(404, `Resource not found: tracking plan ${decodeURIComponent(m[1])}`);
    const ok = (data: unknown): Reply => ({ status: 200, body: { data } });
    if (!m[2]) {
      if (method === 'GET') return { reply: ok({ trackingPlan: publicPlan(plan) }) };
      if (method === 'PATCH') {
        if (!isJsonObject(body)) throw new HttpError(422, 'the body must be a JSON object');
        if (body.name !== undefined) {
          if (typeof body.name !== 'string' || !body.name.trim()) throw new HttpError(422, 'name must be a non-empty string', 'name');
          plan.name = body.name;
        }
        if (typeof body.description === 'string') plan.description = body.description;
        plan.updatedAt = this.state.now();
        return { reply: ok({ trackingPlan: publicPlan(plan) }) };
      }
      if (method === 'DELETE') {
        this.state.remove(plan);
        return { reply: ok({ status: 'SUCCESS' }) };
      }
      throw new HttpError(404, `Resource not found: ${method} ${path}`);
    }
    if (method === 'GET') return { reply: ok(this.publicListRules(plan, url)) };
    if (method === 'DELETE') {
      const removals = parseRemovals(url);
      this.checkCount(removals.length, 'remove');
      const ids = new Set(removals.map(ruleId));
      plan.rules = plan.rules.filter((r) => !ids.has(ruleId(r)));
      plan.updatedAt = this.state.now();
      return { reply: ok({ status: 'SUCCESS' }), rules: removals.length };
    }
    const input = isJsonObject(body) && Array.isArray(body.rules) ? body.rules : null;
    if (!input) throw new HttpError(422, 'rules is required', 'rules');
    this.checkCount(input.length, method === 'PUT' ? 'replace' : 'update');
    const rules = input.map((r, i) => this.publicRuleInput(r, i));
    const at = this.state.now();
    if (method === 'PUT') {
      if (plan.rules.length > MAX_RULES_PER_REQUEST) {
        throw new HttpError(
          400,
          `Can not replace more than ${MAX_RULES_PER_REQUEST} existing rules (the plan has ${plan.rules.length}). Please use DELETE and PATCH methods.`,
        );
      }
      plan.rules = rules.map(({ newKey: _newKey, ...r }) => ({ ...r, createdAt: at, updatedAt: at }));
    } else if (method === 'PATCH') {
      for (const { newKey, ...rule } of rules) {
        const existing = plan.rules.find((r) => ruleId(r) === ruleId(rule));
        if (existing) {
          existing.jsonSchema = rule.jsonSchema;
          if (newKey) existing.key = newKey;
          existing.updatedAt = at;
        } else plan.rules.push({ ...rule, ...(newKey ? { key: newKey } : {}), createdAt: at, updatedAt: at });
      }
    } else throw new HttpError(404, `Resource not found: ${method} ${path}`);
    plan.updatedAt = at;
    return { reply: ok({ status: 'SUCCESS' }), rules: rules.length };
  }

  private checkCount(count: number, verb: string): void {
    if (count > MAX_RULES_PER_REQUEST) {
      throw new HttpError(400, `Can not ${verb} more than ${MAX_RULES_PER_REQUEST} rules in one request (got ${count})`);
    }
  }

  private publicRuleInput(value: unknown, i: number): PublicRule & { newKey?: string } {
    const field = `rules.${i}`;
    if (!isJsonObject(value)) throw new HttpError(422, `${field} must be an object`, field);
    const type = value.type;
    if (typeof type !== 'string' || !(RULE_TYPES as readonly string[]).includes(type)) {
      throw new HttpError(422, `${field}.type must be one of ${RULE_TYPES.join(', ')}`, `${field}.type`);
    }
    const keyed = type === 'TRACK' || type === 'PAGE' || type === 'SCREEN';
    if (keyed && (typeof value.key !== 'string' || !value.key))
      throw new HttpError(422, `${field}.key is required for ${type} rules`, `${field}.key`);
    if (typeof value.version !== 'number' || !Number.isInteger(value.version) || value.version < 1) {
      throw new HttpError(422, `${field}.version must be a positive integer`, `${field}.version`);
    }
    try {
      this.checkSchema(value.jsonSchema, `${field}.jsonSchema`);
    } catch (e) {
      throw new HttpError(422, (e as Error).message, `${field}.jsonSchema`);
    }
    const rule: PublicRule & { newKey?: string } = {
      type: type as PublicRule['type'],
      version: value.version,
      jsonSchema: value.jsonSchema as JsonObject,
    };
    if (keyed) rule.key = value.key as string;
    if (typeof value.newKey === 'string' && value.newKey) rule.newKey = value.newKey;
    return rule;
  }

  private publicListPlans(url: URL, token: TokenGrant): Reply {
    const plans = this.state.plans.filter((p) => p.workspace === token.workspace);
    const { page, pagination } = paginate(plans, url, 200);
    return { status: 200, body: { data: { trackingPlans: page.map(publicPlan), pagination } } };
  }

  private publicListRules(plan: StoredPlan, url: URL): unknown {
    const { page, pagination } = paginate(plan.rules, url, 200);
    return { rules: page, pagination };
  }
}

function configPlan(plan: StoredPlan) {
  return {
    name: `workspaces/${plan.workspace}/tracking-plans/${plan.resourceSchemaId}`,
    display_name: plan.name,
    rules: publicRulesToConfig(plan.rules),
    create_time: plan.createdAt,
    update_time: plan.updatedAt,
  };
}

function publicPlan(plan: StoredPlan) {
  return {
    id: plan.id,
    resourceSchemaId: plan.resourceSchemaId,
    slug: plan.slug,
    name: plan.name,
    description: plan.description,
    type: plan.type,
    createdAt: plan.createdAt,
    updatedAt: plan.updatedAt,
  };
}

/** `pagination.count` / `pagination.cursor` as the docs write them, or `pagination[count]` as Segment's SDK sends them. */
function paginate<T>(items: readonly T[], url: URL, max: number) {
  const param = (name: string) => url.searchParams.get(`pagination.${name}`) ?? url.searchParams.get(`pagination[${name}]`);
  const count = param('count');
  const size = count === null ? 10 : Number(count);
  if (!Number.isInteger(size) || size < 1 || size > max)
    throw new HttpError(422, `pagination.count must be between 1 and ${max}`, 'pagination.count');
  const cursor = param('cursor');
  const offset = decodeCursor(cursor);
  const page = items.slice(offset, offset + size);
  const pagination: Record<string, unknown> = { current: encodeCursor(offset), totalEntries: items.length };
  if (offset + size < items.length) pagination.next = encodeCursor(offset + size);
  if (offset > 0) pagination.previous = encodeCursor(Math.max(0, offset - size));
  return { page, pagination };
}

function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function decodeCursor(cursor: string | null): number {
  if (!cursor) return 0;
  const m = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new HttpError(422, 'invalid pagination cursor', 'pagination.cursor');
  return Number(m[1]);
}

/** `rules[0][type]=TRACK&rules[0][key]=…&rules[0][version]=1` (Segment's SDK), or `rules=<JSON list>`. */
function parseRemovals(url: URL): Array<Pick<PublicRule, 'type' | 'key' | 'version'>> {
  const json = url.searchParams.get('rules');
  if (json) {
    try {
      const list = JSON.parse(json) as unknown;
      if (Array.isArray(list)) return list as Array<Pick<PublicRule, 'type' | 'key' | 'version'>>;
    } catch {
      throw new HttpError(422, 'rules must be a JSON list or rules[i][field] parameters', 'rules');
    }
  }
  const byIndex = new Map<number, Record<string, string>>();
  for (const [name, value] of url.searchParams) {
    const m = /^rules\[(\d+)\]\[(type|key|version)\]$/.exec(name);
    if (!m) continue;
    const entry = byIndex.get(Number(m[1])) ?? {};
    entry[m[2]] = value;
    byIndex.set(Number(m[1]), entry);
  }
  if (byIndex.size === 0) throw new HttpError(422, 'rules to remove are required', 'rules');
  return [...byIndex.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, r]) => ({ type: r.type as PublicRule['type'], ...(r.key ? { key: r.key } : {}), version: Number(r.version ?? 1) }));
}

function parseBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'Invalid JSON: the request body could not be parsed');
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new Error('too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}

export async function startEmulator(options: EmulatorOptions = {}, port = 0): Promise<SegmentEmulator> {
  const emulator = new SegmentEmulator(options);
  await emulator.listen(port);
  return emulator;
}
