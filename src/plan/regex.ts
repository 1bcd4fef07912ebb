/**
 * Patterns read as Segment reads them: with RE2 (re2js, a pure-JavaScript port of Go's regexp, so it runs in Apps
 * Script and Node alike). RE2 alone decides what is a pattern, and it matches in time linear in the value, where
 * JavaScript's RegExp would refuse `(?i)` or `(?P<name>…)`, read `\p{L}` or `[[:alpha:]]` as other text, and take
 * exponential time on `^([a-z0-9]+-?)*$`.
 */
import { RE2JS, RE2JSSyntaxException } from 're2js';
import { excerpt } from './problems';

/** What matches values against a pattern; `toString` names the pattern (ajv keys its compiled patterns by it). */
export interface PatternMatcher {
  test(value: string): boolean;
  toString(): string;
}

/** Why RE2 refuses a pattern, and what to do about it. */
interface PatternRefusal {
  reason: string;
  fix: string;
}

type CompiledPattern = { matcher: PatternMatcher; refusal: null } | { matcher: null; refusal: PatternRefusal };

const ENGINE = "Segment's regular expression engine (RE2)";
const REWRITE = 'Rewrite it without that construct';

/**
 * Patterns compiled so far. A plan repeats its patterns (one email pattern on a thousand rows), and re2js compiles
 * in JavaScript: about 70 µs each, 7 s for a 100,000-row plan without this. Bounded, as the check reads any input.
 */
const COMPILED = new Map<string, CompiledPattern>();
const MAX_COMPILED = 1000;

/** The pattern compiled with RE2's syntax and semantics, or why RE2 refuses it. */
export function compilePattern(pattern: string): CompiledPattern {
  let compiled = COMPILED.get(pattern);
  if (!compiled) {
    if (COMPILED.size >= MAX_COMPILED) COMPILED.clear();
    COMPILED.set(pattern, (compiled = compileOnce(pattern)));
  }
  return compiled;
}

function compileOnce(pattern: string): CompiledPattern {
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (e) {
    if (!(e instanceof RE2JSSyntaxException)) throw e;
    return { matcher: null, refusal: refusalOf(e.error, e.input) };
  }
  // A JSON Schema pattern matches anywhere in the value (unanchored), as RE2's test does.
  return { matcher: { test: (value) => re.test(value), toString: () => `/${pattern}/` }, refusal: null };
}

/**
 * What a validator compiling a rule uses: the pattern's matcher, or an error saying why RE2 refuses it (as a
 * validator refuses a schema with a pattern it cannot compile).
 */
export function patternMatcher(pattern: string): PatternMatcher {
  const { matcher, refusal } = compilePattern(pattern);
  if (!matcher) throw new SyntaxError(`Pattern ${excerpt(pattern)} ${refusal.reason}`);
  return matcher;
}

/** Why RE2 refuses the pattern (without what to do), or null when Segment accepts it. */
export function patternProblem(pattern: string): string | null {
  return compilePattern(pattern).refusal?.reason ?? null;
}

/**
 * RE2's error said in the analyst's terms, for the constructs other engines have and RE2 has not. The errors are
 * Go's texts, which re2js keeps (its parser does not export them).
 */
function refusalOf(error: string, input: string | null): PatternRefusal {
  const piece = input ?? '';
  const unsupported = (what: string) => ({ reason: `uses ${what}, which ${ENGINE} does not support`, fix: REWRITE });
  switch (error) {
    case 'invalid escape sequence':
      if (/^\\[1-9]/.test(piece)) return unsupported(`a backreference (${piece.slice(0, 2)})`);
      if (piece.startsWith('\\k')) return unsupported('a named backreference (\\k<...>)');
      return { reason: `uses the escape ${piece}, which ${ENGINE} does not know`, fix: 'Rewrite it without that escape' };
    case 'invalid or unsupported Perl syntax':
      if (piece === '(?=' || piece === '(?!') return unsupported('a lookahead ((?= or (?!)');
      if (piece === '(?>') return unsupported('an atomic group ((?>)');
      return { reason: `uses a group starting ${excerpt(piece)}, which ${ENGINE} does not support`, fix: REWRITE };
    case 'invalid named capture':
      if (piece.startsWith('(?<=') || piece.startsWith('(?<!')) return unsupported('a lookbehind ((?<= or (?<!)');
      break;
    case 'invalid repeat count':
      return {
        reason: (piece.match(/[0-9]+/g) ?? []).some((count) => Number(count) > RE2_MAX_REPEAT)
          ? `repeats ${piece}, more than the ${RE2_MAX_REPEAT} repetitions ${ENGINE} allows`
          : `repeats ${piece} inside another repetition, more than the ${RE2_MAX_REPEAT} repetitions in all ${ENGINE} allows`,
        fix: REWRITE,
      };
  }
  return { reason: `is not a valid regular expression for RE2 (${error}${input ? `: \`${excerpt(input)}\`` : ''})`, fix: 'Correct it' };
}

/** RE2 refuses a repetition count above this, alone or multiplied by the repetitions around it. */
const RE2_MAX_REPEAT = 1000;

/** `(?i)`, `(?is)`, `(?i:…)`: flags RE2 takes inside a pattern and JavaScript does not. */
const INLINE_FLAGS = /\(\?[imsU]+(?:-[imsU]+)?([:)])/g;

/** What a pattern Segment accepts may still do elsewhere, one warning each. */
export function patternWarnings(pattern: string): string[] {
  const out: string[] = [];
  const flags = pattern.match(INLINE_FLAGS);
  if (flags) {
    out.push(
      `uses ${flags.join(', ')}: Segment's engine (RE2) accepts inline flags, but JavaScript does not, so analytics.js validators and typewriter's generated checks will reject the pattern`,
    );
  }
  const read = readOtherwise(pattern);
  if (read) out.push(`${read}, so analytics.js validators and typewriter's generated checks will not match values as Segment does`);
  return out;
}

/**
 * RE2 constructs JavaScript's RegExp (as analytics.js validators and typewriter's checks use it, without the u flag)
 * rejects or reads as other text. The first found is named: one is enough to say the pattern is not portable.
 */
function readOtherwise(pattern: string): string | null {
  const posix = /\[:[a-z]+:\]/.exec(pattern);
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '(' && pattern.startsWith('(?P<', i)) return 'uses (?P<…>): JavaScript has no such group and rejects the pattern';
    if (c !== '\\') continue;
    const next = pattern[i + 1];
    if (next === 'p' || next === 'P') {
      const name = /^\\[pP](\{[^}]*\}|[A-Za-z])/.exec(pattern.slice(i))?.[0] ?? `\\${next}`;
      return `uses ${name}: JavaScript reads it as the letter ${next} unless told the pattern is Unicode`;
    }
    if (next === 'A' || next === 'z') {
      const anchors = ['\\A', '\\z'].filter((a) => pattern.includes(a));
      return `uses ${anchors.join(', ')}: JavaScript reads ${anchors.length > 1 ? 'them as the letters A and z' : `it as the letter ${next}`}, not as the ${anchors.length > 1 ? 'start and end' : next === 'A' ? 'start' : 'end'} of the text`;
    }
    if (next === 'x' && pattern[i + 2] === '{') return 'uses \\x{…}: JavaScript reads it as the letter x repeated';
    i++;
  }
  if (posix) return `uses ${posix[0]}: JavaScript knows no such class and reads it as a set of characters`;
  return null;
}
