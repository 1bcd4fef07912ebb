/**
 * What the calls carried that the plan does not name, as information: unplanned events and unplanned properties,
 * each with how many calls carried it, the most common first. Counts only, and at most MAX_ENTRIES of them, so a
 * day of production events is tallied in bounded memory.
 */
import type { EventDefinition } from '../plan/model';
import type { CallResult } from './check-calls';
import type { Call } from './read-calls';

export const MAX_ENTRIES = 1000;

export interface NotInPlanEntry {
  /** The call as results describe it: `track "Order Completed"`, `identify`. */
  call: string;
  /** The unplanned property's path (`properties.coupon`), null for a call the plan has no rule for (an unplanned event). */
  path: string | null;
  /** Calls that carried it. */
  calls: number;
}

export class NotInPlan {
  private readonly entries = new Map<string, NotInPlanEntry>();
  /** Sightings of entries beyond MAX_ENTRIES: counted, not listed. */
  beyond = 0;

  /**
   * One checked call, the rule it was checked against (besides the common rule) and the unplanned paths it carried
   * (each path once a call).
   */
  add(call: Call, result: CallResult, rule: EventDefinition | null, unplannedPaths: readonly string[]): void {
    if (rule === null && rowsCanStandFor(call)) this.count(result.call, null);
    for (const path of unplannedPaths) this.count(result.call, path);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Unplanned events first, then properties; each the most calls first (ties by name). */
  list(): NotInPlanEntry[] {
    return [...this.entries.values()].sort(
      (a, b) =>
        Number(a.path !== null) - Number(b.path !== null) ||
        b.calls - a.calls ||
        order(a.call, b.call) ||
        order(a.path ?? '', b.path ?? ''),
    );
  }

  private count(call: string, path: string | null): void {
    const key = path === null ? call : `${call}\u0000${path}`;
    const entry = this.entries.get(key);
    if (entry) entry.calls++;
    else if (this.entries.size >= MAX_ENTRIES) this.beyond++;
    else this.entries.set(key, { call, path, calls: 1 });
  }
}

/**
 * Whether rows could describe the call: identify and group calls by their traits, the others by a name. A track call
 * with no event name is an unplanned event too, but no row can stand for it.
 */
export function rowsCanStandFor(call: Call): boolean {
  if (call.type === 'identify' || call.type === 'group') return true;
  const name = call.type === 'track' ? call.message.event : call.message.name;
  return typeof name === 'string' && name !== '';
}

/**
 * `track "Signed Up": unplanned event, in 2 calls`, `identify: no rule in the plan, in 1 call`,
 * `track "Order Completed": properties.coupon, in 1 call`.
 */
export function notInPlanLine(entry: NotInPlanEntry): string {
  const calls = `in ${entry.calls.toLocaleString('en-US')} ${entry.calls === 1 ? 'call' : 'calls'}`;
  const what = entry.path ?? (entry.call.startsWith('track') ? 'unplanned event' : 'no rule in the plan');
  return `${entry.call}: ${what}, ${calls}`;
}

function order(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
