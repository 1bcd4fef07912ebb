/** Sheets' limits and cell rules: sizes, A1 notation, what a written value is stored as, write checks. */
import { columnLetter } from '../plan/problems';
import { AppsScriptException } from './mirror';

/** 1 → "A", 27 → "AA". */
export const columnLetters = (n: number): string => columnLetter(n - 1);

export type Cell = string | number | boolean | Date;

export const NEW_SHEET_ROWS = 1000;
export const NEW_SHEET_COLUMNS = 26;
export const MAX_CELL_CHARS = 50_000;
export const MAX_WORKBOOK_CELLS = 10_000_000;
export const MAX_SHEET_NAME = 100;
export const OUTSIDE_GRID = 'The coordinates of the range are outside the dimensions of the sheet.';

/** "B3" or "B3:D9" as 1-based [row, column, rows, columns]. */
export function parseA1(a1: string): [number, number, number, number] {
  const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(a1.toUpperCase());
  if (!m) throw new AppsScriptException('Range not found');
  const column = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const [r1, c1] = [Number(m[2]), column(m[1])];
  const [r2, c2] = m[3] ? [Number(m[4]), column(m[3])] : [r1, c1];
  return [Math.min(r1, r2), Math.min(c1, c2), Math.abs(r2 - r1) + 1, Math.abs(c2 - c1) + 1];
}

/** Sheets keeps text as Unicode: half of a surrogate pair (an emoji cut in two) is stored as U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** What Sheets stores for a value written as a user would type it: a leading apostrophe keeps text as text. */
export function storedLikeSheets(written: Cell): Cell {
  if (typeof written !== 'string') return written;
  const value = written.replace(LONE_SURROGATE, '\uFFFD');
  if (value.startsWith("'")) return value.slice(1);
  if (/^[+-]?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  if (/^[=+\-@]/.test(value)) return '#ERROR!';
  return value;
}

export function checkCellText(value: unknown): void {
  if (typeof value === 'string' && value.length > MAX_CELL_CHARS) {
    throw new AppsScriptException(`Your input contains more than the maximum of ${MAX_CELL_CHARS} characters in a single cell.`);
  }
}

export function checkShape(values: readonly unknown[][], rows: number, columns: number): void {
  if (values.length !== rows) {
    throw new AppsScriptException(
      `The number of rows in the data does not match the number of rows in the range. The data has ${values.length} but the range has ${rows}.`,
    );
  }
  for (const row of values) {
    if (row.length !== columns) {
      throw new AppsScriptException(
        `The number of columns in the data does not match the number of columns in the range. The data has ${row.length} but the range has ${columns}.`,
      );
    }
  }
}

export interface DataValidationRule {
  values: string[];
  allowInvalid: boolean;
}

export function newDataValidation() {
  const rule: DataValidationRule = { values: [], allowInvalid: true };
  const builder = {
    requireValueInList: (values: string[]) => ((rule.values = [...values]), builder),
    setAllowInvalid: (allow: boolean) => ((rule.allowInvalid = allow), builder),
    setHelpText: () => builder,
    build: () => rule,
  };
  return builder;
}
