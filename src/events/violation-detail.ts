/**
 * What to add after a violation's sentence so that it says what was expected and what came, without saying it
 * twice: Segment's own wording often holds one or both (`Invalid type. Expected: number, given: string`).
 */
import type { Violation } from './check-calls';

/** Expectations whose sentence says them in other words: a required property, an unplanned event, an extra key. */
const IMPLIED = new Set(['present', 'an event in the plan', 'no other properties']);

/** `text` in the message as a whole word (not `1` inside `10`). */
function says(message: string, text: string): boolean {
  if (text === '') return true;
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w.])${escaped}($|[^\\w])`).test(message);
}

/** The value an expectation names: `3` of `>= 3` or `length <= 3 items`, the pattern of `match /…/`. */
function expectedValue(expected: string): string {
  return expected
    .replace(/^match \/([\s\S]*)\/$/, '$1')
    .replace(/^(one of |length )?(>=|<=)? ?/, '')
    .replace(/ items$/, '');
}

/** ` (expected …, got …)`, or the half the message does not say, or '' when it says both. */
export function violationDetail(v: Pick<Violation, 'message' | 'expected' | 'given'>): string {
  const expectedSaid = IMPLIED.has(v.expected) || says(v.message, v.expected) || says(v.message, expectedValue(v.expected));
  const givenSaid = (v.given === 'missing' && v.expected === 'present') || says(v.message, v.given);
  const parts = [expectedSaid ? '' : `expected ${v.expected}`, givenSaid ? '' : `got ${v.given}`].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}
