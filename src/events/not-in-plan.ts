/**
 * What the calls carried that the plan does not name, as information: unplanned events and unplanned properties,
 * each with how many calls carried it, the most common first. Counts only, and at most MAX_ENTRIES of them, so a
 * day of production events is tallied in bounded memory.
 */
import type { CallResult } from './check-calls';

export const MAX_ENTRIES = 1000;

export interface NotInPlanEntry {
  /** The call as results describe it: `track "Order Completed"`, `identify`. */
  call: string;
  /** The unplanned property's path (`properties.coupon`), null for an unplanned event. */
  path: string | null;
  /** Calls that carried it. */
  calls: number;
}

export class NotInPlan {
  private readonly entries = new Map<string, NotInPlanEntry>();
  /** Sightings of entries beyond MAX_ENTRIES: counted, not listed. */
  beyond = 0;

  /** One checked call and the unplanned paths it carried (each path once a call). */
  add(result: CallResult, unplannedPaths: readonly string[]): void {
    if (result.status === 'unplanned') this.count(result.call, null);
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

/** `track "Signed Up": unplanned event, in 2 calls`, `track "Order Completed": properties.coupon, in 1 call`. */
export function notInPlanLine(entry: NotInPlanEntry): string {
  const calls = `in ${entry.calls.toLocaleString('en-US')} ${entry.calls === 1 ? 'call' : 'calls'}`;
  return `${entry.call}: ${entry.path ?? 'unplanned event'}, ${calls}`;
}

function order(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
