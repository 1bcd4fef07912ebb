/**
 * What a run of `check` found, in bounded memory whatever the number of calls: counts per status, violations
 * grouped by event and path with their counts (as Segment's violations view shows them), and the first few failing
 * calls and unreadable lines as examples. Nothing grows with the number of calls beyond the caps below.
 */
import type { CallResult } from './check-calls';
import type { UnreadableCall } from './read-calls';

/** Groups kept: beyond this many distinct (event, path, message), violations are only counted. */
export const MAX_GROUPS = 100_000;
/** Where each group was seen, as examples: the first few lines or items. */
export const EXAMPLES_PER_GROUP = 3;

export interface ViolationGroup {
  path: string;
  message: string;
  /** The rule broken, and the sheet row defining what was broken (null for an unplanned event). */
  rule: string;
  row: number | null;
  count: number;
  /** The first lines or items where it was seen. */
  seenAt: string[];
}

export interface EventViolations {
  /** The call as described: `track "Order Completed"`, `identify`. */
  call: string;
  /** Calls of this event that failed, and all their violations. */
  calls: number;
  violations: number;
  /** Most frequent first. */
  groups: ViolationGroup[];
}

export interface CheckTotals {
  checked: number;
  pass: number;
  violates: number;
  unplanned: number;
  /** Calls not checked against a rule they fall under (it cannot compile, or the call broke its validator). */
  unchecked: number;
  unreadable: number;
}

interface EventTally {
  call: string;
  calls: number;
  violations: number;
  /** By path, then by message: no key is built per violation (the checker hands out the same strings again). */
  groups: Map<string, Map<string, ViolationGroup>>;
}

export class CheckSummary {
  readonly totals: CheckTotals = { checked: 0, pass: 0, violates: 0, unplanned: 0, unchecked: 0, unreadable: 0 };
  /** The first failing calls, whole, to show what the groups stand for. */
  readonly failingExamples: CallResult[] = [];
  /** The first unreadable lines or items. */
  readonly unreadableExamples: UnreadableCall[] = [];
  /** Violations beyond the groups kept (MAX_GROUPS): counted here, in no group. */
  ungrouped = 0;
  private readonly events = new Map<string, EventTally>();
  private groupCount = 0;
  private readonly maxFailingExamples: number;
  private readonly maxUnreadableExamples: number;
  private readonly maxGroups: number;

  constructor(keep: { failingExamples: number; unreadableExamples: number; groups?: number }) {
    this.maxFailingExamples = keep.failingExamples;
    this.maxUnreadableExamples = keep.unreadableExamples;
    this.maxGroups = keep.groups ?? MAX_GROUPS;
  }

  add(result: CallResult): void {
    this.totals.checked++;
    this.totals[result.status]++;
    if (result.status === 'pass') return;
    if (this.failingExamples.length < this.maxFailingExamples) this.failingExamples.push(result);
    if (result.status === 'unchecked') return;
    let event = this.events.get(result.call);
    if (!event) {
      if (this.groupCount >= this.maxGroups) {
        this.ungrouped += result.violations.length;
        return;
      }
      event = { call: result.call, calls: 0, violations: 0, groups: new Map() };
      this.events.set(result.call, event);
    }
    event.calls++;
    for (const v of result.violations) {
      event.violations++;
      let atPath = event.groups.get(v.path);
      let group = atPath?.get(v.message);
      if (!group) {
        if (this.groupCount >= this.maxGroups) {
          this.ungrouped++;
          continue;
        }
        this.groupCount++;
        group = { path: v.path, message: v.message, rule: v.rule, row: v.row, count: 0, seenAt: [] };
        if (!atPath) event.groups.set(v.path, (atPath = new Map<string, ViolationGroup>()));
        atPath.set(v.message, group);
      }
      group.count++;
      // A call breaking one rule at one path twice (two items of an array) is one example, not two.
      if (group.seenAt.length < EXAMPLES_PER_GROUP && group.seenAt[group.seenAt.length - 1] !== result.at) group.seenAt.push(result.at);
    }
  }

  addUnreadable(unreadable: UnreadableCall): void {
    this.totals.unreadable++;
    if (this.unreadableExamples.length < this.maxUnreadableExamples) this.unreadableExamples.push(unreadable);
  }

  /** Events with the most violations first, each with its groups, the most frequent first (ties: by name, path). */
  byEvent(): EventViolations[] {
    const events = [...this.events.values()].map((e) => ({
      call: e.call,
      calls: e.calls,
      violations: e.violations,
      groups: [...e.groups.values()]
        .flatMap((atPath) => [...atPath.values()])
        .sort((a, b) => b.count - a.count || compare(a.path, b.path) || compare(a.message, b.message)),
    }));
    return events.sort((a, b) => b.violations - a.violations || compare(a.call, b.call));
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
