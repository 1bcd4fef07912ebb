import { performance } from 'perf_hooks';

/**
 * The fastest of `runs` timed runs of `work`, in ms, after one untimed run: a pause for garbage collection, a cold
 * start or a busy core lengthens one run, not all of them. For comparing a hard case with an easy one of the same
 * size (never with a fixed number of milliseconds).
 */
export function fastestOf(runs: number, work: () => unknown): number {
  work();
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}
