/** Failures tests inject into the emulator's next requests: a status and body, a delay, a hang, a drop, an edit meanwhile. */
import type { EmulatorState } from './state';

export type FaultAction =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'delay'; ms: number }
  | { kind: 'drop' }
  | { kind: 'hang' }
  | { kind: 'before'; run: (state: EmulatorState) => void };

interface Fault {
  remaining: number;
  match: RequestMatch;
  action: FaultAction;
}

export type RequestMatch = (method: string, path: string) => boolean;
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
  /** Never answers the next matching requests: the client's own timeout is what ends them. */
  hangNext(count: number, match: RequestMatch = any): this {
    this.queue.push({ remaining: count, match, action: { kind: 'hang' } });
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
