// Calls read from a stream: wherever the text is cut into pieces (a read of a file, a pipe's buffer), the calls,
// their line and item numbers, and what cannot be read come out as they do from the whole text at once.
import fc from 'fast-check';
import { Call, CallReader, MAX_CALL_CHARS, readCalls, UnreadableCall } from '../../src/events/read-calls';

type Read = Call | UnreadableCall;

/** What a reader makes of the text handed over in these pieces. */
function readPieces(pieces: readonly string[]): Read[] {
  const reader = new CallReader();
  const out: Read[] = [];
  for (const piece of pieces) out.push(...reader.read(piece));
  out.push(...reader.end());
  return out;
}

const whole = (text: string): Read[] => readPieces([text]);

/** The text cut at these places (sorted, possibly repeated: an empty piece is a read that brought nothing). */
function cut(text: string, at: readonly number[]): string[] {
  const places = [...at].map((p) => p % (text.length + 1)).sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const p of places) {
    pieces.push(text.slice(from, p));
    from = p;
  }
  pieces.push(text.slice(from));
  return pieces;
}

/** The text cut in two at every place, and in single characters. */
function expectSameWhereverCut(text: string): void {
  const expected = whole(text);
  // Compared as JSON first: a deep toEqual at each of thousands of cuts would make this test slow.
  const same = (reads: Read[]) => JSON.stringify(reads) === JSON.stringify(expected) || expect(reads).toEqual(expected);
  for (let p = 0; p <= text.length; p++) same(readPieces([text.slice(0, p), text.slice(p)]));
  same(readPieces([...text]));
}

/** What Segment's libraries send: an object with a call type, or (from a spreadsheet) an event name and no type. */
function isCallShaped(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { type, event } = value as Record<string, unknown>;
  return ['track', 'identify', 'group', 'page', 'screen'].includes(type as string) || (type === undefined && typeof event === 'string');
}

const placed = (reads: Read[]) => reads.map((r) => ('type' in r ? [r.at, r.type] : [r.at, r.message]));

// Strings that mean something to a splitter that does not track them: separators, brackets, escapes, quotes.
const tricky = fc.constantFrom('', ',', ']', '[', '}', '{', '\\', '"', '\\"', 'a,b]', 'é', '😀', '\n', '\u2028');
const callLike = fc.record(
  {
    type: fc.constantFrom('track', 'identify', 'page', 'alias'),
    event: fc.oneof(fc.string({ maxLength: 6 }), tricky),
    properties: fc.dictionary(fc.oneof(fc.string({ maxLength: 4 }), tricky), fc.oneof(fc.jsonValue({ maxDepth: 2 }), tricky), {
      maxKeys: 3,
    }),
  },
  { requiredKeys: ['type'] },
);
const item = fc.oneof({ weight: 4, arbitrary: callLike }, fc.jsonValue({ maxDepth: 2 }));

describe('a JSON array read in pieces', () => {
  it('gives every item, numbered, wherever the pieces are cut (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 4 }), fc.boolean(), (items, pretty) => {
        const text = JSON.stringify(items, null, pretty ? 2 : undefined);
        const reads = whole(text);
        // The same as the array parsed whole, item by item.
        expect(reads.map((r) => r.at)).toEqual(items.map((_, i) => `item ${i + 1}`));
        expect(reads.filter((r): r is Call => 'type' in r).map((c) => c.message)).toEqual(items.filter(isCallShaped));
        expectSameWhereverCut(text);
      }),
      { numRuns: 100 },
    );
  });

  it('gives the same at any number of cuts (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 12 }), (items, at) => {
        const text = `\uFEFF\n ${JSON.stringify(items)}\n`;
        expect(readPieces(cut(text, at))).toEqual(whole(text));
      }),
    );
  });

  it('names a broken item and reads the rest; says when the array is cut off or followed by text', () => {
    expect(placed(whole('[{"event": "A"}, {"event": }, {"event": "B"}]'))).toEqual([
      ['item 1', 'track'],
      ['item 2', expect.stringMatching(/^is not valid JSON: /)],
      ['item 3', 'track'],
    ]);
    expect(placed(whole('[{"event": "A"}, {"event": "B"'))).toEqual([
      ['item 1', 'track'],
      ['item 2', expect.stringMatching(/^is not valid JSON: /)],
      ['input', 'is not valid JSON: the array has no closing ] (is the file cut off?).'],
    ]);
    expect(placed(whole('[{"event": "A"}] {"event": "B"}'))).toEqual([
      ['item 1', 'track'],
      ['input', "is not valid JSON: there is text after the array's closing ]."],
    ]);
    expect(whole('[]')).toEqual([]);
    expect(placed(whole('[1,]'))).toEqual([
      ['item 1', 'is not a JSON object: a Segment call is an object with a "type".'],
      ['item 2', expect.stringMatching(/^is not valid JSON: /)],
    ]);
  });
});

describe('NDJSON read in pieces', () => {
  const line = fc.oneof(
    { weight: 5, arbitrary: callLike.map((c) => JSON.stringify(c)) },
    fc.constantFrom('', '   ', '{"type": "track", "event": ', 'not json', '[1, 2]', '{"type": "alias"}', '}', '{'),
  );

  it('keeps each line its number, whatever the pieces and line ends (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), (lines, end, bom) => {
        // Input that starts with `[` is an array; a first line that leaves an object open (`{`, or a call cut after
        // `"event": `) may go on over the next lines, as the test below shows.
        const first = lines.find((l) => l.trim() !== '') ?? '';
        // After the first value, a line that is `{` alone starts a pretty-printed object (a file of them).
        fc.pre(first.trim() !== '{' && !first.trimEnd().endsWith(':') && !/^\s*\[/.test(lines.join('')));
        fc.pre(!lines.some((l) => l.trim() === '{'));
        const text = `${bom ? '\uFEFF' : ''}${lines.join(end)}`;
        const numbered = lines.flatMap((l, i) => (l.trim() === '' ? [] : [`line ${i + 1}`]));
        const expected = numbered.length > 0 ? numbered : ['input'];
        expect(whole(text).map((r) => r.at)).toEqual(expected);
        expectSameWhereverCut(text);
      }),
      { numRuns: 100 },
    );
  });

  it('reads a first line left open and the lines that close it as one call at line 1', () => {
    // Found by the property above (seed 1314811998): four lines, the first three one object.
    const text = ['{"type": "track", "event": ', '{"type":"track"}', '}', '{"type":"track"}'].join('\n');
    expect(placed(whole(text))).toEqual([
      ['line 1', 'track'],
      ['line 4', 'track'],
    ]);
    expectSameWhereverCut(text);
  });

  it('reads one pretty-printed payload (from the debugger) as line 1, wherever it is cut', () => {
    const payload = JSON.stringify({ type: 'track', event: 'Order Completed', properties: { note: 'a } and a {' } }, null, 2);
    expect(placed(whole(payload))).toEqual([['line 1', 'track']]);
    expectSameWhereverCut(payload);
    expectSameWhereverCut(`\r\n${payload.replace(/\n/g, '\r\n')}\r\n`);
  });

  it('reads the lines of a first object that never closes one by one, each with its number', () => {
    const text = ['{"type": "track",', '{"type": "track", "event": "A"}', '', '{"type": "identify"}'].join('\n');
    expect(placed(whole(text))).toEqual([
      ['line 1', expect.stringMatching(/^is not valid JSON: /)],
      ['line 2', 'track'],
      ['line 4', 'identify'],
    ]);
    expectSameWhereverCut(text);
  });

  it('does not hold a line longer than any call: it is named and skipped', () => {
    const long = `{"type": "track", "event": "A", "properties": {"x": "${'y'.repeat(MAX_CALL_CHARS)}"}}`;
    const good = '{"type": "track", "event": "B"}';
    const pieces = cut(`${good}\n${long}\n${good}`, [10, 5000, MAX_CALL_CHARS / 2, MAX_CALL_CHARS + 100]);
    expect(placed(readPieces(pieces))).toEqual([
      ['line 1', 'track'],
      ['line 2', expect.stringMatching(/^is over 1,048,576 characters long/)],
      ['line 3', 'track'],
    ]);
    expect(placed(readPieces(cut(`[${good}, ${long}, ${good}]`, [7, 300_000, 900_000])))).toEqual([
      ['item 1', 'track'],
      ['item 2', expect.stringMatching(/^is over 1,048,576 characters long/)],
      ['item 3', 'track'],
    ]);
  });

  it('empty input says so', () => {
    expect(readPieces(['', ' \n', '\n'])).toEqual([{ at: 'input', message: 'is empty: no calls to check.' }]);
    expect(readCalls('\uFEFF').unreadable).toEqual([{ at: 'input', message: 'is empty: no calls to check.' }]);
  });
});
