/**
 * Segment calls to check, from what people have at hand: a JSON array (an export), newline-delimited JSON (a
 * warehouse sample, a log), or one object (a payload copied from Segment's debugger). A line that cannot be read is
 * reported with its number and the rest are still read.
 */
import { isJsonObject, JsonObject, JsonValue } from '../json/json';

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

/** One parsed value as a call, or why it is not one. */
function asCall(value: JsonValue, at: string): Call | UnreadableCall {
  if (!isJsonObject(value)) return { at, message: 'is not a JSON object: a Segment call is an object with a "type".' };
  const declared = value.type;
  // Analytics libraries always send a type; a bare {event, properties} from a spreadsheet is a track call.
  const type = declared === undefined && typeof value.event === 'string' ? 'track' : declared;
  if (typeof type !== 'string' || !CALL_TYPES.includes(type)) {
    const shown = declared === undefined ? 'no "type"' : `"type" ${JSON.stringify(declared)}`;
    return { at, message: `has ${shown}: expected one of ${CALL_TYPES.join(', ')}.` };
  }
  return { at, type: type as CallType, message: value };
}

function collect(results: (Call | UnreadableCall)[]): ReadCalls {
  const calls: Call[] = [];
  const unreadable: UnreadableCall[] = [];
  for (const r of results) {
    if ('type' in r) calls.push(r);
    else unreadable.push(r);
  }
  return { calls, unreadable };
}

/** The calls in a text, each placed by line (NDJSON) or item (array). */
export function readCalls(text: string): ReadCalls {
  const body = text.replace(/^\uFEFF/, '');
  const trimmed = body.trim();
  if (trimmed === '') return { calls: [], unreadable: [{ at: 'input', message: 'is empty: no calls to check.' }] };
  if (trimmed.startsWith('[')) {
    let parsed: JsonValue;
    try {
      parsed = JSON.parse(trimmed) as JsonValue;
    } catch (e) {
      return { calls: [], unreadable: [{ at: 'input', message: `is not valid JSON: ${(e as Error).message}` }] };
    }
    const items = Array.isArray(parsed) ? parsed : [];
    return collect(items.map((item, i) => asCall(item, `item ${i + 1}`)));
  }
  // A payload copied from the debugger is one object over many lines; NDJSON (one object a line) does not parse
  // as a whole, and is read line by line so a broken line is named.
  if (trimmed.startsWith('{')) {
    try {
      return collect([asCall(JSON.parse(trimmed) as JsonValue, 'line 1')]);
    } catch {
      // Several objects, or a broken one: line by line below.
    }
  }
  const results: (Call | UnreadableCall)[] = [];
  body.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const at = `line ${i + 1}`;
    try {
      results.push(asCall(JSON.parse(line) as JsonValue, at));
    } catch (e) {
      results.push({ at, message: `is not valid JSON: ${(e as Error).message}` });
    }
  });
  return collect(results);
}
