/**
 * Text from calls, made safe for a terminal. An event name may hold a line break (a forged summary line below the
 * real one), an escape sequence (ESC ] 0; sets the window title, ESC [ 2J clears the screen), BEL, or a bidi
 * control (U+202E shows `gnp.exe` as `exe.png`): each is written as a visible escape instead.
 */

// C0 and C1 controls, DEL, the line and paragraph separators, and the bidi marks, embeddings, overrides and isolates.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function visible(text: string): string {
  return text.replace(INVISIBLE, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
