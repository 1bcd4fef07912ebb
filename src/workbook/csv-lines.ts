/**
 * Where each CSV cell starts in the file, as a line and a character column. A row is one line until a quoted cell
 * holds a line break (a description, Allowed Values one per line); from there on a row's number and its line
 * differ, and a tool that points at the file (GitHub's annotations) needs the line and the column in it.
 */
import { decodeCsv, detectDelimiter } from './csv';

/** A cell's place in the text: its 1-based line, and the 1-based character in that line where the cell starts. */
export interface TextPlace {
  line: number;
  col: number;
}

/** The places of the cells of `parseCsv(text, delimiter)`, row by row (0-based row and column indexes). */
export class CsvCellPlaces {
  /** Where each row's cells start in `lines` and `cols`. */
  private readonly rowStarts: number[] = [];
  private readonly lines: number[] = [];
  private readonly cols: number[] = [];

  startRow(): void {
    this.rowStarts.push(this.lines.length);
  }

  addCell(line: number, col: number): void {
    this.lines.push(line);
    this.cols.push(col);
  }

  get rows(): number {
    return this.rowStarts.length;
  }

  /** The place of a cell; a column past the row's last cell is placed at the row's start. */
  at(row: number, column: number): TextPlace | null {
    const start = this.rowStarts[row];
    if (start === undefined) return null;
    const end = this.rowStarts[row + 1] ?? this.lines.length;
    const i = start + column < end ? start + column : start;
    return { line: this.lines[i] ?? 1, col: this.cols[i] ?? 1 };
  }
}

/** The scan follows parseCsv's rules: a quote opens quoting only at a cell's start; every line break ends a row. */
export function csvCellPlaces(text: string, delimiter: string): CsvCellPlaces {
  const places = new CsvCellPlaces();
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let line = 1;
  let lineStart = 0;
  let quoted = false;
  // What parseCsv's `field === ''` and `row.length > 0` would say.
  let fieldEmpty = true;
  let rowEmpty = true;
  // The row being scanned: [line, col] of each cell's start.
  let pending: number[] = [1, 1];
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
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
      pending.push(line, i + 1 - lineStart + 1);
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      flush(places, pending);
      fieldEmpty = true;
      rowEmpty = true;
      line++;
      lineStart = i + 1;
      pending = [line, 1];
      continue;
    } else fieldEmpty = false;
    // A line break inside a quoted cell: the next cells are on a later line.
    if (quoted && (c === '\n' || (c === '\r' && input[i + 1] !== '\n'))) {
      line++;
      lineStart = i + 1;
    }
  }
  if (!fieldEmpty || !rowEmpty) flush(places, pending);
  return places;
}

function flush(places: CsvCellPlaces, pending: readonly number[]): void {
  places.startRow();
  for (let k = 0; k + 1 < pending.length; k += 2) places.addCell(pending[k] ?? 1, pending[k + 1] ?? 1);
}

/** csvCellPlaces for a CSV file's bytes, decoded and split as readWorkbook reads them. */
export function csvFileCellPlaces(bytes: Uint8Array): CsvCellPlaces {
  const text = decodeCsv(bytes);
  return csvCellPlaces(text, detectDelimiter(text));
}
