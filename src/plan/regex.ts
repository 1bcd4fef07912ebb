/**
 * Segment checks patterns with an RE2-style engine. JavaScript accepts more than RE2 does, so a pattern
 * that compiles here can still be refused by Segment; this finds the constructs RE2 refuses.
 * Returns a reason, or null when the pattern is acceptable to both.
 */
export function patternProblem(pattern: string): string | null {
  // RE2 (and Go) accept Python-style named groups and inline flags; JavaScript wants the one without the P and
  // has no inline flags (patternWarnings says so), so both are set aside before JavaScript compiles it.
  const jsPattern = withoutInlineFlags(pattern).replace(/\(\?P</g, '(?<');
  try {
    new RegExp(jsPattern);
  } catch (e) {
    return `is not a valid regular expression (${(e as Error).message.replace(/^Invalid regular expression: /, '')})`;
  }
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1];
      if (!inClass && next !== undefined && /[1-9]/.test(next)) {
        return `uses a backreference (\\${next}), which Segment's regular expression engine (RE2) does not support`;
      }
      if (!inClass && next === 'k' && pattern[i + 2] === '<') {
        return "uses a named backreference (\\k<...>), which Segment's regular expression engine (RE2) does not support";
      }
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      if (pattern[i + 1] === ']') i++; // a literal ] first in a class
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      const rest = pattern.slice(i + 2, i + 4);
      if (rest.startsWith('=') || rest.startsWith('!')) {
        return "uses a lookahead ((?= or (?!), which Segment's regular expression engine (RE2) does not support";
      }
      if (rest === '<=' || rest === '<!') {
        return "uses a lookbehind ((?<= or (?<!), which Segment's regular expression engine (RE2) does not support";
      }
      if (rest.startsWith('>')) {
        return "uses an atomic group ((?>), which Segment's regular expression engine (RE2) does not support";
      }
    }
    if (c === '{') {
      const repeat = /^\{(\d+)(?:,(\d*))?\}/.exec(pattern.slice(i));
      if (repeat && Math.max(Number(repeat[1]), Number(repeat[2] || 0)) > RE2_MAX_REPEAT) {
        return `repeats ${repeat[0]}, more than the ${RE2_MAX_REPEAT} repetitions Segment's regular expression engine (RE2) allows`;
      }
    }
  }
  return null;
}

/** RE2 refuses a repetition count above this. */
const RE2_MAX_REPEAT = 1000;

/** `(?i)`, `(?is)`, `(?i:…)`: flags RE2 takes inside a pattern and JavaScript does not. */
const INLINE_FLAGS = /\(\?[imsU]+(?:-[imsU]+)?([:)])/g;

function withoutInlineFlags(pattern: string): string {
  return pattern.replace(INLINE_FLAGS, (_, end: string) => (end === ':' ? '(?:' : ''));
}

/** What a pattern Segment accepts may still do elsewhere, one warning each. */
export function patternWarnings(pattern: string): string[] {
  const flags = pattern.match(INLINE_FLAGS);
  if (!flags) return [];
  return [
    `uses ${flags.join(', ')}: Segment's engine (RE2) accepts inline flags, but JavaScript does not, so analytics.js validators and typewriter's generated checks will reject the pattern`,
  ];
}
