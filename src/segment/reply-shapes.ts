/**
 * What Segment documents its answers to hold, checked before any answer is used. A 200 whose body is not that
 * shape (an empty `data`, an HTML page from a proxy, a page of rules missing from a listing, another plan) must
 * never read as "the plan is empty": the plan would then be replaced, and its backup would be empty too.
 */
import { isJsonObject, JsonObject } from '../json/json';
import { SegmentApiError } from './errors';
import { parseJson } from './http';
import { RULE_TYPES } from './rules';

const KEYED: ReadonlySet<string> = new Set(['TRACK', 'PAGE', 'SCREEN']);

export function malformedReply(action: string, why: string): SegmentApiError {
  return new SegmentApiError(
    `Segment's answer to the request to ${action} is not what Segment documents (${why}), so it was not used and nothing was changed. Try again; if it persists, something between you and Segment is changing its answers.`,
    'malformed',
    200,
    1,
  );
}

/** The `data` object of a Public API answer. */
export function publicData(body: string, action: string): JsonObject {
  const value = parseJson(body);
  if (value === undefined) return fail(action, body.trim() ? 'the body is not JSON' : 'the body is empty');
  if (!isJsonObject(value) || !isJsonObject(value.data)) return fail(action, 'it has no "data" object');
  return value.data;
}

function fail(action: string, why: string): never {
  throw malformedReply(action, why);
}

/** Why a listed rule is not a Public API rule, or null when it is one. */
export function ruleProblem(value: unknown): string | null {
  if (!isJsonObject(value)) return 'a rule that is not an object';
  const { type, key, version, jsonSchema } = value;
  if (typeof type !== 'string' || !(RULE_TYPES as readonly string[]).includes(type))
    return `a rule of unknown type ${JSON.stringify(type)}`;
  if (KEYED.has(type) && (typeof key !== 'string' || key === '')) return `a ${type} rule without a key`;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return `a rule whose version is ${JSON.stringify(version)}`;
  if (jsonSchema !== null && !isJsonObject(jsonSchema)) return 'a rule whose jsonSchema is not an object';
  return null;
}

/** One page of a Public API listing: its items (each checked) and where the listing goes next. */
export function listingPage<T>(
  data: JsonObject,
  field: string,
  action: string,
  itemProblem: (item: unknown) => string | null,
): { items: T[]; next: string | null; total: number | null } {
  const items = data[field];
  if (!Array.isArray(items)) fail(action, `it has no "${field}" list`);
  for (const item of items) {
    const problem = itemProblem(item);
    if (problem) fail(action, `it lists ${problem}`);
  }
  // Segment's pagination always names the current page (its SDK's PaginationOutput requires `current`); a reply
  // without it is not a page of a listing, however empty and well-formed it looks.
  const pagination = data.pagination;
  if (!isJsonObject(pagination) || typeof pagination.current !== 'string') fail(action, 'it has no pagination');
  const next = typeof pagination.next === 'string' && pagination.next ? pagination.next : null;
  const total = typeof pagination.totalEntries === 'number' ? pagination.totalEntries : null;
  if (next && items.length === 0) fail(action, 'a page with no items says more follow');
  return { items: items as unknown as T[], next, total };
}

/** Why an answer is not the Config API tracking plan asked for, or null when it is. */
export function configPlanProblem(value: unknown, planId: string): string | null {
  if (!isJsonObject(value)) return 'the body is not a JSON object';
  if (!isJsonObject(value.rules)) return 'it has no "rules" object';
  if (typeof value.name === 'string' && !value.name.endsWith(`/tracking-plans/${planId}`)) {
    return `it is plan "${value.name}", not ${planId}`;
  }
  const events = value.rules.events;
  if (events !== undefined && !Array.isArray(events)) return '"rules.events" is not a list';
  for (const event of events ?? []) {
    if (!isJsonObject(event) || typeof event.name !== 'string' || (event.rules !== undefined && !isJsonObject(event.rules))) {
      return 'it lists an event without a name or with rules that are not an object';
    }
  }
  return null;
}
