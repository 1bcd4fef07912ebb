/**
 * Where each CSV row starts in the file, as a line number. A row is one line until a quoted cell holds a line
 * break (a description, Allowed Values one per line); from there on a row's number and its line differ, and a
 * tool that points at the file (GitHub's annotations) needs the line.
 */
import { decodeCsv, detectDelimiter } from './csv';

/** The 1-based line each row of `parseCsv(text, delimiter)` starts on; the scan follows parseCsv's rules. */
export function csvRowLines(text: string, delimiter: string): number[] {
  const starts: number[] = [];
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let line = 1;
  let rowStart = 1;
  let quoted = false;
  // What parseCsv's `field === ''` and `row.length > 0` would say: a quote opens quoting only at a field's start.
  let fieldEmpty = true;
  let rowEmpty = true;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    const lineBreak = c === '\n' || (c === '\r' && input[i + 1] !== '\n');
    if (lineBreak) line++;
    if (quoted) {
      if (c !== '"') fieldEmpty = false;
      else if (input[i + 1] === '"') {
        fieldEmpty = false;
        i++;
      } else quoted = false;
    } else if (c === '"' && fieldEmpty) quoted = true;
    else if (c === delimiter) {
      fieldEmpty = true;
      rowEmpty = false;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') continue;
      starts.push(rowStart);
      rowStart = line;
      fieldEmpty = true;
      rowEmpty = true;
    } else fieldEmpty = false;
  }
  if (!fieldEmpty || !rowEmpty) starts.push(rowStart);
  return starts;
}

/** csvRowLines for a CSV file's bytes, decoded and split as readWorkbook reads them. */
export function csvFileRowLines(bytes: Uint8Array): number[] {
  const text = decodeCsv(bytes);
  return csvRowLines(text, detectDelimiter(text));
}
