/** The header row: where it is, and which column holds what (found by header text, in any order). */
import { CellValue, cellText, headerKey } from './cell-values';
import { COLUMNS, ColumnKey } from './columns';
import { columnLetter, Problem, cellProblem, sheetProblem, quoted } from './problems';
import type { ColumnMap } from './row-context';

const HEADER_SEARCH_ROWS = 30;

/** Every accepted header spelling, as `headerKey` writes it, to its column. */
const COLUMN_BY_HEADER: ReadonlyMap<string, ColumnKey> = new Map(
  COLUMNS.flatMap((c) => [headerKey(c.header), ...c.aliases].map((spelling) => [spelling, c.key] as const)),
);

/**
 * The header row: the first of the first 30 rows with a cell reading "Event Name", or another tool's spelling of it
 * (Object Name, Entity Name) beside a second known column, so a title row reading "Event" is not taken for it.
 */
export function headerRowIndex(values: readonly (readonly CellValue[])[]): number | null {
  const limit = Math.min(HEADER_SEARCH_ROWS, values.length);
  for (let r = 0; r < limit; r++) {
    const keys = (values[r] ?? []).map(headerKey);
    if (keys.includes('event name')) return r;
    const known = keys.filter((k) => COLUMN_BY_HEADER.has(k));
    if (known.length >= 2 && known.some((k) => COLUMN_BY_HEADER.get(k) === 'eventName')) return r;
  }
  return null;
}

/** The header's row and column map, or null (with the problem said) when the sheet has no usable header. */
export function readHeader(
  values: readonly (readonly CellValue[])[],
  sheet: string,
  problems: Problem[],
): { row: number; columns: ColumnMap } | null {
  const r = headerRowIndex(values);
  if (r === null) {
    problems.push(
      sheetProblem(
        sheet,
        'error',
        `No header row found: none of the first ${HEADER_SEARCH_ROWS} rows has a cell reading "Event Name". The header row names the columns (Event Name, Property Name, Property Type, ...).`,
      ),
    );
    return null;
  }
  const columns: ColumnMap = {};
  (values[r] ?? []).forEach((value, c) => {
    const label = headerKey(value);
    if (!label) return;
    const key = COLUMN_BY_HEADER.get(label);
    const def = key && COLUMNS.find((d) => d.key === key);
    if (!def) {
      // A column nobody reads loses what it holds without a word: say so at its header.
      problems.push(
        cellProblem(
          sheet,
          r,
          c,
          'warning',
          `Column ${quoted(cellText(value).trim())} is not read, so what it holds is not sent. Rename it to one of ${COLUMNS.map((d) => d.header).join(', ')} (or another tool's spelling of one, such as Data Type or Permitted Values), or delete it.`,
        ),
      );
      return;
    }
    const first = columns[def.key];
    if (first !== undefined) {
      problems.push(
        cellProblem(
          sheet,
          r,
          c,
          'warning',
          `${quoted(cellText(value).trim())} repeats the ${def.header} column ${columnLetter(first)}; this column is ignored.`,
        ),
      );
      return;
    }
    columns[def.key] = c;
  });
  if (columns.propertyName === undefined) {
    problems.push(
      sheetProblem(sheet, 'error', `The header row (row ${r + 1}) has no "Property Name" column. Add a column headed Property Name.`),
    );
    return null;
  }
  return { row: r, columns };
}
