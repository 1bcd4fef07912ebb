/** The Public API as the emulator speaks it: plans by tp_ id, rules listed with cursors, replaced, upserted and removed. */
import { JsonObject, isJsonObject } from '../json/json';
import { PublicRule, RULE_TYPES, ruleId } from '../segment/rules';
import type { Dialect } from './dialect';
import { HttpError, MAX_RULES_PER_REQUEST, paginate, parseBody, parseRemovals, publicPlan, Reply, SchemaChecker } from './shared';
import { EmulatorState, PLAN_TYPES, StoredPlan, TokenGrant } from './state';

/** Segment caps tracking plan requests at 2 MB. */
export const MAX_PUBLIC_BODY_BYTES = 2 * 1024 * 1024;

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

export class PublicDialect implements Dialect {
  constructor(
    private readonly state: EmulatorState,
    private readonly schemas: SchemaChecker,
  ) {}

  errorBody(status: number, message: string, field?: string): unknown {
    return { errors: [{ type: PUBLIC_TYPES[status] ?? 'error', message, ...(field ? { field } : {}) }] };
  }

  rateLimited(msBeforeNext: number): Reply {
    return { status: 429, body: { errors: [{ type: 'rate-limit', message: 'Too many requests', data: { msBeforeNext } }] } };
  }

  route(method: string, path: string, url: URL, raw: Buffer, token: TokenGrant): { reply: Reply; rules?: number } {
    if (raw.length > MAX_PUBLIC_BODY_BYTES) {
      throw new HttpError(413, `Request body of ${raw.length} bytes exceeds the 2 MB limit for tracking plan requests`);
    }
    const body = method !== 'GET' && method !== 'DELETE' ? parseBody(raw) : undefined;
    return this.answer(method, path, url, body, token);
  }

  private answer(method: string, path: string, url: URL, body: unknown, token: TokenGrant): { reply: Reply; rules?: number } {
    if (path === '/tracking-plans' && method === 'GET') return { reply: this.publicListPlans(url, token) };
    if (path === '/tracking-plans' && method === 'POST') return { reply: this.publicCreatePlan(body, token) };
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
      // By id, not a search of the plan per rule: a 2,000-rule plan patched 200 rules at a time stays linear.
      const byId = new Map(plan.rules.map((r) => [ruleId(r), r]));
      for (const { newKey, ...rule } of rules) {
        const existing = byId.get(ruleId(rule));
        if (existing) {
          existing.jsonSchema = rule.jsonSchema;
          if (newKey) {
            byId.delete(ruleId(existing));
            existing.key = newKey;
            byId.set(ruleId(existing), existing);
          }
          existing.updatedAt = at;
        } else {
          const added = { ...rule, ...(newKey ? { key: newKey } : {}), createdAt: at, updatedAt: at };
          plan.rules.push(added);
          byId.set(ruleId(added), added);
        }
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
      this.schemas.check(value.jsonSchema, `${field}.jsonSchema`);
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

  /** `{name, type, description?}`: `type` is required (LIVE validates events), a missing name or unknown type is 422. */
  private publicCreatePlan(body: unknown, token: TokenGrant): Reply {
    if (!isJsonObject(body)) throw new HttpError(422, 'the body must be a JSON object');
    if (typeof body.name !== 'string' || !body.name.trim()) throw new HttpError(422, 'name is required', 'name');
    const type = PLAN_TYPES.find((t) => t === body.type);
    if (!type) throw new HttpError(422, `type must be one of ${PLAN_TYPES.join(', ')}`, 'type');
    if (body.description !== undefined && typeof body.description !== 'string')
      throw new HttpError(422, 'description must be a string', 'description');
    const plan = this.state.addPlan({ workspace: token.workspace, name: body.name, type, description: body.description ?? '' });
    return { status: 200, body: { data: { trackingPlan: publicPlan(plan) } } };
  }

  private publicListPlans(url: URL, token: TokenGrant): Reply {
    const type = url.searchParams.get('type');
    if (type !== null && !(PLAN_TYPES as readonly string[]).includes(type))
      throw new HttpError(422, `type must be one of ${PLAN_TYPES.join(', ')}`, 'type');
    const plans = this.state.plans.filter((p) => p.workspace === token.workspace && (type === null || p.type === type));
    const { page, pagination } = paginate(plans, url, 200);
    return { status: 200, body: { data: { trackingPlans: page.map(publicPlan), pagination } } };
  }

  private publicListRules(plan: StoredPlan, url: URL): unknown {
    const { page, pagination } = paginate(plan.rules, url, 200);
    return { rules: page, pagination };
  }
}
