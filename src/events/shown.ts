/**
 * Values from calls, shown in a few characters: a call may hold a value nested 10,000 deep or 50 MB long, and
 * neither JSON.stringify (recursive: it overflows the stack) nor the whole text (memory) is bounded by anything
 * but the call. This writes JSON text from a stack of pending pieces and stops once it has enough.
 */
import type { JsonValue } from '../json/json';

/** Pending work: a value to write, or literal text (a bracket, a comma, a key). */
type Piece = { value: JsonValue } | string;

/**
 * The value's JSON text, cut to at most `max` characters (the last three `...` when cut). The work done is bounded
 * by `max`, not by the value: it stops once the text is long enough, and never recurses.
 */
export function shortJson(value: JsonValue, max = 80): string {
  let text = '';
  const stack: Piece[] = [{ value }];
  // One character beyond `max` is enough to know the text must be cut.
  while (stack.length > 0 && text.length <= max) {
    const piece = stack.pop() as Piece;
    if (typeof piece === 'string') {
      text += piece;
      continue;
    }
    const v = piece.value;
    if (Array.isArray(v)) {
      stack.push(']');
      // Items pushed last first, and only as many as could still show.
      const items = v.slice(0, max).reverse();
      items.forEach((item, i) => {
        stack.push({ value: item });
        if (i < items.length - 1) stack.push(',');
      });
      text += '[';
    } else if (v !== null && typeof v === 'object') {
      const members = Object.entries(v).slice(0, max).reverse();
      stack.push('}');
      members.forEach(([key, member], i) => {
        stack.push({ value: member });
        stack.push(`${quoted(key, max)}:`);
        if (i < members.length - 1) stack.push(',');
      });
      text += '{';
    } else if (typeof v === 'string') text += quoted(v, max);
    else text += JSON.stringify(v);
  }
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/** A string as JSON, from no more of it than can show. */
function quoted(text: string, max: number): string {
  return JSON.stringify(text.length > max ? text.slice(0, max) : text).slice(0, text.length > max ? -1 : undefined);
}
