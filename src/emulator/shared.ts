/** What both API dialects of the emulator share: errors as replies, bodies, cursors, plans as each API shows them. */
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { isJsonObject } from '../json/json';
import { containsEmoji } from '../plan/cell-values';
import { PublicRule, publicRulesToConfig } from '../segment/rules';
import type { StoredPlan } from './state';

export const MAX_RULES_PER_REQUEST = 200;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** JSON Schema checks as Segment makes them: an object, no emoji, a valid draft-04 schema. */
export class SchemaChecker {
  private readonly ajv: Ajv;
  constructor() {
    this.ajv = new Ajv({ strict: false, unicodeRegExp: false, validateFormats: true });
    addFormats(this.ajv);
  }
  check(schema: unknown, where: string): void {
    if (!isJsonObject(schema)) throw new HttpError(400, `${where}: the JSON schema must be an object`);
    const text = JSON.stringify(schema);
    if (containsEmoji(text)) throw new HttpError(400, `${where}: emojis are not supported in tracking plan JSON schemas`);
    if (!this.ajv.validateSchema(schema)) {
      throw new HttpError(400, `${where}: invalid JSON schema: ${this.ajv.errorsText(this.ajv.errors)}`);
    }
  }
}

export function configPlan(plan: StoredPlan) {
  return {
    name: `workspaces/${plan.workspace}/tracking-plans/${plan.resourceSchemaId}`,
    display_name: plan.name,
    rules: publicRulesToConfig(plan.rules),
    create_time: plan.createdAt,
    update_time: plan.updatedAt,
  };
}

export function publicPlan(plan: StoredPlan) {
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
export function paginate<T>(items: readonly T[], url: URL, max: number) {
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

export function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

export function decodeCursor(cursor: string | null): number {
  if (!cursor) return 0;
  const m = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new HttpError(422, 'invalid pagination cursor', 'pagination.cursor');
  return Number(m[1]);
}

/** `rules[0][type]=TRACK&rules[0][key]=…&rules[0][version]=1` (Segment's SDK), or `rules=<JSON list>`. */
export function parseRemovals(url: URL): Array<Pick<PublicRule, 'type' | 'key' | 'version'>> {
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

export function parseBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'Invalid JSON: the request body could not be parsed');
  }
}

export function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}
