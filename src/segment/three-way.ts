/**
 * Take edits from Segment: each rule compared three ways, with the plan as last synced for the base. A rule changed
 * on one side only goes that way; changed on both sides differently (a removal counts as a change) is a conflict
 * the analyst settles. Each version of an event is a rule of its own, so it is compared on its own.
 */
import { jsonEqual } from '../json/json';
import type { EventType } from '../plan/columns';
import { eventLabel } from '../plan/model';
import { diffLines, diffRules } from './diff';
import { PublicRule, ruleId } from './rules';

/** Who changed a rule since the last sync: Segment only, the sheet only, or both (a conflict). */
export type ChangeKind = 'segment' | 'sheet' | 'conflict';

export interface RuleEdit {
  /** `ruleId`: type, key and version. */
  id: string;
  /** `Order Completed`, `Order Completed v2`, `identify traits`. */
  rule: string;
  kind: ChangeKind;
  /** Segment's rule now; null when Segment removed it (or never had it). */
  remote: PublicRule | null;
  /** What Segment changed since the sync, and what the sheet changed: a line each, empty when unchanged. */
  segment: string[];
  sheet: string[];
}

function same(a: PublicRule | undefined, b: PublicRule | undefined): boolean {
  if (!a || !b) return a === b;
  return jsonEqual(a.jsonSchema, b.jsonSchema);
}

function label(rule: PublicRule): string {
  const name = eventLabel({ type: rule.type.toLowerCase() as EventType, name: rule.key ?? '' });
  return rule.version !== 1 ? `${name} v${rule.version}` : name;
}

/** What changed from the base to one side, in the diff's words without the rule's name. */
function sideLines(base: PublicRule | undefined, side: PublicRule | undefined): string[] {
  if (same(base, side)) return [];
  return diffLines(diffRules(base ? [base] : [], side ? [side] : [])).map((line) => line.replace(/^(\w+): [^:]+: /, '$1: '));
}

/** Every rule changed since the base, in Segment's order, then the sheet's own (Segment lacks them). */
export function threeWay(base: readonly PublicRule[], remote: readonly PublicRule[], sheet: readonly PublicRule[]): RuleEdit[] {
  const index = (rules: readonly PublicRule[]) => new Map(rules.map((r) => [ruleId(r), r]));
  const [was, there, here] = [index(base), index(remote), index(sheet)];
  const ids = [...new Set([...there.keys(), ...here.keys(), ...was.keys()])];
  const edits: RuleEdit[] = [];
  for (const id of ids) {
    const [b, r, s] = [was.get(id), there.get(id), here.get(id)];
    const segmentChanged = !same(b, r);
    const sheetChanged = !same(b, s);
    if (!segmentChanged && !sheetChanged) continue;
    // Both made the same edit: nothing to settle.
    if (segmentChanged && sheetChanged && same(r, s)) continue;
    const kind: ChangeKind = segmentChanged && sheetChanged ? 'conflict' : segmentChanged ? 'segment' : 'sheet';
    const any = (r ?? s ?? b) as PublicRule;
    edits.push({ id, rule: label(any), kind, remote: r ?? null, segment: sideLines(b, r), sheet: sideLines(b, s) });
  }
  return edits;
}
