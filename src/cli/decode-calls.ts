/**
 * The calls file's bytes as text, piece by piece. UTF-8 unless it starts with a UTF-16 byte order mark (PowerShell's
 * `>` and Windows' Notepad write UTF-16LE with one): the encoding is known from the first two bytes, so those are
 * held until both have come. A character cut between two reads is decoded whole, from the next (`stream: true`).
 */

import { TextDecoder } from 'util';

/** A failure to read the calls (not to check them): the file went away, a disk error, a closed pipe. */
export class SourceReadError extends Error {}

/** A file error's code (ENOENT) or, failing that, its message: what the CLI says about a file it cannot read. */
export function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}

function encodingOf(start: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (start[0] === 0xff && start[1] === 0xfe) return 'utf-16le';
  if (start[0] === 0xfe && start[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

export async function* decodedCalls(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  let decoder: TextDecoder | null = null;
  // The first bytes, until there are two: enough to tell the encoding.
  let start: Uint8Array = new Uint8Array(0);
  const chunks = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<Uint8Array | string>;
      try {
        next = await chunks.next();
      } catch (e) {
        throw new SourceReadError(errorCode(e));
      }
      if (next.done) break;
      if (typeof next.value === 'string') {
        yield next.value;
        continue;
      }
      let bytes = next.value;
      if (!decoder) {
        bytes = concat(start, bytes);
        if (bytes.length < 2) {
          start = bytes;
          continue;
        }
        // The decoder drops the byte order mark it is made for.
        decoder = new TextDecoder(encodingOf(bytes));
      }
      yield decoder.decode(bytes, { stream: true });
    }
  } finally {
    // Stopped early (a check threw): the file is closed all the same.
    await chunks.return?.();
  }
  const rest = decoder ? decoder.decode() : new TextDecoder('utf-8').decode(start);
  if (rest !== '') yield rest;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}
