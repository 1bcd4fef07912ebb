/** The Config API v1beta as the emulator speaks it: plans under a workspace slug, updates with an update_mask. */
import { isJsonObject } from '../json/json';
import { configRulesToPublic, PublicRule } from '../segment/rules';
import type { Dialect } from './dialect';
import { clamp, configPlan, decodeCursor, encodeCursor, HttpError, parseBody, Reply, SchemaChecker } from './shared';
import type { EmulatorState, TokenGrant } from './state';

const CONFIG_CODES: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 409: 6, 413: 3, 422: 3, 429: 8, 500: 13 };

export class ConfigDialect implements Dialect {
  constructor(
    private readonly state: EmulatorState,
    private readonly schemas: SchemaChecker,
  ) {}

  errorBody(status: number, message: string): unknown {
    return { error: message, code: CONFIG_CODES[status] ?? 2 };
  }

  rateLimited(msBeforeNext: number): Reply {
    return {
      status: 429,
      body: { error: 'Too Many Requests', code: 8 },
      headers: { 'Retry-After': String(Math.ceil(msBeforeNext / 1000)) },
    };
  }

  route(method: string, path: string, url: URL, raw: Buffer, token: TokenGrant): { reply: Reply; rules?: number } {
    const body = method !== 'GET' && method !== 'DELETE' ? parseBody(raw) : undefined;
    return { reply: this.answer(method, path, url, body, token) };
  }

  private answer(method: string, path: string, url: URL, body: unknown, token: TokenGrant): Reply {
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
        } else throw new HttpError(400, `invalid update_mask path ${JSON.stringify(p)}`);
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
    const rules = configRulesToPublic(value);
    rules.forEach((rule, i) => this.schemas.check(rule.jsonSchema, `rules[${i}]`));
    const at = this.state.now();
    return rules.map((r) => ({ ...r, createdAt: at, updatedAt: at }));
  }
}
