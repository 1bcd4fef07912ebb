/** The middle of a bench's timings (the upper middle for an even count): the figure each bench quotes. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}
