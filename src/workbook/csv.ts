import { findHeader, HeaderFound } from '../plan/header';

/** A CSV file that cannot be read as it is: the message says where and what to do. */
export class CsvError extends Error {}

/** A cell's place in the file: its 1-based line, and the 1-based character in that line where the cell starts. */
interface TextPlace {
  line: number;
  col: number;
}

/**
 * Where each cell of a parsed CSV starts in the file. A row is one line until a quoted cell holds a line break (a
 * description, Allowed Values one per line); from there on a row's number and its line differ, and a tool that
 * points at the file (GitHub's annotations) needs the line and the column in it.
 */
export class CsvCellPlaces {
  /** Where each row's cells start in `lines` and `cols`. */
  private readonly rowStarts: number[] = [];
  private readonly lines: number[] = [];
  private readonly cols: number[] = [];
  private rowStart = 0;

  addCell(line: number, col: number): void {
    this.lines.push(line);
    this.cols.push(col);
  }

  endRow(): void {
    this.rowStarts.push(this.rowStart);
    this.rowStart = this.lines.length;
  }

  /** The place of a cell (0-based row and column); a column past the row's last cell is placed at the row's start. */
  at(row: number, column: number): TextPlace | null {
    const start = this.rowStarts[row];
    if (start === undefined) return null;
    const end = this.rowStarts[row + 1] ?? this.lines.length;
    const i = start + column < end ? start + column : start;
    return { line: this.lines[i] ?? 1, col: this.cols[i] ?? 1 };
  }
}

/** The row every blank line is read as; never changed (the grid is copied from the rows, not into them). */
const BLANK_ROW: string[] = [''];

/**
 * RFC 4180 CSV with the given delimiter: quoted fields may hold delimiters, quotes ("") and line breaks. A quote
 * that never closes is an error naming the row where it opened: read on, it would swallow the rest of the file
 * into one cell, and the events in it would silently be gone. `places`, when given, learns where each cell starts.
 * `maxRows` stops after that many rows (a look at the file's top).
 */
export function parseCsv(
  text: string,
  delimiter = ',',
  places?: CsvCellPlaces,
  maxRows = Infinity,
  onRow?: (index: number, row: readonly string[]) => void,
): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let lineStart = 0;
  let openedOn = 0;
  let fieldLine = 1;
  let fieldCol = 1;
  const endField = (next: number) => {
    row.push(field);
    places?.addCell(fieldLine, fieldCol);
    field = '';
    fieldLine = line;
    fieldCol = next - lineStart + 1;
  };
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < input.length && rows.length < maxRows; i++) {
    const c = input[i];
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        field += c;
        if (c === '\n' || (c === '\r' && input[i + 1] !== '\n')) {
          line++;
          lineStart = i + 1;
        }
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      openedOn = line;
    } else if (c === delimiter) {
      endField(i + 1);
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      line++;
      lineStart = i + 1;
      endField(i + 1);
      onRow?.(rows.length, row);
      // A blank line is one shared row: a file of many blank lines costs no array for each. Any other row is kept as
      // an exact-size copy: an array grown by push keeps spare room (a 2,000,001-line file peaked at 537 MB, not 263).
      rows.push(row.length === 1 && row[0] === '' ? BLANK_ROW : row.slice());
      places?.endRow();
      row = [];
    } else field += c;
  }
  if (quoted) {
    throw new CsvError(
      `the quoted cell that opens on row ${openedOn} never closes, so everything after it would be read as one cell. Close the quote (a quote inside a quoted cell is written "").`,
    );
  }
  if (rows.length < maxRows && (field !== '' || row.length > 0)) {
    endField(input.length);
    onRow?.(rows.length, row);
    rows.push(row);
    places?.endRow();
  }
  return rows;
}

const DELIMITERS = [',', ';', '\t'] as const;

/** Rows read to find the header under each delimiter: the header is looked for in the first 30. */
const TOP_ROWS = 30;

/**
 * The delimiter of a CSV file (European Excel writes ";", some exports a tab): the one under which a header row is
 * found, the likeliest header winning (so a title line "Events; v2" above a comma header does not make it a
 * semicolon file). Without a header under any, the one the first line naming an event uses most.
 */
export function detectDelimiter(text: string): string {
  let best: { delimiter: string; header: HeaderFound } | null = null;
  for (const delimiter of DELIMITERS) {
    let top: string[][];
    try {
      top = parseCsv(text, delimiter, undefined, TOP_ROWS);
    } catch (e) {
      // Read with the wrong delimiter, a quote can seem to open mid-file and never close: not this delimiter.
      if (e instanceof CsvError) continue;
      throw e;
    }
    const header = findHeader(top);
    if (header && (!best || likelier(header, best.header))) best = { delimiter, header };
  }
  return best?.delimiter ?? mostUsedDelimiter(text);
}

function likelier(a: HeaderFound, b: HeaderFound): boolean {
  return a.likeness !== b.likeness ? a.likeness > b.likeness : a.known > b.known;
}

function mostUsedDelimiter(text: string): string {
  const lines = text.split(/\r\n|\r|\n/, TOP_ROWS);
  const header = lines.find((l) => /event\s*name/i.test(l)) ?? lines[0] ?? '';
  const outsideQuotes = header.replace(/"[^"]*"/g, '');
  let best: string = ',';
  let most = 0;
  for (const d of DELIMITERS) {
    const count = outsideQuotes.split(d).length - 1;
    if (count > most) {
      best = d;
      most = count;
    }
  }
  return best;
}

/**
 * The text of a CSV file's bytes: UTF-8 (with or without a BOM) or UTF-16 (with a BOM, or detected by its zero
 * bytes). Anything else (Excel on Windows saves Windows-1252 by default) is an error rather than mangled letters
 * uploaded to Segment.
 */
export function decodeCsv(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const sample = bytes.subarray(0, 200);
  const zerosAt = (parity: number) => sample.filter((b, i) => b === 0 && i % 2 === parity).length;
  if (sample.length >= 4 && zerosAt(1) > sample.length / 4) return new TextDecoder('utf-16le').decode(bytes);
  if (sample.length >= 4 && zerosAt(0) > sample.length / 4) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Decoded leniently, the first replacement character marks where the encoding goes wrong.
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const row = lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD'))).split('\n').length;
    throw new CsvError(
      `it is not UTF-8 text (row ${row} has a character in another encoding, such as Excel's Windows default). Save it again as "CSV UTF-8 (Comma delimited)".`,
    );
  }
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** What Excel and Sheets run as a formula when a CSV cell starts with it. */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A cell as CSV may hold it without a spreadsheet running it: text that starts like a formula gets a leading
 * apostrophe (OWASP's CSV injection advice), and so does text that already starts with one, so it reads back
 * exactly. Plain numbers (-5) stay as they are.
 */
export function escapeFormula(value: string): string {
  if (PLAIN_NUMBER.test(value)) return value;
  if (FORMULA_START.test(value) || (value.startsWith("'") && FORMULA_START.test(value.slice(1)))) return `'${value}`;
  return value;
}

/** The cell escapeFormula was given. */
export function unescapeFormula(value: string): string {
  return value.startsWith("'") && (FORMULA_START.test(value.slice(1)) || (value[1] === "'" && FORMULA_START.test(value.slice(2))))
    ? value.slice(1)
    : value;
}
