/**
 * Segment calls to check, from what people have at hand: a JSON array (an export), newline-delimited JSON (a
 * warehouse sample, a log), or one object (a payload copied from Segment's debugger). A line that cannot be read is
 * reported with its number and the rest are still read. The text may come in pieces (a file or standard input read
 * as a stream): each call is handed over as soon as it is whole, so a day of production events is never held at once.
 */
import { isJsonObject, JsonObject, JsonValue } from '../json/json';
import { ArrayItemSplitter, ArrayPiece, JsonNesting } from './array-items';
import { shortJson } from './shown';

export type CallType = 'track' | 'identify' | 'group' | 'page' | 'screen';
const CALL_TYPES: readonly string[] = ['track', 'identify', 'group', 'page', 'screen'];

export interface Call {
  /** Where the call is: its line in NDJSON, its place (1-based) in an array. */
  at: string;
  type: CallType;
  message: JsonObject;
}

export interface UnreadableCall {
  at: string;
  message: string;
}

export interface ReadCalls {
  calls: Call[];
  unreadable: UnreadableCall[];
}

/**
 * The longest call kept in memory, in characters. Segment takes calls of up to 32 KB; a line or item far beyond
 * that is no call (a file in the wrong format, a line break missing), and holding it could exhaust memory.
 */
export const MAX_CALL_CHARS = 1 << 20;
const TOO_LONG = `is over ${MAX_CALL_CHARS.toLocaleString('en')} characters long, so it was not read (Segment takes calls of up to 32 KB).`;

/** One parsed value as a call, or why it is not one. */
function asCall(value: JsonValue, at: string): Call | UnreadableCall {
  if (!isJsonObject(value)) return { at, message: 'is not a JSON object: a Segment call is an object with a "type".' };
  const declared = value.type;
  // Analytics libraries always send a type; a bare {event, properties} from a spreadsheet is a track call.
  const type = declared === undefined && typeof value.event === 'string' ? 'track' : declared;
  if (typeof type !== 'string' || !CALL_TYPES.includes(type)) {
    const shown = declared === undefined ? 'no "type"' : `"type" ${shortJson(declared)}`;
    return { at, message: `has ${shown}: expected one of ${CALL_TYPES.join(', ')}.` };
  }
  return { at, type: type as CallType, message: value };
}

function parsed(text: string, at: string): Call | UnreadableCall {
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch (e) {
    return { at, message: `is not valid JSON: ${(e as Error).message}` };
  }
  return asCall(value, at);
}

export function isCall(read: Call | UnreadableCall): read is Call {
  return 'type' in read;
}

/** The first value of NDJSON input when it spans lines: a pretty-printed payload copied from the debugger. */
interface SpanningValue {
  start: number;
  lines: string[];
  chars: number;
  nesting: JsonNesting;
}

/**
 * Reads calls from text handed over in pieces (`read` each piece, then `end`), in bounded memory: one line or item,
 * and never more than MAX_CALL_CHARS of it. What the input is (array or lines) is decided by its first character.
 */
export class CallReader {
  private mode: 'start' | 'lines' | 'array' = 'start';
  private array: ArrayItemSplitter | null = null;
  /** The number of the line being assembled, and its text so far (null when it grew too long to keep). */
  private line = 1;
  private partial: string | null = '';
  private valueSeen = false;
  private spanning: SpanningValue | null = null;
  /** Lines held as one object that was not one, being read again one by one: none starts an object again. */
  private rereading = false;
  private bomChecked = false;

  *read(chunk: string): Generator<Call | UnreadableCall> {
    if (this.mode === 'start') {
      // A byte order mark (Excel and Notepad write one) is no part of the first line.
      if (!this.bomChecked && chunk !== '') {
        this.bomChecked = true;
        if (chunk.startsWith('\uFEFF')) chunk = chunk.slice(1);
      }
      const first = chunk.search(/\S/);
      if (first < 0) {
        this.line += countLineBreaks(chunk, chunk.length);
        return;
      }
      if (chunk[first] === '[') {
        this.mode = 'array';
        this.array = new ArrayItemSplitter(MAX_CALL_CHARS);
        yield* this.items(this.array.read(chunk.slice(first + 1)));
        return;
      }
      this.mode = 'lines';
      const lineStart = chunk.lastIndexOf('\n', first) + 1;
      this.line += countLineBreaks(chunk, lineStart);
      chunk = chunk.slice(lineStart);
    }
    if (this.array) yield* this.items(this.array.read(chunk));
    else yield* this.lines(chunk);
  }

  *end(): Generator<Call | UnreadableCall> {
    if (this.mode === 'start') {
      yield { at: 'input', message: 'is empty: no calls to check.' };
    } else if (this.array) {
      yield* this.items(this.array.end());
    } else {
      if (this.partial !== '') yield* this.onLine(this.partial, this.line);
      if (this.spanning) yield* this.lineByLine(this.spanning);
    }
  }

  private *items(pieces: Iterable<ArrayPiece>): Generator<Call | UnreadableCall> {
    for (const piece of pieces) {
      if (piece.kind === 'item') yield parsed(piece.text, `item ${piece.item}`);
      else if (piece.kind === 'too long') yield { at: `item ${piece.item}`, message: TOO_LONG };
      else yield { at: 'input', message: piece.message };
    }
  }

  private *lines(chunk: string): Generator<Call | UnreadableCall> {
    let start = 0;
    for (;;) {
      const lineBreak = chunk.indexOf('\n', start);
      if (lineBreak < 0) {
        this.keep(chunk.slice(start));
        return;
      }
      let text = this.take(chunk.slice(start, lineBreak));
      if (text !== null && text.endsWith('\r')) text = text.slice(0, -1);
      start = lineBreak + 1;
      yield* this.onLine(text, this.line++);
    }
  }

  /** Adds to the line being assembled, unless it is already too long to keep. */
  private keep(text: string): void {
    if (this.partial === null) return;
    this.partial += text;
    if (this.partial.length > MAX_CALL_CHARS) this.partial = null;
  }

  /** The whole line that ends with `last`, or null when it was too long; the next line starts empty. */
  private take(last: string): string | null {
    this.keep(last);
    const text = this.partial;
    this.partial = '';
    return text;
  }

  private *onLine(text: string | null, line: number): Generator<Call | UnreadableCall> {
    // Files joined with `cat` bring each one's byte order mark to the start of a line.
    if (text !== null && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (this.spanning) {
      yield* this.continueSpanning(text, line);
      return;
    }
    if (text === null) {
      yield { at: `line ${line}`, message: TOO_LONG };
      return;
    }
    const read = parsed(text, `line ${line}`);
    // Blank lines separate nothing in NDJSON; JSON.parse refuses them, so they are only looked at when it does.
    if (!isCall(read) && text.trim() === '') return;
    if (!isCall(read) && this.startsSpanning(text, line)) return;
    this.valueSeen = true;
    yield read;
  }

  /**
   * Whether the line opens an object it does not close: then the next lines may be the rest of it. The first line
   * may be any such line (a payload copied from the debugger); after it, only a line that is `{` alone, as
   * pretty-printers (JSON.stringify, jq) start each object of a file of them one after another.
   */
  private startsSpanning(text: string, line: number): boolean {
    const first = !this.valueSeen;
    this.valueSeen = true;
    if (this.rereading || !(first ? text.trimStart().startsWith('{') : text.trim() === '{')) return false;
    const nesting = new JsonNesting();
    if (nesting.next(text, 0, 0) >= 0 || nesting.inString || nesting.depth === 0) return false;
    this.spanning = { start: line, lines: [text], chars: text.length, nesting };
    return true;
  }

  private *continueSpanning(text: string | null, line: number): Generator<Call | UnreadableCall> {
    const spanning = this.spanning as SpanningValue;
    // A call on a line of its own at the margin, not the value of a key just opened, is NDJSON again: what was held
    // was no object (a broken line).
    const awaitsValue = spanning.lines[spanning.lines.length - 1]?.trimEnd().endsWith(':') === true;
    if (text !== null && !awaitsValue && text.startsWith('{') && isCall(parsed(text, ''))) {
      yield* this.lineByLine(spanning);
      yield* this.onLine(text, line);
      return;
    }
    if (text !== null) {
      spanning.lines.push(text);
      spanning.chars += text.length + 1;
      const { nesting } = spanning;
      // A `,` or closer below the top level, or a string left open at a line break, is no pretty-printed object.
      const broken = nesting.next(text, 0, 0) >= 0 || nesting.inString || spanning.chars > MAX_CALL_CHARS;
      if (!broken && nesting.depth > 0) return;
      if (!broken) {
        const read = parsed(spanning.lines.join('\n'), `line ${spanning.start}`);
        if (isCall(read) || !read.message.startsWith('is not valid JSON')) {
          this.spanning = null;
          yield read;
          return;
        }
      }
    }
    yield* this.lineByLine(spanning);
    if (text === null) yield* this.onLine(null, line);
  }

  /** The lines held as one object were not one: each is read on its own, as NDJSON. */
  private *lineByLine(spanning: SpanningValue): Generator<Call | UnreadableCall> {
    this.spanning = null;
    this.rereading = true;
    for (const [i, text] of spanning.lines.entries()) yield* this.onLine(text, spanning.start + i);
    this.rereading = false;
  }
}

function countLineBreaks(text: string, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** The calls in a text, each placed by line (NDJSON) or item (array). */
export function readCalls(text: string): ReadCalls {
  const reader = new CallReader();
  const calls: Call[] = [];
  const unreadable: UnreadableCall[] = [];
  for (const read of [...reader.read(text), ...reader.end()]) {
    if (isCall(read)) calls.push(read);
    else unreadable.push(read);
  }
  return { calls, unreadable };
}
