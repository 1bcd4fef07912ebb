export type Severity = 'error' | 'warning';

/**
 * One thing wrong with the sheet, pointing at the cell as Sheets shows it (`E7`).
 * row/column/cell are null only for sheet-wide problems (no header row, a missing column).
 */
export interface Problem {
  sheet: string;
  row: number | null;
  column: string | null;
  cell: string | null;
  severity: Severity;
  message: string;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** "A" for 0, "Z" for 25, "AA" for 26: the letters Sheets puts above a column. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

export function cellProblem(sheet: string, rowIndex: number, columnIndex: number, severity: Severity, message: string): Problem {
  const column = columnLetter(columnIndex);
  const row = rowIndex + 1;
  return { sheet, row, column, cell: `${column}${row}`, severity, message };
}

export function sheetProblem(sheet: string, severity: Severity, message: string): Problem {
  return { sheet, row: null, column: null, cell: null, severity, message };
}

/** "Tracking Plan!E7: message" — the form used in dialogs, CLI output and notes. */
export function formatProblem(p: Problem): string {
  const where = p.cell ? `${p.sheet}!${p.cell}` : p.sheet;
  return `${where} ${p.severity}: ${p.message}`;
}

/** Problems in the order of the sheet: sheet-wide first, then by row, then by column. */
export function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort(byPosition);
}

function byPosition(a: Problem, b: Problem): number {
  if (a.row === null || b.row === null) return (a.row === null ? 0 : 1) - (b.row === null ? 0 : 1);
  if (a.row !== b.row) return a.row - b.row;
  const ac = a.column ?? '';
  const bc = b.column ?? '';
  return ac.length - bc.length || (ac < bc ? -1 : ac > bc ? 1 : 0);
}
