/**
 * `$ref`s in JSON Schema cells, checked against the rule they end up in: a pointer to nothing makes the rule one no
 * validator can compile (ajv refuses it, so `check` cannot check its calls, and Segment's validator has nothing to
 * check against), yet every cell is valid JSON on its own. A reference outside the rule (a URL) is only a warning:
 * Segment's documentation says nothing of fetching other schemas.
 */
import { hasOwn, isJsonObject, JsonObject, JsonValue } from '../json/json';
import type { PlanCells } from '../plan/conventions';
import { eventLabel, EventDefinition, PropertyDefinition, TrackingPlan } from '../plan/model';
import type { Problem, Severity } from '../plan/problems';
import { ruleSchema } from './build-rules';

/** Keywords whose value is data, not a schema: a `$ref` key inside them is no reference. */
const DATA_KEYWORDS: ReadonlySet<string> = new Set(['enum', 'default', 'examples', 'const']);

export function refProblems(plan: TrackingPlan, cells: PlanCells): Problem[] {
  if (!cells.columns.jsonSchema && !cells.groups?.columns.jsonSchema) return [];
  const problems: Problem[] = [];
  for (const event of plan.events) {
    const patches = patchesOf(event);
    if (patches.length === 0) continue;
    // Built only for an event whose cells hold a reference, so a plan without any costs one walk of its patches.
    const root = ruleSchema(event);
    const rule = `the rule for ${eventLabel(event)}${event.type === 'track' ? ` v${event.version}` : ''}`;
    for (const { row, refs, sheet } of patches) {
      // A group's cell is on Property Groups.
      const place = sheet !== undefined && cells.groups ? cells.groups : cells;
      const column = place.columns.jsonSchema;
      if (!column) continue;
      for (const ref of refs) {
        const said = refProblem(ref, root, rule);
        if (said)
          problems.push({ sheet: place.sheet, row, column, cell: `${column}${row}`, severity: said.severity, message: said.message });
      }
    }
  }
  return problems;
}

function refProblem(ref: string, root: JsonObject, rule: string): { severity: Severity; message: string } | null {
  if (!ref.startsWith('#')) {
    return {
      severity: 'warning',
      message: `JSON Schema: $ref "${ref}" points outside ${rule}; Segment's documentation says nothing of fetching other schemas, and check cannot. Copy what it points at into definitions in the event's JSON Schema cell.`,
    };
  }
  const path = pointerPath(ref.slice(1));
  if (path !== null && resolves(root, path)) return null;
  const where = path === null || path.length === 0 ? 'it' : path.join('.');
  return {
    severity: 'error',
    message: `JSON Schema: $ref "${ref}" points at nothing in ${rule}, so Segment cannot check against it. Add ${where} to the event's JSON Schema cell, or correct the reference.`,
  };
}

/** The keys of a JSON pointer (`/definitions/money` → definitions, money), or null when it is not one. */
function pointerPath(pointer: string): string[] | null {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return null;
  try {
    return pointer
      .slice(1)
      .split('/')
      .map((key) => decodeURIComponent(key).replace(/~1/g, '/').replace(/~0/g, '~'));
  } catch {
    return null;
  }
}

function resolves(root: JsonValue, path: readonly string[]): boolean {
  let at: JsonValue | undefined = root;
  for (const key of path) {
    if (Array.isArray(at)) at = /^(0|[1-9][0-9]*)$/.test(key) ? at[Number(key)] : undefined;
    else if (isJsonObject(at)) at = hasOwn(at, key) ? at[key] : undefined;
    else return false;
    if (at === undefined) return false;
  }
  return true;
}

/** The rows whose JSON Schema cell holds a `$ref`, with the references. */
function patchesOf(event: EventDefinition): Array<{ row: number; refs: string[]; sheet?: string }> {
  const out: Array<{ row: number; refs: string[]; sheet?: string }> = [];
  const add = (row: number, patch: JsonObject | undefined, sheet?: string) => {
    const refs = patch ? refsIn(patch) : [];
    if (refs.length > 0) out.push({ row, refs, ...(sheet !== undefined && { sheet }) });
  };
  add(event.row, event.schemaPatch);
  const stack: PropertyDefinition[] = [...event.properties];
  while (stack.length > 0) {
    const p = stack.pop() as PropertyDefinition;
    add(p.row, p.schemaPatch, p.sheet);
    stack.push(...p.properties);
    if (p.items) stack.push(p.items);
  }
  return out.sort((a, b) => a.row - b.row);
}

function refsIn(patch: JsonObject): string[] {
  const refs: string[] = [];
  // A stack, not recursion: a cell can nest thousands of levels deep.
  const stack: JsonValue[] = [patch];
  while (stack.length > 0) {
    const node = stack.pop() as JsonValue;
    if (Array.isArray(node)) stack.push(...node);
    else if (isJsonObject(node)) {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') refs.push(value);
        else if (!DATA_KEYWORDS.has(key)) stack.push(value);
      }
    }
  }
  return refs;
}
