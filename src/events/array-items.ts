/**
 * The items of a JSON array whose text arrives in pieces (an export of millions of calls, read from a stream): each
 * item's text is handed over as soon as it ends, to be parsed alone, so the array is never held whole. Only what
 * decides where an item ends is tracked: strings (where `,` and `]` mean nothing, and `\"` does not end them) and
 * how deep in objects and arrays the text is. Whether an item is valid JSON is JSON.parse's job, item by item.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Where JSON text stands after the characters seen so far: inside a string (just after a backslash), how deep. */
export class JsonNesting {
  depth = 0;
  inString = false;
  escaped = false;

  /**
   * Follows `text` from `from`, and stops at the first `,` at depth `level`, or at a closing bracket that takes the
   * depth below `level`: returns its index, or -1 when the text ends first. The state carries over to the next
   * piece of text, so an item may be cut anywhere, inside a string or between a backslash and what it escapes.
   */
  next(text: string, from: number, level: number): number {
    // Locals, not fields, in the loop: this runs over every character of a JSON array input.
    let { depth, inString, escaped } = this;
    let found = -1;
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inString = false;
      } else if (c === QUOTE) inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (--depth < level) {
          found = i;
          break;
        }
      } else if (c === COMMA && depth === level) {
        found = i;
        break;
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    return found;
  }
}

export type ArrayPiece =
  /** An item's text (1-based `item`), for JSON.parse. */
  | { kind: 'item'; item: number; text: string }
  /** An item longer than the splitter keeps: skipped, not held. */
  | { kind: 'too long'; item: number }
  /** Something wrong with the array as a whole: not closed, or text after its `]`. */
  | { kind: 'array'; message: string };

/** Splits the text after an array's opening `[` into its items, piece by piece. */
export class ArrayItemSplitter {
  /** Depth 1 is the array itself: its items are separated by the commas at that depth. */
  private readonly nesting = new JsonNesting();
  private parts: string[] = [];
  private length = 0;
  private tooLong = false;
  private items = 0;
  private separators = 0;
  private closed = false;
  private trailingTextSeen = false;

  constructor(private readonly maxItemChars: number) {
    this.nesting.depth = 1;
  }

  *read(chunk: string): Generator<ArrayPiece> {
    let start = 0;
    while (start <= chunk.length) {
      if (this.closed) {
        yield* this.after(chunk, start);
        return;
      }
      const end = this.nesting.next(chunk, start, 1);
      if (end < 0) {
        this.keep(chunk.slice(start));
        return;
      }
      const piece = this.endItem(chunk.slice(start, end));
      const separator = chunk.charCodeAt(end);
      if (separator === COMMA) this.separators++;
      else this.closed = true;
      if (piece) yield piece;
      if (separator === CLOSE_BRACE) yield { kind: 'array', message: 'is not valid JSON: a } closes the array.' };
      start = end + 1;
    }
  }

  *end(): Generator<ArrayPiece> {
    if (this.closed) return;
    // A cut-off export (the end of `head -c`): the items before the cut are still read, the last one if it is whole.
    const piece = this.endItem('');
    if (piece) yield piece;
    yield { kind: 'array', message: 'is not valid JSON: the array has no closing ] (is the file cut off?).' };
  }

  private keep(text: string): void {
    if (this.tooLong) return;
    this.length += text.length;
    if (this.length > this.maxItemChars) {
      this.tooLong = true;
      this.parts = [];
    } else if (text !== '') this.parts.push(text);
  }

  /** The item that ends here (with its text's last piece), or null for the nothing inside `[]`. */
  private endItem(last: string): ArrayPiece | null {
    this.keep(last);
    const text = this.parts.join('');
    const tooLong = this.tooLong;
    this.parts = [];
    this.length = 0;
    this.tooLong = false;
    if (!tooLong && this.items === 0 && this.separators === 0 && text.trim() === '') return null;
    this.items++;
    return tooLong ? { kind: 'too long', item: this.items } : { kind: 'item', item: this.items, text };
  }

  private *after(chunk: string, from: number): Generator<ArrayPiece> {
    if (this.trailingTextSeen || !/\S/.test(chunk.slice(from))) return;
    this.trailingTextSeen = true;
    yield { kind: 'array', message: "is not valid JSON: there is text after the array's closing ]." };
  }
}
