// `check` in `npm run bench`: 100,000 calls against the 2,000-event plan, read as the CLI reads them (NDJSON in
// 64 KB pieces, one call at a time), checked, and summarised. Two inputs: the worst case (every call breaks
// dozens of rules) and what production looks like (calls made from the plan, a few of them wrong).
import { performance } from 'perf_hooks';
import { draft04Compile } from '../../src/cli/ajv-compile';
import { CallChecker } from '../../src/events/check-calls';
import { CheckSummary } from '../../src/events/check-summary';
import { CallReader, isCall } from '../../src/events/read-calls';
import type { JsonObject, JsonValue } from '../../src/json/json';
import type { PropertyDefinition, TrackingPlan } from '../../src/plan/model';
import { parseTrackingPlan } from '../../src/plan/parse-plan';
import { patternMatcher } from '../../src/plan/regex';
import { bigPlanGrid } from './big-plan';
import { median } from './median';

const CALLS = 100_000;
const PIECE = 1 << 16;

/** Calls that break dozens of rules each: every required property missing, the rest of the wrong type. */
function worstCaseCalls(count: number): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const properties: Record<string, unknown> = {};
    for (let p = 0; p < 8; p++) properties[`property_${p}`] = i % 3 === 0 ? 'wrong' : null;
    lines.push(JSON.stringify({ type: 'track', event: `Event ${i % 2000} Happened`, properties, context: {} }));
  }
  return lines.join('\n');
}

const PATTERN_CANDIDATES = ['value_1', 'alpha', 'a', 'A1', 'x@y.z', '1'];

/** A value the property's row allows (null when the row allows none this knows how to make). */
function validValue(p: PropertyDefinition, seed: number): JsonValue | undefined {
  if (p.enum && p.enum.length > 0) return p.enum[seed % p.enum.length] as JsonValue;
  const type = p.types.find((t) => t !== 'null') ?? (p.types.length > 0 ? 'null' : 'string');
  const low = p.min ?? 0;
  const high = p.max ?? low + 1000;
  switch (type) {
    case 'string':
      if (p.format === 'date-time') return new Date(Date.UTC(2024, 0, 1 + (seed % 365))).toISOString();
      if (p.pattern === undefined) return `text ${seed % 97}`;
      return PATTERN_CANDIDATES.find((c) => patternMatcher(p.pattern as string).test(c));
    case 'number':
      return low + ((seed % 100) / 100) * (high - low);
    case 'integer':
      return Math.ceil(low) + (seed % Math.max(1, Math.floor(high - low)));
    case 'boolean':
      return seed % 2 === 0;
    case 'null':
      return null;
    case 'object':
      return validObject(p.properties, seed);
    case 'array':
      return p.items ? [validValue(p.items, seed) ?? null] : [];
  }
}

function validObject(properties: readonly PropertyDefinition[], seed: number): JsonObject {
  const object: JsonObject = {};
  properties.forEach((p, i) => {
    // Every required property, and about half of the optional ones.
    if (!p.required && (seed + i) % 2 === 0) return;
    const value = validValue(p, seed + i);
    if (value !== undefined) object[p.key] = value;
  });
  return object;
}

/**
 * Calls made from the plan's track events, as an app that follows the plan sends them: 1 in 20 has a property of
 * the wrong type, 1 in 100 is an event the plan lacks.
 */
export function mostlyValidCalls(plan: TrackingPlan, count: number): string {
  const events = plan.events.filter((e) => e.type === 'track');
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const event = events[i % events.length];
    if (!event) throw new Error('the plan has no track events');
    const properties = validObject(event.properties, i);
    if (i % 20 === 7) {
      const first = event.properties[0];
      if (first) properties[first.key] = typeof properties[first.key] === 'string' ? 12 : 'twelve';
    }
    const name = i % 100 === 42 ? `${event.name} (typo)` : event.name;
    const context: JsonObject = { library: { name: 'analytics.js', version: '2.11.1' }, page: { path: `/p/${i % 50}` } };
    if (event.version !== 1) context.protocols = { event_version: event.version };
    lines.push(JSON.stringify({ type: 'track', event: name, userId: `user_${i % 5000}`, properties, context }));
  }
  return lines.join('\n');
}

/** What `check` does with the text, without the file: pieces read, calls checked, the summary kept. */
export function checkText(plan: TrackingPlan, text: string): CheckSummary {
  const checker = new CallChecker(plan, draft04Compile());
  const summary = new CheckSummary({ failingExamples: 10, unreadableExamples: 0 });
  const reader = new CallReader();
  const take = (read: ReturnType<CallReader['end']> extends Iterable<infer R> ? R : never) => {
    if (isCall(read)) summary.add(checker.check(read));
    else summary.addUnreadable(read);
  };
  for (let at = 0; at < text.length; at += PIECE) for (const read of reader.read(text.slice(at, at + PIECE))) take(read);
  for (const read of reader.end()) take(read);
  return summary;
}

function timeCheck(title: string, plan: TrackingPlan, text: string): void {
  const times: number[] = [];
  let summary: CheckSummary | null = null;
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    summary = checkText(plan, text);
    times.push(performance.now() - start);
  }
  const { totals } = summary as CheckSummary;
  const violations = (summary as CheckSummary).byEvent().reduce((n, e) => n + e.violations, (summary as CheckSummary).ungrouped);
  console.log(`  ${title}: median ${(median(times) / 1000).toFixed(2)} s (min ${(Math.min(...times) / 1000).toFixed(2)} s)`);
  console.log(
    `    ${totals.pass.toLocaleString('en')} pass, ${totals.violates.toLocaleString('en')} violate, ` +
      `${totals.unplanned.toLocaleString('en')} unplanned, ${violations.toLocaleString('en')} violations; ` +
      `${(text.length / 1e6).toFixed(1)} MB of NDJSON`,
  );
}

export function benchCheck(): void {
  const { plan } = parseTrackingPlan(bigPlanGrid(2000, 50));
  console.log('check: 100,000 calls against a 2,000-event plan (NDJSON read in 64 KB pieces, rules compiled on use, summarised)');
  timeCheck('worst case (every call breaks dozens of rules; goal 8 s)', plan, worstCaseCalls(CALLS));
  timeCheck('mostly valid, made from the plan (goal 3 s)', plan, mostlyValidCalls(plan, CALLS));
}
